"""Prompts that help: the words a closed vocabulary takes, the plan's roles, names as written,
`all` for a measure's touchpoints, sites, sign-off and brand, renaming an id."""

from __future__ import annotations

from typing import Any

from cxplan.interview.asker import ScriptedAsker
from cxplan.interview.run import run_workshop
from cxplan.plan.load import load

ENTER = True

PLAN = """\
cxplan: 1
client:
  name: Stadtwerke Musterstadt
touchpoints:
  - id: kuendigung
    name: Kündigung und Umzug
    stage: after
    owner: Kundenservice
  - id: zaehler
    name: Zählerstand melden
    stage: during
    owner: Kundenservice
"""


def prompts(asker: ScriptedAsker) -> list[str]:
    return [line.split(" -> ")[0] for line in asker.transcript if " -> " in line]


def test_a_new_touchpoint_shows_the_stages_and_catches_a_near_duplicate_role(
    write_plan: Any,
) -> None:
    path = write_plan(PLAN)
    asker = ScriptedAsker(
        {
            "Does Stadtwerke Musterstadt work from more than one site?": False,
            "Enter to go on; a add": ["a", ENTER],
            "New touchpoint: Name": "Abschlagsrechnung",
            "When: before, during or after the purchase? (before, during, after)": "durring",
            # asked again after the mistake, with the codec's message
            "Channel": "E-Mail",
            "Who owns it? (a role)": "kundenservice",
            "Did you mean 'Kundenservice', a role the plan has?": True,
            "Which customer segments?": ENTER,
            "What happens here?": ENTER,
            "Fresh eyes: what gets in": ENTER,
            "Fresh eyes: rate": ENTER,
            "Is it a moment of truth": ENTER,
            "3 touchpoints not walked with fresh eyes yet": False,
            "Move on with step 4 not done?": True,
            "Go on to step 5": False,
        }
    )
    # The stage is asked twice: the typo, then the word it meant.
    asker._queues["When: before, during or after the purchase? (before, during, after)"] = [
        "durring",
        "during",
    ]
    run_workshop(path, asker, step=4)
    text = "\n".join(asker.transcript)
    assert (
        "  the text 'durring' is not allowed here; use one of: before, during, after; "
        "did you mean 'during'?." in text
    )
    assert "  Roles in the plan: Kundenservice" in text
    new = load(path).plan.touchpoints[-1]
    assert (new.id, new.name, new.stage.value if new.stage else None, new.owner) == (
        "abschlagsrechnung",
        "Abschlagsrechnung",
        "during",
        "Kundenservice",
    )
    assert asker.unused == {}


def test_standards_of_a_touchpoint_read_right_and_keep_the_names_case(write_plan: Any) -> None:
    path = write_plan(
        PLAN + "standards:\n  - id: s-kuendigung\n    touchpoint: kuendigung\n"
        "    standard: Bestätigung innerhalb von 2 Werktagen\n    role: Kundenservice\n"
        "    measure: Werktage bis zur Bestätigung\n    target: 95% innerhalb von 2 Werktagen\n"
        "    frequency: monthly\n    method: system report\n"
    )
    asker = ScriptedAsker(
        {
            "No standard yet for 'Zählerstand melden' (owner Kundenservice). Write one now?": False,
            "Review the standards of a touchpoint?": ["Kündigung und Umzug", ENTER],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
            "(standards for the touchpoint 'Kündigung und Umzug')": ["e 1", ENTER],
            "Standard: what exactly": ENTER,
            "Who does it? (a role)": ENTER,
            "What is counted or timed?": ENTER,
            "Target: how much, how fast?": ENTER,
            "How often is it checked?": ENTER,
            "How is it checked? (audit, mystery shop, survey, system report, observation)": ENTER,
            "Move on with step 5 not done?": True,
            "Go on to step 6": False,
        }
    )
    run_workshop(path, asker, step=5)
    assert "  Standards for the touchpoint 'Kündigung und Umzug' (1):" in asker.transcript
    assert asker.unused == {}


def test_all_covers_every_touchpoint_and_kind_shows_its_words(write_plan: Any) -> None:
    path = write_plan(PLAN + "measures:\n  - id: nps\n    name: NPS\n    kind: nps\n")
    asker = ScriptedAsker(
        {
            "Enter to go on; a add": ["e 1", ENTER],
            "Name (e.g. Net Promoter Score)": ENTER,
            "Kind (nps, csat, ces, compliance, custom)": ENTER,
            "Which touchpoints does it cover?": "all",
            "The question customers answer": ENTER,
            "How is it measured?": ENTER,
            "How often?": "quarterly",
            "Who owns it? (a role)": "Kundenservice",
            "Baseline": ENTER,
            "Target score": ENTER,
            "Go on to step 7": False,
        }
    )
    run_workshop(path, asker, step=6)
    assert "  Touchpoints: 1 Kündigung und Umzug, 2 Zählerstand melden" in asker.transcript
    assert load(path).plan.measures[0].touchpoints == ["kuendigung", "zaehler"]
    assert asker.unused == {}


