"""Whether a plan holds together: ids unique in their lists, every reference to an existing id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from cxplan.errors import FieldPath, Problem, field_name
from cxplan.plan.codecs import did_you_mean
from cxplan.plan.model import Plan
from cxplan.plan.references import LISTS, REFERENCES, SITES, ListOf


def _items(plan: Plan, of: ListOf) -> list[Any]:
    if of is SITES:
        return plan.client.sites()
    node: Any = plan
    for part in of.path:
        node = getattr(node, part)
    return list(node)


def _duplicates(plan: Plan, of: ListOf) -> Iterator[Problem]:
    items = _items(plan, of)
    counts = Counter(item.id for item in items)
    if all(n == 1 for n in counts.values()):
        return
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if counts[item.id] == 1:
            continue
        if item.id not in first:
            first[item.id] = index
            continue
        yield Problem(
            f"duplicate id {item.id!r}: another {of.noun} has it ({field_name(of.path)}"
            f"[{first[item.id]}]); ids must be unique",
            code="duplicate-id",
            subject=item.id,
            path=(*of.path, index, "id"),
        )


def _dangling(plan: Plan) -> Iterator[Problem]:
    known = {of: {item.id for item in _items(plan, of)} for of in LISTS}
    for ref in REFERENCES:
        ids = known[ref.target]
        for i, item in enumerate(_items(plan, ref.holder)):
            value = getattr(item, ref.field)
            if value is None:
                continue
            values = list(value) if ref.many else [value]
            for j, target in enumerate(values):
                if target in ids:
                    continue
                path: FieldPath = (*ref.holder.path, i, ref.field)
                if ref.many:
                    path = (*path, j)
                yield Problem(
                    f"{ref.holder.noun} {item.id!r} refers to {ref.target.noun} {target!r}, "
                    f"which does not exist{did_you_mean(target, sorted(ids))}",
                    code="dangling-reference",
                    subject=item.id,
                    path=path,
                )


def integrity_problems(plan: Plan) -> list[Problem]:
    """Duplicate ids and references to ids that do not exist: the plan cannot be used."""
    out: list[Problem] = []
    for of in LISTS:
        out += _duplicates(plan, of)
    out += _dangling(plan)
    return out
