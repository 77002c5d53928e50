"""`cxplan workshop`: one session on one plan: reading it, asking one field, saving every answer.

The walk through the steps is walk.py, each step is a module of steps/, lists are edited by
lists.py and an answers file is read and applied by answers.py; all of them work on the
plan through the ``Workshop`` here. run.py puts them together.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cxplan.errors import InputError, Location, Problem, field_name
from cxplan.i18n import Language, _, resolve
from cxplan.interview.answers import AnswersFile
from cxplan.interview.asker import NO_ANSWER, Asker
from cxplan.interview.fields import CLEAR, Field, near, parse, show, wrap
from cxplan.interview.lists import ListEditor
from cxplan.library import Library, find
from cxplan.plan.codecs import ValueProblem
from cxplan.plan.edit import PlanEditor
from cxplan.plan.ids import site_ids
from cxplan.plan.messages import message
from cxplan.plan.model import Plan, filled, model_for_path
from cxplan.plan.references import SITES, items

Path_ = tuple[str | int, ...]
# A yes-or-no question's answers, the default in capitals: [y/N] when no is the default.
REFS = {
    "customers": _("Customer segments"),
    "touchpoints": _("Touchpoints"),
    "locations": _("Locations"),
}
YES_NO = {True: _("[Y/n]"), False: _("[y/N]")}


class Workshop:
    """One workshop session on one plan: every answer lands in the plan file at once."""

    def __init__(self, doc: PlanEditor, asker: Asker, answers: AnswersFile | None = None):
        self.doc = doc
        self.ask = asker
        self.answers = answers
        language = self.get(("client", "language"))
        self.library: Library | None = find(self.get(("client", "industry")), language)
        self.lists = ListEditor(self)
        # The plan's language (chosen with `cxplan new --language`): every question in it.
        self.lang: Language = resolve(self.get(("client", "language")))[0]
        self.tr = self.lang.tr

    # ------------------------------------------------------------------ the plan

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.doc.data
        return data

    def get(self, path: Path_, default: Any = None) -> Any:
        return self.doc.get(path, default)

    def items(self, path: Path_) -> list[Any]:
        return self.doc.items(path)

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
        if value == [] and self.get(path) is None:
            return
        self.doc.set(path, value)
        self.save()

    def reviewed(self, path: Path_) -> None:
        """The team kept or edited the item at ``path``: it is theirs, no longer the library's."""
        if self.get((*path, "reviewed")) is False:
            self.doc.delete((*path, "reviewed"))
            self.save()

    def starter_mark(self) -> dict[str, Any]:
        """What a suggestion taken without asking carries: it stays the library's until
        the team reviews it."""
        return {} if self.ask.interactive else {"reviewed": False}

    def roles(self) -> list[str]:
        """The roles the plan names so far (owners, standards' roles, leaders, the sponsor)."""
        found = [self.get(("leadership", "sponsor", "role"))]
        found += [c.get("role") for c in self.items(("leadership", "commitments"))]
        found += [t.get("owner") for t in self.items(("touchpoints",))]
        found += [s.get("role") for s in self.items(("standards",))]
        found += [m.get("owner") for m in self.items(("measures",))]
        found += [a.get("owner") for a in self.items(("improvement", "actions"))]
        return list(dict.fromkeys(str(r).strip() for r in found if filled(r)))

    def role_of(self, name: Any) -> str | None:
        """The role the plan gives the person called ``name`` (sponsor or leader), if any."""
        people = [self.get(("leadership", "sponsor")) or {}]
        people += self.items(("leadership", "commitments"))
        for person in people:
            if name and (person.get("name") or person.get("leader")) == name and person.get("role"):
                return str(person["role"])
        return None

    def options(self, spec: Field) -> dict[str, str]:
        """What an answer may name for a field that refers to items: id, number or name."""
        if spec.refs is None:
            return {}
        listed = self.items(("client", "locations") if spec.refs == "locations" else (spec.refs,))
        ids = site_ids(listed) if spec.refs == "locations" else [i.get("id") for i in listed]
        out: dict[str, str] = {}
        for number, (item, ident) in enumerate(zip(listed, ids, strict=True), start=1):
            out[str(ident)] = str(ident)
            out[str(number)] = str(ident)
            name = item.get("name") if isinstance(item, dict) else item
            if name:
                out.setdefault(str(name).lower(), str(ident))
        return out

    def confirm(self, question: str, default: bool = True) -> bool:
        """A yes-or-no question, answered in the plan's language (ja/nein, oui/non, sí/no)."""
        if not self.ask.interactive:
            return default
        return self.ask.confirm(f"{question} {self.tr(YES_NO[default])}", default)

    def say(self, text: str = "") -> None:
        self.ask.say(text)

    # ------------------------------------------------------------------ one field

    def fail(self, key: Path_, message: str) -> None:
        """An answers file's answer that does not fit: stop with its FILE:LINE."""
        where = self.answers.at(key) if self.answers else Location("answers")
        raise InputError(
            [Problem(message, where, field_name(key))],
            hint="Nothing from the answers file was saved; fix it and run it again."
            if self.answers
            else "The answers before this one are saved in the plan.",
        )

    def field(
        self,
        path: Path_,
        spec: Field,
        *,
        item: dict[str, Any] | None = None,
        escape: str | None = None,
    ) -> bool:
        """Ask one question; apply the answer (checked in its place) and save. False when
        the person typed ``escape`` (the way out of a series of questions)."""
        scripted = self.ask.answer_for(path)
        if scripted is not NO_ANSWER:
            try:
                value = parse(spec, scripted, self.options(spec), typed=False)
            except ValueProblem as problem:
                self.fail(path, problem.message)
            self.check_and_set(path, value, scripted=True)
            return True
        current = self.get(path)
        default = current
        if not filled(current) and spec.suggest is not None:
            default = spec.suggest(item or {})
        if not self.ask.interactive:
            if not filled(current) and filled(default):
                self.set(path, default)
            return True
        if spec.help:
            self.say(wrap(self.tr(spec.help), "  "))
        if spec.role:
            self.offer_roles(current)
        if spec.refs:
            self.offer_items(spec)
        while True:
            shown = show(spec, default, self.lang)
            raw = self.ask.prompt(spec.prompt(self.lang), shown)
            if escape is not None and raw.strip().lower() == escape:
                return False
            if raw == shown:
                value = default
            elif raw.strip() == CLEAR:
                value = [] if spec.many else None
            else:
                try:
                    value = parse(spec, raw, self.options(spec), typed=True, lang=self.lang)
                except ValueProblem as problem:
                    self.say(f"  {problem.said(self.lang)}.")
                    continue
            if spec.role and isinstance(value, str):
                value = self.one_of_the_roles(value)
            if self.check_and_set(path, value, scripted=False):
                return True

    def offer_roles(self, current: Any) -> None:
        known = [r for r in self.roles() if r != current]
        if known:
            shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            self.say(wrap(self.tr("Roles in the plan: {roles}", roles=shown), "  "))

    def offer_items(self, spec: Field) -> None:
        """The items an answer may name, by number, so nobody has to remember an id."""
        if spec.refs is None:
            return
        listed = self.items(("client", "locations") if spec.refs == "locations" else (spec.refs,))
        names = [str((i.get("name") or i.get("id")) if isinstance(i, dict) else i) for i in listed]
        if names:
            shown = ", ".join(f"{n} {name}" for n, name in enumerate(names[:12], start=1))
            more = (
                " " + self.tr("... ({count} in all)", count=len(names)) if len(names) > 12 else ""
            )
            self.say(wrap(self.lang.colon(self.tr(REFS[spec.refs])) + f" {shown}{more}", "  "))

    def one_of_the_roles(self, value: str) -> str:
        """A role typed a little differently from one the plan has: ask which is meant."""
        match = near(value, self.roles())
        question = self.tr("Did you mean {role}, a role the plan has?", role=repr(match))
        if match and self.confirm(f"  {question}", True):
            return match
        return value

    def check_and_set(self, path: Path_, value: Any, *, scripted: bool) -> bool:
        """Check a value in its place in the plan; set it, or explain why not."""
        message = self.invalid(path, value)
        if message:
            if scripted:
                self.fail(path, message)
            self.say(f"  {message}.")
            return False
        self.set(path, value)
        return True

    def invalid(self, path: Path_, value: Any) -> str | None:
        """Why the smallest model around the field (its item or section) refuses ``value``."""
        parent = path[:-1]
        model = model_for_path(parent)
        if model is None:
            return None
        candidate = dict(self.get(parent) or {})
        candidate[str(path[-1])] = value
        try:
            model.model_validate(candidate)
        except ValidationError as err:
            for e in err.errors(include_url=False):
                if e["loc"] and e["loc"][0] == path[-1]:
                    return message(e, (*parent, *e["loc"]))  # as the plan file is told
        return None

    def site_count(self) -> int:
        return len(items(self.data, SITES))
