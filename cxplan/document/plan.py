"""The plan as a Document: the one place that decides what the Word and PDF plans say, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxplan.document.blocks import (
    Block,
    Bullets,
    Cell,
    Contents,
    Cover,
    Document,
    Meta,
    Orientation,
    PageBreak,
    SignOff,
    Span,
)
from cxplan.document.compose import Composer
from cxplan.document.exhibits import (
    journey_lanes,
    owner_matrix,
    plan_on_a_page,
    roadmap,
    targets_chart,
    unit,
)
from cxplan.document.narrative import Narrative, paragraphs

if TYPE_CHECKING:
    from cxplan.results.summary import Summary
from cxplan.document.theme import (
    ACTION_COLOURS,
    DEFAULT_BRAND,
    KIND_NAMES,
    RATING_COLOURS,
    RATING_WORDS,
    STAGE_TITLES,
    STATE_COLOURS,
)
from cxplan.i18n import Language, _, resolve
from cxplan.method.status import Status, StepStatus, sequence_message, status
from cxplan.plan.model import (
    FEEDBACK_KINDS,
    Measure,
    Plan,
    Stage,
    Standard,
    Touchpoint,
    filled,
)


def _t(value: Any) -> str:
    return "" if value is None else str(value)


def _num(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    return lang.number(value)


def _kind(m: Measure, lang: Language) -> str:
    return lang.tr(KIND_NAMES.get(m.kind, "")) if m.kind else ""


def _word(value: Any, lang: Language) -> str:
    """A word of a fixed vocabulary (a stage, a method, a status) in the reader's language."""
    return lang.tr(str(value.value)) if value is not None else ""


# The columns of the plan's tables: titles (translated when shown) and relative widths.
TOUCHPOINT_COLUMNS = [
    (_("Touchpoint"), 2.4),
    (_("Stage, channel"), 1.5),
    (_("Owner"), 1.4),
    (_("Customers"), 1.6),
    (_("Rating"), 1.15),
    (_("Pain points"), 2.6),
]
STANDARD_COLUMNS = [
    (_("Id"), 1.3, True),
    (_("Standard"), 2.8, False),
    (_("Role"), 1.5, False),
    (_("Measure"), 1.9, False),
    (_("Target"), 1.5, False),
    (_("Frequency"), 1.7, False),
    (_("Method"), 1.3, False),
]
MEASURE_COLUMNS = [
    (_("Measure"), 2.1),
    (_("Question, or what is counted"), 3.3),
    (_("Touchpoints"), 2.5),
    (_("How and who"), 1.8),
    (_("Baseline → target"), 1.5),
]
ACTION_COLUMNS = [
    (_("Action"), 3.4),
    (_("Touchpoint"), 1.8),
    (_("Source"), 1.2),
    (_("Owner"), 1.4),
    (_("Due"), 1.1),
    (_("Status"), 1.1),
]


