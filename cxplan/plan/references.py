"""Which fields of a plan refer to which ids: the one table integrity, editing and import share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from cxplan.errors import FieldPath
from cxplan.plan.ids import site_ids

OnDelete = Literal["cascade", "drop", "clear"]


@dataclass(frozen=True)
class ListOf:
    """A list of the plan whose items have ids that others refer to."""

    path: tuple[str, ...]
    noun: str  # "touchpoint"


@dataclass(frozen=True)
class Reference:
    """Items of ``holder`` refer by ``field`` to ids of ``target``.

    ``many`` fields hold a list of ids. When a target item goes, ``on_delete`` says what
    happens to the items that refer to it: "cascade" removes them, "drop" takes the id
    out of their list, "clear" empties the field.
    """

    holder: ListOf
    field: str
    target: ListOf
    many: bool
    on_delete: OnDelete


CUSTOMERS = ListOf(("customers",), "customer segment")
TOUCHPOINTS = ListOf(("touchpoints",), "touchpoint")
STANDARDS = ListOf(("standards",), "standard")
MEASURES = ListOf(("measures",), "measure")
ACTIONS = ListOf(("improvement", "actions"), "action")
# Locations may be bare names; their ids are made from the names (ids.site_ids).
SITES = ListOf(("client", "locations"), "location")

LISTS = (SITES, CUSTOMERS, TOUCHPOINTS, STANDARDS, MEASURES, ACTIONS)

REFERENCES = (
    Reference(TOUCHPOINTS, "customers", CUSTOMERS, many=True, on_delete="drop"),
    Reference(STANDARDS, "touchpoint", TOUCHPOINTS, many=False, on_delete="cascade"),
    Reference(MEASURES, "touchpoints", TOUCHPOINTS, many=True, on_delete="drop"),
    Reference(ACTIONS, "touchpoint", TOUCHPOINTS, many=False, on_delete="clear"),
    Reference(TOUCHPOINTS, "locations", SITES, many=True, on_delete="drop"),
    Reference(STANDARDS, "locations", SITES, many=True, on_delete="drop"),
)


def list_at(path: FieldPath) -> ListOf | None:
    """The list of items with ids at ``path`` (("touchpoints",)), if it is one."""
    return next((item for item in LISTS if item.path == tuple(path)), None)


def items(data: Any, of: ListOf) -> list[Any]:
    """The items of a list in plain plan data (a missing list is empty)."""
    node = data
    for part in of.path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, list) else []


def ids_of(data: Any, of: ListOf) -> list[str]:
    """The ids of a list's items in plain plan data (a location's, made from its name)."""
    found = items(data, of)
    if of is SITES:
        return site_ids(found)
    return [str(item.get("id")) if isinstance(item, dict) else "" for item in found]


def refs_of(item: Any, ref: Reference) -> list[str]:
    """The ids an item's reference field holds."""
    value = item.get(ref.field) if isinstance(item, dict) else getattr(item, ref.field, None)
    if value is None:
        return []
    return [str(v) for v in value] if ref.many else [str(value)]


def pointing_at(data: Any, target: ListOf, ident: str) -> Iterator[tuple[Reference, int, Any]]:
    """Every (reference, index, item) in plain plan data that refers to ``ident`` of ``target``."""
    for ref in REFERENCES:
        if ref.target != target:
            continue
        for index, item in enumerate(items(data, ref.holder)):
            if ident in refs_of(item, ref):
                yield ref, index, item


class Editor(Protocol):
    """What untying and renaming need of a plan editor (plan/edit.py's PlanEditor)."""

    def items(self, path: FieldPath) -> list[Any]: ...

    def set(self, path: FieldPath, value: Any) -> None: ...

    def delete(self, path: FieldPath) -> None: ...


def tied(data: Any, target: ListOf, ident: str) -> dict[Reference, int]:
    """How many items refer to ``ident`` of ``target``, per reference."""
    out: dict[Reference, int] = {}
    for ref, _, _ in pointing_at(data, target, ident):
        out[ref] = out.get(ref, 0) + 1
    return out


def untie(editor: Editor, target: ListOf, ident: str) -> None:
    """Before ``ident`` of ``target`` goes: items that depend on it go too ("cascade"), lists
    of ids lose it ("drop"), single references to it are emptied ("clear")."""
    for ref in REFERENCES:
        if ref.target != target:
            continue
        holders = editor.items(ref.holder.path)
        for index in reversed(range(len(holders))):
            item = holders[index]
            if ident not in refs_of(item, ref):
                continue
            if ref.on_delete == "cascade":
                untie(editor, ref.holder, str(item.get("id")))
                editor.delete((*ref.holder.path, index))
            elif ref.on_delete == "drop":
                kept = [r for r in item.get(ref.field) or [] if r != ident]
                editor.set((*ref.holder.path, index, ref.field), kept)
            else:
                editor.delete((*ref.holder.path, index, ref.field))


def rename(editor: Editor, target: ListOf, old: str, new: str) -> int:
    """Give item ``old`` of ``target`` the id ``new``, and every reference to it; returns how
    many references were changed."""
    items_now = editor.items(target.path)
    ids = site_ids(items_now) if target is SITES else [str(i.get("id")) for i in items_now]
    index = ids.index(old)
    if isinstance(items_now[index], dict):
        editor.set((*target.path, index, "id"), new)
    else:  # a location given by its name alone gets the new id beside its name
        editor.set((*target.path, index), {"id": new, "name": items_now[index]})
    count = 0
    for ref in REFERENCES:
        if ref.target != target:
            continue
        for i, item in enumerate(editor.items(ref.holder.path)):
            value = item.get(ref.field)
            if ref.many and isinstance(value, list) and old in value:
                editor.set(
                    (*ref.holder.path, i, ref.field), [new if v == old else v for v in value]
                )
                count += 1
            elif not ref.many and value == old:
                editor.set((*ref.holder.path, i, ref.field), new)
                count += 1
    return count
