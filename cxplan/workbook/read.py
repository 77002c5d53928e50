"""Read the cell values of an .xlsx, fast: what `cxplan import` needs and nothing more.

openpyxl reads everything a workbook can hold, and builds an object (for text even a
rich-text model) per cell and per shared string: ~30 µs a cell, seconds for a big plan.
Import only needs values, so this reads the few parts that hold them with lxml, one
small step per cell. It refuses what is not plainly a workbook; entities are never
resolved and nothing is fetched from a network.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxplan.errors import InputError, Location, Problem, SheetCell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that show dates and times (ECMA-376 18.8.30, and East Asian).
DATE_FORMATS = {
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    27,
    28,
    29,
    30,
    31,
    32,
    33,
    34,
    35,
    36,
    45,
    46,
    47,
    50,
    51,
    52,
    53,
    54,
    55,
    56,
    57,
    58,
}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 400 * 1024 * 1024
MAX_RATIO = 150  # a zip entry that expands more than this is a zip bomb, not a workbook
# What a sheet may hold, measured on what is read (not on what the zip declares). Excel's
# own bounds for rows and columns; the cells and text are far beyond any workshop's.
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384  # XFD
MAX_CELLS = 4_000_000  # cells a sheet's rows span, the empty ones between included
MAX_TEXT = 40_000_000  # shared-string characters (+50 a string): 20x a 5,000-touchpoint plan
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


class WorkbookError(Exception):
    """The file is not a workbook this reader can take; ``cell`` says where, when known."""

    def __init__(self, message: str, sheet: str = "", cell: str = "") -> None:
        super().__init__(message)
        self.sheet = sheet
        self.cell = cell

    def where(self, path: Path | str) -> Location | None:
        """The cell (or sheet) of ``path`` it is about, or None when it is the whole file."""
        if self.sheet and self.cell:
            return SheetCell(str(path), self.sheet, self.cell)
        return Location(f"{path} (sheet {self.sheet!r})") if self.sheet else None


def unescape(text: str) -> str:
    """Cell text with Excel's ``_xHHHH_`` escapes decoded (``_x005F_`` is a plain ``_``)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _refuse_dtd(tree: Any, name: str, sheet: str = "") -> None:
    # Office never writes a DOCTYPE; one is an entity-expansion attack, and with entities
    # left unresolved the text around them would be cut. Checked on the parsed prolog, so
    # neither a long comment before it nor a UTF-16 part hides it.
    info = tree.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise WorkbookError(
            f"{'the sheet' if sheet else name} holds an XML DOCTYPE (entity declarations), "
            "which cxplan refuses to read (they are a known way to attack XML readers)",
            sheet,
        )


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    try:
        tree = etree.fromstring(archive.read(name), _parser())
    except KeyError:
        raise WorkbookError(f"it has no {name}") from None
    except etree.XMLSyntaxError as err:
        raise WorkbookError(f"{name} is damaged ({err})") from None
    _refuse_dtd(tree, name)
    return tree


def is_date_format(code: str) -> bool:
    """True when a number format shows a date or time (text in quotes does not count)."""
    bare = _QUOTED.sub("", code).lower()
    return bare != "general" and any(c in bare for c in "dmyhs")


