"""The one seam the workshop talks through: a person (see cli.py), the defaults, an answers file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

Path_ = tuple[str | int, ...]


class _NoAnswer:
    def __repr__(self) -> str:  # pragma: no cover
        return "NO_ANSWER"


NO_ANSWER: Any = _NoAnswer()


class Stop(Exception):
    """The person stopped the session (Ctrl-C, or the input ended)."""


class Asker(Protocol):
    """How the workshop asks its questions.

    ``answer_for`` gives a scripted answer for a field of the plan (from an answers file)
    or ``NO_ANSWER``; when there is none, ``prompt``/``confirm`` ask a person, or return
    the default when nobody is there to ask.
    """

    interactive: bool

    def say(self, text: str = "") -> None: ...

    def prompt(self, text: str, default: str | None = None) -> str: ...

    def confirm(self, text: str, default: bool = True) -> bool: ...

    def answer_for(self, key: Path_) -> Any: ...


class DefaultsAsker:
    """Nobody to ask (--no-input): every question takes its default or the suggestion."""

    interactive = False

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self._echo = echo or (lambda text: None)

    def say(self, text: str = "") -> None:
        self._echo(text)

    def prompt(self, text: str, default: str | None = None) -> str:
        return default or ""

    def confirm(self, text: str, default: bool = True) -> bool:
        return default

    def answer_for(self, key: Path_) -> Any:
        return NO_ANSWER


class AnswersAsker(DefaultsAsker):
    """Answers from a file (like cookiecutter's replay); what it does not answer keeps defaults."""

    def __init__(self, answers: dict[str, Any], echo: Callable[[str], None] | None = None) -> None:
        super().__init__(echo)
        self.answers = answers

    def answer_for(self, key: Path_) -> Any:
        node: Any = self.answers
        for part in key:
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return NO_ANSWER
        return node
