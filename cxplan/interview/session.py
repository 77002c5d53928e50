"""`cxplan workshop`: the guided walk through the seven steps, saving after every answer."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cxplan.errors import InputError, Interrupted, Line, Location, Problem, field_name
from cxplan.interview.asker import NO_ANSWER, Asker, Stop
from cxplan.library import Library, find, render_text, standard_ids
from cxplan.method.rules import STARTER_LISTS, smart_gaps, vague_term
from cxplan.method.status import step_status
from cxplan.method.steps import STEPS, Step
from cxplan.plan.edit import PlanEditor
from cxplan.plan.ids import slug
from cxplan.plan.model import (
    CHANNELS,
    FEEDBACK_KINDS,
    FREQUENCIES,
    Action,
    ActionSource,
    ActionStatus,
    Commitment,
    Customer,
    Measure,
    MeasureKind,
    Method,
    Plan,
    Stage,
    Standard,
    Touchpoint,
    filled,
)
from cxplan.plan.references import ListOf, list_at, tied, untie

Path_ = tuple[str | int, ...]
PAGE = 15  # list at most this many items before "... and N more"
CLEAR = "-"  # typed alone, clears a field
NEXT, QUIT = 0, -1  # after a step: go on to the next one, or stop the walk
KEEP = "keep"  # an answers file's answer for a list: keep its starter items as they are

NPS_QUESTION = (
    "How likely are you to recommend {client} to a friend or colleague? "
    "(0 = not at all likely, 10 = extremely likely)"
)
CSAT_QUESTION = (
    "How satisfied were you with {touchpoint} at {client}? "
    "(1 = very dissatisfied, 5 = very satisfied)"
)
CES_QUESTION = (
    "How easy did {client} make it for you to get what you needed ({touchpoint})? "
    "(1 = very difficult, 7 = very easy)"
)
COMPLIANCE_QUESTION = "Share of checklist items met (Yes ÷ (Yes + No))"


class AnswerError(ValueError):
    """An answer that does not fit its question; the message says what would."""


@dataclass(frozen=True)
class Field:
    """One question about one field of the plan."""

    key: str
    label: str
    kind: str = "text"  # text, choice, rating, bool, date, number, list, refs, ref
    choices: tuple[str, ...] = ()
    help: str = ""
    suggest: Callable[[dict[str, Any]], Any] | None = None


@dataclass
class ItemList:
    """A list of items in the plan that the team can list, add to, edit, remove and reorder."""

    path: Path_
    noun: str
    model: type[BaseModel]
    fields: list[Field]
    summary: Callable[[dict[str, Any]], str]
    id_prefix: str | None = ""  # None: items have no id; "": id from the first answer
    keep: Callable[[dict[str, Any]], bool] = lambda item: True  # which items this view shows
    preset: dict[str, Any] = field(default_factory=dict)  # fields set on every new item


def _yes(raw: str) -> bool:
    word = raw.strip().lower()
    if word in ("y", "yes", "true", "1", "j", "ja", "oui", "si", "sí"):
        return True
    if word in ("n", "no", "false", "0", "nein", "non"):
        return False
    raise AnswerError("answer yes or no")


def _choice(raw: str, choices: Sequence[str]) -> str:
    word = " ".join(raw.split()).lower()
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    if word in choices:
        return word
    starts = [c for c in choices if c.startswith(word)] if word else []
    if len(starts) == 1:
        return starts[0]
    raise AnswerError(f"{raw.strip()!r} is not one of: {', '.join(choices)}")


def parse_answer(spec: Field, raw: Any, refs: dict[str, str] | None = None) -> Any:
    """The typed value of an answer (typed text, or a value from an answers file)."""
    if raw is None:
        return None
    kind = spec.kind
    if kind == "list":
        if isinstance(raw, list):
            return [str(v) for v in raw if v is not None and str(v).strip()]
        return [part.strip() for part in re.split(r"[;\n]", str(raw)) if part.strip()]
    if kind in ("refs", "ref"):
        options = refs or {}
        words = raw if isinstance(raw, list) else re.split(r"[;,]", str(raw))
        out = []
        for word in (str(w).strip() for w in words):
            if not word:
                continue
            found = options.get(word) or options.get(word.lower())
            if found is None:
                known = ", ".join(sorted(set(options.values()))) or "none yet"
                raise AnswerError(f"no {spec.label.lower()} {word!r}; known ids: {known}")
            if found not in out:
                out.append(found)
        if kind == "ref":
            if len(out) > 1:
                raise AnswerError("give one id")
            return out[0] if out else None
        return out
    if kind == "bool":
        return raw if isinstance(raw, bool) else _yes(str(raw))
    if kind == "rating":
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise AnswerError("give a whole number from 1 to 5") from None
        if not 1 <= value <= 5:
            raise AnswerError("give a whole number from 1 to 5")
        return value
    if kind == "number":
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return raw
        text = str(raw).strip().rstrip("%").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise AnswerError("give a number, e.g. 41 or 72.5") from None
        return int(number) if number.is_integer() else number
    if kind == "date":
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise AnswerError("give a date as YYYY-MM-DD, e.g. 2027-01-31") from None
    if kind == "choice":
        return _choice(str(raw), spec.choices)
    text = str(raw)
    return text.strip() if isinstance(raw, str) else text


def show(spec: Field, value: Any) -> str:
    """A field's value as the default shown in a prompt (parse_answer reads it back)."""
    if value is None:
        return ""
    if spec.kind == "bool":
        return "yes" if value else "no"
    if spec.kind in ("list", "refs"):
        return "; ".join(str(v) for v in value)
    if spec.kind == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.wrap(text, width=88, initial_indent=indent, subsequent_indent=indent))


@dataclass
class Outcome:
    """How a workshop session ended."""

    steps_run: list[int]
    complete: bool


