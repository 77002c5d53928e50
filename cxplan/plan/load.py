"""Read a plan file into the typed model, explaining every problem as FILE:LINE and field."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cxplan.errors import FieldPath, InputError, Line, Problem, field_name
from cxplan.plan.codecs import describe
from cxplan.plan.integrity import integrity_problems
from cxplan.plan.messages import problems_of
from cxplan.plan.model import FORMAT_VERSION, Plan
from cxplan.textfile import TextFormat, read_text
from cxplan.yamlio.source import Source, YamlSyntaxError, parse

DEFAULT_PLAN = "cxplan.yaml"
EXCEL_CELL_LIMIT = 32_767  # characters an Excel cell can hold

# Characters XML 1.0 (hence .docx and .xlsx) cannot hold; tab and newline are fine.
ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
MISSING_HINT = "Create a plan with `cxplan new DIR --client NAME`, or give its path."


@dataclass
class LoadedPlan:
    """A valid plan, with the source that says where each of its values is written."""

    path: Path
    source: Source
    fmt: TextFormat
    plan: Plan
    notices: list[Problem] = field(default_factory=list)

    def where(self, path: FieldPath) -> Line:
        """The line of the plan file that holds the value at ``path``."""
        return Line(str(self.path), self.source.line_of(path))

    def locate(self, problem: Problem) -> Problem:
        """A problem found by its path in the plan, at its line in this file."""
        return problem.located(self.where(problem.path))


def resolve(path: Path | None) -> Path:
    """The plan file a command works on: PLAN, PLAN/cxplan.yaml, or ./cxplan.yaml."""
    if path is None:
        return Path(DEFAULT_PLAN)
    if path.is_dir() and (path / DEFAULT_PLAN).is_file():
        return path / DEFAULT_PLAN
    return path


def read_source(
    path: Path, *, outline: bool = False, what: str = "plan file", missing_hint: str = ""
) -> tuple[Source, TextFormat]:
    """Parse the YAML of a file, or raise an InputError naming FILE:LINE."""
    text, fmt = read_text(path, what=what, missing_hint=missing_hint)
    try:
        source = parse(text, outline=outline)
    except YamlSyntaxError as err:
        raise InputError(
            [Problem(err.message, Line(str(path), err.line), field_name(err.path))]
        ) from None
    return source, fmt


def load(path: Path, *, integrity: bool = True, editing: bool = False) -> LoadedPlan:
    """Read, parse and validate a plan file; every problem in it is raised at once.

    ``editing`` keeps the outline of the YAML nodes, which the editor cuts the file by.
    """
    source, fmt = read_source(path, outline=editing, missing_hint=MISSING_HINT)
    plan, notices = validate(source, path)
    loaded = LoadedPlan(path=path, source=source, fmt=fmt, plan=plan, notices=notices)
    if integrity:
        errors = [loaded.locate(p) for p in integrity_problems(plan)]
        if errors:
            raise InputError(errors)
    return loaded


def validate(source: Source, path: Path) -> tuple[Plan, list[Problem]]:
    """The plan in ``source`` as a model, and notices of text that had to be cleaned."""
    data = source.data
    where = str(path)
    if not isinstance(data, dict):
        if not source.text.strip():
            message = "the file is empty; a plan starts with `cxplan: 1`"
        elif data is None:
            message = "the file has no plan in it; a plan starts with `cxplan: 1`"
        else:
            message = (
                f"a plan is a set of sections (`cxplan: 1`, `client:`, ...), not {describe(data)}"
            )
        raise InputError([Problem(message, Line(where, 1))])
    if "cxplan" not in data:
        raise InputError(
            [
                Problem(
                    "this is not a cxplan plan: the format version line `cxplan: 1` is missing",
                    Line(where, 1),
                )
            ]
        )
    version = data.get("cxplan")
    if version != FORMAT_VERSION or isinstance(version, bool):
        line = Line(where, source.line_of(("cxplan",)))
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            message = (
                f"format version {version} was written by a newer cxplan; this one reads "
                f"version {FORMAT_VERSION}: upgrade cxplan"
            )
        else:
            message = (
                f"the format version must be {FORMAT_VERSION}, not {describe(version)}; write "
                f"`cxplan: {FORMAT_VERSION}`"
            )
        raise InputError([Problem(message, line, "cxplan")])
    data, notices = clean(data, source, lambda p: Line(where, source.line_of(p)))
    try:
        plan = Plan.model_validate(data)
    except ValidationError as err:
        raise InputError(problems_of(err, lambda loc: Line(where, source.line_of(loc)))) from None
    return plan, notices


def clean(
    data: Any, source: Source, locate: Callable[[FieldPath], Line] | None
) -> tuple[Any, list[Problem]]:
    """Drop characters no document can hold, and note text too long for a workbook cell.

    Both are rare; the whole plan is only walked when its text could hold either.
    """
    text = source.text
    suspect = "\\" in text or bool(ILLEGAL_CHARS.search(text))
    long_text = source.long_text
    if not suspect and not long_text:
        return data, []
    notices: list[Problem] = []

    def place(path: FieldPath) -> Line | None:
        return locate(path) if locate is not None else None

    for path, value in _strings(data, lambda s: long_text and len(s) > EXCEL_CELL_LIMIT):
        notices.append(
            Problem(
                f"is {len(value):,} characters; an Excel cell holds at most "
                f"{EXCEL_CELL_LIMIT:,}, so the workbook cannot be built",
                place(path),
                field_name(path),
                "text-too-long",
                "warning",
                path=path,
            )
        )
    if not suspect:
        return data, notices
    dirty = list(_strings(data, lambda s: ILLEGAL_CHARS.search(s) is not None))
    if not dirty:
        return data, notices
    data = copy.deepcopy(data)
    for path, value in dirty:
        found = sorted({f"U+{ord(c):04X}" for c in ILLEGAL_CHARS.findall(value)})
        notices.append(
            Problem(
                "control characters removed from the text: " + ", ".join(found),
                place(path),
                field_name(path),
                "control-characters",
                "note",
                path=path,
            )
        )
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = ILLEGAL_CHARS.sub("", value)
    return data, notices


def _strings(value: Any, test: Callable[[str], bool]) -> Iterator[tuple[FieldPath, str]]:
    """Every string in ``value`` that passes ``test``, with its path (found depth first)."""
    if isinstance(value, dict):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        if isinstance(value, str) and test(value):
            yield (), value
        return
    for key, item in items:
        if isinstance(item, str):
            if test(item):
                yield (key,), item
        elif isinstance(item, (dict, list)):
            for path, found in _strings(item, test):
                yield (key, *path), found
