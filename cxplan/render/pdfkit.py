"""A small page-layout engine on reportlab's canvas, for the PDF plan and the checklists.

reportlab's platypus wraps a Paragraph in every table cell and lays each table out
twice; for a big plan that is seconds. The documents here need little of it: wrapped
text, tables whose header repeats after a page break and whose tall rows split, keep-
with-next headings, bookmarks, and "page X of Y". This engine does exactly that on the
canvas, measuring text once. Client text is drawn as text, never parsed as markup, so
`<`, `&` and quotes print as typed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cxplan.render.breaks import break_paragraph, column_widths
from cxplan.render.common import Memo, clean
from cxplan.render.fonts import BOLD as BOLD
from cxplan.render.fonts import FONT as FONT
from cxplan.render.fonts import FONTS, register_fonts, runs
from cxplan.render.fonts import ITALIC as ITALIC

PAPER = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}
MM = 72 / 25.4
WARNING = "#B45F06"  # the colour of draft marks
FURNITURE = 9  # points: each page's header and footer, the size of tables and notes


# Hebrew, Arabic, Syriac, Thaana, N'Ko and the Hebrew and Arabic presentation forms.
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def visual(text: str) -> str:
    """A line as it is drawn: right-to-left runs in visual order, Arabic letters joined.

    PDF draws glyphs left to right as given; Word and browsers apply the Unicode
    bidirectional algorithm themselves, a PDF writer has to do it for them.
    """
    if not RTL.search(text):
        return text
    from bidi import get_display

    if ARABIC.search(text):
        text = _reshape(text)
    return str(get_display(text))


def _reshape(text: str) -> str:
    import arabic_reshaper

    return str(arabic_reshaper.reshape(text))


@cache
def hex_colour(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor("#" + value.lstrip("#"))


@cache
def _width_function() -> Any:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    widths: dict[tuple[str, str, float], float] = {}

    def measure(text: str, font: str, size: float) -> float:
        # Words repeat (roles, "within", "minutes"): each is measured once per font.
        key = (text, font, size)
        found = widths.get(key)
        if found is None:
            if not text or max(text) < "\u0250":
                found = float(stringWidth(text, font, size))
            else:
                found = sum(float(stringWidth(t, f, size)) for f, t in runs(text, font, FONTS))
            if len(text) < 40 and len(widths) < 500_000:
                widths[key] = found
        return found

    return measure


def width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points."""
    return float(_width_function()(text, font, size))


_WRAPPED: Memo[tuple[str, str, float, float, str | None], list[str]] = Memo(100_000)


def wrap(text: str, font: str, size: float, limit: float, lang: str | None = None) -> list[str]:
    """``text`` broken into lines no wider than ``limit``: at spaces, after hyphens, or
    hyphenated by the dictionary of ``lang`` (see breaks.py); never cut without a hyphen."""
    # Short cells repeat down a table (touchpoint names, roles): wrap each once.
    key = (text, font, size, limit, lang)
    found = _WRAPPED.get(key)
    if found is None:
        found = _wrap(text, font, size, limit, lang)
        if len(text) < 80:
            _WRAPPED.put(key, found)
    return list(found)


def fit(text: str, font: str, size: float, limit: float) -> str:
    """``text`` on one line no wider than ``limit``: cut at a word with an ellipsis if longer."""
    if width(text, font, size) <= limit:
        return text
    words = text.split(" ")
    while len(words) > 1 and width(" ".join(words) + " …", font, size) > limit:
        words.pop()
    cut = " ".join(words)
    while cut and width(cut + " …", font, size) > limit:
        cut = cut[:-1]  # one word longer than the line: cut inside it, the ellipsis shows it
    return cut.rstrip() + " …"


def _wrap(text: str, font: str, size: float, limit: float, lang: str | None) -> list[str]:
    if ARABIC.search(text):
        text = _reshape(text)  # joined letters are what is drawn, so what is measured
    measure = _width_function()
    out: list[str] = []
    for paragraph in clean(text).split("\n"):
        paragraph = paragraph.replace("\t", "    ")
        out.extend(break_paragraph(paragraph, font, size, limit, measure, lang))
    return out