class Workbook:
    """An open .xlsx: its sheet names, shared strings and date styles; rows on demand."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        book = _xml(archive, "xl/workbook.xml")
        rels = _xml(archive, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
        self.sheets: dict[str, str] = {}
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            self.sheets[sheet.get("name", "")] = path
        pr = book.find(f"{MAIN}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self._columns: dict[str, int] = {}  # column letters seen, and their numbers
        self.strings = self._strings()
        self.dates = self._dates()

    def _strings(self) -> list[str]:
        from lxml import etree

        name = "xl/sharedStrings.xml"
        if name not in self.archive.namelist():
            return []
        out: list[str] = []
        si_tag, t_tag, rph_tag = f"{MAIN}si", f"{MAIN}t", f"{MAIN}rPh"
        total = 0
        checked = False
        try:
            with self.archive.open(name) as stream:
                # Streamed, one string at a time: a tree of 300 MB of strings takes gigabytes.
                for _, si in etree.iterparse(stream, events=("end",), tag=si_tag, **_SAFE):
                    if not checked:
                        _refuse_dtd(si, name)
                        checked = True
                    # Rich text is runs of text; phonetic guides (rPh) are not part of it.
                    text = "".join(
                        t.text or "" for t in si.iter(t_tag) if t.getparent().tag != rph_tag
                    )
                    total += len(text) + 50  # each string costs ~50 bytes on its own
                    if total > MAX_TEXT:
                        raise WorkbookError(
                            f"its shared strings are too many or too long (over {MAX_TEXT:,} "
                            "characters, counting 50 for each string); a workshop workbook "
                            "holds far fewer"
                        )
                    out.append(unescape(text))
                    si.clear()
                    while si.getprevious() is not None:
                        del si.getparent()[0]
        except etree.XMLSyntaxError as err:
            raise WorkbookError(f"{name} is damaged ({err})") from None
        return out

    def _dates(self) -> set[int]:
        if "xl/styles.xml" not in self.archive.namelist():
            return set()
        styles = _xml(self.archive, "xl/styles.xml")
        custom = {
            int(f.get("numFmtId", "0")): f.get("formatCode", "")
            for f in styles.iter(f"{MAIN}numFmt")
        }
        dates = set()
        xfs = styles.find(f"{MAIN}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else []):
            number = int(xf.get("numFmtId", "0"))
            if number in DATE_FORMATS or (number in custom and is_date_format(custom[number])):
                dates.add(index)
        return dates

    def rows(self, sheet: str, skip: frozenset[int] = frozenset()) -> list[list[Any]]:
        """A sheet's values, row 1 first, each row as a list from column A; the columns
        ``skip`` (1 = A) are left empty, unread (a column of helper formulas).

        Row and column numbers are bounded as Excel bounds them, and so are the cells the
        rows span: a 36 KB sheet can name row 2,000,000,000.
        """
        out: list[list[Any]] = []
        spanned = 0
        for number, values in self._iter_rows(sheet, skip):
            if number <= len(out):
                raise WorkbookError(
                    f"row {number} comes after row {len(out)} (the sheet is damaged)", sheet
                )
            width = max(values, default=0)
            spanned += number - len(out) + width
            if spanned > MAX_CELLS:
                raise WorkbookError(
                    f"the sheet spans more than {MAX_CELLS:,} cells; a workshop sheet "
                    "holds far fewer",
                    sheet,
                    f"A{number}",
                )
            while len(out) < number - 1:
                out.append([])
            out.append([values.get(c) for c in range(1, width + 1)])
        return out

    def _iter_rows(
        self, sheet: str, skip: frozenset[int] = frozenset()
    ) -> Iterator[tuple[int, dict[int, Any]]]:
        from lxml import etree

        path = self.sheets[sheet]
        count = 0
        try:
            stream = self.archive.open(path)
        except KeyError:
            raise WorkbookError(f"it has no {path}") from None
        try:
            with stream:
                for _, row in etree.iterparse(stream, events=("end",), tag=f"{MAIN}row", **_SAFE):
                    if count == 0:
                        _refuse_dtd(row, path, sheet)
                    number = _row_number(row.get("r"), count + 1, sheet)
                    values = self._cells(row, number, sheet, skip)
                    row.clear()  # (the emptied rows stay: 100 bytes each, for 1M rows at most)
                    count = number
                    yield number, values
        except etree.XMLSyntaxError as err:
            raise WorkbookError(
                f"the sheet is damaged ({err}); save it again in Excel, or build a fresh workbook",
                sheet,
            ) from None

    def _cells(
        self, row: Any, number: int, sheet: str, skip: frozenset[int] = frozenset()
    ) -> dict[int, Any]:
        v_tag, is_tag, t_tag, f_tag = f"{MAIN}v", f"{MAIN}is", f"{MAIN}t", f"{MAIN}f"
        values: dict[int, Any] = {}
        column = 0
        digits = str(number)
        columns, strings = self._columns, self.strings
        for cell in row:
            ref = cell.get("r")
            if ref is None:
                column += 1
            else:
                letters = ref.rstrip("0123456789")
                found = columns.get(letters) if ref[len(letters) :] == digits else None
                column = found or _column_of(ref, number, sheet)
                columns[letters] = column
            if column > MAX_COLUMN:
                raise WorkbookError(
                    "holds a cell beyond column XFD, the last one Excel has (the sheet is damaged)",
                    sheet,
                    f"A{number}",
                )
            if skip and column in skip:
                continue
            kind = cell.get("t")
            raw = None
            formula = False
            for child in cell:
                if child.tag == v_tag:
                    raw = child.text
                elif child.tag == is_tag:
                    raw = "".join(t.text or "" for t in child.iter(t_tag))
                elif child.tag == f_tag:
                    formula = True
            if raw is None:
                if formula:
                    raise WorkbookError(
                        "holds a formula that was never calculated (it has no saved "
                        "value); open the workbook in Excel or LibreOffice and save it, or "
                        "type the value instead",
                        sheet,
                        f"{column_name(column)}{number}",
                    )
                continue
            try:
                if kind == "s":  # most cells: inline, this loop runs once per cell
                    index = int(raw)
                    values[column] = strings[index] if index >= 0 else strings[len(strings)]
                else:
                    values[column] = self._value(kind, raw, cell.get("s"))
            except (ValueError, IndexError, OverflowError):
                raise WorkbookError(
                    f"holds {raw[:40]!r}, which is not a valid {_KINDS.get(kind, 'number')} "
                    "(the cell is damaged)",
                    sheet,
                    f"{column_name(column)}{number}",
                ) from None
        return values

    def _value(self, kind: str | None, raw: str, style: str | None) -> Any:
        if kind == "s":
            index = int(raw)
            if index < 0:
                raise IndexError(index)
            return self.strings[index]
        if kind in ("inlineStr", "str"):
            return unescape(raw)
        if kind == "e":
            return raw
        if kind == "b":
            return raw not in ("0", "false")
        number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        # A serial no calendar holds (1e10, nan) stays a number, for the field to refuse.
        if style is not None and int(style) in self.dates and 0 <= number < 2_958_466:
            return self.epoch + dt.timedelta(days=number)  # up to 9999-12-31
        return number


_SAFE: dict[str, Any] = {"resolve_entities": False, "no_network": True, "huge_tree": False}
_KINDS = {"s": "shared-string index", "b": "yes/no value"}
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _row_number(text: str | None, default: int, sheet: str) -> int:
    if text is None:
        return default
    if not text.isdigit() or not 1 <= int(text[:8]) <= MAX_ROW or len(text) > 7:
        raise WorkbookError(
            f"names row {text[:20]!r}; a sheet has rows 1 to {MAX_ROW:,} (it is damaged)",
            sheet,
        )
    return int(text)


def _column_of(ref: str, row: int, sheet: str) -> int:
    """The column of a cell reference like ``C12``, checked against its row."""
    m = _REF.fullmatch(ref)
    if m is None or int(m.group(2)) != row:
        raise WorkbookError(
            f"holds a cell named {ref[:20]!r} in row {row} (the sheet is damaged)", sheet
        )
    return _column(m.group(1))


def column_name(number: int) -> str:
    """``1`` is ``A``, ``28`` is ``AB``."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - 64)
    return number


