"""`cxplan results actions`: standards below target become improvement actions in the plan.

For each standard below its target in the latest period (of the stored results), one
improvement action: source ``audit``, its touchpoint, owned by the touchpoint's owner
(else the standard's role), due at the period's end plus the plan's review cadence.
A standard that already has an open (or in-progress) audit action gets no second one.
``--apply`` writes them through the plan's editor, which keeps the file's comments and
refuses when the plan changed meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxplan.i18n import language
from cxplan.plan.ids import unique
from cxplan.plan.model import ActionSource, ActionStatus, Plan
from cxplan.results.scores import Scores, Window, period_bounds, period_label, period_sql
from cxplan.results.store import Store

DEFAULT_CADENCE = 30  # days, when the plan's review cadence says no interval
_CADENCES = (
    (re.compile(r"\b(daily|day|täglich|quotidien|diario)\b", re.I), 1),
    (re.compile(r"\b(fortnight|fortnightly|biweekly|two weeks|2 weeks)\b", re.I), 14),
    (re.compile(r"\b(weekly|week|wöchentlich|hebdomadaire|semanal)\b", re.I), 7),
    (re.compile(r"\b(quarterly|quarter|vierteljährlich|trimestriel|trimestral)\b", re.I), 91),
    (re.compile(r"\b(yearly|annual|annually|year|jährlich|annuel|anual)\b", re.I), 365),
    (re.compile(r"\b(monthly|month|monatlich|mensuel|mensual)\b", re.I), 30),
)


def cadence_days(text: str | None) -> int:
    """The days a review cadence stands for: weekly 7, monthly 30, quarterly 91..."""
    for pattern, days in _CADENCES:
        if text and pattern.search(text):
            return days
    return DEFAULT_CADENCE


def entry(
    ident: str,
    title: str,
    touchpoint: str | None,
    source: ActionSource,
    owner: str | None,
    due: dt.date,
) -> dict[str, Any]:
    """A new open improvement action as the plan file writes it (keys in the plan's order)."""
    out: dict[str, Any] = {"id": ident, "title": title}
    if touchpoint:
        out["touchpoint"] = touchpoint
    out["source"] = source.value
    if owner:
        out["owner"] = owner
    out["due"] = due
    out["status"] = ActionStatus.OPEN.value
    return out


@dataclass(frozen=True)
class Proposed:
    """One improvement action to add."""

    id: str
    title: str
    standard: str
    touchpoint: str | None
    owner: str | None
    due: dt.date
    compliance: float
    target: float

    def entry(self) -> dict[str, Any]:
        """The action as the plan file writes it."""
        return entry(self.id, self.title, self.touchpoint, ActionSource.AUDIT, self.owner, self.due)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.entry(),
            "standard": self.standard,
            "compliance": round(self.compliance, 2),
            "target": self.target,
        }


def has_open_action(plan: Plan, standard: str) -> bool:
    """True when an audit action for ``standard`` is still open or in progress."""
    prefix = f"audit-{standard}"
    for action in plan.improvement.actions:
        if action.status == ActionStatus.DONE:
            continue
        if action.id == prefix or re.fullmatch(rf"{re.escape(prefix)}-\d+", action.id):
            return True
    return False


def propose(
    store: Store, plan: Plan, *, period: str = "month"
) -> tuple[str | None, list[Proposed]]:
    """The latest period's label, and the actions its results call for."""
    last = Scores(store, plan).last_day()
    if last is None:
        return None, []
    key = _period_key(store, period, last)
    start, end = period_bounds(period, key)
    scores = Scores(store, plan, Window(start, end))
    standards = {s.id: s for s in plan.standards}
    owners = {t.id: t.owner for t in plan.touchpoints}
    taken = {a.id for a in plan.improvement.actions}
    due = end + dt.timedelta(days=cadence_days(plan.improvement.review_cadence))
    label = period_label(period, key)
    lang = language(plan.client.language)
    out = []
    for counts in scores.by_standard():
        standard = standards.get(counts.key)
        if standard is None or counts.compliance is None or counts.met is not False:
            continue
        if has_open_action(plan, standard.id):
            continue
        ident = unique(f"audit-{standard.id}", taken)
        taken.add(ident)
        what = standard.standard or standard.id
        # Written into the plan, so in the plan's language like every deliverable.
        title = lang.trn(
            "Raise compliance with {id} ({what}): {value} against a target of {target} in "
            "{period}, {no} of {count} answer No",
            "Raise compliance with {id} ({what}): {value} against a target of {target} in "
            "{period}, {no} of {count} answers No",
            counts.answered,
            id=standard.id,
            what=what,
            value=lang.percent(counts.compliance),
            target=lang.percent(counts.target or 0.0),
            period=label,
            no=lang.number(counts.no),
        )
        owner = owners.get(standard.touchpoint or "") or standard.role
        out.append(
            Proposed(
                ident,
                title,
                standard.id,
                standard.touchpoint,
                owner,
                due,
                counts.compliance,
                counts.target or 0.0,
            )
        )
    return label, out


def _period_key(store: Store, period: str, day: dt.date) -> str:
    rows = store.db.rows(
        f"SELECT {period_sql(period)} FROM submissions s WHERE s.dayno = :d", {"d": day.toordinal()}
    )
    return str(rows[0][0])


def apply(plan_path: Path, proposed: list[Proposed]) -> list[Proposed]:
    """Write the actions into the plan (those still missing when the plan is read again)."""
    from cxplan.plan.edit import editing

    with editing(plan_path) as editor:
        plan = editor.plan()
        taken = {a.id for a in plan.improvement.actions}
        added = [p for p in proposed if p.id not in taken and not has_open_action(plan, p.standard)]
        for action in added:
            editor.append(("improvement", "actions"), action.entry())
        editor.save()
    return added
