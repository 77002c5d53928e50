"""`cxplan workshop` put together: the plan opened for editing, the asker, the walk."""

from __future__ import annotations

from pathlib import Path

from cxplan.interview.answers import AnswersFile
from cxplan.interview.asker import AnswersAsker, Asker
from cxplan.interview.session import Workshop
from cxplan.interview.walk import Summary, Walk
from cxplan.plan.edit import PlanEditor


def run_workshop(
    plan_path: Path,
    asker: Asker,
    *,
    step: int | None = None,
    answers: Path | None = None,
) -> Summary:
    """Run the workshop on a plan: with ``answers``, the file answers what it names and the
    defaults and suggestions answer the rest."""
    doc = PlanEditor.open(plan_path, replay=True)
    sheet = AnswersFile.load(answers) if answers is not None else None
    if sheet is None:
        # Typed answers are saved one by one: Ctrl-C or a crash loses none of them.
        return Walk(Workshop(doc, asker, sheet)).run(step)
    # An answers file goes in whole or not at all: a mistake on its last line leaves the
    # plan as it was, so the file can be fixed and run again.
    doc.deferred = True
    summary = Walk(Workshop(doc, AnswersAsker(sheet.data, echo=asker.say), sheet)).run(step)
    doc.commit()
    return summary