class Workshop:
    """Leads a team through the seven steps; every answer lands in the plan file at once."""

    def __init__(self, doc: PlanEditor, asker: Asker, *, answers_file: Path | None = None):
        self.doc = doc
        self.ask = asker
        self.answers_file = answers_file
        self.answers_source: Any = None
        self.library: Library | None = find(self.get(("client", "industry")))

    # ------------------------------------------------------------------ plan access

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.doc.data
        return data

    def get(self, path: Path_, default: Any = None) -> Any:
        return self.doc.get(path, default)

    def items(self, path: Path_) -> list[Any]:
        value = self.get(path)
        return value if isinstance(value, list) else []

    def client(self) -> str:
        return str(self.get(("client", "name")) or "")

    def plan(self) -> Plan:
        return self.doc.plan()

    def save(self) -> None:
        self.doc.save()

    def set(self, path: Path_, value: Any) -> None:
        """Set a field and save the plan at once (nothing happens when it is unchanged)."""
        if value is None and self.get(path) is None:
            return
        self.doc.set(path, value)
        self.save()

    # ------------------------------------------------------------------ asking

    def _fail(self, key: Path_, message: str) -> None:
        name = str(self.answers_file or "answers")
        where: Location = Location(name)
        if self.answers_source is not None:
            where = Line(name, self.answers_source.line_of(key))
        raise InputError(
            [Problem(message, where, field_name(key))],
            hint="The answers before this one are saved in the plan.",
        )

    def field(self, path: Path_, spec: Field, *, item: dict[str, Any] | None = None) -> None:
        """Ask one question; apply the answer (validated) and save."""
        refs = self._refs(spec)
        current = self.get(path)
        scripted = self.ask.answer_for(path)
        if scripted is not NO_ANSWER:
            try:
                value = parse_answer(spec, scripted, refs)
            except AnswerError as err:
                self._fail(path, str(err))
            self._check_and_set(path, spec, value, item, scripted=True)
            return
        default = current
        if not filled(current) and spec.suggest is not None:
            default = spec.suggest(item or {})
        if not self.ask.interactive:
            if not filled(current) and filled(default):
                self.set(path, default)
            return
        if spec.help:
            self.ask.say(_wrap(spec.help, "  "))
        while True:
            shown = show(spec, default)
            raw = self.ask.prompt(spec.label, shown)
            if raw == shown:
                value = default
            elif raw.strip() == CLEAR:
                value = [] if spec.kind in ("list", "refs") else None
            else:
                try:
                    value = parse_answer(spec, raw, refs)
                except AnswerError as err:
                    self.ask.say(f"  {err}.")
                    continue
            if self._check_and_set(path, spec, value, item, scripted=False):
                return

    def _check_and_set(
        self,
        path: Path_,
        spec: Field,
        value: Any,
        item: dict[str, Any] | None,
        *,
        scripted: bool,
    ) -> bool:
        """Validate a value in its place in the plan; set it, or explain why not."""
        message = self._invalid(path, value)
        if message:
            if scripted:
                self._fail(path, message)
            self.ask.say(f"  {message}.")
            return False
        self.set(path, value)
        return True

    def _invalid(self, path: Path_, value: Any) -> str | None:
        # Validate the smallest model around the field: the item or section it belongs to.
        from cxplan.plan.model import model_for_path

        parent_path = path[:-1]
        model = model_for_path(parent_path)
        if model is None:
            return None
        candidate = dict(self.get(parent_path) or {})
        candidate[str(path[-1])] = value
        try:
            model.model_validate(candidate)
        except ValidationError as err:
            for e in err.errors(include_url=False):
                if e["loc"] and e["loc"][0] == path[-1]:
                    return str(e["msg"]).replace("Input should be", "it should be")
        return None

    def _refs(self, spec: Field) -> dict[str, str]:
        if spec.kind not in ("refs", "ref"):
            return {}
        section = "customers" if spec.key == "customers" else "touchpoints"
        out: dict[str, str] = {}
        for i, item in enumerate(self.items((section,)), start=1):
            ident = str(item.get("id"))
            out[ident] = ident
            out[str(i)] = ident
            if item.get("name"):
                out[str(item["name"]).lower()] = ident
        return out

    def confirm(self, question: str, default: bool = True) -> bool:
        return self.ask.confirm(question, default) if self.ask.interactive else default

    def reviewed(self, path: Path_) -> None:
        """The team kept or edited the item at ``path``: it is theirs, no longer starter content."""
        if self.get((*path, "reviewed")) is False:
            self.doc.delete((*path, "reviewed"))
            self.save()

    def starter_mark(self) -> dict[str, Any]:
        """What a suggestion taken without asking carries: the library's until reviewed."""
        return {} if self.ask.interactive else {"reviewed": False}

    # ------------------------------------------------------------------ lists of words

    def words(self, path: Path_, noun: str, *, help: str = "") -> None:
        """Edit a list of short texts: list, add, edit, remove, reorder."""
        scripted = self.ask.answer_for(path)
        if scripted is not NO_ANSWER:
            spec = Field(str(path[-1]), noun, "list")
            self.set(path, parse_answer(spec, scripted))
            return
        if not self.ask.interactive:
            return
        if help:
            self.ask.say(_wrap(help, "  "))
        if not self.items(path):
            self._add_words(path, noun)
        while True:
            values = self.items(path)
            self.ask.say(f"  {noun.capitalize()}s ({len(values)}):")
            for i, value in enumerate(values[:PAGE], start=1):
                self.ask.say(f"    {i}. {value}")
            if len(values) > PAGE:
                self.ask.say(f"    ... and {len(values) - PAGE} more")
            raw = self.ask.prompt(
                f"  Enter to go on; a add, e N edit, r N remove, m N M move ({noun}s)", ""
            )
            command = raw.split()
            if not command:
                return
            try:
                self._word_command(path, noun, command)
            except AnswerError as err:
                self.ask.say(f"  {err}.")

    def _add_words(self, path: Path_, noun: str) -> None:
        while True:
            value = self.ask.prompt(f"  Add {_a(noun)} (Enter when done)", "").strip()
            if not value:
                return
            self.doc.append(path, value)
            self.save()

    def _word_command(self, path: Path_, noun: str, command: list[str]) -> None:
        values = self.items(path)
        verb, args = command[0].lower(), command[1:]
        if verb == "a":
            self._add_words(path, noun)
        elif verb == "e":
            i = _index(args, values)
            new = self.ask.prompt(f"  {noun.capitalize()} {i + 1}", values[i]).strip()
            if new == CLEAR:
                self.doc.delete((*path, i))
            elif new:
                self.doc.set((*path, i), new)
            self.save()
        elif verb == "r":
            i = _index(args, values)
            self.doc.delete((*path, i))
            self.save()
        elif verb == "m":
            source, target = _move_args(args, values)
            self.doc.move(path, source, target)
            self.save()
        else:
            raise AnswerError(f"{' '.join(command)!r}: type a, e N, r N or m N M")

    # ------------------------------------------------------------------ lists of items

    def item_list(self, spec: ItemList) -> None:
        """List, add, edit, remove and reorder the items of one list of the plan."""
        scripted = self.ask.answer_for(spec.path)
        if scripted is not NO_ANSWER:
            self._apply_items(spec, scripted)
            return
        if not self.ask.interactive:
            return
        if not self._shown(spec) and self.confirm(f"  Add {_a(spec.noun)} now?", True):
            self.add_item(spec)
        while True:
            shown = self._shown(spec)
            self.ask.say(f"  {spec.noun.capitalize()}s ({len(shown)}):")
            for number, (_, item) in enumerate(shown[:PAGE], start=1):
                self.ask.say(_wrap(f"{number}. {spec.summary(item)}", "    "))
            if len(shown) > PAGE:
                self.ask.say(f"    ... and {len(shown) - PAGE} more (l to list them all)")
            waiting = self._unreviewed(spec)
            keep = f"; k keep the {_count(len(waiting), 'starter ' + spec.noun)} as they are"
            raw = self.ask.prompt(
                f"  Enter to go on; a add, e N edit, r N remove, m N M move, l list"
                f"{keep if waiting else ''} ({spec.noun}s)",
                "",
            )
            command = raw.split()
            if not command:
                return
            try:
                self._item_command(spec, command)
            except AnswerError as err:
                self.ask.say(f"  {err}.")

    def _shown(self, spec: ItemList) -> list[tuple[int, dict[str, Any]]]:
        return [(i, item) for i, item in enumerate(self.items(spec.path)) if spec.keep(item)]

    def _unreviewed(self, spec: ItemList) -> list[int]:
        return [i for i, item in self._shown(spec) if item.get("reviewed") is False]

    def keep_starter(self, spec: ItemList) -> None:
        """The team keeps the starter items of a list as they are."""
        waiting = self._unreviewed(spec)
        for index in waiting:
            self.doc.delete((*spec.path, index, "reviewed"))
        self.save()
        if waiting:
            self.ask.say(
                f"  Kept {_count(len(waiting), 'starter ' + spec.noun)}: they are yours now."
            )

    def _item_command(self, spec: ItemList, command: list[str]) -> None:
        shown = self._shown(spec)
        verb, args = command[0].lower(), command[1:]
        if verb == "a":
            self.add_item(spec)
        elif verb == "l":
            for number, (_, item) in enumerate(shown, start=1):
                self.ask.say(_wrap(f"{number}. {spec.summary(item)}", "    "))
        elif verb == "e":
            index = shown[_index(args, shown)][0]
            self.edit_item(spec, index)
        elif verb == "r":
            index = shown[_index(args, shown)][0]
            self.remove_item(spec, index)
        elif verb == "m":
            source, target = _move_args(args, shown)
            self.doc.move(spec.path, shown[source][0], shown[target][0])
            self.save()
        elif verb == "k" and self._unreviewed(spec):
            self.keep_starter(spec)
        else:
            keep = ", k" if self._unreviewed(spec) else ""
            raise AnswerError(f"{' '.join(command)!r}: type a, e N, r N, m N M, l{keep}")

    def add_item(self, spec: ItemList, preset: dict[str, Any] | None = None) -> int | None:
        """Ask for a new item, field by field; it is in the plan from the first answer on."""
        first = spec.fields[0]
        raw = self.ask.prompt(f"  New {spec.noun}: {first.label} (Enter to cancel)", "")
        if not raw.strip():
            return None
        try:
            value = parse_answer(first, raw, self._refs(first))
        except AnswerError as err:
            self.ask.say(f"  {err}.")
            return None
        item: dict[str, Any] = {}
        if spec.id_prefix is not None:
            item["id"] = self.new_id(spec, str(value))
        item[first.key] = value
        item.update(spec.preset)
        item.update(preset or {})
        self.doc.append(spec.path, item)
        self.save()
        index = len(self.items(spec.path)) - 1
        for other in spec.fields[1:]:
            self.field((*spec.path, index, other.key), other, item=self.items(spec.path)[index])
        return index

    def edit_item(self, spec: ItemList, index: int) -> None:
        for f in spec.fields:
            self.field((*spec.path, index, f.key), f, item=self.items(spec.path)[index])
        self.reviewed((*spec.path, index))

    def new_id(self, spec: ItemList, text: str) -> str:
        taken = {str(item.get("id")) for item in self.items(spec.path)}
        base = f"{spec.id_prefix}{slug(text)}"[:60].strip("-") or "item"
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        return ident

    def remove_item(self, spec: ItemList, index: int) -> None:
        item = self.items(spec.path)[index]
        ident = item.get("id")
        target = list_at(spec.path)
        tied = _tied(self.data, target, str(ident)) if target and ident else ""
        question = f"  Remove {spec.noun} {spec.summary(item)!r}"
        question += f" ({tied})?" if tied else "?"
        if not self.confirm(question, False):
            return
        if target and ident:
            untie(self.doc, target, str(ident))
        position = next(i for i, it in enumerate(self.items(spec.path)) if it is item)
        self.doc.delete((*spec.path, position))
        self.save()

    def _apply_items(self, spec: ItemList, answers: Any) -> None:
        """Make a list match the answers file: update by id, add, remove, reorder; ``keep``
        keeps the starter items as they are (the team reviewed them)."""
        if isinstance(answers, str) and answers.strip().lower() == KEEP:
            self.keep_starter(spec)
            return
        if not isinstance(answers, list):
            self._fail(
                spec.path, f"expected a list of {spec.noun}s, or {KEEP!r} to keep the starter ones"
            )
        current = [item for item in self.items(spec.path) if spec.keep(item)]
        wanted: list[dict[str, Any]] = []
        for n, raw in enumerate(answers):
            if not isinstance(raw, dict):
                self._fail((*spec.path, n), "expected a set of fields (key: value)")
            item = {**spec.preset, **{k: v for k, v in raw.items()}}
            if spec.id_prefix is not None and not item.get("id"):
                first = item.get(spec.fields[0].key)
                item["id"] = self.new_id(spec, str(first or spec.noun))
            for f in spec.fields:
                if f.key in item:
                    try:
                        item[f.key] = parse_answer(f, item[f.key], self._refs(f))
                    except AnswerError as err:
                        self._fail((*spec.path, n, f.key), str(err))
            try:
                spec.model.model_validate(item)
            except ValidationError as err:
                e = err.errors(include_url=False)[0]
                self._fail((*spec.path, n, *e["loc"]), str(e["msg"]))
            wanted.append(item)
        if spec.id_prefix is None:
            for i in reversed(range(len(current))):
                self.doc.delete((*spec.path, i))
            for item in wanted:
                self.doc.append(spec.path, item)
            self.save()
            return
        by_id = {str(item.get("id")): item for item in wanted}
        for item in current:
            if str(item.get("id")) not in by_id:
                position = self.items(spec.path).index(item)
                target = list_at(spec.path)
                if target is not None:
                    untie(self.doc, target, str(item.get("id")))
                self.doc.delete((*spec.path, position))
        for item in wanted:
            ids = [str(i.get("id")) for i in self.items(spec.path)]
            if str(item["id"]) in ids:
                position = ids.index(str(item["id"]))
                merged = {**self.items(spec.path)[position], **item}
                if "reviewed" not in item:  # named in the answers: the team's now
                    merged.pop("reviewed", None)
                self.doc.set((*spec.path, position), merged)
            else:
                self.doc.append(spec.path, item)
        # Order the items as the answers list them (items outside this view stay put).
        order = [str(item["id"]) for item in wanted]
        slots = [i for i, it in enumerate(self.items(spec.path)) if str(it.get("id")) in by_id]
        for slot, ident in zip(slots, order, strict=True):
            ids = [str(i.get("id")) for i in self.items(spec.path)]
            here = ids.index(ident)
            if here != slot:
                self.doc.move(spec.path, here, slot)
        self.save()

    # ------------------------------------------------------------------ the walk

    def run(self, start: int | None = None) -> Outcome:
        """Walk the steps from ``start`` (default: the first that is not done) to step 7."""
        plan = self.plan()
        states = [step_status(plan, s) for s in STEPS]
        self.ask.say(f"{self.client()}: CX strategy workshop ({self.doc.path})")
        self.ask.say(
            _wrap(
                "Every answer is saved as soon as it is given. Press Enter to keep the answer "
                f"in [brackets], type {CLEAR} to clear it; Ctrl-C stops (nothing is lost)."
            )
        )
        done = [str(s.step.number) for s in states if s.done]
        self.ask.say(f"Steps done: {', '.join(done) if done else 'none yet'}.")
        waiting = []
        for number, section, noun in STARTER_LISTS:
            count = sum(1 for item in getattr(plan, section) if not item.reviewed)
            if count:
                waiting.append(f"{_count(count, 'starter ' + noun)} (step {number})")
        if waiting:
            self.ask.say(
                _wrap(f"To review: {', '.join(waiting)}; keep, edit or remove them in their step.")
            )
        if start is None:
            first = next((s.step.number for s in states if not s.done), None)
            if first is None:
                self.ask.say("All seven steps are done.")
                if not self.ask.interactive:
                    return Outcome([], True)
                raw = self.ask.prompt("Revisit a step? (1-7, Enter to finish)", "")
                if not raw.strip():
                    return Outcome([], True)
                try:
                    first = int(raw)
                except ValueError:
                    first = 0
                if not 1 <= first <= 7:
                    self.ask.say("There are seven steps, 1 to 7.")
                    return Outcome([], True)
                return self._walk(first, only=True)
            return self._walk(first, only=False)
        return self._walk(start, only=True)

    def _walk(self, first: int, *, only: bool) -> Outcome:
        runs: list[int] = []
        number = first
        try:
            while number <= 7:
                step = STEPS[number - 1]
                self.run_step(step)
                runs.append(number)
                choice = self.finish_step(step)
                if choice == QUIT:
                    break
                if choice != NEXT:  # this step again, or an earlier one first
                    number = choice
                    continue
                if only and number < 7:
                    nxt = STEPS[number]
                    go_on = self.ask.interactive and self.ask.confirm(
                        f"Go on to step {nxt.number} ({nxt.title})?", False
                    )
                    if not go_on:
                        break
                number += 1
        except Stop:
            raise Interrupted(
                f"stopped at step {number}; every answer given so far is saved in {self.doc.path}",
                hint=f"Run `cxplan workshop {self.doc.path}` to carry on where you left off.",
            ) from None
        plan = self.plan()
        complete = all(step_status(plan, s).done for s in STEPS)
        self.ask.say("")
        if complete:
            self.ask.say("All seven steps are done. Build the deliverables with `cxplan build`.")
        else:
            missing = [str(s.number) for s in STEPS if not step_status(plan, s).done]
            self.ask.say(
                f"Steps not done yet: {', '.join(missing)}. `cxplan status` lists what is "
                "missing; `cxplan workshop` carries on."
            )
        return Outcome(runs, complete)

    def run_step(self, step: Step) -> None:
        self.ask.say("")
        self.ask.say(f"=== Step {step.number} of 7: {step.title} ===")
        plan = self.plan()
        waiting = [s.number for s in STEPS[: step.number - 1] if not step_status(plan, s).done]
        if waiting:
            self.ask.say(
                _wrap(
                    f"{_steps(waiting)} before this one {'is' if len(waiting) == 1 else 'are'} "
                    "not done yet: each step builds on the ones before it, so what you decide "
                    f"here may change once {'it is' if len(waiting) == 1 else 'they are'} done."
                )
            )
        self.ask.say(_wrap(step.question))
        self.ask.say(_wrap(step.why))
        self.ask.say("")
        {
            "leadership": self.step_leadership,
            "vision": self.step_vision,
            "experience": self.step_experience,
            "touchpoints": self.step_touchpoints,
            "standards": self.step_standards,
            "measures": self.step_measures,
            "improvement": self.step_improvement,
        }[step.key]()

    def finish_step(self, step: Step) -> int:
        """Sum the step up; the step to work on next: NEXT, QUIT, or a step's number (this
        one again, or an earlier one that it waits for)."""
        plan = self.plan()
        status = step_status(plan, step)
        self.ask.say("")
        self.ask.say(f"Step {step.number} ({step.title}): {summary(plan, step.key)}")
        if status.done:
            self.ask.say(f"Step {step.number} is done.")
            return NEXT
        self.ask.say(f"Still missing for step {step.number}:")
        for gap in status.missing[:PAGE]:
            self.ask.say(f"  - {gap.message}")
        if len(status.missing) > PAGE:
            self.ask.say(f"  - ... and {len(status.missing) - PAGE} more")
        if self.ask.interactive and not self.ask.confirm(
            f"Move on with step {step.number} not done? (later steps would then be worked "
            "on out of sequence)",
            False,
        ):
            return self.not_done_choice(plan, step)
        self.ask.say(
            f"Moving on with step {step.number} not done; `cxplan status` will show the gap."
        )
        return NEXT

    def not_done_choice(self, plan: Plan, step: Step) -> int:
        """The way on from a step that is not done: fix it, go back to what it waits for,
        skip it after all, or stop."""
        earlier = next(
            (s.number for s in STEPS[: step.number - 1] if not step_status(plan, s).done), None
        )
        blocked = step.key in ("standards", "measures") and not plan.touchpoints
        options: dict[str, tuple[str, int]] = {}
        if not blocked:
            options["f"] = (f"fix it now (step {step.number}'s questions again)", step.number)
        if earlier is not None:
            options["b"] = (f"go back to step {earlier} ({STEPS[earlier - 1].title})", earlier)
        if blocked and earlier is None:  # pragma: no cover - step 4 holds no touchpoint
            options["b"] = ("go back to step 4 (Touchpoints)", 4)
        options["s"] = ("skip it after all (move on not done)", NEXT)
        options["q"] = ("stop here (every answer is saved)", QUIT)
        first = next(iter(options))
        listed = "; ".join(f"{key} {text}" for key, (text, _) in options.items())
        while True:
            raw = self.ask.prompt(f"Step {step.number} is not done. {listed}", first)
            word = raw.strip().lower()[:1] or first
            if word in options:
                if word == "s":
                    self.ask.say(
                        f"Moving on with step {step.number} not done; `cxplan status` will "
                        "show the gap."
                    )
                return options[word][1]
            self.ask.say(f"  Type {', '.join(options)}.")

    # ------------------------------------------------------------------ step 1

    def step_leadership(self) -> None:
        self.field(
            ("leadership", "sponsor", "name"),
            Field("name", "Sponsor: who owns the CX strategy? (name)"),
        )
        self.field(("leadership", "sponsor", "role"), Field("role", "Sponsor's role"))
        self.item_list(
            ItemList(
                ("leadership", "commitments"),
                "leadership commitment",
                Commitment,
                [
                    Field("leader", "Leader's name"),
                    Field("role", "Leader's role"),
                    Field("commitment", "What does this leader commit to?"),
                    Field(
                        "behaviours",
                        "Visible behaviours: what will staff see them do? (separate with ;)",
                        "list",
                        help="Staff believe what leaders do, not what they say: name things "
                        "people can see, e.g. 'Works one front-desk shift a month'.",
                    ),
                ],
                lambda c: (
                    f"{c.get('leader') or '?'} ({c.get('role') or 'no role'}): "
                    f"{c.get('commitment') or 'no commitment yet'} "
                    f"[{len(c.get('behaviours') or [])} visible behaviour(s)]"
                ),
                id_prefix=None,
            )
        )

    # ------------------------------------------------------------------ step 2

    def step_vision(self) -> None:
        self.field(("vision", "statement"), Field("statement", "Vision: where are we heading?"))
        self.field(("vision", "horizon"), Field("horizon", "By when? (a year or a date)"))
        self.words(
            ("vision", "aims"),
            "unifying aim",
            help="Aims unite departments behind the vision, e.g. 'NPS above 70'.",
        )

    # ------------------------------------------------------------------ step 3

    def step_experience(self) -> None:
        self.ask.say("First, who are the customers, and what do they really need?")
        listed = "(separate with ;)"
        self.item_list(
            ItemList(
                ("customers",),
                "customer segment",
                Customer,
                [
                    Field("name", "Segment name"),
                    Field("needs", f"What do they need? {listed}", "list"),
                    Field("wants", f"What do they want? {listed}", "list"),
                    Field("pain_points", f"Their pain points {listed}", "list"),
                    Field("challenges", f"Their challenges {listed}", "list"),
                    Field("expectations", f"What do they expect? {listed}", "list"),
                ],
                lambda c: (
                    f"{c.get('name') or c.get('id')}: "
                    f"{len(c.get('needs') or [])} need(s), "
                    f"{len(c.get('pain_points') or [])} pain point(s)"
                ),
            )
        )
        self.field(
            ("experience", "statement"),
            Field("statement", "The experience we will deliver, in one sentence"),
        )
        self.field(("experience", "promise"), Field("promise", "What do we promise?"))
        self.words(
            ("experience", "physical"),
            "physical element",
            help="What customers see and touch, e.g. 'Written cost estimate'.",
        )
        self.words(
            ("experience", "emotional"),
            "emotional element",
            help="How customers should feel, e.g. 'Reassured'.",
        )

    # ------------------------------------------------------------------ step 4

    def touchpoint_list(self) -> ItemList:
        return ItemList(
            ("touchpoints",),
            "touchpoint",
            Touchpoint,
            [
                Field("name", "Name"),
                Field(
                    "stage",
                    "Stage (before, during or after the purchase)",
                    "choice",
                    tuple(s.value for s in Stage),
                ),
                Field("channel", "Channel (e.g. " + ", ".join(CHANNELS[:6]) + ")"),
                Field("owner", "Owner (a role)"),
                Field("customers", "Which customer segments? (ids, separate with ;)", "refs"),
                Field("description", "What happens here?"),
                Field(
                    "pain_points",
                    "Fresh eyes: what gets in a new customer's way here? (separate with ;)",
                    "list",
                    help="Walk it as a new customer would: what do they see, hear, wait for?",
                ),
                Field("rating", "Fresh eyes: rate today's experience here, 1 to 5", "rating"),
                Field(
                    "moment_of_truth",
                    "Is it a moment of truth, one that makes or breaks the relationship? (yes/no)",
                    "bool",
                ),
            ],
            lambda t: (
                f"{t.get('name') or t.get('id')} [{t.get('stage') or 'no stage'}, "
                f"{t.get('channel') or 'no channel'}, owner {t.get('owner') or '?'}]"
                + (" *moment of truth*" if t.get("moment_of_truth") else "")
            ),
        )

    def step_touchpoints(self) -> None:
        spec = self.touchpoint_list()
        if self.ask.answer_for(spec.path) is NO_ANSWER:
            self.suggest_touchpoints()
        self.item_list(spec)
        if not self.ask.interactive:
            return
        for i, tp in enumerate(self.items(("touchpoints",))):
            if not filled(tp.get("owner")):
                self.field(
                    ("touchpoints", i, "owner"),
                    Field("owner", f"Who owns {tp.get('name') or tp['id']!r}? (a role)"),
                )
        unwalked = [i for i, tp in enumerate(self.items(("touchpoints",))) if not tp.get("rating")]
        if unwalked and self.confirm(
            f"{len(unwalked)} touchpoint(s) have not been walked with fresh eyes yet (no "
            "rating). Walk them now, as a new customer would?",
            True,
        ):
            fresh = [
                f for f in spec.fields if f.key in ("pain_points", "rating", "moment_of_truth")
            ]
            for i in unwalked:
                tp = self.items(("touchpoints",))[i]
                self.ask.say(f"{tp.get('name') or tp['id']} ({tp.get('stage') or 'no stage'}):")
                for f in fresh:
                    self.field(("touchpoints", i, f.key), f, item=tp)
                self.reviewed(("touchpoints", i))

    def suggest_touchpoints(self) -> None:
        if self.library is None:
            return
        have = {str(t.get("id")) for t in self.items(("touchpoints",))}
        stages = {t.get("stage") for t in self.items(("touchpoints",))}
        for stage in Stage:
            if stage.value in stages:
                continue
            offer = [
                t
                for t in self.library.touchpoints
                if t["stage"] == stage.value and t["id"] not in have
            ]
            if not offer:
                continue
            self.ask.say(
                f"No touchpoint {stage.value} the purchase yet. The {self.library.key} library "
                "suggests:"
            )
            for t in offer:
                self.ask.say(f"  - {t['name']} ({t['channel']}, owner {t['owner']})")
            if self.confirm(f"Add these {len(offer)} touchpoint(s)?", True):
                for t in offer:
                    self.doc.append(("touchpoints",), {**t, **self.starter_mark()})
                self.save()
                self.ask.say(f"Added {len(offer)} suggested touchpoint(s) for '{stage.value}'.")

    # ------------------------------------------------------------------ step 5

    def standard_fields(self, owner: str | None) -> list[Field]:
        return [
            Field(
                "standard",
                "Standard: what exactly do staff do, measurably?",
                help="Say who does what, how well and how fast: 'Answer calls within 3 "
                "rings', not 'Answer promptly'.",
            ),
            Field("role", "Who does it? (role)", suggest=lambda item: owner),
            Field("measure", "Measure: what is counted or timed?"),
            Field("target", "Target (e.g. 95% within 5 minutes)"),
            Field("frequency", "How often is it checked? (" + ", ".join(FREQUENCIES) + ")"),
            Field("method", "Checked by", "choice", tuple(m.value for m in Method)),
        ]

    def standards_for(self, tp: dict[str, Any]) -> ItemList:
        ident = str(tp["id"])
        return ItemList(
            ("standards",),
            f"standard for {tp.get('name') or ident!r}",
            Standard,
            self.standard_fields(tp.get("owner")),
            lambda s: (
                f"{s.get('standard') or '(no wording)'} [{s.get('role') or '?'}; "
                f"target {s.get('target') or '?'}; {s.get('frequency') or '?'}]"
            ),
            id_prefix=f"s-{ident}-",
            keep=lambda s: s.get("touchpoint") == ident,
            preset={"touchpoint": ident},
        )

    def all_standards(self) -> ItemList:
        return ItemList(
            ("standards",),
            "standard",
            Standard,
            self.standard_fields(None),
            lambda s: str(s.get("standard") or s.get("id")),
            id_prefix="s-",
        )

    def step_standards(self) -> None:
        touchpoints = self.items(("touchpoints",))
        if not touchpoints:
            self.ask.say("There are no touchpoints yet (step 4): nothing to set standards for.")
            return
        scripted = self.ask.answer_for(("standards",))
        if scripted is not NO_ANSWER:
            self._apply_items(self.all_standards(), scripted)
            return
        covered = {s.get("touchpoint") for s in self.items(("standards",))}
        bare = [tp for tp in touchpoints if tp.get("id") not in covered]
        if bare:
            self.ask.say(f"{len(bare)} touchpoint(s) have no standard yet.")
        for tp in bare:
            self.standard_for_bare_touchpoint(tp)
        self.review_smart()
        if not self.ask.interactive:
            return
        while True:
            waiting = [
                i for i, s in enumerate(self.items(("standards",))) if s.get("reviewed") is False
            ]
            keep = f"; k keeps the {_count(len(waiting), 'starter standard')} as they are"
            raw = self.ask.prompt(
                "Review the standards of a touchpoint? (its number or id"
                f"{keep if waiting else ''}; Enter to go on)",
                "",
            )
            if not raw.strip():
                return
            if raw.strip().lower() == "k" and waiting:
                self.keep_starter(self.all_standards())
                continue
            refs = self._refs(Field("touchpoint", "touchpoint", "ref"))
            ident = refs.get(raw.strip()) or refs.get(raw.strip().lower())
            if ident is None:
                self.ask.say(f"  No touchpoint {raw.strip()!r}.")
                continue
            tp = next(t for t in self.items(("touchpoints",)) if t.get("id") == ident)
            spec = self.standards_for(tp)
            self.item_list(spec)
            self.review_smart(ident)

    def standard_for_bare_touchpoint(self, tp: dict[str, Any]) -> None:
        name = tp.get("name") or tp["id"]
        suggestions = self.library_standards(str(tp["id"]))
        if suggestions and self.library is not None:
            self.ask.say(f"No standard yet for {name!r}. The {self.library.key} library suggests:")
            for s in suggestions:
                self.ask.say(_wrap(f"- {s['standard']} ({s['role']}; target {s['target']})", "  "))
            if self.confirm(f"Use {'it' if len(suggestions) == 1 else 'them'}?", True):
                for s in suggestions:
                    self.doc.append(("standards",), {**s, **self.starter_mark()})
                self.save()
                return
        if not self.ask.interactive:
            return
        if self.confirm(
            f"No standard yet for {name!r} (owner {tp.get('owner') or '?'}). Write one now?", True
        ):
            spec = self.standards_for(tp)
            index = self.add_item(spec)
            if index is not None:
                self.smart_fix(index)

    def library_standards(self, touchpoint: str) -> list[dict[str, Any]]:
        if self.library is None:
            return []
        taken = {str(s.get("id")) for s in self.items(("standards",))}
        out = []
        for ident, s in zip(standard_ids(self.library), self.library.standards, strict=True):
            if s["touchpoint"] == touchpoint and ident not in taken:
                out.append({"id": ident, **s})
        return out

    def review_smart(self, touchpoint: str | None = None) -> None:
        """Offer to fix standards that are not SMART, or that say 'promptly' without a number."""
        if not self.ask.interactive:
            return
        for i, s in enumerate(self.items(("standards",))):
            if touchpoint is not None and s.get("touchpoint") != touchpoint:
                continue
            self.smart_fix(i)

    def smart_fix(self, index: int) -> None:
        if not self.ask.interactive:
            return
        path = ("standards", index)
        for _ in range(3):
            item = self.items(("standards",))[index]
            model = Standard.model_validate(item)
            gaps = [g for g in smart_gaps(model) if g != "wording"]
            term = vague_term(model.standard, model.target)
            if not gaps and not term:
                return
            problem = []
            if gaps:
                problem.append(f"has no {' or '.join(gaps)}")
            if term:
                problem.append(f"says {term!r} without a number")
            self.ask.say(f"Standard {item.get('id')!r}: {model.standard or ''}")
            if not self.confirm(f"  It {' and '.join(problem)}. Fix it now?", True):
                return
            owner = next(
                (
                    t.get("owner")
                    for t in self.items(("touchpoints",))
                    if t.get("id") == item.get("touchpoint")
                ),
                None,
            )
            for f in self.standard_fields(owner):
                if f.key == "standard" and term:
                    self.ask.say(f"  Say how much or how fast instead of {term!r}.")
                    self.field((*path, f.key), f, item=item)
                elif f.key in gaps:
                    self.field((*path, f.key), f, item=item)
            self.reviewed(path)

    # ------------------------------------------------------------------ step 6

    def measure_list(self) -> ItemList:
        return ItemList(
            ("measures",),
            "measure",
            Measure,
            [
                Field("name", "Name (e.g. Net Promoter Score)"),
                Field("kind", "Kind", "choice", tuple(k.value for k in MeasureKind)),
                Field(
                    "touchpoints", "Which touchpoints does it cover? (ids, separate with ;)", "refs"
                ),
                Field(
                    "question",
                    "The question customers answer, or what is counted",
                    suggest=self.suggest_question,
                ),
                Field(
                    "method",
                    "Measured by",
                    "choice",
                    tuple(m.value for m in Method),
                    suggest=lambda item: "survey",
                ),
                Field("frequency", "How often? (" + ", ".join(FREQUENCIES) + ")"),
                Field("owner", "Owner (a role)"),
                Field("baseline", "Baseline: today's score (a number, or Enter)", "number"),
                Field("target", "Target score (a number, or Enter)", "number"),
            ],
            lambda m: (
                f"{m.get('name') or m.get('id')} [{str(m.get('kind') or '?').upper()}, "
                f"{len(m.get('touchpoints') or [])} touchpoint(s)"
                + (
                    f", {show(Field('b', '', 'number'), m.get('baseline'))} -> "
                    f"{show(Field('t', '', 'number'), m.get('target'))}"
                    if m.get("baseline") is not None or m.get("target") is not None
                    else ""
                )
                + "]"
            ),
        )

    def suggest_question(self, item: dict[str, Any]) -> str | None:
        kind = str(item.get("kind") or "")
        refs = item.get("touchpoints") or []
        names = {t.get("id"): t.get("name") or t.get("id") for t in self.items(("touchpoints",))}
        touchpoint = str(names.get(refs[0], "your visit")) if len(refs) == 1 else "your visit"
        template = {
            "nps": NPS_QUESTION,
            "csat": CSAT_QUESTION,
            "ces": CES_QUESTION,
            "compliance": COMPLIANCE_QUESTION,
        }.get(kind)
        if template is None:
            return None
        return template.format(client=self.client(), touchpoint=touchpoint)

    def step_measures(self) -> None:
        spec = self.measure_list()
        if self.ask.answer_for(spec.path) is NO_ANSWER:
            self.suggest_measures()
        self.item_list(spec)
        if self.ask.answer_for(spec.path) is NO_ANSWER:
            self.cover_touchpoints()

    def suggest_measures(self) -> None:
        measures = self.items(("measures",))
        have = {str(m.get("id")) for m in measures}
        tps = {str(t.get("id")): t for t in self.items(("touchpoints",))}
        if not tps:
            return
        offer: list[dict[str, Any]] = []
        if self.library is not None:
            for m in self.library.measures:
                refs = (
                    list(tps)
                    if m["touchpoints"] == "all"
                    else [r for r in m["touchpoints"] if r in tps]
                )
                if m["id"] in have or not refs:
                    continue
                focus = str(tps[refs[0]].get("name") or refs[0]).lower()
                question = render_text(
                    str(m.get("question") or ""), client=self.client(), touchpoint=focus
                )
                offer.append({**m, "touchpoints": refs, "question": question})
        if not any(m.get("kind") in ("nps", "csat", "ces") for m in measures) and not any(
            m.get("kind") in ("nps", "csat", "ces") for m in offer
        ):
            after = [i for i, t in tps.items() if t.get("stage") == "after"] or list(tps)
            offer.append(
                {
                    "id": "nps" if "nps" not in have else "nps-2",
                    "name": "Net Promoter Score",
                    "kind": "nps",
                    "question": NPS_QUESTION.format(client=self.client()),
                    "touchpoints": after,
                    "method": "survey",
                    "frequency": "quarterly",
                }
            )
        if not offer or (measures and self.library is None):
            return
        if measures and any(m.get("kind") in ("nps", "csat", "ces") for m in measures):
            return
        self.ask.say("Suggested measures:")
        for m in offer:
            self.ask.say(_wrap(f"- {m['name']} ({str(m['kind']).upper()}): {m['question']}", "  "))
        if self.confirm(f"Add these {len(offer)} measure(s)?", True):
            for m in offer:
                self.doc.append(("measures",), {**m, **self.starter_mark()})
            self.save()

    def cover_touchpoints(self) -> None:
        covered = {r for m in self.items(("measures",)) for r in (m.get("touchpoints") or [])}
        bare = [str(t["id"]) for t in self.items(("touchpoints",)) if t.get("id") not in covered]
        if not bare:
            return
        self.ask.say(
            f"{len(bare)} touchpoint(s) are not covered by any measure: "
            + ", ".join(bare[:10])
            + (" ..." if len(bare) > 10 else "")
        )
        measures = self.items(("measures",))
        audit = next((i for i, m in enumerate(measures) if m.get("kind") == "compliance"), None)
        if audit is not None:
            name = measures[audit].get("name") or measures[audit].get("id")
            if self.confirm(f"Add them to the {name!r} audit?", True):
                refs = list(measures[audit].get("touchpoints") or []) + bare
                self.doc.set(("measures", audit, "touchpoints"), refs)
                self.save()
            return
        if self.confirm("Cover them with a service-standard compliance audit (checklists)?", True):
            taken = {str(m.get("id")) for m in measures}
            ident = "standards-compliance"
            n = 2
            while ident in taken:
                ident, n = f"standards-compliance-{n}", n + 1
            self.doc.append(
                ("measures",),
                {
                    "id": ident,
                    "name": "Service-standard compliance",
                    "kind": "compliance",
                    "question": COMPLIANCE_QUESTION,
                    "touchpoints": bare,
                    "method": "audit",
                    "frequency": "monthly",
                    "owner": self.get(("leadership", "sponsor", "role")),
                },
            )
            self.save()

    # ------------------------------------------------------------------ step 7

    def step_improvement(self) -> None:
        cadence = self.library.review_cadence if self.library else None
        self.field(
            ("improvement", "review_cadence"),
            Field(
                "review_cadence",
                "How often will the team review the plan? (e.g. monthly)",
                suggest=lambda item: cadence or "monthly",
            ),
        )
        self.item_list(
            ItemList(
                ("improvement", "actions"),
                "improvement action",
                Action,
                [
                    Field("title", "What will be done?"),
                    Field(
                        "touchpoint", "At which touchpoint? (id or number; Enter for none)", "ref"
                    ),
                    Field(
                        "source",
                        "Where did it come from?",
                        "choice",
                        tuple(s.value for s in ActionSource),
                    ),
                    Field("owner", "Owner (a role)"),
                    Field("due", "Due date (YYYY-MM-DD)", "date"),
                    Field(
                        "status",
                        "Status",
                        "choice",
                        tuple(s.value for s in ActionStatus),
                        suggest=lambda item: "open",
                    ),
                ],
                lambda a: (
                    f"{a.get('title') or a.get('id')} [{a.get('status') or 'open'}"
                    + (
                        f", due {show(Field('d', '', 'date'), a.get('due'))}"
                        if a.get("due")
                        else ""
                    )
                    + (f", {a.get('owner')}" if a.get("owner") else "")
                    + "]"
                ),
                id_prefix="a-",
            )
        )
        self.field(
            ("improvement", "staff_ideas", "channel"),
            Field("channel", "How do staff share ideas? (e.g. an ideas board, reviewed monthly)"),
        )
        self.field(
            ("improvement", "staff_ideas", "reward"),
            Field("reward", "How is an adopted idea rewarded?"),
        )


