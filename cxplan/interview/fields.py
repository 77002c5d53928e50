"""One question about one field: its label, the codec that reads the answer, what it offers."""

from __future__ import annotations

import datetime as dt
import difflib
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cxplan.plan import codecs
from cxplan.plan.codecs import ALL, Choice, Codec, ValueProblem
from cxplan.plan.vocab import Vocabulary

CLEAR = "-"  # typed alone, clears a field
PAGE = 15  # list at most this many items before "... and N more"

# What a field's answer may name instead of ids: the plan's items by number or name.
Refs = Literal["customers", "touchpoints", "locations"]


@dataclass(frozen=True)
class Field:
    """One question about one field of the plan; its answer is read by ``codec``."""

    key: str
    label: str
    codec: Codec = codecs.TEXT
    help: str = ""
    suggest: Callable[[dict[str, Any]], Any] | None = None
    refs: Refs | None = None  # the answer names these items (by id, number or name)
    role: bool = False  # a role: offer the plan's roles, catch a near-duplicate

    @property
    def many(self) -> bool:
        return isinstance(self.codec, (codecs.Words, codecs.Ids))

    def prompt(self) -> str:
        """The label, with a closed vocabulary's words shown before the first answer."""
        if isinstance(self.codec, Choice):
            return f"{self.label} ({', '.join(self.codec.words)})"
        return self.label


def plain(value: Any) -> Any:
    """A parsed value as the plan file holds it: words for vocabularies, 41 not 41.0."""
    if isinstance(value, Vocabulary):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def parse(spec: Field, raw: Any, options: Mapping[str, str], *, typed: bool) -> Any:
    """The plan value of an answer, typed (``typed``) or from an answers file; ValueProblem
    (the codec's one message) when it does not fit."""
    if spec.refs is not None:
        raw = resolve(spec, raw, options)
    if typed and isinstance(raw, str):
        return plain(spec.codec.parse_typed(raw))
    return plain(spec.codec.parse(raw))


def resolve(spec: Field, raw: Any, options: Mapping[str, str]) -> Any:
    """Item numbers and names in an answer turned into the ids they name; ``all`` into every
    id where the field takes it."""
    noun = (spec.refs or "items")[:-1]
    if raw is None:
        return raw
    words = raw if isinstance(raw, list) else [p for p in _split(str(raw)) if p]
    if getattr(spec.codec, "allow_all", False) and [str(w).strip().lower() for w in words] == [ALL]:
        return sorted(set(options.values()), key=list(options.values()).index)
    out = []
    for word in (str(w).strip() for w in words):
        found = options.get(word) or options.get(word.lower())
        if found is None:
            known = ", ".join(dict.fromkeys(options.values())) or "none yet"
            hint = codecs.did_you_mean(word, options)
            raise ValueProblem(f"there is no {noun} {word!r}{hint}; known: {known}")
        out.append(found)
    if isinstance(spec.codec, codecs.Ids):
        return out
    if len(out) > 1:
        raise ValueProblem(f"give one {noun}")
    return out[0] if out else None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";")]


def show(spec: Field, value: Any) -> str:
    """A field's value as the default shown in a prompt (``parse`` reads it back)."""
    if value is None:
        return ""
    if isinstance(value, str) and isinstance(spec.codec, codecs.Date):
        value = dt.date.fromisoformat(value)
    return spec.codec.show(value)


def near(word: str, known: Sequence[str]) -> str | None:
    """A known word that ``word`` is probably meant to be (another case, a typo), or None."""
    if word in known:
        return None
    same = [k for k in known if k.casefold() == word.casefold()]
    if same:
        return same[0]
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.8)
    return folded[close[0]] if close else None


def wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.wrap(text, width=88, initial_indent=indent, subsequent_indent=indent))


def count(number: int, noun: str) -> str:
    """``3 starter touchpoints``, ``1 starter touchpoint``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def cap(text: str) -> str:
    """``text`` with its first letter upper case, the rest as written (names keep their case)."""
    return text[:1].upper() + text[1:]


def a(noun: str) -> str:
    word = noun.lower()
    vowel = word[:1] in ("a", "e", "i", "o") or (
        word.startswith("u") and not word.startswith(("uni", "use", "usu"))
    )
    return f"{'an' if vowel else 'a'} {noun}"


def steps(numbers: Sequence[int]) -> str:
    """``Step 2``, ``Steps 1 and 3``, ``Steps 1, 2 and 4``."""
    if len(numbers) == 1:
        return f"Step {numbers[0]}"
    return f"Steps {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
