"""The seven steps of the method, what "done" means for each, and where a plan stands."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from cxplan.method.rules import smart_gaps
from cxplan.plan.model import FEEDBACK_KINDS, Plan, Stage, filled

State = Literal["done", "partly done", "not started"]
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Step:
    """One step of the sequence: what the team answers and why it comes where it does."""

    number: int
    key: str
    title: str
    question: str
    why: str
    done_when: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "leadership",
        "Committed leadership",
        "Who sponsors this, and what will each leader visibly do?",
        "Staff believe what leaders do, not what they say. Without a sponsor and behaviours "
        "people can see, a CX strategy becomes a poster on the wall, so it starts here: "
        "everything that follows needs someone accountable for it.",
        "a sponsor, and at least one commitment with a visible behaviour",
    ),
    Step(
        2,
        "vision",
        "Strategic vision",
        "Where are we heading, by when, and with which unifying aims?",
        "A vision gives every team the same destination. A horizon and a few aims that unite "
        "departments let you test every later choice of touchpoint and standard against them.",
        "a vision statement, a horizon and at least one aim",
    ),
    Step(
        3,
        "experience",
        "Customer-experience statement",
        "What experience will we deliver, physically and emotionally? What do we promise, "
        "and what do customers really need?",
        "Customers remember how you made them feel. Write the experience you will deliver, "
        "what customers see and touch and how they should feel, from what your customer "
        "segments really need, want and struggle with, not from what is easy to offer.",
        "a statement, a physical and an emotional element, and a customer segment with a need",
    ),
    Step(
        4,
        "touchpoints",
        "Touchpoints",
        "Where does a customer form an opinion of us, before, during and after the purchase, "
        "in every channel?",
        "Every contact shapes an opinion, including the ones nobody owns: the website, the "
        "car park, the invoice. Walk the journey with fresh eyes as a new customer would, "
        "and give every touchpoint an owner.",
        "a touchpoint before, during and after the purchase; every touchpoint has an owner",
    ),
    Step(
        5,
        "standards",
        "Service standards",
        "What exactly do staff do at each touchpoint, measurably?",
        "A standard turns the promise into something staff can do and a manager can check: "
        "who does what, how well and how often. 'Promptly' and 'friendly' cannot be trained "
        "or audited; numbers can.",
        "every touchpoint has a standard; every standard has a role, measure, target and frequency",
    ),
    Step(
        6,
        "measures",
        "Measurement",
        "How do we know each standard is met, and how customers feel?",
        "What gets measured gets done. Measure both sides: whether standards are met (audits, "
        "system reports, mystery shops) and how customers feel (NPS, CSAT, CES), at the "
        "touchpoints where the feedback is given.",
        "every touchpoint is covered by a measure; at least one NPS, CSAT or CES measure",
    ),
    Step(
        7,
        "improvement",
        "Continuous improvement",
        "How do we keep exceeding expectations: review rhythm, actions, staff ideas?",
        "Expectations rise each time you meet them. Keep a review rhythm, turn what audits "
        "and feedback find into owned actions, and give staff, who see problems first, a "
        "channel for ideas and a reward when one is adopted.",
        "a review cadence, and an action or a channel for staff ideas",
    ),
)


@dataclass(frozen=True)
class Gap:
    """One thing a step still needs, and where in the plan it belongs."""

    message: str
    path: Path_


@dataclass
class StepStatus:
    """Where the plan stands on one step."""

    step: Step
    state: State
    missing: list[Gap] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True)
class OutOfSequence:
    """A step with work in it while earlier steps are not done."""

    step: StepStatus
    waiting_on: list[StepStatus]


@dataclass
class Status:
    """Where the whole plan stands: each step, out-of-sequence work, the next thing to do."""

    steps: list[StepStatus]
    out_of_sequence: list[OutOfSequence]
    next_step: StepStatus | None

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready record of the status."""
        return {
            "complete": self.complete,
            "steps": [
                {
                    "number": s.step.number,
                    "key": s.step.key,
                    "title": s.step.title,
                    "state": s.state,
                    "missing": [g.message for g in s.missing],
                }
                for s in self.steps
            ],
            "out_of_sequence": [
                {
                    "step": f.step.step.number,
                    "title": f.step.step.title,
                    "earlier_steps_not_done": [w.step.number for w in f.waiting_on],
                }
                for f in self.out_of_sequence
            ],
            "out_of_sequence_message": sequence_message(self.out_of_sequence)
            if self.out_of_sequence
            else None,
            "next": None
            if self.next_step is None
            else {
                "step": self.next_step.step.number,
                "title": self.next_step.step.title,
                "todo": self.next_step.missing[0].message if self.next_step.missing else "",
                "command": f"cxplan workshop --step {self.next_step.step.number}",
            },
        }


