"""An answers file (`cxplan workshop --answers`): reading it, and making a list match it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from cxplan.errors import InputError, Line, Location, Problem
from cxplan.plan.codecs import ValueProblem, describe, did_you_mean
from cxplan.plan.references import list_at, untie

if TYPE_CHECKING:
    from cxplan.interview.lists import ListSpec
    from cxplan.interview.session import Workshop

Path_ = tuple[str | int, ...]
KEEP = "keep"  # a list's answer: keep its starter items as they are (the team reviewed them)
SECTIONS = (
    "leadership",
    "vision",
    "customers",
    "experience",
    "touchpoints",
    "standards",
    "measures",
    "improvement",
    "client",
)
CLIENT = ("brand_color", "logo", "locations")  # what the workshop asks of the client


@dataclass
class AnswersFile:
    """The answers file's data, and where each answer is in it."""

    path: Path
    data: dict[str, Any]
    source: Any

    @classmethod
    def load(cls, path: Path) -> AnswersFile:
        """Read an answers file: the plan's sections, with the answers to give."""
        from cxplan.plan.load import read_source

        source, _ = read_source(path, what="answers file")
        if source.data is None:
            raise InputError([Problem("the answers file is empty", Line(str(path), 1))])
        if not isinstance(source.data, dict):
            message = (
                "an answers file holds the plan's sections (leadership:, vision:, ...) as a mapping"
            )
            raise InputError([Problem(message, Line(str(path), 1))])
        for key in source.data:
            if key in SECTIONS:
                cls._known_keys(path, source, (str(key),), source.data[key])
            else:
                message = (
                    f"unknown section; answers can be given for: {', '.join(sorted(SECTIONS))}"
                    + did_you_mean(str(key), SECTIONS)
                )
                where = Line(str(path), source.line_of((key,)))
                raise InputError([Problem(message, where, str(key))])
        return cls(path, source.data, source)

    @staticmethod
    def _known_keys(path: Path, source: Any, at: tuple[str, ...], value: Any) -> None:
        """Refuse a key the plan has no field for (a typo would be lost without a word);
        lists are checked item by item when they are applied."""
        from cxplan.plan.model import model_for_path

        model = model_for_path(at)
        if model is None or value is None:
            return
        known = list(model.model_fields)
        if at == ("client",):
            known = list(CLIENT)
        if isinstance(value, list) or _is_list_field(at):
            return  # a list (or `keep`) is checked item by item when it is applied
        if not isinstance(value, dict):
            # `sponsor: Maria` where the plan wants `sponsor: {name: Maria}`: say so, rather
            # than lose the answer without a word.
            message = f"expected a set of fields ({', '.join(known)}), got {describe(value)}" + (
                f"; write it as {at[-1]}: {{{known[0]}: ...}}" if known else ""
            )
            where = Line(str(path), source.line_of(at))
            raise InputError([Problem(message, where, ".".join(at))])
        for key, inner in value.items():
            if key not in known:
                message = f"no such field here; use one of: {', '.join(known)}"
                message += did_you_mean(str(key), known)
                where = Line(str(path), source.line_of((*at, key)))
                raise InputError([Problem(message, where, ".".join((*at, str(key))))])
            AnswersFile._known_keys(path, source, (*at, str(key)), inner)

    def at(self, key: Path_) -> Location:
        """Where the answer for ``key`` is: FILE:LINE (its nearest enclosing line)."""
        return Line(str(self.path), self.source.line_of(key))


def _is_list_field(at: tuple[str, ...]) -> bool:
    """Whether the plan's field at ``at`` holds a list (touchpoints, commitments...)."""
    import typing

    from cxplan.plan.model import Plan, model_for_path

    parent = model_for_path(at[:-1]) if len(at) > 1 else Plan
    field = parent.model_fields.get(at[-1]) if parent is not None else None
    if field is None:
        return False
    annotation = field.annotation
    options = typing.get_args(annotation) if typing.get_origin(annotation) is not list else ()
    return typing.get_origin(annotation) is list or any(
        typing.get_origin(o) is list for o in options
    )


