"""The plan as a Document: the one place that decides what the Word and PDF plans say, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cxplan.document.blocks import (
    Block,
    Bullets,
    Cell,
    Column,
    Contents,
    Cover,
    Document,
    Facts,
    Heading,
    JourneyMap,
    JourneyStop,
    Meta,
    PageBreak,
    Paragraph,
    SignOff,
    Span,
    Table,
)
from cxplan.document.narrative import Narrative, paragraphs
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
    (_("Id"), 1.3),
    (_("Standard"), 2.8),
    (_("Role"), 1.5),
    (_("Measure"), 1.9),
    (_("Target"), 1.5),
    (_("Frequency"), 1.7),
    (_("Method"), 1.3),
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


class Builder:
    """Turns a plan into a Document: the one place that decides what the deliverables say."""

    def __init__(
        self,
        plan: Plan,
        *,
        narrative: Narrative,
        logo: Path | None = None,
        lang: Language | None = None,
    ) -> None:
        self.plan = plan
        self.lang = lang or resolve(plan.client.language)[0]
        self.tr = self.lang.tr
        self.narrative = narrative
        self.logo = logo
        self.status: Status = status(plan)
        self.blocks: list[Block] = []
        self._anchors = 0
        self._data: dict[str, Any] | None = None
        self.touchpoints = {t.id: t for t in plan.touchpoints}

    # -- helpers

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
            else {"state": self.tr(step.state), "missing": [g.message for g in step.missing]},
        }

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def heading(self, text: str, level: int) -> None:
        self._anchors += 1
        self.add(Heading(text, level, f"cx{self._anchors:05d}"))

    def para(self, text: str, kind: str = "body") -> None:
        if text:
            self.add(Paragraph((Span(text),), kind))

    def narrate(self, name: str, step: StepStatus | None = None, *, lead: bool = True) -> None:
        text = self.narrative.render(name, self.context(step))
        first = True
        for kind, parts in paragraphs(text):
            if kind == "p":
                self.para(parts[0], "lead" if lead and first else "body")
                first = False
            else:
                self.add(Bullets(tuple((Span(p),) for p in parts)))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.add(Bullets(tuple((Span(i),) for i in items)))

    def facts(self, rows: list[tuple[str, Any]]) -> None:
        kept = tuple((self.tr(k), _t(v)) for k, v in rows if filled(v))
        if kept:
            self.add(Facts(kept))

    def table(
        self, columns: list[tuple[str, float]], rows: list[list[Any]], caption: str = ""
    ) -> None:
        cells = tuple(tuple(c if isinstance(c, Cell) else Cell(_t(c)) for c in row) for row in rows)
        heads = tuple(Column(self.tr(t) if t else "", w) for t, w in columns)
        self.add(Table(heads, cells, caption))

    def tp_name(self, ident: str | None) -> str:
        if not ident:
            return ""
        tp = self.touchpoints.get(ident)
        return (tp.name or tp.id) if tp else ident

    # -- the document

    def build(self) -> Document:
        plan = self.plan
        prepared = plan.prepared_by
        self.add(
            Cover(
                title=self.tr("Customer-experience plan"),
                client=plan.client.name,
                subtitle=plan.vision.statement or self.tr("A sequenced strategy in seven steps"),
                firm=prepared.firm,
                consultant=prepared.consultant,
                date=prepared.date,
                logo=self.logo,
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
        )
        return Document(meta, self.blocks, draft)

    def summary(self) -> None:
        plan, L = self.plan, self.lang
        self.heading(self.tr("Executive summary"), 1)
        self.narrate("summary")
        self.facts(
            [
                (_("Vision"), plan.vision.statement),
                (_("Horizon"), plan.vision.horizon),
                (_("Experience"), plan.experience.statement),
                (_("Promise"), plan.experience.promise),
                (_("Sponsor"), _person(plan.leadership.sponsor.name, plan.leadership.sponsor.role)),
            ]
        )
        headline = [m for m in plan.measures if m.baseline is not None or m.target is not None]
        if headline:
            self.heading(self.tr("Headline measures"), 2)
            self.table(
                [(_("Measure"), 3), (_("Kind"), 1.2), (_("Baseline"), 1.2), (_("Target"), 1.2)],
                [
                    [m.name or m.id, _kind(m, L), _num(m.baseline, L), _num(m.target, L)]
                    for m in headline
                ],
            )
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
        self.heading(self.tr("Journey map"), 2)
        self.narrate("journey", lead=False)
        stages = []
        for stage in Stage:
            stops = tuple(
                JourneyStop(t.name or t.id, t.rating, t.moment_of_truth, t.owner)
                for t in tps
                if t.stage is stage
            )
            stages.append((self.tr(STAGE_TITLES[stage]), stops))
        loose = tuple(
            JourneyStop(t.name or t.id, t.rating, t.moment_of_truth, t.owner)
            for t in tps
            if t.stage is None
        )
        if loose:
            stages.append((self.tr("No stage yet"), loose))
        self.add(JourneyMap(tuple(stages)))
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

    def standards_chapter(self) -> None:
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
        self.heading(self.tr("Measurement plan"), 2)
        L = self.lang
        self.table(
            MEASURE_COLUMNS,
            [
                [
                    Cell("\n".join(x for x in (m.name or m.id, _kind(m, L)) if x), bold=True),
                    m.question,
                    ", ".join(self.tp_name(t) for t in m.touchpoints),
                    "\n".join(x for x in (_word(m.method, L), m.frequency, m.owner) if x),
                    f"{_num(m.baseline, L)} → {_num(m.target, L)}",
                ]
                for m in measures
            ],
        )
        self.heading(self.tr("How the scores are computed"), 2)
        self.narrate("measurement", lead=False)

    def improvement_chapter(self) -> None:
        imp = self.plan.improvement
        self.facts([(_("Review"), imp.review_cadence)])
        if imp.actions:
            self.heading(self.tr("Improvement roadmap"), 2)
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


def build_document(
    plan: Plan,
    *,
    templates: Path | None = None,
    logo: Path | None = None,
    lang: Language | None = None,
) -> Document:
    """The plan's document, in ``lang`` (else the plan's language): what both the Word and
    the PDF plan say, in order."""
    lang = lang or resolve(plan.client.language)[0]
    return Builder(plan, narrative=Narrative(templates, lang.tag), logo=logo, lang=lang).build()


__all__ = ["Builder", "build_document"]
