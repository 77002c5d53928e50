"""The walk has no trap: every question has a way out, and a step not done offers the ways on.

Driven through the Asker seam by answers keyed by prompt text: a question the script does
not expect fails the test, so a test can never type into the wrong question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxplan.interview.asker import ScriptedAsker, UnexpectedQuestion
from cxplan.interview.run import run_workshop
from cxplan.plan.load import load

ENTER = True  # a scripted Enter: keep what the prompt shows

NO_TOUCHPOINTS = "cxplan: 1\nclient:\n  name: A\n"


def said(asker: ScriptedAsker) -> str:
    return "\n".join(asker.transcript)


def test_an_unexpected_question_fails_the_script(write_plan: Any) -> None:
    path = write_plan(NO_TOUCHPOINTS)
    asker = ScriptedAsker({"Sponsor: who owns the CX strategy?": "Ana"})
    with pytest.raises(UnexpectedQuestion, match="Sponsor's role"):
        run_workshop(path, asker, step=1)
    assert load(path).plan.leadership.sponsor.name == "Ana"  # saved before the surprise


def test_no_to_move_on_offers_the_ways_on_instead_of_replaying(write_plan: Any) -> None:
    # Step 5 with no touchpoints cannot be fixed in step 5: the way on is back to step 4.
    path = write_plan(NO_TOUCHPOINTS)
    asker = ScriptedAsker(
        {
            "Move on with step 5 not done?": [False],
            "Step 5 not done:": ["q"],
        }
    )
    run_workshop(path, asker, step=5)
    text = said(asker)
    assert text.count("=== Step 5 of 7") == 1  # not replayed
    assert "There are no touchpoints yet (step 4)" in text
    start = asker.transcript.index("Step 5 is not done. What now?")
    assert asker.transcript[start + 1 : start + 4] == [
        "  b  go back to step 1 (Committed leadership)",  # nothing to fix in step 5 yet
        "  s  skip it after all (move on not done)",
        "  q  stop here (every answer is saved)",
    ]
    assert asker.transcript[start + 4] == "Step 5 not done: b, s or q? -> 'q'"
    assert "Steps not done yet: 1, 2, 3, 4, 5, 6, 7." in text
    assert asker.unused == {}


def test_back_goes_to_the_earlier_step_then_on(write_plan: Any) -> None:
    path = write_plan(
        NO_TOUCHPOINTS + "leadership:\n  sponsor: {name: Ana, role: Owner}\n"
        "  commitments:\n    - {leader: Ana, role: Owner, commitment: Be there, "
        "behaviours: [Works one shift a month]}\n"
    )
    asker = ScriptedAsker(
        {
            "Move on with step 3 not done?": [False, True],
            "Step 3 not done:": ["b"],
            "Vision: where are we heading?": "The shop everyone recommends",
            "By when?": "2028",
            "Add a unifying aim": ["NPS above 60", ENTER],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list (unifying": ENTER,
            "Go on to step 3": [True],
            "Add a customer segment now?": [False, False],
            "Enter to go on; a add": [ENTER, ENTER],
            "The experience we will deliver": [ENTER, ENTER],
            "What do we promise?": [ENTER, ENTER],
            "Add a physical element": [ENTER, ENTER],
            "Add an emotional element": [ENTER, ENTER],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list (physical": [
                ENTER,
                ENTER,
            ],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list (emotional": [
                ENTER,
                ENTER,
            ],
            "Go on to step 4": [False],
        }
    )
    run_workshop(path, asker, step=3)
    text = said(asker)
    assert "Step 2 before this one is not done yet" in text  # said first, at step 3
    assert text.index("=== Step 3 of 7") < text.index("=== Step 2 of 7") < text.rindex("=== Step 3")
    vision = load(path).plan.vision
    assert (vision.statement, vision.horizon, vision.aims) == (
        "The shop everyone recommends",
        "2028",
        ["NPS above 60"],
    )
    assert asker.unused == {}


def test_fix_works_through_the_step_again(write_plan: Any) -> None:
    path = write_plan(NO_TOUCHPOINTS)
    asker = ScriptedAsker(
        {
            "Sponsor: who owns the CX strategy?": ["Ana", ENTER],
            "Sponsor's role": ["Owner", ENTER],
            "Add a leadership commitment now?": [False, False],  # empty, asked each time
            "Enter to go on; a add": [ENTER, "a", ENTER],
            "New leadership commitment": ["Ana"],
            "Leader's role": ["Owner"],
            "What does this leader commit to?": ["Be on the floor"],
            "Visible behaviours": ["Works one shift a month"],
            "Move on with step 1 not done?": [False],
            "Step 1 not done:": ["f"],
            "Go on to step 2": [False],
        }
    )
    run_workshop(path, asker, step=1)
    assert "Step 1 is done." in said(asker)
    leadership = load(path).plan.leadership
    assert leadership.commitments[0].behaviours == ["Works one shift a month"]
    assert asker.unused == {}


def test_quit_from_the_choices_ends_the_walk_cleanly(write_plan: Any, tmp_path: Path) -> None:
    path = write_plan(NO_TOUCHPOINTS)
    asker = ScriptedAsker(
        {
            "Sponsor: who owns the CX strategy?": "Ana",
            "Sponsor's role": ENTER,
            "Add a leadership commitment now?": False,
            "Enter to go on; a add": ENTER,
            "Move on with step 1 not done?": False,
            "Step 1 not done:": ["x", "q"],  # a wrong key is explained, then q
        }
    )
    outcome = run_workshop(path, asker)
    assert outcome.steps_run == [1] and not outcome.complete
    assert "  Type f, s, q." in asker.transcript


def test_editing_a_starter_item_makes_it_the_teams_and_k_keeps_the_rest(
    write_plan: Any,
) -> None:
    path = write_plan(
        NO_TOUCHPOINTS + "touchpoints:\n"
        "  - {id: desk, name: Desk, stage: during, owner: Reception, reviewed: false}\n"
        "  - {id: web, name: Web, stage: before, owner: Marketing, reviewed: false}\n"
        "  - {id: mail, name: Mail, stage: after, owner: Marketing, reviewed: false}\n"
    )
    keep = "k keep the 2 starter touchpoints as they are"
    asker = ScriptedAsker(
        {
            "Does A work from more than one site?": False,
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id, "
            "k keep the 3 starter touchpoints as they are (touchpoints)": "e 1",
            "Name": ENTER,
            "When:": ENTER,
            "Channel": "in person",
            "Who owns it?": ENTER,
            "Which customer segments?": ENTER,
            "What happens here?": ENTER,
            "Fresh eyes: what gets in": ENTER,
            "Fresh eyes: rate": ENTER,
            "Is it a moment of truth": ENTER,
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id, "
            + keep: [
                "x",
                "k",
            ],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
            "(touchpoints)": ENTER,
            "3 touchpoints not walked with fresh eyes yet": False,
            "Go on to step 5": False,  # step 4 is done: every touchpoint is the team's
        }
    )
    run_workshop(path, asker, step=4)
    assert "    1. Desk [during, in person, owner Reception]" in asker.transcript
    assert "    2. Web [before, no channel, owner Marketing] (starter)" in asker.transcript
    assert "  'x': type a, e N, r N, m N M, l, i N NEW, k, or Enter to go on." in asker.transcript
    assert "  Kept 2 starter touchpoints: yours now." in asker.transcript
    assert all(t.reviewed for t in load(path).plan.touchpoints)
    assert "reviewed" not in path.read_text("utf-8")
    assert asker.unused == {}
