"""The workshop driven as a team would drive it: typed answers, answers files, no input."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxplan.api import check_plan, plan_status
from cxplan.interview.asker import ScriptedAsker
from cxplan.interview.run import run_workshop
from cxplan.library.scaffold import create
from cxplan.plan.load import load

Invoke = Callable[..., Any]

ENTER = ""


def typed(*answers: str) -> str:
    """The keystrokes of a series of answers, each ended by Enter."""
    return "".join(f"{a}\n" for a in answers)


# The answers a team gives on a new hotel plan, keyed by the question (a question the script
# does not expect fails the test): steps 4-6 come from the starter library, which the team
# reads through and keeps (k) as they are.
HOTEL_SCRIPT: dict[str, Any] = {
    # step 1
    "Sponsor: who owns the CX strategy?": "Maria López",
    "Sponsor's role": "General manager",
    "Add a leadership commitment now?": True,
    "New leadership commitment: Leader's name": "Maria López",
    "Leader's role": ENTER,  # the sponsor's role, which the plan knows
    "What does this leader commit to?": "Put guests before paperwork",
    "Visible behaviours": "Works one front-desk shift a month; Reads every review",
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list (leadership": "",
    # step 2
    "Vision: where are we heading?": "The seaside hotel guests return to every year",
    "By when?": "2028",
    "Add a unifying aim": ["Repeat guests above 40%", "NPS above 60", ""],
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list (unifying aims)": "",
    # step 3
    "Add a customer segment now?": True,
    "New customer segment: Segment name": "Family on holiday",
    "What do they need?": "Rooms that sleep four; Early breakfast",
    "What do they want?": "Pool towels",
    "Their pain points": "Check-in queues",
    "Their challenges": "Tired children",
    "What do they expect?": "Room ready at 15:00",
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
    "(customer segments)": "",
    "The experience we will deliver": "Relaxed from the first minute",
    "What do we promise?": "Your room ready at 15:00, or dinner is on us",
    "Add a physical element": ["Sea-view terrace", ""],
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list (physical": "",
    "Add an emotional element": ["Welcome", ""],
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list (emotional": "",
    # step 4: one site; the library's touchpoints, read and kept
    "Does Seaview Hotel work from more than one site?": False,
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id, "
    "k keep the 11 starter touchpoints as they are (touchpoints)": "k",
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
    "(touchpoints)": "",
    "11 touchpoints not walked with fresh eyes yet": False,  # later, on site
    # step 5: the library's standards are SMART; kept
    "Review the standards of a touchpoint? (its number, name or id; k keeps the 13 "
    "starter standards as they are; Enter to go on)": "k",
    "Review the standards of a touchpoint? (its number, name or id; Enter": "",
    # step 6: the library's measures, kept
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id, "
    "k keep the 5 starter measures as they are (measures)": "k",
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
    "(measures)": "",
    # step 7
    "How often will the team review the plan?": "",  # the library's suggestion
    "Add an improvement action now?": False,
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
    "(improvement actions)": "",
    "How do staff share ideas?": "Ideas box at the staff entrance, read every Monday",
    "How is an adopted idea rewarded?": "A spa voucher for each idea we adopt",
    "Add a leadership sign-off now?": True,
    "New leadership sign-off: Who signs the plan off? (name)": "Maria López",
    "Their role": "",  # hers, as the plan gives it (suggested)
    "Signed on": "2026-11-30",
    "Enter to go on; a add, e N edit, r N remove, m N M move, l list (leadership sign-offs)": "",
    "Brand colour for the deliverables": "#0b6e4f",
    "Logo file": "",
}


def walk_hotel(plan: Path) -> ScriptedAsker:
    asker = ScriptedAsker(HOTEL_SCRIPT)
    run_workshop(plan, asker)
    assert asker.unused == {}
    return asker


@pytest.fixture
def hotel(tmp_path: Path) -> Path:
    return create(
        tmp_path / "hotel", "Seaview Hotel", industry="hotel", today=dt.date(2026, 11, 22)
    ).plan


def test_a_walk_by_prompt_completes_a_new_plan(hotel: Path) -> None:
    asker = walk_hotel(hotel)
    assert "All seven steps are done. Build the deliverables with `cxplan build`." in (
        asker.transcript
    )
    report = check_plan(hotel)
    assert report.lines() == []
    plan = load(hotel).plan
    assert plan.leadership.sponsor.name == "Maria López"
    assert plan.leadership.commitments[0].behaviours == [
        "Works one front-desk shift a month",
        "Reads every review",
    ]
    assert plan.vision.aims == ["Repeat guests above 40%", "NPS above 60"]
    assert plan.customers[0].id == "family-on-holiday"
    assert plan.improvement.review_cadence == "monthly"
    # The team kept the library's items: they are the team's now, none left to review.
    assert (len(plan.touchpoints), len(plan.standards), len(plan.measures)) == (11, 13, 5)
    assert all(item.reviewed for item in [*plan.touchpoints, *plan.standards, *plan.measures])
    text = hotel.read_text(encoding="utf-8")
    assert "reviewed: false" not in text
    assert "# Step 1: Committed leadership" in text  # the plan's comments survive
    assert "# yaml-language-server: $schema=cxplan.schema.json" in text


def test_answers_file_gives_the_same_plan_as_typing(
    invoke: Invoke, hotel: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "twin" / "cxplan.yaml"
    twin.parent.mkdir()
    shutil.copy(hotel, twin)
    walk_hotel(hotel)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        """\
