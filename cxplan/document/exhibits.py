"""The exhibits consultants lead with, as blocks both the Word and the PDF plan draw:
the plan on a page, the roadmap by month, the owner matrix, the multi-lane journey map.

Each is a table (shaded cells, marks), so the two formats show the same exhibit; the
journey map sits on landscape pages and splits by stage and into panels of a few
touchpoints, so it stays readable at 5 touchpoints or 5,000.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from cxplan.document.blocks import Block, Cell, Column, Table
from cxplan.document.theme import ACTION_COLOURS, RATING_COLOURS, RATING_WORDS, STAGE_TITLES
from cxplan.i18n import Language, _
from cxplan.plan.model import Measure, MeasureKind, Plan, Stage, Touchpoint

PANEL = 7  # touchpoints across one landscape journey-map panel
SHOWN = 2 * PANEL  # touchpoints of a stage the map shows; a bigger stage shows its telling ones
MONTHS = 12  # months across the roadmap at most; later ones share the last
ROLES = 8  # role columns of the owner matrix; the rest share one
LANE = "#F2F2F2"
MARK = "#DCE6F1"
UNITS = {
    MeasureKind.NPS: _("NPS points"),
    MeasureKind.CSAT: _("% satisfied"),
    MeasureKind.CES: _("1-7 score"),
    MeasureKind.COMPLIANCE: _("% of checks met"),
}


def unit(m: Measure) -> str:
    """What a measure's numbers count: NPS points, a %, a 1-7 score, or its own unit."""
    if m.unit:
        return str(m.unit)
    return UNITS.get(m.kind, "") if m.kind else ""


def number(value: float | None, lang: Language) -> str:
    return "–" if value is None else lang.number(value)


def priorities(plan: Plan, count: int = 3) -> list[Touchpoint]:
    """The moments of truth to fix first: the lowest rated (unrated last), then others."""

    def rank(t: Touchpoint) -> tuple[int, int]:
        return (0 if t.moment_of_truth else 1, t.rating if t.rating is not None else 6)

    return sorted(plan.touchpoints, key=rank)[:count]


def plan_on_a_page(plan: Plan, today: dt.date, lang: Language) -> Table:
    """Vision, promise, the priority moments, headline measures, owners, the next 90 days."""
    tr = lang.tr
    by = _by(plan.vision.horizon, lang)
    rows: list[tuple[str, str]] = [
        (tr("Vision"), " ".join(x for x in (plan.vision.statement, by) if x)),
        (tr("Promise"), plan.experience.promise or plan.experience.statement or ""),
    ]
    moments = [
        f"{t.name or t.id} "
        + (
            tr("(today {rating}/5, {word})", rating=t.rating, word=tr(RATING_WORDS[t.rating]))
            if t.rating
            else tr("(not rated)")
        )
        for t in priorities(plan)
    ]
    rows.append((tr("Priority moments of truth"), "\n".join(f"• {m}" for m in moments)))
    headline = [m for m in plan.measures if m.baseline is not None or m.target is not None]
    rows.append(
        (
            tr("Headline measures"),
            "\n".join(
                f"• {m.name or m.id}: {number(m.baseline, lang)} → {number(m.target, lang)} "
                f"{tr(unit(m)) if unit(m) else ''}".rstrip()
                + (f" {by}" if by else "")  # "50 NPS points (by 2027)": no comma before it
                for m in headline[:6]
            ),
        )
    )
    owners = Counter(t.owner for t in plan.touchpoints if t.owner)
    rows.append(
        (
            tr("Owners"),
            "; ".join(f"{owner} ({count})" for owner, count in owners.most_common(8))
            + ("; …" if len(owners) > 8 else ""),
        )
    )
    soon = [
        a
        for a in plan.improvement.actions
        if a.status.value != "done" and (a.due is None or a.due <= today + dt.timedelta(days=90))
    ]
    soon.sort(key=lambda a: a.due or dt.date.max)
    rows.append(
        (
            tr("Next 90 days"),
            "\n".join(
                f"• {a.title or a.id}"
                + "".join(f" · {x}" for x in (a.owner, lang.date(a.due, "medium")) if x)
                for a in soon[:6]
            )
            + ("\n" + tr("… and {count} more", count=len(soon) - 6) if len(soon) > 6 else ""),
        )
    )
    kept = [(k, v) for k, v in rows if v.strip()]
    return Table(
        (Column("", 1.3), Column("", 5)),
        tuple((Cell(k, bold=True, shade=LANE), Cell(v)) for k, v in kept),
    )


def _by(horizon: str | None, lang: Language) -> str:
    return lang.tr("(by {horizon})", horizon=horizon) if horizon else ""


