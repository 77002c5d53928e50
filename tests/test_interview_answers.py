"""An answers file drives the workshop: applied on a complete plan too, keep for starter items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxplan.interview.asker import DefaultsAsker
from cxplan.interview.run import run_workshop
from cxplan.library.scaffold import create
from cxplan.plan.load import load


def test_an_answers_file_is_applied_to_a_complete_plan(example_copy: Any, tmp_path: Path) -> None:
    plan = example_copy("harbour-dental")
    answers = tmp_path / "answers.yaml"
    answers.write_text("vision:\n  statement: The practice nervous patients choose\n", "utf-8")
    run_workshop(plan, DefaultsAsker(), answers=answers)
    assert load(plan).plan.vision.statement == "The practice nervous patients choose"


def test_keep_and_named_items_are_reviewed_the_rest_stays_starter(tmp_path: Path) -> None:
    made = create(tmp_path, "Harbour Dental", industry="dental")
    first = load(made.plan).plan.touchpoints[0].id
    answers = tmp_path / "answers.yaml"
    answers.write_text("standards: keep\n", "utf-8")
    run_workshop(made.plan, DefaultsAsker(), answers=answers)
    plan = load(made.plan).plan
    assert all(s.reviewed for s in plan.standards)
    assert not any(t.reviewed for t in plan.touchpoints)  # nobody said keep for these
    assert "reviewed: false" in made.plan.read_text("utf-8")
    answers.write_text(f"touchpoints:\n  - id: {first}\n    owner: Practice manager\n", "utf-8")
    run_workshop(made.plan, DefaultsAsker(), answers=answers)
    plan = load(made.plan).plan
    assert [t.id for t in plan.touchpoints] == [first]  # the answers list the whole list
    assert plan.touchpoints[0].reviewed and plan.touchpoints[0].owner == "Practice manager"


def test_two_new_items_with_names_of_no_latin_form_get_their_own_ids(
    write_plan: Any, tmp_path: Path
) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "touchpoints:\n  - {name: 内見予約, stage: before}\n"
        "  - {name: 契約手続き, stage: during}\n",
        "utf-8",
    )
    run_workshop(path, DefaultsAsker(), answers=answers)
    assert [t.id for t in load(path).plan.touchpoints] == ["tp-1", "tp-2"]


def test_new_items_get_ids_by_the_plans_language(write_plan: Any, tmp_path: Path) -> None:
    names = "  - {name: Zufriedenheit mit dem Ladenbesuch, stage: after}\n"
    names += "  - {name: Zufriedenheit mit dem Onlineeinkauf, stage: after}\n"
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"touchpoints:\n{names}", "utf-8")
    german = write_plan("cxplan: 1\nclient:\n  name: A\n  language: de-AT\n")
    run_workshop(german, DefaultsAsker(), answers=answers)
    # German small words ("mit", "dem") go, and the two ids still tell the items apart
    ids = [t.id for t in load(german).plan.touchpoints]
    assert ids == ["zufriedenheit-ladenbesuch", "zufriedenheit-onlineeinkauf"]
    english = tmp_path / "en.yaml"
    english.write_text("cxplan: 1\nclient:\n  name: A\n", "utf-8")
    run_workshop(english, DefaultsAsker(), answers=answers)
    # an English plan does not know them: the old cut at a word, and a counter
    ids = [t.id for t in load(english).plan.touchpoints]
    assert ids == ["zufriedenheit-mit-dem", "zufriedenheit-mit-dem-2"]


def test_a_key_the_plan_has_no_field_for_is_refused_with_its_line(
    invoke: Any, write_plan: Any, tmp_path: Path
) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    before = path.read_bytes()
    answers = tmp_path / "answers.yaml"
    answers.write_text("vision:\n  statment: Typo\n", "utf-8")
    result = invoke("workshop", path, "--answers", answers)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{answers}:2: vision.statment: no such field here; use one of: statement, horizon, "
        "aims; did you mean 'statement'?"
    )
    answers.write_text("client:\n  name: B\n", "utf-8")
    result = invoke("workshop", path, "--answers", answers)
    assert result.stderr.splitlines()[0] == (
        f"{answers}:2: client.name: no such field here; use one of: brand_color, logo, locations"
    )
    assert path.read_bytes() == before


def test_an_answers_file_goes_in_whole_or_not_at_all(example_copy: Any, tmp_path: Path) -> None:
    import pytest

    from cxplan.errors import InputError

    plan = example_copy("harbour-dental")
    before = plan.read_bytes()
    answers = tmp_path / "answers.yaml"
    # a good answer first, then one that does not fit: neither is saved
    answers.write_text("vision:\n  statement: The best practice\n  horizon: [1, 2]\n", "utf-8")
    with pytest.raises(InputError) as refused:
        run_workshop(plan, DefaultsAsker(), answers=answers)
    assert f"{answers}:3" in str(refused.value.lines())
    assert plan.read_bytes() == before


def test_a_section_given_as_text_is_refused_not_lost(example_copy: Any, tmp_path: Path) -> None:
    import pytest

    from cxplan.errors import InputError

    plan = example_copy("harbour-dental")
    answers = tmp_path / "answers.yaml"
    answers.write_text('leadership:\n  sponsor: "Maria"\n', "utf-8")
    with pytest.raises(InputError) as refused:
        run_workshop(plan, DefaultsAsker(), answers=answers)
    said = " ".join(refused.value.lines())
    assert f"{answers}:2" in said and "leadership.sponsor" in said and "{name: ...}" in said