class Builder(Composer):
    """Turns a plan into a Document: the one place that decides what the deliverables say."""

    def __init__(
        self,
        plan: Plan,
        *,
        narrative: Narrative,
        logo: Path | None = None,
        lang: Language | None = None,
        latest: Latest = None,
        known: Status | None = None,
    ) -> None:
        self.plan = plan
        self.lang = lang or resolve(plan.client.language)[0]
        self.latest = latest or {}  # measure id -> its latest result, from the store
        self.narrative = narrative
        self.logo = logo
        # The build has already run the rules (a second run is a quarter of a big plan's
        # Word build): ``known`` is what they found, when given.
        self.status: Status = known or status(plan)
        self.blocks: list[Block] = []
        self._anchors = 0
        self._data: dict[str, Any] | None = None
        self.touchpoints = {t.id: t for t in plan.touchpoints}
        dues = [a.due for a in plan.improvement.actions if a.due]
        # The exhibits' "now": the plan's date, so a rebuild gives the same pages.
        self.today = plan.prepared_by.date or min(dues, default=None) or dt.date.today()

    # -- helpers

    def tr(self, text: str, **values: Any) -> str:
        return self.lang.tr(text, **values)

    def context(self, step: StepStatus | None = None) -> dict[str, Any]:
        plan = self.plan
        if self._data is None:
            self._data = plan.model_dump(mode="json")
        data = self._data
        tps = plan.touchpoints
        return {
            "client": plan.client.name,
            "firm": plan.prepared_by.firm,
            "consultant": plan.prepared_by.consultant,
            "plan": data,
            "kinds": sorted({m.kind.value for m in plan.measures if m.kind}),
            "counts": {
                "touchpoints": len(tps),
                "standards": len(plan.standards),
                "measures": len(plan.measures),
                "actions": len(plan.improvement.actions),
                "moments_of_truth": sum(1 for t in tps if t.moment_of_truth),
                "before": sum(1 for t in tps if t.stage is Stage.BEFORE),
                "during": sum(1 for t in tps if t.stage is Stage.DURING),
                "after": sum(1 for t in tps if t.stage is Stage.AFTER),
                "feedback_measures": sum(1 for m in plan.measures if m.kind in FEEDBACK_KINDS),
            },
            "step": None
            if step is None
            else {
                "number": step.step.number,
                "title": self.tr(step.step.title),
                "question": self.tr(step.step.question),
                "why": self.tr(step.step.why),
            },
            "status": None
            if step is None
            else {
                "state": self.tr(step.state),
                "missing": _summarised([g.message for g in step.missing], self.lang),
            },
        }

    def narrate(self, name: str, step: StepStatus | None = None, *, lead: bool = True) -> None:
        text = self.narrative.render(name, self.context(step))
        first = True
        for kind, parts in paragraphs(text):
            if kind == "p":
                self.para(parts[0], "lead" if lead and first else "body")
                first = False
            else:
                self.add(Bullets(tuple((Span(p),) for p in parts)))

    def tp_name(self, ident: str | None) -> str:
        if not ident:
            return ""
        tp = self.touchpoints.get(ident)
        return (tp.name or tp.id) if tp else ident

    # -- the document

    def build(self) -> Document:
        plan = self.plan
        prepared = plan.prepared_by
        unfinished = [s.step.number for s in self.status.steps if not s.done]
        self.add(
            Cover(
                title=self.tr("Customer-experience plan"),
                client=plan.client.name,
                subtitle=plan.vision.statement or self.tr("A sequenced strategy in seven steps"),
                firm=prepared.firm,
                consultant=prepared.consultant,
                date=prepared.date,
                logo=self.logo,
                draft=_draft_line(unfinished, self.lang),
            )
        )
        self.add(Contents(self.tr("Contents")))
        self.add(PageBreak())
        self.summary()
        chapters = (
            self.leadership,
            self.vision,
            self.experience,
            self.touchpoint_chapter,
            self.standards_chapter,
            self.measures_chapter,
            self.improvement_chapter,
        )
        draft = []
        for step_status, chapter in zip(self.status.steps, chapters, strict=True):
            self.add(PageBreak())
            step = step_status.step
            self.heading(f"{step.number}. {self.tr(step.title)}", 1)
            self.para(self.tr(step.question), "note")
            if not step_status.done:
                draft.append(step.number)
                self.para(self.narrative.render("draft", self.context(step_status)), "draft")
            self.narrate(f"step-{step.number}", step_status)
            chapter()
        self.add(PageBreak())
        self.signoff()
        meta = Meta(
            title=self.tr("Customer-experience plan: {client}", client=plan.client.name),
            client=plan.client.name,
            author=prepared.consultant or prepared.firm or "",
            company=prepared.firm or "",
            subject=self.tr("Customer-experience strategy in seven steps"),
            keywords=self.tr("customer experience; CX plan; service standards; cxplan"),
            brand=plan.client.brand_color or DEFAULT_BRAND,
            date=prepared.date,
            language=self.lang.tag,
            header=" · ".join(
                [plan.client.name, self.tr("Customer-experience plan")]
                + ([self.tr("DRAFT")] if unfinished else [])
            ),
        )
        return Document(meta, self.blocks, draft)

    def summary(self) -> None:
        plan, L = self.plan, self.lang
        self.heading(self.tr("Executive summary"), 1)
        self.narrate("summary")
        self.heading(self.tr("The plan on a page"), 2)
        self.add(plan_on_a_page(plan, self.today, self.lang))
        headline = [m for m in plan.measures if m.baseline is not None or m.target is not None]
        if headline:
            self.heading(self.tr("Headline measures"), 2)
            self.table(*_headline(headline, self.latest, self.lang))
        self.heading(self.tr("Where the plan stands"), 2)
        self.table(
            [(_("Step"), 3), (_("State"), 1.4), (_("Still to do"), 4)],
            [
                [
                    f"{s.step.number}. {self.tr(s.step.title)}",
                    Cell(self.tr(s.state), shade=_state_colour(s.state)),
                    _gaps(s, L),
                ]
                for s in self.status.steps
            ],
        )
        if self.status.out_of_sequence:
            self.para(sequence_message(self.status.out_of_sequence, self.lang), "draft")

    def leadership(self) -> None:
        lead = self.plan.leadership
        self.facts([(_("Sponsor"), _person(lead.sponsor.name, lead.sponsor.role))])
        if lead.commitments:
            self.heading(self.tr("Leadership commitments"), 2)
            self.table(
                [(_("Leader"), 2), (_("Commitment"), 3), (_("Visible behaviours"), 4)],
                [
                    [
                        _person(c.leader, c.role),
                        c.commitment,
                        "\n".join(f"• {b}" for b in c.behaviours),
                    ]
                    for c in lead.commitments
                ],
            )

    def vision(self) -> None:
        v = self.plan.vision
        self.facts([(_("Vision"), v.statement), (_("Horizon"), v.horizon)])
        if v.aims:
            self.heading(self.tr("Unifying aims"), 2)
            self.bullets(list(v.aims))

    def experience(self) -> None:
        plan = self.plan
        e = plan.experience
        self.facts([(_("Statement"), e.statement), (_("Promise"), e.promise)])
        if e.physical or e.emotional:
            self.heading(self.tr("The experience, physically and emotionally"), 2)
            self.table(
                [(_("What customers see and touch"), 1), (_("How customers should feel"), 1)],
                [
                    [
                        "\n".join(f"• {x}" for x in e.physical),
                        "\n".join(f"• {x}" for x in e.emotional),
                    ]
                ],
            )
        if plan.customers:
            self.heading(self.tr("Customer segments"), 2)
            for c in plan.customers:
                self.heading(c.name or c.id, 3)
                rows = [
                    (_("Needs"), c.needs),
                    (_("Wants"), c.wants),
                    (_("Pain points"), c.pain_points),
                    (_("Challenges"), c.challenges),
                    (_("Expectations"), c.expectations),
                ]
                if any(v for _, v in rows):
                    self.table(
                        [("", 1.3), ("", 5)],
                        [
                            [Cell(self.tr(k), bold=True), "\n".join(f"• {x}" for x in v)]
                            for k, v in rows
                            if v
                        ],
                    )

    def touchpoint_chapter(self) -> None:
        tps = self.plan.touchpoints
        if not tps:
            return
        self.heading(self.tr("All touchpoints"), 2)
        segments = {c.id: c.name or c.id for c in self.plan.customers}
        self.table(
            TOUCHPOINT_COLUMNS,
            [
                [
                    Cell(("★ " if t.moment_of_truth else "") + (t.name or t.id), bold=True),
                    "\n".join(x for x in (_word(t.stage, self.lang), t.channel or "") if x),
                    t.owner,
                    ", ".join(segments.get(c, c) for c in t.customers),
                    _rating_cell(t, self.lang),
                    "\n".join(f"• {p}" for p in t.pain_points),
                ]
                for t in tps
            ],
            caption=self.tr(
                "★ marks a moment of truth. Rating: today's experience, 1 (poor) to 5."
            ),
        )
        # The map is wide: landscape pages at the chapter's end, so none is left half empty.
        self.add(Orientation(landscape=True))
        self.heading(self.tr("Journey map"), 2)
        self.narrate("journey", lead=False)
        for panel in journey_lanes(self.plan, self.lang):
            self.add(panel)
        self.add(Orientation(landscape=False))

    def standards_chapter(self) -> None:
        matrix = owner_matrix(self.plan, self.lang)
        if matrix is not None:
            self.heading(self.tr("Who does what"), 2)
            self.add(matrix)
        by_tp: dict[str | None, list[Any]] = {}
        for s in self.plan.standards:
            by_tp.setdefault(s.touchpoint, []).append(s)
        columns = STANDARD_COLUMNS
        for stage in [*Stage, None]:
            group = [t for t in self.plan.touchpoints if t.stage is stage]
            if not group:
                continue
            self.heading(
                self.tr(STAGE_TITLES[stage] if stage else "Touchpoints without a stage"), 2
            )
            for t in group:
                self.heading(t.name or t.id, 3)
                self.para(_tp_line(t, self.lang), "note")
                self.para(t.description or "")
                rows = [_standard_row(s, self.lang) for s in by_tp.get(t.id, [])]
                if rows:
                    self.table(columns, rows)
                else:
                    self.para(self.tr("No standard yet."), "draft")
        known = {t.id for t in self.plan.touchpoints}
        loose = [s for s in self.plan.standards if s.touchpoint not in known]
        if loose:
            self.heading(self.tr("Standards not tied to a touchpoint"), 2)
            self.table(columns, [_standard_row(s, self.lang) for s in loose])

    def measures_chapter(self) -> None:
        measures = self.plan.measures
        if not measures:
            return
        chart = targets_chart(self.plan, self.lang)
        if chart is not None:
            self.heading(self.tr("Baselines and targets"), 2)
            self.add(chart)
        self.heading(self.tr("Measurement plan"), 2)
        L = self.lang
        self.table(
            MEASURE_COLUMNS,
            [
                [
                    Cell("\n".join(x for x in (m.name or m.id, _kind(m, L)) if x), bold=True),
                    m.question,
                    _listed([self.tp_name(t) for t in m.touchpoints], len(self.touchpoints), L),
                    "\n".join(x for x in (_word(m.method, L), m.frequency, m.owner) if x),
                    _aim(m, self.latest, L),
                ]
                for m in measures
            ],
        )
        if self.narrative.render("measurement", self.context()).strip():  # no kinds, no text
            self.heading(self.tr("How the scores are computed"), 2)
            self.narrate("measurement", lead=False)

    def improvement_chapter(self) -> None:
        imp = self.plan.improvement
        self.facts([(_("Review"), imp.review_cadence)])
        timeline = roadmap(self.plan, self.today, self.lang)
        if timeline is not None:
            self.heading(self.tr("Roadmap"), 2)
            self.add(timeline)
        if imp.actions:
            self.heading(self.tr("Improvement actions"), 2)
            L = self.lang
            actions = sorted(imp.actions, key=lambda a: (a.due is None, a.due or dt.date.max))
            self.table(
                ACTION_COLUMNS,
                [
                    [
                        a.title or a.id,
                        self.tp_name(a.touchpoint),
                        _word(a.source, L),
                        a.owner,
                        L.date(a.due, "medium"),
                        Cell(_word(a.status, L), shade=_status_colour(a.status.value)),
                    ]
                    for a in actions
                ],
            )
        ideas = imp.staff_ideas
        if filled(ideas.channel) or filled(ideas.reward):
            self.heading(self.tr("Staff ideas"), 2)
            self.facts([(_("How staff share ideas"), ideas.channel), (_("Reward"), ideas.reward)])

    def signoff(self) -> None:
        lead = self.plan.leadership
        self.heading(self.tr("Leadership sign-off"), 1)
        self.narrate("signoff")
        # Everyone who signed, then every leader who has not yet: the page is printed for them.
        people: list[tuple[str, str, str]] = [
            (_t(s.name), _t(s.role), self.lang.date(s.date, "medium")) for s in lead.signoff
        ]
        seen = {name for name, _, _ in people}
        for name, role in [(lead.sponsor.name, lead.sponsor.role)] + [
            (c.leader, c.role) for c in lead.commitments
        ]:
            if filled(name) and name not in seen:
                seen.add(_t(name))
                people.append((_t(name), _t(role), ""))
        if not people:
            people = [("", "", ""), ("", "", "")]
        self.add(SignOff(tuple(people)))


