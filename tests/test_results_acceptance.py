"""The measurement loop tried as a reviewer would: unseen files, every figure recounted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import fill


@pytest.fixture
def plan(example_copy: Callable[[str], Path]) -> Path:
    return example_copy("harbour-dental")


def test_a_walk_through_is_no_audit_in_the_site_period_and_overall_counts(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "lists"
    assert invoke("checklists", plan, "--fillable", "-o", out).exit_code == 0
    where = {"location:role-reception": "Northside", "date:role-reception": "2026-03-02"}
    sheet = fill(
        out / "role-reception.pdf",
        tmp_path / "sheet.pdf",
        {**where, "auditor:role-reception": "Ana", "s-greet": "/yes", "s-answer-calls": "/no"},
    )
    walk = fill(
        out / "walk-through.pdf",
        tmp_path / "walk.pdf",
        {
            "location:walk-through": "Northside",
            "walker:walk-through": "Bo",
            "date:walk-through": "2026-03-04",
            "rating:arrival": "/4",
        },
    )
    assert invoke("results", "import", sheet, walk, "--plan", plan).exit_code == 0
    for by in ("location", "period", "standard"):
        data = json.loads(invoke("results", "report", plan, "--by", by, "--json").output)
        # One audit answered standards; the walk-through rated touchpoints and is shown
        # beside them, never as an audit of the site or the month.
        assert {r["audits"] for r in data["rows"] if r["yes"] + r["no"]} == {1}, by
        assert data["overall"]["audits"] == 1