def _name(item: Any, index: int, noun: str) -> str:
    ident = getattr(item, "id", None)
    if ident:
        return f"{noun} {ident!r}"
    return f"{noun} {index + 1}"


def _leadership(plan: Plan) -> tuple[bool, list[Gap]]:
    lead = plan.leadership
    started = (
        filled(lead.sponsor.name)
        or filled(lead.sponsor.role)
        or bool(lead.commitments)
        or bool(lead.signoff)
    )
    gaps: list[Gap] = []
    if not filled(lead.sponsor.name):
        gaps.append(Gap("no sponsor named (who owns the CX strategy?)", ("leadership", "sponsor")))
    if not lead.commitments:
        gaps.append(Gap("no leadership commitment yet", ("leadership", "commitments")))
    elif not any(c.behaviours for c in lead.commitments):
        for i, c in enumerate(lead.commitments):
            who = c.leader if filled(c.leader) else f"commitment {i + 1}"
            gaps.append(
                Gap(
                    f"the commitment of {who} has no visible behaviour (what will staff see "
                    "them do?)",
                    ("leadership", "commitments", i),
                )
            )
    return started, gaps


def _vision(plan: Plan) -> tuple[bool, list[Gap]]:
    v = plan.vision
    started = filled(v.statement) or filled(v.horizon) or bool(v.aims)
    gaps: list[Gap] = []
    if not filled(v.statement):
        gaps.append(Gap("no vision statement", ("vision", "statement")))
    if not filled(v.horizon):
        gaps.append(Gap("no horizon (by when?)", ("vision", "horizon")))
    if not v.aims:
        gaps.append(Gap("no unifying aim", ("vision", "aims")))
    return started, gaps


def _experience(plan: Plan) -> tuple[bool, list[Gap]]:
    e = plan.experience
    started = (
        filled(e.statement)
        or filled(e.promise)
        or bool(e.physical)
        or bool(e.emotional)
        or bool(plan.customers)
    )
    gaps: list[Gap] = []
    if not filled(e.statement):
        gaps.append(Gap("no customer-experience statement", ("experience", "statement")))
    if not e.physical:
        gaps.append(
            Gap("no physical element (what customers see and touch)", ("experience", "physical"))
        )
    if not e.emotional:
        gaps.append(
            Gap("no emotional element (how customers should feel)", ("experience", "emotional"))
        )
    if not plan.customers:
        gaps.append(Gap("no customer segment", ("customers",)))
    elif not any(c.needs for c in plan.customers):
        for i, c in enumerate(plan.customers):
            gaps.append(Gap(f"customer segment {c.id!r} has no needs", ("customers", i)))
    return started, gaps


def _touchpoints(plan: Plan) -> tuple[bool, list[Gap]]:
    tps = plan.touchpoints
    gaps: list[Gap] = []
    if not tps:
        gaps.append(Gap("no touchpoints yet", ("touchpoints",)))
        return False, gaps
    stages = {tp.stage for tp in tps}
    for stage in Stage:
        if stage not in stages:
            gaps.append(Gap(f"no touchpoint in the '{stage.value}' stage", ("touchpoints",)))
    for i, tp in enumerate(tps):
        if not filled(tp.owner):
            gaps.append(Gap(f"touchpoint {tp.id!r} has no owner", ("touchpoints", i)))
    return True, gaps


def _standards(plan: Plan) -> tuple[bool, list[Gap]]:
    gaps: list[Gap] = []
    started = bool(plan.standards)
    if not plan.touchpoints:
        gaps.append(Gap("no touchpoints to set standards for (step 4)", ("standards",)))
        return started, gaps
    covered = {s.touchpoint for s in plan.standards}
    for i, tp in enumerate(plan.touchpoints):
        if tp.id not in covered:
            gaps.append(Gap(f"touchpoint {tp.id!r} has no standard", ("touchpoints", i)))
    for i, st in enumerate(plan.standards):
        missing = [g for g in smart_gaps(st) if g != "wording"]
        if missing:
            gaps.append(Gap(f"standard {st.id!r} has no {' or '.join(missing)}", ("standards", i)))
    return started, gaps


