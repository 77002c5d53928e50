"""What the plan's deliverables show of the stored results: a small, plain summary.

The build reads it when the plan has a results store, so the measurement chapter carries
compliance by touchpoint and by site and the trend; without a store there is no summary
and the deliverables are byte for byte what they were.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cxplan.errors import CxplanError
from cxplan.plan.model import Plan

TREND = 12


@dataclass(frozen=True)
class Line:
    """One row of the summary: a name, its compliance (None without answers), n, target."""

    label: str
    compliance: float | None
    answered: int
    audits: int
    target: float | None
    met: bool | None


@dataclass(frozen=True)
class Summary:
    """Compliance overall, by touchpoint, by site and month by month (the last 12 months)."""

    first: str
    last: str
    overall: Line
    touchpoints: tuple[Line, ...]
    sites: tuple[Line, ...]
    trend: tuple[Line, ...]


def summary_for(plan_path: Path, plan: Plan) -> Summary | None:
    """The summary of the plan's stored results; None when it has none (or they cannot be
    read: the deliverables never fail for the store's sake)."""
    from cxplan.results.scores import Counts, Scores
    from cxplan.results.store import ENV, default_place, open_store

    where = os.environ.get(ENV) or str(default_place(plan_path))
    if "://" not in where and not Path(where).is_file():
        return None
    try:
        with open_store(where, create=False) as store:
            scores = Scores(store, plan)
            overall = scores.overall()
            if not overall.audits:
                return None

            def line(c: Counts) -> Line:
                return Line(c.label, c.compliance, c.answered, c.audits, c.target, c.met)

            days = store.db.rows("SELECT MIN(day), MAX(day) FROM submissions")[0]
            return Summary(
                str(days[0]),
                str(days[1]),
                line(overall),
                tuple(line(c) for c in scores.by_touchpoint()),
                tuple(line(c) for c in scores.by_location()),
                tuple(line(c) for c in scores.by_period("month")[-TREND:]),
            )
    except CxplanError:
        return None
