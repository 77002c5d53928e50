"""Customers' answers through the results store: survey imports saved, the customer section
of the report, the unhappy customers to call back, and feedback actions.

A survey import is one transaction under the store's lock: its file (with the measure it
was read for) is recorded once, and each response is keyed by the tool's response id (or
a hash of its row), so a second import of the same export, or of a later export holding
the same responses, adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxplan.errors import InputError, Location, Problem
from cxplan.i18n import language
from cxplan.plan.ids import unique
from cxplan.plan.model import ActionSource, ActionStatus, Measure, Plan
from cxplan.plan.vocab import FEEDBACK_KINDS
from cxplan.results import feedback
from cxplan.results.actions import entry as action_entry
from cxplan.results.feedback import Answer, Score
from cxplan.results.store import Store
from cxplan.results.surveys import Survey

TREND = 12  # periods of trend shown
COMMENTS = 5  # comments shown per touchpoint


def survey_hash(path: Path, measure: str) -> str:
    """The import's identity: the file's bytes and the measure they were read for (one
    export may feed an NPS and a CSAT measure)."""
    digest = hashlib.sha256(f"survey\x00{measure}\x00".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class SavedSurvey:
    """What a survey import added."""

    added: int
    known: int  # responses already in the store
    duplicate: bool  # the same file was imported for this measure before


_FIXED_SCALES = {"nps": (0, 10), "ces": (1, 7)}


def scale_of(store: Store, measure: str) -> tuple[int, int]:
    """The CSAT scale a measure's answers were given on (1-5 unless an import said)."""
    text = store.meta(f"scale:{measure}")
    if text:
        low, _, high = text.partition("-")
        return int(low), int(high)
    return (1, 5)


def save_survey(store: Store, survey: Survey, sha256: str, plan_version: str | None) -> SavedSurvey:
    """Store a read survey, all of it or none of it."""
    with store.db.begin():
        if store.seen(sha256) is not None:
            return SavedSurvey(0, 0, duplicate=True)
        if survey.kind == "csat":
            _check_scale(store, survey)
        before = _count(store, survey.measure)
        import_id = store.next_id("imports")
        store.db.run(
            "INSERT INTO imports (id, file, sha256, kind, plan_version, imported_at, "
            "submissions, answers) VALUES (:id, :file, :sha, 'survey', :pv, :at, 0, :n)",
            {
                "id": import_id,
                "file": survey.file,
                "sha": sha256,
                "pv": plan_version,
                "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n": len(survey.responses),
            },
        )
        rows = (
            {
                "r": r.key,
                "m": survey.measure,
                "i": import_id,
                "d": r.day.isoformat(),
                "n": r.day.toordinal(),
                "s": r.score,
                "t": r.touchpoint,
                "l": r.location,
                "g": r.segment,
                "c": r.comment,
            }
            for r in survey.responses
        )
        while batch := list(itertools.islice(rows, 50_000)):
            store.db.many(
                "INSERT INTO responses (response_id, measure, import_id, day, dayno, score, "
                "touchpoint, location, segment, comment) VALUES (:r, :m, :i, :d, :n, :s, :t, "
                ":l, :g, :c) ON CONFLICT (response_id, measure) DO NOTHING",
                batch,
            )
        added = _count(store, survey.measure) - before
        store.db.run(
            "UPDATE imports SET answers = :n WHERE id = :id", {"n": added, "id": import_id}
        )
    return SavedSurvey(added, len(survey.responses) - added, duplicate=False)


def _count(store: Store, measure: str) -> int:
    rows = store.db.rows("SELECT COUNT(*) FROM responses WHERE measure = :m", {"m": measure})
    return int(rows[0][0])


def _check_scale(store: Store, survey: Survey) -> None:
    key = f"scale:{survey.measure}"
    given = f"{survey.scale[0]}-{survey.scale[1]}"
    earlier = store.meta(key)
    if earlier is None:
        store.set_meta(key, given)
    elif earlier != given:
        low, _, high = earlier.partition("-")
        if not (int(low) <= survey.scale[0] and survey.scale[1] <= int(high)):
            raise InputError(
                [
                    Problem(
                        f"the answers of measure '{survey.measure}' stored before are on a "
                        f"{earlier} scale, this file's on {given}",
                        Location(survey.file),
                        field="--scale",
                    )
                ],
                hint=f"Give --scale {earlier} if this survey used it too. Nothing was stored.",
            )


