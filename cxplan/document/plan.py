"""The plan as a Document: the one place that decides what the Word and PDF plans say, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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
from cxplan.document.theme import (
    ACTION_COLOURS,
    DEFAULT_BRAND,
    KIND_NAMES,
    RATING_COLOURS,
    RATING_WORDS,
    STAGE_TITLES,
    STATE_COLOURS,
)
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


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def _kind(m: Measure) -> str:
    return KIND_NAMES.get(m.kind, "") if m.kind else ""


class Builder(Composer):
    """Turns a plan into a Document: the one place that decides what the deliverables say."""

    def __init__(self, plan: Plan, *, narrative: Narrative, logo: Path | None = None) -> None:
        self.plan = plan
        self.narrative = narrative
        self.logo = logo
        self.status: Status = status(plan)
        self.blocks: list[Block] = []
        self._anchors = 0
        self._data: dict[str, Any] | None = None
        self.touchpoints = {t.id: t for t in plan.touchpoints}
        dues = [a.due for a in plan.improvement.actions if a.due]
        # The exhibits' "now": the plan's date, so a rebuild gives the same pages.
        self.today = plan.prepared_by.date or min(dues, default=None) or dt.date.today()

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
                "title": step.step.title,
                "question": step.step.question,
                "why": step.step.why,
            },
            "status": None
            if step is None
            else {"state": step.state, "missing": _summarised([g.message for g in step.missing])},
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
                title="Customer-experience plan",
                client=plan.client.name,
                subtitle=plan.vision.statement or "A sequenced strategy in seven steps",
                firm=prepared.firm,
                consultant=prepared.consultant,
                date=prepared.date,
                logo=self.logo,
                draft=_draft_line(unfinished),
            )
        )
        self.add(Contents())
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
            self.heading(f"{step.number}. {step.title}", 1)
            self.para(step.question, "note")
            if not step_status.done:
                draft.append(step.number)
                self.para(self.narrative.render("draft", self.context(step_status)), "draft")
            self.narrate(f"step-{step.number}", step_status)
            chapter()
        self.add(PageBreak())
        self.signoff()
        meta = Meta(
            title=f"Customer-experience plan: {plan.client.name}",
            client=plan.client.name,
            author=prepared.consultant or prepared.firm or "",
            company=prepared.firm or "",
            subject="Customer-experience strategy in seven steps",
            keywords="customer experience; CX plan; service standards; cxplan",
            brand=plan.client.brand_color or DEFAULT_BRAND,
            date=prepared.date,
            language=plan.client.language,
            header=f"{plan.client.name} · Customer-experience plan"
            + (" · DRAFT" if unfinished else ""),
        )
        return Document(meta, self.blocks, draft)

    def summary(self) -> None:
        plan = self.plan
        self.heading("Executive summary", 1)
        self.narrate("summary")
        self.heading("The plan on a page", 2)
        self.add(plan_on_a_page(plan, self.today))
        headline = [m for m in plan.measures if m.baseline is not None or m.target is not None]
        if headline:
            self.heading("Headline measures", 2)
            self.table(
                [("Measure", 3), ("Kind", 1.2), ("Baseline", 1.2), ("Target", 1.2), ("Unit", 1.6)],
                [
                    [m.name or m.id, _kind(m), _num(m.baseline), _num(m.target), unit(m)]
                    for m in headline
                ],
            )
        self.heading("Where the plan stands", 2)
        self.table(
            [("Step", 3), ("State", 1.4), ("Still to do", 4)],
            [
                [
                    f"{s.step.number}. {s.step.title}",
                    Cell(s.state, shade=_state_colour(s.state)),
                    _gaps(s),
                ]
                for s in self.status.steps
            ],
        )
        if self.status.out_of_sequence:
            self.para(sequence_message(self.status.out_of_sequence), "draft")

    def leadership(self) -> None:
        lead = self.plan.leadership
        self.facts([("Sponsor", _person(lead.sponsor.name, lead.sponsor.role))])
        if lead.commitments:
            self.heading("Leadership commitments", 2)
            self.table(
                [("Leader", 2), ("Commitment", 3), ("Visible behaviours", 4)],
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
        self.facts([("Vision", v.statement), ("Horizon", v.horizon)])
        if v.aims:
            self.heading("Unifying aims", 2)
            self.bullets(list(v.aims))

    def experience(self) -> None:
        plan = self.plan
        e = plan.experience
        self.facts([("Statement", e.statement), ("Promise", e.promise)])
        if e.physical or e.emotional:
            self.heading("The experience, physically and emotionally", 2)
            self.table(
                [("What customers see and touch", 1), ("How customers should feel", 1)],
                [
                    [
                        "\n".join(f"• {x}" for x in e.physical),
                        "\n".join(f"• {x}" for x in e.emotional),
                    ]
                ],
            )
        if plan.customers:
            self.heading("Customer segments", 2)
            for c in plan.customers:
                self.heading(c.name or c.id, 3)
                rows = [
                    ("Needs", c.needs),
                    ("Wants", c.wants),
                    ("Pain points", c.pain_points),
                    ("Challenges", c.challenges),
                    ("Expectations", c.expectations),
                ]
                if any(v for _, v in rows):
                    self.table(
                        [("", 1.3), ("", 5)],
                        [
                            [Cell(k, bold=True), "\n".join(f"• {x}" for x in v)]
                            for k, v in rows
                            if v
                        ],
                    )

    def touchpoint_chapter(self) -> None:
        tps = self.plan.touchpoints
        if not tps:
            return
        self.heading("All touchpoints", 2)
        segments = {c.id: c.name or c.id for c in self.plan.customers}
        self.table(
            [
                ("Touchpoint", 2.4),
                ("Stage, channel", 1.5),
                ("Owner", 1.4),
                ("Customers", 1.6),
                ("Rating", 1.15),
                ("Pain points", 2.6),
            ],
            [
                [
                    Cell(("★ " if t.moment_of_truth else "") + (t.name or t.id), bold=True),
                    "\n".join(x for x in (t.stage.value if t.stage else "", t.channel or "") if x),
                    t.owner,
                    ", ".join(segments.get(c, c) for c in t.customers),
                    _rating_cell(t),
                    "\n".join(f"• {p}" for p in t.pain_points),
                ]
                for t in tps
            ],
            caption="★ marks a moment of truth. Rating: today's experience, 1 (poor) to 5.",
        )
        # The map is wide: landscape pages at the chapter's end, so none is left half empty.
        self.add(Orientation(landscape=True))
        self.heading("Journey map", 2)
        self.narrate("journey", lead=False)
        for panel in journey_lanes(self.plan):
            self.add(panel)
        self.add(Orientation(landscape=False))

    def standards_chapter(self) -> None:
        matrix = owner_matrix(self.plan)
        if matrix is not None:
            self.heading("Who does what", 2)
            self.add(matrix)
        by_tp: dict[str | None, list[Any]] = {}
        for s in self.plan.standards:
            by_tp.setdefault(s.touchpoint, []).append(s)
        columns = [
            ("Id", 1.3, True),
            ("Standard", 2.8, False),
            ("Role", 1.5, False),
            ("Measure", 1.9, False),
            ("Target", 1.5, False),
            ("Frequency", 1.7, False),
            ("Method", 1.3, False),
        ]
        for stage in [*Stage, None]:
            group = [t for t in self.plan.touchpoints if t.stage is stage]
            if not group:
                continue
            self.heading(STAGE_TITLES[stage] if stage else "Touchpoints without a stage", 2)
            for t in group:
                self.heading(t.name or t.id, 3)
                self.para(_tp_line(t), "note")
                self.para(t.description or "")
                rows = [_standard_row(s) for s in by_tp.get(t.id, [])]
                if rows:
                    self.table(columns, rows)
                else:
                    self.para("No standard yet.", "draft")
        known = {t.id for t in self.plan.touchpoints}
        loose = [s for s in self.plan.standards if s.touchpoint not in known]
        if loose:
            self.heading("Standards not tied to a touchpoint", 2)
            self.table(columns, [_standard_row(s) for s in loose])

    def measures_chapter(self) -> None:
        measures = self.plan.measures
        if not measures:
            return
        chart = targets_chart(self.plan)
        if chart is not None:
            self.heading("Baselines and targets", 2)
            self.add(chart)
        self.heading("Measurement plan", 2)
        self.table(
            [
                ("Measure", 2.1),
                ("Question, or what is counted", 3.3),
                ("Touchpoints", 2.5),
                ("How and who", 1.8),
                ("Baseline → target", 1.5),
            ],
            [
                [
                    Cell("\n".join(x for x in (m.name or m.id, _kind(m)) if x), bold=True),
                    m.question,
                    _listed([self.tp_name(t) for t in m.touchpoints], len(self.touchpoints)),
                    "\n".join(
                        x for x in (m.method.value if m.method else "", m.frequency, m.owner) if x
                    ),
                    f"{_num(m.baseline)} → {_num(m.target)}",
                ]
                for m in measures
            ],
        )
        if self.narrative.render("measurement", self.context()).strip():  # no kinds, no text
            self.heading("How the scores are computed", 2)
            self.narrate("measurement", lead=False)

    def improvement_chapter(self) -> None:
        imp = self.plan.improvement
        self.facts([("Review", imp.review_cadence)])
        timeline = roadmap(self.plan, self.today)
        if timeline is not None:
            self.heading("Roadmap", 2)
            self.add(timeline)
        if imp.actions:
            self.heading("Improvement actions", 2)
            actions = sorted(imp.actions, key=lambda a: (a.due is None, a.due or dt.date.max))
            self.table(
                [
                    ("Action", 3.4),
                    ("Touchpoint", 1.8),
                    ("Source", 1.2),
                    ("Owner", 1.4),
                    ("Due", 1.1),
                    ("Status", 1.1),
                ],
                [
                    [
                        a.title or a.id,
                        self.tp_name(a.touchpoint),
                        a.source.value if a.source else "",
                        a.owner,
                        a.due.isoformat() if a.due else "",
                        Cell(a.status.value, shade=_status_colour(a.status.value)),
                    ]
                    for a in actions
                ],
            )
        ideas = imp.staff_ideas
        if filled(ideas.channel) or filled(ideas.reward):
            self.heading("Staff ideas", 2)
            self.facts([("How staff share ideas", ideas.channel), ("Reward", ideas.reward)])

    def signoff(self) -> None:
        lead = self.plan.leadership
        self.heading("Leadership sign-off", 1)
        self.narrate("signoff")
        # Everyone who signed, then every leader who has not yet: the page is printed for them.
        people: list[tuple[str, str, str]] = [
            (_t(s.name), _t(s.role), s.date.isoformat() if s.date else "") for s in lead.signoff
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


def _listed(names: list[str], total: int, shown: int = 10) -> str:
    """Touchpoint names for a cell: all of them, or "all 200 touchpoints", or the first few."""
    if len(names) == total and total > shown:
        return f"all {total} touchpoints"
    if len(names) > shown:
        return ", ".join(names[:shown]) + f" and {len(names) - shown} more"
    return ", ".join(names)


def _summarised(items: list[str], shown: int = 6) -> list[str]:
    """A long list cut to its first few, and how many more: a callout, not an appendix."""
    if len(items) <= shown:
        return items
    return [*items[:shown], f"and {len(items) - shown} more (`cxplan status` lists them all)"]


def _draft_line(unfinished: list[int]) -> str:
    if not unfinished:
        return ""
    steps = ", ".join(str(n) for n in unfinished)
    word = "step" if len(unfinished) == 1 else "steps"
    return f"DRAFT: {word} {steps} not yet agreed"


def _person(name: str | None, role: str | None) -> str:
    if filled(name) and filled(role):
        return f"{name}, {role}"
    return _t(name or role)


def _gaps(s: StepStatus) -> str:
    if s.done:
        return ""
    first = "; ".join(g.message for g in s.missing[:3])
    more = len(s.missing) - 3
    return first + (f"; and {more} more" if more > 0 else "")


def _state_colour(state: str) -> str:
    return STATE_COLOURS[state]


def _status_colour(state: str) -> str:
    return ACTION_COLOURS.get(state, "#FFFFFF")


def _rating_cell(t: Touchpoint) -> Cell:
    if t.rating is None:
        return Cell("–", shade=RATING_COLOURS[None])
    return Cell(f"{t.rating} {RATING_WORDS[t.rating]}", shade=RATING_COLOURS[t.rating])


def _standard_row(s: Standard) -> list[Any]:
    """A standard as a row of the standards tables."""
    return [
        s.id,
        s.standard,
        s.role,
        s.measure,
        s.target,
        s.frequency,
        s.method.value if s.method else "",
    ]


def _tp_line(t: Touchpoint) -> str:
    parts = [
        t.stage.value if t.stage else "",
        t.channel or "",
        f"owner: {t.owner}" if t.owner else "",
        f"rating {t.rating}/5" if t.rating else "",
        "moment of truth" if t.moment_of_truth else "",
    ]
    return " · ".join(p for p in parts if p)


def build_document(
    plan: Plan, *, templates: Path | None = None, logo: Path | None = None
) -> Document:
    """The plan's document: what both the Word and the PDF plan say, in order."""
    return Builder(plan, narrative=Narrative(templates), logo=logo).build()


__all__ = ["Builder", "build_document"]
