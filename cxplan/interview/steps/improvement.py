"""Step 7, continuous improvement: the review, actions, staff ideas; the plan signed and branded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n
from cxplan.interview.fields import NO_ROLE, Field
from cxplan.interview.lists import ListSpec, Noun
from cxplan.plan import codecs
from cxplan.plan.model import Action, Plan, SignOff

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "improvement"
ACTION = Noun(
    _("improvement action"),
    _("improvement actions"),
    _("an improvement action"),
    _n("{count} improvement action", "{count} improvement actions"),
)
SIGNOFF = Noun(
    _("leadership sign-off"),
    _("leadership sign-offs"),
    _("a leadership sign-off"),
    _n("{count} leadership sign-off", "{count} leadership sign-offs"),
)


def actions(lang: Language) -> ListSpec:
    return ListSpec(
        ("improvement", "actions"),
        ACTION,
        [
            Field("title", _("What will be done?")),
            Field(
                "touchpoint",
                _("At which touchpoint? (number, name or id; Enter for none)"),
                codecs.REF,
                refs="touchpoints",
            ),
            Field("source", _("Where did it come from?"), codecs.SOURCE),
            Field("owner", _("Who owns it? (a role)"), role=True),
            Field("due", _("Due date (YYYY-MM-DD)"), codecs.DATE),
            Field("status", _("Status"), codecs.STATUS, suggest=lambda item: "open"),
        ],
        Action,
        lambda a: _line(a, lang),
        id_prefix="a-",
        fallback="a",
    )


def _line(a: dict[str, Any], lang: Language) -> str:
    due, owner = a.get("due"), a.get("owner")
    parts = [lang.tr(str(a.get("status") or "open"))]
    if due:
        parts.append(lang.tr("due {date}", date=lang.date(_day(due), "medium")))
    if owner:
        parts.append(str(owner))
    return f"{a.get('title') or a.get('id')} [{', '.join(parts)}]"


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _signoff(s: dict[str, Any], lang: Language) -> str:
    role = s.get("role") or lang.tr(NO_ROLE)
    who = f"{s.get('name') or '?'} ({role})"
    if s.get("date"):
        return who + ", " + lang.tr("signed {date}", date=lang.date(_day(s["date"]), "medium"))
    return who + ", " + lang.tr("not signed yet")


def signoffs(ws: Workshop) -> ListSpec:
    return ListSpec(
        ("leadership", "signoff"),
        SIGNOFF,
        [
            Field("name", _("Who signs the plan off? (name)")),
            Field(
                "role",
                _("Their role"),
                role=True,
                suggest=lambda item: ws.role_of(item.get("name")),
            ),
            Field("date", _("Signed on (YYYY-MM-DD, or Enter for not yet)"), codecs.DATE),
        ],
        SignOff,
        lambda s: _signoff(s, ws.lang),
        id_prefix=None,
    )


def run(ws: Workshop) -> None:
    cadence = ws.library.review_cadence if ws.library else None
    ws.field(
        ("improvement", "review_cadence"),
        Field(
            "review_cadence",
            _("How often will the team review the plan? (e.g. monthly)"),
            suggest=lambda item: ws.tr(cadence or "monthly"),
        ),
    )
    ws.lists.edit(actions(ws.lang))
    ws.field(
        ("improvement", "staff_ideas", "channel"),
        Field("channel", _("How do staff share ideas? (e.g. an ideas board, reviewed monthly)")),
    )
    ws.field(
        ("improvement", "staff_ideas", "reward"),
        Field("reward", _("How is an adopted idea rewarded?")),
    )
    ws.say(ws.tr("Last, the plan itself: who signs it off, and how it looks."))
    ws.lists.edit(signoffs(ws))
    brand(ws)


def brand(ws: Workshop) -> None:
    """The brand colour and logo every deliverable carries."""
    ws.field(
        ("client", "brand_color"),
        Field("brand_color", _("Brand colour for the deliverables (#RRGGBB, e.g. #0B6E4F)")),
    )
    while True:
        ws.field(("client", "logo"), Field("logo", _("Logo file (PNG or JPEG, beside the plan)")))
        logo = ws.get(("client", "logo"))
        if not logo or (ws.doc.path.parent / str(logo)).is_file() or not ws.ask.interactive:
            return
        ws.say(
            "  "
            + ws.tr(
                "There is no file {name} beside the plan ({folder}).",
                name=repr(str(logo)),
                folder=ws.doc.path.parent,
            )
        )
        ws.doc.delete(("client", "logo"))
        ws.save()


def summary(plan: Plan, lang: Language) -> str:
    imp = plan.improvement
    channel = imp.staff_ideas.channel
    ideas = lang.tr("via {channel}", channel=channel) if channel else lang.tr("not set up")
    signed = sum(1 for s in plan.leadership.signoff if s.date)
    return lang.tr(
        "review {cadence}; {actions}; staff ideas {ideas}; {signoffs}.",
        cadence=imp.review_cadence or "?",
        actions=lang.trn("{count} action", "{count} actions", len(imp.actions)),
        ideas=ideas,
        signoffs=lang.trn("{count} sign-off", "{count} sign-offs", signed),
    )
