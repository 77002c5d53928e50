"""The one seam the workshop talks through: a person (see cli.py), the defaults, an answers file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


def yes_or_no(answer: str, default: bool) -> bool:
    """A typed yes or no, in any language cxplan has (y, ja, oui, sí...); Enter: ``default``.
    ValueError when it is neither."""
    from cxplan.plan.codecs import FLAG

    if not answer.strip():
        return default
    return bool(FLAG.parse(answer))


class UnexpectedQuestion(AssertionError):
    """A scripted session was asked something its script has no answer for."""


Scripted = str | bool | Sequence[str | bool]


class ScriptedAsker:
    """Answers keyed by the text of the question (like copier's prompt-keyed tests).

    A key answers every question whose text starts with it (the longest key wins); a list
    gives one answer per time the question is asked. A question the script does not answer,
    or asks once more than its answers, raises ``UnexpectedQuestion``: a script never types
    into the wrong question. ``transcript`` holds everything said and asked.
    """

    interactive = True

    def __init__(self, answers: Mapping[str, Scripted]) -> None:
        self._queues: dict[str, list[str | bool]] = {
            key.strip(): [value] if isinstance(value, (str, bool)) else list(value)
            for key, value in answers.items()
        }
        self.transcript: list[str] = []

    @property
    def unused(self) -> dict[str, list[str | bool]]:
        """The answers the session never asked for."""
        return {key: queue for key, queue in self._queues.items() if queue}

    def _answer(self, text: str) -> str | bool:
        question = text.strip()
        keys = sorted((k for k in self._queues if question.startswith(k)), key=len, reverse=True)
        if not keys or not self._queues[keys[0]]:
            said = "\n".join(self.transcript[-12:])
            raise UnexpectedQuestion(f"no scripted answer for {question!r}; last said:\n{said}")
        answer = self._queues[keys[0]].pop(0)
        self.transcript.append(f"{question} -> {answer!r}")
        return answer

    def say(self, text: str = "") -> None:
        self.transcript.append(text)

    def prompt(self, text: str, default: str | None = None) -> str:
        answer = self._answer(text)
        if answer is True or answer == "":  # Enter keeps the default, as at a terminal
            return default or ""
        return str(answer)

    def confirm(self, text: str, default: bool = True) -> bool:
        answer = self._answer(text)
        if isinstance(answer, bool):
            return answer
        return yes_or_no(answer, default)

    def answer_for(self, key: Path_) -> Any:
        return NO_ANSWER
