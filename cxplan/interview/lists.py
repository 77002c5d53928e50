"""The one list editor: list, add, edit, remove, move, rename and keep, for words and for items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from cxplan.i18n import Language, _, _n
from cxplan.interview.answers import KEEP, sync_list
from cxplan.interview.asker import NO_ANSWER
from cxplan.interview.fields import CLEAR, PAGE, Field, cap, parse, wrap
from cxplan.plan.codecs import IDENT, ValueProblem
from cxplan.plan.ids import new_id, site_ids
from cxplan.plan.references import SITES, ListOf, list_at, rename, tied, untie

if TYPE_CHECKING:
    from cxplan.interview.session import Workshop

Path_ = tuple[str | int, ...]


class CommandError(ValueError):
    """A list command that cannot be done; the message says what can."""


@dataclass(frozen=True)
class Noun:
    """How the workshop names a list's items: English texts, marked, shown translated."""

    one: str  # _("touchpoint")
    many: str  # _("touchpoints"), the list's title
    a: str  # _("a touchpoint"), what is added ("Add a touchpoint now?")
    counted: tuple[str, str]  # _n("{count} touchpoint", "{count} touchpoints")
    starter: tuple[str, str] = ("{count} starter item", "{count} starter items")


# The list editor's commands: each text's first word is the letter typed, in every language.
ADD = _("a add")
EDIT = _("e N edit")
REMOVE = _("r N remove")
MOVE = _("m N M move")
LIST = _("l list")
NEW_ID = _("i N NEW new id")
KEEP_ALL = _("k keep the {starters} as they are")
COMMANDS = (ADD, EDIT, REMOVE, MOVE, LIST)
REFERENCES = _n("{count} reference", "{count} references")


def letter(lang: Language, command: str) -> str:
    """The letter that types ``command`` in ``lang`` ("a" for add; "h" for hinzufügen)."""
    return lang.tr(command).split()[0].lower()


@dataclass
class ListSpec:
    """A list of the plan that the team can list, add to, edit, remove from and reorder.

    A list of ``words`` holds short texts (its one field reads them); otherwise it holds
    items, asked field by field, the first field naming a new item.
    """

    path: Path_
    noun: Noun
    fields: list[Field]
    model: type[BaseModel] | None = None
    summary: Callable[[Any], str] = str
    id_prefix: str | None = ""  # None: items have no id; "": an id from the first answer
    fallback: str = "item"  # ids for names with no Latin form: tp-1, tp-2...
    keep: Callable[[Any], bool] = lambda item: True  # which items this view shows
    preset: dict[str, Any] = field(default_factory=dict)  # fields set on every new item
    title: str = ""  # the list's title, translated: "Standards for the touchpoint 'Greeting'"
    words: bool = False
    help: str = ""

    @property
    def plural(self) -> str:
        """The items, in English (the answers file's messages)."""
        return self.noun.many

    def named(self, lang: Language) -> str:
        """``standards for the touchpoint 'Greeting in store'``."""
        return self.title or lang.tr(self.noun.many)

    def new_id(self, text: str, taken: set[str], language: str | None = None) -> str:
        prefix = self.id_prefix or ""
        return new_id(text, taken, prefix=prefix, fallback=self.fallback, language=language)


