"""The CX performance report: the stored results as document blocks, for the Word and PDF writers.

Headline compliance with its change and n; the site league table; a 12-period trend; the
bottom ten standards; a touchpoint × site heatmap; critical failures; action status;
coverage; and a note on method. The same blocks as the plan, so Word and PDF agree.
"""

from __future__ import annotations

import datetime as dt

from cxplan.document.blocks import (
    Block,
    Bullets,
    Cell,
    Column,
    Cover,
    Document,
    Facts,
    Heading,
    Meta,
    Paragraph,
    Span,
    Table,
)
from cxplan.document.theme import DEFAULT_BRAND
from cxplan.plan.model import ActionStatus, Plan
from cxplan.results.scores import (
    LOW_SAMPLE,
    Counts,
    Scores,
    Window,
    coverage,
    heatmap,
    period_bounds,
    worst,
)
from cxplan.results.store import Store

TREND = 12  # periods in the trend
HEAT_COLUMNS = 12  # touchpoints across the heatmap; more go to a second table


def shade(counts: Counts | None) -> str | None:
    """Green at or above target, amber within 10 points, red below; grey without answers."""
    if counts is None or counts.compliance is None:
        return "#EEEEEE"
    if counts.met:
        return "#DCEDC8"
    if counts.target is not None and counts.compliance >= counts.target - 10:
        return "#FFF2C2"
    return "#F4C7C3"


def pct(counts: Counts | None) -> str:
    if counts is None or counts.compliance is None:
        return "–"
    low = "*" if counts.low_sample else ""
    return f"{counts.compliance:.1f}%{low}"