def refuse(path: Path, message: str, hint: str = "") -> InputError:
    return InputError([Problem(message, Location(str(path)))], hint=hint)


def check_zip(path: Path) -> None:
    """Refuse what is not a workbook, or is built to exhaust memory, before opening it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise refuse(path, "no such file") from None
    except OSError as err:
        raise refuse(path, f"cannot be read: {err.strerror}") from None
    if not path.is_file():  # a FIFO would block, /dev/zero never end
        raise refuse(path, "is not a regular file, so it cannot be a workbook")
    if size > MAX_BYTES:
        raise refuse(path, f"is {size:,} bytes; a workshop workbook is far smaller")
    if not zipfile.is_zipfile(path):
        raise refuse(
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
                        raise refuse(
                            path,
                            "holds XML entity declarations, which cxplan "
                            "refuses to read (they are a known way to attack XML "
                            "readers)",
                        )
    except zipfile.BadZipFile:
        raise refuse(path, "is damaged: the zip inside it cannot be read") from None
    if "xl/workbook.xml" not in names:
        raise refuse(path, "is not an Excel workbook (.xlsx): it has no xl/workbook.xml")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED or (info.file_size > 10_000_000 and ratio > MAX_RATIO):
            raise refuse(path, "expands to an absurd size (a zip bomb?); cxplan will not open it")
