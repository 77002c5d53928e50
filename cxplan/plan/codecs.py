"""One codec per kind of value: how YAML, typed text or a workbook cell becomes a plan value.

Every door into the plan parses through the codec of the field's kind: the model (so the
plan file and answers files), the workshop's prompts and the workbook's cells. One
mistake therefore gets one message, whichever door it came through; only the place in
front of it differs (FILE:LINE, Sheet!Cell, or the prompt).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cxplan.i18n import Language, _
from cxplan.plan.ids import slug
from cxplan.plan.vocab import (
    ActionSource,
    ActionStatus,
    MeasureKind,
    MeasureScale,
    Method,
    Stage,
    Vocabulary,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)
ALL = "all"  # in a list of touchpoints: every touchpoint of the plan
FIRST_DAY = dt.date(1900, 1, 1)  # dates every writer can encode (zip stamps end in 2107)
LAST_DAY = dt.date(2100, 12, 31)
NUMBER_LIMIT = 1e12  # larger numbers are typing accidents, and some writers cannot hold them
_BULLET = re.compile(r"^\s*(?:[•\-*·▪◦]\s+)")

# The words that mean yes and no, any case, in the languages cxplan ships (and "x", a tick).
YES_WORDS = ("yes", "y", "true", "1", "x", "ja", "j", "oui", "o", "si", "sí", "sì", "s")
NO_WORDS = ("no", "n", "false", "0", "nein", "non")


NOT_A_DATE = _("{value} is not a date; write it as 2027-01-31")


class ValueProblem(ValueError):
    """A value that does not fit its field; ``message`` says what would, in English.

    A message marked with ``_()`` names the value as ``{value}`` (given as ``raw``) and
    has its other placeholders in ``values``: ``said(lang)`` words it in a language, as
    the workshop shows it to a team."""

    def __init__(self, message: str, raw: Any = None, **values: Any) -> None:
        self.template = message
        self.raw = raw
        self.values = values
        named = {"value": describe(raw)} if "{value}" in message else {}
        self.message = message.format(**named, **values) if named or values else message
        super().__init__(self.message)

    def said(self, lang: Language) -> str:
        """The message in ``lang``: a typed value is shown as typed (``'vielleicht'``)."""
        if lang.tag == "en" or lang.tr(self.template) == self.template:
            return self.message
        raw = self.raw
        shown = repr(raw) if isinstance(raw, str) else describe(raw)
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            shown = raw.isoformat()
        named = {"value": shown} if "{value}" in self.template else {}
        return lang.tr(self.template, **named, **self.values)


def describe(value: Any) -> str:
    """A value as a message names it: ``the text 'durring'``, ``the number 7``, ``a list``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, dict):
        return "a set of fields (key: value)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, int):
        if abs(value) >= 10**15:
            return "a very large number"
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    return f"a {type(value).__name__}"


def did_you_mean(word: str, options: Iterable[str], shown: Mapping[str, str] | None = None) -> str:
    """``; did you mean 'during'?`` when ``word`` is close to one of ``options``, else "".

    ``shown`` spells an option as the user knows it (a site's name, not its folded key)."""
    close = _close(word, options)
    return f"; did you mean {(shown or {}).get(close, close)!r}?" if close else ""


def _close(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class Codec:
    """Plain text: how a value is read from any door and shown in a prompt or a cell."""

    kind: str = "text"

    def empty(self) -> Any:
        """The value of a field left empty."""
        return None

    def parse(self, raw: Any) -> Any:
        """A YAML, JSON or cell value as the field's value; ValueProblem when it does not fit."""
        if _blank(raw):
            return self.empty()
        return self.convert(raw)

    def parse_typed(self, text: str) -> Any:
        """What a person typed at a prompt as the field's value."""
        return self.parse(text.strip())

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, str):
            return raw
        if isinstance(raw, bool):
            raise ValueProblem(f"expected text, got {describe(raw)}")
        if isinstance(raw, int):
            return str(raw)
        if isinstance(raw, float):
            return str(int(raw)) if raw.is_integer() else repr(raw)
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        raise ValueProblem(f"expected text, got {describe(raw)}")

    def show(self, value: Any) -> str:
        """The value as a prompt shows it (``parse_typed`` reads it back)."""
        if value is None:
            return ""
        if isinstance(value, Vocabulary):
            return str(value.value)
        return str(value)

    def cell(self, value: Any) -> Any:
        """The value as its workbook cell holds it."""
        if value is None:
            return None
        if isinstance(value, Vocabulary):
            return value.value
        return str(value)

    def validate(self, raw: Any) -> Any:
        """The pydantic side: the parsed value, or the codec's message as a pydantic error."""
        from pydantic_core import PydanticCustomError

        try:
            return self.parse(raw)
        except ValueProblem as problem:
            raise PydanticCustomError(
                "cx_value", "{message}", {"message": problem.message}
            ) from None


