"""Step 3, the customer-experience statement: who the customers are, what we will deliver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n, language
from cxplan.interview.fields import Field
from cxplan.interview.lists import ListSpec, Noun, word_list
from cxplan.plan.codecs import WORDS
from cxplan.plan.model import Customer, Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "experience"
SEGMENT = Noun(
    _("customer segment"),
    _("customer segments"),
    _("a customer segment"),
    _n("{count} customer segment", "{count} customer segments"),
)
PHYSICAL = Noun(
    _("physical element"),
    _("physical elements"),
    _("a physical element"),
    _n("{count} physical element", "{count} physical elements"),
)
EMOTIONAL = Noun(
    _("emotional element"),
    _("emotional elements"),
    _("an emotional element"),
    _n("{count} emotional element", "{count} emotional elements"),
)


def customers(lang: Language | None = None) -> ListSpec:
    lang = lang or language()
    return ListSpec(
        ("customers",),
        SEGMENT,
        [
            Field("name", _("Segment name")),
            Field("needs", _("What do they need? (separate with ;)"), WORDS),
            Field("wants", _("What do they want? (separate with ;)"), WORDS),
            Field("pain_points", _("Their pain points (separate with ;)"), WORDS),
            Field("challenges", _("Their challenges (separate with ;)"), WORDS),
            Field("expectations", _("What do they expect? (separate with ;)"), WORDS),
        ],
        Customer,
        lambda c: _segment(c, lang),
        fallback="segment",
    )


def _segment(c: dict[str, Any], lang: Language) -> str:
    needs = lang.trn("{count} need", "{count} needs", len(c.get("needs") or []))
    pains = lang.trn("{count} pain point", "{count} pain points", len(c.get("pain_points") or []))
    return lang.colon(str(c.get("name") or c.get("id"))) + f" {needs}, {pains}"


def run(ws: Workshop) -> None:
    ws.say(ws.tr("First, who are the customers, and what do they really need?"))
    ws.lists.edit(customers(ws.lang))
    ws.field(
        ("experience", "statement"),
        Field("statement", _("The experience we will deliver, in one sentence")),
    )
    ws.field(("experience", "promise"), Field("promise", _("What do we promise?")))
    ws.lists.edit(
        word_list(
            ("experience", "physical"),
            PHYSICAL,
            help=_("What customers see and touch, e.g. 'Written cost estimate'."),
        )
    )
    ws.lists.edit(
        word_list(
            ("experience", "emotional"),
            EMOTIONAL,
            help=_("How customers should feel, e.g. 'Reassured'."),
        )
    )


def summary(plan: Plan, lang: Language) -> str:
    e = plan.experience
    return lang.tr(
        "{segments}; {physical} physical and {emotional}.",
        segments=lang.trn(*SEGMENT.counted, len(plan.customers)),
        physical=lang.number(len(e.physical)),
        emotional=lang.trn(*EMOTIONAL.counted, len(e.emotional)),
    )
