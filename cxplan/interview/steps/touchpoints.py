"""Step 4, touchpoints: the sites, every point of contact, and a walk with fresh eyes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.asker import NO_ANSWER as NO
from cxplan.interview.fields import Field, count, wrap
from cxplan.interview.lists import ListSpec, word_list
from cxplan.plan import codecs
from cxplan.plan.model import CHANNELS, Plan, Stage, Touchpoint, filled

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "touchpoints"
FRESH = ("pain_points", "rating", "moment_of_truth")
STOP = "stop"  # typed at a question of the fresh-eyes walk: the walk ends there


def touchpoints(ws: Workshop) -> ListSpec:
    fields = [
        Field("name", "Name"),
        Field("stage", "When: before, during or after the purchase?", codecs.STAGE),
        Field("channel", "Channel (e.g. " + ", ".join(CHANNELS[:6]) + ")"),
        Field("owner", "Who owns it? (a role)", role=True),
        Field(
            "customers",
            "Which customer segments? (numbers, names or ids; separate with ;)",
            codecs.IDS,
            refs="customers",
        ),
    ]
    if ws.site_count() > 1:
        fields.append(
            Field(
                "locations",
                "At which sites? (numbers, names or ids; Enter for all)",
                codecs.IDS,
                refs="locations",
            )
        )
    fields += [
        Field("description", "What happens here?"),
        Field(
            "pain_points",
            "Fresh eyes: what gets in a new customer's way here? (separate with ;)",
            codecs.WORDS,
            help="Walk it as a new customer would: what do they see, hear, wait for?",
        ),
        Field("rating", "Fresh eyes: rate today's experience here, 1 to 5", codecs.RATING),
        Field(
            "moment_of_truth",
            "Is it a moment of truth, one that makes or breaks the relationship? (yes/no)",
            codecs.FLAG,
        ),
    ]
    return ListSpec(("touchpoints",), "touchpoint", fields, Touchpoint, _line, fallback="tp")


def _line(t: dict[str, Any]) -> str:
    return (
        f"{t.get('name') or t.get('id')} [{t.get('stage') or 'no stage'}, "
        f"{t.get('channel') or 'no channel'}, owner {t.get('owner') or '?'}]"
        + (" *moment of truth*" if t.get("moment_of_truth") else "")
    )


def run(ws: Workshop) -> None:
    sites(ws)
    spec = touchpoints(ws)
    if ws.ask.answer_for(spec.path) is NO:
        suggest(ws)
    ws.lists.edit(spec)
    if not ws.ask.interactive:
        return
    for i, tp in enumerate(ws.items(("touchpoints",))):
        if not filled(tp.get("owner")):
            label = f"Who owns the touchpoint {tp.get('name') or tp['id']!r}? (a role)"
            ws.field(("touchpoints", i, "owner"), Field("owner", label, role=True))
    fresh_eyes(ws, spec)


def sites(ws: Workshop) -> None:
    """The client's sites, which touchpoints and standards can be tied to."""
    spec = word_list(
        ("client", "locations"),
        "location",
        ids=True,
        help="Sites (branches, stores, offices): checklists and walk-throughs can be made "
        "per site, each with only the touchpoints and standards it has.",
    )
    if ws.ask.answer_for(spec.path) is NO and ws.ask.interactive and not ws.site_count():
        question = f"Does {ws.client() or 'the business'} work from more than one site?"
        if not ws.confirm(question, False):
            return
    ws.lists.edit(spec)


def fresh_eyes(ws: Workshop, spec: ListSpec) -> None:
    """Offer to walk the touchpoints nobody has rated yet, as a new customer would."""
    unwalked = [i for i, tp in enumerate(ws.items(("touchpoints",))) if not tp.get("rating")]
    if not unwalked or not ws.confirm(
        f"{count(len(unwalked), 'touchpoint')} not walked with fresh eyes yet (no rating). "
        "Walk them now, as a new customer would?",
        True,
    ):
        return
    fields = [f for f in spec.fields if f.key in FRESH]
    ws.say(f"  Type {STOP} at any question to end the walk (what you gave is kept).")
    for n, i in enumerate(unwalked, start=1):
        tp = ws.items(("touchpoints",))[i]
        ws.say(
            f"{tp.get('name') or tp['id']} ({tp.get('stage') or 'no stage'}), "
            f"{n} of {len(unwalked)}:"
        )
        for f in fields:
            if not ws.field(("touchpoints", i, f.key), f, item=tp, escape=STOP):
                return
        if ws.items(("touchpoints",))[i].get("rating"):  # walked: the team's now
            ws.reviewed(("touchpoints", i))


def suggest(ws: Workshop) -> None:
    """Offer the library's touchpoints for each stage that has none yet."""
    if ws.library is None:
        return
    have = {str(t.get("id")) for t in ws.items(("touchpoints",))}
    stages = {t.get("stage") for t in ws.items(("touchpoints",))}
    for stage in Stage:
        if stage.value in stages:
            continue
        offer = [
            t for t in ws.library.touchpoints if t["stage"] == stage.value and t["id"] not in have
        ]
        if not offer:
            continue
        ws.say(
            f"No touchpoint {stage.value} the purchase yet. The {ws.library.key} library suggests:"
        )
        for t in offer:
            ws.say(wrap(f"- {t['name']} ({t['channel']}, owner {t['owner']})", "  "))
        if ws.confirm(f"Add these {count(len(offer), 'touchpoint')}?", True):
            for t in offer:
                ws.doc.append(("touchpoints",), {**t, **ws.starter_mark()})
            ws.save()
            ws.say(f"Added {count(len(offer), 'suggested touchpoint')} for '{stage.value}'.")


def summary(plan: Plan) -> str:
    counts = {s: sum(1 for t in plan.touchpoints if t.stage is s) for s in Stage}
    truths = sum(1 for t in plan.touchpoints if t.moment_of_truth)
    return (
        f"{count(len(plan.touchpoints), 'touchpoint')}: "
        + ", ".join(f"{n} {s.value}" for s, n in counts.items())
        + f"; {count(truths, 'moment')} of truth."
    )
