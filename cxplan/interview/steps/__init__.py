"""The seven steps of the workshop, one module each, in a table keyed by the method's step key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxplan.i18n import Language
from cxplan.interview.steps import (
    experience,
    improvement,
    leadership,
    measures,
    standards,
    touchpoints,
    vision,
)
from cxplan.plan.model import Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop


@dataclass(frozen=True)
class StepRunner:
    """How the workshop works through one step, and how it sums the step up in a line."""

    run: Callable[[Workshop], None]
    summary: Callable[[Plan, Language], str]


RUNNERS: dict[str, StepRunner] = {
    module.KEY: StepRunner(module.run, module.summary)
    for module in (leadership, vision, experience, touchpoints, standards, measures, improvement)
}