leadership:
  sponsor: {name: Maria López, role: General manager}
  commitments:
    - leader: Maria López
      role: General manager
      commitment: Put guests before paperwork
      behaviours: [Works one front-desk shift a month, Reads every review]
  signoff:
    - {name: Maria López, role: General manager, date: 2026-11-30}
vision:
  statement: The seaside hotel guests return to every year
  horizon: "2028"
  aims: [Repeat guests above 40%, NPS above 60]
customers:
  - name: Family on holiday
    needs: [Rooms that sleep four, Early breakfast]
    wants: [Pool towels]
    pain_points: [Check-in queues]
    challenges: [Tired children]
    expectations: ["Room ready at 15:00"]
experience:
  statement: Relaxed from the first minute
  promise: Your room ready at 15:00, or dinner is on us
  physical: [Sea-view terrace]
  emotional: [Welcome]
touchpoints: keep
standards: keep
measures: keep
improvement:
  staff_ideas:
    channel: Ideas box at the staff entrance, read every Monday
    reward: A spa voucher for each idea we adopt
client:
  brand_color: "#0b6e4f"
""",
        encoding="utf-8",
    )
    result = invoke("workshop", twin, "--answers", answers)
    assert result.exit_code == 0, result.output
    assert load(twin).source.data == load(hotel).source.data


def test_enter_only_on_a_complete_plan_changes_nothing(invoke: Invoke, example_copy: Any) -> None:
    plan = example_copy("harbour-dental")
    before = plan.read_bytes()
    for step in range(1, 8):
        result = invoke("workshop", plan, "--step", str(step), input="\n" * 400)
        assert result.exit_code == 0, result.output
        assert f"Step {step} is done." in result.output
    assert plan.read_bytes() == before


def test_complete_plan_offers_to_revisit(invoke: Invoke, example_copy: Any) -> None:
    plan = example_copy("ledgerly-saas")
    result = invoke("workshop", plan, input="\n")
    assert result.exit_code == 0
    assert "All seven steps are done." in result.output
    assert "Revisit a step? (1-7, Enter to finish)" in result.output


def test_no_input_on_a_new_plan_takes_the_library(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: Corner Shop\n  industry: retail\n")
    result = invoke("workshop", path, "--no-input")
    assert result.exit_code == 0, result.output
    plan = load(path).plan
    assert len(plan.touchpoints) == 10
    assert len(plan.standards) == 10
    assert {m.kind.value for m in plan.measures if m.kind} >= {"nps", "csat", "ces"}
    assert any("Corner Shop" in (m.question or "") for m in plan.measures)
    # Nobody reviewed them: they stay the library's, and the steps are not done.
    assert not any(i.reviewed for i in [*plan.touchpoints, *plan.standards, *plan.measures])
    states = {s.step.key: s.state for s in plan_status(path).status.steps}
    assert states["touchpoints"] == states["standards"] == states["measures"] == "not started"
    assert states["leadership"] == "not started"
    assert "Moving on with step 1 not done" in result.output


def test_a_bad_answer_is_explained_and_asked_again(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan(
        "cxplan: 1\nclient:\n  name: A\ntouchpoints:\n  - id: desk\n    name: Desk\n"
        "    stage: during\n    owner: Reception\n"
    )
    keys = typed(
        ENTER,  # one site
        "e 1",  # edit the touchpoint
        ENTER,  # name
        "durring",  # stage: a typo
        "during",
        ENTER,  # channel
        ENTER,  # owner
        ENTER,  # customers
        ENTER,  # description
        ENTER,  # pain points
        "9",  # rating out of range
        "4",
        "maybe",  # not yes/no
        "yes",
        ENTER,  # list: go on
    )
    result = invoke("workshop", path, "--step", "4", input=keys)
    # The codecs' one message per mistake, as the plan file and the workbook give it.
    assert (
        "the text 'durring' is not allowed here; use one of: before, during, after; "
        "did you mean 'during'?" in result.output
    )
    assert "the text '9' is not a rating; give a whole number from 1 to 5." in result.output
    assert "the text 'maybe' is not yes or no; answer yes or no." in result.output
    tp = load(path).plan.touchpoints[0]
    assert (tp.rating, tp.moment_of_truth) == (4, True)


def test_vague_standard_is_caught_as_typed(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan(
        "cxplan: 1\nclient:\n  name: A\ntouchpoints:\n  - id: phone\n    name: Phone\n"
        "    stage: before\n    owner: Reception\n"
    )
    keys = typed(
        "y",  # write a standard for Phone now
        "Answer the phone promptly",
        ENTER,  # role: the owner, suggested
        "Rings before answering",
        ENTER,  # no target
        "weekly",
        "audit",
        "y",  # fix it now
        "Answer the phone within 3 rings",
        "90% of calls",
        ENTER,  # review another touchpoint? no
        ENTER,  # go on to step 6? no
    )
    result = invoke("workshop", path, "--step", "5", input=keys)
    assert result.exit_code == 0, result.output
    assert (
        "It has no target and says 'promptly', which no one can observe. Fix it now?"
        in result.output
    )
    standard = load(path).plan.standards[0]
    assert standard.id == "s-phone-answer-phone"  # about 24 characters, small words dropped
    assert (standard.standard, standard.role, standard.target) == (
        "Answer the phone within 3 rings",
        "Reception",
        "90% of calls",
    )


def test_removing_a_touchpoint_unties_what_refers_to_it(invoke: Invoke, example_copy: Any) -> None:
    plan = example_copy("harbour-dental")
    result = invoke(
        "workshop", plan, "--step", "4", input=typed(ENTER, "r 1", "y", ENTER, ENTER, ENTER)
    )
    assert result.exit_code == 0, result.output
    assert "its 2 standards go too" in result.output
    loaded = load(plan)  # still a valid plan: no dangling references
    assert "book-online" not in {t.id for t in loaded.plan.touchpoints}
    assert all(s.touchpoint != "book-online" for s in loaded.plan.standards)
    assert "# Step 5: service standards" in plan.read_text(encoding="utf-8")


def test_fresh_eyes_walk_of_unrated_touchpoints(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan(
        "cxplan: 1\nclient:\n  name: A\ntouchpoints:\n  - id: desk\n    name: Desk\n"
        "    stage: during\n    owner: Reception\n  - id: web\n    name: Web\n"
        "    stage: before\n    owner: Marketing\n    rating: 3\n"
    )
    keys = typed(ENTER, ENTER, "y", "Long queue; No sign", "2", "yes", "y", ENTER)
    result = invoke("workshop", path, "--step", "4", input=keys)
    assert result.exit_code == 0, result.output
    assert "1 touchpoint not walked with fresh eyes yet" in result.output
    desk = load(path).plan.touchpoints[0]
    assert (desk.pain_points, desk.rating, desk.moment_of_truth) == (
        ["Long queue", "No sign"],
        2,
        True,
    )


def test_moving_on_from_an_incomplete_step_warns(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    keys = typed("Ana", ENTER, "n", ENTER, "y")  # sponsor only, then move on anyway
    result = invoke("workshop", path, "--step", "1", input=keys)
    assert "Still missing for step 1:\n  - no leadership commitment yet" in result.output
    assert "Moving on with step 1 not done; `cxplan status` will show the gap." in result.output


def test_input_ending_stops_and_keeps_answers(invoke: Invoke, write_plan: Any) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    result = invoke("workshop", path, input=typed("Ana", "Owner"))
    assert result.exit_code == 130
    assert result.stderr.endswith(
        f"Stopped at step 1; every answer given so far is saved in {path}.\n"
        f"Run `cxplan workshop {path}` to carry on where you left off.\n"
    )
    sponsor = load(path).plan.leadership.sponsor
    assert (sponsor.name, sponsor.role) == ("Ana", "Owner")


def test_bad_answers_file_names_file_line_and_field(
    invoke: Invoke, write_plan: Any, tmp_path: Path
) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "vision:\n  statement: Fine\ntouchpoints:\n  - name: Desk\n    stage: nowhere\n",
        encoding="utf-8",
    )
    result = invoke("workshop", path, "--answers", answers)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{answers}:5: touchpoints[0].stage: the text 'nowhere' is not allowed here; use one "
        "of: before, during, after"
    )
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("visoin:\n  statement: x\n", encoding="utf-8")
    result = invoke("workshop", path, "--answers", unknown)
    assert result.stderr.splitlines()[0] == (
        f"{unknown}:1: visoin: unknown section; answers can be given for: client, customers,"
        " experience, improvement, leadership, measures, standards, touchpoints, vision;"
        " did you mean 'vision'?"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_real_terminal_ctrl_c_and_resume(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    create(tmp_path, "Harbour Dental", industry="dental")
    plan = tmp_path / "cxplan.yaml"
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cxplan", "workshop", str(plan)],
        env=env,
        encoding="utf-8",
        timeout=60,  # a loaded 2-core machine; the test is about keys, not speed
    )
    child.expect(r"who owns the CX strategy\? \(name\): ")
    child.sendline("Dr Mei Chen")
    child.expect(r"Sponsor's role: ")
    child.sendline("Principal dentist")
    child.expect(r"Add a leadership commitment now\? \[Y/n\]: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Stopped at step 1; every answer given so far is saved" in (child.before or "")
    text = plan.read_text(encoding="utf-8")
    assert "name: Dr Mei Chen" in text and "role: Principal dentist" in text
    assert "# Step 1: Committed leadership" in text

    again = pexpect.spawn(
        sys.executable,
        ["-m", "cxplan", "workshop", str(plan)],
        env=env,
        encoding="utf-8",
        timeout=60,  # a loaded 2-core machine; the test is about keys, not speed
    )
    again.expect(r"Steps done: none yet\.")
    again.expect(r"To review: 11 starter touchpoints \(step 4\), 11 starter standards")
    again.expect(r"Sponsor: who owns the CX strategy\? \(name\) \[Dr Mei Chen\]: ")
    again.sendcontrol("c")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 130


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_real_terminal_no_to_move_on_is_no_trap(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    plan = tmp_path / "cxplan.yaml"
    plan.write_text("cxplan: 1\nclient:\n  name: A\n", encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cxplan", "workshop", str(plan), "--step", "5"],
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=60,  # a loaded 2-core machine; the test is about keys, not speed
    )
    child.expect(r"Steps 1, 2, 3 and 4 before this one are not done yet")
    child.expect(r"Move on with step 5 not done\? .*\[y/N\]: ")
    child.sendline("n")
    child.expect(r"  b  go back to step 1 \(Committed leadership\)")
    child.expect(r"Step 5 not done: b, s or q\? \[q\]: ")
    child.sendline("")  # Enter stops
    child.expect(r"Steps not done yet: 1, 2, 3, 4, 5, 6, 7\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_enter_throughout_a_new_plan_ends_without_looping(invoke: Invoke, hotel: Path) -> None:
    result = invoke("workshop", hotel, input="\n" * 200)
    assert result.exit_code == 0, result.output
    assert result.output.count("=== Step 1 of 7") == 1
    assert "Step 1 not done: f, s or q? [q]: " in result.output
    assert "Steps not done yet: 1, 2, 3, 4, 5, 6, 7." in result.output
