"""Step 5, service standards: what staff do at each touchpoint, measurably, and SMART."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.i18n import Language, _, _n
from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import Field, wrap
from cxplan.interview.lists import KEEP_ALL, ListSpec, Noun, letter
from cxplan.interview.steps.touchpoints import AT_SITES
from cxplan.library import standard_ids
from cxplan.method.rules import GAP_WORDS, join_or, smart_gaps, vague_term
from cxplan.plan import codecs
from cxplan.plan.model import FREQUENCIES, Plan, Standard

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

KEY = "standards"
STANDARD = Noun(
    _("standard"),
    _("standards"),
    _("a standard"),
    _n("{count} standard", "{count} standards"),
    _n("{count} starter standard", "{count} starter standards"),
)
TOUCHPOINTS = _n("{count} touchpoint", "{count} touchpoints")


def fields(ws: Workshop, owner: str | None) -> list[Field]:
    often = ", ".join(ws.tr(f) for f in FREQUENCIES)
    out = [
        Field(
            "standard",
            _("Standard: what exactly do staff do, measurably?"),
            help=_(
                "Say who does what, how well and how fast: 'Answer calls within 3 rings', not "
                "'Answer promptly'."
            ),
        ),
        Field("role", _("Who does it? (a role)"), suggest=lambda item: owner, role=True),
        Field("measure", _("What is counted or timed?")),
        Field("target", _("Target: how much, how fast? (e.g. 95% within 5 minutes)")),
        Field("frequency", ws.tr("How often is it checked? ({cadences})", cadences=often)),
        Field("method", _("How is it checked?"), codecs.METHOD),
    ]
    if ws.site_count() > 1:
        out.append(Field("locations", AT_SITES, codecs.IDS, refs="locations"))
    return out


def _line(s: dict[str, Any], lang: Language) -> str:
    return lang.tr(
        "{standard} [{role}; target {target}; {frequency}]",
        standard=s.get("standard") or "(" + lang.tr("no wording") + ")",
        role=s.get("role") or "?",
        target=s.get("target") or "?",
        frequency=s.get("frequency") or "?",
    )


def for_touchpoint(ws: Workshop, tp: dict[str, Any]) -> ListSpec:
    ident = str(tp["id"])
    return ListSpec(
        ("standards",),
        STANDARD,
        fields(ws, tp.get("owner")),
        Standard,
        lambda s: _line(s, ws.lang),
        id_prefix=f"s-{ident}-",
        keep=lambda s: s.get("touchpoint") == ident,
        preset={"touchpoint": ident},
        title=ws.tr("standards for the touchpoint {name}", name=repr(tp.get("name") or ident)),
    )


def every(ws: Workshop) -> ListSpec:
    return ListSpec(
        ("standards",),
        STANDARD,
        fields(ws, None),
        Standard,
        lambda s: _line(s, ws.lang),
        id_prefix="s-",
    )


def run(ws: Workshop) -> None:
    touchpoints = ws.items(("touchpoints",))
    if not touchpoints:
        ws.say(ws.tr("There are no touchpoints yet (step 4): nothing to set standards for."))
        return
    scripted = ws.ask.answer_for(("standards",))
    if scripted is not NO_ANSWER:
        from cxplan.interview.answers import sync_list

        sync_list(ws, every(ws), scripted)
        return
    covered = {s.get("touchpoint") for s in ws.items(("standards",))}
    bare = [tp for tp in touchpoints if tp.get("id") not in covered]
    if bare:
        ws.say(
            ws.tr(
                "{touchpoints} with no standard yet.",
                touchpoints=ws.lang.trn(*TOUCHPOINTS, len(bare)),
            )
        )
    for tp in bare:
        for_bare_touchpoint(ws, tp)
    review_smart(ws)
    if ws.ask.interactive:
        review(ws)


def review(ws: Workshop) -> None:
    """Let the team open the standards of one touchpoint after another, or keep them all."""
    spec, lang = every(ws), ws.lang
    keep_key = letter(lang, KEEP_ALL)
    while True:
        waiting = ws.lists.unreviewed(spec)
        if waiting:
            question = lang.tr(
                "Review the standards of a touchpoint? (its number, name or id; {letter} keeps "
                "the {starters} as they are; Enter to go on)",
                letter=keep_key,
                starters=lang.trn(*STANDARD.starter, len(waiting)),
            )
        else:
            question = lang.tr(
                "Review the standards of a touchpoint? (its number, name or id; Enter to go on)"
            )
        raw = ws.ask.prompt(question, "")
        word = raw.strip()
        if not word:
            return
        if word.lower() == keep_key and waiting:
            ws.lists.keep(spec)
            continue
        options = ws.options(Field("touchpoint", "touchpoint", codecs.REF, refs="touchpoints"))
        ident = options.get(word) or options.get(word.lower())
        if ident is None:
            hint = codecs.did_you_mean(word, options)
            ws.say(
                "  " + lang.tr("There is no touchpoint {word}{hint}.", word=repr(word), hint=hint)
            )
            continue
        tp = next(t for t in ws.items(("touchpoints",)) if t.get("id") == ident)
        ws.lists.edit(for_touchpoint(ws, tp))
        review_smart(ws, ident)


def for_bare_touchpoint(ws: Workshop, tp: dict[str, Any]) -> None:
    name = tp.get("name") or tp["id"]
    suggestions = library_standards(ws, str(tp["id"]))
    tr = ws.tr
    if suggestions and ws.library is not None:
        ws.say(
            tr(
                "No standard yet for {name}. The starter library “{library}” suggests:",
                name=repr(name),
                library=ws.library.title,
            )
        )
        for s in suggestions:
            line = tr(
                "- {standard} ({role}; target {target})",
                standard=s["standard"],
                role=s["role"],
                target=s["target"],
            )
            ws.say(wrap(line, "  "))
        if ws.confirm(ws.lang.trn("Use it?", "Use them?", len(suggestions)), True):
            for s in suggestions:
                ws.doc.append(("standards",), {**s, **ws.starter_mark()})
            ws.save()
            return
    if not ws.ask.interactive:
        return
    if ws.confirm(
        tr(
            "No standard yet for {name} (owner {owner}). Write one now?",
            name=repr(name),
            owner=tp.get("owner") or "?",
        ),
        True,
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
    """Offer to fix standards that are not SMART, or that say 'promptly' or 'friendly'."""
    if not ws.ask.interactive:
        return
    for i, s in enumerate(ws.items(("standards",))):
        if touchpoint is None or s.get("touchpoint") == touchpoint:
            smart_fix(ws, i)


def smart_fix(ws: Workshop, index: int) -> None:
    if not ws.ask.interactive:
        return
    path, lang = ("standards", index), ws.lang
    for _try in range(3):
        item = ws.items(("standards",))[index]
        model = Standard.model_validate(item)
        gaps = [g for g in smart_gaps(model) if g != "wording"]
        term = vague_term(model.standard, language=ws.get(("client", "language")))
        if not gaps and not term:
            return
        what = join_or([lang.tr(GAP_WORDS[g]) for g in gaps], lang)
        if gaps and term:
            problem = lang.tr(
                "It has no {what} and says {term}, which no one can observe.",
                what=what,
                term=repr(term),
            )
        elif gaps:
            problem = lang.tr("It has no {what}.", what=what)
        else:
            problem = lang.tr("It says {term}, which no one can observe.", term=repr(term))
        ws.say(lang.colon(f"{lang.tr('Standard')} {item.get('id')!r}") + f" {model.standard or ''}")
        if not ws.confirm(f"  {problem} " + lang.tr("Fix it now?"), True):
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
                ws.say(
                    "  " + lang.tr("Say how much or how fast instead of {term}.", term=repr(term))
                )
                ws.field((*path, f.key), f, item=item)
            elif f.key in gaps:
                ws.field((*path, f.key), f, item=item)
        ws.reviewed(path)


def summary(plan: Plan, lang: Language) -> str:
    smart = sum(1 for s in plan.standards if not smart_gaps(s))
    return lang.tr(
        "{standards}, {smart} of them SMART.",
        standards=lang.trn(*STANDARD.counted, len(plan.standards)),
        smart=lang.number(smart),
    )
