"""What every writer needs: text any format can hold, and byte-for-byte reproducible zips."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from cxplan.workbook.layout import Col

K = TypeVar("K")
V = TypeVar("V")

# XML 1.0 cannot hold these; the plan loader already drops them from client text, this
# catches anything a template or a computed string might add.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without characters XML cannot hold."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def reproducible_zip(
    data: bytes,
    stamp: dt.datetime,
    *,
    patch: Mapping[str, Callable[[bytes], bytes | Iterable[bytes]]] | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> bytes:
    """The same zip with every entry stamped ``stamp`` (python-docx and openpyxl stamp "now").

    ``patch`` maps entry names to functions that rewrite their content on the way; one
    may return its content in pieces, which are compressed as they come (a long plan's
    document body never has to sit in memory whole). ``extra`` adds new entries.
    """
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content: bytes | Iterable[bytes] = source.read(info.filename)
            if patch and info.filename in patch:
                content = patch[info.filename](content)  # type: ignore[arg-type]
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            if isinstance(content, bytes):
                target.writestr(entry, content)
            else:
                with target.open(entry, "w", force_zip64=True) as stream:
                    for piece in content:
                        stream.write(piece)
        for name, content in (extra or {}).items():
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            target.writestr(entry, content)
    return out.getvalue()


MAX_PACKAGE_UNPACKED = 200 * 1024 * 1024  # what an Office file a user gives us may unpack to
MAX_PACKAGE_RATIO = 150  # a part expanding more than this (when large) is a zip bomb


def check_package(path: Any, what: str) -> None:
    """Refuse an Office file (a firm's Word template) that is a zip bomb or holds a DOCTYPE.

    Office never writes a DOCTYPE; one is an entity-expansion or XXE attack. Each XML part
    is decoded in the encoding it declares by its first bytes (UTF-8 or UTF-16) before it
    is looked at, so neither a long comment nor UTF-16 hides one.
    """
    from lxml import etree

    from cxplan.errors import CxplanError

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

    def refused(reason: str) -> CxplanError:
        return CxplanError(f"{path}: {what} {reason}; nothing was written")

    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_PACKAGE_UNPACKED or any(
                i.file_size > 10_000_000
                and i.file_size / max(i.compress_size, 1) > MAX_PACKAGE_RATIO
                for i in infos
            ):
                raise refused("expands to an absurd size (a zip bomb?)")
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with package.open(info) as part:
                    data = part.read(MAX_PACKAGE_UNPACKED + 1)
                if len(data) > MAX_PACKAGE_UNPACKED:
                    raise refused("expands to an absurd size (a zip bomb?)")
                encoding = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}.get(data[:2])
                encoding = encoding or {b"<\0": "utf-16-le", b"\0<": "utf-16-be"}.get(data[:2])
                text = data.decode(encoding or "utf-8", errors="replace")
                if "<!DOCTYPE" in text or "<!ENTITY" in text:
                    raise refused(
                        f"holds an XML DOCTYPE in {info.filename}, which cxplan refuses to "
                        "read (a known way to attack XML readers)"
                    )
                try:
                    etree.fromstring(data, parser)
                except etree.XMLSyntaxError as err:
                    raise refused(
                        f"is damaged: {info.filename} is not well-formed ({err})"
                    ) from None
    except zipfile.BadZipFile:
        return  # not a package at all: its reader says what it wants instead
    except (OSError, EOFError, NotImplementedError) as err:
        raise refused(f"cannot be read ({err})") from None


_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
_WILDCARD = re.compile("([~*?])")


def cell_text(text: str) -> str:
    """Text for a cell, kept as typed: Excel reads ``_x0041_`` as "A" unless escaped."""
    text = clean(text)
    return _EXCEL_ESCAPE.sub(r"_x005F\1", text) if "_x" in text else text


def formula_string(text: str) -> str:
    """``text`` as a string literal inside a formula: ``"Ja"``, quotes doubled."""
    return '"' + clean(text).replace('"', '""') + '"'


def criterion(text: str) -> str:
    """A COUNTIF criterion matching exactly ``text``: no wildcards, no comparison.

    "Recep*" would count every role starting "Recep" and ">5" every number above 5; a
    leading "=" makes it a comparison for equality, and "~" escapes * ? and ~ themselves.
    """
    exact = "=" + _WILDCARD.sub(r"~\1", clean(text))
    return '"' + exact.replace('"', '""') + '"'


class Memo(Generic[K, V]):
    """Values worth keeping: a key's value is kept from its second use on, up to ``limit``.

    Most lines of a big plan are drawn once (each touchpoint's name); the few that repeat
    (roles, frequencies, column titles) repeat thousands of times. Keeping every value
    would hold a copy of the whole plan's text; a first use only sets a bit of 2**20 (two
    keys may share a bit: then a value is kept at its first use, which is only a cost).
    """

    SLOTS = 1 << 20

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values: dict[K, V] = {}
        self._seen = bytearray(self.SLOTS // 8)

    def get(self, key: K) -> V | None:
        return self.values.get(key)

    def put(self, key: K, value: V) -> None:
        if len(self.values) >= self.limit:
            return
        slot = hash(key) & (self.SLOTS - 1)
        byte, bit = slot >> 3, 1 << (slot & 7)
        if self._seen[byte] & bit:
            self.values[key] = value
        else:
            self._seen[byte] |= bit

    def clear(self) -> None:
        self.values.clear()
        self._seen = bytearray(self.SLOTS // 8)


def validation(col: Col, cells: str, rules: Mapping[str, Any]) -> Any:
    """A workbook column's data validation over ``cells``: its help shown as the cell's
    input message (Excel's limits: 32 characters of title, 255 of text), then ``rules``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(
        showInputMessage=True,
        promptTitle=col.header[:32],
        prompt=(col.help or col.header)[:250],
        allow_blank=True,
        **rules,
    )
    check.add(cells)
    return check
