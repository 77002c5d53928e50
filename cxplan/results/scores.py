"""Compliance the way inspection apps compute it, by standard, touchpoint, role, site or period.

compliance = Σ w·yes ÷ Σ w·(yes + no), a ratio of sums over every answer in the group
(never a mean of audit percentages); N.A. and blank answers are counted and shown but
never in the denominator. A standard's weight and whether it is critical are those the
plan gave when the answers were imported. An audit with a No to a critical standard
fails, its percentage still shown. Fewer than ``LOW_SAMPLE`` answers is a low sample.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cxplan.plan.model import MeasureKind, Plan
from cxplan.results.store import Store

BY = ("standard", "touchpoint", "role", "location", "period")
PERIODS = ("week", "month", "quarter")
LOW_SAMPLE = 5
DEFAULT_TARGET = 90.0  # percent, when neither a standard nor a compliance measure gives one
NOT_IN_PLAN = "(not in the plan)"
NO_ROLE = "(no role)"
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_ALL = re.compile(r"\b(all|every|always|each|100)\b", re.IGNORECASE)


def target_of(text: str | None) -> float | None:
    """The compliance a standard's target asks for: its (last) percentage; 100 for "all"."""
    if not text:
        return None
    found = _PERCENT.findall(text)
    if found:
        return min(100.0, float(found[-1].replace(",", ".")))
    return 100.0 if _ALL.search(text) else None


def plan_target(plan: Plan) -> float:
    """The plan's overall compliance target: its compliance measure's, else the default."""
    for measure in plan.measures:
        if measure.kind == MeasureKind.COMPLIANCE and measure.target is not None:
            return float(measure.target)
    return DEFAULT_TARGET


@dataclass
class Counts:
    """The answers of one group, and the compliance they give."""

    key: str
    label: str
    yes: int = 0
    no: int = 0
    na: int = 0
    blank: int = 0
    yes_weight: float = 0.0
    answered_weight: float = 0.0
    audits: int = 0
    critical_failed: int = 0  # audits failed by a No to a critical standard
    target: float | None = None

    def add(self, other: Counts) -> None:
        self.yes += other.yes
        self.no += other.no
        self.na += other.na
        self.blank += other.blank
        self.yes_weight += other.yes_weight
        self.answered_weight += other.answered_weight
        self.audits += other.audits
        self.critical_failed += other.critical_failed

    @property
    def answered(self) -> int:
        return self.yes + self.no

    @property
    def compliance(self) -> float | None:
        """Percent, or None when nothing was answered yes or no."""
        if self.answered_weight <= 0:
            return None
        return 100.0 * self.yes_weight / self.answered_weight

    @property
    def met(self) -> bool | None:
        if self.compliance is None or self.target is None:
            return None
        return self.compliance + 1e-9 >= self.target

    @property
    def low_sample(self) -> bool:
        return self.answered < LOW_SAMPLE

    def as_json(self) -> dict[str, Any]:
        c = self.compliance
        return {
            "key": self.key,
            "label": self.label,
            "yes": self.yes,
            "no": self.no,
            "na": self.na,
            "blank": self.blank,
            "compliance": None if c is None else round(c, 2),
            "target": self.target,
            "met": self.met,
            "low_sample": self.low_sample,
            "audits": self.audits,
            "critical_failed": self.critical_failed,
        }


@dataclass(frozen=True)
class Window:
    """Which days count: from ``since`` to ``until``, both included (None: open)."""

    since: dt.date | None = None
    until: dt.date | None = None

    def sql(self, column: str = "s.dayno", *also: str) -> tuple[str, dict[str, int]]:
        """The WHERE clause of the window (and the conditions ``also``), and its values."""
        parts, params = list(also), {}
        if self.since:
            parts.append(f"{column} >= :lo")
            params["lo"] = self.since.toordinal()
        if self.until:
            parts.append(f"{column} <= :hi")
            params["hi"] = self.until.toordinal()
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _sums(audits: str) -> str:
    """The counts of a group of answers, with how its distinct audits are counted."""
    return (
        "COUNT(*) FILTER (WHERE a.result = 'yes'), "
        "COUNT(*) FILTER (WHERE a.result = 'no'), "
        "COUNT(*) FILTER (WHERE a.result = 'na'), "
        "COUNT(*) FILTER (WHERE a.result = 'blank'), "
        "SUM(a.weight) FILTER (WHERE a.result = 'yes'), "
        "SUM(a.weight) FILTER (WHERE a.result IN ('yes', 'no')), "
        f"{audits}, "
        "COUNT(*) FILTER (WHERE a.result = 'no' AND a.critical = 1)"
    )


