"""Starter libraries: valid, complete for steps 4 to 6, found by key or everyday word."""

from __future__ import annotations

import datetime as dt

import pytest

from cxplan.library import available, find, load_library
from cxplan.library.scaffold import plan_text
from cxplan.method.rules import findings
from cxplan.method.status import status
from cxplan.plan.model import Plan
from cxplan.yamlio.source import parse

REQUIRED = {"hospitality", "healthcare", "retail", "professional-services", "saas"}


def test_the_required_industries_are_shipped() -> None:
    assert set(available()) >= REQUIRED


@pytest.mark.parametrize("key", sorted(REQUIRED))
def test_seeded_plan_is_complete_for_steps_4_to_6(key: str) -> None:
    library = load_library(key)
    text = plan_text("Zoë's <Test> & Co", library=library, today=dt.date(2026, 1, 1))
    plan = Plan.model_validate(parse(text).data)
    assert [p for step in (4, 5, 6) for p in findings(plan, step=step)] == []
    states = {s.step.key: s.state for s in status(plan).steps}
    assert states["touchpoints"] == states["standards"] == states["measures"] == "done"
    for measure in plan.measures:
        assert measure.question and "{" not in measure.question
        if measure.kind and measure.kind.value in ("nps", "csat", "ces"):
            assert "Zoë's <Test> & Co" in measure.question
    assert len({s.id for s in plan.standards}) == len(plan.standards)


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("hotel", "hospitality"),
        ("Café", "hospitality"),
        ("Dental", "healthcare"),
        ("law firm", "professional-services"),
        ("professional_services", "professional-services"),
        ("E-commerce", "retail"),
        ("SaaS", "saas"),
    ],
)
def test_find_by_everyday_word(word: str, key: str) -> None:
    found = find(word)
    assert found is not None and found.key == key


def test_unknown_industry() -> None:
    assert find("mining") is None
    assert find(None) is None
