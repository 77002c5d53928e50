"""Change a plan file: edits by path that keep its comments, atomic saves that never lose an edit.

Every command that writes the plan (the workshop, import, rename, results actions) does
it through a ``PlanEditor``. A save takes the plan's lock and checks that the file on
disk is still the one the editor read; when it is not (another command or a person
saved it meanwhile), the editor either makes its unsaved edits again on the new file
(``replay``: the workshop, whose edits are single answers) or refuses and changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cxplan.errors import ChangedError, FieldPath, InputError, Location, Problem
from cxplan.plan.load import LoadedPlan, clean, load
from cxplan.plan.model import Plan, model_for_path
from cxplan.textfile import (
    TextFormat,
    atomic_write,
    digest,
    encode_text,
    file_digest,
    locked,
)
from cxplan.yamlio.edit import EditError, YamlDocument
from cxplan.yamlio.source import Source

VERIFY_LIMIT = 300_000  # characters: re-reading a saved plan costs ~25 ms per 100 kB


def key_order(path: FieldPath) -> Sequence[str] | None:
    """The order of a section's fields as the plan-file contract lists them."""
    model = model_for_path(path)
    return list(model.model_fields) if model else None


class PlanEditor:
    """A plan file open for editing: every change keeps its comments; saves are atomic."""

    def __init__(
        self,
        path: Path,
        text: str,
        fmt: TextFormat,
        *,
        source: Source | None = None,
        replay: bool = False,
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.replay = replay
        # Held back: save() keeps the edits until commit() writes them all at once (an
        # answers file is applied whole or not at all).
        self.deferred = False
        self._yaml = YamlDocument(text, order=key_order, source=source)
        self._saved_text = text
        self._saved_edits = 0
        self._disk = fmt.digest or digest(encode_text(text, fmt))

    @classmethod
    def open(
        cls, path: Path, loaded: LoadedPlan | None = None, *, replay: bool = False
    ) -> PlanEditor:
        """Open a plan for editing; it must be valid (every problem is raised at once).

        ``loaded`` is the plan already read from ``path``, not to be read twice.
        """
        if loaded is None:
            loaded = load(path, editing=True)
        return cls(path, loaded.source.text, loaded.fmt, source=loaded.source, replay=replay)

    # ------------------------------------------------------------------ reading

    @property
    def data(self) -> Any:
        """The plan's plain data, edits included."""
        return self._yaml.data

    def get(self, path: FieldPath, default: Any = None) -> Any:
        """The value at ``path`` (edits included), or ``default``."""
        return self._yaml.get(path, default)

    def items(self, path: FieldPath) -> list[Any]:
        """The list at ``path``; empty when there is none."""
        value = self._yaml.get(path)
        return value if isinstance(value, list) else []

    def plan(self) -> Plan:
        """The plan as a model, edits included."""
        text = self._yaml.text()
        data, _ = clean(self._yaml.data, Source(text, None, long_text=len(text) > 32_767), None)
        return Plan.model_validate(data)

    @property
    def text(self) -> str:
        """The plan file's text, edits included."""
        return self._yaml.text()

    @property
    def changed(self) -> bool:
        """True when there are edits not written to the file yet."""
        return self._yaml.text() != self._saved_text

    # ------------------------------------------------------------------ editing

    def set(self, path: FieldPath, value: Any) -> None:
        """Set the value at ``path``, creating the key and any missing parent sections."""
        self._yaml.set(path, value)

    def delete(self, path: FieldPath) -> None:
        """Remove the key or list item at ``path``."""
        self._yaml.delete(path)

    def insert(self, path: FieldPath, index: int, value: Any) -> None:
        """Insert ``value`` into the list at ``path`` before ``index``."""
        self._yaml.insert(path, index, value)

    def append(self, path: FieldPath, value: Any) -> None:
        """Add ``value`` at the end of the list at ``path`` (creating the list)."""
        self._yaml.append(path, value)

    def move(self, path: FieldPath, source: int, target: int) -> None:
        """Move the list item at ``source`` so that it ends up at ``target``."""
        self._yaml.move(path, source, target)

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write the plan if it changed (atomically); True when something was written.

        Refuses (ChangedError) when the file changed on disk since it was read, unless
        the editor replays its edits on the new file.
        """
        if not self.changed:
            return False
        if self.deferred:
            return True
        with locked(self.path):
            now = file_digest(self.path)
            if now is not None and now != self._disk:
                self._catch_up()
            text = self._safe_text()
            data = encode_text(text, self.fmt)
            atomic_write(self.path, data)
            self._disk = digest(data)
            self._saved_text = text
            self._saved_edits = len(self._yaml.edits)
        return True

    def commit(self) -> bool:
        """Write what a deferred editor held back; True when something was written."""
        self.deferred = False
        return self.save()

    def _safe_text(self) -> str:
        text = self._yaml.text()
        if len(text) <= VERIFY_LIMIT and not self._yaml.verify():
            # The chunked editor disagreed with a fresh parse: redo the edits the slow,
            # always-safe way rather than write something the person did not mean.
            self._yaml = self._yaml.rebuilt()
            text = self._yaml.text()
            if not self._yaml.verify():  # pragma: no cover - would be a ruamel bug
                raise InputError(
                    [Problem("cxplan could not save the changes safely", Location(str(self.path)))],
                    hint="The plan file was not changed.",
                )
        return text

    def _catch_up(self) -> None:
        """The file changed under us: make our unsaved edits on it, or refuse."""
        if not self.replay:
            raise ChangedError(
                f"{self.path} changed since cxplan read it (another cxplan command, or "
                "someone saving it); nothing was written over it",
                hint="Run the command again: it will start from the plan as it is now.",
            )
        pending = self._yaml.edits[self._saved_edits :]
        try:
            fresh = load(self.path, editing=True)
            yaml = YamlDocument(fresh.source.text, order=key_order, source=fresh.source)
            yaml.replay(pending)
            candidate = yaml.data
            Plan.model_validate(candidate)
        except (InputError, EditError, ValueError) as err:
            raise ChangedError(
                f"{self.path} changed while cxplan was editing it, and the last change "
                f"cannot be made on the new version ({err}); nothing more was written",
                hint="Run the command again to carry on from the plan as it is now.",
            ) from None
        self._yaml = yaml
        self.fmt = fresh.fmt
        self._saved_text = fresh.source.text
        self._saved_edits = 0
        self._disk = fresh.fmt.digest


@contextlib.contextmanager
def editing(path: Path) -> Iterator[PlanEditor]:
    """A plan open for editing, its lock held until the block ends (read, decide, write)."""
    with locked(path):
        yield PlanEditor.open(path)
