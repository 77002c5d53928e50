"""`cxplan import`: the team's edits in a workshop workbook, back into the plan as a diff.

The workbook is read, never re-saved. Its cells are validated with the plan's own model;
what changed since cxplan wrote it (the hidden sheet keeps a copy of the plan as it was)
is merged into the plan file field by field, keeping the file's comments. A field the
workbook and the plan file both changed is a conflict, refused unless --force.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cxplan.errors import InputError, Problem, RefusedError
from cxplan.plan.load import PlanDocument, field_name, load, slug
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
from cxplan.render.xlsx import column_letter, fingerprint, normal, quoted
from cxplan.workbook.layout import (
    ALL,
    FORMAT,
    META_SHEET,
    SHEETS,
    Col,
    TableSpec,
    form_row,
    header_row,
)

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 400 * 1024 * 1024
MAX_RATIO = 150  # a zip entry that expands more than this is a zip bomb, not a workbook

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
_BULLET = re.compile(r"^\s*(?:[•\-*·▪◦]\s+)")


@dataclass
class Row:
    """One table row read from the workbook: its values, and where each came from."""

    number: int
    item: Any
    sheet: str
    spec: TableSpec

    @property
    def cells(self) -> dict[str, str]:
        """Field -> "'Sheet'!A1", made only when a message needs it."""
        return {
            col.key or "value": f"{quoted(self.sheet)}!{column_letter(c)}{self.number}"
            for c, col in enumerate(self.spec.columns, start=self.spec.column)
        }


@dataclass
class Read:
    """Everything read from a workbook."""

    path: Path
    meta: dict[str, Any]
    base: dict[str, Any]
    form: dict[tuple[str, ...], Any]
    form_cells: dict[tuple[str, ...], str]
    tables: dict[str, list[Row]]
    cells: dict[str, tuple[int, list[list[Any]]]]  # sheet -> (header row, its rows)

    @property
    def values(self) -> list[tuple[str, Any]]:
        """Every data cell as (Sheet!A1, value), in the order the writer wrote them."""
        out: list[tuple[str, Any]] = []
        for sheet in SHEETS:
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
    cell: str = ""

    def __str__(self) -> str:
        where = f"  ({self.cell})" if self.cell else ""
        if self.kind == "added":
            return f"+ {self.field}{where}"
        if self.kind == "removed":
            return f"- {self.field}"
        if self.kind == "moved":
            return f"~ {self.field}: new order"
        return f"~ {self.field}: {_show(self.old)} -> {_show(self.new)}{where}"


@dataclass
class ImportResult:
    """What an import found and did."""

    changes: list[Change] = field(default_factory=list)
    applied: bool = False
    merged: bool = False  # the plan had changed since the workbook was built
    forced: list[str] = field(default_factory=list)  # conflicts settled by --force


def _show(value: Any) -> str:
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# ---------------------------------------------------------------------------- reading


def _refuse(path: Path, message: str, hint: str = "") -> InputError:
    return InputError([Problem(str(path), message)], hint=hint)


def _safe_zip(path: Path) -> None:
    """Refuse what is not a workbook, or is built to exhaust memory, before opening it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except OSError as err:
        raise _refuse(path, f"cannot be read: {err.strerror}") from None
    if size > MAX_BYTES:
        raise _refuse(path, f"is {size:,} bytes; a workshop workbook is far smaller")
    if not zipfile.is_zipfile(path):
        raise _refuse(
            path,
            "is not an Excel workbook (.xlsx): it is not even a zip file",
            "Give the .xlsx that `cxplan build` wrote (not a .xls or .csv).",
        )
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            # Office never writes a DOCTYPE; one in a workbook is an entity-expansion attack
            # ("billion laughs"). openpyxl's parsers would not expand it, but it is refused.
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and info.file_size < MAX_UNPACKED:
                    with z.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _refuse(
                            path,
                            "holds XML entity declarations, which cxplan "
                            "refuses to read (they are a known way to attack XML "
                            "readers)",
                        )
    except zipfile.BadZipFile:
        raise _refuse(path, "is damaged: the zip inside it cannot be read") from None
    if "xl/workbook.xml" not in names:
        raise _refuse(path, "is not an Excel workbook (.xlsx): it has no xl/workbook.xml")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED or (info.file_size > 10_000_000 and ratio > MAX_RATIO):
            raise _refuse(path, "expands to an absurd size (a zip bomb?); cxplan will not open it")


