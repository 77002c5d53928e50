"""Ids: made from names, unique within their list, the same rule for file names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slug(text: str) -> str:
    """A valid id made from any text: ``Check-Out Desk`` becomes ``check-out-desk``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out or "item"


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not ``taken`` yet."""
    used = taken if isinstance(taken, (set, frozenset, dict)) else set(taken)
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    return ident


def new_id(text: str, taken: Iterable[str], *, prefix: str = "") -> str:
    """A fresh id for an item named ``text``, with ``prefix``, unique among ``taken``."""
    base = f"{prefix}{slug(text)}"[:60].strip("-") or "item"
    return unique(base, taken)


def unique_names(names: Iterable[str]) -> list[str]:
    """Each name made unique in turn: roles "Host" and "host" must not share one file."""
    taken: set[str] = set()
    out = []
    for base in names:
        name = unique(base, taken)
        taken.add(name)
        out.append(name)
    return out