def summary(plan: Plan, key: str) -> str:
    """What a step holds now, in a line."""
    if key == "leadership":
        behaviours = sum(len(c.behaviours) for c in plan.leadership.commitments)
        sponsor = plan.leadership.sponsor.name or "no sponsor yet"
        return (
            f"sponsor {sponsor}; {len(plan.leadership.commitments)} commitment(s) with "
            f"{behaviours} visible behaviour(s)."
        )
    if key == "vision":
        return f"horizon {plan.vision.horizon or '?'}; {len(plan.vision.aims)} aim(s)."
    if key == "experience":
        e = plan.experience
        return (
            f"{len(plan.customers)} customer segment(s); {len(e.physical)} physical and "
            f"{len(e.emotional)} emotional element(s)."
        )
    if key == "touchpoints":
        counts = {s: sum(1 for t in plan.touchpoints if t.stage is s) for s in Stage}
        truths = sum(1 for t in plan.touchpoints if t.moment_of_truth)
        return (
            f"{len(plan.touchpoints)} touchpoint(s): "
            + ", ".join(f"{n} {s.value}" for s, n in counts.items())
            + f"; {truths} moment(s) of truth."
        )
    if key == "standards":
        smart = sum(1 for s in plan.standards if not smart_gaps(s))
        return f"{len(plan.standards)} standard(s), {smart} of them SMART."
    if key == "measures":
        feedback = sum(1 for m in plan.measures if m.kind in FEEDBACK_KINDS)
        return f"{len(plan.measures)} measure(s), {feedback} of customer feedback."
    imp = plan.improvement
    return (
        f"review {imp.review_cadence or '?'}; {len(imp.actions)} action(s); staff ideas "
        f"{'via ' + imp.staff_ideas.channel if imp.staff_ideas.channel else 'not set up'}."
    )


