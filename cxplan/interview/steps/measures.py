"""Step 6, measurement: customer feedback and compliance, covering every touchpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n
from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import Field, wrap
from cxplan.interview.lists import ListSpec, Noun
from cxplan.library import render_text, suggested_question
from cxplan.method.words import words_for
from cxplan.plan import codecs
from cxplan.plan.ids import unique
from cxplan.plan.model import FEEDBACK_KINDS, FREQUENCIES, Measure, Plan

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "measures"
FEEDBACK = ("nps", "csat", "ces")
NPS_QUESTION = (
    "How likely are you to recommend {client} to a friend or colleague? "
    "(0 = not at all likely, 10 = extremely likely)"
)
CSAT_QUESTION = (
    "How satisfied were you with {touchpoint} at {client}? "
    "(1 = very dissatisfied, 5 = very satisfied)"
)
CES_QUESTION = (
    "How easy did {client} make it for you to get what you needed ({touchpoint})? "
    "(1 = very difficult, 7 = very easy)"
)
COMPLIANCE_QUESTION = _("Share of checklist items met (Yes ÷ (Yes + No))")
QUESTIONS = {"nps": NPS_QUESTION, "csat": CSAT_QUESTION, "ces": CES_QUESTION}
MEASURE = Noun(
    _("measure"),
    _("measures"),
    _("a measure"),
    _n("{count} measure", "{count} measures"),
    _n("{count} starter measure", "{count} starter measures"),
)
TOUCHPOINTS = _n("{count} touchpoint", "{count} touchpoints")


def measures(ws: Workshop) -> ListSpec:
    often = ", ".join(ws.tr(f) for f in FREQUENCIES)
    return ListSpec(
        ("measures",),
        MEASURE,
        [
            Field("name", _("Name (e.g. Net Promoter Score)")),
            Field("kind", _("Kind"), codecs.KIND),
            Field(
                "touchpoints",
                _("Which touchpoints does it cover? (numbers, names or ids; all for every one)"),
                codecs.TOUCHPOINT_IDS,
                refs="touchpoints",
            ),
            Field(
                "question",
                _("The question customers answer, or what is counted"),
                suggest=lambda item: question(ws, item),
            ),
            Field("method", _("How is it measured?"), codecs.METHOD, suggest=lambda item: "survey"),
            Field("frequency", ws.tr("How often? ({cadences})", cadences=often)),
            Field("owner", _("Who owns it? (a role)"), role=True),
            Field("baseline", _("Baseline: today's score (a number, or Enter)"), codecs.NUMBER),
            Field("target", _("Target score (a number, or Enter)"), codecs.NUMBER),
        ],
        Measure,
        lambda m: _line(m, ws.lang),
        fallback="m",
    )


def _line(m: dict[str, Any], lang: Language) -> str:
    covers = lang.trn(*TOUCHPOINTS, len(m.get("touchpoints") or []))
    if m.get("baseline") is not None or m.get("target") is not None:
        covers += f", {_score(m.get('baseline'), lang)} -> {_score(m.get('target'), lang)}"
    return f"{m.get('name') or m.get('id')} [{str(m.get('kind') or '?').upper()}, {covers}]"


def _score(value: Any, lang: Language) -> str:
    return "?" if value is None else lang.number(float(value))


def question(ws: Workshop, item: dict[str, Any]) -> str | None:
    kind = str(item.get("kind") or "")
    if kind == "compliance":
        return ws.tr(COMPLIANCE_QUESTION)
    if ws.lang.tag != "en":  # the suggested questions of the plan's language
        return suggested_question(kind, ws.client(), ws.get(("client", "language")))
    refs = item.get("touchpoints") or []
    names = {t.get("id"): t.get("name") or t.get("id") for t in ws.items(("touchpoints",))}
    inline = words_for(ws.get(("client", "language"))).inline
    touchpoint = (
        inline(str(names[refs[0]])) if len(refs) == 1 and refs[0] in names else "your visit"
    )
    template = {**QUESTIONS, "compliance": COMPLIANCE_QUESTION}.get(kind)
    if template is None:
        return None
    return template.format(client=ws.client(), touchpoint=touchpoint)


def run(ws: Workshop) -> None:
    spec = measures(ws)
    scripted = ws.ask.answer_for(spec.path) is not NO_ANSWER
    if not scripted:
        suggest(ws)
    ws.lists.edit(spec)
    if not scripted:
        cover_touchpoints(ws)


def offers(ws: Workshop) -> list[dict[str, Any]]:
    """The library's measures that fit the plan's touchpoints, and an NPS when none asks
    customers anything."""
    have = {str(m.get("id")) for m in ws.items(("measures",))}
    tps = {str(t.get("id")): t for t in ws.items(("touchpoints",))}
    offer: list[dict[str, Any]] = []
    if ws.library is not None:
        for m in ws.library.measures:
            every = m["touchpoints"] == "all"
            refs = list(tps) if every else [r for r in m["touchpoints"] if r in tps]
            if m["id"] in have or not refs:
                continue
            focus = words_for(ws.get(("client", "language"))).inline(
                str(tps[refs[0]].get("name") or refs[0])
            )
            text = render_text(str(m.get("question") or ""), client=ws.client(), touchpoint=focus)
            offer.append({**m, "touchpoints": refs, "question": text})
    if not any(m.get("kind") in FEEDBACK for m in [*ws.items(("measures",)), *offer]):
        after = [i for i, t in tps.items() if t.get("stage") == "after"] or list(tps)
        offer.append(
            {
                "id": unique("nps", have),
                "name": "Net Promoter Score",
                "kind": "nps",
                "question": question(ws, {"kind": "nps"}),
                "touchpoints": after,
                "method": "survey",
                "frequency": "quarterly",
            }
        )
    return offer


def suggest(ws: Workshop) -> None:
    current = ws.items(("measures",))
    if not ws.items(("touchpoints",)) or (current and ws.library is None):
        return
    if current and any(m.get("kind") in FEEDBACK for m in current):
        return
    offer = offers(ws)
    if not offer:
        return
    ws.say(ws.tr("Suggested measures:"))
    for m in offer:
        ws.say(wrap(f"- {m['name']} ({str(m['kind']).upper()}): {m['question']}", "  "))
    if ws.confirm(
        ws.lang.trn("Add this {count} measure?", "Add these {count} measures?", len(offer)), True
    ):
        for m in offer:
            ws.doc.append(("measures",), {**m, **ws.starter_mark()})
        ws.save()


def cover_touchpoints(ws: Workshop) -> None:
    """Offer to cover the touchpoints no measure covers with a compliance audit."""
    covered = {r for m in ws.items(("measures",)) for r in (m.get("touchpoints") or [])}
    bare = [str(t["id"]) for t in ws.items(("touchpoints",)) if t.get("id") not in covered]
    if not bare:
        return
    ws.say(
        ws.tr(
            "{touchpoints} not covered by any measure: {ids}",
            touchpoints=ws.lang.trn(*TOUCHPOINTS, len(bare)),
            ids=", ".join(bare[:10]) + (" ..." if len(bare) > 10 else ""),
        )
    )
    current = ws.items(("measures",))
    audit = next((i for i, m in enumerate(current) if m.get("kind") == "compliance"), None)
    if audit is not None:
        name = current[audit].get("name") or current[audit].get("id")
        if ws.confirm(ws.tr("Add them to the {name} audit?", name=repr(name)), True):
            refs = list(current[audit].get("touchpoints") or []) + bare
            ws.doc.set(("measures", audit, "touchpoints"), refs)
            ws.save()
            ws.reviewed(("measures", audit))
        return
    if ws.confirm(ws.tr("Cover them with a service-standard compliance audit (checklists)?"), True):
        ws.doc.append(
            ("measures",),
            {
                "id": unique("standards-compliance", {str(m.get("id")) for m in current}),
                "name": ws.tr("Service-standard compliance"),
                "kind": "compliance",
                "question": ws.tr(COMPLIANCE_QUESTION),
                "touchpoints": bare,
                "method": "audit",
                "frequency": "monthly",
                "owner": ws.get(("leadership", "sponsor", "role")),
            },
        )
        ws.save()


def summary(plan: Plan, lang: Language) -> str:
    feedback = sum(1 for m in plan.measures if m.kind in FEEDBACK_KINDS)
    return lang.tr(
        "{measures}, {feedback} of customer feedback.",
        measures=lang.trn(*MEASURE.counted, len(plan.measures)),
        feedback=lang.number(feedback),
    )