# Per (site, standard) group a submission answers a standard once (the answers' primary
# key), so the group's answers are its distinct audits: COUNT(*), no COUNT(DISTINCT).
_SUMS = _sums("COUNT(*)")
# A group wider than one standard (a role's) holds several answers of one audit.
_GROUP_SUMS = _sums("COUNT(DISTINCT a.submission)")
# An audit is a submission with answers to standards: a walk-through rates touchpoints
# only, and counting it would swell a site's audits and its coverage.
_SUBMISSION_SUMS = (
    "SUM(s.yes), SUM(s.no), SUM(s.na), SUM(s.blank), SUM(s.yes_weight), "
    "SUM(s.answered_weight), "
    "SUM(CASE WHEN s.yes + s.no + s.na + s.blank > 0 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN s.critical_failed > 0 THEN 1 ELSE 0 END)"
)


def _counts(key: str, label: str, row: Sequence[Any]) -> Counts:
    return Counts(
        key,
        label,
        int(row[0] or 0),
        int(row[1] or 0),
        int(row[2] or 0),
        int(row[3] or 0),
        float(row[4] or 0),
        float(row[5] or 0),
        int(row[6] or 0),
        int(row[7] or 0),
    )


def period_sql(period: str) -> str:
    """The SQL of a submission's period: the Monday of its week, its month or its quarter."""
    if period == "week":
        return "CAST(s.dayno - ((s.dayno - 1) % 7) AS TEXT)"
    if period == "month":
        return "SUBSTR(s.day, 1, 7)"
    if period == "quarter":
        quarter = "(CAST(SUBSTR(s.day, 6, 2) AS INTEGER) + 2) / 3"
        return f"SUBSTR(s.day, 1, 4) || '-Q' || CAST({quarter} AS TEXT)"
    raise ValueError(period)


def period_label(period: str, key: str) -> str:
    if period == "week":
        monday = dt.date.fromordinal(int(key))
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}"
    return key


