"""One question about one field: its label, the codec that reads the answer, what it offers."""

from __future__ import annotations

import datetime as dt
import difflib
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cxplan.i18n import DEFAULT, Language, _, language
from cxplan.plan import codecs
from cxplan.plan.codecs import ALL, Choice, Codec, ValueProblem
from cxplan.plan.vocab import Vocabulary

CLEAR = "-"  # typed alone, clears a field
PAGE = 15  # list at most this many items before "... and N more"
ENGLISH = language(DEFAULT)
NO_ROLE = _("no role")  # shown for an item that names no role yet
# A yes-or-no field's value as a prompt shows it (typed back, it is read in any language).
FLAG_WORDS = (_("yes"), _("no"))
ALL_WORD = _("all")  # typed for a list of touchpoints: every one (``all`` works in any language)

# What a field's answer may name instead of ids: the plan's items by number or name.
Refs = Literal["customers", "touchpoints", "locations"]


@dataclass(frozen=True)
class Field:
    """One question about one field of the plan; its answer is read by ``codec``.

    ``label`` and ``help`` are English, marked with ``_()``: the workshop shows them in the
    plan's language."""

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

    def codec_in(self, lang: Language) -> Codec:
        """The codec reading answers typed in ``lang`` (a vocabulary's words in it too)."""
        if isinstance(self.codec, Choice) and lang.tag != DEFAULT:
            return self.codec.localized([lang.tr(w) for w in self.codec.words])
        return self.codec

    def prompt(self, lang: Language) -> str:
        """The label, with a closed vocabulary's words shown before the first answer."""
        codec = self.codec_in(lang)
        if isinstance(codec, Choice):
            return f"{lang.tr(self.label)} ({', '.join(codec.shown)})"
        return lang.tr(self.label)


def plain(value: Any) -> Any:
    """A parsed value as the plan file holds it: words for vocabularies, 41 not 41.0."""
    if isinstance(value, Vocabulary):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def parse(
    spec: Field, raw: Any, options: Mapping[str, str], *, typed: bool, lang: Language = ENGLISH
) -> Any:
    """The plan value of an answer, typed (``typed``, in ``lang``) or from an answers file;
    ValueProblem (the codec's one message) when it does not fit."""
    if spec.refs is not None:
        raw = resolve(spec, raw, options, lang)
    if typed and isinstance(raw, str):
        return plain(spec.codec_in(lang).parse_typed(raw))
    return plain(spec.codec.parse(raw))


# What an answer names, for the message when it names nothing the plan has.
NO_SUCH = {
    "customers": _("there is no customer segment {word}{hint}; known: {known}"),
    "touchpoints": _("there is no touchpoint {word}{hint}; known: {known}"),
    "locations": _("there is no location {word}{hint}; known: {known}"),
}
ONE_ONLY = {
    "customers": _("give one customer segment"),
    "touchpoints": _("give one touchpoint"),
    "locations": _("give one location"),
}


def resolve(spec: Field, raw: Any, options: Mapping[str, str], lang: Language = ENGLISH) -> Any:
    """Item numbers and names in an answer turned into the ids they name; ``all`` into every
    id where the field takes it."""
    refs = spec.refs or "touchpoints"
    if raw is None:
        return raw
    words = raw if isinstance(raw, list) else [p for p in _split(str(raw)) if p]
    every = {ALL, lang.tr(ALL_WORD).lower()}
    if getattr(spec.codec, "allow_all", False) and [str(w).strip().lower() for w in words] in [
        [w] for w in every
    ]:
        return sorted(set(options.values()), key=list(options.values()).index)
    out = []
    for word in (str(w).strip() for w in words):
        found = options.get(word) or options.get(word.lower())
        if found is None:
            known = ", ".join(dict.fromkeys(options.values())) or lang.tr("none yet")
            hint = codecs.did_you_mean(word, options)
            raise ValueProblem(lang.tr(NO_SUCH[refs], word=repr(word), hint=hint, known=known))
        out.append(found)
    if isinstance(spec.codec, codecs.Ids):
        return out
    if len(out) > 1:
        raise ValueProblem(lang.tr(ONE_ONLY[refs]))
    return out[0] if out else None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";")]


def show(spec: Field, value: Any, lang: Language = ENGLISH) -> str:
    """A field's value as the default shown in a prompt (``parse`` reads it back)."""
    if value is None:
        return ""
    if isinstance(value, str) and isinstance(spec.codec, codecs.Date):
        value = dt.date.fromisoformat(value)
    shown = spec.codec.show(value)
    if isinstance(spec.codec, (Choice, codecs.Flag)) and shown:
        return lang.tr(shown)
    return shown


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


def cap(text: str) -> str:
    """``text`` with its first letter upper case, the rest as written (names keep their case)."""
    return text[:1].upper() + text[1:]


def steps(numbers: Sequence[int], lang: Language) -> str:
    """``Step 2``, ``Steps 1 and 3``, ``Steps 1, 2 and 4``."""
    if len(numbers) == 1:
        return lang.tr("Step {number}", number=numbers[0])
    return lang.tr(
        "Steps {some} and {last}", some=", ".join(map(str, numbers[:-1])), last=numbers[-1]
    )