def answers(
    store: Store,
    measure: str,
    *,
    comments: bool = False,
    days: tuple[dt.date, dt.date] | None = None,
    below: float | None = None,
) -> list[Answer]:
    """The stored answers of one measure: all of them (without their comments, which a
    figure does not need), or those of some days, or those scored ``below`` a bound."""
    # ``measure || ''`` reads the table straight through: for most of a table's rows,
    # that is three times faster than the index and a look-up per row (either database).
    where = "measure || '' = :m" if days is None else "measure = :m AND dayno BETWEEN :a AND :b"
    params: dict[str, Any] = {"m": measure}
    if days is not None:
        params.update(a=days[0].toordinal(), b=days[1].toordinal())
    if below is not None:
        where += " AND score < :below"
        params["below"] = below
    text = "comment" if comments else "NULL"
    cache: dict[int, dt.date] = {}
    return [
        Answer(cache.get(n) or cache.setdefault(n, dt.date.fromordinal(n)), s, t, loc, g, c, r)
        for r, n, s, t, loc, g, c in store.db.rows(
            f"SELECT response_id, dayno, score, touchpoint, location, segment, {text} "
            f"FROM responses WHERE {where} AND score IS NOT NULL",
            params,
        )
    ]


def feedback_measures(plan: Plan) -> list[Measure]:
    """The plan's NPS, CSAT and CES measures, in the plan's order."""
    return [m for m in plan.measures if m.kind in FEEDBACK_KINDS]


def _percent(measure: Measure) -> bool:
    return str(measure.scale or "") == "percent"


@dataclass
class MeasureResult:
    """One feedback measure over the stored answers: latest period, change, trend, splits."""

    measure: Measure
    kind: str
    scale: tuple[int, int]
    period: str | None = None
    latest: Score | None = None
    previous: Score | None = None
    trend: list[tuple[str, Score]] = field(default_factory=list)
    by_touchpoint: dict[str, Score] = field(default_factory=dict)
    by_location: dict[str, Score] = field(default_factory=dict)
    comments: dict[str, list[Answer]] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        """Latest minus the period before, when both are shown."""
        if self.latest is None or self.previous is None:
            return None
        if self.latest.value is None or self.previous.value is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def status(self) -> str:
        """'met', 'below' (the target), or 'unknown' (no target, or too few answers)."""
        target = self.measure.target
        if target is None or self.latest is None or self.latest.value is None:
            return "unknown"
        return "met" if self.latest.value >= float(target) else "below"

    def headline(self) -> str:
        """'NPS 42 ±9 (n=310), +5 on 2026-10; baseline 41, target 70 (below)'."""
        name = self.measure.name or self.measure.id
        if self.latest is None:
            return f"{name}: no answers yet"
        parts = [f"{name}, {self.period}: {self.latest.shown()}"]
        if self.change is not None:
            parts.append(f"{self.change:+.1f} on the period before")
        plan = []
        if self.measure.baseline is not None:
            plan.append(f"baseline {self.measure.baseline:g}")
        if self.measure.target is not None:
            plan.append(f"target {self.measure.target:g} ({self.status})")
        if plan:
            parts.append(", ".join(plan))
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        """The measure's figures, each with n (and its margin)."""

        def scores(items: dict[str, Score]) -> dict[str, Any]:
            return {key: s.as_json() for key, s in items.items()}

        return {
            "measure": self.measure.id,
            "name": self.measure.name,
            "kind": self.kind,
            "scale": list(self.scale),
            "period": self.period,
            "latest": self.latest.as_json() if self.latest else None,
            "previous": self.previous.as_json() if self.previous else None,
            "change": None if self.change is None else round(self.change, 1),
            "baseline": self.measure.baseline,
            "target": self.measure.target,
            "status": self.status,
            "trend": [{"period": p, **s.as_json()} for p, s in self.trend],
            "by_touchpoint": scores(self.by_touchpoint),
            "by_location": scores(self.by_location),
            "comments": {
                tp: [
                    {"day": a.day.isoformat(), "score": a.score, "comment": a.comment}
                    for a in found
                ]
                for tp, found in self.comments.items()
            },
        }


