"""The one list editor: list, add, edit, remove, move, rename and keep, for words and for items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from cxplan.interview.answers import KEEP, sync_list
from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import CLEAR, PAGE, Field, a, cap, count, parse, wrap
from cxplan.plan.codecs import IDENT, ValueProblem
from cxplan.plan.ids import new_id, site_ids
from cxplan.plan.references import SITES, ListOf, list_at, rename, tied, untie

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

Path_ = tuple[str | int, ...]


class CommandError(ValueError):
    """A list command that cannot be done; the message says what can."""


@dataclass
class ListSpec:
    """A list of the plan that the team can list, add to, edit, remove from and reorder.

    A list of ``words`` holds short texts (its one field reads them); otherwise it holds
    items, asked field by field, the first field naming a new item.
    """

    path: Path_
    noun: str  # "touchpoint"
    fields: list[Field]
    model: type[BaseModel] | None = None
    summary: Callable[[Any], str] = str
    id_prefix: str | None = ""  # None: items have no id; "": an id from the first answer
    fallback: str = "item"  # ids for names with no Latin form: tp-1, tp-2...
    keep: Callable[[Any], bool] = lambda item: True  # which items this view shows
    preset: dict[str, Any] = field(default_factory=dict)  # fields set on every new item
    where: str = ""  # "for the touchpoint 'Greeting in store'"
    words: bool = False
    help: str = ""

    @property
    def plural(self) -> str:
        return f"{self.noun}s"

    @property
    def named(self) -> str:
        """``standards for the touchpoint 'Greeting in store'``."""
        return f"{self.plural} {self.where}".strip()

    def new_id(self, text: str, taken: set[str]) -> str:
        return new_id(text, taken, prefix=self.id_prefix or "", fallback=self.fallback)


class ListEditor:
    """Edits the lists of one workshop session (words and items alike)."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws

    def edit(self, spec: ListSpec) -> None:
        """Let the team work on one list, or make it match the answers file."""
        ws = self.ws
        scripted = ws.ask.answer_for(spec.path)
        if scripted is not NO_ANSWER:
            sync_list(ws, spec, scripted)
            return
        if not ws.ask.interactive:
            return
        if spec.help:
            ws.say(wrap(spec.help, "  "))
        if not self.shown(spec) and (spec.words or ws.confirm(f"  Add {a(spec.noun)} now?", True)):
            self.add(spec)
        while True:
            self.show(spec, PAGE)
            raw = ws.ask.prompt(self.choices(spec), "")
            command = raw.split()
            if not command:
                return
            try:
                self.command(spec, command)
            except (CommandError, ValueProblem) as err:
                ws.say(f"  {err}.")

    def shown(self, spec: ListSpec) -> list[tuple[int, Any]]:
        """(position in the plan's list, item) of the items this view shows."""
        return [(i, item) for i, item in enumerate(self.ws.items(spec.path)) if spec.keep(item)]

    def unreviewed(self, spec: ListSpec) -> list[int]:
        return [i for i, item in self.shown(spec) if _mark(item) is False]

    def show(self, spec: ListSpec, limit: int | None) -> None:
        shown = self.shown(spec)
        self.ws.say(f"  {cap(spec.named)} ({len(shown)}):")
        for number, (_, item) in enumerate(shown[:limit], start=1):
            self.ws.say(wrap(f"{number}. {self.line(spec, item)}", "    "))
        if limit is not None and len(shown) > limit:
            self.ws.say(f"    ... and {len(shown) - limit} more (l lists them all)")

    def line(self, spec: ListSpec, item: Any) -> str:
        text = spec.summary(item) if not (spec.words and isinstance(item, dict)) else item["name"]
        return text + (" (starter)" if _mark(item) is False else "")

    def choices(self, spec: ListSpec) -> str:
        parts = ["a add", "e N edit", "r N remove", "m N M move", "l list"]
        if self.target(spec) is not None:
            parts.append("i N NEW new id")
        waiting = self.unreviewed(spec)
        if waiting:
            parts.append(f"k keep the {count(len(waiting), 'starter ' + spec.noun)} as they are")
        return f"  Enter to go on; {', '.join(parts)} ({spec.named})"

    def target(self, spec: ListSpec) -> ListOf | None:
        """The list as the reference table knows it, when its items have ids."""
        return list_at(spec.path) if spec.id_prefix is not None else None

    def command(self, spec: ListSpec, command: list[str]) -> None:
        shown = self.shown(spec)
        verb, args = command[0].lower(), command[1:]
        if verb == "a":
            self.add(spec)
        elif verb == "l":
            self.show(spec, None)
        elif verb == "e":
            self.edit_item(spec, shown[_index(args, shown)][0])
        elif verb == "r":
            self.remove(spec, shown[_index(args, shown)][0])
        elif verb == "m":
            source, target = _move_args(args, shown)
            self.ws.doc.move(spec.path, shown[source][0], shown[target][0])
            self.ws.save()
        elif verb == "i" and self.target(spec) is not None:
            if len(args) != 2:
                raise CommandError("give the number and the new id: i N NEW")
            self.rename(spec, shown[_index(args[:1], shown)][0], args[1])
        elif verb == "k" and self.unreviewed(spec):
            self.keep(spec)
        else:
            words = "a, e N, r N, m N M, l" + (", i N NEW" if self.target(spec) else "")
            words += ", k" if self.unreviewed(spec) else ""
            raise CommandError(f"{' '.join(command)!r}: type {words}, or Enter to go on")

    # ------------------------------------------------------------------ the commands

    def add(self, spec: ListSpec, preset: dict[str, Any] | None = None) -> int | None:
        """Ask for new items (words: until Enter); the plan holds each from its first answer."""
        ws = self.ws
        if spec.words:
            while True:
                value = ws.ask.prompt(f"  Add {a(spec.noun)} (Enter when done)", "").strip()
                if not value:
                    return None
                ws.doc.append(spec.path, value)
                ws.save()
        first = spec.fields[0]
        while True:
            raw = ws.ask.prompt(f"  New {spec.noun}: {first.prompt()} (Enter to cancel)", "")
            if not raw.strip():
                return None
            try:
                value = parse(first, raw, ws.options(first), typed=True)
                break
            except ValueProblem as problem:
                ws.say(f"  {problem.message}.")
        item: dict[str, Any] = {}
        if spec.id_prefix is not None:
            taken = {str(i.get("id")) for i in ws.items(spec.path)}
            item["id"] = spec.new_id(str(value), taken)
        item[first.key] = value
        item.update(spec.preset)
        item.update(preset or {})
        ws.doc.append(spec.path, item)
        ws.save()
        index = len(ws.items(spec.path)) - 1
        for other in spec.fields[1:]:
            ws.field((*spec.path, index, other.key), other, item=ws.items(spec.path)[index])
        return index

    def edit_item(self, spec: ListSpec, index: int) -> None:
        """Ask an item's questions again (a word: its text); an edited item is reviewed."""
        ws = self.ws
        if spec.words:
            item = ws.items(spec.path)[index]
            name = item["name"] if isinstance(item, dict) else str(item)
            new = ws.ask.prompt(f"  {cap(spec.noun)}", name).strip()
            if new == CLEAR:
                self.remove(spec, index, ask=False)
            elif new and new != name:
                ws.doc.set(
                    (*spec.path, index, "name") if isinstance(item, dict) else (*spec.path, index),
                    new,
                )
                ws.save()
            return
        for f in spec.fields:
            ws.field((*spec.path, index, f.key), f, item=ws.items(spec.path)[index])
        ws.reviewed((*spec.path, index))

    def remove(self, spec: ListSpec, index: int, *, ask: bool = True) -> None:
        """Remove an item, and untie what refers to it (saying so first)."""
        ws = self.ws
        item = ws.items(spec.path)[index]
        target = list_at(spec.path)
        ident = self.ident(spec, index)
        ties = _ties(ws.data, target, ident) if target and ident else ""
        question = f"  Remove {spec.noun} {self.line(spec, item)!r}"
        question += f" ({ties})?" if ties else "?"
        # A word goes at once (it is quickly typed again); an item, or a word others refer
        # to (a site), only after a yes.
        if ask and (ties or not spec.words) and not ws.confirm(question, False):
            return
        if target and ident:
            untie(ws.doc, target, ident)  # other lists only: the item keeps its place
        ws.doc.delete((*spec.path, index))
        ws.save()

    def ident(self, spec: ListSpec, index: int) -> str | None:
        listed = self.ws.items(spec.path)
        if list_at(spec.path) is SITES:
            return site_ids(listed)[index]
        item = listed[index]
        return str(item["id"]) if isinstance(item, dict) and item.get("id") else None

    def rename(self, spec: ListSpec, index: int, new: str) -> None:
        """Give an item a new id, and every reference to it (as `cxplan rename` does)."""
        ws = self.ws
        target = self.target(spec)
        old = self.ident(spec, index)
        if target is None or old is None:
            raise CommandError(f"these {spec.plural} have no ids")
        new = IDENT.parse(new)
        if new != old and new in {self.ident(spec, i) for i in range(len(ws.items(spec.path)))}:
            raise CommandError(f"another {spec.noun} already has the id {new!r}")
        if new == old:
            return
        changed = rename(ws.doc, target, old, new)
        ws.save()
        ws.say(
            f"  {old} is now {new}"
            + (f"; {count(changed, 'reference')} follow." if changed else ".")
        )

    def keep(self, spec: ListSpec) -> None:
        """The team keeps the starter items of a list as they are: they are theirs now."""
        waiting = self.unreviewed(spec)
        for index in waiting:
            self.ws.doc.delete((*spec.path, index, "reviewed"))
        self.ws.save()
        if waiting:
            self.ws.say(f"  Kept {count(len(waiting), 'starter ' + spec.noun)}: yours now.")