def sync_list(ws: Workshop, spec: ListSpec, answers: Any) -> None:
    """Make a list match the answers file: update by id, add, remove, reorder; ``keep``
    keeps its starter items as they are (the team reviewed them)."""
    if isinstance(answers, str) and answers.strip().lower() == KEEP:
        ws.lists.keep(spec)
        return
    if spec.words:
        ws.set(spec.path, wanted_words(ws, spec, answers))
        return
    if not isinstance(answers, list):
        ws.fail(
            spec.path, f"expected a list of {spec.plural}, or {KEEP!r} to keep the starter ones"
        )
    taken = {str(i.get("id")) for i in ws.items(spec.path) if isinstance(i, dict)}
    taken |= {str(raw["id"]) for raw in answers if isinstance(raw, dict) and raw.get("id")}
    wanted = [wanted_item(ws, spec, n, raw, taken) for n, raw in enumerate(answers)]
    current = [item for item in ws.items(spec.path) if spec.keep(item)]
    if spec.id_prefix is None:
        for i in reversed(range(len(current))):
            ws.doc.delete((*spec.path, i))
        for item in wanted:
            ws.doc.append(spec.path, item)
        ws.save()
        return
    by_id = {str(item.get("id")): item for item in wanted}
    target = list_at(spec.path)
    for item in current:
        if str(item.get("id")) not in by_id:
            if target is not None:
                untie(ws.doc, target, str(item.get("id")))
            ws.doc.delete((*spec.path, ws.items(spec.path).index(item)))
    for item in wanted:
        ids = [str(i.get("id")) for i in ws.items(spec.path)]
        if str(item["id"]) in ids:
            position = ids.index(str(item["id"]))
            merged = {**ws.items(spec.path)[position], **item}
            if "reviewed" not in item:  # named in the answers: the team's now
                merged.pop("reviewed", None)
            ws.doc.set((*spec.path, position), merged)
        else:
            ws.doc.append(spec.path, item)
    # Order the items as the answers list them (items outside this view stay put).
    slots = [i for i, it in enumerate(ws.items(spec.path)) if str(it.get("id")) in by_id]
    for slot, ident in zip(slots, by_id, strict=True):
        here = [str(i.get("id")) for i in ws.items(spec.path)].index(ident)
        if here != slot:
            ws.doc.move(spec.path, here, slot)
    ws.save()


def wanted_words(ws: Workshop, spec: ListSpec, answers: Any) -> list[Any]:
    field = spec.fields[0]
    try:
        return list(field.codec.parse(answers))
    except ValueProblem as problem:
        ws.fail(spec.path, problem.message)
        raise  # pragma: no cover - fail raises


def wanted_item(ws: Workshop, spec: ListSpec, n: int, raw: Any, taken: set[str]) -> dict[str, Any]:
    """One item of a list as the answers file gives it, parsed and checked; a new item
    gets an id not in ``taken`` (which then holds it too)."""
    from cxplan.interview.fields import parse

    if not isinstance(raw, dict):
        ws.fail((*spec.path, n), "expected a set of fields (key: value)")
    item = {**spec.preset, **raw}
    for f in spec.fields:
        if f.key in item:
            try:
                item[f.key] = parse(f, item[f.key], ws.options(f), typed=False)
            except ValueProblem as problem:
                ws.fail((*spec.path, n, f.key), problem.message)
    if spec.id_prefix is not None and not item.get("id"):
        item["id"] = spec.new_id(str(item.get(spec.fields[0].key) or ""), taken, ws.lang.tag)
        taken.add(item["id"])
    try:
        if spec.model is not None:
            spec.model.model_validate(item)
    except ValidationError as err:
        from cxplan.plan.messages import message

        e = err.errors(include_url=False)[0]
        where = (*spec.path, n, *e["loc"])
        ws.fail(where, message(e, where))
    return item
