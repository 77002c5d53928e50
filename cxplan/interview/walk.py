"""The walk through the seven steps: where to start, each step in turn, and the way on when one
is not done (fix it, go back to what it waits for, skip it, or stop)."""

from __future__ import annotations

from dataclasses import dataclass

from cxplan.errors import Interrupted
from cxplan.i18n import _, _n
from cxplan.interview.asker import Stop
from cxplan.interview.fields import CLEAR, PAGE, steps, wrap
from cxplan.interview.session import Workshop
from cxplan.interview.steps import RUNNERS
from cxplan.method.rules import STARTER_LISTS
from cxplan.method.status import StepStatus, status
from cxplan.method.steps import STEPS, Step
from cxplan.plan.model import Plan

NEXT, QUIT = 0, -1  # after a step: go on to the next one, or stop the walk
# The ways on from a step that is not done: each text's first word is the letter typed.
FIX = _("f fix it now (step {number}'s questions again)")
BACK = _("b go back to step {number} ({title})")
SKIP = _("s skip it after all (move on not done)")
QUIT_HERE = _("q stop here (every answer is saved)")
MOVING_ON = _("Moving on with step {number} not done; `cxplan status` will show the gap.")


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
        ws, tr = self.ws, self.ws.tr
        plan = ws.plan()
        states = _states(plan)
        ws.say(tr("{client}: CX strategy workshop ({file})", client=ws.client(), file=ws.doc.path))
        if ws.answers is not None:
            ws.say(
                wrap(
                    tr(
                        "Answers come from {file}; the plan is saved once all of them fit, and "
                        "not at all if one does not.",
                        file=ws.answers.path,
                    )
                )
            )
        else:
            ws.say(
                wrap(
                    tr(
                        "Every answer is saved as soon as it is given. Press Enter to keep the "
                        "answer in [brackets], type {clear} to clear it; Ctrl-C stops (nothing "
                        "is lost).",
                        clear=CLEAR,
                    )
                )
            )
        done = [str(s.step.number) for s in states if s.done]
        ws.say(tr("Steps done: {steps}.", steps=", ".join(done) if done else tr("none yet")))
        self.starter_to_review(plan)
        if start is not None:
            return self.walk(start, only=True)
        first = next((s.step.number for s in states if not s.done), None)
        if first is not None:
            return self.walk(first, only=False)
        ws.say(tr("All seven steps are done."))
        if ws.answers is not None:  # the answers file is applied to a complete plan too
            return self.walk(1, only=False)
        if not ws.ask.interactive:
            return Summary([], True)
        while True:
            raw = ws.ask.prompt(tr("Revisit a step? (1-7, Enter to finish)"), "").strip()
            if not raw:
                return Summary([], True)
            if raw.isdigit() and 1 <= int(raw) <= 7:
                return self.walk(int(raw), only=True)
            ws.say("  " + tr("There are seven steps: type 1 to 7, or Enter to finish."))

    def starter_to_review(self, plan: Plan) -> None:
        waiting, lang = [], self.ws.lang
        for number, section, noun in STARTER_LISTS:
            n = sum(1 for item in getattr(plan, section) if not item.reviewed)
            if n:
                starters = lang.trn(*STARTERS[noun], n)
                waiting.append(
                    lang.tr("{starters} (step {number})", starters=starters, number=number)
                )
        if waiting:
            said = lang.tr(
                "To review: {lists}; keep, edit or remove them in their step.",
                lists=", ".join(waiting),
            )
            self.ws.say(wrap(said))

    def walk(self, first: int, *, only: bool) -> Summary:
        ws, tr = self.ws, self.ws.tr
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
                    go_on = ws.ask.interactive and ws.confirm(
                        tr(
                            "Go on to step {number} ({title})?",
                            number=nxt.number,
                            title=tr(nxt.title),
                        ),
                        False,
                    )
                    if not go_on:
                        break
                number += 1
        except Stop:
            raise Interrupted(
                tr(
                    "stopped at step {number}; every answer given so far is saved in {file}",
                    number=number,
                    file=ws.doc.path,
                ),
                hint=tr(
                    "Run `cxplan workshop {file}` to carry on where you left off.",
                    file=ws.doc.path,
                ),
            ) from None
        plan = ws.plan()
        states = _states(plan)
        complete = all(s.done for s in states)
        ws.say("")
        if complete:
            ws.say(tr("All seven steps are done. Build the deliverables with `cxplan build`."))
        else:
            missing = [str(s.step.number) for s in states if not s.done]
            ws.say(
                tr(
                    "Steps not done yet: {steps}. `cxplan status` lists what is missing; "
                    "`cxplan workshop` carries on.",
                    steps=", ".join(missing),
                )
            )
        return Summary(runs, complete)

    def run_step(self, step: Step) -> None:
        ws, tr = self.ws, self.ws.tr
        ws.say("")
        ws.say(
            "=== "
            + tr("Step {number} of 7: {title}", number=step.number, title=tr(step.title))
            + " ==="
        )
        plan = ws.plan()
        states = _states(plan)
        waiting = [s.step.number for s in states[: step.number - 1] if not s.done]
        if waiting:
            said = ws.lang.trn(
                "{steps} before this one is not done yet: each step builds on the ones before "
                "it, so what you decide here may change once it is done.",
                "{steps} before this one are not done yet: each step builds on the ones before "
                "it, so what you decide here may change once they are done.",
                len(waiting),
                steps=steps(waiting, ws.lang),
            )
            ws.say(wrap(said))
        ws.say(wrap(tr(step.question)))
        ws.say(wrap(tr(step.why)))
        ws.say("")
        RUNNERS[step.key].run(ws)

    def finish_step(self, step: Step) -> int:
        """Sum the step up; the step to work on next: NEXT, QUIT, or a step's number (this
        one again, or an earlier one that it waits for)."""
        ws, tr = self.ws, self.ws.tr
        plan = ws.plan()
        states = _states(plan)
        now = states[step.number - 1]
        ws.say("")
        summary = RUNNERS[step.key].summary(plan, ws.lang)
        ws.say(
            tr(
                "Step {number} ({title}): {summary}",
                number=step.number,
                title=tr(step.title),
                summary=summary,
            )
        )
        if now.done:
            ws.say(tr("Step {number} is done.", number=step.number))
            return NEXT
        ws.say(tr("Still missing for step {number}:", number=step.number))
        for gap in now.missing[:PAGE]:
            ws.say(f"  - {gap.message}")
        if len(now.missing) > PAGE:
            ws.say("  - " + tr("... and {count} more", count=len(now.missing) - PAGE))
        if ws.ask.interactive and not ws.confirm(
            tr(
                "Move on with step {number} not done? (later steps would then be worked on out "
                "of sequence)",
                number=step.number,
            ),
            False,
        ):
            return self.not_done_choice(plan, states, step)
        ws.say(tr(MOVING_ON, number=step.number))
        return NEXT

    def not_done_choice(self, plan: Plan, states: list[StepStatus], step: Step) -> int:
        """The way on from a step that is not done: fix it, go back to what it waits for,
        skip it after all, or stop."""
        tr = self.ws.tr
        earlier = next((s.step.number for s in states[: step.number - 1] if not s.done), None)
        blocked = step.key in ("standards", "measures") and not plan.touchpoints
        ways: list[tuple[str, int]] = []
        if not blocked:
            ways.append((tr(FIX, number=step.number), step.number))
        if earlier is not None:
            title = tr(STEPS[earlier - 1].title)
            ways.append((tr(BACK, number=earlier, title=title), earlier))
        skip, stop = tr(SKIP), tr(QUIT_HERE)
        ways += [(skip, NEXT), (stop, QUIT)]
        options = {text.split()[0].lower(): (text.split(" ", 1)[1], to) for text, to in ways}
        self.ws.say(tr("Step {number} is not done. What now?", number=step.number))
        for key, (text, _to) in options.items():
            self.ws.say(f"  {key}  {text}")
        keys = list(options)
        quit_key = stop.split()[0].lower()
        question = tr(
            "Step {number} not done: {some} or {last}?",
            number=step.number,
            some=", ".join(keys[:-1]),
            last=keys[-1],
        )
        while True:
            # Enter stops: pressing Enter throughout never loops and never skips a step.
            raw = self.ws.ask.prompt(question, quit_key)
            word = raw.strip().lower()[:1] or quit_key
            if word in options:
                if word == skip.split()[0].lower():
                    self.ws.say(tr(MOVING_ON, number=step.number))
                return options[word][1]
            self.ws.say("  " + tr("Type {keys}.", keys=", ".join(options)))


STARTERS = {
    "touchpoint": _n("{count} starter touchpoint", "{count} starter touchpoints"),
    "standard": _n("{count} starter standard", "{count} starter standards"),
    "measure": _n("{count} starter measure", "{count} starter measures"),
}


def _states(plan: Plan) -> list[StepStatus]:
    """Where the plan stands on each step (the rules run once for all seven)."""
    return status(plan).steps
