"""The workbook's cells: where each plan field sits, its cell value, and the fingerprint of edits.

The writer (render/xlsx.py) lays these cells out; the import and the build's guard read
the same grid back, so what is written and what is compared never drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from cxplan.errors import quote_sheet as quoted
from cxplan.plan.codecs import ALL
from cxplan.workbook.layout import (
    SHEETS,
    Col,
    SheetSpec,
    TableSpec,
    form_row,
    header_row,
    shown,
)

CELL_LIMIT = 32_767  # characters an Excel cell holds


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell_value(col: Col, value: Any) -> Any:
    """A field of the plan (JSON form) as the value its cell holds, in the column's language."""
    return shown(col, col.codec.cell(value))


def normal(value: Any) -> Any:
    """A cell value as it compares: what was written and what is read back compare equal."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def fingerprint(values: Iterable[tuple[str, Any]]) -> str:
    """A hash of (cell, value) pairs: equal when nobody changed a cell."""
    digest = hashlib.sha256()
    for where, value in values:
        _feed(digest, where, value)
    return digest.hexdigest()


def _feed(digest: Any, where: str, value: Any) -> None:
    digest.update(f"{where}\x1f{normal(value)!r}\x1e".encode())


def plan_rows(plan_data: dict[str, Any], spec: TableSpec) -> list[Any]:
    node: Any = plan_data
    for part in spec.path:
        node = node.get(part) if isinstance(node, dict) else None
    return list(node or [])


class GridCell(NamedTuple):
    """A data cell of the workbook and the plan field it shows."""

    sheet: str
    where: str  # e.g. "B4"
    row: int
    column: int
    col: Col | None  # None for a form value above the tables
    value: Any
    base: tuple[str, ...]  # where the form value or the table lives in the plan
    item: int | None = None  # the item of the table
    key: str = ""  # the item's field ("" when the items are plain text)

    @property
    def path(self) -> tuple[str | int, ...]:
        """The plan field the cell shows, e.g. ("measures", 0, "touchpoints")."""
        if self.item is None:
            return self.base
        return (*self.base, self.item, self.key) if self.key else (*self.base, self.item)


LISTS = ("ids", "lines")  # the kinds of column whose cell joins a list of the plan


def grid(
    plan_data: dict[str, Any], sheets: Iterable[SheetSpec] = SHEETS, *, lists_only: bool = False
) -> Iterator[GridCell]:
    """Every data cell the workbook (or the given sheets of it) holds, sheet by sheet;
    with ``lists_only``, only the cells that join a list."""
    every = {t.get("id") for t in plan_data.get("touchpoints") or [] if isinstance(t, dict)}
    for sheet in sheets:
        for i, form in enumerate(() if lists_only else sheet.form):
            node: Any = plan_data
            for part in form.path:
                node = node.get(part) if isinstance(node, dict) else None
            row = form_row(sheet, i)
            yield GridCell(sheet.name, f"B{row}", row, 2, None, node, form.path)
        top = header_row(sheet)
        for spec in sheet.tables:
            columns = [
                (c, col)
                for c, col in enumerate(spec.columns, start=spec.column)
                if not lists_only or col.kind in LISTS
            ]
            if not columns:
                continue
            for n, item in enumerate(plan_rows(plan_data, spec)):
                r = top + 1 + n
                for c, col in columns:
                    raw = item if col.key == "" else item.get(col.key)
                    value = cell_value(col, raw)
                    if (
                        col.key == "touchpoints"
                        and isinstance(value, str)
                        and len(value) > CELL_LIMIT
                        and set(raw) == every
                    ):
                        # A measure of every touchpoint of a big plan: the list of ids
                        # would not fit a cell, and "all" says the same.
                        value = ALL
                    where = f"{column_letter(c)}{r}"
                    yield GridCell(sheet.name, where, r, c, col, value, spec.path, n, col.key)


def overfull(plan_data: dict[str, Any]) -> Iterator[GridCell]:
    """The cells that would join a list into more text than an Excel cell holds (a single
    text that long is noted when the plan is read)."""
    for cell in grid(plan_data, lists_only=True):
        if isinstance(cell.value, str) and len(cell.value) > CELL_LIMIT:
            yield cell


__all__ = [
    "CELL_LIMIT",
    "GridCell",
    "cell_value",
    "column_letter",
    "fingerprint",
    "grid",
    "normal",
    "overfull",
    "plan_rows",
    "quoted",
]
