"""`cxplan import`: the team's edits in a workshop workbook, back into the plan as a diff.

The workbook is read, never re-saved. Each cell is read by its field's codec and each
row checked with the plan's own model, so a bad cell gets the same words as the same
mistake in the plan file, at its Sheet!Cell. What changed since cxplan wrote the
workbook (the hidden sheet keeps a copy of the plan as it was) is merged into the plan
file field by field, keeping the file's comments; a field the workbook and the plan
file both changed is a conflict, refused unless --force.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cxplan.errors import InputError, Location, Problem, RefusedError, SheetCell, field_name
from cxplan.i18n import language
from cxplan.plan.codecs import ALL, ValueProblem
from cxplan.plan.edit import PlanEditor, editing
from cxplan.plan.ids import new_id
from cxplan.plan.integrity import integrity_problems
from cxplan.plan.messages import first_message
from cxplan.plan.model import (
    Action,
    Commitment,
    Customer,
    Measure,
    Plan,
    SignOff,
    Standard,
    Touchpoint,
)
from cxplan.plan.serialize import fingerprint as plan_fingerprint
from cxplan.workbook.cells import column_letter, fingerprint, grid, normal
from cxplan.workbook.layout import (
    FORMAT,
    META_SHEET,
    OLDEST_FORMAT,
    SHEETS,
    Col,
    SheetSpec,
    TableSpec,
    form_row,
    header_row,
    localized,
    read,
    sheets_for,
)
from cxplan.workbook.merge import Conflict, Merge, get, merge
from cxplan.workbook.read import Workbook, WorkbookError, check_zip, refuse

MODELS: dict[str, type[BaseModel] | None] = {
    "Commitments": Commitment,
    "SignOff": SignOff,
    "Aims": None,
    "Segments": Customer,
    "Physical": None,
    "Emotional": None,
    "Touchpoints": Touchpoint,
    "Standards": Standard,
    "Measures": Measure,
    "Actions": Action,
}
ID_FROM = {
    "Segments": ("name", ""),
    "Touchpoints": ("name", ""),
    "Standards": ("standard", "s-"),
    "Measures": ("name", ""),
    "Actions": ("title", "a-"),
}
TABLE_OF = {spec.path: spec for sheet in SHEETS for spec in sheet.tables}


@dataclass
class Row:
    """One table row read from the workbook: its values, and where each came from."""

    file: str
    number: int
    item: Any
    sheet: str
    spec: TableSpec

    @property
    def cells(self) -> dict[str, SheetCell]:
        """Field -> its cell, made only when a message needs it."""
        return {
            col.key or "value": SheetCell(self.file, self.sheet, f"{column_letter(c)}{self.number}")
            for c, col in enumerate(self.spec.columns, start=self.spec.column)
        }


@dataclass
class WorkbookContent:
    """Everything read from a workbook."""

    path: Path
    meta: dict[str, Any]
    chunks: list[str]  # the hidden copy of the plan as it was built: JSON, cut into cells
    form: dict[tuple[str, ...], Any]
    form_cells: dict[tuple[str, ...], SheetCell]
    tables: dict[str, list[Row]]
    cells: dict[str, tuple[int, list[list[Any]]]]  # sheet -> (header row, its rows)
    sheets: tuple[SheetSpec, ...] = SHEETS  # the layout of the workbook's format
    _base: dict[str, Any] | None = None

    @property
    def base(self) -> dict[str, Any]:
        """The plan as the workbook was built from it, decoded when first asked for.

        Decoded, a big plan's copy takes three times the memory of its text; an import of
        a plan that did not change since the build takes the plan itself instead.
        """
        if self._base is None:
            self._base = _decode(self.path, self.chunks)
        return self._base

    @base.setter
    def base(self, value: dict[str, Any]) -> None:
        self._base = value
        self.chunks = []

    @property
    def values(self) -> list[tuple[str, Any]]:
        """Every data cell as (Sheet!A1, value), in the order the writer wrote them."""
        out: list[tuple[str, Any]] = []
        for sheet in self.sheets:
            top, rows = self.cells[sheet.name]
            for i, _ in enumerate(sheet.form):
                row = form_row(sheet, i)
                out.append((f"{sheet.name}!B{row}", _at(rows, row, 2)))
            for spec in sheet.tables:
                columns = range(spec.column, spec.column + len(spec.columns))
                last = _last_row(rows, top, columns)
                for r in range(top + 1, last + 1):
                    for c in columns:
                        out.append((f"{sheet.name}!{column_letter(c)}{r}", _at(rows, r, c)))
        return out

    def unchanged(self) -> bool:
        """True when no cell differs from what cxplan wrote."""
        return fingerprint(self.values) == self.meta.get("values")


@dataclass(frozen=True)
class Change:
    """One change the import makes (or would make) to the plan."""

    kind: str  # changed, added, removed, moved
    field: str
    old: Any = None
    new: Any = None
    cell: SheetCell | None = None

    def __str__(self) -> str:
        where = f"  ({self.cell.address})" if self.cell else ""
        if self.kind == "added":
            return f"+ {self.field}{where}"
        if self.kind == "removed":
            return f"- {self.field}"
        if self.kind == "moved":
            return f"~ {self.field}: new order"
        return f"~ {self.field}: {show(self.old)} -> {show(self.new)}{where}"


@dataclass
class ImportResult:
    """What an import found and did."""

    changes: list[Change] = field(default_factory=list)
    merged: bool = False  # the plan had changed since the workbook was built
    forced: list[Conflict] = field(default_factory=list)  # conflicts settled by --force


def show(value: Any) -> str:
    """A value as a list of changes shows it: yes/no, numbers plainly, text quoted."""
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def conflict_text(conflict: Conflict) -> str:
    """``touchpoints[x].owner (plan: 'Front desk', workbook: 'Reception')``."""
    return f"{conflict.field} (plan: {show(conflict.ours)}, workbook: {show(conflict.theirs)})"


# ---------------------------------------------------------------------------- reading


def read_workbook(path: Path) -> WorkbookContent:
    """Read a workbook cxplan built; every problem with it is an InputError."""
    check_zip(path)

    try:
        with zipfile.ZipFile(path) as archive:
            wb = Workbook(archive)
            if META_SHEET not in wb.sheets:
                raise refuse(
                    path,
                    "was not built by cxplan (it has no hidden _cxplan sheet); "
                    "`cxplan import` reads the workbooks `cxplan build` writes",
                )
            meta, chunks = _meta(path, wb.rows(META_SHEET))
            # A workbook keeps the language it was written in (English before there was one).
            lang = language(str(meta.get("language") or "en"))
            sheets = localized(sheets_for(int(meta["format"])), lang)
            form: dict[tuple[str, ...], Any] = {}
            form_cells: dict[tuple[str, ...], SheetCell] = {}
            tables: dict[str, list[Row]] = {}
            cells: dict[str, tuple[int, list[list[Any]]]] = {}
            for sheet in sheets:
                if sheet.name not in wb.sheets:
                    raise refuse(
                        path,
                        f"has no sheet {sheet.name!r}; was it renamed or deleted?",
                        "Rename the sheet back, or build a fresh workbook.",
                    )
                rows = wb.rows(sheet.name)
                for i, spec in enumerate(sheet.form):
                    row = form_row(sheet, i)
                    form[spec.path] = _at(rows, row, 2)
                    form_cells[spec.path] = SheetCell(str(path), sheet.name, f"B{row}")
                top = header_row(sheet)
                cells[sheet.name] = (top, rows)
                for table in sheet.tables:
                    tables[table.name] = _table(path, sheet.name, rows, top, table)
    except WorkbookError as err:
        where = err.where(path)
        if where:
            raise InputError([Problem(str(err), where)], hint="Nothing was imported.") from None
        raise refuse(path, f"cannot be read as an Excel workbook: {err}") from None
    except (zipfile.BadZipFile, ValueError, IndexError) as err:
        raise refuse(path, f"is damaged and cannot be read ({err})") from None
    content = WorkbookContent(path, meta, chunks, form, form_cells, tables, cells, sheets)
    whole = hashlib.sha256()
    for chunk in chunks:
        whole.update(chunk.encode())
    if whole.hexdigest() != meta.get("plan"):
        content.base = _decode(path, chunks)  # not as cxplan wrote it: is it JSON at all?
    return content


def _at(rows: list[list[Any]], row: int, column: int) -> Any:
    if row - 1 < len(rows) and column - 1 < len(rows[row - 1]):
        return rows[row - 1][column - 1]
    return None


def _meta(path: Path, rows: list[list[Any]]) -> tuple[dict[str, Any], list[str]]:
    meta = {str(r[0]): r[1] for r in rows[:19] if r and r[0] is not None and len(r) > 1}
    fmt = meta.get("format")
    if not (isinstance(fmt, int) and OLDEST_FORMAT <= fmt <= FORMAT):
        if isinstance(fmt, (int, float)) and fmt < OLDEST_FORMAT:
            raise refuse(
                path,
                f"was built by an older cxplan (workbook format {fmt}); build a "
                "fresh workbook from the plan",
            )
        raise refuse(
            path,
            f"has workbook format {fmt!r}, which this cxplan does not read",
            "Upgrade cxplan, or build a fresh workbook from the plan.",
        )
    chunks = min(int(meta.get("chunks") or 0), max(len(rows) - 19, 0))  # not 2e9 lookups
    return meta, [str(_at(rows, 20 + i, 2) or "") for i in range(chunks)]


def _decode(path: Path, chunks: list[str]) -> dict[str, Any]:
    """The hidden copy of the plan, from its JSON cut into cells."""
    try:
        base = json.loads("".join(chunks))
    except (ValueError, RecursionError):
        base = None
    if not isinstance(base, dict):
        raise refuse(path, "its hidden _cxplan sheet is damaged; build a fresh workbook")
    return base


def _table(path: Path, sheet: str, rows: list[list[Any]], top: int, spec: TableSpec) -> list[Row]:
    for c, col in enumerate(spec.columns, start=spec.column):
        found = _at(rows, top, c)
        if found != col.header:
            raise InputError(
                [
                    Problem(
                        f"expected the column {col.header!r} here, found "
                        f"{show(found)}; columns must stay where cxplan put them",
                        SheetCell(str(path), sheet, f"{column_letter(c)}{top}"),
                    )
                ],
                hint="Move the column back, or build a fresh workbook.",
            )
    columns = range(spec.column, spec.column + len(spec.columns))
    keys = [col.key for col in spec.columns]
    out = []
    first, end = spec.column - 1, spec.column - 1 + len(spec.columns)
    for r in range(top + 1, _last_row(rows, top, columns) + 1):
        cells = rows[r - 1][first:end] if r - 1 < len(rows) else []
        if all(v is None or v == "" for v in cells):
            continue
        cells = cells + [None] * (len(keys) - len(cells))
        out.append(Row(str(path), r, dict(zip(keys, cells, strict=True)), sheet, spec))
    return out


def _last_row(rows: list[list[Any]], top: int, columns: range) -> int:
    """The last row at or below ``top`` with anything in ``columns``."""
    first, end = columns.start - 1, columns.stop - 1
    for r in range(len(rows), top, -1):
        if any(v is not None and v != "" for v in rows[r - 1][first:end]):
            return r
    return top


# ---------------------------------------------------------------------------- converting


def _cell_to_field(where: Callable[[], Location], col: Col, value: Any, name: str) -> Any:
    """A cell's value as the plan field's value, read by the field's codec; ``where`` gives
    the cell for a message."""
    try:
        return col.codec.parse(read(col, value))
    except ValueProblem as problem:
        raise InputError([Problem(problem.message, where(), name)]) from None


def _items(
    content: WorkbookContent, name: str, spec: TableSpec, language: str | None = None
) -> tuple[list[Any], dict[str, Row]]:
    """A table's rows as plan items (JSON form), checked with the plan's model."""
    model = MODELS[name]
    rows = content.tables[name]
    # Fields the sheet has no column for travel from the plan the workbook was built from,
    # so the merge sees them unchanged (a row's id finds its item; unkeyed rows, their place).
    shown = {col.key for col in spec.columns}
    built = get(content.base, spec.path) or []
    by_id = {i.get("id"): i for i in built if isinstance(i, dict)} if spec.keyed else {}
    out: list[Any] = []
    where_by_id: dict[str, Row] = {}
    taken = {str(r.item.get("id")).strip() for r in rows if r.item.get("id")}
    for position, row in enumerate(rows):
        label = f"{field_name(spec.path)}[{position}]"
        fields: dict[str, Any] = {}
        for col in spec.columns:
            key = col.key or "value"
            fields[key] = _cell_to_field(
                lambda row=row, key=key: row.cells[key],  # type: ignore[misc]
                col,
                row.item[col.key],
                f"{label}.{col.key}" if col.key else label,
            )
        if model is None:
            if fields["value"] is not None:
                out.append(fields["value"])
            continue
        if spec.keyed and not fields.get("id"):
            source_field, prefix = ID_FROM[name]
            text = str(fields.get(source_field) or name)
            fields["id"] = new_id(text, taken, prefix=prefix, language=language)
            taken.add(fields["id"])
        before = by_id.get(fields.get("id")) if spec.keyed else None
        if not spec.keyed and position < len(built) and isinstance(built[position], dict):
            before = built[position]
        if before is not None:
            fields = {**{k: v for k, v in before.items() if k not in shown}, **fields}
        try:
            item = model.model_validate(fields)
        except ValidationError as err:
            loc, message = first_message(err, spec.path)
            key = str(loc[0]) if loc else ""
            cell = row.cells.get(key, next(iter(row.cells.values())))
            raise InputError([Problem(message, cell, f"{label}.{key}")]) from None
        data = item.model_dump(mode="json")
        if spec.keyed:
            if data["id"] in where_by_id:
                first = where_by_id[data["id"]].cells["id"]
                raise InputError(
                    [
                        Problem(
                            f"duplicate id {data['id']!r} (also in {first.address})",
                            row.cells["id"],
                            f"{label}.id",
                        )
                    ]
                )
            where_by_id[data["id"]] = row
        out.append(data)
    return out, where_by_id


def workbook_plan(
    content: WorkbookContent, ours: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan as the workbook has it (JSON form), and where each item came from."""
    # What the workbook has no cell for is ours, shared: only the sections on the way to a
    # cell are copied (a deep copy of a big plan costs as much memory as the plan).
    theirs = dict(ours)
    origin: dict[str, Any] = {}
    for path, value in content.form.items():
        node = _section(theirs, path)
        col = Col(path[-1], "")
        node[path[-1]] = _cell_to_field(
            lambda path=path: content.form_cells[path],  # type: ignore[misc]
            col,
            value,
            field_name(path),
        )
    # New rows get ids by the rule of the plan's language (its small words are dropped).
    client = theirs.get("client")
    language = str(client.get("language") or "") if isinstance(client, dict) else ""
    for sheet in content.sheets:
        for spec in sheet.tables:
            items, where = _items(content, spec.name, spec, language or None)
            _section(theirs, spec.path)[spec.path[-1]] = items
            origin[spec.name] = where
    every = [t["id"] for t in theirs.get("touchpoints") or []]
    if ALL not in every and theirs.get("measures"):
        theirs["measures"] = [
            {**measure, "touchpoints": list(every)}
            if [ref.lower() for ref in measure.get("touchpoints") or []] == [ALL]
            else measure
            for measure in theirs["measures"]
        ]
    return theirs, origin


