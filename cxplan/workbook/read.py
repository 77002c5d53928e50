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

from cxplan.errors import InputError, Location, Problem

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


class WorkbookError(Exception):
    """The file is not a workbook this reader can take."""


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(archive.read(name), _parser())
    except KeyError:
        raise WorkbookError(f"it has no {name}") from None
    except etree.XMLSyntaxError as err:
        raise WorkbookError(f"{name} is damaged ({err})") from None


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
        self.strings = self._strings()
        self.dates = self._dates()

    def _strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        table = _xml(self.archive, "xl/sharedStrings.xml")
        out = []
        for si in table.iterchildren(f"{MAIN}si"):
            # Rich text is runs of text; phonetic guides (rPh) are not part of the value.
            out.append(
                "".join(
                    t.text or "" for t in si.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh"
                )
            )
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

    def rows(self, sheet: str) -> list[list[Any]]:
        """A sheet's values, row 1 first, each row as a list from column A."""
        out: list[list[Any]] = []
        for number, values in self._iter_rows(self.sheets[sheet]):
            while len(out) < number - 1:
                out.append([])
            width = max(values, default=0)
            out.append([values.get(c) for c in range(1, width + 1)])
        return out

    def _iter_rows(self, path: str) -> Iterator[tuple[int, dict[int, Any]]]:
        from lxml import etree

        columns: dict[str, int] = {}
        v_tag, is_tag, t_tag = f"{MAIN}v", f"{MAIN}is", f"{MAIN}t"
        strings, dates, epoch = self.strings, self.dates, self.epoch
        count = 0
        try:
            stream = self.archive.open(path)
        except KeyError:
            raise WorkbookError(f"it has no {path}") from None
        with stream:
            for _, row in etree.iterparse(
                stream,
                events=("end",),
                tag=f"{MAIN}row",
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            ):
                values: dict[int, Any] = {}
                for cell in row:
                    ref = cell.get("r") or ""
                    letters = ref.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = _column(letters)
                    kind = cell.get("t")
                    raw = None
                    for child in cell:
                        if child.tag == v_tag:
                            raw = child.text
                        elif child.tag == is_tag:
                            raw = "".join(t.text or "" for t in child.iter(t_tag))
                    if raw is None:
                        continue
                    if kind == "s":
                        values[column] = strings[int(raw)]
                    elif kind in ("inlineStr", "str", "e"):
                        values[column] = raw
                    elif kind == "b":
                        values[column] = raw not in ("0", "false")
                    else:
                        number = (
                            float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                        )
                        style = cell.get("s")
                        if style is not None and int(style) in dates:
                            values[column] = epoch + dt.timedelta(days=number)
                        else:
                            values[column] = number
                count += 1
                row_number = int(row.get("r") or count)
                row.clear()
                yield row_number, values


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
