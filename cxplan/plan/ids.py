"""Ids people can read: short, transliterated, cut at a word, unique; file names by the same rule.

An id is printed on every checklist row and is the name of its form field, so it must
read well on paper and survive a copy out of a PDF: lowercase ASCII letters, digits and
'-', at most 32 characters, made from the first words of the item's name. Latin letters
with marks are written the way their languages spell them without marks (ä→ae, ß→ss,
ø→o, ł→l), Greek and Cyrillic are transliterated, and a name with no Latin form (Japanese,
Arabic...) gets a short prefix and a number, e.g. ``tp-1``. A new id aims at 24 characters:
a longer name loses its small words (articles, prepositions, conjunctions: the plan's
language's ``fillers`` in templates/words/) before it loses a word that says something, and
no id ends in one ("zufriedenheit-mit-dem" becomes "zufriedenheit-beratung").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from cxplan.resources import template_path
from cxplan.yamlio.source import parse

MAX_ID = 32
SHORT_ID = 24  # what a new id aims at: it fits a checklist's id column
DEFAULT_LANGUAGE = "en"

# Letters NFKD does not take apart, or whose languages spell them another way without marks.
_LATIN = {
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o",
    "å": "a", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŋ": "ng",
    "ĸ": "k", "ſ": "s", "ŀ": "l", "ŧ": "t", "ƒ": "f",
}  # fmt: skip
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ђ": "dj", "ј": "j",
    "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
_TABLE = str.maketrans({**_LATIN, **_GREEK, **_CYRILLIC})
_APOSTROPHES = re.compile("['\u2019\u02bc`]")


def latin(text: str) -> str:
    """``text`` in lowercase ASCII as far as it has a Latin form; other letters are dropped."""
    lower = text.lower().translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", lower)
    # NFKD has split é into e and its accent, and Greek ά into α and its accent: translate
    # once more for the bare Greek letters, then drop what is not ASCII.
    return decomposed.translate(_TABLE).encode("ascii", "ignore").decode()


def words(text: str) -> list[str]:
    """The words of ``text`` as id parts: ASCII letters and digits."""
    # An apostrophe joins ("Zoë's" is one word), it does not split.
    return [w for w in re.split(r"[^a-z0-9]+", latin(_APOSTROPHES.sub("", text))) if w]


def slug(text: str, *, limit: int = MAX_ID) -> str:
    """The first words of ``text`` joined by '-', at most ``limit`` characters, cut only
    between words (a single longer word is cut); "" when it has no Latin form."""
    out = ""
    for word in words(text):
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            if not out:
                out = word[:limit]
            break
        out = candidate
    return out


@cache
def fillers(language: str | None = None) -> frozenset[str]:
    """The small words of ``language`` (a BCP 47 tag) as id parts; English when cxplan has
    no word list for it."""
    tag = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower() or DEFAULT_LANGUAGE
    path = template_path("words", f"{tag}.yaml")
    if not path.is_file():
        path = template_path("words", f"{DEFAULT_LANGUAGE}.yaml")
    data = parse(path.read_text(encoding="utf-8")).data
    listed = data.get("fillers") if isinstance(data, dict) else None
    return frozenset(w for item in listed or [] for w in words(str(item)))


def _meaning(text: str, language: str | None) -> tuple[list[str], list[str]]:
    """The words of ``text`` ("rendez-vous" is one) without the small words standing at
    its end, and the same without any small word."""
    small = fillers(language)
    every = ["-".join(ws) for ws in map(words, text.split()) if ws]
    while len(every) > 1 and every[-1] in small:
        every.pop()
    return every, [w for w in every if w not in small] or every


def _first(parts: list[str], limit: int) -> str:
    """The first of ``parts`` joined by '-' within ``limit``, cut only between them (a
    single longer one is cut at a word)."""
    out = ""
    for part in parts:
        candidate = f"{out}-{part}" if out else part
        if len(candidate) > limit:
            return out or slug(part, limit=limit)
        out = candidate
    return out


def forms(text: str, *, language: str | None = None, limit: int = SHORT_ID) -> list[str]:
    """The id parts a new item named ``text`` may get, shortest first: all its words when
    they fit ``limit``, else its words without the small ones, first words first (two at
    least, up to ``MAX_ID`` less room for a counter), and then a word longer each time,
    never ending in a small word; [] when it has no Latin form."""
    every, meaning = _meaning(text, language)
    whole = "-".join(every)
    if len(whole) <= limit:
        return [whole] if whole else []
    # Cut: the small words go first, and only then words that say something.
    room = MAX_ID - 3
    first = _first(meaning, limit)
    if first == meaning[0] and len(meaning) > 1 and len(f"{meaning[0]}-{meaning[1]}") <= room:
        # One word says too little ("zufriedenheit"): a second one is worth a longer id.
        first = f"{meaning[0]}-{meaning[1]}"
    longer = ("-".join(meaning[:n]) for n in range(2, len(meaning) + 1))
    return [first, *(f for f in longer if len(first) < len(f) <= room)]


def short(text: str, *, language: str | None = None, limit: int = SHORT_ID) -> str:
    """The shortest id part a new item named ``text`` gets (``forms``)."""
    found = forms(text, language=language, limit=limit)
    return found[0] if found else ""


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not ``taken`` yet."""
    used = taken if isinstance(taken, (set, frozenset, dict)) else set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def numbered(prefix: str, taken: Iterable[str]) -> str:
    """``prefix-1``, ``prefix-2``... the first one not ``taken``."""
    used = taken if isinstance(taken, (set, frozenset, dict)) else set(taken)
    n = 1
    while f"{prefix}-{n}" in used:
        n += 1
    return f"{prefix}-{n}"


