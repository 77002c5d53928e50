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
    if sheet is not None:
        asker = AnswersAsker(sheet.data, echo=asker.say)
    return Walk(Workshop(doc, asker, sheet)).run(step)
