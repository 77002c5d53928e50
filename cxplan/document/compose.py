"""The small vocabulary the document builders write blocks with (headings, tables, facts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxplan.document.blocks import (
    Block,
    Bullets,
    Cell,
    Column,
    Facts,
    Heading,
    Paragraph,
    Span,
    Table,
)
from cxplan.plan.model import filled


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


class Composer:
    """Appends blocks; the plan's Builder says which, in order."""

    blocks: list[Block]
    _anchors: int

    def tr(self, text: str, **values: Any) -> str:
        """A fixed text in the document's language (each builder says which)."""
        return text.format(**values) if values else text

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def heading(self, text: str, level: int) -> None:
        self._anchors += 1
        self.add(Heading(text, level, f"cx{self._anchors:05d}"))

    def para(self, text: str, kind: str = "body") -> None:
        if text:
            self.add(Paragraph((Span(text),), kind))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.add(Bullets(tuple((Span(i),) for i in items)))

    def facts(self, rows: list[tuple[str, Any]]) -> None:
        kept = tuple((self.tr(k), text_of(v)) for k, v in rows if filled(v))
        if kept:
            self.add(Facts(kept))

    def table(
        self,
        columns: Sequence[tuple[str, float] | tuple[str, float, bool]],
        rows: list[list[Any]],
        caption: str = "",
    ) -> None:
        cells = tuple(
            tuple(c if isinstance(c, Cell) else Cell(text_of(c)) for c in row) for row in rows
        )
        heads = tuple(Column(self.tr(c[0]) if c[0] else "", *c[1:]) for c in columns)
        self.add(Table(heads, cells, caption))
