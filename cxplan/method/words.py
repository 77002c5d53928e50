"""The words the rules read, per language: vague words, cadences, numbers (templates/words/).

A plan's ``client.language`` chooses the file; English words are always read too, since
plans in every language borrow them ("asap", "weekly"). A firm adds a language by adding a
file with the same keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from cxplan.resources import template_path
from cxplan.yamlio.source import parse

DEFAULT_LANGUAGE = "en"


def _phrases(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for whole words or phrases, any case (longest first, so 'as soon as
    possible' wins over 'soon')."""
    body = _alternatives(words)
    return re.compile(rf"(?<![\w-])({body})(?![\w-])", re.IGNORECASE) if body else None


def _alternatives(words: Iterable[str]) -> str:
    """The words as one regular-expression alternation, longest first, any spacing."""
    items = sorted({w.strip().lower() for w in words if w and w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(frozen=True)
class Words:
    """The compiled word lists of one language (with English)."""

    language: str
    vague: re.Pattern[str] | None
    vague_words: frozenset[str]
    numbers: re.Pattern[str] | None
    quantifiers: re.Pattern[str] | None
    cadence: re.Pattern[str]
    qualities: re.Pattern[str] | None
    counting: re.Pattern[str] | None
    unobservable_start: re.Pattern[str] | None
    unobservable_end: re.Pattern[str] | None
    relative_time: re.Pattern[str] | None
    capital_nouns: bool = False  # nouns are capitalised (German): names keep their case

    def inline(self, name: str) -> str:
        """A name as it stands inside a sentence: "Check-in" -> "check-in", but "SIM
        activation" and, where nouns are capitalised, "Begrüßung" keep their case."""
        first = name.split(" ", 1)[0]
        if self.capital_nouns or len(first) < 2 or not first[1:].islower():
            return name
        return name[:1].lower() + name[1:]

    def first_vague(self, text: str) -> str | None:
        """The first vague word or phrase in ``text``, as written there."""
        if self.vague is None:
            return None
        lower = text.lower()
        # A plain substring test first: most texts hold none of the words, and the
        # pattern (word boundaries, any case) costs ten times as much.
        if not any(word in lower for word in self.vague_words):
            return None
        m = self.vague.search(text)
        return m.group(1) if m else None

    def has_number(self, text: str) -> bool:
        """True when ``text`` states a quantity: digits, a percentage or a number word."""
        if any(c.isdigit() for c in text) or "%" in text:
            return True
        return bool(self.numbers and self.numbers.search(text))

    def has_threshold(self, text: str) -> bool:
        """True when a target states a threshold: a quantity, or all / every / none of it."""
        return self.has_number(text) or bool(self.quantifiers and self.quantifiers.search(text))

    def is_cadence(self, text: str) -> bool:
        """True when ``text`` says how often: daily, per visit, every 2 weeks, 3 times a month."""
        return bool(self.cadence.search(text))


def _data(language: str) -> dict[str, object]:
    path = template_path("words", f"{language}.yaml")
    if not path.is_file():
        return {}
    data = parse(path.read_text(encoding="utf-8")).data
    return data if isinstance(data, dict) else {}


def _list(data: dict[str, object], key: str, sub: str | None = None) -> list[str]:
    value = data.get(key)
    if sub is not None:
        value = value.get(sub) if isinstance(value, dict) else None
    return [str(v) for v in value] if isinstance(value, list) else []


def primary(language: str | None) -> str:
    """The primary subtag of a BCP 47 tag: ``de-CH`` -> ``de``; none -> ``en``."""
    if not language:
        return DEFAULT_LANGUAGE
    return language.split("-")[0].split("_")[0].lower() or DEFAULT_LANGUAGE


@cache
def words_for(language: str | None) -> Words:
    """The words of a plan written in ``language`` (a BCP 47 tag), English included."""
    lang = primary(language)
    sources = [_data(lang)] + ([_data(DEFAULT_LANGUAGE)] if lang != DEFAULT_LANGUAGE else [])

    def gather(key: str, sub: str | None = None) -> list[str]:
        return [w for data in sources for w in _list(data, key, sub)]

    vague = gather("vague")
    number_words = gather("numbers")
    units = gather("units")
    every = gather("every")
    times = gather("times")
    number = "|".join(
        [r"\d+(?:[.,]\d+)?"] + [re.escape(w) for w in sorted(set(number_words), key=len)[::-1]]
    )
    unit = "|".join(re.escape(u) for u in sorted(set(units), key=len, reverse=True))
    every_alt = "|".join(re.escape(e) for e in sorted(set(every), key=len, reverse=True))
    times_alt = "|".join(re.escape(t) for t in sorted(set(times), key=len, reverse=True))
    listed = [re.escape(c).replace(r"\ ", r"\s+") for c in gather("cadences")]
    patterns = [*listed]
    if unit and every_alt:
        patterns.append(rf"(?:{every_alt})\s+(?:(?:{number})\s+)?(?:{unit})")
    if unit and times_alt:
        patterns.append(rf"(?:{number})\s*(?:{times_alt})\s+(?:{unit})")
    cadence = re.compile(
        rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w-])" if patterns else r"(?!)", re.IGNORECASE
    )
    end = _alternatives(gather("unobservable", "end"))
    end_pattern = re.compile(rf"(?<![\w-])(?:{end})\s*[.!]?\s*$", re.IGNORECASE) if end else None
    start = _alternatives(gather("unobservable", "start"))
    start_pattern = re.compile(rf"^\s*(?:{start})(?![\w-])", re.IGNORECASE) if start else None
    return Words(
        language=lang,
        vague=_phrases(vague),
        vague_words=frozenset(w.lower() for w in vague),
        numbers=_phrases(number_words),
        quantifiers=_phrases(gather("quantifiers")),
        cadence=cadence,
        qualities=_phrases(gather("qualities")),
        counting=_phrases(gather("counting")),
        unobservable_start=start_pattern,
        unobservable_end=end_pattern,
        relative_time=_phrases(gather("relative_time")),
        capital_nouns=bool(sources[0].get("capital_nouns")),
    )