@dataclass(frozen=True)
class Words(Codec):
    """A list of short texts: YAML lists, lines of a cell, or ``;``-separated typed words."""

    kind: str = "lines"

    def empty(self) -> Any:
        return []

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, (list, tuple)):
            return [TEXT.convert(v) for v in raw if not _blank(v)]
        if isinstance(raw, str):
            return lines(raw)
        raise ValueProblem(f"expected a list, got {describe(raw)}")

    def cell(self, value: Any) -> Any:
        # A bullet typed in front of a line is dropped when the cell is read back, so an
        # item that itself starts with one ("* 0", "- tea") gets a bullet of its own to lose.
        items = (f"• {v}" if _BULLET.match(str(v)) else str(v) for v in value or ())
        return "\n".join(items) or None

    def parse_typed(self, text: str) -> Any:
        return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]

    def show(self, value: Any) -> str:
        return "; ".join(str(v) for v in value or ())


def lines(text: str) -> list[str]:
    """The items of a cell that holds one per line (bullets typed in front are dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (_BULLET.sub("", part).strip() for part in text.split("\n")) if p]


@dataclass(frozen=True)
class Ident(Codec):
    """One id: lowercase letters, digits and '-'."""

    kind: str = "id"

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise ValueProblem(f"expected an id, got {describe(raw)}")
        text = str(raw).strip()
        if not _ID.match(text):
            raise ValueProblem(id_problem(text))
        return text


def id_problem(value: Any) -> str:
    """Why ``value`` is not an id, and what it could be instead."""
    return (
        f"{describe(value)} is not a valid id: use lowercase letters, digits and '-' "
        f"(e.g. {slug(str(value)) or 'item-1'!r})"
    )


@dataclass(frozen=True)
class Ids(Codec):
    """A list of ids, separated by commas, semicolons or lines in text; ``all`` where allowed."""

    kind: str = "ids"
    allow_all: bool = False

    def empty(self) -> Any:
        return []

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, str):
            parts: Sequence[Any] = [p.strip() for p in re.split(r"[,;\n]", raw) if p.strip()]
        elif isinstance(raw, (list, tuple)):
            parts = [p for p in raw if not _blank(p)]
        else:
            raise ValueProblem(f"expected a list of ids, got {describe(raw)}")
        if self.allow_all and [str(p).strip().lower() for p in parts] == [ALL]:
            return [ALL]
        out: list[str] = []
        for part in parts:
            ident = IDENT.convert(part)
            if ident not in out:
                out.append(ident)
        return out

    def show(self, value: Any) -> str:
        return "; ".join(str(v) for v in value or ())

    def cell(self, value: Any) -> Any:
        return ", ".join(str(v) for v in value or ()) or None


@dataclass(frozen=True)
class Choice(Codec):
    """One of a vocabulary's words, any case; typed, also its number or a unique start."""

    kind: str = "choice"
    vocabulary: type[Vocabulary] = Stage
    default: Vocabulary | None = None  # the value of an empty field
    labels: tuple[str, ...] = ()  # the words as a language shows them, in the same order

    def empty(self) -> Any:
        return self.default

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(m.value for m in self.vocabulary)

    @property
    def shown(self) -> tuple[str, ...]:
        """The words as the person sees them: the labels, where the language has its own."""
        return self.labels or self.words

    def localized(self, labels: Sequence[str]) -> Choice:
        """This codec reading the words of a language too (``labels``, in the words' order)."""
        return replace(self, labels=tuple(labels))

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, self.vocabulary):
            return raw
        if isinstance(raw, str):
            try:
                return self.vocabulary(raw)
            except ValueError:
                pass
        words = self.shown
        close = _close(str(raw), words) if isinstance(raw, str) else None
        if close is not None:
            raise ValueProblem(
                _("{value} is not allowed here; use one of: {words}; did you mean {close}?"),
                raw,
                words=", ".join(words),
                close=repr(close),
            )
        raise ValueProblem(
            _("{value} is not allowed here; use one of: {words}"), raw, words=", ".join(words)
        )

    def parse_typed(self, text: str) -> Any:
        word = " ".join(text.split()).lower()
        words = self.words
        if self.labels:  # a word of the person's language: its label, or a unique start of one
            labels = [label.lower() for label in self.labels]
            begins = [i for i, label in enumerate(labels) if word and label.startswith(word)]
            if word in labels:
                return self.vocabulary(words[labels.index(word)])
            if word not in words and len(begins) == 1:
                return self.vocabulary(words[begins[0]])
        if word.isdigit() and 1 <= int(word) <= len(words):
            return self.vocabulary(words[int(word) - 1])
        starts = [w for w in words if w.startswith(word)] if word else []
        if word not in words and len(starts) == 1:
            return self.vocabulary(starts[0])
        return self.parse(text.strip())


