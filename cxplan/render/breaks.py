"""Where lines break: at spaces, after hyphens, or hyphenated by the language's dictionary.

A word is never cut without a visible hyphen: a line that ends inside a word ends with
"-" (the dictionary's break, or, for a token no dictionary knows such as a 500-character
code, wherever it must). Ideographic scripts (Chinese, Japanese) break between any two
characters, as they are written. Column widths are sized to their content so that most
words never need it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

Measure = Callable[[str, str, float], float]
HYPHEN = "-"
# Han, kana, Hangul and their punctuation: a line may break between any two of them.
IDEOGRAPHIC = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
SOFT_MARKS = "-/_.\u2010\u2013"
CLOSING = re.compile(r"[?!:;»%]+[.,]?$")  # a word of marks that belongs to the one before
SPACED = re.compile(r" [?!:;»%]| « ")


@cache
def hyphenator(lang: str | None) -> Any:
    """pyphen's dictionary for a BCP 47 tag (``de-CH`` -> de_CH, else de), or None."""
    if not lang:
        return None
    import pyphen

    tag = lang.replace("-", "_")
    for name in (tag, tag.split("_")[0]):
        found = pyphen.language_fallback(name)
        if found:
            return pyphen.Pyphen(lang=found)
    return None


def _dictionary_breaks(word: str, lang: str | None) -> list[int]:
    """Positions where ``word`` may be hyphenated, by the dictionary of ``lang``."""
    dic = hyphenator(lang)
    if dic is None:
        return []
    # The dictionary sees letters only: leading and trailing punctuation is kept aside.
    match = re.match(r"^(\W*)(.*?)(\W*)$", word)
    if match is None or len(match.group(2)) < 5:
        return []
    lead = len(match.group(1))
    return [lead + p for p in dic.positions(match.group(2))]


SOFT_HYPHEN = "\u00ad"


def soft_hyphens(
    text: str, font: str, size: float, limit: float, measure: Measure, lang: str | None
) -> str:
    """``text`` with a soft hyphen at each dictionary break of every word wider than
    ``limit``: where the Word plan's reader (LibreOffice without dictionaries, say) does
    not hyphenate, such a word breaks with a hyphen instead of being cut anywhere."""
    if longest_word(text, font, size, measure) <= limit or hyphenator(lang) is None:
        return text
    out = []
    for line in text.split("\n"):
        words = []
        for word in line.split(" "):
            if measure(word, font, size) > limit:
                cut = 0
                pieces = []
                for position in _dictionary_breaks(word, lang):
                    pieces.append(word[cut:position])
                    cut = position
                word = SOFT_HYPHEN.join([*pieces, word[cut:]])
            words.append(word)
        out.append(" ".join(words))
    return "\n".join(out)


def split_word(
    word: str,
    limit: float,
    measure: Callable[[str], float],
    lang: str | None,
    *,
    forced: bool = True,
) -> tuple[str, str]:
    """``word`` (wider than ``limit``) as a head that fits, ending in a hyphen, and the rest;
    with ``forced`` false, ``(word, "")`` where neither a dictionary nor a mark allows one."""
    if IDEOGRAPHIC.search(word):
        cut = len(word) - 1
        while cut > 1 and measure(word[:cut]) > limit:
            cut -= 1
        return word[:cut], word[cut:]
    best = 0
    for position in _dictionary_breaks(word, lang):
        if measure(word[:position] + HYPHEN) <= limit:
            best = max(best, position)
    # At a hyphen already in the word (ids, compounds), or after a slash, dot or
    # underscore (a URL, a file name): no hyphen is added, the mark is the break.
    for i, char in enumerate(word[:-1]):
        if char in SOFT_MARKS and i > 0 and measure(word[: i + 1]) <= limit and i + 1 >= best:
            best = -(i + 1)
    if best < 0:
        return word[:-best], word[-best:]
    if best > 0:
        return word[:best] + HYPHEN, word[best:]
    if not forced:
        return word, ""
    # No dictionary break fits: cut where it must, and say so with a hyphen.
    cut = max(1, len(word) - 1)
    while cut > 1 and measure(word[:cut] + HYPHEN) > limit:
        cut -= 1
    return word[:cut] + HYPHEN, word[cut:]