def roadmap(plan: Plan, today: dt.date, lang: Language) -> Table | None:
    """The improvement actions on a timeline by month, with owner and status."""
    actions = sorted(plan.improvement.actions, key=lambda a: (a.due is None, a.due or dt.date.max))
    if not actions:
        return None
    dated = [a.due for a in actions if a.due]
    start = min([today, *dated]).replace(day=1)
    end = max([today, *dated]).replace(day=1)
    # From now to the last due month (a year at most, six at least).
    span = (end.year - start.year) * 12 + end.month - start.month + 1
    months = [_add_months(start, i) for i in range(min(max(span, 6), MONTHS))]
    last = months[-1]
    from babel.dates import format_date

    # The month, and the year under the first month and every January.
    titles = [
        str(format_date(m, "LLL", locale=lang.locale)).rstrip(".")
        + (f"\n{m.year}" if i == 0 or m.month == 1 else "")
        for i, m in enumerate(months)
    ]
    if any(d >= _add_months(last, 1) for d in dated):
        titles[-1] += "+"
    columns = (
        Column(lang.tr("Action"), 3.2),
        Column(lang.tr("Owner"), 1.3),
        Column(lang.tr("Status"), 1.0),
        *(Column(t, 0.45, fit=True) for t in titles),
    )
    rows = []
    for a in actions:
        shade = ACTION_COLOURS.get(a.status.value, "#FFFFFF")
        status = Cell(lang.tr(a.status.value), shade=shade)
        cells = [Cell(a.title or a.id), Cell(a.owner or ""), status]
        due_month = a.due.replace(day=1) if a.due else None
        for m in months:
            if due_month is None:
                cells.append(Cell(""))
            elif m == due_month or (m == last and due_month > last):
                cells.append(Cell("◆", shade=shade, bold=True))
            elif m < due_month and m >= today.replace(day=1) and a.status.value != "done":
                cells.append(Cell("", shade=MARK))
            else:
                cells.append(Cell(""))
        rows.append(tuple(cells))
    caption = lang.tr("◆ due that month; shaded: the months until then.")
    if any(a.due is None for a in actions):
        caption += " " + lang.tr("Actions with no row marks have no due date yet.")
    return Table(columns, tuple(rows), caption)


