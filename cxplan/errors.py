"""The errors cxplan explains to its users; each carries its exit code and never prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``where`` is ``FILE:LINE`` for a plan file or ``FILE Sheet!A1`` for a workbook;
    ``field`` is the dotted path of the field (``touchpoints[2].stage``), or empty.
    """

    where: str
    message: str
    field: str = ""
    code: str = ""  # a short name for the kind of problem, for --json output

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}: {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


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
        """The lines to show the user, message first."""
        out = [self.message]
        if self.hint:
            out.append(self.hint)
        return out


class InputError(CxplanError):
    """An input file cannot be used; lists every problem found in it."""

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


class Interrupted(CxplanError):
    """The user stopped an interactive session; what they answered is saved."""

    exit_code: ClassVar[int] = 130


def _restore(
    cls: type[CxplanError], args: tuple[object, ...], state: dict[str, object]
) -> CxplanError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
