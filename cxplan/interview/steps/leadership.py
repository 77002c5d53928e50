"""Step 1, committed leadership: the sponsor and what each leader will visibly do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n
from cxplan.interview.fields import NO_ROLE, Field
from cxplan.interview.lists import ListSpec, Noun
from cxplan.plan import codecs
from cxplan.plan.model import Commitment, Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "leadership"
COMMITMENT = Noun(
    _("leadership commitment"),
    _("leadership commitments"),
    _("a leadership commitment"),
    _n("{count} leadership commitment", "{count} leadership commitments"),
)
BEHAVIOURS = _n("{count} visible behaviour", "{count} visible behaviours")


def run(ws: Workshop) -> None:
    ws.field(
        ("leadership", "sponsor", "name"),
        Field("name", _("Sponsor: who owns the CX strategy? (name)")),
    )
    ws.field(("leadership", "sponsor", "role"), Field("role", _("Sponsor's role"), role=True))
    ws.lists.edit(
        ListSpec(
            ("leadership", "commitments"),
            COMMITMENT,
            [
                Field("leader", _("Leader's name")),
                Field(
                    "role",
                    _("Leader's role"),
                    role=True,
                    suggest=lambda item: ws.role_of(item.get("leader")),
                ),
                Field("commitment", _("What does this leader commit to?")),
                Field(
                    "behaviours",
                    _("Visible behaviours: what will staff see them do? (separate with ;)"),
                    codecs.WORDS,
                    help=_(
                        "Staff believe what leaders do, not what they say: name things people "
                        "can see, e.g. 'Works one front-desk shift a month'."
                    ),
                ),
            ],
            Commitment,
            lambda c: _commitment(c, ws.lang),
            id_prefix=None,
        )
    )


def _commitment(c: dict[str, Any], lang: Language) -> str:
    role = c.get("role") or lang.tr(NO_ROLE)
    who = lang.colon(f"{c.get('leader') or '?'} ({role})")
    what = c.get("commitment") or lang.tr("no commitment yet")
    return f"{who} {what} [{lang.trn(*BEHAVIOURS, len(c.get('behaviours') or []))}]"


def summary(plan: Plan, lang: Language) -> str:
    lead = plan.leadership
    behaviours = sum(len(c.behaviours) for c in lead.commitments)
    return lang.tr(
        "sponsor {name}; {commitments} with {behaviours}.",
        name=lead.sponsor.name or lang.tr("not named yet"),
        commitments=lang.trn("{count} commitment", "{count} commitments", len(lead.commitments)),
        behaviours=lang.trn(*BEHAVIOURS, behaviours),
    )
