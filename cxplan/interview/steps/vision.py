"""Step 2, strategic vision: where the business is heading, by when, with which aims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxplan.i18n import Language, _, _n
from cxplan.interview.fields import Field
from cxplan.interview.lists import Noun, word_list
from cxplan.plan.model import Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "vision"
AIM = Noun(
    _("unifying aim"),
    _("unifying aims"),
    _("a unifying aim"),
    _n("{count} unifying aim", "{count} unifying aims"),
)


def run(ws: Workshop) -> None:
    ws.field(("vision", "statement"), Field("statement", _("Vision: where are we heading?")))
    ws.field(("vision", "horizon"), Field("horizon", _("By when? (a year or a date)")))
    ws.lists.edit(
        word_list(
            ("vision", "aims"),
            AIM,
            help=_("Aims unite departments behind the vision, e.g. 'NPS above 70'."),
        )
    )


def summary(plan: Plan, lang: Language) -> str:
    return lang.tr(
        "horizon {horizon}; {aims}.",
        horizon=plan.vision.horizon or "?",
        aims=lang.trn("{count} aim", "{count} aims", len(plan.vision.aims)),
    )
