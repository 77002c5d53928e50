"""A plan model back as plain data or YAML text, and the fingerprint that names its version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel

from cxplan.plan.model import Plan


def to_data(value: Any) -> Any:
    """A model (or part of one) as the plain data a plan file holds, leaving out empty fields."""
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


def fingerprint(data: dict[str, Any]) -> str:
    """A hash of a plan's content (its JSON form): the same plan, the same fingerprint.

    Hashed piece by piece, so the whole text of a big plan is never held.
    """
    whole = hashlib.sha256()
    for piece in json_pieces(data):
        whole.update(piece.encode())
    return whole.hexdigest()


def json_pieces(value: Any, depth: int = 0) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)``, in pieces:
    the top two levels piece by piece, each item below them in one go."""
    if depth < 2 and isinstance(value, dict):
        yield "{"
        for i, key in enumerate(sorted(value)):
            yield (", " if i else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from json_pieces(value[key], depth + 1)
        yield "}"
    elif depth < 2 and isinstance(value, list):
        yield "["
        for i, item in enumerate(value):
            if i:
                yield ", "
            yield from json_pieces(item, depth + 1)
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def plan_version(plan: Plan) -> str:
    """The short version printed on every checklist, to match results to the plan later."""
    short = fingerprint(plan.model_dump(mode="json"))[:8]
    when = plan.prepared_by.date.isoformat() if plan.prepared_by.date else "undated"
    return f"{short} ({when})"