def _measures(plan: Plan) -> tuple[bool, list[Gap]]:
    gaps: list[Gap] = []
    started = bool(plan.measures)
    covered = {tp for m in plan.measures for tp in m.touchpoints}
    if not plan.touchpoints:
        gaps.append(Gap("no touchpoints to measure (step 4)", ("measures",)))
    for i, tp in enumerate(plan.touchpoints):
        if tp.id not in covered:
            gaps.append(
                Gap(f"touchpoint {tp.id!r} is not covered by any measure", ("touchpoints", i))
            )
    if not any(m.kind in FEEDBACK_KINDS for m in plan.measures):
        gaps.append(Gap("no customer-feedback measure (NPS, CSAT or CES)", ("measures",)))
    return started, gaps


def _improvement(plan: Plan) -> tuple[bool, list[Gap]]:
    imp = plan.improvement
    started = (
        filled(imp.review_cadence)
        or bool(imp.actions)
        or filled(imp.staff_ideas.channel)
        or filled(imp.staff_ideas.reward)
    )
    gaps: list[Gap] = []
    if not filled(imp.review_cadence):
        gaps.append(
            Gap(
                "no review cadence (how often do you review?)",
                ("improvement", "review_cadence"),
            )
        )
    if not imp.actions and not filled(imp.staff_ideas.channel):
        gaps.append(
            Gap("no improvement action and no channel for staff ideas", ("improvement", "actions"))
        )
    return started, gaps


EVALUATORS: dict[str, Callable[[Plan], tuple[bool, list[Gap]]]] = {
    "leadership": _leadership,
    "vision": _vision,
    "experience": _experience,
    "touchpoints": _touchpoints,
    "standards": _standards,
    "measures": _measures,
    "improvement": _improvement,
}


def step_status(plan: Plan, step: Step) -> StepStatus:
    """Where ``plan`` stands on ``step``."""
    started, gaps = EVALUATORS[step.key](plan)
    if not gaps:
        return StepStatus(step, "done")
    return StepStatus(step, "partly done" if started else "not started", gaps)


def status(plan: Plan) -> Status:
    """Where ``plan`` stands on every step, with out-of-sequence findings and what to do next."""
    steps = [step_status(plan, step) for step in STEPS]
    next_step = next((s for s in steps if not s.done), None)
    return Status(steps=steps, out_of_sequence=out_of_sequence(steps), next_step=next_step)


def out_of_sequence(steps: list[StepStatus]) -> list[OutOfSequence]:
    """Each step with work in it while an earlier step is not done yet."""
    out = []
    for i, s in enumerate(steps):
        if s.state == "not started":
            continue
        waiting = [earlier for earlier in steps[:i] if not earlier.done]
        if waiting:
            out.append(OutOfSequence(s, waiting))
    return out


def sequence_message(findings: list[OutOfSequence]) -> str:
    """One sentence: the first unfinished step, and the later steps already worked on."""
    first = min((w for f in findings for w in f.waiting_on), key=lambda s: s.step.number)
    ahead = [f.step for f in findings if f.step.step.number > first.step.number]
    numbers = [str(s.step.number) for s in ahead]
    if len(numbers) == 1:
        later = f"step {numbers[0]} ({ahead[0].step.title}) already has work in it"
    else:
        later = f"steps {', '.join(numbers[:-1])} and {numbers[-1]} already have work in them"
    state = "not started" if first.state == "not started" else "not done"
    return (
        f"Working out of sequence: step {first.step.number} ({first.step.title}) is {state}, "
        f"yet {later}. Finish step {first.step.number} first: each step builds on the one "
        "before."
    )


def _list(steps: list[StepStatus]) -> str:
    names = [f"step {s.step.number} ({s.step.title})" for s in steps]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_status(st: Status, *, client: str, file: str, limit: int = 8) -> str:
    """The status as text for a terminal."""
    lines = [f"{client}: CX plan status ({file})", ""]
    width = max(len(s.step.title) for s in st.steps)
    for s in st.steps:
        lines.append(f"  {s.step.number}. {s.step.title.ljust(width)}  {s.state}")
        for gap in s.missing[:limit]:
            lines.append(f"       - {gap.message}")
        if len(s.missing) > limit:
            lines.append(f"       - ... and {len(s.missing) - limit} more (see --json)")
    if st.out_of_sequence:
        lines.append("")
        lines.extend(
            textwrap.wrap(sequence_message(st.out_of_sequence), width=88, break_on_hyphens=False)
        )
    lines.append("")
    if st.next_step is None:
        lines.append("All seven steps are done. Build the deliverables with `cxplan build`.")
    else:
        n = st.next_step
        todo = n.missing[0].message if n.missing else ""
        lines.extend(
            textwrap.wrap(
                f"Next: step {n.step.number} ({n.step.title}): {todo}.",
                width=88,
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
        )
        lines.append(f"      Run `cxplan workshop --step {n.step.number}` to work on it.")
    return "\n".join(lines)