class ListEditor:
    """Edits the lists of one workshop session (words and items alike)."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws

    def edit(self, spec: ListSpec) -> None:
        """Let the team work on one list, or make it match the answers file."""
        ws, tr = self.ws, self.ws.lang.tr
        scripted = ws.ask.answer_for(spec.path)
        if scripted is not NO_ANSWER:
            sync_list(ws, spec, scripted)
            return
        if not ws.ask.interactive:
            return
        if spec.help:
            ws.say(wrap(tr(spec.help), "  "))
        if not self.shown(spec) and (
            spec.words or ws.confirm("  " + tr("Add {item} now?", item=tr(spec.noun.a)), True)
        ):
            self.add(spec)
        while True:
            self.show(spec, PAGE)
            raw = ws.ask.prompt(self.choices(spec), "")
            command = raw.split()
            if not command:
                return
            try:
                self.command(spec, command)
            except CommandError as err:
                ws.say(f"  {err}.")
            except ValueProblem as problem:
                ws.say(f"  {problem.said(ws.lang)}.")

    def shown(self, spec: ListSpec) -> list[tuple[int, Any]]:
        """(position in the plan's list, item) of the items this view shows."""
        return [(i, item) for i, item in enumerate(self.ws.items(spec.path)) if spec.keep(item)]

    def unreviewed(self, spec: ListSpec) -> list[int]:
        return [i for i, item in self.shown(spec) if _mark(item) is False]

    def show(self, spec: ListSpec, limit: int | None) -> None:
        shown, lang = self.shown(spec), self.ws.lang
        self.ws.say(f"  {cap(spec.named(lang))} ({lang.number(len(shown))}):")
        for number, (_at, item) in enumerate(shown[:limit], start=1):
            self.ws.say(wrap(f"{number}. {self.line(spec, item)}", "    "))
        if limit is not None and len(shown) > limit:
            more = lang.tr(
                "... and {count} more ({letter} lists them all)",
                count=len(shown) - limit,
                letter=letter(lang, LIST),
            )
            self.ws.say(f"    {more}")

    def line(self, spec: ListSpec, item: Any) -> str:
        text = spec.summary(item) if not (spec.words and isinstance(item, dict)) else item["name"]
        starter = " (" + self.ws.lang.tr("starter") + ")"
        return text + (starter if _mark(item) is False else "")

    def choices(self, spec: ListSpec) -> str:
        lang = self.ws.lang
        parts = [lang.tr(c) for c in COMMANDS]
        if self.target(spec) is not None:
            parts.append(lang.tr(NEW_ID))
        waiting = self.unreviewed(spec)
        if waiting:
            parts.append(lang.tr(KEEP_ALL, starters=lang.trn(*spec.noun.starter, len(waiting))))
        return "  " + lang.tr(
            "Enter to go on; {commands} ({list})", commands=", ".join(parts), list=spec.named(lang)
        )

    def target(self, spec: ListSpec) -> ListOf | None:
        """The list as the reference table knows it, when its items have ids."""
        return list_at(spec.path) if spec.id_prefix is not None else None

    def command(self, spec: ListSpec, command: list[str]) -> None:
        shown, lang = self.shown(spec), self.ws.lang
        tr = lang.tr
        verb, args = command[0].lower(), command[1:]
        if verb == letter(lang, ADD):
            self.add(spec)
        elif verb == letter(lang, LIST):
            self.show(spec, None)
        elif verb == letter(lang, EDIT):
            self.edit_item(spec, shown[_index(args, shown, lang)][0])
        elif verb == letter(lang, REMOVE):
            self.remove(spec, shown[_index(args, shown, lang)][0])
        elif verb == letter(lang, MOVE):
            source, target = _move_args(args, shown, lang)
            self.ws.doc.move(spec.path, shown[source][0], shown[target][0])
            self.ws.save()
        elif verb == letter(lang, NEW_ID) and self.target(spec) is not None:
            if len(args) != 2:
                usage = " ".join(tr(NEW_ID).split()[:3])
                raise CommandError(tr("give the number and the new id: {usage}", usage=usage))
            self.rename(spec, shown[_index(args[:1], shown, lang)][0], args[1])
        elif verb == letter(lang, KEEP_ALL) and self.unreviewed(spec):
            self.keep(spec)
        else:
            usages = [
                " ".join(tr(c).split()[: 1 + c.count(" N") + c.count(" M")]) for c in COMMANDS
            ]
            if self.target(spec):
                usages.append(" ".join(tr(NEW_ID).split()[:3]))
            if self.unreviewed(spec):
                usages.append(letter(lang, KEEP_ALL))
            raise CommandError(
                tr(
                    "{command}: type {words}, or Enter to go on",
                    command=repr(" ".join(command)),
                    words=", ".join(usages),
                )
            )

    # ------------------------------------------------------------------ the commands

    def add(self, spec: ListSpec, preset: dict[str, Any] | None = None) -> int | None:
        """Ask for new items (words: until Enter); the plan holds each from its first answer."""
        ws, tr = self.ws, self.ws.lang.tr
        if spec.words:
            while True:
                question = cap(tr("Add {item} (Enter when done)", item=tr(spec.noun.a)))
                value = ws.ask.prompt(f"  {question}", "").strip()
                if not value:
                    return None
                ws.doc.append(spec.path, value)
                ws.save()
        first = spec.fields[0]
        while True:
            question = tr(
                "New {item}: {question} (Enter to cancel)",
                item=tr(spec.noun.one),
                question=first.prompt(ws.lang),
            )
            raw = ws.ask.prompt(f"  {question}", "")
            if not raw.strip():
                return None
            try:
                value = parse(first, raw, ws.options(first), typed=True, lang=ws.lang)
                break
            except ValueProblem as problem:
                ws.say(f"  {problem.said(ws.lang)}.")
        item: dict[str, Any] = {}
        if spec.id_prefix is not None:
            taken = {str(i.get("id")) for i in ws.items(spec.path)}
            item["id"] = spec.new_id(str(value), taken, ws.lang.tag)
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
            new = ws.ask.prompt(f"  {cap(ws.lang.tr(spec.noun.one))}", name).strip()
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
        ws, tr = self.ws, self.ws.lang.tr
        item = ws.items(spec.path)[index]
        target = list_at(spec.path)
        ident = self.ident(spec, index)
        ties = _ties(ws.data, target, ident, ws.lang) if target and ident else ""
        what = {"item": tr(spec.noun.one), "name": repr(self.line(spec, item))}
        question = "  " + (
            tr("Remove {item} {name} ({ties})?", ties=ties, **what)
            if ties
            else tr("Remove {item} {name}?", **what)
        )
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
        ws, lang = self.ws, self.ws.lang
        target = self.target(spec)
        old = self.ident(spec, index)
        if target is None or old is None:
            raise CommandError(lang.tr("these {items} have no ids", items=lang.tr(spec.noun.many)))
        new = IDENT.parse(new)
        if new != old and new in {self.ident(spec, i) for i in range(len(ws.items(spec.path)))}:
            raise CommandError(lang.tr("another item already has the id {id}", id=repr(new)))
        if new == old:
            return
        changed = rename(ws.doc, target, old, new)
        ws.save()
        if changed:
            said = lang.tr(
                "{old} is now {new}; {references} follow.",
                old=old,
                new=new,
                references=lang.trn(*REFERENCES, changed),
            )
        else:
            said = lang.tr("{old} is now {new}.", old=old, new=new)
        ws.say(f"  {said}")

    def keep(self, spec: ListSpec) -> None:
        """The team keeps the starter items of a list as they are: they are theirs now."""
        waiting = self.unreviewed(spec)
        for index in waiting:
            self.ws.doc.delete((*spec.path, index, "reviewed"))
        self.ws.save()
        if waiting:
            lang = self.ws.lang
            kept = lang.trn(*spec.noun.starter, len(waiting))
            self.ws.say("  " + lang.tr("Kept {starters}: yours now.", starters=kept))


def _mark(item: Any) -> Any:
    return item.get("reviewed") if isinstance(item, dict) else None


# What goes or is untied with an item, by the kind of item that refers to it.
HOLDERS = {
    "touchpoint": _n("{count} touchpoint", "{count} touchpoints"),
    "standard": _n("{count} standard", "{count} standards"),
    "measure": _n("{count} measure", "{count} measures"),
    "action": _n("{count} action", "{count} actions"),
    "improvement action": _n("{count} action", "{count} actions"),
    "customer segment": _n("{count} customer segment", "{count} customer segments"),
    "location": _n("{count} location", "{count} locations"),
}


def _ties(data: Any, target: ListOf, ident: str, lang: Language) -> str:
    """What goes or is untied with an item, for the question before it is removed."""
    parts = []
    for ref, n in tied(data, target, ident).items():
        pair = HOLDERS.get(ref.holder.noun, ("{count} item", "{count} items"))
        items = lang.trn(*pair, n)
        if ref.on_delete == "cascade":
            parts.append(lang.trn("its {items} goes too", "its {items} go too", n, items=items))
        else:
            parts.append(
                lang.trn("{items} is untied from it", "{items} are untied from it", n, items=items)
            )
    return "; ".join(parts)


def _index(args: list[str], shown: Sequence[Any], lang: Language) -> int:
    if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= len(shown):
        raise CommandError(
            lang.tr("give a number from 1 to {last}", last=len(shown))
            if shown
            else lang.tr("the list is empty")
        )
    return int(args[0]) - 1


def _move_args(args: list[str], shown: Sequence[Any], lang: Language) -> tuple[int, int]:
    if len(args) != 2:
        raise CommandError(lang.tr("give two numbers: {letter} FROM TO", letter=letter(lang, MOVE)))
    return _index(args[:1], shown, lang), _index(args[1:], shown, lang)


def word_list(path: Path_, noun: Noun, *, help: str = "", ids: bool = False) -> ListSpec:
    """A list of short texts (``ids``: whose ids, made from them, others refer to)."""
    from cxplan.plan.codecs import WORDS

    return ListSpec(
        path,
        noun,
        [Field(str(path[-1]), noun.one, WORDS)],
        id_prefix="" if ids else None,
        words=True,
        help=help,
    )


__all__ = ["KEEP", "ListEditor", "ListSpec", "Noun", "word_list"]