class ReportBuilder:
    """Builds the report of one plan's stored results over a window of days."""

    def __init__(
        self,
        plan: Plan,
        store: Store,
        *,
        period: str = "month",
        window: Window | None = None,
        scores: Scores | None = None,
    ) -> None:
        self.plan = plan
        self.store = store
        self.period = period
        # The caller's scores when it has them: what it summed already is not summed again.
        self.scores = scores or Scores(store, plan, window)
        self.blocks: list[Block] = []

    def table(self, columns: list[tuple[str, float]], rows: list[list[Cell]], caption: str) -> None:
        self.blocks.append(
            Table(tuple(Column(t, w) for t, w in columns), tuple(tuple(r) for r in rows), caption)
        )

    def build(self, today: dt.date | None = None) -> Document:
        plan = self.plan
        last = self.scores.last_day()
        first_rows = self.store.db.rows("SELECT MIN(dayno) FROM submissions")
        first = dt.date.fromordinal(int(first_rows[0][0])) if first_rows[0][0] else None
        self.blocks.append(
            Cover(
                title="CX performance report",
                client=plan.client.name,
                subtitle=f"Service-standard compliance, {first or '–'} to {last or '–'}",
                firm=plan.prepared_by.firm,
                consultant=plan.prepared_by.consultant,
                date=today or last,
                logo=None,
            )
        )
        if last is None or first is None:
            self.blocks.append(Paragraph((Span("No results are stored yet."),)))
        else:
            self._headline(last)
            self._league()
            self._trend()
            self._bottom()
            self._heatmap()
            self._critical()
            self._actions(today or last)
            self._coverage(first, last)
        self._method()
        meta = Meta(
            title=f"CX performance report: {plan.client.name}",
            client=plan.client.name,
            author=plan.prepared_by.consultant or "",
            company=plan.prepared_by.firm or "",
            subject="Service-standard compliance",
            keywords="cxplan; results",
            brand=plan.client.brand_color or DEFAULT_BRAND,
            date=today or last,
        )
        return Document(meta, self.blocks)

    def _heading(self, text: str, n: int) -> None:
        self.blocks.append(Heading(text, 1, f"r{n}"))

    def _headline(self, last: dt.date) -> None:
        self._heading("Headline", 1)
        periods = self.scores.by_period(self.period)
        now = periods[-1] if periods else None
        before = periods[-2] if len(periods) > 1 else None
        overall = self.scores.overall()
        change = "–"
        if now and before and now.compliance is not None and before.compliance is not None:
            change = f"{now.compliance - before.compliance:+.1f} points on {before.label}"
        facts = [
            ("Compliance, all results", f"{pct(overall)} of {overall.answered:,} answers"),
            ("Latest period", f"{now.label}: {pct(now)}" if now else "–"),
            ("Change", change),
            ("Target", f"{overall.target:g}%" if overall.target is not None else "–"),
            ("Audits", f"{overall.audits:,} ({overall.critical_failed:,} failed on a critical)"),
        ]
        self.blocks.append(Facts(tuple(facts)))

    def _league(self) -> None:
        self._heading("Site league table", 2)
        rows = []
        for rank, c in enumerate(self.scores.by_location(), start=1):
            rows.append(
                [
                    Cell(str(rank)),
                    Cell(c.label),
                    Cell(pct(c), shade(c)),
                    Cell(f"{c.audits:,}"),
                    Cell(f"{c.answered:,}"),
                    Cell(f"{c.critical_failed:,}"),
                ]
            )
        self.table(
            [
                ("#", 0.4),
                ("Location", 3),
                ("Compliance", 1.2),
                ("Audits", 1),
                ("Answers", 1),
                ("Critical fails", 1.2),
            ],
            rows,
            "Sites ranked by compliance (Σ yes ÷ Σ (yes + no)).",
        )

    def _trend(self) -> None:
        self._heading(f"Trend over the last {TREND} periods", 3)
        periods = self.scores.by_period(self.period)[-TREND:]
        rows = [
            [Cell(c.label), Cell(pct(c), shade(c)), Cell(f"{c.audits:,}"), Cell(f"{c.answered:,}")]
            for c in periods
        ]
        self.table([("Period", 2), ("Compliance", 1.5), ("Audits", 1), ("Answers", 1)], rows, "")

    def _bottom(self) -> None:
        self._heading("The ten standards furthest below", 4)
        rows = [
            [
                Cell(c.key),
                Cell(pct(c), shade(c)),
                Cell(f"{c.target:g}%" if c.target else "–"),
                Cell(f"{c.no:,}"),
                Cell(f"{c.answered:,}"),
            ]
            for c in worst(self.scores.by_standard())
        ]
        self.table(
            [("Standard", 3), ("Compliance", 1.2), ("Target", 1), ("No", 1), ("Answers", 1)],
            rows,
            "",
        )

    def _heatmap(self) -> None:
        self._heading("Touchpoints by site", 5)
        cells = heatmap(self.scores)
        touchpoints = [t for t in self.plan.touchpoints if any(k[1] == t.id for k in cells)]
        sites = [c.key for c in self.scores.by_location()]
        names = {s.id: s.name for s in self.plan.client.sites()}
        target = self.scores.overall_target
        for start in range(0, len(touchpoints), HEAT_COLUMNS):
            part = touchpoints[start : start + HEAT_COLUMNS]
            rows = []
            for site in sites:
                row = [Cell(names.get(site, site or "(no location)"))]
                for tp in part:
                    got = cells.get((site, tp.id))
                    if got is not None:
                        got.target = target
                    row.append(Cell(pct(got), shade(got)))
                rows.append(row)
            self.table([("Location", 2.5)] + [(t.name or t.id, 1) for t in part], rows, "")

    def _critical(self) -> None:
        self._heading("Critical failures", 6)
        failures = self.scores.critical_failures()
        if not failures:
            self.blocks.append(Paragraph((Span("No critical standard was answered No."),)))
            return
        rows = [
            [
                Cell(str(f["day"])),
                Cell(str(f["site"] or "")),
                Cell(str(f["standard"])),
                Cell(str(f["auditor"] or "")),
                Cell(str(f["comment"] or "")),
            ]
            for f in failures
        ]
        self.table(
            [("Date", 1), ("Location", 1.5), ("Standard", 1.5), ("Auditor", 1), ("Comment", 2.5)],
            rows,
            "The latest audits failed by a No to a critical standard.",
        )

    def _actions(self, today: dt.date) -> None:
        self._heading("Improvement actions", 7)
        actions = self.plan.improvement.actions
        still = [a for a in actions if a.status != ActionStatus.DONE]
        overdue = [a for a in still if a.due and a.due < today]
        audit = [a for a in actions if a.source and a.source.value == "audit"]
        self.blocks.append(
            Facts(
                (
                    ("Open or in progress", f"{len(still)} of {len(actions)}"),
                    ("Overdue", str(len(overdue))),
                    ("From audits", str(len(audit))),
                )
            )
        )
        if overdue:
            self.blocks.append(
                Bullets(
                    tuple(
                        (Span(f"{a.id}: ", bold=True), Span(f"{a.title or ''} (due {a.due})"))
                        for a in overdue
                    )
                )
            )

    def _coverage(self, first: dt.date, last: dt.date) -> None:
        self._heading("Coverage", 8)
        rows = []
        for c in coverage(self.scores, first, last):
            expected = c["expected"]
            rows.append(
                [
                    Cell(c["standard"]),
                    Cell(c["frequency"]),
                    Cell(f"{c['done']:,}"),
                    Cell("–" if expected is None else f"{expected:,}"),
                    Cell("–" if c["na_share"] is None else f"{c['na_share']:.1f}%"),
                ]
            )
        self.table(
            [("Standard", 3), ("Frequency", 1.2), ("Audits", 1), ("Expected", 1), ("N.A.", 1)],
            rows,
            "Audits done against those each standard's frequency implies at its sites.",
        )

    def _method(self) -> None:
        self._heading("Method", 9)
        self.blocks.append(
            Paragraph(
                (
                    Span(
                        "Compliance is Σ w·yes ÷ Σ w·(yes + no) over every answer in a row: a "
                        "ratio of sums, never a mean of audit percentages, with each standard's "
                        "weight as the plan gave it at import. N.A. and unanswered items are "
                        "counted but never in the denominator. An audit with a No to a critical "
                        "standard fails, its percentage still counted. A figure marked * rests "
                        f"on fewer than {LOW_SAMPLE} answers. Targets are each standard's own "
                        "(the percentage in its target), else the plan's compliance target."
                    ),
                ),
                kind="note",
            )
        )


def build_report(
    plan: Plan,
    store: Store,
    *,
    period: str = "month",
    window: Window | None = None,
    today: dt.date | None = None,
    scores: Scores | None = None,
) -> Document:
    """The CX performance report of a plan's stored results (from ``scores`` when given,
    the same plan's over the same window)."""
    return ReportBuilder(plan, store, period=period, window=window, scores=scores).build(today)


__all__ = ["build_report", "period_bounds"]