def test_sites_are_asked_in_step_4_and_a_touchpoint_can_be_tied_to_them(
    write_plan: Any,
) -> None:
    path = write_plan(PLAN)
    asker = ScriptedAsker(
        {
            "Does Stadtwerke Musterstadt work from more than one site?": True,
            "Add a location (Enter when done)": ["Kundenzentrum Marktstraße", "Werk Süd", ENTER],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
            "(locations)": ENTER,
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
            "(touchpoints)": ["e 2", ENTER],
            "Name": ENTER,
            "When:": ENTER,
            "Channel": ENTER,
            "Who owns it?": ENTER,
            "Which customer segments?": ENTER,
            "At which sites?": "Werk Süd",
            "What happens here?": ENTER,
            "Fresh eyes: what gets in": ENTER,
            "Fresh eyes: rate": ENTER,
            "Is it a moment of truth": ENTER,
            "2 touchpoints not walked with fresh eyes yet": False,
            "Move on with step 4 not done?": True,
            "Go on to step 5": False,
        }
    )
    run_workshop(path, asker, step=4)
    plan = load(path).plan
    assert [s.name for s in plan.client.sites()] == ["Kundenzentrum Marktstraße", "Werk Süd"]
    assert plan.touchpoints[1].locations == ["werk-sued"]
    assert asker.unused == {}


def test_rename_an_id_from_the_list_and_its_references_follow(write_plan: Any) -> None:
    path = write_plan(
        PLAN + "standards:\n  - id: s-zaehler\n    touchpoint: zaehler\n    standard: x\n"
    )
    asker = ScriptedAsker(
        {
            "Does Stadtwerke Musterstadt work from more than one site?": False,
            "Enter to go on; a add": ["i 2 Zaehlerstand", "i 2 zaehlerstand", ENTER],
            "2 touchpoints not walked with fresh eyes yet": False,
            "Move on with step 4 not done?": True,
            "Go on to step 5": False,
        }
    )
    run_workshop(path, asker, step=4)
    text = "\n".join(asker.transcript)
    assert "the text 'Zaehlerstand' is not a valid id" in text
    assert "  zaehler is now zaehlerstand; 1 reference follow" in text
    plan = load(path).plan
    assert plan.touchpoints[1].id == "zaehlerstand"
    assert plan.standards[0].touchpoint == "zaehlerstand"


def test_step_7_asks_for_sign_off_brand_colour_and_logo(write_plan: Any) -> None:
    path = write_plan(
        PLAN + "leadership:\n  sponsor: {name: Eva Brandt, role: Geschäftsführerin}\n"
    )
    (path.parent / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    asker = ScriptedAsker(
        {
            "How often will the team review the plan?": ENTER,
            "Add an improvement action now?": False,
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list, i N NEW new id "
            "(improvement actions)": ENTER,
            "How do staff share ideas?": ENTER,
            "How is an adopted idea rewarded?": ENTER,
            "Add a leadership sign-off now?": True,
            "New leadership sign-off: Who signs the plan off? (name)": "Eva Brandt",
            "Their role": ENTER,  # the sponsor's, suggested
            "Signed on": "2026-12-01",
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list "
            "(leadership sign-offs)": ENTER,
            "Brand colour for the deliverables": ["blau", "#1F4E79"],
            "Logo file": ["logo.jpg", "logo.png"],
            "Move on with step 7 not done?": True,
        }
    )
    run_workshop(path, asker, step=7)
    text = "\n".join(asker.transcript)
    assert "There is no file 'logo.jpg' beside the plan" in text
    assert "  the text 'blau' is not a colour; write it as #RRGGBB, e.g. #0B6E4F." in text
    plan = load(path).plan
    signed = plan.leadership.signoff[0]
    assert (signed.name, signed.role, str(signed.date)) == (
        "Eva Brandt",
        "Geschäftsführerin",
        "2026-12-01",
    )
    assert (plan.client.brand_color, plan.client.logo) == ("#1F4E79", "logo.png")
    assert asker.unused == {}


def test_stop_ends_the_fresh_eyes_walk_and_keeps_what_was_given(write_plan: Any) -> None:
    path = write_plan(PLAN)
    asker = ScriptedAsker(
        {
            "Does Stadtwerke Musterstadt work from more than one site?": False,
            "Enter to go on; a add": ENTER,
            "2 touchpoints not walked with fresh eyes yet": True,
            "Fresh eyes: what gets in a new customer's way here?": ["Formular nur als PDF", "stop"],
            "Fresh eyes: rate today's experience here, 1 to 5": "2",
            "Is it a moment of truth": "yes",
            "Move on with step 4 not done?": True,
            "Go on to step 5": False,
        }
    )
    run_workshop(path, asker, step=4)
    assert "Kündigung und Umzug (after), 1 of 2:" in asker.transcript
    assert "Zählerstand melden (during), 2 of 2:" in asker.transcript
    first, second = load(path).plan.touchpoints
    assert (first.pain_points, first.rating, first.moment_of_truth) == (
        ["Formular nur als PDF"],
        2,
        True,
    )
    assert (second.pain_points, second.rating) == ([], None)
    assert asker.unused == {}
