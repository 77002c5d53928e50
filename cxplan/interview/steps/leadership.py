"""Step 1, committed leadership: the sponsor and what each leader will visibly do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.fields import Field, count
from cxplan.interview.lists import ListSpec
from cxplan.plan import codecs
from cxplan.plan.model import Commitment, Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "leadership"


def run(ws: Workshop) -> None:
    ws.field(
        ("leadership", "sponsor", "name"),
        Field("name", "Sponsor: who owns the CX strategy? (name)"),
    )
    ws.field(("leadership", "sponsor", "role"), Field("role", "Sponsor's role", role=True))
    ws.lists.edit(
        ListSpec(
            ("leadership", "commitments"),
            "leadership commitment",
            [
                Field("leader", "Leader's name"),
                Field(
                    "role",
                    "Leader's role",
                    role=True,
                    suggest=lambda item: ws.role_of(item.get("leader")),
                ),
                Field("commitment", "What does this leader commit to?"),
                Field(
                    "behaviours",
                    "Visible behaviours: what will staff see them do? (separate with ;)",
                    codecs.WORDS,
                    help="Staff believe what leaders do, not what they say: name things "
                    "people can see, e.g. 'Works one front-desk shift a month'.",
                ),
            ],
            Commitment,
            _commitment,
            id_prefix=None,
        )
    )


def _commitment(c: dict[str, Any]) -> str:
    return (
        f"{c.get('leader') or '?'} ({c.get('role') or 'no role'}): "
        f"{c.get('commitment') or 'no commitment yet'} "
        f"[{count(len(c.get('behaviours') or []), 'visible behaviour')}]"
    )


def summary(plan: Plan) -> str:
    lead = plan.leadership
    behaviours = sum(len(c.behaviours) for c in lead.commitments)
    return (
        f"sponsor {lead.sponsor.name or 'not named yet'}; "
        f"{count(len(lead.commitments), 'commitment')} with "
        f"{count(behaviours, 'visible behaviour')}."
    )