def measure_result(store: Store, measure: Measure, every: str = "month") -> MeasureResult:
    """The customer section's figures for one measure."""
    kind = str(measure.kind)
    # NPS and CES have one scale each; only a CSAT survey says which it used.
    scale = _FIXED_SCALES.get(kind) or scale_of(store, measure.id)
    result = MeasureResult(measure, kind, scale)
    found = answers(store, measure.id)
    if not found:
        return result
    options: dict[str, Any] = {"scale": scale, "percent": _percent(measure)}
    periods = feedback.breakdown(found, kind, every=every, **options)
    keys = sorted(periods, key=lambda k: str(k[-1]))
    result.trend = [(str(k[-1]), periods[k]) for k in keys[-TREND:]]
    result.period = str(keys[-1][-1])
    result.latest = periods[keys[-1]]
    result.previous = periods[keys[-2]] if len(keys) > 1 else None
    first, last = _bounds(str(result.period), every)
    latest = [a for a in found if first <= a.day <= last]
    for name, target in (("touchpoint", result.by_touchpoint), ("location", result.by_location)):
        for key, score in feedback.breakdown(latest, kind, by=[name], **options).items():
            if key[0] is not None:
                target[str(key[0])] = score
    with_comments = answers(store, measure.id, comments=True, days=(first, last))
    said = sorted(
        (a for a in with_comments if a.comment), key=lambda a: (a.day, a.key), reverse=True
    )
    for answer in said:
        bucket = result.comments.setdefault(answer.touchpoint or "", [])
        if len(bucket) < COMMENTS:
            bucket.append(answer)
    return result


