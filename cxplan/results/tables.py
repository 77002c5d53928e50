"""The one reader of a results table, CSV or XLSX, behind audit and survey imports alike.

A file's kind is told by its bytes, not its name. CSV may be UTF-8 (a byte-order mark
allowed), UTF-16 with its mark, or else Windows-1252 (Excel's "CSV" on Windows; Latin-1
for the five bytes it leaves undefined), found by one pass over the bytes; its delimiter
(comma, semicolon, tab, bar) is the one that splits the first rows evenly and widest.
Rows are streamed, so a year of answers never sits in memory twice. XLSX goes through the
workbook's guarded reader: the ``Audits`` sheet, else the first sheet with a heading row.
One bad file gets one message, whichever command it was given to.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cxplan.errors import FileRow, InputError, Location, Problem

MAX_BYTES = 2 * 1024 * 1024 * 1024  # a decade of a large chain's answers
MAX_CELL = 1_000_000  # characters in one cell
AUDITS_SHEET = "Audits"
EMPTY = "is empty: it has no heading row"
_SAMPLE = 64 * 1024
_DELIMITERS = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

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
    """A table file open for reading: its heading row and then its rows (with their numbers)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    sheet: str | None = None
    how: str = ""  # "CSV, UTF-8, ';'-separated": said in a survey's summary
    first: int = 1  # the heading row's number

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


def open_table(
    path: Path, *, limit: int = MAX_BYTES, what: str = "a results file", text: bool = True
) -> Table:
    """The rows of a CSV or XLSX file; the first non-empty row is its heading row.

    ``text``: every cell as the text a person sees in it (else a workbook's cells keep
    their numbers and dates). ``limit`` and ``what`` say how big ``what`` may be.
    """
    file = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(file, "is not a regular file, so it cannot be a table")
        if info.st_size > limit:
            raise _refuse(file, f"is {info.st_size:,} bytes; {what} is at most {limit:,}")
        handle = path.open("rb")
    except FileNotFoundError:
        raise _refuse(file, "no such file") from None
    except PermissionError:
        raise _refuse(file, "cannot be read: permission denied") from None
    except OSError as err:
        raise _refuse(file, f"cannot be read: {err.strerror}") from None
    head = handle.read(_SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        handle.close()
        return _xlsx(path, text)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        handle.close()
        raise _refuse(file, "is an old Excel .xls file; save it as .xlsx or .csv and import that")
    try:
        return _csv(path, handle, head)
    except BaseException:
        handle.close()
        raise


def _refuse(file: str, message: str, hint: str = "") -> InputError:
    return InputError([Problem(message, Location(file))], hint=hint)


def _encoding(handle: IO[bytes], head: bytes) -> tuple[str, str, int]:
    """The codec of a CSV, the name a person knows it by, and its byte-order mark's length.

    Without a mark, the whole file is tried as UTF-8 (a quick pass, block by block), so a
    byte of another encoding far down is not met halfway through an import.
    """
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return codec, name, len(bom)
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        decoder = codecs.getincrementaldecoder(codec)()
        handle.seek(0)
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return codec, name, 0
    return "latin-1", "Latin-1", 0


def _csv(path: Path, handle: IO[bytes], head: bytes) -> Table:
    file = str(path)
    codec, name, skip = _encoding(handle, head)
    sample = head[skip:].decode(codec, errors="ignore")
    if "\x00" in sample:
        raise _refuse(file, "is a binary file, not a CSV table", "Save it as CSV or .xlsx.")
    delimiter = _delimiter(sample, cut=len(head) == _SAMPLE)
    handle.seek(skip)
    stream = io.TextIOWrapper(handle, encoding=codec, newline="")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(stream, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        # Rows are numbered as a spreadsheet shows them: a record is one row, even when a
        # quoted cell in it holds line breaks.
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError:
            raise _refuse(file, f"is damaged: it says {name} but is not") from None
        except csv.Error as err:
            where = FileRow(file, reader.line_num)
            if "field limit" in str(err):  # csv's own wording names no limit a user set
                message = f"a cell holds more than {MAX_CELL:,} characters, the most cxplan reads"
                raise InputError([Problem(message, where)]) from None
            raise InputError([Problem(f"is not a readable CSV: {err}", where)]) from None
        finally:
            stream.close()

    how = f"CSV, {name}, {_DELIMITERS[delimiter]}-separated"
    records = rows()
    for number, row in records:
        if any(cell.strip() for cell in row):
            return Table(path, [c.strip() for c in row], records, how=how, first=number)
    return Table(path, [], iter(()), how=how)


def _delimiter(sample: str, cut: bool) -> str:
    """The delimiter that splits the first rows into the same number of columns, widest."""
    best, best_score = ",", (0.0, 1)
    for delimiter in _DELIMITERS:
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 40))
        except csv.Error:
            continue
        if len(rows) > 2 and cut:
            rows = rows[:-1]  # the last one may be cut short
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx(path: Path, text: bool) -> Table:
    from cxplan.workbook.read import Workbook, WorkbookError, check_zip

    file = str(path)
    check_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            book = Workbook(archive)
            names = list(book.sheets)
            if AUDITS_SHEET in names:  # cxplan's own workbook: its results sheet
                names.remove(AUDITS_SHEET)
                names.insert(0, AUDITS_SHEET)
            for sheet in names:
                grid = book.rows(sheet)
                heading = next((i for i, r in enumerate(grid[:5]) if _filled(r)), None)
                if heading is not None:
                    break
            else:
                return Table(path, [], iter(()), how="Excel workbook")
    except WorkbookError as err:
        raise _refuse(file, f"is not a workbook cxplan can read: {err}") from None
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise _refuse(file, f"is a damaged workbook ({err})") from None
    cells = [[cell_text(v) for v in row] for row in grid] if text else grid
    rest = ((n, r) for n, r in enumerate(cells[heading + 1 :], start=heading + 2))
    header = [cell_text(c).strip() for c in cells[heading]]
    shown = f"Excel workbook, sheet {sheet!r}"
    return Table(path, header, rest, sheet, shown, heading + 1)


def _filled(row: list[Any]) -> bool:
    return any(cell_text(c).strip() for c in row)


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
