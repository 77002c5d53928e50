"""Step 7, continuous improvement: the review, actions, staff ideas; the plan signed and branded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.fields import Field, count
from cxplan.interview.lists import ListSpec
from cxplan.plan import codecs
from cxplan.plan.model import Action, Plan, SignOff

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "improvement"


def actions() -> ListSpec:
    return ListSpec(
        ("improvement", "actions"),
        "improvement action",
        [
            Field("title", "What will be done?"),
            Field(
                "touchpoint",
                "At which touchpoint? (number, name or id; Enter for none)",
                codecs.REF,
                refs="touchpoints",
            ),
            Field("source", "Where did it come from?", codecs.SOURCE),
            Field("owner", "Who owns it? (a role)", role=True),
            Field("due", "Due date (YYYY-MM-DD)", codecs.DATE),
            Field("status", "Status", codecs.STATUS, suggest=lambda item: "open"),
        ],
        Action,
        _line,
        id_prefix="a-",
        fallback="a",
    )


def _line(a: dict[str, Any]) -> str:
    due = a.get("due")
    return (
        f"{a.get('title') or a.get('id')} [{a.get('status') or 'open'}"
        + (f", due {due}" if due else "")
        + (f", {a.get('owner')}" if a.get("owner") else "")
        + "]"
    )


def signoffs(ws: Workshop) -> ListSpec:
    return ListSpec(
        ("leadership", "signoff"),
        "leadership sign-off",
        [
            Field("name", "Who signs the plan off? (name)"),
            Field(
                "role", "Their role", role=True, suggest=lambda item: ws.role_of(item.get("name"))
            ),
            Field("date", "Signed on (YYYY-MM-DD, or Enter for not yet)", codecs.DATE),
        ],
        SignOff,
        lambda s: (
            f"{s.get('name') or '?'} ({s.get('role') or 'no role'})"
            + (f", signed {s.get('date')}" if s.get("date") else ", not signed yet")
        ),
        id_prefix=None,
    )


def run(ws: Workshop) -> None:
    cadence = ws.library.review_cadence if ws.library else None
    ws.field(
        ("improvement", "review_cadence"),
        Field(
            "review_cadence",
            "How often will the team review the plan? (e.g. monthly)",
            suggest=lambda item: cadence or "monthly",
        ),
    )
    ws.lists.edit(actions())
    ws.field(
        ("improvement", "staff_ideas", "channel"),
        Field("channel", "How do staff share ideas? (e.g. an ideas board, reviewed monthly)"),
    )
    ws.field(
        ("improvement", "staff_ideas", "reward"),
        Field("reward", "How is an adopted idea rewarded?"),
    )
    ws.say("Last, the plan itself: who signs it off, and how it looks.")
    ws.lists.edit(signoffs(ws))
    brand(ws)


def brand(ws: Workshop) -> None:
    """The brand colour and logo every deliverable carries."""
    ws.field(
        ("client", "brand_color"),
        Field("brand_color", "Brand colour for the deliverables (#RRGGBB, e.g. #0B6E4F)"),
    )
    while True:
        ws.field(("client", "logo"), Field("logo", "Logo file (PNG or JPEG, beside the plan)"))
        logo = ws.get(("client", "logo"))
        if not logo or (ws.doc.path.parent / str(logo)).is_file() or not ws.ask.interactive:
            return
        ws.say(f"  There is no file {str(logo)!r} beside the plan ({ws.doc.path.parent}).")
        ws.doc.delete(("client", "logo"))
        ws.save()


def summary(plan: Plan) -> str:
    imp = plan.improvement
    ideas = f"via {imp.staff_ideas.channel}" if imp.staff_ideas.channel else "not set up"
    signed = sum(1 for s in plan.leadership.signoff if s.date)
    return (
        f"review {imp.review_cadence or '?'}; {count(len(imp.actions), 'action')}; staff ideas "
        f"{ideas}; {count(signed, 'sign-off')}."
    )
