"""Step 4, touchpoints: the sites, every point of contact, and a walk with fresh eyes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n
from cxplan.interview.asker import NO_ANSWER as NO
from cxplan.interview.fields import Field, wrap
from cxplan.interview.lists import ListSpec, Noun, word_list
from cxplan.plan import codecs
from cxplan.plan.model import CHANNELS, Plan, Stage, Touchpoint, filled

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "touchpoints"
FRESH = ("pain_points", "rating", "moment_of_truth")
STOP = _("stop")  # typed at a question of the fresh-eyes walk: the walk ends there
TOUCHPOINT = Noun(
    _("touchpoint"),
    _("touchpoints"),
    _("a touchpoint"),
    _n("{count} touchpoint", "{count} touchpoints"),
    _n("{count} starter touchpoint", "{count} starter touchpoints"),
)
LOCATION = Noun(
    _("location"),
    _("locations"),
    _("a location"),
    _n("{count} location", "{count} locations"),
)
AT_SITES = _("At which sites? (numbers, names or ids; Enter for all)")


def touchpoints(ws: Workshop) -> ListSpec:
    channels = ", ".join(ws.tr(c) for c in CHANNELS[:6])
    fields = [
        Field("name", _("Name")),
        Field("stage", _("When: before, during or after the purchase?"), codecs.STAGE),
        Field("channel", ws.tr("Channel (e.g. {channels})", channels=channels)),
        Field("owner", _("Who owns it? (a role)"), role=True),
        Field(
            "customers",
            _("Which customer segments? (numbers, names or ids; separate with ;)"),
            codecs.IDS,
            refs="customers",
        ),
    ]
    if ws.site_count() > 1:
        fields.append(Field("locations", AT_SITES, codecs.IDS, refs="locations"))
    fields += [
        Field("description", _("What happens here?")),
        Field(
            "pain_points",
            _("Fresh eyes: what gets in a new customer's way here? (separate with ;)"),
            codecs.WORDS,
            help=_("Walk it as a new customer would: what do they see, hear, wait for?"),
        ),
        Field("rating", _("Fresh eyes: rate today's experience here, 1 to 5"), codecs.RATING),
        Field(
            "moment_of_truth",
            _("Is it a moment of truth, one that makes or breaks the relationship? (yes/no)"),
            codecs.FLAG,
        ),
    ]
    return ListSpec(
        ("touchpoints",), TOUCHPOINT, fields, Touchpoint, lambda t: _line(t, ws.lang), fallback="tp"
    )


def _line(t: dict[str, Any], lang: Language) -> str:
    stage, channel = t.get("stage"), t.get("channel")
    line = lang.tr(
        "{name} [{stage}, {channel}, owner {owner}]",
        name=t.get("name") or t.get("id"),
        stage=lang.tr(stage) if stage else lang.tr("no stage"),
        channel=lang.tr(channel) if channel else lang.tr("no channel"),
        owner=t.get("owner") or "?",
    )
    return line + (" *" + lang.tr("moment of truth") + "*" if t.get("moment_of_truth") else "")


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
            label = ws.tr(
                "Who owns the touchpoint {name}? (a role)", name=repr(tp.get("name") or tp["id"])
            )
            ws.field(("touchpoints", i, "owner"), Field("owner", label, role=True))
    fresh_eyes(ws, spec)


def sites(ws: Workshop) -> None:
    """The client's sites, which touchpoints and standards can be tied to."""
    spec = word_list(
        ("client", "locations"),
        LOCATION,
        ids=True,
        help=_(
            "Sites (branches, stores, offices): checklists and walk-throughs can be made per "
            "site, each with only the touchpoints and standards it has."
        ),
    )
    if ws.ask.answer_for(spec.path) is NO and ws.ask.interactive and not ws.site_count():
        question = ws.tr(
            "Does {client} work from more than one site?",
            client=ws.client() or ws.tr("the business"),
        )
        if not ws.confirm(question, False):
            return
    ws.lists.edit(spec)


def fresh_eyes(ws: Workshop, spec: ListSpec) -> None:
    """Offer to walk the touchpoints nobody has rated yet, as a new customer would."""
    unwalked = [i for i, tp in enumerate(ws.items(("touchpoints",))) if not tp.get("rating")]
    if not unwalked or not ws.confirm(
        ws.lang.trn(
            "{count} touchpoint not walked with fresh eyes yet (no rating). Walk it now, as a "
            "new customer would?",
            "{count} touchpoints not walked with fresh eyes yet (no rating). Walk them now, as "
            "a new customer would?",
            len(unwalked),
        ),
        True,
    ):
        return
    fields = [f for f in spec.fields if f.key in FRESH]
    stop = ws.tr(STOP).lower()
    ws.say(
        "  "
        + ws.tr("Type {stop} at any question to end the walk (what you gave is kept).", stop=stop)
    )
    for n, i in enumerate(unwalked, start=1):
        tp = ws.items(("touchpoints",))[i]
        stage = tp.get("stage")
        ws.say(
            ws.tr(
                "{name} ({stage}), {number} of {count}:",
                name=tp.get("name") or tp["id"],
                stage=ws.tr(stage) if stage else ws.tr("no stage"),
                number=n,
                count=len(unwalked),
            )
        )
        for f in fields:
            if not ws.field(("touchpoints", i, f.key), f, item=tp, escape=stop):
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
            ws.tr(
                "No touchpoint in the stage {stage} yet. The starter library “{library}” suggests:",
                stage=repr(ws.tr(stage.value)),
                library=ws.library.title,
            )
        )
        for t in offer:
            line = ws.tr(
                "- {name} ({channel}, owner {owner})",
                name=t["name"],
                channel=ws.tr(t["channel"]),
                owner=t["owner"],
            )
            ws.say(wrap(line, "  "))
        if ws.confirm(
            ws.lang.trn(
                "Add this {count} touchpoint?", "Add these {count} touchpoints?", len(offer)
            ),
            True,
        ):
            for t in offer:
                ws.doc.append(("touchpoints",), {**t, **ws.starter_mark()})
            ws.save()
            named = repr(ws.tr(stage.value))
            ws.say(
                ws.lang.trn(
                    "Added {count} suggested touchpoint for {stage}.",
                    "Added {count} suggested touchpoints for {stage}.",
                    len(offer),
                    stage=named,
                )
            )


def summary(plan: Plan, lang: Language) -> str:
    counts = {s: sum(1 for t in plan.touchpoints if t.stage is s) for s in Stage}
    truths = sum(1 for t in plan.touchpoints if t.moment_of_truth)
    listed = lang.colon(lang.trn(*TOUCHPOINT.counted, len(plan.touchpoints)))
    stages = ", ".join(f"{lang.number(n)} {lang.tr(s.value)}" for s, n in counts.items())
    truth = lang.trn("{count} moment of truth", "{count} moments of truth", truths)
    return f"{listed} {stages}; {truth}."
