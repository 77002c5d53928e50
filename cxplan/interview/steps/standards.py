"""Step 5, service standards: what staff do at each touchpoint, measurably, and SMART."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import Field, count, wrap
from cxplan.interview.lists import ListSpec
from cxplan.library import standard_ids
from cxplan.method.rules import smart_gaps, vague_term
from cxplan.plan import codecs
from cxplan.plan.model import FREQUENCIES, Plan, Standard

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "standards"


def fields(ws: Workshop, owner: str | None) -> list[Field]:
    out = [
        Field(
            "standard",
            "Standard: what exactly do staff do, measurably?",
            help="Say who does what, how well and how fast: 'Answer calls within 3 "
            "rings', not 'Answer promptly'.",
        ),
        Field("role", "Who does it? (a role)", suggest=lambda item: owner, role=True),
        Field("measure", "What is counted or timed?"),
        Field("target", "Target: how much, how fast? (e.g. 95% within 5 minutes)"),
        Field("frequency", "How often is it checked? (" + ", ".join(FREQUENCIES) + ")"),
        Field("method", "How is it checked?", codecs.METHOD),
    ]
    if ws.site_count() > 1:
        out.append(
            Field(
                "locations",
                "At which sites? (numbers, names or ids; Enter for all)",
                codecs.IDS,
                refs="locations",
            )
        )
    return out


def _line(s: dict[str, Any]) -> str:
    return (
        f"{s.get('standard') or '(no wording)'} [{s.get('role') or '?'}; "
        f"target {s.get('target') or '?'}; {s.get('frequency') or '?'}]"
    )


def for_touchpoint(ws: Workshop, tp: dict[str, Any]) -> ListSpec:
    ident = str(tp["id"])
    return ListSpec(
        ("standards",),
        "standard",
        fields(ws, tp.get("owner")),
        Standard,
        _line,
        id_prefix=f"s-{ident}-",
        keep=lambda s: s.get("touchpoint") == ident,
        preset={"touchpoint": ident},
        where=f"for the touchpoint {tp.get('name') or ident!r}",
    )


def every(ws: Workshop) -> ListSpec:
    return ListSpec(("standards",), "standard", fields(ws, None), Standard, _line, id_prefix="s-")


def run(ws: Workshop) -> None:
    touchpoints = ws.items(("touchpoints",))
    if not touchpoints:
        ws.say("There are no touchpoints yet (step 4): nothing to set standards for.")
        return
    scripted = ws.ask.answer_for(("standards",))
    if scripted is not NO_ANSWER:
        from cxplan.interview.answers import sync_list

        sync_list(ws, every(ws), scripted)
        return
    covered = {s.get("touchpoint") for s in ws.items(("standards",))}
    bare = [tp for tp in touchpoints if tp.get("id") not in covered]
    if bare:
        ws.say(f"{count(len(bare), 'touchpoint')} with no standard yet.")
    for tp in bare:
        for_bare_touchpoint(ws, tp)
    review_smart(ws)
    if ws.ask.interactive:
        review(ws)


def review(ws: Workshop) -> None:
    """Let the team open the standards of one touchpoint after another, or keep them all."""
    spec = every(ws)
    while True:
        waiting = ws.lists.unreviewed(spec)
        keep = f"; k keeps the {count(len(waiting), 'starter standard')} as they are"
        raw = ws.ask.prompt(
            "Review the standards of a touchpoint? (its number, name or id"
            f"{keep if waiting else ''}; Enter to go on)",
            "",
        )
        word = raw.strip()
        if not word:
            return
        if word.lower() == "k" and waiting:
            ws.lists.keep(spec)
            continue
        options = ws.options(Field("touchpoint", "touchpoint", codecs.REF, refs="touchpoints"))
        ident = options.get(word) or options.get(word.lower())
        if ident is None:
            hint = codecs.did_you_mean(word, options)
            ws.say(f"  There is no touchpoint {word!r}{hint}.")
            continue
        tp = next(t for t in ws.items(("touchpoints",)) if t.get("id") == ident)
        ws.lists.edit(for_touchpoint(ws, tp))
        review_smart(ws, ident)


def for_bare_touchpoint(ws: Workshop, tp: dict[str, Any]) -> None:
    name = tp.get("name") or tp["id"]
    suggestions = library_standards(ws, str(tp["id"]))
    if suggestions and ws.library is not None:
        ws.say(f"No standard yet for {name!r}. The {ws.library.key} library suggests:")
        for s in suggestions:
            ws.say(wrap(f"- {s['standard']} ({s['role']}; target {s['target']})", "  "))
        if ws.confirm(f"Use {'it' if len(suggestions) == 1 else 'them'}?", True):
            for s in suggestions:
                ws.doc.append(("standards",), {**s, **ws.starter_mark()})
            ws.save()
            return
    if not ws.ask.interactive:
        return
    if ws.confirm(
        f"No standard yet for {name!r} (owner {tp.get('owner') or '?'}). Write one now?", True
    ):
        index = ws.lists.add(for_touchpoint(ws, tp))
        if index is not None:
            smart_fix(ws, index)


def library_standards(ws: Workshop, touchpoint: str) -> list[dict[str, Any]]:
    if ws.library is None:
        return []
    taken = {str(s.get("id")) for s in ws.items(("standards",))}
    out = []
    for ident, s in zip(standard_ids(ws.library), ws.library.standards, strict=True):
        if s["touchpoint"] == touchpoint and ident not in taken:
            out.append({"id": ident, **s})
    return out


def review_smart(ws: Workshop, touchpoint: str | None = None) -> None:
    """Offer to fix standards that are not SMART, or that say 'promptly' without a number."""
    if not ws.ask.interactive:
        return
    for i, s in enumerate(ws.items(("standards",))):
        if touchpoint is None or s.get("touchpoint") == touchpoint:
            smart_fix(ws, i)


def smart_fix(ws: Workshop, index: int) -> None:
    if not ws.ask.interactive:
        return
    path = ("standards", index)
    for _ in range(3):
        item = ws.items(("standards",))[index]
        model = Standard.model_validate(item)
        gaps = [g for g in smart_gaps(model) if g != "wording"]
        term = vague_term(model.standard, model.target)
        if not gaps and not term:
            return
        problem = []
        if gaps:
            problem.append(f"has no {' or '.join(gaps)}")
        if term:
            problem.append(f"says {term!r} without a number")
        ws.say(f"Standard {item.get('id')!r}: {model.standard or ''}")
        if not ws.confirm(f"  It {' and '.join(problem)}. Fix it now?", True):
            return
        owner = next(
            (
                t.get("owner")
                for t in ws.items(("touchpoints",))
                if t.get("id") == item.get("touchpoint")
            ),
            None,
        )
        for f in fields(ws, owner):
            if f.key == "standard" and term:
                ws.say(f"  Say how much or how fast instead of {term!r}.")
                ws.field((*path, f.key), f, item=item)
            elif f.key in gaps:
                ws.field((*path, f.key), f, item=item)
        ws.reviewed(path)


def summary(plan: Plan) -> str:
    smart = sum(1 for s in plan.standards if not smart_gaps(s))
    return f"{count(len(plan.standards), 'standard')}, {smart} of them SMART."
