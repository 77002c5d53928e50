"""How survey answers are read: scores from numbers or labels (days: results/dates.py).

The labels ("Extremely likely", "Sehr zufrieden", "Plutôt d'accord"...), month names and
column headings are data, one file per language in ``templates/answers/``; every file is
read for every import, since a survey's language need not be the plan's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cxplan.plan.codecs import ValueProblem, describe
from cxplan.resources import templates_dir
from cxplan.yamlio.source import parse

KINDS = ("nps", "csat", "ces")
# The answers each kind takes before a scale is chosen (CSAT may be on 1-5, 1-7, 0-10).
RANGES = {"nps": (0, 10), "csat": (0, 10), "ces": (1, 7)}
EXAMPLES = {"nps": "Extremely likely", "csat": "Very satisfied", "ces": "Strongly agree"}
# Qualtrics writes -99 for a question seen but not answered.
UNANSWERED = {"-99"}
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\s\"'.:;,!?*_()-]+|[\s\"'.:;,!?*_()]+$")
# "10 - Extremely likely", "5 = Very satisfied", "4 (Satisfied)", "7. Strongly agree"
_LEADING = re.compile(r"^(\d{1,2})(?:[.,]0+)?\s*(?:[-–—:=)./]|\s)\s*\(?(\D.*)$")
# "Extremely likely - 10", "Very satisfied (5)"
_TRAILING = re.compile(r"^(\D.*?)\s*(?:[-–—:=(]\s*)(\d{1,2})\)?$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def norm(text: object) -> str:
    """A heading or label as compared: lowercase, one space, no edge punctuation."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFC", str(text)).casefold()).strip()
    return _EDGE.sub("", folded)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Vocabulary:
    """Every language's labels, month names and column words, merged."""

    labels: dict[str, dict[str, int]]
    none: frozenset[str]
    months: dict[str, int]
    columns: dict[str, tuple[str, ...]]
    keywords: dict[str, tuple[str, ...]]


@cache
def vocabulary() -> Vocabulary:
    """The answer labels of every shipped language (templates/answers/*.yaml)."""
    labels: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    none: set[str] = set()
    months: dict[str, int] = {}
    columns: dict[str, list[str]] = {}
    keywords: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for path in sorted((templates_dir() / "answers").glob("*.yaml")):
        data = parse(path.read_text(encoding="utf-8")).data
        if not isinstance(data, dict):
            continue
        for kind in KINDS:
            for label, score in (data.get(kind) or {}).items():
                labels[kind][norm(label)] = int(score)
        none.update(norm(word) for word in data.get("none") or [])
        for key in ("months", "months_short"):
            for number, name in enumerate(data.get(key) or [], start=1):
                months.setdefault(norm(name), number)
                months.setdefault(_unaccented(norm(name)), number)  # "fevrier", "aout"
        for kind, words in (data.get("keywords") or {}).items():
            keywords.setdefault(str(kind), []).extend(norm(w) for w in words or [])
        for role, words in (data.get("columns") or {}).items():
            columns.setdefault(str(role), []).extend(norm(w) for w in words or [])
    return Vocabulary(
        labels=labels,
        none=frozenset(none),
        months=months,
        columns={role: tuple(dict.fromkeys(words)) for role, words in columns.items()},
        keywords={kind: tuple(dict.fromkeys(words)) for kind, words in keywords.items()},
    )


@dataclass
class Scores:
    """Reads one measure's answers: a number, or a label of any shipped language."""

    kind: str
    _seen: dict[str, int | None] = field(default_factory=dict)

    def read(self, raw: Any) -> int | None:
        """The score of one answer; None when it is no answer (blank, N/A, -99)."""
        if raw in self._seen and isinstance(raw, str):
            return self._seen[raw]
        if raw is None:
            return None
        if isinstance(raw, (bool, dt.date, dt.datetime)):
            raise ValueProblem(self._wrong(raw))
        if isinstance(raw, (int, float)):
            return self._check(raw, raw)
        text = str(raw)
        if text in self._seen:
            return self._seen[text]
        score = self._text(text)
        if len(self._seen) < 10_000:  # answers repeat; free text must not grow the cache
            self._seen[text] = score
        return score

    def _text(self, text: str) -> int | None:
        plain = text.strip()
        if not plain or plain in UNANSWERED:
            return None
        if _NUMBER.match(plain):
            return self._check(float(plain.replace(",", ".")), text)
        words = vocabulary()
        key = norm(plain)
        if key in words.none:
            return None
        labels = words.labels[self.kind]
        if key in labels:
            return labels[key]
        for pattern, number_at, label_at in ((_LEADING, 1, 2), (_TRAILING, 2, 1)):
            m = pattern.match(plain)
            if m:
                number = int(m.group(number_at))
                label = norm(m.group(label_at))
                if label in labels and labels[label] != number and self.kind != "csat":
                    raise ValueProblem(
                        f"{describe(text)} says {number} but {m.group(label_at)!r} means "
                        f"{labels[label]}; correct the answer"
                    )
                return self._check(number, text)
        raise ValueProblem(self._wrong(text))

    def _check(self, number: float, raw: Any) -> int:
        low, high = RANGES[self.kind]
        if number != int(number) or not low <= number <= high:
            raise ValueProblem(self._wrong(raw))
        return int(number)

    def _wrong(self, raw: Any) -> str:
        low, high = RANGES[self.kind]
        return (
            f"{describe(raw)} is not {'an' if self.kind == 'nps' else 'a'} {self.kind.upper()} "
            "answer; give a whole number from "
            f"{low} to {high} or a label such as {EXAMPLES[self.kind]!r}"
        )
