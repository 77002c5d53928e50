"""Read text files people hand us (checking what they really are) and write files atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cxplan.errors import CxplanError, InputError, Problem

BOM = "\ufeff"
MAX_PLAN_BYTES = 64 * 1024 * 1024  # far beyond any real plan; refuses a wrong file early


@dataclass(frozen=True)
class TextFormat:
    """How a text file was written, so a save writes it back the same way."""

    newline: str = "\n"
    bom: bool = False


def read_text(path: Path, *, what: str = "plan") -> tuple[str, TextFormat]:
    """The text of ``path`` with newlines normalised to ``\\n``, and how it was written."""
    try:
        if path.is_dir():
            raise InputError(
                [Problem(str(path), f"is a folder, not a {what} file")],
                hint=f"Give the path of the {what} file, e.g. {path / 'cxplan.yaml'}.",
            )
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise InputError(
                [Problem(str(path), f"is {size:,} bytes; that is too big to be a {what} file")]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), "no such file")],
            hint="Create a plan with `cxplan new DIR --client NAME`, or give its path."
            if what == "plan"
            else "",
        ) from None
    except PermissionError:
        raise InputError([Problem(str(path), "cannot be read: permission denied")]) from None
    except OSError as err:
        raise InputError([Problem(str(path), f"cannot be read: {err.strerror}")]) from None
    if not raw.strip():
        raise InputError(
            [Problem(f"{path}:1", f"the file is empty; a {what} starts with `cxplan: 1`")]
        )
    if b"\x00" in raw[:8192]:
        raise InputError(
            [Problem(str(path), f"is a binary file, not a YAML {what} (it holds NUL bytes)")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    f"{path}:{line}",
                    f"is not UTF-8 text (byte 0x{raw[err.start]:02X}); save the file as UTF-8",
                )
            ]
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, TextFormat(newline=newline, bom=bom)


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """``text`` (with ``\\n`` newlines) as the bytes of a file written in ``fmt``."""
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    if fmt.bom:
        text = BOM + text
    return text.encode("utf-8")


def atomic_write(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise CxplanError(f"{path}: cannot write here: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # mkstemp makes the file private; give it the permissions of the file it
            # replaces (a shared plan may be group-writable), or the usual ones.
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except PermissionError:
        _discard(tmp)
        raise CxplanError(
            f"{path}: cannot write it (permission denied, or it is open in another program)",
            hint="Close the file in Excel or Word, then try again.",
        ) from None
    except OSError as err:
        _discard(tmp)
        raise CxplanError(f"{path}: cannot write it: {err.strerror}") from None
    except BaseException:
        _discard(tmp)
        raise


def _mode_for(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
