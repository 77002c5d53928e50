"""The words for what is wrong with a value: one wording per kind of mistake, for every door.

The model reads most values through their codecs (plan/codecs.py), whose messages come
through pydantic unchanged; what pydantic itself finds (a missing or unknown field, the
wrong type, an id) is worded here. The plan loader, answers files and the workbook
import all turn validation errors into problems through ``problems_of``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import ValidationError

from cxplan.errors import FieldPath, Location, Problem, field_name
from cxplan.plan.codecs import describe, did_you_mean, id_problem
from cxplan.plan.model import Vocabulary, model_for_path

Locate = Callable[[FieldPath], Location | None]


def problems_of(
    err: ValidationError, locate: Locate, *, prefix: FieldPath = (), root: FieldPath = ()
) -> list[Problem]:
    """Every error pydantic found, worded and located, one per field.

    ``root`` is where the validated model sits in a plan (for the allowed field names);
    ``prefix`` is put in front of each field path in messages and locations.
    """
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in err.errors(include_url=False):
        loc: FieldPath = (*prefix, *error["loc"])
        problem = Problem(
            message(error, (*root, *error["loc"])),
            locate(loc),
            field_name(loc),
            code="invalid-value",
            path=loc,
        )
        key = (str(problem.where), problem.field)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def message(error: Any, loc: FieldPath) -> str:
    """What is wrong, in words, for one pydantic error at ``loc`` in a plan."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "cx_value":
        return str(ctx["message"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        model = model_for_path(loc[:-1])
        known = list(model.model_fields) if model else []
        hint = did_you_mean(str(loc[-1]), known)
        if not hint and known:
            hint = "; allowed here: " + ", ".join(known)
        return f"unknown field{hint}"
    if kind == "enum":
        words = vocabulary_words(loc)
        return (
            f"{describe(value)} is not allowed here; use one of: {', '.join(words)}"
            f"{did_you_mean(str(value), words)}"
        )
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "brand_color":
        return f"{describe(value)} is not a colour; write it as #RRGGBB, e.g. #0B6E4F"
    if kind == "string_pattern_mismatch":
        return id_problem(value)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("string_type", "string_sub_type"):
        return f"expected text, got {describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe(value)}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"expected a number, got {describe(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"is out of range ({str(error['msg']).lower()}), got {describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{describe(value)} is not yes or no; answer yes or no"
    if kind == "list_type":
        text = f"expected a list, got {describe(value)}"
        if isinstance(value, str):
            shown = value if len(value) <= 40 else value[:37] + "..."
            text += f"; write it as a list: [{shown}]"
        return text
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a set of fields (key: value), got {describe(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{describe(value)} is not a date; write it as 2027-01-31"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {describe(value)}"
    return f"{error['msg']} (got {describe(value)})"


def vocabulary_words(loc: FieldPath) -> list[str]:
    """The allowed words of the vocabulary field at ``loc`` (empty when it is none)."""
    model = model_for_path(loc[:-1])
    if model is None:
        return []
    info = model.model_fields.get(str(loc[-1]))
    annotation = info.annotation if info else None
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, Vocabulary):
            return [m.value for m in arg]
    return []


def first_message(err: ValidationError, root: FieldPath = ()) -> tuple[FieldPath, str]:
    """The first error's field path and message (for a single value checked in place)."""
    error = err.errors(include_url=False)[0]
    loc = tuple(error["loc"])
    return loc, message(error, (*root, *loc))


def iter_messages(err: ValidationError, root: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every error's field path and message."""
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        yield loc, message(error, (*root, *loc))