def read_workbook(path: Path) -> Read:
    """Read a workbook cxplan built; every problem with it is an InputError."""
    _safe_zip(path)
    from cxplan.workbook.read import Workbook, WorkbookError

    try:
        with zipfile.ZipFile(path) as archive:
            wb = Workbook(archive)
            if META_SHEET not in wb.sheets:
                raise _refuse(
                    path,
                    "was not built by cxplan (it has no hidden _cxplan sheet); "
                    "`cxplan import` reads the workbooks `cxplan build` writes",
                )
            meta, base = _meta(path, wb.rows(META_SHEET))
            form: dict[tuple[str, ...], Any] = {}
            form_cells: dict[tuple[str, ...], str] = {}
            tables: dict[str, list[Row]] = {}
            cells: dict[str, tuple[int, list[list[Any]]]] = {}
            for sheet in SHEETS:
                if sheet.name not in wb.sheets:
                    raise _refuse(
                        path,
                        f"has no sheet {sheet.name!r}; was it renamed or deleted?",
                        "Rename the sheet back, or build a fresh workbook.",
                    )
                rows = wb.rows(sheet.name)
                for i, spec in enumerate(sheet.form):
                    row = form_row(sheet, i)
                    form[spec.path] = _at(rows, row, 2)
                    form_cells[spec.path] = f"{quoted(sheet.name)}!B{row}"
                top = header_row(sheet)
                cells[sheet.name] = (top, rows)
                for table in sheet.tables:
                    tables[table.name] = _table(path, sheet.name, rows, top, table)
    except WorkbookError as err:
        raise _refuse(path, f"cannot be read as an Excel workbook: {err}") from None
    except (zipfile.BadZipFile, ValueError, IndexError) as err:
        raise _refuse(path, f"is damaged and cannot be read ({err})") from None
    return Read(path, meta, base, form, form_cells, tables, cells)


def _at(rows: list[list[Any]], row: int, column: int) -> Any:
    if row - 1 < len(rows) and column - 1 < len(rows[row - 1]):
        return rows[row - 1][column - 1]
    return None


