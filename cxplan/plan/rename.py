"""`cxplan rename`: give an item a new id, and every reference to it, keeping the file's layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxplan.errors import CxplanError
from cxplan.plan.codecs import IDENT, ValueProblem, did_you_mean
from cxplan.plan.edit import editing
from cxplan.plan.references import LISTS, ListOf, ids_of, rename

# What --in takes: the name of each list of items with ids.
LIST_NAMES = {of.path[-1]: of for of in LISTS}


@dataclass(frozen=True)
class Renamed:
    """What a rename changed."""

    within: ListOf
    old: str
    new: str
    references: int  # how many references to the item now say ``new``


def rename_id(plan_path: Path, old: str, new: str, *, within: str | None = None) -> Renamed:
    """Rename ``old`` to ``new`` in the plan at ``plan_path`` (in the list ``within`` when
    the id is in several), with every reference to it; comments and layout are kept."""
    try:
        new = IDENT.parse(new)
    except ValueProblem as problem:
        raise CxplanError(f"the new id: {problem.message}") from None
    if within is not None and within not in LIST_NAMES:
        raise CxplanError(
            f"--in {within!r} is not a list of the plan; use one of: {', '.join(LIST_NAMES)}"
        )
    with editing(plan_path) as editor:
        data = editor.data
        lists = [of for of in LISTS if within is None or of is LIST_NAMES[within]]
        found = [of for of in lists if old in ids_of(data, of)]
        if not found:
            every = sorted({i for of in lists for i in ids_of(data, of)})
            where = f" in {within}" if within else ""
            raise CxplanError(
                f"{plan_path}: no id {old!r}{where}{did_you_mean(old, every)}",
                hint="`cxplan check` lists the plan's items; ids are shown on every checklist.",
            )
        if len(found) > 1:
            names = ", ".join(of.path[-1] for of in found)
            raise CxplanError(
                f"{plan_path}: the id {old!r} is used in {names}; say which with --in",
                hint=f"For example: cxplan rename {old} {new} --in {found[0].path[-1]}",
            )
        target = found[0]
        if new in ids_of(data, target):
            raise CxplanError(
                f"{plan_path}: another {target.noun} already has the id {new!r}; ids must be "
                "unique in their list"
            )
        if new == old:
            return Renamed(target, old, new, 0)
        count = rename(editor, target, old, new)
        editor.save()
    return Renamed(target, old, new, count)