def new_id(
    text: str,
    taken: Iterable[str],
    *,
    prefix: str = "",
    fallback: str = "item",
    language: str | None = None,
) -> str:
    """A fresh id for an item named ``text`` in a plan written in ``language``: ``prefix``
    and the name's words (``short``), unique among ``taken``; ``fallback-N`` (or
    ``prefixN``) when the name has no Latin form."""
    used = set(taken)
    room = SHORT_ID - len(prefix)  # room for a "-2" when the name is taken
    bodies = forms(text, language=language, limit=max(room, 8))
    if not bodies:
        return numbered(prefix.rstrip("-") or fallback, used)
    # A name whose short form is taken grows a word, so the ids still tell the items apart.
    free = [body for body in bodies if f"{prefix}{body}" not in used]
    return f"{prefix}{free[0]}" if free else unique(f"{prefix}{bodies[0]}", used)


def _longer(text: str, *, limit: int) -> list[str]:
    """``slug(text)`` and then the name a word longer each time, up to all its words."""
    short, parts = slug(text, limit=limit), words(text)
    longer = ("-".join(parts[:n]) for n in range(1, len(parts) + 1))
    return [short, *(form for form in longer if len(form) > len(short))] if short else []


def unique_names(
    names: Iterable[str], *, prefix: str = "", fallback: str = "item", limit: int = MAX_ID
) -> list[str]:
    """File-name parts for ``names``: ``prefix`` and each name's first words. Names whose
    short forms clash grow a word at a time until they differ ("Sachbearbeitung Kundenservice
    Privatkunden" / "... Geschäftskunden"), so a reader tells the files apart; only names
    with the same words ("Host", "host") get a counter; a name with no Latin form gets
    ``fallback-N``."""
    forms = [_longer(name, limit=limit) for name in names]
    level = [0] * len(forms)
    grown = True
    while grown:  # each round lengthens at least one name, so it ends
        grown = False
        holders: dict[str, list[int]] = {}
        for i, form in enumerate(forms):
            if form:
                holders.setdefault(form[level[i]], []).append(i)
        for clash in (group for group in holders.values() if len(group) > 1):
            for i in clash:
                if level[i] + 1 < len(forms[i]):
                    level[i] += 1
                    grown = True
    taken: set[str] = set()
    out = []
    for i, form in enumerate(forms):
        part = unique(f"{prefix}{form[level[i]]}", taken) if form else numbered(fallback, taken)
        taken.add(part)
        out.append(part)
    return out


def site_ids(locations: Iterable[object]) -> list[str]:
    """The id of each of a plan's locations: its own id, or one made from its name."""
    taken: set[str] = set()
    out = []
    for location in locations:
        given = location.get("id") if isinstance(location, dict) else getattr(location, "id", None)
        if given:
            ident = str(given)
        else:
            name = location.get("name") if isinstance(location, dict) else location
            base = slug(str(name or ""))
            ident = unique(base, taken) if base else numbered("site", taken)
        taken.add(ident)
        out.append(ident)
    return out
