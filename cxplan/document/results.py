"""The measurement chapter's results section: compliance by touchpoint, by site, and the trend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxplan.document.blocks import Cell
from cxplan.document.narrative import Narrative
from cxplan.document.plan import Builder
from cxplan.i18n import Language
from cxplan.plan.model import Plan
from cxplan.results.summary import Line, Summary

GOOD, NEAR, BELOW, NONE = "#DCEDC8", "#FFF2C2", "#F4C7C3", "#EEEEEE"


def _shade(line: Line) -> str:
    if line.compliance is None:
        return NONE
    if line.met:
        return GOOD
    if line.target is not None and line.compliance >= line.target - 10:
        return NEAR
    return BELOW


def _pct(line: Line) -> Cell:
    text = "–" if line.compliance is None else f"{line.compliance:.1f}%"
    return Cell(text, _shade(line))


def _rows(lines: tuple[Line, ...]) -> list[list[Any]]:
    return [
        [
            line.label,
            _pct(line),
            "" if line.target is None else f"{line.target:g}%",
            f"{line.answered:,}",
            f"{line.audits:,}",
        ]
        for line in lines
    ]


def results_section(builder: Any, summary: Summary) -> None:
    """Add the results to the plan: a heading, the headline, and three tables."""
    builder.heading("Results so far", 2)
    o = summary.overall
    share = "–" if o.compliance is None else f"{o.compliance:.1f}%"
    builder.para(
        f"From {summary.first} to {summary.last}, {o.audits:,} audits gave {o.answered:,} "
        f"Yes or No answers: {share} of them Yes (Σ yes ÷ Σ (yes + no), N.A. left out), "
        f"against a target of {o.target:g}%."
        if o.target is not None
        else f"{o.audits:,} audits gave {o.answered:,} answers: {share} compliance."
    )
    columns = [("", 3.0), ("Compliance", 1.2), ("Target", 1.0), ("Answers", 1.0), ("Audits", 1.0)]
    builder.table([("Touchpoint", 3.0), *columns[1:]], _rows(summary.touchpoints))
    builder.table([("Location", 3.0), *columns[1:]], _rows(summary.sites))
    builder.table([("Month", 3.0), *columns[1:]], _rows(summary.trend), "The last 12 months.")


class WithResults(Builder):
    """The plan's document with the stored results in its measurement chapter."""

    def __init__(
        self,
        plan: Plan,
        summary: Summary,
        *,
        narrative: Narrative,
        logo: Path | None = None,
        lang: Language | None = None,
        latest: dict[str, str] | None = None,
    ) -> None:
        super().__init__(plan, narrative=narrative, logo=logo, lang=lang, latest=latest)
        self.stored = summary

    def measures_chapter(self) -> None:
        super().measures_chapter()
        results_section(self, self.stored)