@dataclass
class Style:
    """A text style."""

    font: str = FONT
    size: float = 10
    leading: float = 13
    colour: str = "#1A1A1A"


class Pages:
    """A canvas with a cursor: text and tables flow down the page and onto new pages."""

    def __init__(
        self,
        path: Path | Any,
        *,
        paper: str = "a4",
        margins: tuple[float, float, float, float] = (20 * MM, 20 * MM, 22 * MM, 20 * MM),
        title: str = "",
        author: str = "",
        subject: str = "",
        keywords: str = "",
        header: str = "",
        footer: str = "Page {page} of {pages}",  # in the caller's language
        brand: str = "#1F4E79",
        stamp: dt.datetime | None = None,
        language: str | None = None,
        mark: str = "",
    ) -> None:
        register_fonts()
        self.language = language
        self.size = PAPER[paper]
        self.stamp = stamp or dt.datetime(2000, 1, 1)
        with _epoch(self.stamp):  # reportlab dates the file when the canvas is made
            self.canvas = _canvas_class()(
                str(path) if isinstance(path, Path) else path,
                pagesize=self.size,
                invariant=1,
                pageCompression=1,
                # Not Helvetica: every font the file names is embedded.
                initialFontName=FONT,
                initialFontSize=10,
            )
        self.canvas.setTitle(clean(title))
        self.canvas.setAuthor(clean(author))
        self.canvas.setSubject(clean(subject))
        self.canvas.setKeywords(clean(keywords))
        self.canvas.setCreator("cxplan")
        self.canvas.setProducer("cxplan (reportlab)")
        self.left, self.right, self.top, self.bottom = margins
        self.width = self.size[0] - self.left - self.right
        self.header, self.footer, self.brand = clean(header), footer, brand
        self.mark = clean(mark)  # a draft mark, framed at the right of every page's header
        self.page = 0
        self.y = 0.0
        self.encoder = Encoder(self.canvas)
        self.furniture = True  # header and footer on this page
        self._new_page(first=True)

    # ------------------------------------------------------------------ pages

    def _new_page(self, *, first: bool = False) -> None:
        if not first:
            self._finish_page()
            self.canvas.showPage()
            self._pack_page()
        self.page += 1
        self.y = self.size[1] - self.top

    def _finish_page(self) -> None:
        if not self.furniture:
            self.furniture = True
            return
        c = self.canvas
        c.saveState()
        c.setFont(FONT, FURNITURE)
        c.setFillColor(hex_colour("#6B6B6B"))
        top = self.size[1] - self.top + 10
        room = self.width
        if self.mark:
            room -= _mark(c, self.mark, self.size[0] - self.right, top, self.width / 2) + 12
        if self.header:
            c.drawString(self.left, top + 4, _fit_header(self.header, room))
        c.setStrokeColor(hex_colour("#C8C8C8"))
        c.setLineWidth(0.5)
        c.line(self.left, top, self.size[0] - self.right, top)
        footer_y = self.bottom - 16
        label = _page_label(self.footer, self.page)
        # The total is a form filled in when the last page is known; the label ends where
        # it begins, a little left of the margin so that four digits fit.
        x = self.size[0] - self.right - width("0000", FONT, FURNITURE)
        x -= width(label, FONT, FURNITURE)
        c.drawString(x, footer_y, label)
        c.translate(x + width(label, FONT, FURNITURE), footer_y)
        c.doForm("cx_page_total")
        c.restoreState()

    def _pack_page(self) -> None:
        """Compress the page just finished now rather than when the file is saved.

        reportlab keeps every page's drawing operators as text until it saves; for a
        plan of thousands of pages that is the larger part of the PDF's memory. The
        compressed stream is what reportlab would have written at save time.
        """
        from reportlab.pdfbase.pdfdoc import PDFStream

        page = self.canvas._doc.Pages.pages[-1]
        if page.compression and isinstance(page.stream, str) and not page.Contents:
            stream = PDFStream(content=zlib.compress(page.stream.encode("utf8")))
            stream.filters = [_DEFLATED]
            stream.__Comment__ = "page stream"
            page.Contents = stream
            page.stream = None

    def break_page(self) -> None:
        """Start a new page, whatever is on this one (drawn by hand, say)."""
        self._new_page()

    def new_page(self) -> None:
        """Start a new page (unless the current one is still empty)."""
        if self.y < self.size[1] - self.top - 0.5:
            self._new_page()

    def orient(self, *, landscape: bool) -> None:
        """Pages from here on landscape (or portrait again), starting a page if need be."""
        short, long = sorted(self.size)
        size = (long, short) if landscape else (short, long)
        if size == self.size:
            return
        if self.y < self.size[1] - self.top - 0.5:
            self._new_page()
        self.canvas.setPageSize(size)
        self.size = size
        self.width = size[0] - self.left - self.right
        self.y = size[1] - self.top

    def room(self) -> float:
        return self.y - self.bottom

    def need(self, height: float) -> None:
        """Make sure ``height`` points fit below the cursor, starting a page if not."""
        if self.room() < height:
            self._new_page()

    def space(self, height: float) -> None:
        self.y -= height
        if self.y < self.bottom:
            self._new_page()

    def finish(self) -> None:
        """Close the document: the last page, and the total that every footer shows."""
        self._finish_page()
        _LAST_COLUMNS.clear()  # a big table's lines are not kept past its document
        _LAST_WRAPPED.clear()
        c = self.canvas
        c.beginForm("cx_page_total")
        c.setFont(FONT, FURNITURE)
        c.setFillColor(hex_colour("#6B6B6B"))
        c.drawString(0, 0, str(self.page))
        c.endForm()
        c.showPage()
        self._pack_page()
        with _epoch(self.stamp):
            c.save()

    # ------------------------------------------------------------------ text

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        font: str,
        size: float,
        leading: float,
        colour: str = "#1A1A1A",
    ) -> None:
        """Lines of text from baseline ``y`` down, as one PDF text object.

        canvas.drawString builds a text object per call; for the tens of thousands of
        lines a big plan has, writing the operators directly halves the PDF's time.
        """
        if not any(lines):
            return
        code = [_fill(colour), f"BT {x:.2f} {y:.2f} Td"]
        current = None
        for i, line in enumerate(lines):
            if i:
                code.append(f"0 {-leading:.2f} Td")
            for subset, operators in self.encoder.encoded(font, size, visual(line)):
                if subset != current:
                    code.append(operators[0])
                    current = subset
                code.append(operators[1])
        code.append("ET Q")
        self.canvas._code.append(" ".join(code))

    def cells(
        self,
        x: float,
        top: float,
        widths: Sequence[float],
        height: float,
        colour: str = "#BFBFBF",
        line: float = 0.4,
    ) -> None:
        """The borders of a table row's cells, as one path (not a rectangle per cell)."""
        bottom = top - height
        ops = [_stroke(colour, line), f"{x:.2f} {bottom:.2f} {sum(widths):.2f} {height:.2f} re"]
        for w in widths[:-1]:
            x += w
            ops.append(f"{x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l")
        ops.append("S Q")
        self.canvas._code.append(" ".join(ops))

    def boxes(
        self, corners: Sequence[tuple[float, float]], side: float, colour: str, line: float
    ) -> None:
        """Empty squares of ``side`` points with their lower-left corners at ``corners``."""
        ops = [_stroke(colour, line)]
        ops.extend(f"{x:.2f} {y:.2f} {side:.2f} {side:.2f} re" for x, y in corners)
        ops.append("S Q")
        self.canvas._code.append(" ".join(ops))

    def rules(
        self, segments: Sequence[tuple[float, float, float, float]], colour: str, line: float
    ) -> None:
        """Straight lines from (x1, y1) to (x2, y2), as one path."""
        ops = [_stroke(colour, line)]
        ops.extend(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in segments)
        ops.append("S Q")
        self.canvas._code.append(" ".join(ops))

    def text(
        self, text: str, style: Style, *, indent: float = 0, keep: float = 0, bullet: str = ""
    ) -> None:
        """A paragraph: wrapped, flowing onto the next page line by line."""
        lines = wrap(text, style.font, style.size, self.width - indent, self.language)
        self.need(style.leading * min(len(lines), 2) + keep)
        if bullet:
            self.lines(
                self.left + indent - 10,
                self.y - style.leading + 2,
                [bullet],
                style.font,
                style.size,
                style.leading,
                style.colour,
            )
        while lines:
            fit = max(int(self.room() // style.leading), 0)
            if fit == 0:
                self._new_page()
                continue
            chunk, lines = lines[:fit], lines[fit:]
            self.lines(
                self.left + indent,
                self.y - style.leading + 2,
                chunk,
                style.font,
                style.size,
                style.leading,
                style.colour,
            )
            self.y -= style.leading * len(chunk)

    def link_target(self, key: str, title: str, level: int) -> None:
        """A bookmark at the cursor, in the PDF's outline at ``level`` (0 = chapter)."""
        c = self.canvas
        c.bookmarkHorizontal(key, 0, self.y + 30)
        c.addOutlineEntry(clean(title), key, level=level, closed=level > 0)

    # ------------------------------------------------------------------ tables

    def table(
        self,
        widths: Sequence[float],
        header: Sequence[str] | None,
        rows: Sequence[Sequence[Any]],
        *,
        size: float = 9,
        shade: Sequence[Sequence[str | None]] | None = None,
        bold_first: bool = False,
        min_row: float = 0,
        grid: bool = True,
        header_colour: str | None = None,
        fit: Sequence[bool] = (),
        keep: float = 0,
    ) -> None:
        """A table; the header repeats on every page; a row taller than a page splits.

        Columns get their share of ``widths`` but at least their longest word, and the
        columns marked in ``fit`` (ids) their longest entry, so that those never wrap.
        """
        c = self.canvas
        pad = 3
        fonts = (BOLD if bold_first else FONT, FONT, BOLD)
        columns = _columns(self.width, widths, header, rows, (size, pad), fit, fonts)
        leading = size * 1.25
        lang = self.language
        head_lines = (
            [wrap(h, BOLD, size, w - 2 * pad, lang) for h, w in zip(header, columns, strict=True)]
            if header
            else []
        )
        head_height = max((len(h) for h in head_lines), default=0) * leading + 2 * pad

        def draw_header() -> None:
            if not header:
                return
            x = self.left
            top = self.y
            c.setFillColor(hex_colour(header_colour or self.brand))
            c.rect(self.left, top - head_height, sum(columns), head_height, stroke=0, fill=1)
            for lines, w in zip(head_lines, columns, strict=True):
                self.lines(x + pad, top - pad - leading + 2, lines, BOLD, size, leading, "#FFFFFF")
                x += w
            self.y -= head_height

        prepared = [
            (cells, shade[r] if shade else [None] * len(columns))
            for r, cells in enumerate(_wrapped_rows(rows, columns, size, bold_first, lang))
        ]
        first_lines = max((len(lines) for lines, _ in prepared[0][0]), default=1) if prepared else 0
        self.need(head_height + min(first_lines, 4) * leading + 2 * pad)
        if keep:
            rows_height = sum(
                max((len(lines) for lines, _ in cells), default=1) * leading + 2 * pad
                for cells, _ in prepared
            )
            whole = head_height + rows_height + keep
            if whole < self.size[1] - self.top - self.bottom:
                self.need(whole)
        draw_header()
        # A row no taller than a third of a page moves whole to the next page; a taller
        # one splits, and its first column's opening line is repeated on the new page.
        whole = (self.size[1] - self.top - self.bottom) / 3
        for cells, colours in prepared:
            count = max((len(lines) for lines, _ in cells), default=1)
            heights = [leading] * count
            keep_lines = count if count * leading + 2 * pad < whole else 3
            for start, take, height, _ in self.pieces(
                heights, pad, keep_lines, min_row, draw_header
            ):
                top = self.y
                x = self.left
                for col, ((lines, font), w, colour) in enumerate(
                    zip(cells, columns, colours, strict=True)
                ):
                    if colour:
                        c.setFillColor(hex_colour(colour))
                        c.rect(x, top - height, w, height, stroke=0, fill=1)
                    shown = lines[start : start + take]
                    if col == 0 and start and lines and start >= len(lines):
                        shown = [lines[0]]  # the row's id, again on its continuation
                    self.lines(x + pad, top - pad - leading + 2, shown, font, size, leading)
                    x += w
                if grid:
                    self.cells(self.left, top, columns, height)
                self.y -= height
        self.y -= 6

    def pieces(
        self,
        heights: Sequence[float],
        pad: float,
        keep: int,
        minimum: float,
        header: Callable[[], None],
    ) -> Iterator[tuple[int, int, float, bool]]:
        """A table row's lines (of ``heights``) in pieces that fit the pages:
        (first line, line count, piece height, whether it is the row's first piece).

        A row moves to the next page rather than leave fewer than ``keep`` lines behind;
        a row taller than a page goes on across pages, ``header`` drawn above each piece.
        The first piece is at least ``minimum`` high. The caller draws each piece and
        moves the cursor below it.
        """
        start, first, fresh = 0, True, False
        while first or start < len(heights):
            room = self.room() - 2 * pad
            take, used = 0, 0.0
            while start + take < len(heights) and used + heights[start + take] <= room:
                used += heights[start + take]
                take += 1
            remaining = len(heights) - start
            short = take < min(remaining, keep) or (first and self.room() < minimum)
            if short and not fresh:
                self._new_page()
                header()
                fresh = True
                continue
            if take == 0 and remaining:  # a line taller than a whole page: drawn anyway
                take, used = 1, heights[start]
            yield start, take, max(used + 2 * pad, minimum if first else 0), first
            start += take
            first, fresh = False, False
            if start < len(heights):
                self._new_page()
                header()
                fresh = True


class Encoder:
    """Lines of text as PDF operators, in the fonts that have their characters.

    Roles, frequencies and methods repeat on every row, so lines are encoded once.
    """

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self._lines: Memo[tuple[str, float, str], list[Any]] = Memo(200_000)
        self._known: dict[str, tuple[dict[int, int], set[str], list[int]]] = {}
        self._selects: dict[tuple[str, int, float], str] = {}

    def encoded(self, font: str, size: float, line: str) -> list[tuple[Any, tuple[str, str]]]:
        """A line as ((font, subset), (select-font operator, show-text operator)) pieces."""
        key = (font, size, line)
        found = self._lines.get(key)
        if found is None:
            if not line or max(line) < "\u0250":
                found = self._pieces(font, size, line)
            else:  # a character DejaVu lacks is drawn in a fallback font (fonts.py)
                found = [
                    piece
                    for face, part in runs(line, font, FONTS)
                    for piece in self._pieces(face, size, part)
                ]
            self._lines.put(key, found)
        return found

    def _pieces(self, font: str, size: float, line: str) -> list[tuple[Any, tuple[str, str]]]:
        escape = self.canvas._escape
        table, chars, _ = self._known.setdefault(font, ({}, set(), [0]))
        if chars and set(line) <= chars:
            # Every character already has a code in the first subset: str.translate
            # maps the line in C, where reportlab would loop over it in Python.
            data = line.translate(table).encode("latin-1")
            return [((font, 0), (self._select(font, 0, size), f"({escape(data)}) Tj"))]
        return [
            ((font, subset), (self._select(font, subset, size), f"({escape(data)}) Tj"))
            for subset, data in self._split(font, line)
        ]

    def _select(self, font: str, subset: int, size: float) -> str:
        """The operator that selects a subset of ``font`` at ``size``."""
        key = (font, subset, size)
        found = self._selects.get(key)
        if found is None:
            from reportlab.pdfbase.pdfmetrics import getFont

            name = getFont(font).getSubsetInternalName(subset, self.canvas._doc)
            found = self._selects[key] = f"{name} {size:.2f} Tf"
        return found

    def _split(self, font: str, line: str) -> list[tuple[int, bytes]]:
        """reportlab's split of a line into font subsets, learning the first subset's codes."""
        from reportlab.pdfbase.pdfmetrics import getFont

        table, chars, seen = self._known.setdefault(font, ({}, set(), [0]))
        face = getFont(font)
        pieces: list[tuple[int, bytes]] = face.splitString(line, self.canvas._doc)
        state = face.state[self.canvas._doc]
        if len(state.assignments) != seen[0]:
            seen[0] = len(state.assignments)
            for code, n in state.assignments.items():
                if n < 256 and code != 0xA0:
                    table[code] = n
                    chars.add(chr(code))
        return pieces


class _Deflated:
    """A stream filter for content that is already compressed: it only names the filter."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes) -> bytes:
        return data


_DEFLATED = _Deflated()


@cache
def _fill(colour: str) -> str:
    """Operators that save the graphics state and set a fill (text) colour."""
    value = hex_colour(colour)
    return f"q {value.red:.3f} {value.green:.3f} {value.blue:.3f} rg"


@cache
def _stroke(colour: str, line: float) -> str:
    """Operators that save the graphics state and set a stroke colour and width.

    Paths drawn with raw operators sit between q and Q, so the canvas's idea of the
    current colours stays true.
    """
    value = hex_colour(colour)
    return f"q {value.red:.3f} {value.green:.3f} {value.blue:.3f} RG {line:.2f} w"


def _mark(c: Any, mark: str, right: float, top: float, limit: float) -> float:
    """A draft mark in a page's header band, ending at ``right``: bold, framed, in the
    warning colour, above the rule and clear of the text; returns its width. Drawn on
    every page: never cached (a cache drew it on a pack's first page only)."""
    size = 8.5
    text = fit(mark, BOLD, size, limit - 8)
    w = width(text, BOLD, size) + 8
    x = right - w
    c.saveState()
    c.setStrokeColor(hex_colour(WARNING))
    c.setFillColor(hex_colour("#FFF4E5"))
    c.setLineWidth(0.8)
    c.rect(x, top + 1.5, w, size + 4, stroke=1, fill=1)
    c.setFillColor(hex_colour(WARNING))
    c.setFont(BOLD, size)
    c.drawString(x + 4, top + 4.2, text)
    c.restoreState()
    return w


def _fit_header(header: str, room: float) -> str:
    """A page header cut to ``room``: a long client name is shortened rather than the
    parts after it ("· Plan · DRAFT"), which say what the document is."""
    if width(header, FONT, FURNITURE) <= room:
        return header
    first, _, rest = header.partition(" · ")
    tail = " · " + rest
    if rest and width(tail, FONT, FURNITURE) < room * 0.6:
        return fit(first, FONT, FURNITURE, room - width(tail, FONT, FURNITURE)) + tail
    return fit(header, FONT, FURNITURE, room)


def _page_label(footer: str, page: int) -> str:
    """The footer up to the total, which is drawn after it once known: the total comes
    last in every shipped language ("Seite 3 von 12")."""
    return footer.split("{pages}")[0].replace("{page}", str(page))


def _canvas_class() -> Any:
    """reportlab's Canvas, drawing right-to-left text in visual order."""
    from reportlab.pdfgen.canvas import Canvas

    class VisualCanvas(Canvas):  # type: ignore[misc]
        def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            text = visual(text)
            if not text or max(text) < "\u0250":
                return super().drawString(x, y, text, *args, **kw)
            # Characters the current font lacks are drawn in a fallback font (fonts.py).
            font, size = self._fontname, self._fontsize
            for face, part in runs(text, font, FONTS):
                self.setFont(face, size)
                super().drawString(x, y, part, *args, **kw)
                x += width(part, face, size)
            self.setFont(font, size)
            return None

        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            shift = width(visual(text), self._fontname, self._fontsize)
            return self.drawString(x - shift, y, text, *args, **kw)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            shift = width(visual(text), self._fontname, self._fontsize) / 2
            return self.drawString(x - shift, y, text, *args, **kw)

    return VisualCanvas


@contextmanager
def _epoch(stamp: dt.datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to ``stamp`` unless the caller set it: reportlab dates the
    PDF from it, so two builds of one plan give the same bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    seconds = int(stamp.replace(tzinfo=dt.timezone.utc).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(max(seconds, 315532800))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


_LAST_COLUMNS: list[tuple[Any, list[float]]] = []


def _columns(
    total: float,
    widths: Sequence[float],
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    sizes: tuple[float, float],
    fit: Sequence[bool],
    fonts: tuple[str, str, str],
) -> list[float]:
    """``column_widths``, remembered for the last table: a heading measures the short table
    it keeps with (table_height) just before the table is drawn with the same widths."""
    key = (
        total,
        tuple(widths),
        tuple(header or ()),
        tuple(tuple(row) for row in rows),
        sizes,
        tuple(fit),
        fonts,
    )
    if _LAST_COLUMNS and _LAST_COLUMNS[0][0] == key:
        return list(_LAST_COLUMNS[0][1])
    found = column_widths(total, widths, header, rows, sizes, fit, fonts, _width_function())
    _LAST_COLUMNS[:] = [(key, found)]
    return list(found)


def table_height(
    pages: Pages,
    widths: Sequence[float],
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    *,
    size: float = 9,
    bold_first: bool = False,
    fit: Sequence[bool] = (),
) -> float:
    """How tall ``pages.table`` would draw these rows (sized and wrapped the same way)."""
    pad = 3
    fonts = (BOLD if bold_first else FONT, FONT, BOLD)
    columns = _columns(pages.width, widths, header, rows, (size, pad), fit, fonts)
    leading = size * 1.25
    lang = pages.language
    height = 6.0
    if header:
        heads = [
            wrap(h, BOLD, size, w - 2 * pad, lang) for h, w in zip(header, columns, strict=True)
        ]
        height += max(len(h) for h in heads) * leading + 2 * pad
    for cells in _wrapped_rows(rows, columns, size, bold_first, lang):
        height += max((len(lines) for lines, _ in cells), default=1) * leading + 2 * pad
    return height


_LAST_WRAPPED: list[tuple[Any, list[list[tuple[list[str], str]]]]] = []


def _wrapped_rows(
    rows: Sequence[Sequence[Any]],
    columns: Sequence[float],
    size: float,
    bold_first: bool,
    lang: str | None,
) -> list[list[tuple[list[str], str]]]:
    """Every cell's lines and font, remembered for the last table (as _columns is)."""
    key = (tuple(tuple(row) for row in rows), tuple(columns), size, bold_first, lang)
    if _LAST_WRAPPED and _LAST_WRAPPED[0][0] == key:
        return _LAST_WRAPPED[0][1]
    pad = 3
    out = []
    for row in rows:
        cells = []
        for col, (value, w) in enumerate(zip(row, columns, strict=True)):
            font = BOLD if (bold_first and col == 0) else FONT
            text = "" if value is None else str(value)
            cells.append((wrap(text, font, size, w - 2 * pad, lang), font))
        out.append(cells)
    _LAST_WRAPPED[:] = [(key, out)]
    return out