def break_paragraph(
    paragraph: str, font: str, size: float, limit: float, measure: Measure, lang: str | None
) -> list[str]:
    """One paragraph (no line breaks in it) as lines no wider than ``limit``."""
    if measure(paragraph, font, size) <= limit:
        return [paragraph]  # most cells: one measurement, one line
    out: list[str] = []
    space = measure(" ", font, size)
    line, line_width = "", 0.0

    def width_of(text: str) -> float:
        return measure(text, font, size)

    for word in _words(paragraph):
        word_width = width_of(word)
        gap = space if line else 0.0
        if line_width + gap + word_width <= limit:
            line = f"{line} {word}" if line else word
            line_width += gap + word_width
            continue
        if word_width <= limit and not IDEOGRAPHIC.search(word):
            out.append(line)
            line, line_width = word, word_width
            continue
        # A word wider than what is left: hyphenated into the line's rest, then on.
        room = limit - line_width - gap
        if line and room > limit * 0.25:
            head, rest = split_word(word, room, width_of, lang, forced=False)
            if rest and width_of(head) <= room:
                out.append(f"{line} {head}")
                line, line_width, word = "", 0.0, rest
        if line:
            out.append(line)
            line, line_width = "", 0.0
        while width_of(word) > limit and len(word) > 1:
            head, word = split_word(word, limit, width_of, lang)
            out.append(head)
        line, line_width = word, width_of(word)
    out.append(line)
    return out


def _words(paragraph: str) -> list[str]:
    """The paragraph's words; a mark set off by a space, as French sets "?", ":", "»"
    and "%", stays with its word, so no line starts with it (nor ends with "«")."""
    words = paragraph.split(" ")
    if not SPACED.search(paragraph):
        return words
    out: list[str] = []
    for word in words:
        if out and out[-1] and (CLOSING.match(word) or out[-1] == "«"):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


_LONGEST: dict[tuple[str, str, float, Measure], float] = {}


def longest_word(text: str, font: str, size: float, measure: Measure) -> float:
    """The width of the widest word of ``text`` (what a column needs not to hyphenate)."""
    key = (text, font, size, measure)
    found = _LONGEST.get(key)
    if found is None:
        found = _longest(text, font, size, measure)
        if len(_LONGEST) < 200_000:
            _LONGEST[key] = found
    return found


def _longest(text: str, font: str, size: float, measure: Measure) -> float:
    words = text.split()
    if len(words) <= 2:
        return max((measure(w, font, size) for w in words), default=0.0)
    # The longest by characters is almost always the widest: the two longest are measured.
    words.sort(key=len)
    return max(measure(words[-1], font, size), measure(words[-2], font, size))