def _bounds(key: str, every: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period named as ``feedback.period`` names it."""
    if every == "week":
        year, week = key.split("-W")
        first = dt.date.fromisocalendar(int(year), int(week), 1)
        return first, first + dt.timedelta(days=6)
    if every == "year":
        return dt.date(int(key), 1, 1), dt.date(int(key), 12, 31)
    if every == "quarter":
        year, q = key.split("-Q")
        start = dt.date(int(year), 3 * int(q) - 2, 1)
    else:
        year, month = key.split("-")
        start = dt.date(int(year), int(month), 1)
    months = 3 if every == "quarter" else 1
    ahead = start.month - 1 + months
    end = dt.date(start.year + ahead // 12, ahead % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def customer_section(store: Store, plan: Plan, every: str = "month") -> list[MeasureResult]:
    """Every feedback measure of the plan over the stored answers."""
    return [measure_result(store, m, every) for m in feedback_measures(plan)]


@dataclass(frozen=True)
class Followup:
    """One unhappy customer to call back."""

    measure: str
    kind: str
    answer: Answer

    def as_json(self) -> dict[str, Any]:
        a = self.answer
        return {
            "day": a.day.isoformat(),
            "measure": self.measure,
            "score": a.score,
            "touchpoint": a.touchpoint,
            "location": a.location,
            "segment": a.segment,
            "comment": a.comment,
            "response": a.key,
        }

    def line(self) -> str:
        a = self.answer
        where = " · ".join(p for p in (a.touchpoint, a.location, a.segment) if p)
        said = f' "{" ".join(a.comment.split())}"' if a.comment else ""
        return f"{a.day.isoformat()}  {self.measure} {a.score:g}  {where or '-'}  ({a.key}){said}"


def followups(
    store: Store, plan: Plan, *, since: dt.date | None = None, measure: str | None = None
) -> list[Followup]:
    """Detractors, dissatisfied and high-effort customers, newest first."""
    out = []
    for m in feedback_measures(plan):
        if measure is not None and m.id != measure:
            continue
        kind = str(m.kind)
        scale = scale_of(store, m.id)
        bound = {"nps": 7.0, "ces": 4.0}.get(kind, (scale[0] + scale[1]) / 2)
        found = answers(store, m.id, comments=True, below=bound)
        if since is not None:
            found = [a for a in found if a.day >= since]
        out += [
            Followup(m.id, kind, a) for a in feedback.followups(found, kind, scale_of(store, m.id))
        ]
    out.sort(key=lambda f: (f.answer.day, bool(f.answer.comment), f.answer.key), reverse=True)
    return out


@dataclass(frozen=True)
class FeedbackAction:
    """An improvement action for a feedback measure below target."""

    id: str
    title: str
    measure: str
    touchpoint: str | None
    owner: str | None
    due: dt.date
    value: float
    target: float

    def entry(self) -> dict[str, Any]:
        """The action as the plan file writes it."""
        return action_entry(
            self.id, self.title, self.touchpoint, ActionSource.FEEDBACK, self.owner, self.due
        )

    def as_json(self) -> dict[str, Any]:
        return {
            **self.entry(),
            "measure": self.measure,
            "value": round(self.value, 1),
            "target": self.target,
        }


def feedback_actions(
    store: Store, plan: Plan, *, every: str = "month"
) -> tuple[str | None, list[FeedbackAction]]:
    """The latest period with answers, and one action per feedback measure below target
    in it by more than its margin, at its weakest touchpoint; none while one is
    still open. Due at the period's end plus the plan's review cadence."""
    from cxplan.results.actions import cadence_days

    taken = {a.id for a in plan.improvement.actions}
    owners = {t.id: t.owner for t in plan.touchpoints}
    cadence = dt.timedelta(days=cadence_days(plan.improvement.review_cadence))
    latest: str | None = None
    out = []
    for result in customer_section(store, plan, every):
        if result.period is not None and (latest is None or result.period > latest):
            latest = result.period
        m = result.measure
        if result.status != "below" or result.latest is None or result.latest.value is None:
            continue
        # Below by more than its margin: a dip the sample cannot tell from noise is no action.
        if result.latest.value + (result.latest.margin or 0.0) >= float(m.target or 0.0):
            continue
        if has_open_feedback_action(plan, m.id):
            continue
        shown = {tp: s.value for tp, s in result.by_touchpoint.items() if s.value is not None}
        weakest = min(shown, key=lambda tp: shown[tp] or 0.0) if shown else None
        value = shown[weakest] if weakest else result.latest.value
        # Written into the plan, so in the plan's language like every deliverable.
        lang = language(plan.client.language)
        values = {
            "name": m.name or m.id,
            "value": lang.number(round(result.latest.value)),
            "target": lang.number(float(m.target or 0.0)),
            "figure": result.latest.shown(),
            "period": result.period,
        }
        title = (
            lang.tr(
                "Raise {name} from {value} towards {target} at {touchpoint} ({there}): "
                "{figure} in {period}; call back the unhappy customers "
                "(cxplan results followups)",
                touchpoint=weakest,
                there=lang.number(round(value)),
                **values,
            )
            if weakest
            else lang.tr(
                "Raise {name} from {value} towards {target}: {figure} in {period}; call back "
                "the unhappy customers (cxplan results followups)",
                **values,
            )
        )
        ident = unique(f"feedback-{m.id}", taken)
        taken.add(ident)
        out.append(
            FeedbackAction(
                id=ident,
                title=title,
                measure=m.id,
                touchpoint=weakest,
                owner=owners.get(weakest or "") or m.owner,
                due=_bounds(str(result.period), every)[1] + cadence,
                value=float(result.latest.value),
                target=float(m.target or 0.0),
            )
        )
    return latest, out


def has_open_feedback_action(plan: Plan, measure: str) -> bool:
    """True when a feedback action for ``measure`` is still open or in progress."""
    prefix = f"feedback-{measure}"
    return any(
        a.status != ActionStatus.DONE
        and (
            a.id == prefix or (a.id.startswith(prefix + "-") and a.id[len(prefix) + 1 :].isdigit())
        )
        for a in plan.improvement.actions
    )


def apply_feedback(plan_path: Path, proposed: list[FeedbackAction]) -> list[FeedbackAction]:
    """Write the actions into the plan (those still missing when it is read again)."""
    from cxplan.plan.edit import editing

    with editing(plan_path) as editor:
        plan = editor.plan()
        taken = {a.id for a in plan.improvement.actions}
        added = [
            p
            for p in proposed
            if p.id not in taken and not has_open_feedback_action(plan, p.measure)
        ]
        for action in added:
            editor.append(("improvement", "actions"), action.entry())
        editor.save()
    return added


@dataclass(frozen=True)
class Latest:
    """A feedback measure's latest figure, with what it rests on (the workbook's Dashboard
    shows it as numbers, the plan as a line)."""

    measure: Measure
    period: str
    score: Score

    def shown(self) -> str:
        """'42 ±9 (n=310, 2026-11)', as the plan shows it beside baseline and target."""
        score = self.score
        if score.value is None:
            return f"– (n={score.n}, {self.period})"
        mean = score.formula.startswith("mean")
        value = f"{score.value:.1f}" if mean else f"{score.value:.0f}"
        unit = "" if mean or score.kind == "nps" else "%"
        margin = f" ±{score.margin:.{1 if mean else 0}f}" if score.margin is not None else ""
        return f"{value}{unit}{margin} (n={score.n}, {self.period})"


def latest_scores(store: Store, plan: Plan, every: str = "month") -> tuple[Latest, ...]:
    """Each feedback measure's latest figure; measures without answers are left out."""
    return tuple(
        Latest(result.measure, str(result.period), result.latest)
        for result in customer_section(store, plan, every)
        if result.latest is not None
    )


def latest_figures(store: Store, plan: Plan, every: str = "month") -> dict[str, str]:
    """Each feedback measure's latest figure as the plan shows it beside baseline and
    target: '42 ±9 (n=310, 2026-11)'; measures without answers are left out."""
    return {latest.measure.id: latest.shown() for latest in latest_scores(store, plan, every)}
