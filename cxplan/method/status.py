"""Where a plan stands on the seven steps: done or not (by the rules), and work out of sequence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from cxplan.errors import Problem
from cxplan.i18n import Language, language
from cxplan.method.rules import Evaluated, findings
from cxplan.method.steps import STEPS, Step
from cxplan.plan.model import Plan, filled

State = Literal["done", "partly done", "not started"]


def _leadership(plan: Plan) -> bool:
    lead = plan.leadership
    return (
        filled(lead.sponsor.name)
        or filled(lead.sponsor.role)
        or bool(lead.commitments)
        or bool(lead.signoff)
    )


def _vision(plan: Plan) -> bool:
    v = plan.vision
    return filled(v.statement) or filled(v.horizon) or bool(v.aims)


def _experience(plan: Plan) -> bool:
    e = plan.experience
    return (
        filled(e.statement)
        or filled(e.promise)
        or bool(e.physical)
        or bool(e.emotional)
        or bool(plan.customers)
    )


def _improvement(plan: Plan) -> bool:
    imp = plan.improvement
    return (
        filled(imp.review_cadence)
        or bool(imp.actions)
        or filled(imp.staff_ideas.channel)
        or filled(imp.staff_ideas.reward)
    )


# Whether the team has begun a step: some answer of its own is there.
STARTED: dict[str, Callable[[Plan], bool]] = {
    "leadership": _leadership,
    "vision": _vision,
    "experience": _experience,
    # Starter content from a library is not the team's work until they review it, so it
    # never starts a step (nor makes work out of sequence).
    "touchpoints": lambda plan: any(t.reviewed for t in plan.touchpoints),
    "standards": lambda plan: any(s.reviewed for s in plan.standards),
    "measures": lambda plan: any(m.reviewed for m in plan.measures),
    "improvement": _improvement,
}


@dataclass
class StepStatus:
    """Where the plan stands on one step, and what it still needs."""

    step: Step
    state: State
    missing: list[Problem] = field(default_factory=list)

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


def step_status(plan: Plan, step: Step, evaluated: Evaluated | None = None) -> StepStatus:
    """Where ``plan`` stands on ``step`` (``evaluated``: the rules already run on it)."""
    missing = findings(plan, step=step.number, blocking=True, evaluated=evaluated)
    if not missing:
        return StepStatus(step, "done")
    started = STARTED[step.key](plan)
    return StepStatus(step, "partly done" if started else "not started", missing)


def status(plan: Plan, evaluated: Evaluated | None = None) -> Status:
    """Where ``plan`` stands on every step, with out-of-sequence findings and what to do next."""
    if evaluated is None:
        from cxplan.method.rules import evaluate

        evaluated = evaluate(plan)
    steps = [step_status(plan, step, evaluated) for step in STEPS]
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


def sequence_message(found: list[OutOfSequence], lang: Language | None = None) -> str:
    """One sentence: the first unfinished step, and the later steps already worked on."""
    tr = (lang or language()).tr
    first = min((w for f in found for w in f.waiting_on), key=lambda s: s.step.number)
    ahead = [f.step for f in found if f.step.step.number > first.step.number]
    numbers = [str(s.step.number) for s in ahead]
    if len(numbers) == 1:
        later = tr(
            "step {number} ({title}) already has work in it",
            number=numbers[0],
            title=tr(ahead[0].step.title),
        )
    else:
        later = tr(
            "steps {numbers} and {last} already have work in them",
            numbers=", ".join(numbers[:-1]),
            last=numbers[-1],
        )
    state = tr("not started") if first.state == "not started" else tr("not done")
    return tr(
        "Working out of sequence: step {number} ({title}) is {state}, yet {later}. Finish step "
        "{number} first: each step builds on the one before.",
        number=first.step.number,
        title=tr(first.step.title),
        state=state,
        later=later,
    )