def size_columns(
    weights: Sequence[float], needs: Sequence[float], fixed: Sequence[float], total: float
) -> list[float]:
    """Column widths summing to ``total``: each its share of ``weights``, but at least what
    its longest word ``needs`` where the table has the room, and exactly ``fixed`` (an id
    column's widest id) where that is set. Room is taken from columns with room to spare.
    """
    count = len(weights)
    weight_sum = sum(weights) or 1.0
    widths = [total * w / weight_sum for w in weights]
    floors = [max(n, f) for n, f in zip(needs, fixed, strict=True)]
    if sum(floors) > total:
        # Not everything fits: the fixed columns first; then, shortest need first, each
        # column its need while that is no more than its weighted share of what is left
        # (so "before" keeps its line, only the long words are hyphenated, and a wide
        # column, the owner matrix's touchpoints, is not squeezed to a narrow one's share).
        left = max(total - sum(fixed), 0.0)
        others = sorted((i for i in range(count) if not fixed[i]), key=lambda i: needs[i])
        floors = list(fixed)
        weight_left = sum(weights[i] for i in others)
        for i in others:
            share = left * weights[i] / (weight_left or 1.0)
            floors[i] = min(needs[i], share)
            left -= floors[i]
            weight_left -= weights[i]
    for _ in range(count):
        short = [i for i in range(count) if widths[i] < floors[i] - 0.01]
        if not short:
            break
        wanted = sum(floors[i] - widths[i] for i in short)
        donors = [i for i in range(count) if i not in short and widths[i] > floors[i]]
        slack = sum(widths[i] - floors[i] for i in donors)
        if slack <= 0:
            break
        give = min(wanted, slack)
        for i in short:
            widths[i] = (
                floors[i]
                if wanted <= slack
                else widths[i] + (floors[i] - widths[i]) * give / max(wanted, 1e-9)
            )
        for i in donors:
            widths[i] -= (widths[i] - floors[i]) * give / slack
    scale = total / (sum(widths) or 1.0)
    return [w * scale for w in widths]


def column_widths(
    total: float,
    weights: Sequence[float],
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    size_pad: tuple[float, float],
    fit: Sequence[bool],
    fonts: tuple[str, str, str],
    measure: Measure,
) -> list[float]:
    """A table's column widths in points, sized to content (see size_columns).

    ``fonts`` are those of the first column, the others, and the header.
    """
    needs, fixed = column_needs(total, len(weights), header, rows, size_pad, fit, fonts, measure)
    return size_columns(weights, needs, fixed, total)


def column_needs(
    total: float,
    count: int,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    size_pad: tuple[float, float],
    fit: Sequence[bool],
    fonts: tuple[str, str, str],
    measure: Measure,
) -> tuple[list[float], list[float]]:
    """What each column needs not to hyphenate (its longest word, padded), and the width
    of the columns marked in ``fit`` (their widest entry), both at most 40 % of ``total``."""
    size, pad = size_pad
    needs = [0.0] * count
    fixed = [0.0] * count
    cap = total * 0.4  # a 500-character token is hyphenated, not given the page
    for col in range(count):
        font = fonts[0] if col == 0 else fonts[1]
        texts = {"" if row[col] is None else str(row[col]) for row in rows}
        need = max((longest_word(t, font, size, measure) for t in texts), default=0.0)
        if header:
            need = max(need, longest_word(header[col], fonts[2], size, measure))
        needs[col] = min(need + 2 * pad + 0.5, cap)
        if col < len(fit) and fit[col]:
            lines = {line for t in texts for line in t.split("\n")}
            if header:
                lines |= {f"{line}\u2002" for line in header[col].split("\n")}
            widest = max((measure(t, font, size) for t in lines), default=0)
            fixed[col] = min(widest + 2 * pad + 0.5, cap)
    return needs, fixed


_NARROW = frozenset("fijlrtI.,:;'!|()[]-/ ")
_WIDE = frozenset("mwMW@%")
_EMS: dict[str, float] = {}
_APPROX: dict[tuple[str, bool], float] = {}


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.27
    if char in _WIDE:
        return 0.8
    if char.isupper() or char.isdigit():
        return 0.56
    return 1.0 if IDEOGRAPHIC.match(char) else 0.48


def approx_width(text: str, font: str, size: float) -> float:
    """A text's width, without loading font files, as wide as DejaVu Sans sets it: what
    LibreOffice draws where Calibri is missing (Calibri itself is narrower), so a Word
    column sized from it holds its word in either."""
    bold = "Bold" in font or font == "bold"
    key = (text, bold)
    em = _APPROX.get(key)
    if em is None:
        ems = _EMS
        em = 0.0
        for char in text:
            width = ems.get(char)
            if width is None:
                width = ems[char] = _em(char)
            em += width
        em *= 1.28 * (1.14 if bold else 1.0)
        if len(_APPROX) < 200_000:
            _APPROX[key] = em
    return em * size