def _section(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The mapping that holds ``path``'s last part, each mapping on the way a fresh copy."""
    node = data
    for part in path[:-1]:
        inner = node.get(part)
        node[part] = dict(inner) if isinstance(inner, dict) else {}
        node = node[part]
    return node


def _model_of(spec: TableSpec) -> type[BaseModel]:
    model = MODELS[spec.name]
    assert model is not None
    return model


def _yaml_value(model: type[BaseModel], key: str, value: Any) -> Any:
    # Dates travel as text in the JSON form; the plan file writes them as YAML dates.
    annotation = str(model.model_fields[key].annotation)
    if isinstance(value, str) and "date" in annotation:
        return dt.date.fromisoformat(value)
    return value


def _default(model: type[BaseModel], key: str) -> Any:
    info = model.model_fields[key]
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    default = info.default
    return getattr(default, "value", default)


def _item_yaml(model: type[BaseModel], item: dict[str, Any]) -> dict[str, Any]:
    """A new item as the plan file writes it: fields in contract order, defaults left out."""
    out = {}
    for key in model.model_fields:
        value = item.get(key)
        if key != "id" and value == _default(model, key):
            continue
        out[key] = _yaml_value(model, key, value)
    return out


def changes_of(ours: dict[str, Any], merged: Merge, origin: dict[str, Any]) -> list[Change]:
    """What the import changes in the plan file, by id and field, sheet by sheet."""
    changes: list[Change] = []
    for sheet in SHEETS:
        for form in sheet.form:
            if form.path in merged.form:
                changes.append(
                    Change(
                        "changed",
                        field_name(form.path),
                        get(ours, form.path),
                        merged.form[form.path],
                    )
                )
        for spec in sheet.tables:
            label = field_name(spec.path)
            if spec.path in merged.lists:
                changes.append(
                    Change("changed", label, get(ours, spec.path), merged.lists[spec.path])
                )
                continue
            if not spec.keyed:
                continue
            rows = origin.get(spec.name, {})
            current = {i["id"]: i for i in get(ours, spec.path) or []}
            for ident in merged.removed.get(spec.path, []):
                changes.append(Change("removed", f"{label}[{ident}]"))
            for ident, fields in merged.fields.get(spec.path, {}).items():
                cells = rows[ident].cells if ident in rows else {}
                for key, value in fields.items():
                    changes.append(
                        Change(
                            "changed",
                            f"{label}[{ident}].{key}",
                            current[ident].get(key),
                            value,
                            cells.get(key),
                        )
                    )
            for item in merged.added.get(spec.path, []):
                cells = rows[item["id"]].cells if item["id"] in rows else {}
                changes.append(Change("added", f"{label}[{item['id']}]", cell=cells.get("id")))
            order = merged.order.get(spec.path)
            if order is not None:
                gone = set(merged.removed.get(spec.path, []))
                kept = [i for i in current if i not in gone]
                if [i for i in order if i in current] != kept:
                    changes.append(Change("moved", label))
    return changes


def apply_changes(edit: PlanEditor, merged: Merge) -> None:
    """Make the plan file say what the merge decided, touching only what differs."""
    for sheet in SHEETS:
        for form in sheet.form:
            if form.path in merged.form:
                value = merged.form[form.path]
                if value is not None or edit.get(form.path) is not None:
                    edit.set(form.path, value)
        for spec in sheet.tables:
            if spec.path in merged.lists:
                model = MODELS[spec.name]
                new = merged.lists[spec.path]
                edit.set(spec.path, [_item_yaml(model, i) for i in new] if model else new)
                continue
            if not spec.keyed:
                continue
            model = _model_of(spec)
            ids = [i["id"] for i in (edit.get(spec.path) or [])]
            gone = set(merged.removed.get(spec.path, []))
            for position in reversed(range(len(ids))):
                if ids[position] in gone:
                    edit.delete((*spec.path, position))
                    del ids[position]
            index = {ident: n for n, ident in enumerate(ids)}
            for ident, fields in merged.fields.get(spec.path, {}).items():
                position = index[ident]
                item_now = edit.get((*spec.path, position))
                for key, value in fields.items():
                    place: tuple[str | int, ...] = (*spec.path, position, key)
                    if value == _default(model, key) or value is None:
                        if key in item_now:
                            edit.delete(place)
                    else:
                        edit.set(place, _yaml_value(model, key, value))
            for item in merged.added.get(spec.path, []):
                edit.append(spec.path, _item_yaml(model, item))
                ids.append(item["id"])
            order = merged.order.get(spec.path)
            if order is not None and ids != order:
                for slot, ident in enumerate(order):
                    here = ids.index(ident, slot)
                    if here != slot:
                        edit.move(spec.path, here, slot)
                        ids.insert(slot, ids.pop(here))


def import_workbook(
    workbook: Path, plan_path: Path, *, dry_run: bool = False, force: bool = False
) -> ImportResult:
    """Bring the workbook's edits into the plan (or only say what they are, with dry_run).

    The plan's lock is held from reading the plan to writing it: a second import (or a
    workshop answer) waits, and then works on what this one wrote.
    """
    content = read_workbook(workbook)
    with editing(plan_path) as editor:
        ours = editor.plan().model_dump(mode="json")
        _same_plan(content, ours, plan_path)
        merged, origin, since = _merged(content, ours)
        del content  # the workbook's cells: only the rows ``origin`` names are needed now
        outcome = ImportResult(merged=since)
        if merged.conflicts and not force:
            shown = "; ".join(conflict_text(c) for c in merged.conflicts[:8])
            more = f"; and {len(merged.conflicts) - 8} more" if len(merged.conflicts) > 8 else ""
            raise RefusedError(
                f"{plan_path} changed since {workbook.name} was built, and both changed: "
                f"{shown}{more}; nothing was imported",
                hint="Import with --force to take the workbook's values for these fields, or "
                "build a fresh workbook from the plan.",
            )
        outcome.forced = list(merged.conflicts)
        _reviewed(ours, merged)
        outcome.changes = changes_of(ours, merged, origin)
        del ours  # a copy of the whole plan; the check below makes its own
        if not outcome.changes:
            return outcome  # nothing to write: the plan file stays byte for byte the same
        apply_changes(editor, merged)
        _check(editor, origin)
        if not dry_run:
            editor.save()
    return outcome


def _merged(content: WorkbookContent, ours: dict[str, Any]) -> tuple[Merge, dict[str, Any], bool]:
    """The merge of the workbook's edits into ``ours``, where each row came from, and
    whether the plan changed since the workbook was built.

    The plan as it was built and as the workbook has it are two more copies of the whole
    plan; they are dropped when this returns.
    """
    if content.meta.get("plan") == plan_fingerprint(ours):
        base = ours  # the plan did not change since the build: the copy would be the same
    elif content.base:
        base = Plan.model_validate(content.base).model_dump(mode="json")
    else:
        base = ours
    content.base = base  # the checked copy stands in for the raw one, which goes
    theirs, origin = workbook_plan(content, ours)
    return merge(base, ours, theirs), origin, base is not ours and base != ours


def _reviewed(ours: dict[str, Any], merged: Merge) -> None:
    """A starter item the team edited in the workbook is theirs now: it is reviewed."""
    for path, items in merged.fields.items():
        current = {i["id"]: i for i in get(ours, path) or [] if isinstance(i, dict)}
        for ident, fields in items.items():
            if current.get(ident, {}).get("reviewed") is False:
                fields["reviewed"] = True


def _same_plan(content: WorkbookContent, ours: dict[str, Any], plan_path: Path) -> None:
    """Refuse a workbook built from another plan: another plan id, or another client."""
    their_id, my_id = str(content.meta.get("plan_id") or ""), str(ours.get("plan_id") or "")
    if their_id and my_id and their_id != my_id:
        raise RefusedError(
            f"{content.path} was built from another plan (plan id {their_id}) than "
            f"{plan_path} (plan id {my_id}); nothing was imported",
            hint="Give the workbook of this plan, or the plan this workbook was built from.",
        )
    theirs = str(content.meta.get("client") or content.base.get("client", {}).get("name") or "")
    mine = str(ours.get("client", {}).get("name") or "")
    if theirs and mine and " ".join(theirs.split()) != " ".join(mine.split()):
        raise RefusedError(
            f"{content.path} was built from the plan of {theirs!r}, not from {plan_path} "
            f"({mine!r}); nothing was imported",
            hint="Give the workbook of this plan, or the plan this workbook was built from.",
        )


def _check(editor: PlanEditor, origin: dict[str, Any]) -> None:
    """The merged plan must be valid: a reference to a missing id names its cell."""
    problems = []
    for problem in integrity_problems(editor.plan()):
        path = problem.path
        spec = next((s for p, s in TABLE_OF.items() if tuple(path[: len(p)]) == p), None)
        cell: Location | None = None
        if spec is not None and problem.subject in origin.get(spec.name, {}):
            row = origin[spec.name][problem.subject]
            key = next((str(p) for p in reversed(path) if isinstance(p, str)), "id")
            cell = row.cells.get(key, row.cells.get("id"))
        problems.append(problem.located(cell or Location(str(editor.path))))
    if problems:
        raise InputError(problems, hint="Nothing was imported.")


@dataclass
class Guard:
    """What a rebuild would do to an existing workbook."""

    safe: bool
    reason: str = ""
    cell: Location | None = None


def guard_workbook(path: Path, plan: Plan) -> Guard:
    """May ``path`` be overwritten? Not when it holds edits the plan does not have yet."""
    try:
        content = read_workbook(path)
    except InputError as err:
        return Guard(False, f"is not a workbook cxplan can read ({err.problems[0].message})")
    if content.unchanged():
        return Guard(True)
    ours = plan.model_dump(mode="json")
    try:
        theirs, _ = workbook_plan(content, ours)
    except InputError as err:
        return Guard(False, "holds edits that are not in the plan yet", err.problems[0].where)
    if not changes_of(ours, merge(ours, ours, theirs), {}):
        return Guard(True)  # edited, and the edits were imported
    written = {f"{c.sheet}!{c.where}": normal(c.value) for c in grid(content.base, content.sheets)}
    found = next(
        (where for where, value in content.values if written.get(where) != normal(value)), ""
    )
    cell = None
    if found:
        sheet, ref = found.rsplit("!", 1)
        cell = SheetCell(str(path), sheet, ref)
    return Guard(False, "holds edits that are not in the plan yet", cell)
