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

from cxplan.render.common import clean

FONT = "CxSans"
BOLD = "CxSans-Bold"
ITALIC = "CxSans-Oblique"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}
PAPER = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}
MM = 72 / 25.4


@cache
def register_fonts() -> None:
    """Register the shipped DejaVu family (Latin, Greek, Cyrillic and more) with reportlab."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    # reportlab writes a character beyond U+FFFF (an emoji) into the font's ToUnicode map
    # as five hex digits, which readers reject: the text could not be searched or copied.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = Path(__file__).resolve().parent.parent / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    # Nothing is set in bold italic; the family maps it to bold rather than ship a face.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap of a font subset, with UTF-16 for every character."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


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
            found = float(stringWidth(text, font, size))
            if len(text) < 40 and len(widths) < 500_000:
                widths[key] = found
        return found

    return measure


def width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points."""
    return float(_width_function()(text, font, size))


_WRAPPED: dict[tuple[str, str, float, float], list[str]] = {}


def wrap(text: str, font: str, size: float, limit: float) -> list[str]:
    """``text`` broken into lines no wider than ``limit``; overlong words are cut."""
    # Short cells repeat down a table (touchpoint names, roles): wrap each once.
    key = (text, font, size, limit)
    found = _WRAPPED.get(key)
    if found is None:
        found = _wrap(text, font, size, limit)
        if len(text) < 80 and len(_WRAPPED) < 100_000:
            _WRAPPED[key] = found
    return list(found)


