"""What every writer needs: text any format can hold, and byte-for-byte reproducible zips."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping

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
