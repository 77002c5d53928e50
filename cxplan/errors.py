"""What cxplan tells its users went wrong: located problems, and errors that format themselves.

A ``Problem`` is the one vocabulary for "something wrong at a place": a bad value in a
plan file, a weak standard found by a rule, a bad cell in a workbook, a bad row in a
results file. Its place is a ``Location`` (a plan line, a workbook cell, a file row, a
form field), each of which prints the way a person looks it up. Errors carry their exit
code and the lines to show (click's model: the exception formats itself); they never
print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

Severity = Literal["error", "warning", "note"]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    """A whole file: ``FILE``."""

    file: str

    def __str__(self) -> str:
        return self.file

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file}


@dataclass(frozen=True)
class Line(Location):
    """A line of a text file (a plan, an answers file): ``FILE:LINE``."""

    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class SheetCell(Location):
    """A cell of a workbook: ``FILE 'Sheet'!A1``."""

    sheet: str
    ref: str

    def __str__(self) -> str:
        return f"{self.file} {self.address}"

    @property
    def address(self) -> str:
        """The cell as a formula names it: ``'4 Touchpoints'!B7``."""
        return f"{quote_sheet(self.sheet)}!{self.ref}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.ref}


@dataclass(frozen=True)
class FileRow(Location):
    """A row of a table file (CSV, a sheet of an export): ``FILE:ROW``."""

    row: int

    def __str__(self) -> str:
        return f"{self.file}:{self.row}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row}


@dataclass(frozen=True)
class FormField(Location):
    """A form field of a filled-in PDF: ``FILE field NAME``."""

    name: str

    def __str__(self) -> str:
        return f"{self.file} field {self.name}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "form_field": self.name}


def quote_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: '4 Touchpoints'."""
    return "'" + sheet.replace("'", "''") + "'"


def field_name(path: FieldPath) -> str:
    """``('touchpoints', 2, 'stage')`` as ``touchpoints[2].stage``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a place: in a plan (``path``), in a file (``where``), or both.

    Rules find problems by their path in the plan; whoever reports them gives them a
    location (``located``). ``code`` names the kind of problem for --json and for tests;
    ``subject`` is the id of the item it is about.
    """

    message: str
    where: Location | None = None
    field: str = ""
    code: str = ""
    severity: Severity = "error"
    subject: str = ""
    path: FieldPath = ()

    def __str__(self) -> str:
        head = f"{self.where}: " if self.where is not None else ""
        if self.field:
            return f"{head}{self.field}: {self.message}"
        return f"{head}{self.message}"

    def located(self, where: Location) -> Problem:
        """This problem at ``where``, its field named from its path when it has none."""
        return replace(self, where=where, field=self.field or field_name(self.path))

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready record: the place's parts, then what is wrong."""
        place = self.where.as_json() if self.where is not None else {}
        return {
            **place,
            "severity": self.severity,
            "code": self.code,
            "id": self.subject,
            "field": self.field or field_name(self.path),
            "message": self.message,
        }


class CxplanError(Exception):
    """Something cxplan can explain to a user without a traceback."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt as it is, not through __init__: a build worker sends its errors back.
        return (_restore, (type(self), self.args, self.__dict__))

    def lines(self) -> list[str]:
        """The lines to show the user on stderr, as they are to be shown."""
        out = [f"Error: {self.message}"]
        if self.hint:
            out.append(self.hint)
        return out


class InputError(CxplanError):
    """An input file cannot be used; lists every problem found in it, each at its place."""

    def __init__(self, problems: Sequence[Problem], *, hint: str = "") -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid input"
        super().__init__(first, hint=hint)

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if len(self.problems) > 1:
            out.append(f"{len(self.problems)} problems; nothing was written.")
        if self.hint:
            out.append(self.hint)
        return out


class RefusedError(CxplanError):
    """cxplan refused to do something that would lose the user's work."""


class ChangedError(RefusedError):
    """A file changed on disk after cxplan read it; nothing was written over it."""


class Interrupted(CxplanError):
    """The user stopped an interactive session; what they answered is saved."""

    exit_code: ClassVar[int] = 130

    def lines(self) -> list[str]:
        # After the ^C the terminal shows, on a line of its own, as a sentence.
        first = self.message[:1].upper() + self.message[1:]
        return ["", first if first.endswith(".") else first + ".", *([self.hint] * bool(self.hint))]


def _restore(
    cls: type[CxplanError], args: tuple[object, ...], state: dict[str, object]
) -> CxplanError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
