"""Translated starter libraries: the English items, SMART by their language's rules, no English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cxplan.library import available, load_library
from cxplan.method.rules import vague_term
from cxplan.plan.ids import new_id
from cxplan.plan.load import load
from cxplan.resources import template_path

TRANSLATED = sorted(
    (p.parent.name, p.stem)
    for p in template_path("libraries").glob("*/*.yaml")
    if p.stem in available()
)

# The SMART rules of step 5 and the coverage rule of step 6: none may fire on starter content.
SMART = {
    "standard-not-smart",
    "target-without-threshold",
    "frequency-not-a-cadence",
    "measure-not-countable",
    "standard-without-touchpoint",
    "vague-standard",
    "touchpoint-without-standard",
    "touchpoint-not-measured",
}

# Small English words no German, French or Spanish sentence uses: one of them in a translated
# field means a text was left in English.
ENGLISH = re.compile(
    r"\b(the|and|with|within|every|each|our|your|you|of|for|from|to|by|at|after|"
    r"before|when|how|what|which|is|are|was|were|be|it|this|that|hours?|days?|"
    r"weeks?|months?|customers?|weekly|monthly|daily|quarterly)\b",
    re.IGNORECASE,
)
# Words that are the same in English and the library's language, or names kept as they are.
NATIVE: dict[str, set[str]] = {
    "de": {"was"},
    "fr": set(),
    "es": set(),
}
TEXT = {
    "touchpoints": ("name", "channel", "owner", "description"),
    "standards": ("role", "standard", "measure", "target", "frequency"),
    "measures": ("name", "question", "frequency", "owner", "unit"),
}


def _texts(library: Any) -> list[tuple[str, str]]:
    out = [("title", library.title), ("review_cadence", library.review_cadence)]
    for section, fields in TEXT.items():
        for i, item in enumerate(getattr(library, section)):
            out += [(f"{section}[{i}].{f}", str(item[f])) for f in fields if item.get(f)]
    return out


def test_every_translation_is_of_a_shipped_library() -> None:
    assert ("de", "retail") in TRANSLATED
    files = sorted(template_path("libraries").glob("*/*.yaml"))
    assert len(files) == len(TRANSLATED), "a translated file names no English library"


def _positions(library: Any) -> tuple[list[int], list[Any]]:
    """What the standards and measures refer to, as positions in the touchpoint list."""
    at = {tp["id"]: i for i, tp in enumerate(library.touchpoints)}
    standards = [at[s["touchpoint"]] for s in library.standards]
    measures = [
        m["touchpoints"] if m["touchpoints"] == "all" else [at[t] for t in m["touchpoints"]]
        for m in library.measures
    ]
    return standards, measures


def _rule_ids(items: Any, fallback: str, lang: str) -> list[str]:
    """The ids the workshop gives items added one after another with these names."""
    out: list[str] = []
    for item in items:
        out.append(new_id(str(item["name"]), set(out), fallback=fallback, language=lang))
    return out


@pytest.mark.parametrize(("lang", "key"), TRANSLATED, ids=lambda v: str(v))
def test_translated_library_has_the_english_items(lang: str, key: str) -> None:
    english, translated = load_library(key), load_library(key, lang)
    assert translated.language == lang and translated.key == key
    # ids are the plan's language's, made from each translated name by the one id rule
    touchpoints, measures = translated.touchpoints, translated.measures
    assert [t["id"] for t in touchpoints] == _rule_ids(touchpoints, "tp", lang)
    assert [m["id"] for m in measures] == _rule_ids(measures, "m", lang)
    # the structure stays the English one, item by item in order: stages, moments of truth,
    # kinds, methods, and what each standard and measure refers to, by position
    assert _positions(translated) == _positions(english)
    same = {
        "touchpoints": ("stage", "moment_of_truth"),
        "standards": ("method", "critical"),
        "measures": ("kind", "method"),
    }
    for section, fields in same.items():
        for ours, theirs in zip(
            getattr(translated, section), getattr(english, section), strict=True
        ):
            assert {f: ours.get(f) for f in fields} == {f: theirs.get(f) for f in fields}
            assert ("unit" in ours) == ("unit" in theirs)  # a unit translated, never dropped
    # every number of the English standards, the same numbers in the translation
    for ours, theirs in zip(translated.standards, english.standards, strict=True):
        for field in ("standard", "target"):
            assert _numbers(ours[field]) == _numbers(theirs[field]), (ours["touchpoint"], field)
    left = [
        f"{where}: {m.group()!r} in {text!r}"
        for where, text in _texts(translated)
        for m in ENGLISH.finditer(text.replace("{{ client }}", "").replace("{{ touchpoint }}", ""))
        if m.group().lower() not in NATIVE[lang]
    ]
    assert not left, "English left in the translation:\n" + "\n".join(left)


def _numbers(text: str) -> list[str]:
    # "14:00" and "14 Uhr" are the same hour: the minutes of a full hour do not count
    return sorted(n for n in re.findall(r"\d+", text) if n.strip("0"))


@pytest.mark.parametrize(("lang", "key"), TRANSLATED, ids=lambda v: str(v))
def test_a_plan_from_a_translated_library_loads_and_is_smart(
    invoke: Any, tmp_path: Path, lang: str, key: str
) -> None:
    result: Any = invoke(
        "new", tmp_path / "p", "--client", "Client", "--industry", key, "--language", lang
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "p" / "cxplan.yaml"
    plan = load(path).plan
    library = load_library(key, lang)
    assert [t.name for t in plan.touchpoints] == [t["name"] for t in library.touchpoints]
    assert [s.standard for s in plan.standards] == [s["standard"] for s in library.standards]
    data = json.loads(invoke("check", path, "--json").output)
    smart = [f"{f['code']}: {f['message']}" for f in data["findings"] if f["code"] in SMART]
    assert not smart, "\n".join(smart)
    assert "starter-to-review" in {f["code"] for f in data["findings"]}
    # no vague word even where a threshold would keep the rule quiet
    vague = [(s.touchpoint, vague_term(s.standard, language=lang)) for s in plan.standards]
    assert [v for v in vague if v[1]] == []
    # its own questions in its language, not the suggested ones of an English library
    questions = {m.id: m.question for m in plan.measures}
    for measure in library.measures:
        expected = measure["question"].replace("{{ client }}", "Client")
        if "{{ touchpoint }}" not in expected:
            assert questions[measure["id"]] == expected
