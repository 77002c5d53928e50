"""The walk through the seven steps: where to start, each step in turn, and the way on when one
is not done (fix it, go back to what it waits for, skip it, or stop)."""

from __future__ import annotations

from dataclasses import dataclass

from cxplan.errors import Interrupted
from cxplan.interview.asker import Stop
from cxplan.interview.fields import CLEAR, PAGE, count, steps, wrap
from cxplan.interview.session import Workshop
from cxplan.interview.steps import RUNNERS
from cxplan.method.rules import STARTER_LISTS
from cxplan.method.status import StepStatus, status
from cxplan.method.steps import STEPS, Step
from cxplan.plan.model import Plan

NEXT, QUIT = 0, -1  # after a step: go on to the next one, or stop the walk


@dataclass
class Summary:
    """How a workshop session ended."""

    steps_run: list[int]
    complete: bool


class Walk:
    """Leads a team through the steps of one workshop session."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws

    def run(self, start: int | None = None) -> Summary:
        """Walk the steps from ``start`` (default: the first that is not done) to step 7."""
        ws = self.ws
        plan = ws.plan()
        states = _states(plan)
        ws.say(f"{ws.client()}: CX strategy workshop ({ws.doc.path})")
        if ws.answers is not None:
            ws.say(
                wrap(
                    f"Answers come from {ws.answers.path}; the plan is saved once all of "
                    "them fit, and not at all if one does not."
                )
            )
        else:
            ws.say(
                wrap(
                    "Every answer is saved as soon as it is given. Press Enter to keep the "
                    f"answer in [brackets], type {CLEAR} to clear it; Ctrl-C stops (nothing "
                    "is lost)."
                )
            )
        done = [str(s.step.number) for s in states if s.done]
        ws.say(f"Steps done: {', '.join(done) if done else 'none yet'}.")
        self.starter_to_review(plan)
        if start is not None:
            return self.walk(start, only=True)
        first = next((s.step.number for s in states if not s.done), None)
        if first is not None:
            return self.walk(first, only=False)
        ws.say("All seven steps are done.")
        if ws.answers is not None:  # the answers file is applied to a complete plan too
            return self.walk(1, only=False)
        if not ws.ask.interactive:
            return Summary([], True)
        while True:
            raw = ws.ask.prompt("Revisit a step? (1-7, Enter to finish)", "").strip()
            if not raw:
                return Summary([], True)
            if raw.isdigit() and 1 <= int(raw) <= 7:
                return self.walk(int(raw), only=True)
            ws.say("  There are seven steps: type 1 to 7, or Enter to finish.")

    def starter_to_review(self, plan: Plan) -> None:
        waiting = []
        for number, section, noun in STARTER_LISTS:
            n = sum(1 for item in getattr(plan, section) if not item.reviewed)
            if n:
                waiting.append(f"{count(n, 'starter ' + noun)} (step {number})")
        if waiting:
            self.ws.say(
                wrap(f"To review: {', '.join(waiting)}; keep, edit or remove them in their step.")
            )

    def walk(self, first: int, *, only: bool) -> Summary:
        ws = self.ws
        runs: list[int] = []
        number = first
        try:
            while number <= 7:
                step = STEPS[number - 1]
                self.run_step(step)
                runs.append(number)
                choice = self.finish_step(step)
                if choice == QUIT:
                    break
                if choice != NEXT:  # this step again, or an earlier one first
                    number = choice
                    continue
                if only and number < 7:
                    nxt = STEPS[number]
                    go_on = ws.ask.interactive and ws.ask.confirm(
                        f"Go on to step {nxt.number} ({nxt.title})?", False
                    )
                    if not go_on:
                        break
                number += 1
        except Stop:
            raise Interrupted(
                f"stopped at step {number}; every answer given so far is saved in {ws.doc.path}",
                hint=f"Run `cxplan workshop {ws.doc.path}` to carry on where you left off.",
            ) from None
        plan = ws.plan()
        states = _states(plan)
        complete = all(s.done for s in states)
        ws.say("")
        if complete:
            ws.say("All seven steps are done. Build the deliverables with `cxplan build`.")
        else:
            missing = [str(s.step.number) for s in states if not s.done]
            ws.say(
                f"Steps not done yet: {', '.join(missing)}. `cxplan status` lists what is "
                "missing; `cxplan workshop` carries on."
            )
        return Summary(runs, complete)

    def run_step(self, step: Step) -> None:
        ws = self.ws
        ws.say("")
        ws.say(f"=== Step {step.number} of 7: {step.title} ===")
        plan = ws.plan()
        states = _states(plan)
        waiting = [s.step.number for s in states[: step.number - 1] if not s.done]
        if waiting:
            one = len(waiting) == 1
            ws.say(
                wrap(
                    f"{steps(waiting)} before this one {'is' if one else 'are'} not done yet: "
                    "each step builds on the ones before it, so what you decide here may "
                    f"change once {'it is' if one else 'they are'} done."
                )
            )
        ws.say(wrap(step.question))
        ws.say(wrap(step.why))
        ws.say("")
        RUNNERS[step.key].run(ws)

    def finish_step(self, step: Step) -> int:
        """Sum the step up; the step to work on next: NEXT, QUIT, or a step's number (this
        one again, or an earlier one that it waits for)."""
        ws = self.ws
        plan = ws.plan()
        states = _states(plan)
        now = states[step.number - 1]
        ws.say("")
        ws.say(f"Step {step.number} ({step.title}): {RUNNERS[step.key].summary(plan)}")
        if now.done:
            ws.say(f"Step {step.number} is done.")
            return NEXT
        ws.say(f"Still missing for step {step.number}:")
        for gap in now.missing[:PAGE]:
            ws.say(f"  - {gap.message}")
        if len(now.missing) > PAGE:
            ws.say(f"  - ... and {len(now.missing) - PAGE} more")
        if ws.ask.interactive and not ws.ask.confirm(
            f"Move on with step {step.number} not done? (later steps would then be worked "
            "on out of sequence)",
            False,
        ):
            return self.not_done_choice(plan, states, step)
        ws.say(f"Moving on with step {step.number} not done; `cxplan status` will show the gap.")
        return NEXT

    def not_done_choice(self, plan: Plan, states: list[StepStatus], step: Step) -> int:
        """The way on from a step that is not done: fix it, go back to what it waits for,
        skip it after all, or stop."""
        earlier = next((s.step.number for s in states[: step.number - 1] if not s.done), None)
        blocked = step.key in ("standards", "measures") and not plan.touchpoints
        options: dict[str, tuple[str, int]] = {}
        if not blocked:
            options["f"] = (f"fix it now (step {step.number}'s questions again)", step.number)
        if earlier is not None:
            options["b"] = (f"go back to step {earlier} ({STEPS[earlier - 1].title})", earlier)
        options["s"] = ("skip it after all (move on not done)", NEXT)
        options["q"] = ("stop here (every answer is saved)", QUIT)
        self.ws.say(f"Step {step.number} is not done. What now?")
        for key, (text, _) in options.items():
            self.ws.say(f"  {key}  {text}")
        keys = list(options)
        question = f"Step {step.number} not done: {', '.join(keys[:-1])} or {keys[-1]}?"
        while True:
            # Enter stops: pressing Enter throughout never loops and never skips a step.
            raw = self.ws.ask.prompt(question, "q")
            word = raw.strip().lower()[:1] or "q"
            if word in options:
                if word == "s":
                    self.ws.say(
                        f"Moving on with step {step.number} not done; `cxplan status` will "
                        "show the gap."
                    )
                return options[word][1]
            self.ws.say(f"  Type {', '.join(options)}.")


def _states(plan: Plan) -> list[StepStatus]:
    """Where the plan stands on each step (the rules run once for all seven)."""
    return status(plan).steps
