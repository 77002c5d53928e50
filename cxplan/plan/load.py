"""Read a plan file into the typed model, explaining every problem as FILE:LINE and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cxplan.errors import InputError, Problem
from cxplan.plan.model import FORMAT_VERSION, Plan, Vocabulary, model_for_path
from cxplan.textfile import TextFormat, read_text
from cxplan.yamlio.source import Source, YamlSyntaxError, parse

DEFAULT_PLAN = "cxplan.yaml"

# Characters XML 1.0 (hence .docx and .xlsx) cannot hold; tab and newline are fine.
ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

Path_ = tuple[str | int, ...]


def field_name(path: Path_) -> str:
    """``('touchpoints', 2, 'stage')`` as ``touchpoints[2].stage``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass
class LoadedPlan:
    """A valid plan, with the source that says where each of its values is written."""

    path: Path
    source: Source
    fmt: TextFormat
    plan: Plan
    notices: list[Problem] = field(default_factory=list)

    def where(self, path: Path_) -> str:
        """``FILE:LINE`` of the value at ``path``."""
        return f"{self.path}:{self.source.line_of(path)}"


def read_source(path: Path, *, keep_nodes: bool = False) -> tuple[Source, TextFormat]:
    """Parse the YAML of a plan file, or raise an InputError naming FILE:LINE."""
    text, fmt = read_text(path)
    try:
        source = parse(text, keep_nodes=keep_nodes)
    except YamlSyntaxError as err:
        raise InputError([Problem(f"{path}:{err.line}", err.message)]) from None
    return source, fmt


def load(path: Path, *, integrity: bool = True, editing: bool = False) -> LoadedPlan:
    """Read, parse and validate a plan file; every problem in it is raised at once.

    ``editing`` keeps the YAML node tree, which PlanDocument needs to cut the file up.
    """
    source, fmt = read_source(path, keep_nodes=editing)
    plan, notices = validate(source, path)
    loaded = LoadedPlan(path=path, source=source, fmt=fmt, plan=plan, notices=notices)
    if integrity:
        from cxplan.method.rules import integrity_findings

        errors = [f.problem(loaded) for f in integrity_findings(plan)]
        if errors:
            raise InputError(errors)
    return loaded


def validate(source: Source, path: Path) -> tuple[Plan, list[Problem]]:
    """The plan in ``source`` as a model, and notices of text that had to be cleaned."""
    data = source.data
    where = str(path)
    if not isinstance(data, dict):
        if data is None:
            message = "the file has no plan in it; a plan starts with `cxplan: 1`"
        else:
            message = (
                f"a plan is a set of sections (`cxplan: 1`, `client:`, ...), not {_kind(data)}"
            )
        raise InputError([Problem(f"{where}:1", message)])
    version = data.get("cxplan")
    if "cxplan" not in data:
        raise InputError(
            [
                Problem(
                    f"{where}:1",
                    "this is not a cxplan plan: the format version line `cxplan: 1` is missing",
                )
            ]
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        line = source.line_of(("cxplan",))
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            message = (
                f"format version {version} was written by a newer cxplan; this one reads "
                f"version {FORMAT_VERSION}: upgrade cxplan"
            )
        else:
            message = f"unsupported format version {version!r}; write `cxplan: {FORMAT_VERSION}`"
        raise InputError([Problem(f"{where}:{line}", message, "cxplan")])
    data, notices = _clean(data, source, where)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as err:
        problems = list(_problems(err, data, source, where))
        raise InputError(_dedupe(problems)) from None
    return plan, notices


EXCEL_CELL_LIMIT = 32_767  # characters an Excel cell can hold


def _clean(data: Any, source: Source, where: str) -> tuple[Any, list[Problem]]:
    """Drop characters no document can hold, and note text too long for a workbook cell.

    Both are rare; the whole plan is only walked when its text could hold either.
    """
    text = source.text
    suspect = "\\" in text or bool(ILLEGAL_CHARS.search(text))
    long_text = source.long_text
    if not suspect and not long_text:
        return data, []
    notices: list[Problem] = []

    def line(path: Path_) -> str:
        return f"{where}:{source.line_of(path)}" if where else ""

    for path, value in _strings(data, lambda s: long_text and len(s) > EXCEL_CELL_LIMIT):
        notices.append(
            Problem(
                line(path),
                f"is {len(value):,} characters; an Excel cell holds at most "
                f"{EXCEL_CELL_LIMIT:,}, so the workbook cannot be built",
                field_name(path),
                "text-too-long",
            )
        )
    if not suspect:
        return data, notices
    dirty = list(_strings(data, lambda s: ILLEGAL_CHARS.search(s) is not None))
    if not dirty:
        return data, notices
    import copy

    data = copy.deepcopy(data)
    for path, value in dirty:
        found = sorted({f"U+{ord(c):04X}" for c in ILLEGAL_CHARS.findall(value)})
        notices.append(
            Problem(
                line(path),
                "control characters removed from the text: " + ", ".join(found),
                field_name(path),
                "control-characters",
            )
        )
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = ILLEGAL_CHARS.sub("", value)
    return data, notices


def _strings(value: Any, test: Any) -> Iterator[tuple[Path_, str]]:
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


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        if (p.where, p.field) in seen:
            continue
        seen.add((p.where, p.field))
        out.append(p)
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, dict):
        return "a set of fields (key: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    return f"a {type(value).__name__}"


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _problems(err: ValidationError, data: Any, source: Source, where: str) -> Iterator[Problem]:
    for e in err.errors(include_url=False):
        loc: Path_ = tuple(e["loc"])
        value = e.get("input")
        kind = e["type"]
        ctx = e.get("ctx") or {}
        line = source.line_of(loc)
        name = field_name(loc)
        if kind == "missing":
            message = "required field is missing"
        elif kind == "extra_forbidden":
            model = model_for_path(loc[:-1])
            known = list(model.model_fields) if model else []
            key = str(loc[-1])
            hint = _suggest(key, known)
            if not hint and known:
                hint = "; allowed here: " + ", ".join(known)
            message = f"unknown field{hint}"
        elif kind == "enum":
            options = _enum_options(loc)
            message = (
                f"{_kind(value)} is not allowed here; use one of: {', '.join(options)}"
                f"{_suggest(str(value), options)}"
            )
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "brand_color":
            message = f"{_kind(value)} is not a colour; write it as #RRGGBB, e.g. #0B6E4F"
        elif kind == "string_pattern_mismatch":
            message = (
                f"{_kind(value)} is not a valid id: use lowercase letters, digits and '-'"
                f" (e.g. {slug(str(value))!r})"
            )
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind == "string_too_long":
            message = f"is too long (at most {ctx.get('max_length')} characters)"
        elif kind in ("string_type", "string_sub_type"):
            message = f"expected text, got {_kind(value)}"
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            message = f"expected a whole number, got {_kind(value)}"
        elif kind in ("float_type", "float_parsing", "finite_number"):
            message = f"expected a number, got {_kind(value)}"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message = f"must be between 1 and 5, got {_kind(value)}"
            if loc and loc[-1] != "rating":
                message = f"is out of range ({e['msg'].lower()}), got {_kind(value)}"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"expected true or false, got {_kind(value)}"
        elif kind == "list_type":
            message = f"expected a list, got {_kind(value)}"
            if isinstance(value, str):
                message += f"; write it as a list: [{value}]"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected a set of fields (key: value), got {_kind(value)}"
        elif kind.startswith("date") or kind.startswith("datetime"):
            message = f"expected a date like 2027-01-31, got {_kind(value)}"
        elif kind == "literal_error":
            message = f"expected {ctx.get('expected')}, got {_kind(value)}"
        else:
            message = f"{e['msg']} (got {_kind(value)})"
        yield Problem(f"{where}:{line}", message, name)


