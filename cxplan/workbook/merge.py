"""The three-way merge of a workbook's edits into the plan: pure, by id and field.

``base`` is the plan as the workbook was built from it (its hidden copy), ``theirs`` the
plan as the workbook says it is now, ``ours`` the plan file as it is now. What the
workbook changed goes in, unless the plan file changed the same field another way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxplan.errors import field_name
from cxplan.plan.codecs import lines as _lines
from cxplan.workbook.layout import SHEETS


def get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def same(value: Any) -> Any:
    """A value as a cell gives it back: what a cell cannot tell apart compares equal.

    An empty cell is nothing ("" and null alike); a list cell is lines, so list items are
    split at line breaks and blank ones dropped; XML reads every line break as "\n";
    spreadsheet programs may keep 15 or 16 significant digits of a number, not 17.
    """
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value if value.strip() else None
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return [line for v in value for line in _lines(v)]
        return [same_item(v) if isinstance(v, dict) else same(v) for v in value]
    return value


def same_item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: same(v) for k, v in item.items()}


def _merge_order(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    removed = set(base) - set(theirs)
    in_base, in_ours = set(base), set(ours)
    added = [i for i in theirs if i not in in_base and i not in in_ours]
    kept = [i for i in ours if i not in removed]
    in_theirs = set(theirs)
    common_base = [i for i in base if i in in_theirs and i in in_ours]
    common_theirs = [i for i in theirs if i in in_base and i in in_ours]
    if common_theirs != common_base and [i for i in ours if i in in_base and i in in_theirs] == (
        common_base
    ):
        # The workbook reordered the rows and the plan did not: take the workbook's order.
        rank = {ident: n for n, ident in enumerate(common_theirs)}
        slots = [n for n, ident in enumerate(kept) if ident in rank]
        ordered = sorted((ident for ident in kept if ident in rank), key=rank.__getitem__)
        for slot, ident in zip(slots, ordered, strict=True):
            kept[slot] = ident
    return kept + added


@dataclass(frozen=True)
class Conflict:
    """A field the workbook and the plan file both changed, each its own way."""

    field: str
    ours: Any  # the plan file's value ("removed" rows: the item as the plan has it)
    theirs: Any  # the workbook's value (None for a row the workbook deleted)


@dataclass
class Merge:
    """What the import does to the plan: only what differs from the plan file as it is."""

    form: dict[tuple[str, ...], Any] = field(default_factory=dict)
    lists: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
    removed: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    added: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    fields: dict[tuple[str, ...], dict[str, dict[str, Any]]] = field(default_factory=dict)
    order: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> Merge:
    """Three-way merge of the workbook's part of the plan: what the workbook changed since
    it was built (base -> theirs) goes into the plan file (ours), unless the plan file
    changed the same field another way (a conflict; with --force the workbook wins)."""
    out = Merge()

    def decide(label: str, b: Any, o: Any, t: Any) -> bool:
        """True when the workbook's value should go in."""
        if b == t:
            return False
        if o != b and o != t:
            out.conflicts.append(Conflict(label, o, t))
        return bool(o != t)

    for sheet in SHEETS:
        for form in sheet.form:
            b, o, t = (same(get(d, form.path)) for d in (base, ours, theirs))
            if decide(field_name(form.path), b, o, t):
                out.form[form.path] = get(theirs, form.path)
        for spec in sheet.tables:
            lists = [get(d, spec.path) or [] for d in (base, ours, theirs)]
            if not spec.keyed:
                b, o, t = (same(v) for v in lists)
                if decide(field_name(spec.path), b, o, t):
                    out.lists[spec.path] = lists[2]
                continue
            b_items, o_items, t_items = ({i["id"]: i for i in v} for v in lists)
            label = field_name(spec.path)
            for ident in o_items:
                if ident in b_items and ident not in t_items:
                    if same_item(o_items[ident]) != same_item(b_items[ident]):
                        out.conflicts.append(Conflict(f"{label}[{ident}]", "changed", "removed"))
                    out.removed.setdefault(spec.path, []).append(ident)
            for ident, item in t_items.items():
                if ident not in b_items:
                    if ident not in o_items:
                        out.added.setdefault(spec.path, []).append(item)
                    continue
                base_item = b_items[ident]
                if item == base_item:
                    continue  # the usual case: nobody touched the row
                here = o_items.get(ident)
                for key, value in item.items():
                    b, t = same(base_item.get(key)), same(value)
                    if b == t:
                        continue
                    if here is None:
                        out.conflicts.append(Conflict(f"{label}[{ident}]", "removed", "changed"))
                        break
                    if decide(f"{label}[{ident}].{key}", b, same(here.get(key)), t):
                        out.fields.setdefault(spec.path, {}).setdefault(ident, {})[key] = value
            order = _merge_order(*(list(d) for d in (b_items, o_items, t_items)))
            if order != list(o_items):
                out.order[spec.path] = order
    return out