def _listed(names: list[str], total: int, lang: Language, shown: int = 10) -> str:
    """Touchpoint names for a cell: all of them, or "all 200 touchpoints", or the first few."""
    if len(names) == total and total > shown:
        return lang.tr("all {count} touchpoints", count=lang.number(total))
    if len(names) > shown:
        more = lang.tr("and {count} more", count=lang.number(len(names) - shown))
        return ", ".join(names[:shown]) + " " + more
    return ", ".join(names)


def _summarised(items: list[str], lang: Language, shown: int = 6) -> list[str]:
    """A long list cut to its first few, and how many more: a callout, not an appendix."""
    if len(items) <= shown:
        return items
    more = lang.tr(
        "and {count} more (`cxplan status` lists them all)", count=lang.number(len(items) - shown)
    )
    return [*items[:shown], more]


def _draft_line(unfinished: list[int], lang: Language) -> str:
    if not unfinished:
        return ""
    steps = ", ".join(str(n) for n in unfinished)
    return lang.trn(
        "DRAFT: step {steps} not yet agreed",
        "DRAFT: steps {steps} not yet agreed",
        len(unfinished),
        steps=steps,
    )


def _person(name: str | None, role: str | None) -> str:
    if filled(name) and filled(role):
        return f"{name}, {role}"
    return _t(name or role)