def _mark(item: Any) -> Any:
    return item.get("reviewed") if isinstance(item, dict) else None


def _ties(data: Any, target: ListOf, ident: str) -> str:
    """What goes or is untied with an item, for the question before it is removed."""
    parts = []
    for ref, n in tied(data, target, ident).items():
        noun = count(n, ref.holder.noun)
        if ref.on_delete == "cascade":
            parts.append(f"its {noun} go{'es' if n == 1 else ''} too")
        else:
            parts.append(f"{noun} {'is' if n == 1 else 'are'} untied from it")
    return "; ".join(parts)


def _index(args: list[str], shown: Sequence[Any]) -> int:
    if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= len(shown):
        raise CommandError(
            f"give a number from 1 to {len(shown)}" if shown else "the list is empty"
        )
    return int(args[0]) - 1


def _move_args(args: list[str], shown: Sequence[Any]) -> tuple[int, int]:
    if len(args) != 2:
        raise CommandError("give two numbers: m FROM TO")
    return _index(args[:1], shown), _index(args[1:], shown)


def word_list(path: Path_, noun: str, *, help: str = "", ids: bool = False) -> ListSpec:
    """A list of short texts (``ids``: whose ids, made from them, others refer to)."""
    from cxplan.plan.codecs import WORDS

    return ListSpec(
        path,
        noun,
        [Field(str(path[-1]), noun, WORDS)],
        id_prefix="" if ids else None,
        words=True,
        help=help,
    )


__all__ = ["KEEP", "ListEditor", "ListSpec", "word_list"]
