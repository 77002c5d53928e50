"""Read text files people hand us (checking what they really are) and write files atomically.

Nothing here knows what a plan is: callers name the kind of file in messages.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxplan.errors import CxplanError, InputError, Line, Location, Problem, RefusedError

BOM = "\ufeff"
MAX_TEXT_BYTES = 64 * 1024 * 1024  # far beyond any real plan; refuses a wrong file early
# A CSV cell a spreadsheet opens as a formula when it starts with one of these (OWASP's
# CSV-injection list): a cxplan CSV never writes such text as it stands.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: object) -> bool:
    """Whether a spreadsheet opening a CSV would take this cell for a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class TextFormat:
    """How a text file was written, so a save writes it back the same way."""

    newline: str = "\n"
    bom: bool = False
    digest: str = ""  # the content hash of the bytes read, to tell later whether it changed


def read_text(
    path: Path, *, what: str = "file", missing_hint: str = "", limit: int = MAX_TEXT_BYTES
) -> tuple[str, TextFormat]:
    """The text of ``path`` with newlines normalised to ``\\n``, and how it was written.

    Only a regular file is read (a FIFO would block, /dev/zero never end), and at most
    ``limit`` bytes of it; ``what`` names it in messages ("plan file", "answers file").
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(
                [Problem(f"is a folder, not a {what}", Location(str(path)))],
                hint=f"Give the path of the {what}.",
            )
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                [Problem(f"is not a regular file, so it cannot be a {what}", Location(str(path)))]
            )
        if info.st_size > limit:
            raise InputError(
                [
                    Problem(
                        f"is {info.st_size:,} bytes; that is too big to be a {what} "
                        f"(at most {limit:,})",
                        Location(str(path)),
                    )
                ]
            )
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(
            [Problem("no such file", Location(str(path)))], hint=missing_hint
        ) from None
    except PermissionError:
        raise InputError(
            [Problem("cannot be read: permission denied", Location(str(path)))]
        ) from None
    except OSError as err:
        raise InputError(
            [Problem(f"cannot be read: {err.strerror}", Location(str(path)))]
        ) from None
    if len(raw) > limit:  # it grew while being read
        raise InputError(
            [Problem(f"is too big to be a {what} (at most {limit:,} bytes)", Location(str(path)))]
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    f"is a binary file, not a YAML {what} (it holds a NUL byte)",
                    Line(str(path), line),
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    f"is not UTF-8 text (byte 0x{raw[err.start]:02X}); save the file as UTF-8",
                    Line(str(path), line),
                )
            ]
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, TextFormat(newline=newline, bom=bom, digest=digest(raw))


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """``text`` (with ``\\n`` newlines) as the bytes of a file written in ``fmt``."""
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    if fmt.bom:
        text = BOM + text
    return text.encode("utf-8")


def atomic_write(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    A symbolic link is written through, to the file it points at (the link stays a
    link). A file with other hard links keeps its inode, so every name sees the new
    text: its content is replaced in place once the new bytes are safely on disk beside it.
    """
    path = _target(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=".tmp", dir=directory)
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
        if _hard_linked(path):
            with path.open("r+b") as handle:
                handle.write(data)
                handle.truncate()
                if sync:
                    handle.flush()
                    os.fsync(handle.fileno())
            _discard(tmp)
        else:
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


def _target(path: Path) -> Path:
    """The file a write to ``path`` should change: a symbolic link's target."""
    if path.is_symlink():
        with contextlib.suppress(OSError, RuntimeError):
            return path.resolve(strict=False)
    return path


def _hard_linked(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink > 1


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


LOCK_WAIT = 60.0  # seconds another cxplan may hold a file before this one gives up


@contextlib.contextmanager
def locked(path: Path, *, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the advisory lock of ``path`` (a hidden ``.NAME.lock`` beside it).

    Every cxplan command that writes a file others write too (the plan, the results
    store) holds its lock from reading to writing, so two of them never interleave:
    the second waits for the first and then reads what the first wrote.
    """
    target = _target(path)
    lock = target.with_name(f".{target.name}.lock")
    key = str(lock.absolute())
    if key in _HELD:  # this process holds it already (an import saving its plan)
        yield
        return
    try:
        handle = lock.open("a+b")
    except OSError:
        yield  # a read-only folder: nothing can be written there, so nothing can race
        return
    with handle:
        if not _acquire(handle, wait):
            raise RefusedError(
                f"{path} is being changed by another cxplan command; nothing was written",
                hint="Wait for it to finish (or stop it), then run this command again.",
            )
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
            _release(handle)


_HELD: set[str] = set()


def _acquire(handle: Any, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            _try_lock(handle)
            return True
        except BlockingIOError:
            pass
        except OSError:
            if sys.platform != "win32":
                return True  # a file system without locks (some network shares)
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


if sys.platform == "win32":  # pragma: no cover - Windows locks a byte of the file
    import msvcrt

    def _try_lock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _release(handle: Any) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _release(handle: Any) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def digest(data: bytes) -> str:
    """The content hash cxplan compares files by (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The content hash of the file at ``path`` now, or None when there is none."""
    try:
        return digest(_target(path).read_bytes())
    except OSError:
        return None


class Staging:
    """A build's outputs, written under temporary names and renamed only when all are done.

    The files are written in a hidden folder inside the output folder (same file system,
    so a rename is atomic); ``commit`` moves each into place. When anything fails before
    that, the folder is removed and the output folder has every file it had, unchanged.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.root = Path(".")

    def __enter__(self) -> Staging:
        import shutil

        for stale in self.out_dir.glob(".cxplan-build-*"):
            # Left by a build that was killed; one running now is younger than an hour.
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime > 3600:
                    shutil.rmtree(stale)
        try:
            self.root = Path(tempfile.mkdtemp(prefix=".cxplan-build-", dir=self.out_dir))
        except OSError as err:
            raise CxplanError(f"{self.out_dir}: cannot write here: {err.strerror}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)

    def path(self, final: Path) -> Path:
        """Where the output that belongs at ``final`` is written first."""
        return self.root / final.name

    def scratch(self, name: str, data: bytes) -> Path:
        """A file the writers read (a converted logo), gone with the folder."""
        path = self.root / f".{name}"
        path.write_bytes(data)
        return path

    def final(self, staged: Path) -> Path:
        """Where a staged file ends up."""
        return self.out_dir / staged.relative_to(self.root)

    def commit(self, staged: list[Path]) -> None:
        """Move every staged output into place: files replace files, a folder's files
        join the folder of the same name (others in it are left alone)."""
        try:
            for path in staged:
                target = self.final(path)
                if path.is_dir():
                    target.mkdir(exist_ok=True)
                    for inner in sorted(path.rglob("*")):
                        goal = target / inner.relative_to(path)
                        if inner.is_dir():
                            goal.mkdir(exist_ok=True)
                        else:
                            os.replace(inner, goal)
                else:
                    os.replace(path, target)
        except OSError as err:
            raise CxplanError(
                f"{self.out_dir}: cannot put the new files in place: {err.strerror}"
            ) from None
