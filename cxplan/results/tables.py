"""Read the rows of a results table, CSV or XLSX, as text; and tell which layout it has.

CSV is read as UTF-8 (a byte-order mark allowed), its delimiter sniffed (comma,
semicolon, tab), streamed row by row so a year of answers never sits in memory twice.
XLSX goes through the workbook's guarded reader. Cells come back as text: a date cell
as its ISO date, a whole number without ``.0``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxplan.errors import FileRow, InputError, Location, Problem

MAX_CSV_BYTES = 2 * 1024 * 1024 * 1024  # a decade of a large chain's answers
MAX_CELL = 100_000  # characters in one cell
AUDITS_SHEET = "Audits"

# The columns of cxplan's own long layout, and the other names a team may give them.
LONG = {
    "date": ("date", "day", "datum", "fecha", "conducted on", "audit date"),
    "location": ("location", "site", "store", "branch", "standort", "filiale", "lieu", "sitio"),
    "auditor": ("auditor", "by", "checked by", "prüfer", "auditeur"),
    "standard": ("standard", "standard id", "id", "standard_id"),
    "result": ("result", "answer", "response", "ergebnis", "résultat", "resultado"),
    "comment": ("comment", "comments", "note", "notes", "kommentar", "commentaire"),
}
LONG_REQUIRED = ("date", "standard", "result")


@dataclass
class Table:
    """A table file open for reading: its header and then its rows (with their numbers)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    sheet: str | None = None

    def at(self, row: int) -> Location:
        return FileRow(self.shown, row)

    @property
    def shown(self) -> str:
        return f"{self.path} {self.sheet}" if self.sheet else str(self.path)

    def columns(self, names: dict[str, tuple[str, ...]]) -> dict[str, int]:
        """Where each named column is, by any of its names (any case)."""
        folded = [" ".join(h.split()).casefold() for h in self.header]
        out: dict[str, int] = {}
        for key, aliases in names.items():
            for alias in aliases:
                if alias in folded:
                    out[key] = folded.index(alias)
                    break
        return out


def open_table(path: Path) -> Table:
    """The rows of a CSV or XLSX file; the first non-empty row is its header."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path)
    return _csv(path)


def _refuse(path: Path, message: str, hint: str = "") -> InputError:
    return InputError([Problem(message, Location(str(path)))], hint=hint)


def _csv(path: Path) -> Table:
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except OSError as err:
        raise _refuse(path, f"cannot be read: {err.strerror}") from None
    if size > MAX_CSV_BYTES:
        handle.close()
        raise _refuse(path, f"is {size:,} bytes; that is too big for a results file")
    head = handle.read(64 * 1024)
    if b"\x00" in head:
        handle.close()
        raise _refuse(path, "is not a text (CSV) file", "Give a .csv, .xlsx or .pdf file.")
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        sample = head.decode("utf-8-sig", errors="ignore")
    except UnicodeDecodeError:  # pragma: no cover - errors are ignored
        sample = ""
    first = sample.splitlines()[0] if sample else ""
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    reader = csv.reader(text, delimiter=delimiter)
    csv.field_size_limit(MAX_CELL)

    def rows() -> Iterator[tuple[int, list[str]]]:
        # Rows are numbered as a spreadsheet shows them: a record is one row, even when a
        # quoted cell in it holds line breaks.
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError:
            raise InputError(
                # Text is decoded ahead of the rows, so the row is not known: the file is.
                [Problem("is not UTF-8 text", Location(str(path)))],
                hint="Save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8).",
            ) from None
        except csv.Error as err:
            raise InputError(
                [Problem(f"cannot be read: {err}", FileRow(str(path), reader.line_num))]
            ) from None
        finally:
            handle.close()

    stream = rows()
    for _, row in stream:
        if any(cell.strip() for cell in row):
            return Table(path, [c.strip() for c in row], stream)
    return Table(path, [], iter(()))


def _xlsx(path: Path) -> Table:
    from cxplan.workbook.read import Workbook, check_zip

    check_zip(path)
    with zipfile.ZipFile(path) as archive:
        book = Workbook(archive)
        names = list(book.sheets)
        sheet = AUDITS_SHEET if AUDITS_SHEET in book.sheets else names[0] if names else None
        grid = book.rows(sheet) if sheet else []
    cells = [[cell_text(v) for v in row] for row in grid]
    for index, row in enumerate(cells):
        if any(c.strip() for c in row):
            rest = ((n, r) for n, r in enumerate(cells[index + 1 :], start=index + 2))
            return Table(path, [c.strip() for c in row], rest, sheet)
    return Table(path, [], iter(()), sheet)


def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
