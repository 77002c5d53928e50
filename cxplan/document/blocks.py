"""The blocks of a document (cover, headings, tables, journey map...) and the document itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHORT_TABLE = 10  # rows


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Cover:
    """The title page."""

    title: str
    client: str
    subtitle: str
    firm: str | None
    consultant: str | None
    date: dt.date | None
    logo: Path | None
    draft: str = ""  # what is unfinished, printed large on the cover while it is a draft


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents (chapters and sections)."""

    title: str = "Contents"


@dataclass(frozen=True, slots=True)
class Heading:
    """A chapter (1), section (2) or subsection (3) title; 1 and 2 go into the contents."""

    text: str
    level: int
    anchor: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text; ``kind`` is body, lead (an opening paragraph), note, or draft."""

    spans: tuple[Span, ...]
    kind: str = "body"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list."""

    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True, slots=True)
class Facts:
    """Labelled values, as a two-column table without rules."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: title, relative width, and whether it is sized to its longest
    entry and never wrapped (``fit``: ids)."""

    title: str
    width: float = 1.0
    fit: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell; ``shade`` is a #RRGGBB background."""

    text: str
    shade: str | None = None
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header row repeats on every page; rows never split across pages."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    keep: bool = False  # kept on one page where it fits one (an exhibit's panel)

    @property
    def short(self) -> bool:
        """Short enough to move whole to the next page rather than leave a row or two
        alone on one (both writers keep such a table together, its heading with it)."""
        return len(self.rows) <= SHORT_TABLE


@dataclass(frozen=True, slots=True)
class Orientation:
    """Pages from here on are landscape (wide exhibits) or portrait again."""

    landscape: bool


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True, slots=True)
class SignOff:
    """Signature lines for the leaders."""

    people: tuple[tuple[str, str, str], ...]  # name, role, date (may be blank)


Block = (
    Cover
    | Contents
    | Heading
    | Paragraph
    | Bullets
    | Facts
    | Table
    | Orientation
    | PageBreak
    | SignOff
)


@dataclass(frozen=True, slots=True)
class Meta:
    """What the document says about itself (title page, file properties)."""

    title: str
    client: str
    author: str
    company: str
    subject: str
    keywords: str
    brand: str
    date: dt.date | None
    language: str = "en"  # the language of the fixed texts the writers add (i18n.language)
    header: str = ""  # the running header of every page but the cover


@dataclass
class Document:
    """The whole plan document: metadata and blocks in reading order."""

    meta: Meta
    blocks: list[Block] = field(default_factory=list)
    draft_steps: list[int] = field(default_factory=list)

    def headings(self) -> Iterator[Heading]:
        return (b for b in self.blocks if isinstance(b, Heading))
