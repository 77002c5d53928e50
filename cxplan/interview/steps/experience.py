"""Step 3, the customer-experience statement: who the customers are, what we will deliver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.fields import Field, count
from cxplan.interview.lists import ListSpec, word_list
from cxplan.plan.codecs import WORDS
from cxplan.plan.model import Customer, Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "experience"
LISTED = "(separate with ;)"


def customers() -> ListSpec:
    return ListSpec(
        ("customers",),
        "customer segment",
        [
            Field("name", "Segment name"),
            Field("needs", f"What do they need? {LISTED}", WORDS),
            Field("wants", f"What do they want? {LISTED}", WORDS),
            Field("pain_points", f"Their pain points {LISTED}", WORDS),
            Field("challenges", f"Their challenges {LISTED}", WORDS),
            Field("expectations", f"What do they expect? {LISTED}", WORDS),
        ],
        Customer,
        _segment,
        fallback="segment",
    )


def _segment(c: dict[str, Any]) -> str:
    return (
        f"{c.get('name') or c.get('id')}: {count(len(c.get('needs') or []), 'need')}, "
        f"{count(len(c.get('pain_points') or []), 'pain point')}"
    )


def run(ws: Workshop) -> None:
    ws.say("First, who are the customers, and what do they really need?")
    ws.lists.edit(customers())
    ws.field(
        ("experience", "statement"),
        Field("statement", "The experience we will deliver, in one sentence"),
    )
    ws.field(("experience", "promise"), Field("promise", "What do we promise?"))
    ws.lists.edit(
        word_list(
            ("experience", "physical"),
            "physical element",
            help="What customers see and touch, e.g. 'Written cost estimate'.",
        )
    )
    ws.lists.edit(
        word_list(
            ("experience", "emotional"),
            "emotional element",
            help="How customers should feel, e.g. 'Reassured'.",
        )
    )


def summary(plan: Plan) -> str:
    e = plan.experience
    return (
        f"{count(len(plan.customers), 'customer segment')}; {len(e.physical)} physical and "
        f"{count(len(e.emotional), 'emotional element')}."
    )
