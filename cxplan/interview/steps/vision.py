"""Step 2, strategic vision: where the business is heading, by when, with which aims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxplan.interview.fields import Field, count
from cxplan.interview.lists import word_list
from cxplan.plan.model import Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "vision"


def run(ws: Workshop) -> None:
    ws.field(("vision", "statement"), Field("statement", "Vision: where are we heading?"))
    ws.field(("vision", "horizon"), Field("horizon", "By when? (a year or a date)"))
    ws.lists.edit(
        word_list(
            ("vision", "aims"),
            "unifying aim",
            help="Aims unite departments behind the vision, e.g. 'NPS above 70'.",
        )
    )


def summary(plan: Plan) -> str:
    return f"horizon {plan.vision.horizon or '?'}; {count(len(plan.vision.aims), 'aim')}."