def _gaps(s: StepStatus, lang: Language) -> str:
    if s.done:
        return ""
    first = "; ".join(g.message for g in s.missing[:3])
    more = len(s.missing) - 3
    return first + (lang.trn("; and {count} more", "; and {count} more", more) if more > 0 else "")


def _state_colour(state: str) -> str:
    return STATE_COLOURS[state]


def _status_colour(state: str) -> str:
    return ACTION_COLOURS.get(state, "#FFFFFF")


def _rating_cell(t: Touchpoint, lang: Language) -> Cell:
    if t.rating is None:
        return Cell("–", shade=RATING_COLOURS[None])
    return Cell(f"{t.rating} {lang.tr(RATING_WORDS[t.rating])}", shade=RATING_COLOURS[t.rating])


def _standard_row(s: Standard, lang: Language) -> list[Any]:
    """A standard as a row of the standards tables."""
    return [
        s.id,
        s.standard,
        s.role,
        s.measure,
        s.target,
        s.frequency,
        _word(s.method, lang),
    ]


def _tp_line(t: Touchpoint, lang: Language) -> str:
    parts = [
        _word(t.stage, lang),
        t.channel or "",
        lang.tr("owner: {owner}", owner=t.owner) if t.owner else "",
        lang.tr("rating {rating}/5", rating=t.rating) if t.rating else "",
        lang.tr("moment of truth") if t.moment_of_truth else "",
    ]
    return " · ".join(p for p in parts if p)


