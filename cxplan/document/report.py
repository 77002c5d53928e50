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
from cxplan.i18n import Language, _, resolve
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

NO_LOCATION = _("(no location)")
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


def pct(counts: Counts | None, lang: Language | None = None) -> str:
    if counts is None or counts.compliance is None:
        return "–"
    low = "*" if counts.low_sample else ""
    if lang is None:
        return f"{counts.compliance:.1f}%{low}"
    return lang.percent(counts.compliance, 1) + low


def period_name(lang: Language, period: str, key: str) -> str:
    """A period as the plan's language says it: ``Februar 2026``, ``Q1 2026``, ``W05 2026``."""
    first, _last = period_bounds(period, key)
    if period == "month":
        return lang.month(first)
    if period == "quarter":
        return lang.tr("Q{quarter} {year}", quarter=(first.month + 2) // 3, year=first.year)
    year, week, _day = first.isocalendar()
    number = str(week).zfill(2)
    return lang.tr("W{week} {year}", week=number, year=year)


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
        # Every fixed text, number and date in the plan's language, as in the plan itself.
        self.lang = resolve(plan.client.language)[0]
        self.tr = self.lang.tr

    def pct(self, counts: Counts | None) -> str:
        return pct(counts, self.lang)

    def n(self, value: float) -> str:
        return self.lang.number(value)

    def day(self, value: dt.date | str | None) -> str:
        if not value:
            return "–"
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        return self.lang.date(day, "medium")

    def table(self, columns: list[tuple[str, float]], rows: list[list[Cell]], caption: str) -> None:
        """A table; its column titles and caption are English texts, translated here."""
        self.blocks.append(
            Table(
                tuple(Column(self.tr(t), w) for t, w in columns),
                tuple(tuple(r) for r in rows),
                self.tr(caption) if caption else "",
            )
        )

    def build(self, today: dt.date | None = None) -> Document:
        plan = self.plan
        last = self.scores.last_day()
        first_rows = self.store.db.rows("SELECT MIN(dayno) FROM submissions")
        first = dt.date.fromordinal(int(first_rows[0][0])) if first_rows[0][0] else None
        self.blocks.append(
            Cover(
                title=self.tr("CX performance report"),
                client=plan.client.name,
                subtitle=self.tr(
                    "Service-standard compliance, {first} to {last}",
                    first=self.day(first),
                    last=self.day(last),
                ),
                firm=plan.prepared_by.firm,
                consultant=plan.prepared_by.consultant,
                date=today or last,
                logo=None,
            )
        )
        if last is None or first is None:
            self.blocks.append(Paragraph((Span(self.tr("No results are stored yet.")),)))
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
            title=self.tr("CX performance report: {client}", client=plan.client.name),
            client=plan.client.name,
            author=plan.prepared_by.consultant or "",
            company=plan.prepared_by.firm or "",
            subject=self.tr("Service-standard compliance"),
            keywords="cxplan; results",
            brand=plan.client.brand_color or DEFAULT_BRAND,
            date=today or last,
            language=self.lang.tag,
        )
        return Document(meta, self.blocks)

    def _heading(self, text: str, n: int) -> None:
        self.blocks.append(Heading(self.tr(text), 1, f"r{n}"))

    def _headline(self, last: dt.date) -> None:
        self._heading(_("Headline"), 1)
        tr, lang = self.tr, self.lang
        periods = self.scores.by_period(self.period)
        now = periods[-1] if periods else None
        before = periods[-2] if len(periods) > 1 else None
        overall = self.scores.overall()
        change = "–"
        if now and before and now.compliance is not None and before.compliance is not None:
            diff = now.compliance - before.compliance
            change = tr(
                "{change} points on {period}",
                change=("+" if diff >= 0 else "") + lang.number(diff, 1),
                period=period_name(lang, self.period, before.key),
            )
        latest = (
            lang.colon(period_name(lang, self.period, now.key)) + " " + self.pct(now)
            if now
            else "–"
        )
        facts = [
            (
                tr("Compliance, all results"),
                tr(
                    "{share} of {count} answers",
                    share=self.pct(overall),
                    count=self.n(overall.answered),
                ),
            ),
            (tr("Latest period"), latest),
            (tr("Change"), change),
            (
                tr("Target"),
                lang.percent(overall.target, 1 if overall.target % 1 else 0)
                if overall.target is not None
                else "–",
            ),
            (
                tr("Audits"),
                tr(
                    "{audits} ({failed} failed on a critical)",
                    audits=self.n(overall.audits),
                    failed=self.n(overall.critical_failed),
                ),
            ),
        ]
        self.blocks.append(Facts(tuple(facts)))

    def _league(self) -> None:
        self._heading(_("Site league table"), 2)
        rows = []
        for rank, c in enumerate(self.scores.by_location(), start=1):
            rows.append(
                [
                    Cell(str(rank)),
                    Cell(self.tr(c.label) if c.label == NO_LOCATION else c.label),
                    Cell(self.pct(c), shade(c)),
                    Cell(self.n(c.audits)),
                    Cell(self.n(c.answered)),
                    Cell(self.n(c.critical_failed)),
                ]
            )
        self.table(
            [
                ("#", 0.4),
                (_("Location"), 3),
                (_("Compliance"), 1.2),
                (_("Audits"), 1),
                (_("Answers"), 1),
                (_("Critical fails"), 1.2),
            ],
            rows,
            _("Sites ranked by compliance (Σ yes ÷ Σ (yes + no))."),
        )

    def _trend(self) -> None:
        self._heading(self.tr("Trend over the last {count} periods", count=TREND), 3)
        periods = self.scores.by_period(self.period)[-TREND:]
        rows = [
            [
                Cell(period_name(self.lang, self.period, c.key)),
                Cell(self.pct(c), shade(c)),
                Cell(self.n(c.audits)),
                Cell(self.n(c.answered)),
            ]
            for c in periods
        ]
        self.table(
            [(_("Period"), 2), (_("Compliance"), 1.5), (_("Audits"), 1), (_("Answers"), 1)],
            rows,
            "",
        )

    def _bottom(self) -> None:
        self._heading(_("The ten standards furthest below"), 4)
        rows = [
            [
                Cell(c.key),
                Cell(self.pct(c), shade(c)),
                Cell(self.lang.percent(c.target, 1 if c.target % 1 else 0) if c.target else "–"),
                Cell(self.n(c.no)),
                Cell(self.n(c.answered)),
            ]
            for c in worst(self.scores.by_standard())
        ]
        self.table(
            [
                (_("Standard"), 3),
                (_("Compliance"), 1.2),
                (_("Target"), 1),
                (_("No"), 1),
                (_("Answers"), 1),
            ],
            rows,
            "",
        )

    def _heatmap(self) -> None:
        self._heading(_("Touchpoints by site"), 5)
        cells = heatmap(self.scores)
        touchpoints = [t for t in self.plan.touchpoints if any(k[1] == t.id for k in cells)]
        sites = [c.key for c in self.scores.by_location()]
        names = {s.id: s.name for s in self.plan.client.sites()}
        target = self.scores.overall_target
        for start in range(0, len(touchpoints), HEAT_COLUMNS):
            part = touchpoints[start : start + HEAT_COLUMNS]
            rows = []
            for site in sites:
                row = [Cell(names.get(site, site or self.tr(NO_LOCATION)))]
                for tp in part:
                    got = cells.get((site, tp.id))
                    if got is not None:
                        got.target = target
                    row.append(Cell(self.pct(got), shade(got)))
                rows.append(row)
            # Touchpoint names are the plan's own words: not looked up in the catalogs.
            columns = [Column(self.tr(_("Location")), 2.5)] + [
                Column(t.name or t.id, 1) for t in part
            ]
            self.blocks.append(Table(tuple(columns), tuple(tuple(r) for r in rows), ""))

    def _critical(self) -> None:
        self._heading(_("Critical failures"), 6)
        failures = self.scores.critical_failures()
        if not failures:
            none = self.tr("No critical standard was answered No.")
            self.blocks.append(Paragraph((Span(none),)))
            return
        rows = [
            [
                Cell(self.day(f["day"])),
                Cell(str(f["site"] or "")),
                Cell(str(f["standard"])),
                Cell(str(f["auditor"] or "")),
                Cell(str(f["comment"] or "")),
            ]
            for f in failures
        ]
        self.table(
            [
                (_("Date"), 1),
                (_("Location"), 1.5),
                (_("Standard"), 1.5),
                (_("Auditor"), 1),
                (_("Comment"), 2.5),
            ],
            rows,
            _("The latest audits failed by a No to a critical standard."),
        )

    def _actions(self, today: dt.date) -> None:
        self._heading(_("Improvement actions"), 7)
        tr = self.tr
        actions = self.plan.improvement.actions
        still = [a for a in actions if a.status != ActionStatus.DONE]
        overdue = [a for a in still if a.due and a.due < today]
        audit = [a for a in actions if a.source and a.source.value == "audit"]
        self.blocks.append(
            Facts(
                (
                    (
                        tr("Open or in progress"),
                        tr("{some} of {all}", some=self.n(len(still)), all=self.n(len(actions))),
                    ),
                    (tr("Overdue"), self.n(len(overdue))),
                    (tr("From audits"), self.n(len(audit))),
                )
            )
        )
        if overdue:
            self.blocks.append(
                Bullets(
                    tuple(
                        (
                            Span(self.lang.colon(a.id) + " ", bold=True),
                            Span(
                                tr(
                                    "{title} (due {date})",
                                    title=a.title or "",
                                    date=self.day(a.due),
                                )
                            ),
                        )
                        for a in overdue
                    )
                )
            )

    def _coverage(self, first: dt.date, last: dt.date) -> None:
        self._heading(_("Coverage"), 8)
        rows = []
        for c in coverage(self.scores, first, last):
            expected = c["expected"]
            rows.append(
                [
                    Cell(c["standard"]),
                    Cell(self.tr(c["frequency"])),
                    Cell(self.n(c["done"])),
                    Cell("–" if expected is None else self.n(expected)),
                    Cell("–" if c["na_share"] is None else self.lang.percent(c["na_share"], 1)),
                ]
            )
        self.table(
            [
                (_("Standard"), 3),
                (_("Frequency"), 1.2),
                (_("Audits"), 1),
                (_("Expected"), 1),
                (_("N.A."), 1),
            ],
            rows,
            _("Audits done against those each standard's frequency implies at its sites."),
        )

    def _method(self) -> None:
        self._heading(_("Method"), 9)
        method = self.tr(
            "Compliance is Σ w·yes ÷ Σ w·(yes + no) over every answer in a row: a ratio of sums, "
            "never a mean of audit percentages, with each standard's weight as the plan gave it "
            "at import. N.A. and unanswered items are counted but never in the denominator. An "
            "audit with a No to a critical standard fails, its percentage still counted. A "
            "figure marked * rests on fewer than {count} answers. Targets are each standard's "
            "own (the percentage in its target), else the plan's compliance target.",
            count=LOW_SAMPLE,
        )
        self.blocks.append(Paragraph((Span(method),), kind="note"))


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