def _wrap(text: str, font: str, size: float, limit: float) -> list[str]:
    if ARABIC.search(text):
        text = _reshape(text)  # joined letters are what is drawn, so what is measured
    measure = _width_function()
    out: list[str] = []
    space = measure(" ", font, size)
    for paragraph in clean(text).split("\n"):
        paragraph = paragraph.replace("\t", "    ")
        if measure(paragraph, font, size) <= limit:
            out.append(paragraph)  # most cells: one measurement, one line
            continue
        line, line_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = measure(word, font, size)
            if line and line_width + space + word_width <= limit:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if not line and word_width <= limit:
                line, line_width = word, word_width
                continue
            if line:
                out.append(line)
            line, line_width = "", 0.0
            # A word wider than the column (a URL, a 500-character token) is cut.
            while word and measure(word, font, size) > limit:
                cut = max(1, int(len(word) * limit / max(measure(word, font, size), 1)))
                while cut > 1 and measure(word[:cut], font, size) > limit:
                    cut -= 1
                # Ids and URLs read better cut after a hyphen, slash, dot or underscore.
                soft = max(word.rfind(mark, 0, cut) for mark in "-/._")
                if 0 < soft < cut - 1:
                    cut = soft + 1
                out.append(word[:cut])
                word = word[cut:]
            line, line_width = word, measure(word, font, size)
        out.append(line)
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
    ) -> None:
        register_fonts()
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
        self.page = 0
        self.y = 0.0
        self._lines_cache: dict[tuple[str, float, str], list[Any]] = {}
        self._known: dict[str, tuple[dict[int, int], set[str], list[int]]] = {}
        self._selects: dict[tuple[str, int, float], str] = {}
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
        c.setFont(FONT, 8)
        c.setFillColor(hex_colour("#6B6B6B"))
        top = self.size[1] - self.top + 10
        if self.header:
            c.drawString(self.left, top + 4, self.header[:140])
        c.setStrokeColor(hex_colour("#C8C8C8"))
        c.setLineWidth(0.5)
        c.line(self.left, top, self.size[0] - self.right, top)
        footer_y = self.bottom - 16
        label = _page_label(self.footer, self.page)
        # The total is a form filled in when the last page is known; the label ends where
        # it begins, a little left of the margin so that four digits fit.
        x = self.size[0] - self.right - width("0000", FONT, 8) - width(label, FONT, 8)
        c.drawString(x, footer_y, label)
        c.translate(x + width(label, FONT, 8), footer_y)
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
        c = self.canvas
        c.beginForm("cx_page_total")
        c.setFont(FONT, 8)
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
            for subset, operators in self._encoded(font, size, visual(line)):
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

    def _encoded(self, font: str, size: float, line: str) -> list[tuple[int, tuple[str, str]]]:
        """A line as (font subset, (select-font operator, show-text operator)) pieces.

        Roles, frequencies and methods repeat on every row, so lines are encoded once.
        """
        key = (font, size, line)
        found = self._lines_cache.get(key)
        if found is None:
            escape = self.canvas._escape
            table, chars, _ = self._known.setdefault(font, ({}, set(), [0]))
            if chars and set(line) <= chars:
                # Every character already has a code in the first subset: str.translate
                # maps the line in C, where reportlab would loop over it in Python.
                data = line.translate(table).encode("latin-1")
                found = [(0, (self._select(font, 0, size), f"({escape(data)}) Tj"))]
            else:
                found = [
                    (subset, (self._select(font, subset, size), f"({escape(data)}) Tj"))
                    for subset, data in self._split(font, line)
                ]
            if len(self._lines_cache) < 200_000:
                self._lines_cache[key] = found
        return found

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

    def text(
        self, text: str, style: Style, *, indent: float = 0, keep: float = 0, bullet: str = ""
    ) -> None:
        """A paragraph: wrapped, flowing onto the next page line by line."""
        lines = wrap(text, style.font, style.size, self.width - indent)
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
        size: float = 8,
        shade: Sequence[Sequence[str | None]] | None = None,
        bold_first: bool = False,
        min_row: float = 0,
        grid: bool = True,
        header_colour: str | None = None,
    ) -> None:
        """A table; the header repeats on every page; a row taller than a page splits."""
        c = self.canvas
        total = sum(widths) or 1
        columns = [self.width * w / total for w in widths]
        leading = size * 1.25
        pad = 3
        head_lines = (
            [wrap(h, BOLD, size, w - 2 * pad) for h, w in zip(header, columns, strict=True)]
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

        prepared = []
        for r, row in enumerate(rows):
            cells = []
            for col, (value, w) in enumerate(zip(row, columns, strict=True)):
                font = BOLD if (bold_first and col == 0) else FONT
                cells.append(
                    (wrap("" if value is None else str(value), font, size, w - 2 * pad), font)
                )
            colours = shade[r] if shade else [None] * len(columns)
            prepared.append((cells, colours))
        first_lines = max((len(lines) for lines, _ in prepared[0][0]), default=1) if prepared else 0
        self.need(head_height + min(first_lines, 4) * leading + 2 * pad)
        draw_header()
        for cells, colours in prepared:
            count = max((len(lines) for lines, _ in cells), default=1)
            heights = [leading] * count
            for start, take, height, _ in self.pieces(heights, pad, 3, min_row, draw_header):
                top = self.y
                x = self.left
                for (lines, font), w, colour in zip(cells, columns, colours, strict=True):
                    if colour:
                        c.setFillColor(hex_colour(colour))
                        c.rect(x, top - height, w, height, stroke=0, fill=1)
                    self.lines(
                        x + pad,
                        top - pad - leading + 2,
                        lines[start : start + take],
                        font,
                        size,
                        leading,
                    )
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


@cache
def _page_label(footer: str, page: int) -> str:
    """The footer up to the total, which is drawn after it once known: the total comes
    last in every shipped language ("Seite 3 von 12")."""
    return footer.split("{pages}")[0].replace("{page}", str(page))


def _canvas_class() -> Any:
    """reportlab's Canvas, drawing right-to-left text in visual order."""
    from reportlab.pdfgen.canvas import Canvas

    class VisualCanvas(Canvas):  # type: ignore[misc]
        def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            return super().drawString(x, y, visual(text), *args, **kw)

        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            return super().drawRightString(x, y, visual(text), *args, **kw)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            return super().drawCentredString(x, y, visual(text), *args, **kw)

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