def _tied(data: Any, target: ListOf, ident: str) -> str:
    """What goes or is untied with an item, for the question before it is removed."""
    parts = []
    for ref, count in tied(data, target, ident).items():
        noun = _count(count, ref.holder.noun)
        if ref.on_delete == "cascade":
            parts.append(f"its {noun} go{'es' if count == 1 else ''} too")
        else:
            parts.append(f"{noun} {'is' if count == 1 else 'are'} untied from it")
    return "; ".join(parts)


def _steps(numbers: Sequence[int]) -> str:
    """``Step 2``, ``Steps 1 and 3``, ``Steps 1, 2 and 4``."""
    if len(numbers) == 1:
        return f"Step {numbers[0]}"
    return f"Steps {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _count(count: int, noun: str) -> str:
    """``3 starter touchpoints``, ``1 starter touchpoint``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _a(noun: str) -> str:
    word = noun.lower()
    vowel = word[:1] in ("a", "e", "i", "o") or (
        word.startswith("u") and not word.startswith(("uni", "use", "usu"))
    )
    return f"{'an' if vowel else 'a'} {noun}"


def _index(args: list[str], items: Sequence[Any]) -> int:
    if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= len(items):
        raise AnswerError(f"give a number from 1 to {len(items)}" if items else "the list is empty")
    return int(args[0]) - 1


def _move_args(args: list[str], items: Sequence[Any]) -> tuple[int, int]:
    if len(args) != 2:
        raise AnswerError("give two numbers: m FROM TO")
    return _index(args[:1], items), _index(args[1:], items)


def load_answers(path: Path) -> tuple[dict[str, Any], Any]:
    """Read an answers file: the plan's sections, with the answers to give."""
    from cxplan.plan.load import read_source

    source, _ = read_source(path, what="answers file")
    if source.data is None:
        raise InputError([Problem("the answers file is empty", Line(str(path), 1))])
    if not isinstance(source.data, dict):
        raise InputError(
            [
                Problem(
                    "an answers file holds the plan's sections "
                    "(leadership:, vision:, ...) as a mapping",
                    Line(str(path), 1),
                )
            ]
        )
    known = {
        "leadership",
        "vision",
        "customers",
        "experience",
        "touchpoints",
        "standards",
        "measures",
        "improvement",
    }
    for key in source.data:
        if key not in known:
            raise InputError(
                [
                    Problem(
                        f"unknown section; answers can be given for: {', '.join(sorted(known))}",
                        Line(str(path), source.line_of((key,))),
                        str(key),
                    )
                ]
            )
    return source.data, source


def run_workshop(
    plan_path: Path,
    asker: Asker,
    *,
    step: int | None = None,
    answers: Path | None = None,
) -> Outcome:
    """Run the workshop on a plan: with ``answers``, the file answers what it names and the
    defaults and suggestions answer the rest."""
    doc = PlanEditor.open(plan_path, replay=True)
    source = None
    if answers is not None:
        from cxplan.interview.asker import AnswersAsker

        data, source = load_answers(answers)
        asker = AnswersAsker(data, echo=asker.say)
    workshop = Workshop(doc, asker, answers_file=answers)
    workshop.answers_source = source
    return workshop.run(step)
