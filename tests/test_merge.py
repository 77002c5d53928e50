"""The workbook's three-way merge, case by case: base (as built), ours (the plan file now),
theirs (the workbook now)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cxplan.workbook.merge import Conflict, merge


def plan(**touchpoints: dict[str, Any]) -> dict[str, Any]:
    return {
        "cxplan": 1,
        "client": {"name": "Harbour"},
        "vision": {"statement": "First choice", "aims": ["NPS above 70"]},
        "touchpoints": [{"id": key, **fields} for key, fields in touchpoints.items()],
    }


BASE = plan(
    greet={"name": "Greeting", "stage": "during"},
    book={"name": "Booking", "stage": "before"},
    bill={"name": "Bill", "stage": "after"},
)


def edited(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


def without(data: dict[str, Any], ident: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["touchpoints"] = [t for t in out["touchpoints"] if t["id"] != ident]
    return out


def reordered(data: dict[str, Any], order: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    by_id = {t["id"]: t for t in out["touchpoints"]}
    out["touchpoints"] = [by_id[i] for i in order]
    return out


def test_nobody_changed_anything() -> None:
    result = merge(BASE, copy.deepcopy(BASE), copy.deepcopy(BASE))
    assert (result.form, result.lists, result.fields, result.added, result.removed) == (
        {},
        {},
        {},
        {},
        {},
    )
    assert result.order == {} and result.conflicts == []


CASES = [
    # (what happened, ours, theirs, field the merge takes, value)
    (
        "the workbook changed a field",
        BASE,
        edited(BASE, ("touchpoints", 0, "name"), "Welcome"),
        ("fields", ("touchpoints",), {"greet": {"name": "Welcome"}}),
    ),
    (
        "the workbook changed a form field",
        BASE,
        edited(BASE, ("vision", "statement"), "Best in town"),
        ("form", ("vision", "statement"), "Best in town"),
    ),
    (
        "the workbook changed a word list",
        BASE,
        edited(BASE, ("vision", "aims"), ["NPS above 70", "CSAT 90%"]),
        ("lists", ("vision", "aims"), ["NPS above 70", "CSAT 90%"]),
    ),
    (
        "the plan file changed a field, the workbook did not",
        edited(BASE, ("touchpoints", 0, "name"), "Welcome"),
        BASE,
        None,
    ),
    (
        "both changed a field the same way",
        edited(BASE, ("touchpoints", 0, "name"), "Welcome"),
        edited(BASE, ("touchpoints", 0, "name"), "Welcome"),
        None,
    ),
    (
        "both changed different fields of one row",
        edited(BASE, ("touchpoints", 0, "stage"), "before"),
        edited(BASE, ("touchpoints", 0, "name"), "Welcome"),
        ("fields", ("touchpoints",), {"greet": {"name": "Welcome"}}),
    ),
]


@pytest.mark.parametrize(
    ("ours", "theirs", "taken"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_what_goes_in(ours: dict[str, Any], theirs: dict[str, Any], taken: Any) -> None:
    result = merge(BASE, copy.deepcopy(ours), copy.deepcopy(theirs))
    assert result.conflicts == []
    changes = {
        name: getattr(result, name) for name in ("form", "lists", "fields", "added", "removed")
    }
    if taken is None:
        assert all(not value for value in changes.values())
    else:
        name, path, value = taken
        assert changes.pop(name) == {path: value}
        assert all(not rest for rest in changes.values())


def test_both_changed_a_field_their_own_way_is_a_conflict_naming_both_values() -> None:
    ours = edited(BASE, ("touchpoints", 0, "name"), "Hello")
    theirs = edited(BASE, ("touchpoints", 0, "name"), "Welcome")
    result = merge(BASE, ours, theirs)
    assert result.conflicts == [Conflict("touchpoints[greet].name", "Hello", "Welcome")]
    # with --force the workbook wins, so its value is what would go in
    assert result.fields == {("touchpoints",): {"greet": {"name": "Welcome"}}}


def test_a_row_added_in_the_workbook_goes_in_once() -> None:
    theirs = copy.deepcopy(BASE)
    theirs["touchpoints"].append({"id": "park", "name": "Parking", "stage": "before"})
    result = merge(BASE, copy.deepcopy(BASE), theirs)
    assert result.added == {("touchpoints",): [theirs["touchpoints"][-1]]}
    # the same row already added to the plan file by hand is not added twice
    assert merge(BASE, copy.deepcopy(theirs), theirs).added == {}


def test_a_row_deleted_in_the_workbook_is_removed() -> None:
    result = merge(BASE, copy.deepcopy(BASE), without(BASE, "book"))
    assert result.removed == {("touchpoints",): ["book"]}
    assert result.conflicts == []


def test_deleting_a_row_the_plan_file_changed_is_a_conflict() -> None:
    ours = edited(BASE, ("touchpoints", 1, "name"), "Online booking")
    result = merge(BASE, ours, without(BASE, "book"))
    assert result.conflicts == [Conflict("touchpoints[book]", "changed", "removed")]


def test_changing_a_row_the_plan_file_deleted_is_a_conflict() -> None:
    theirs = edited(BASE, ("touchpoints", 1, "name"), "Online booking")
    result = merge(BASE, without(BASE, "book"), theirs)
    assert result.conflicts == [Conflict("touchpoints[book]", "removed", "changed")]
    assert result.fields == {}


def test_rows_reordered_in_the_workbook_take_its_order() -> None:
    theirs = reordered(BASE, ["bill", "greet", "book"])
    result = merge(BASE, copy.deepcopy(BASE), theirs)
    assert result.order == {("touchpoints",): ["bill", "greet", "book"]}


def test_the_plan_files_own_order_wins_when_both_reordered() -> None:
    ours = reordered(BASE, ["book", "greet", "bill"])
    theirs = reordered(BASE, ["bill", "greet", "book"])
    assert merge(BASE, ours, theirs).order == {}


def test_what_a_cell_cannot_tell_apart_is_no_change() -> None:
    # an empty cell is nothing; Windows line breaks; 15 significant digits
    base = edited(BASE, ("touchpoints", 0, "name"), "Greeting\nat the door")
    theirs = edited(base, ("touchpoints", 0, "name"), "Greeting\r\nat the door")
    theirs = edited(theirs, ("touchpoints", 1, "owner"), "")
    base = edited(base, ("touchpoints", 2, "rating"), 0.1 + 0.2)
    theirs = edited(theirs, ("touchpoints", 2, "rating"), 0.3)
    result = merge(base, copy.deepcopy(base), theirs)
    assert result.fields == {} and result.conflicts == []