def _add_months(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + count
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def owner_matrix(plan: Plan, lang: Language) -> Table | None:
    """Touchpoints by roles: A owns it, R does its standards, C checks it (owns a measure)."""
    if not plan.touchpoints:
        return None
    marks: dict[str, dict[str, set[str]]] = {t.id: {} for t in plan.touchpoints}
    for t in plan.touchpoints:
        if t.owner:
            marks[t.id].setdefault(t.owner, set()).add("A")
    for s in plan.standards:
        if s.touchpoint in marks and s.role:
            marks[s.touchpoint].setdefault(s.role, set()).add("R")
    for m in plan.measures:
        for ident in m.touchpoints:
            if ident in marks and m.owner:
                marks[ident].setdefault(m.owner, set()).add("C")
    counts = Counter(role for row in marks.values() for role in row)
    if not counts:
        return None
    roles = [r for r, _ in counts.most_common(ROLES)]
    others = len(counts) > ROLES
    columns = [
        Column(lang.tr("Touchpoint"), 2.6),
        *(Column(r, 1.0) for r in roles),
        *([Column(lang.tr("Other roles"), 1.6)] if others else []),
    ]
    rows = []
    for t in plan.touchpoints:
        row = [Cell(t.name or t.id, bold=True)]
        for r in roles:
            letters = "".join(x for x in "ARC" if x in marks[t.id].get(r, set()))
            row.append(Cell(letters, shade=MARK if letters else None))
        if others:
            rest = [
                f"{r} ({''.join(x for x in 'ARC' if x in v)})"
                for r, v in marks[t.id].items()
                if r not in roles
            ]
            row.append(Cell(", ".join(rest)))
        rows.append(tuple(row))
    return Table(
        tuple(columns),
        tuple(rows),
        lang.tr(
            "A: owns the touchpoint · R: responsible for its service standards · "
            "C: checks it (owns a measure that covers it)."
        ),
    )


def journey_lanes(plan: Plan, lang: Language) -> Iterator[Block]:
    """The multi-lane journey map: a panel per stage (or part of one); the caller puts it
    on landscape pages."""
    actions: dict[str, list[str]] = {}
    for a in plan.improvement.actions:
        if a.touchpoint:
            status = lang.tr(a.status.value)
            actions.setdefault(a.touchpoint, []).append(f"• {a.title or a.id} ({status})")
    for stage in [*Stage, None]:
        group = [t for t in plan.touchpoints if t.stage is stage]
        shown = _telling(group)
        for start in range(0, len(shown), PANEL):
            title = lang.tr(STAGE_TITLES[stage] if stage else "No stage yet")
            note = ""
            if len(shown) < len(group):
                note = lang.tr(
                    "{stage}: {shown} of {total} touchpoints, the moments of truth and the "
                    "lowest rated (all are in the touchpoint table). ",
                    stage=title,
                    shown=len(shown),
                    total=len(group),
                )
            elif len(group) > PANEL:
                note = lang.tr(
                    "{stage}: {first}-{last} of {total}. ",
                    stage=title,
                    first=start + 1,
                    last=min(start + PANEL, len(group)),
                    total=len(group),
                )
            yield _panel(title, shown[start : start + PANEL], actions, note, lang)


def _telling(group: list[Touchpoint]) -> list[Touchpoint]:
    """A stage's touchpoints for the map: all of them, or past two panels the moments of
    truth and the lowest rated, in journey order (every one is in "All touchpoints")."""
    if len(group) <= SHOWN:
        return group
    order = {id(t): i for i, t in enumerate(group)}
    ranked = sorted(group, key=lambda t: (not t.moment_of_truth, t.rating or 6, order[id(t)]))
    return sorted(ranked[:SHOWN], key=lambda t: order[id(t)])


def _panel(
    title: str,
    stops: list[Touchpoint],
    actions: dict[str, list[str]],
    note: str,
    lang: Language,
) -> Table:
    tr = lang.tr
    columns = (
        Column(title, max(1.4 * len(stops) / PANEL, 0.7), fit=True),
        *(Column(("★ " if t.moment_of_truth else "") + (t.name or t.id), 1.0) for t in stops),
    )

    def lane(label: str, cells: list[Cell]) -> tuple[Cell, ...]:
        return (Cell(label, bold=True, shade=LANE), *cells)

    rows = [lane(tr("Channel"), [Cell(t.channel or "") for t in stops])]
    # The emotion curve: one line per rating, the touchpoint's mark on today's.
    for rating in range(5, 0, -1):
        rows.append(
            lane(
                f"{rating} {tr(RATING_WORDS[rating])}",
                [
                    Cell("●", shade=RATING_COLOURS[rating], bold=True)
                    if t.rating == rating
                    else Cell("")
                    for t in stops
                ],
            )
        )
    rows += [
        lane(tr("Pain points"), [Cell("\n".join(f"• {p}" for p in t.pain_points)) for t in stops]),
        lane(tr("Actions"), [Cell("\n".join(actions.get(t.id, []))) for t in stops]),
        lane(tr("Owner"), [Cell(t.owner or "") for t in stops]),
    ]
    return Table(
        columns,
        tuple(rows),
        note + tr("★ moment of truth · ● today's experience, 1 (poor) to 5 (excellent)"),
        keep=True,
    )


SCALES = {
    MeasureKind.NPS: (-100.0, 100.0),
    MeasureKind.CSAT: (0.0, 100.0),
    MeasureKind.CES: (1.0, 7.0),
    MeasureKind.COMPLIANCE: (0.0, 100.0),
}
STEPS = 20  # cells across the bar of the baseline-against-target chart
TODAY_SHADE = "#9DB9D5"
GAP_SHADE = "#E3ECF7"


def targets_chart(plan: Plan, lang: Language) -> Table | None:
    """Each measure's baseline against its target, as a bar on the measure's own scale
    (NPS -100 to 100, a % 0 to 100, CES 1 to 7): dark to the baseline, light to the target."""
    measures = [m for m in plan.measures if m.baseline is not None and m.target is not None]
    if not measures:
        return None
    rows = []
    for m in measures:
        low, high = _scale(m)
        base, goal = (m.baseline or 0.0), (m.target or 0.0)

        def cell_of(value: float, low: float = low, high: float = high) -> int:
            return round((min(max(value, low), high) - low) / (high - low) * STEPS)

        reached, wanted = cell_of(base), cell_of(goal)
        bar = []
        for i in range(STEPS):
            if i < min(reached, wanted):
                bar.append(Cell("", shade=TODAY_SHADE))
            elif i < max(reached, wanted):
                bar.append(Cell("", shade=GAP_SHADE))
            else:
                bar.append(Cell(""))
        shown_unit = lang.tr(unit(m)) if unit(m) else ""
        label = f"{number(base, lang)} → {number(goal, lang)} {shown_unit}".rstrip()
        scale = lang.tr("{low} to {high}", low=number(low, lang), high=number(high, lang))
        rows.append((Cell(m.name or m.id, bold=True), Cell(label), Cell(scale), *bar))
    columns = (
        Column(lang.tr("Measure"), 2.2),
        Column(lang.tr("Baseline → target"), 1.6),
        Column(lang.tr("Scale"), 1.0),
        *(Column("", 0.22) for _ in range(STEPS)),
    )
    return Table(
        columns,
        tuple(rows),
        lang.tr("Dark: the baseline, on the measure's own scale; light: the way to the target."),
        keep=len(rows) < 25,
    )


def _scale(m: Measure) -> tuple[float, float]:
    if m.kind in SCALES:
        return SCALES[m.kind]
    import math

    top = max(abs(m.baseline or 0.0), abs(m.target or 0.0)) * 1.1 or 1.0
    step = 10 ** math.floor(math.log10(top))  # a round top: 100, not 112.5
    return (0.0, math.ceil(top / step) * step)
