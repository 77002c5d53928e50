"""`check` and `status`: SMART standards, coverage, the sequence, out-of-sequence work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES
from cxplan.api import check_plan, plan_status
from cxplan.method.rules import vague_term

HEAD = "cxplan: 1\nclient:\n  name: Test Co\n"


@pytest.mark.parametrize("path", COMPLETE_EXAMPLES, ids=lambda p: p.parent.name)
def test_complete_examples_check_clean_and_are_done(path: Path) -> None:
    report = check_plan(path)
    assert report.lines() == []
    assert report.ok
    status = plan_status(path).status
    assert [s.state for s in status.steps] == ["done"] * 7
    assert status.out_of_sequence == [] and status.next_step is None


@pytest.mark.parametrize("path", DRAFT_EXAMPLES, ids=lambda p: p.parent.name)
def test_draft_example_is_flagged(path: Path) -> None:
    report = check_plan(path)
    assert not report.ok
    status = plan_status(path).status
    assert status.out_of_sequence
    assert any("Working out of sequence" in line for line in report.lines())


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Answer the phone promptly", "promptly"),
        ("Reply ASAP", "ASAP"),
        ("Respond as soon as possible", "as soon as possible"),
        ("Be friendly to guests", "friendly"),
        ("Serve quickly", "quickly"),
        ("Give good service", "good"),
        ("Answer within 3 rings, promptly", "promptly"),
        ("Greet guests with a good attitude within two minutes", "good"),
        ("Say goodbye by name", None),
        ("Confirm bookings by email", None),
    ],
)
def test_vague_words(text: str, term: str | None) -> None:
    assert vague_term(text) == term


def test_a_number_does_not_make_a_vague_word_observable(
    write_plan: Callable[[str], Path],
) -> None:
    # The reviewers' case: the 2 minutes time the greeting, "bonne" is still no one's to tick.
    path = write_plan(
        "cxplan: 1\nclient:\n  name: Test Co\n  language: fr\n"
        "touchpoints:\n  - id: accueil\n    name: Accueil\n    stage: during\n"
        "standards:\n  - id: s-accueil\n    touchpoint: accueil\n"
        "    standard: Accueil avec une bonne attitude en moins de 2 minutes\n"
        "    role: Réceptionniste\n    measure: Part des clients accueillis en moins de 2 minutes\n"
        "    target: 95 %\n    frequency: chaque jour\n"
    )
    vague = [line for line in check_plan(path).lines() if line.endswith("[vague-standard]")]
    assert len(vague) == 1 and "'bonne'" in vague[0] and "s-accueil" in vague[0], vague


# What steps 1-3 and 7 still need (a plan of touchpoints alone has none of it).
EARLY_STEPS = (
    "no-sponsor",
    "no-commitment",
    "no-vision",
    "no-experience",
    "no-customer-need",
    "no-review-cadence",
    "no-improvement-channel",
)


def lines_of(path: Path) -> list[str]:
    return check_plan(path).lines()


def test_smart_and_coverage_findings(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(
        HEAD
        + """\
touchpoints:
  - id: arrive
    name: Arrival
    stage: during
    owner: Front desk
  - id: pay
    stage: during
standards:
  - id: s-greet
    touchpoint: arrive
    role: Receptionist
    standard: Greet guests promptly
    frequency: weekly
measures:
  - id: m
    kind: custom
    touchpoints: [arrive]
"""
    )
    findings = [
        line for line in lines_of(path) if not any(f"[{code}]" in line for code in EARLY_STEPS)
    ]
    assert findings == [
        f"{path}:1: warning: Working out of sequence: step 1 (Committed leadership) is not "
        "started, yet steps 4, 5 and 6 already have work in them. Finish step 1 first: each "
        "step builds on the one before. [out-of-sequence]",
        f"{path}:4: warning: no touchpoint in the 'before' stage [empty-stage]",
        f"{path}:4: warning: no touchpoint in the 'after' stage [empty-stage]",
        f"{path}:9: warning: touchpoint 'pay' has no owner [touchpoint-without-owner]",
        f"{path}:9: warning: touchpoint 'pay' has no standard [touchpoint-without-standard]",
        f"{path}:9: warning: touchpoint 'pay' is not covered by any measure "
        "[touchpoint-not-measured]",
        f"{path}:12: warning: standard 's-greet' has no measure or target [standard-not-smart]",
        f"{path}:15: warning: standard 's-greet' says 'promptly', which no one can observe; say "
        "what is done, how much or how fast (e.g. 'greets by name within 2 minutes') "
        "[vague-standard]",
        f"{path}:17: warning: no customer-feedback measure: add an NPS, CSAT or CES measure "
        "[no-feedback-measure]",
    ]


def test_status_of_a_new_plan(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD)
    status = plan_status(path)
    assert [s.state for s in status.status.steps] == ["not started"] * 7
    assert status.status.out_of_sequence == []
    assert status.as_json()["next"] == {
        "step": 1,
        "title": "Committed leadership",
        "todo": "no sponsor named (who owns the CX strategy?)",
        "command": "cxplan workshop --step 1",
    }


def test_status_names_what_is_missing(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(
        HEAD
        + """\
leadership:
  sponsor: {name: Ana}
  commitments:
    - leader: Ana
      commitment: Listen
vision:
  statement: Be the best
touchpoints:
  - id: check-out
    stage: after
    owner: Desk
"""
    )
    steps = plan_status(path).as_json()["steps"]
    assert steps[0] == {
        "number": 1,
        "key": "leadership",
        "title": "Committed leadership",
        "state": "partly done",
        "missing": [
            "the commitment of Ana has no visible behaviour (what will staff see them do?)"
        ],
    }
    assert steps[1]["missing"] == ["no horizon (by when?)", "no unifying aim"]
    assert steps[3]["missing"] == [
        "no touchpoint in the 'before' stage",
        "no touchpoint in the 'during' stage",
    ]
    assert steps[4]["missing"] == ["touchpoint 'check-out' has no standard"]
    assert steps[4]["state"] == "not started"


def test_out_of_sequence_is_named(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(
        HEAD
        + """\
leadership:
  sponsor: {name: Ana}
  commitments:
    - leader: Ana
      behaviours: [Walks the floor daily]
standards:
  - id: s-1
    standard: Smile
"""
    )
    report = plan_status(path)
    data = report.as_json()
    assert data["out_of_sequence"] == [
        {"step": 5, "title": "Service standards", "earlier_steps_not_done": [2, 3, 4]}
    ]
    assert data["out_of_sequence_message"] == (
        "Working out of sequence: step 2 (Strategic vision) is not started, yet step 5 "
        "(Service standards) already has work in it. Finish step 2 first: each step builds "
        "on the one before."
    )
    assert "Working out of sequence: step 2 (Strategic vision) is not started" in report.text()


def test_hostile_international_plan_checks_clean(invoke: Callable[..., object]) -> None:
    path = Path(__file__).parent / "fixtures" / "hostile-cafe.yaml"
    result = invoke("check", path)
    assert result.exit_code == 0, result.output
    assert "note: customers[0].challenges[0]: control characters removed" in result.output
    assert [s.state for s in plan_status(path).status.steps] == ["done"] * 7
