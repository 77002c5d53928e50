"""Starter touchpoints, standards and measures per industry (data under templates/libraries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cxplan.i18n import _, resolve
from cxplan.method.words import primary, words_for
from cxplan.plan.model import Measure, Standard, Touchpoint
from cxplan.resources import template_path
from cxplan.yamlio.source import parse


@dataclass(frozen=True)
class Library:
    """One industry's starter content, as plain plan data ready to write."""

    key: str
    title: str
    aliases: tuple[str, ...]
    review_cadence: str | None
    touchpoints: tuple[dict[str, Any], ...]
    standards: tuple[dict[str, Any], ...]  # without ids; seeding gives them ids
    measures: tuple[dict[str, Any], ...]  # questions still hold {{ client }}
    language: str = "en"  # the language its texts are written in


# The suggested survey questions of each kind of feedback, for a plan in any language: a
# library's own questions are written for its industry, in English.
QUESTIONS = {
    "nps": _(
        "How likely are you to recommend {client} to a friend or colleague? "
        "(0 = not at all likely, 10 = extremely likely)"
    ),
    "csat": _(
        "How satisfied were you with your last contact with {client}? "
        "(1 = very dissatisfied, 5 = very satisfied)"
    ),
    "ces": _(
        "How easy did {client} make it for you to get what you needed? "
        "(1 = very difficult, 7 = very easy)"
    ),
}


def suggested_question(kind: str, client: str, language: str | None = None) -> str | None:
    """The question a feedback measure of ``kind`` asks, in ``language``; None for others."""
    template = QUESTIONS.get(kind)
    return None if template is None else resolve(language)[0].tr(template, client=client)


# A word: letters and digits, kept whole across "&", "'" and "." ("b&b", "children's").
_WORD = re.compile(r"[^\W_]+(?:[&'’.][^\W_]+)*")


def words(text: str) -> tuple[str, ...]:
    """The words of an industry's name, lower case: "Car-dealer group" -> car, dealer, group."""
    return tuple(_WORD.findall(text.lower()))


def _names(library: Library) -> set[tuple[str, ...]]:
    return {words(name) for name in (library.key, *library.aliases)} - {()}


def _within(said: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether ``name``'s words stand together in ``said`` (a plural "s" allowed on each)."""
    n = len(name)
    return any(
        all(w in (a, a + "s") for w, a in zip(said[i : i + n], name, strict=True))
        for i in range(len(said) - n + 1)
    )


@cache
def available() -> tuple[str, ...]:
    """The keys of every shipped library, sorted."""
    folder = template_path("libraries")
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def load_library(key: str, language: str | None = None) -> Library:
    """The library ``key`` in ``language`` where cxplan has it written in that language
    (``templates/libraries/<lang>/<key>.yaml``), else in English; checked against the model."""
    lang = primary(language)
    if lang != "en" and template_path("libraries", lang, f"{key}.yaml").is_file():
        return _load(key, lang)
    return _load(key, "en")


@cache
def _load(key: str, lang: str) -> Library:
    folder = ("libraries",) if lang == "en" else ("libraries", lang)
    path = template_path(*folder, f"{key}.yaml")
    data = parse(path.read_text(encoding="utf-8")).data
    for tp in data["touchpoints"]:
        Touchpoint.model_validate(tp)
    for i, st in enumerate(data["standards"]):
        Standard.model_validate({"id": f"s-{i}", **st})
    for ms in data["measures"]:
        Measure.model_validate({**ms, "touchpoints": []})
    return Library(
        key=data["key"],
        title=data["title"],
        aliases=tuple(data.get("aliases") or ()),
        review_cadence=data.get("review_cadence"),
        touchpoints=tuple(data["touchpoints"]),
        standards=tuple(data["standards"]),
        measures=tuple(data["measures"]),
        language=lang,
    )


def find(industry: str | None, language: str | None = None) -> Library | None:
    """The library for an industry named by key or alias, or by words holding one.

    Any case, any punctuation, a plural "s" allowed: "Hotel" and "hotels" find hospitality,
    "Car dealer group" finds automotive. The longest name found wins ("car insurance" over
    "car"); when two libraries are found equally well, none is (the words are ambiguous).
    The library found is in ``language`` where cxplan has it in that language.
    """
    said = words(industry or "")
    if not said:
        return None
    best, found = 0, []
    for key in available():
        lib = load_library(key)
        length = max((len(n) for n in _names(lib) if _within(said, n)), default=0)
        if length > best:
            best, found = length, [lib]
        elif length and length == best:
            found.append(lib)
    return load_library(found[0].key, language) if len(found) == 1 else None


def render_text(template: str, **values: str) -> str:
    """Fill ``{{ client }}``-style placeholders in library text, in jinja2's sandbox."""
    if "{" not in template:
        return template
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    return env.from_string(template).render(**values)


def standard_ids(library: Library) -> list[str]:
    """Ids for the library's standards: ``s-<touchpoint>`` then ``-2``, ``-3`` for more."""
    out: list[str] = []
    count: dict[str, int] = {}
    for st in library.standards:
        tp = st["touchpoint"]
        count[tp] = count.get(tp, 0) + 1
        out.append(f"s-{tp}" if count[tp] == 1 else f"s-{tp}-{count[tp]}")
    return out


def starter(library: Library, client: str, language: str | None = None) -> dict[str, Any]:
    """The library's touchpoints, standards and measures as plan sections for ``client``;
    in a language other than English, the feedback measures ask the suggested questions
    of that language."""
    # A library written in the plan's language keeps its own questions; an English one
    # gives its feedback measures the suggested questions of the plan's language.
    own = resolve(language)[0].tag == library.language
    # Every item is marked as starter content: the library's until the team reviews it.
    touchpoints = [{**tp, "reviewed": False} for tp in library.touchpoints]
    names = {tp["id"]: tp.get("name") or tp["id"] for tp in touchpoints}
    standards = [
        {"id": ident, **st, "reviewed": False}
        for ident, st in zip(standard_ids(library), library.standards, strict=True)
    ]
    measures = []
    for ms in library.measures:
        item = dict(ms)
        refs = list(names) if item.get("touchpoints") == "all" else list(item["touchpoints"])
        item["touchpoints"] = refs
        focus = words_for(language).inline(names[refs[0]]) if refs else "visit"
        item["question"] = render_text(item.get("question") or "", client=client, touchpoint=focus)
        if not own:
            item["question"] = (
                suggested_question(item.get("kind") or "", client, language) or (item["question"])
            )
        item["reviewed"] = False
        measures.append(item)
    return {"touchpoints": touchpoints, "standards": standards, "measures": measures}