@dataclass(frozen=True)
class Flag(Codec):
    """Yes or no: true/false, and the yes and no words of every shipped language."""

    kind: str = "bool"

    def empty(self) -> Any:
        return False

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            word = raw.strip().lower()
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
        raise ValueProblem(_("{value} is not yes or no; answer yes or no"), raw)

    def show(self, value: Any) -> str:
        return "yes" if value else "no"

    def cell(self, value: Any) -> Any:
        return "Yes" if value else "No"


def _number(raw: Any) -> float | int | None:
    """A number from a YAML value, a cell or typed text ("95%", "72,5"), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return raw
    if isinstance(raw, str):
        m = re.fullmatch(r"\s*([-+]?\d+(?:[.,]\d+)?)\s*%?\s*", raw)
        if m:
            return float(m.group(1).replace(",", "."))
    return None


@dataclass(frozen=True)
class Rating(Codec):
    """Today's experience at a touchpoint: a whole number from 1 to 5."""

    kind: str = "rating"

    def convert(self, raw: Any) -> Any:
        number = _number(raw)
        if number is None or not float(number).is_integer() or not 1 <= number <= 5:
            raise ValueProblem(_("{value} is not a rating; give a whole number from 1 to 5"), raw)
        return int(number)

    def cell(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Number(Codec):
    """A score or count: a finite number, written as 41, 72.5, 72,5 or 95%."""

    kind: str = "number"

    def convert(self, raw: Any) -> Any:
        number = _number(raw)
        if number is None:
            raise ValueProblem(_("{value} is not a number; write it like 41 or 72.5"), raw)
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueProblem(_("{value} is not a finite number; write it like 41 or 72.5"), raw)
        if abs(number) > NUMBER_LIMIT:
            raise ValueProblem(_("{value} is too large for a score"), raw)
        return float(number)

    def show(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            # repr is the shortest text that reads back as the same number; :g would show
            # 100000.5 as 100000 and the next Enter would save that.
            return str(int(value)) if value.is_integer() else repr(value)
        return str(value)

    def cell(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Weight(Number):
    """How much a standard counts in a score: a number above 0 (default 1)."""

    kind: str = "weight"

    def convert(self, raw: Any) -> Any:
        value = super().convert(raw)
        if value <= 0:
            raise ValueProblem(f"{describe(raw)} is not a weight; give a number above 0, e.g. 2")
        return value


@dataclass(frozen=True)
class Date(Codec):
    """A date, written 2027-01-31 (a spreadsheet's date cell reads as one too)."""

    kind: str = "date"

    def convert(self, raw: Any) -> Any:
        if isinstance(raw, dt.datetime):
            day = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        elif isinstance(raw, str):
            try:
                day = dt.date.fromisoformat(raw.strip())
            except ValueError:
                raise ValueProblem(NOT_A_DATE, raw) from None
        else:
            raise ValueProblem(NOT_A_DATE, raw)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueProblem(
                _("{value} is out of range; give a date from {first} to {last}"),
                day,
                first=FIRST_DAY.year,
                last=LAST_DAY.year,
            )
        return day

    def show(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else ""

    def cell(self, value: Any) -> Any:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
        return value


TEXT = Codec()
WORDS = Words()
IDENT = Ident()
IDS = Ids()
TOUCHPOINT_IDS = Ids(allow_all=True)
REF = Ident(kind="ref")
FLAG = Flag()
RATING = Rating()
NUMBER = Number()
DATE = Date()
STAGE = Choice(vocabulary=Stage)
KIND = Choice(vocabulary=MeasureKind)
METHOD = Choice(vocabulary=Method)
SOURCE = Choice(vocabulary=ActionSource)
STATUS = Choice(vocabulary=ActionStatus, default=ActionStatus.OPEN)
SCALE = Choice(vocabulary=MeasureScale)
WEIGHT = Weight()