Latest = dict[str, str] | None


def _aim(measure: Measure, latest: dict[str, str], lang: Language) -> str:
    """'41 → 70', and the latest result under it when there is one."""
    aim = f"{_num(measure.baseline, lang)} → {_num(measure.target, lang)}"
    if measure.id not in latest:
        return aim
    return aim + "\n" + lang.tr("latest {result}", result=latest[measure.id])


def _headline(
    measures: list[Measure], latest: dict[str, str], lang: Language
) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    """The headline-measures table: baseline and target, and the latest result if any."""
    columns = [
        (_("Measure"), 3.0),
        (_("Kind"), 1.2),
        (_("Baseline"), 1.2),
        (_("Target"), 1.2),
        (_("Unit"), 1.6),
    ]
    rows: list[list[Any]] = [
        [
            m.name or m.id,
            _kind(m, lang),
            _num(m.baseline, lang),
            _num(m.target, lang),
            lang.tr(unit(m)) if unit(m) else "",
        ]
        for m in measures
    ]
    if latest:
        columns.append((_("Latest"), 2.2))
        for m, row in zip(measures, rows, strict=True):
            row.append(latest.get(m.id, ""))
    return columns, rows


def build_document(
    plan: Plan,
    *,
    templates: Path | None = None,
    logo: Path | None = None,
    lang: Language | None = None,
    results: Summary | None = None,
    latest: dict[str, str] | None = None,
    known: Status | None = None,
) -> Document:
    """The plan's document, in ``lang`` (else the plan's language): what both the Word and
    the PDF plan say, in order; with ``results`` (the stored results' summary) the
    measurement chapter shows them, with ``latest`` each measure's latest result;
    ``known``: the plan's status, if the caller has it already."""
    lang = lang or resolve(plan.client.language)[0]
    narrative = Narrative(templates, lang.tag)
    if results is None:
        builder = Builder(
            plan, narrative=narrative, logo=logo, lang=lang, latest=latest, known=known
        )
        return builder.build()
    from cxplan.document.results import WithResults

    return WithResults(
        plan, results, narrative=narrative, logo=logo, lang=lang, latest=latest
    ).build()


__all__ = ["Builder", "build_document"]
