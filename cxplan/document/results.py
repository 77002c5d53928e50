"""The measurement chapter's results section: compliance by touchpoint, by site, and the trend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cxplan.document.blocks import Cell
from cxplan.document.narrative import Narrative
from cxplan.document.plan import Builder
from cxplan.i18n import Language, _
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


def _pct(line: Line, lang: Language) -> Cell:
    text = "–" if line.compliance is None else lang.percent(line.compliance, 1)
    return Cell(text, _shade(line))


def _rows(lines: tuple[Line, ...], lang: Language) -> list[list[Any]]:
    return [
        [
            line.label,
            _pct(line, lang),
            "" if line.target is None else lang.percent(line.target),
            lang.number(line.answered),
            lang.number(line.audits),
        ]
        for line in lines
    ]


def _day(text: str, lang: Language) -> str:
    try:
        return lang.date(dt.date.fromisoformat(text))
    except ValueError:
        return text


def results_section(builder: Any, summary: Summary) -> None:
    """Add the results to the plan: a heading, the headline, and three tables."""
    lang: Language = builder.lang
    builder.heading(lang.tr("Results so far"), 2)
    o = summary.overall
    values = {
        "audits": lang.number(o.audits),
        "answers": lang.number(o.answered),
        "share": "–" if o.compliance is None else lang.percent(o.compliance, 1),
    }
    builder.para(
        lang.tr(
            "From {first} to {last}, {audits} audits gave {answers} Yes or No answers: {share} "
            "of them Yes (Σ yes ÷ Σ (yes + no), N.A. left out), against a target of {target}.",
            first=_day(summary.first, lang),
            last=_day(summary.last, lang),
            target=lang.percent(o.target),
            **values,
        )
        if o.target is not None
        else lang.tr("{audits} audits gave {answers} answers: {share} compliance.", **values)
    )
    columns = [
        ("", 3.0),
        (_("Compliance"), 1.2),
        (_("Target"), 1.0),
        (_("Answers"), 1.0),
        (_("Audits"), 1.0),
    ]
    builder.table([(_("Touchpoint"), 3.0), *columns[1:]], _rows(summary.touchpoints, lang))
    builder.table([(_("Location"), 3.0), *columns[1:]], _rows(summary.sites, lang))
    builder.table(
        [(_("Month"), 3.0), *columns[1:]],
        _rows(summary.trend, lang),
        lang.tr("The last 12 months."),
    )


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
