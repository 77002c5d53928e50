"""Step 6, measurement: customer feedback and compliance, covering every touchpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import Field, count, wrap
from cxplan.interview.lists import ListSpec
from cxplan.library import render_text
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
COMPLIANCE_QUESTION = "Share of checklist items met (Yes ÷ (Yes + No))"
QUESTIONS = {"nps": NPS_QUESTION, "csat": CSAT_QUESTION, "ces": CES_QUESTION}


def measures(ws: Workshop) -> ListSpec:
    return ListSpec(
        ("measures",),
        "measure",
        [
            Field("name", "Name (e.g. Net Promoter Score)"),
            Field("kind", "Kind", codecs.KIND),
            Field(
                "touchpoints",
                "Which touchpoints does it cover? (numbers, names or ids; all for every one)",
                codecs.TOUCHPOINT_IDS,
                refs="touchpoints",
            ),
            Field(
                "question",
                "The question customers answer, or what is counted",
                suggest=lambda item: question(ws, item),
            ),
            Field("method", "How is it measured?", codecs.METHOD, suggest=lambda item: "survey"),
            Field("frequency", "How often? (" + ", ".join(FREQUENCIES) + ")"),
            Field("owner", "Who owns it? (a role)", role=True),
            Field("baseline", "Baseline: today's score (a number, or Enter)", codecs.NUMBER),
            Field("target", "Target score (a number, or Enter)", codecs.NUMBER),
        ],
        Measure,
        _line,
        fallback="m",
    )


def _line(m: dict[str, Any]) -> str:
    scores = ""
    if m.get("baseline") is not None or m.get("target") is not None:
        scores = (
            f", {codecs.NUMBER.show(m.get('baseline'))} -> {codecs.NUMBER.show(m.get('target'))}"
        )
    return (
        f"{m.get('name') or m.get('id')} [{str(m.get('kind') or '?').upper()}, "
        f"{count(len(m.get('touchpoints') or []), 'touchpoint')}{scores}]"
    )


def question(ws: Workshop, item: dict[str, Any]) -> str | None:
    kind = str(item.get("kind") or "")
    refs = item.get("touchpoints") or []
    names = {t.get("id"): t.get("name") or t.get("id") for t in ws.items(("touchpoints",))}
    touchpoint = str(names.get(refs[0], "your visit")) if len(refs) == 1 else "your visit"
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
            focus = str(tps[refs[0]].get("name") or refs[0])
            text = render_text(str(m.get("question") or ""), client=ws.client(), touchpoint=focus)
            offer.append({**m, "touchpoints": refs, "question": text})
    if not any(m.get("kind") in FEEDBACK for m in [*ws.items(("measures",)), *offer]):
        after = [i for i, t in tps.items() if t.get("stage") == "after"] or list(tps)
        offer.append(
            {
                "id": unique("nps", have),
                "name": "Net Promoter Score",
                "kind": "nps",
                "question": NPS_QUESTION.format(client=ws.client()),
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
    ws.say("Suggested measures:")
    for m in offer:
        ws.say(wrap(f"- {m['name']} ({str(m['kind']).upper()}): {m['question']}", "  "))
    if ws.confirm(f"Add these {count(len(offer), 'measure')}?", True):
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
        f"{count(len(bare), 'touchpoint')} not covered by any measure: "
        + ", ".join(bare[:10])
        + (" ..." if len(bare) > 10 else "")
    )
    current = ws.items(("measures",))
    audit = next((i for i, m in enumerate(current) if m.get("kind") == "compliance"), None)
    if audit is not None:
        name = current[audit].get("name") or current[audit].get("id")
        if ws.confirm(f"Add them to the {name!r} audit?", True):
            refs = list(current[audit].get("touchpoints") or []) + bare
            ws.doc.set(("measures", audit, "touchpoints"), refs)
            ws.save()
            ws.reviewed(("measures", audit))
        return
    if ws.confirm("Cover them with a service-standard compliance audit (checklists)?", True):
        ws.doc.append(
            ("measures",),
            {
                "id": unique("standards-compliance", {str(m.get("id")) for m in current}),
                "name": "Service-standard compliance",
                "kind": "compliance",
                "question": COMPLIANCE_QUESTION,
                "touchpoints": bare,
                "method": "audit",
                "frequency": "monthly",
                "owner": ws.get(("leadership", "sponsor", "role")),
            },
        )
        ws.save()


def summary(plan: Plan) -> str:
    feedback = sum(1 for m in plan.measures if m.kind in FEEDBACK_KINDS)
    return f"{count(len(plan.measures), 'measure')}, {feedback} of customer feedback."