def _enum_options(loc: Path_) -> list[str]:
    model = model_for_path(loc[:-1])
    if model is None:
        return []
    info = model.model_fields.get(str(loc[-1]))
    annotation = info.annotation if info else None
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, Vocabulary):
            return [m.value for m in arg]
    return []


def slug(text: str) -> str:
    """A valid id made from any text: ``Check-Out Desk`` becomes ``check-out-desk``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out or "item"


def key_order(path: Path_) -> list[str] | None:
    """The order of a section's fields as the plan-file contract lists them."""
    model = model_for_path(path)
    return list(model.model_fields) if model else None


VERIFY_LIMIT = 300_000  # characters: re-reading a saved plan costs ~25 ms per 100 kB


class PlanDocument:
    """A plan file open for editing: every change keeps its comments; saves are atomic."""

    def __init__(
        self, path: Path, text: str, fmt: TextFormat, *, source: Source | None = None
    ) -> None:
        from cxplan.yamlio.edit import YamlDocument

        self.path = path
        self.fmt = fmt
        self.doc = YamlDocument(text, order=key_order, source=source)
        self._saved_text = text

    @classmethod
    def open(cls, path: Path, loaded: LoadedPlan | None = None) -> PlanDocument:
        """Open a plan for editing; it must be valid (every problem is raised at once).

        ``loaded`` is the plan already read from ``path``, not to be read twice.
        """
        if loaded is None:
            loaded = load(path, editing=True)
        return cls(path, loaded.source.text, loaded.fmt, source=loaded.source)

    @property
    def data(self) -> Any:
        """The plan's plain data, edits included."""
        return self.doc.data

    def plan(self) -> Plan:
        """The plan as a model, edits included."""
        text = self.doc.text()
        data, _ = _clean(self.doc.data, Source(text, None, long_text=len(text) > 32_767), "")
        return Plan.model_validate(data)

    @property
    def dirty(self) -> bool:
        """True when there are edits not yet written to the file."""
        return self.doc.text() != self._saved_text

    def save(self) -> bool:
        """Write the plan if it changed (atomically); True when something was written."""
        from cxplan.textfile import atomic_write, encode_text

        text = self.doc.text()
        if text == self._saved_text:
            return False
        if len(text) <= VERIFY_LIMIT and not self.doc.verify():
            # The chunked editor disagreed with a fresh parse: redo the edits the slow,
            # always-safe way rather than write something the person did not mean.
            self.doc = self.doc.rebuilt()
            text = self.doc.text()
            if not self.doc.verify():  # pragma: no cover - would be a ruamel bug
                raise InputError(
                    [Problem(str(self.path), "cxplan could not save the changes safely")],
                    hint="The plan file was not changed.",
                )
        atomic_write(self.path, encode_text(text, self.fmt))
        self._saved_text = text
        return True


def to_data(value: Any) -> Any:
    """A model (or part of one) as the plain data a plan file holds, leaving out empty fields."""
    from enum import Enum

    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        out = {}
        for name in type(value).model_fields:
            item = to_data(getattr(value, name))
            if item is None or item == [] or item == {}:
                continue
            out[name] = item
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [to_data(v) for v in value]
    return value


def plan_yaml(plan: Plan) -> str:
    """A plan as the text of a new plan file (no comments)."""
    from cxplan.yamlio.style import dump, styled

    data = to_data(plan)
    # `cxplan` and `client` are always written, even when empty, as the contract requires.
    data = {"cxplan": plan.cxplan, "client": data.get("client", {}), **data}
    return dump(styled(data))