def _meta(path: Path, rows: list[list[Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    meta = {str(r[0]): r[1] for r in rows[:19] if r and r[0] is not None and len(r) > 1}
    fmt = meta.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, (int, float)) and fmt < FORMAT:
            raise _refuse(
                path,
                f"was built by an older cxplan (workbook format {fmt}); build a "
                "fresh workbook from the plan",
            )
        raise _refuse(
            path,
            f"has workbook format {fmt!r}, which this cxplan does not read",
            "Upgrade cxplan, or build a fresh workbook from the plan.",
        )
    chunks = int(meta.get("chunks") or 0)
    text = "".join(str(_at(rows, 20 + i, 2) or "") for i in range(chunks))
    try:
        base = json.loads(text)
    except ValueError:
        raise _refuse(path, "its hidden _cxplan sheet is damaged; build a fresh workbook") from None
    return meta, base


def _table(path: Path, sheet: str, rows: list[list[Any]], top: int, spec: TableSpec) -> list[Row]:
    for c, col in enumerate(spec.columns, start=spec.column):
        found = _at(rows, top, c)
        if found != col.header:
            where = f"{quoted(sheet)}!{column_letter(c)}{top}"
            raise InputError(
                [
                    Problem(
                        f"{path} {where}",
                        f"expected the column {col.header!r} here, found "
                        f"{_show(found)}; columns must stay where cxplan put them",
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
        out.append(Row(r, dict(zip(keys, cells, strict=True)), sheet, spec))
    return out


def _last_row(rows: list[list[Any]], top: int, columns: range) -> int:
    """The last row at or below ``top`` with anything in ``columns``."""
    first, end = columns.start - 1, columns.stop - 1
    for r in range(len(rows), top, -1):
        if any(v is not None and v != "" for v in rows[r - 1][first:end]):
            return r
    return top


# ---------------------------------------------------------------------------- converting


def _cell_to_field(path: Path, where: Any, col: Col, value: Any, name: str) -> Any:
    """A cell's value as the plan field's value; ``where`` (or a function giving it) names
    the cell in an error."""

    def bad(message: str) -> InputError:
        place = where() if callable(where) else where
        return InputError([Problem(f"{path} {place}", message, name)])

    if value is None or (isinstance(value, str) and not value.strip()):
        return False if col.kind == "bool" else ([] if col.kind in ("lines", "ids") else None)
    if col.kind == "lines":
        return _lines(str(value))
    if col.kind == "ids":
        parts = [part.strip() for part in re.split(r"[,;\n]", str(value)) if part.strip()]
        return [ALL] if [p.lower() for p in parts] == [ALL] else parts
    if col.kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("yes", "y", "true", "1", "x"):
            return True
        if word in ("no", "n", "false", "0"):
            return False
        raise bad(f"{_show(value)} is not Yes or No")
    if col.kind == "rating":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad(f"{_show(value)} is not a rating; give a whole number from 1 to 5") from None
        if not number.is_integer() or not 1 <= number <= 5:
            raise bad(f"{_show(value)} is not a rating; give a whole number from 1 to 5")
        return int(number)
    if col.kind == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        text = str(value).strip().rstrip("%").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise bad(f"{_show(value)} is not a number") from None
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise bad(f"{_show(value)} is not a date; write it as 2027-01-31") from None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text.strip() if col.kind in ("id", "ref", "choice") else text


def _items(read: Read, name: str, spec: TableSpec) -> tuple[list[Any], dict[str, Row]]:
    """A table's rows as plan items (JSON form), checked with the plan's model."""
    model = MODELS[name]
    rows = read.tables[name]
    out: list[Any] = []
    where_by_id: dict[str, Row] = {}
    taken = {str(r.item.get("id")).strip() for r in rows if r.item.get("id")}
    for position, row in enumerate(rows):
        label = f"{field_name(spec.path)}[{position}]"
        fields: dict[str, Any] = {}
        for col in spec.columns:
            key = col.key or "value"
            fields[key] = _cell_to_field(
                read.path,
                lambda row=row, key=key: row.cells[key],
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
            base = (prefix + slug(str(fields.get(source_field) or name)))[:60].strip("-")
            ident, n = base, 2
            while ident in taken:
                ident, n = f"{base}-{n}", n + 1
            taken.add(ident)
            fields["id"] = ident
        try:
            item = model.model_validate(fields)
        except ValidationError as err:
            e = err.errors(include_url=False)[0]
            key = str(e["loc"][0]) if e["loc"] else ""
            cell = row.cells.get(key, next(iter(row.cells.values())))
            raise InputError(
                [Problem(f"{read.path} {cell}", _message(e), f"{label}.{key}")]
            ) from None
        data = item.model_dump(mode="json")
        if spec.keyed:
            if data["id"] in where_by_id:
                first = where_by_id[data["id"]].cells["id"]
                raise InputError(
                    [
                        Problem(
                            f"{read.path} {row.cells['id']}",
                            f"duplicate id {data['id']!r} (also in {first})",
                            f"{label}.id",
                        )
                    ]
                )
            where_by_id[data["id"]] = row
        out.append(data)
    return out, where_by_id


def _message(error: Any) -> str:
    text = str(error["msg"])
    value = error.get("input")
    if error["type"] == "enum":
        return f"{_show(value)} is not allowed here; use one of: {error['ctx']['expected']}"
    if error["type"] == "string_pattern_mismatch":
        return (
            f"{_show(value)} is not a valid id: use lowercase letters, digits and '-' "
            f"(e.g. {slug(str(value))!r})"
        )
    return f"{text} (got {_show(value)})"


def workbook_plan(read: Read, ours: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan as the workbook has it (JSON form), and where each item came from."""
    theirs = copy.deepcopy(ours)
    origin: dict[str, Any] = {}
    for path, value in read.form.items():
        node = theirs
        for part in path[:-1]:
            node = node.setdefault(part, {})
        col = Col(path[-1], "")
        node[path[-1]] = _cell_to_field(
            read.path, read.form_cells[path], col, value, field_name(path)
        )
    for sheet in SHEETS:
        for spec in sheet.tables:
            items, where = _items(read, spec.name, spec)
            node = theirs
            for part in spec.path[:-1]:
                node = node.setdefault(part, {})
            node[spec.path[-1]] = items
            origin[spec.name] = where
    every = [t["id"] for t in theirs.get("touchpoints") or []]
    if ALL not in every:
        for measure in theirs.get("measures") or []:
            if [ref.lower() for ref in measure.get("touchpoints") or []] == [ALL]:
                measure["touchpoints"] = list(every)
    return theirs, origin


# ---------------------------------------------------------------------------- merging


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _same(value: Any) -> Any:
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
        return [_same_item(v) if isinstance(v, dict) else _same(v) for v in value]
    return value


def _same_item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _same(v) for k, v in item.items()}


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (_BULLET.sub("", part).strip() for part in text.split("\n")) if p]


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


@dataclass
class Merge:
    """What the import does to the plan: only what differs from the plan file as it is."""

    form: dict[tuple[str, ...], Any] = field(default_factory=dict)
    lists: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
    removed: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    added: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    fields: dict[tuple[str, ...], dict[str, dict[str, Any]]] = field(default_factory=dict)
    order: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)


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
            out.conflicts.append(label)
        return bool(o != t)

    for sheet in SHEETS:
        for form in sheet.form:
            b, o, t = (_same(_get(d, form.path)) for d in (base, ours, theirs))
            if decide(field_name(form.path), b, o, t):
                out.form[form.path] = _get(theirs, form.path)
        for spec in sheet.tables:
            lists = [_get(d, spec.path) or [] for d in (base, ours, theirs)]
            if not spec.keyed:
                b, o, t = (_same(v) for v in lists)
                if decide(field_name(spec.path), b, o, t):
                    out.lists[spec.path] = lists[2]
                continue
            b_items, o_items, t_items = ({i["id"]: i for i in v} for v in lists)
            label = field_name(spec.path)
            for ident in o_items:
                if ident in b_items and ident not in t_items:
                    if _same_item(o_items[ident]) != _same_item(b_items[ident]):
                        out.conflicts.append(f"{label}[{ident}]")
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
                    b, t = _same(base_item.get(key)), _same(value)
                    if b == t:
                        continue
                    if here is None:
                        out.conflicts.append(f"{label}[{ident}]")
                        break
                    if decide(f"{label}[{ident}].{key}", b, _same(here.get(key)), t):
                        out.fields.setdefault(spec.path, {}).setdefault(ident, {})[key] = value
            order = _merge_order(*(list(d) for d in (b_items, o_items, t_items)))
            if order != list(o_items):
                out.order[spec.path] = order
    return out


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
                        _get(ours, form.path),
                        merged.form[form.path],
                    )
                )
        for spec in sheet.tables:
            label = field_name(spec.path)
            if spec.path in merged.lists:
                changes.append(
                    Change("changed", label, _get(ours, spec.path), merged.lists[spec.path])
                )
                continue
            if not spec.keyed:
                continue
            rows = origin.get(spec.name, {})
            current = {i["id"]: i for i in _get(ours, spec.path) or []}
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
                            cells.get(key, ""),
                        )
                    )
            for item in merged.added.get(spec.path, []):
                cells = rows[item["id"]].cells if item["id"] in rows else {}
                changes.append(Change("added", f"{label}[{item['id']}]", cell=cells.get("id", "")))
            order = merged.order.get(spec.path)
            if order is not None:
                gone = set(merged.removed.get(spec.path, []))
                kept = [i for i in current if i not in gone]
                if [i for i in order if i in current] != kept:
                    changes.append(Change("moved", label))
    return changes


def apply_changes(doc: PlanDocument, merged: Merge) -> None:
    """Make the plan file say what the merge decided, touching only what differs."""
    edit = doc.doc
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
    """Bring the workbook's edits into the plan (or only say what they are, with dry_run)."""
    read = read_workbook(workbook)
    loaded = load(plan_path, editing=True)
    ours = loaded.plan.model_dump(mode="json")
    base = Plan.model_validate(read.base).model_dump(mode="json") if read.base else ours
    theirs, origin = workbook_plan(read, ours)
    merged = merge(base, ours, theirs)
    outcome = ImportResult(merged=base != ours)
    if merged.conflicts and not force:
        shown = ", ".join(merged.conflicts[:8])
        more = f" and {len(merged.conflicts) - 8} more" if len(merged.conflicts) > 8 else ""
        raise RefusedError(
            f"{plan_path} changed since {workbook.name} was built, and both changed: "
            f"{shown}{more}; nothing was imported",
            hint="Import with --force to take the workbook's values for these fields, or "
            "build a fresh workbook from the plan.",
        )
    outcome.forced = list(merged.conflicts)
    outcome.changes = changes_of(ours, merged, origin)
    if not outcome.changes:
        return outcome  # nothing to write: the plan file stays byte for byte the same
    doc = PlanDocument.open(plan_path, loaded)
    apply_changes(doc, merged)
    _check(doc, read, origin)
    if not dry_run:
        outcome.applied = doc.save()
    return outcome


def _check(doc: PlanDocument, read: Read, origin: dict[str, Any]) -> None:
    """The merged plan must be valid: a reference to a missing id names its cell."""
    from cxplan.method.rules import integrity_findings

    plan = doc.plan()
    problems = []
    for finding in integrity_findings(plan):
        cell = ""
        section = finding.path[0] if finding.path else ""
        names = {
            "touchpoints": "Touchpoints",
            "standards": "Standards",
            "measures": "Measures",
            "customers": "Segments",
            "improvement": "Actions",
        }
        table = names.get(str(section))
        if table and finding.subject in origin.get(table, {}):
            row = origin[table][finding.subject]
            field_key = next((str(p) for p in reversed(finding.path) if isinstance(p, str)), "id")
            cell = row.cells.get(field_key, row.cells.get("id", ""))
        where = f"{read.path} {cell}" if cell else str(doc.path)
        problems.append(Problem(where, finding.message))
    if problems:
        raise InputError(problems, hint="Nothing was imported.")


@dataclass
class Guard:
    """What a rebuild would do to an existing workbook."""

    safe: bool
    reason: str = ""
    cell: str = ""


def guard_workbook(path: Path, plan: Plan) -> Guard:
    """May ``path`` be overwritten? Not when it holds edits the plan does not have yet."""
    try:
        read = read_workbook(path)
    except InputError as err:
        return Guard(False, f"is not a workbook cxplan can read ({err.problems[0].message})")
    if read.unchanged():
        return Guard(True)
    ours = plan.model_dump(mode="json")
    try:
        theirs, _ = workbook_plan(read, ours)
    except InputError as err:
        return Guard(False, "holds edits that are not in the plan yet", err.problems[0].where)
    if not changes_of(ours, merge(ours, ours, theirs), {}):
        return Guard(True)  # edited, and the edits were imported
    from cxplan.render.xlsx import grid

    written = {f"{c.sheet}!{c.where}": normal(c.value) for c in grid(read.base)}
    cell = next((where for where, value in read.values if written.get(where) != normal(value)), "")
    if cell:
        sheet, ref = cell.split("!")
        cell = f"{quoted(sheet)}!{ref}"
    return Guard(False, "holds edits that are not in the plan yet", cell)