def period_bounds(period: str, key: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period."""
    if period == "week":
        start = dt.date.fromordinal(int(key))
        return start, start + dt.timedelta(days=6)
    year = int(key[:4])
    if period == "month":
        month = int(key[5:7])
        first = dt.date(year, month, 1)
    else:
        month = (int(key[-1]) - 1) * 3 + 1
        first = dt.date(year, month, 1)
        month += 2
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


class Scores:
    """The store's answers scored against one plan."""

    def __init__(self, store: Store, plan: Plan, window: Window | None = None) -> None:
        self.store = store
        self.plan = plan
        self.window = window or Window()
        self.standards = {s.id: s for s in plan.standards}
        self.overall_target = plan_target(plan)
        self._by_standard: list[Counts] | None = None
        self._site_standard: dict[tuple[str, str], Counts] | None = None

    def target(self, standard: str) -> float:
        found = self.standards.get(standard)
        got = target_of(str(found.target)) if found is not None and found.target else None
        return self.overall_target if got is None else got

    def by_standard(self) -> list[Counts]:
        if self._by_standard is None:
            self._by_standard = self._standards()
        return [replace(c) for c in self._by_standard]

    def site_standard(self) -> dict[tuple[str, str], Counts]:
        """The answers per (site, standard), in one pass over them that every table by
        standard, site or touchpoint then adds up (a submission is at one site, so its
        audits add up too)."""
        if self._site_standard is None:
            # CROSS JOIN keeps the submissions outer on SQLite (it would read every answer
            # first, a month's report costing a year's); PostgreSQL plans it by itself.
            where, params = self.window.sql("s.dayno", "a.submission = s.id")
            rows = self.store.db.rows(
                f"SELECT s.site, a.standard, {_SUMS} FROM submissions s CROSS JOIN answers a"
                f"{where} GROUP BY s.site, a.standard",
                params,
            )
            self._site_standard = {
                ("" if r[0] is None else str(r[0]), str(r[1])): _counts("", "", r[2:]) for r in rows
            }
        return self._site_standard

    def _standards(self) -> list[Counts]:
        totals: dict[str, Counts] = {}
        for (_, ident), counts in self.site_standard().items():
            totals.setdefault(ident, Counts(ident, "")).add(counts)
        out = []
        for ident, counts in totals.items():
            found = self.standards.get(ident)
            label = f"{ident}: {found.standard}" if found and found.standard else ident
            counts.label = str(label if found else f"{ident} {NOT_IN_PLAN}")
            counts.target = self.target(ident)
            out.append(counts)
        order = {s.id: i for i, s in enumerate(self.plan.standards)}
        return sorted(out, key=lambda c: (order.get(c.key, 10**9), c.key))

    def _grouped(self, name: str, of: dict[str, str], labels: dict[str, str]) -> list[Counts]:
        groups: dict[str, Counts] = {}
        targets: dict[str, list[float]] = {}
        for counts in self.by_standard():
            key = of.get(counts.key, NOT_IN_PLAN)
            group = groups.setdefault(key, Counts(key, labels.get(key, key)))
            group.add(counts)
            targets.setdefault(key, []).append(self.target(counts.key))
        has_measure = any(
            m.kind == MeasureKind.COMPLIANCE and m.target is not None for m in self.plan.measures
        )
        for key, group in groups.items():
            group.target = (
                self.overall_target if has_measure else sum(targets[key]) / len(targets[key])
            )
            # A group's audits: those that answered any of its standards (counted once).
            group.audits = self._audits(
                [s for s, k in of.items() if k == key] if key != NOT_IN_PLAN else None
            )
        order = list(labels)
        return sorted(
            groups.values(), key=lambda c: (order.index(c.key) if c.key in order else 10**9, c.key)
        )

    def _audits(self, standards: list[str] | None) -> int:
        if standards is None:
            return 0
        names = {f"s{i}": s for i, s in enumerate(standards)}
        if not names:
            return 0
        cond = f"a.standard IN ({', '.join(':' + n for n in names)})"
        where, params = self.window.sql("s.dayno", cond)
        rows = self.store.db.rows(
            f"SELECT COUNT(DISTINCT a.submission) FROM answers a JOIN submissions s ON s.id = "
            f"a.submission{where}",
            {**params, **names},
        )
        return int(rows[0][0] or 0)

    def by_touchpoint(self) -> list[Counts]:
        of = {s.id: s.touchpoint or "" for s in self.plan.standards}
        labels = {t.id: t.name or t.id for t in self.plan.touchpoints}
        labels[""] = "(no touchpoint)"
        return self._grouped("touchpoint", of, labels)

    def by_role(self) -> list[Counts]:
        """An answer counts under the role whose checklist it was filled in on, else under
        the role the plan gives its standard."""
        of = {s.id: s.role or NO_ROLE for s in self.plan.standards}
        order = list(dict.fromkeys(of.values()))
        names: dict[str, str] = {"none": NOT_IN_PLAN}
        cases = []
        for i, (standard, role) in enumerate(of.items()):
            names[f"s{i}"], names[f"r{i}"] = standard, role
            cases.append(f"WHEN :s{i} THEN :r{i}")
        plan_role = f"CASE a.standard {' '.join(cases)} ELSE :none END" if cases else ":none"
        key = f"COALESCE(s.role, {plan_role})"
        where, params = self.window.sql()
        source = f"FROM answers a JOIN submissions s ON s.id = a.submission{where}"
        values: dict[str, Any] = {**params, **names}
        groups = {
            str(r[0]): _counts(str(r[0]), str(r[0]), r[1:])
            for r in self.store.db.rows(
                f"SELECT {key} AS k, {_GROUP_SUMS} {source} GROUP BY k", values
            )
        }
        targets: dict[str, list[float]] = {}
        for group, standard in self.store.db.rows(
            f"SELECT DISTINCT {key} AS k, a.standard {source}", values
        ):
            targets.setdefault(str(group), []).append(self.target(str(standard)))
        has_measure = any(
            m.kind == MeasureKind.COMPLIANCE and m.target is not None for m in self.plan.measures
        )
        for group, counts in groups.items():
            found = targets.get(group) or [self.overall_target]
            counts.target = self.overall_target if has_measure else sum(found) / len(found)
        return sorted(
            groups.values(),
            key=lambda c: (order.index(c.key) if c.key in order else 10**9, c.key),
        )

    def by_location(self) -> list[Counts]:
        """The league table: sites from best to worst compliance."""
        where, params = self.window.sql()
        rows = self.store.db.rows(
            f"SELECT s.site, {_SUBMISSION_SUMS} FROM submissions s{where} GROUP BY s.site", params
        )
        names = {site.id: site.name for site in self.plan.client.sites()}
        out = []
        for row in rows:
            key = "" if row[0] is None else str(row[0])
            counts = _counts(key, names.get(key, key or "(no location)"), row[1:])
            counts.target = self.overall_target
            out.append(counts)
        return sorted(
            out, key=lambda c: (-(c.compliance if c.compliance is not None else -1), c.key)
        )

    def by_period(self, period: str = "month") -> list[Counts]:
        where, params = self.window.sql()
        key_sql = period_sql(period)
        rows = self.store.db.rows(
            f"SELECT {key_sql} AS p, {_SUBMISSION_SUMS} FROM submissions s{where} GROUP BY p",
            params,
        )
        out = []
        for row in rows:
            key = str(row[0])
            counts = _counts(key, period_label(period, key), row[1:])
            counts.target = self.overall_target
            out.append(counts)
        return sorted(out, key=lambda c: period_bounds(period, c.key)[0])

    def by(self, name: str, period: str = "month") -> list[Counts]:
        if name == "standard":
            return self.by_standard()
        if name == "touchpoint":
            return self.by_touchpoint()
        if name == "role":
            return self.by_role()
        if name == "location":
            return self.by_location()
        if name == "period":
            return self.by_period(period)
        raise ValueError(name)

    def overall(self) -> Counts:
        where, params = self.window.sql()
        rows = self.store.db.rows(f"SELECT {_SUBMISSION_SUMS} FROM submissions s{where}", params)
        counts = _counts("all", "All audits", rows[0])
        counts.target = self.overall_target
        return counts

    def last_day(self) -> dt.date | None:
        where, params = self.window.sql()
        rows = self.store.db.rows(f"SELECT MAX(s.dayno) FROM submissions s{where}", params)
        return dt.date.fromordinal(int(rows[0][0])) if rows and rows[0][0] else None

    def critical_failures(self, limit: int = 50) -> list[dict[str, Any]]:
        """Audits failed by a No to a critical standard, newest first."""
        where, params = self.window.sql("s.dayno", "a.result = 'no' AND a.critical = 1")
        rows = self.store.db.rows(
            f"SELECT s.day, s.site, s.auditor, a.standard, a.comment, s.source FROM answers a "
            f"JOIN submissions s ON s.id = a.submission{where} ORDER BY s.dayno DESC, s.id "
            f"LIMIT {int(limit)}",
            params,
        )
        keys = ("day", "site", "auditor", "standard", "comment", "source")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def ratings(self) -> list[dict[str, Any]]:
        """Walk-through ratings per touchpoint: mean and n, beside the plan's own rating."""
        where, params = self.window.sql("s.dayno", "r.rating IS NOT NULL")
        rows = self.store.db.rows(
            f"SELECT r.touchpoint, AVG(r.rating), COUNT(*), "
            f"SUM(CASE WHEN r.rating >= 4 THEN 1 ELSE 0 END) FROM ratings r "
            f"JOIN submissions s ON s.id = r.submission{where} GROUP BY r.touchpoint",
            params,
        )
        plan = {t.id: t for t in self.plan.touchpoints}
        out = []
        for touchpoint, mean, n, good in rows:
            tp = plan.get(str(touchpoint))
            out.append(
                {
                    "touchpoint": str(touchpoint),
                    "name": (tp.name or tp.id) if tp else f"{touchpoint} {NOT_IN_PLAN}",
                    "mean": round(float(mean), 2),
                    "n": int(n),
                    "share_4_5": round(100.0 * int(good) / int(n), 1),
                    "plan_rating": tp.rating if tp else None,
                }
            )
        return out


def worst(rows: Iterable[Counts], count: int = 10) -> list[Counts]:
    """The ``count`` lowest-scoring groups that have answers."""
    scored = [r for r in rows if r.compliance is not None]
    return sorted(scored, key=lambda r: (r.compliance or 0.0, r.key))[:count]


def heatmap(scores: Scores) -> dict[tuple[str, str], Counts]:
    """Compliance per (site, touchpoint): the answers grouped by both."""
    touchpoint = {s.id: s.touchpoint or "" for s in scores.plan.standards}
    out: dict[tuple[str, str], Counts] = {}
    for (site, standard), counts in scores.site_standard().items():
        key = (site, touchpoint.get(standard, NOT_IN_PLAN))
        out.setdefault(key, Counts(f"{key[0]}|{key[1]}", "")).add(counts)
    return out


FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "fortnightly": 14, "monthly": 30, "quarterly": 91}


def coverage(scores: Scores, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Per standard: audits done against those its frequency implies at each of its sites."""
    done = {c.key: c for c in scores.by_standard()}
    sites = max(1, len(scores.plan.client.sites()))
    days = (last - first).days + 1
    out = []
    for standard in scores.plan.standards:
        every = FREQUENCY_DAYS.get(str(standard.frequency or "").strip().lower())
        counts = done.get(standard.id)
        where = len(standard.locations) or sites
        expected = max(1, round(days / every)) * where if every else None
        answered = counts.audits if counts else 0
        total = (counts.yes + counts.no + counts.na + counts.blank) if counts else 0
        out.append(
            {
                "standard": standard.id,
                "frequency": standard.frequency or "",
                "done": answered,
                "expected": expected,
                "na_share": round(100.0 * counts.na / total, 1) if counts and total else None,
            }
        )
    return out
