"""The PDF plan: the same blocks as the Word plan, laid out on reportlab's canvas."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from cxplan.document.blocks import (
    Bullets,
    Contents,
    Cover,
    Document,
    Facts,
    Heading,
    Orientation,
    PageBreak,
    Paragraph,
    SignOff,
    Table,
)
from cxplan.errors import CxplanError
from cxplan.i18n import language
from cxplan.render.common import clean
from cxplan.render.pdfkit import (
    BOLD,
    FONT,
    ITALIC,
    MM,
    Pages,
    Style,
    fit,
    hex_colour,
    table_height,
    width,
    wrap,
)

SHORT_SHARE = 0.5  # of a page: the tallest a short table may be and still move whole


class PdfWriter:
    """Draws one Document as a PDF."""

    def __init__(self, doc: Document, *, paper: str = "a4") -> None:
        self.doc = doc
        self.lang = language(doc.meta.language)
        self.tr = self.lang.tr
        self.paper = paper
        self.brand = doc.meta.brand
        self.styles = {
            # Four sizes: chapter, section, text, and tables with their notes, the contents'
            # sections and each page's header and footer (the cover has its own).
            "h1": Style(BOLD, 18, 24, self.brand),
            "h2": Style(BOLD, 13, 18, self.brand),
            "h3": Style(BOLD, 10.5, 15, "#262626"),
            "body": Style(FONT, 10.5, 14),
            "lead": Style(FONT, 10.5, 15, "#262626"),
            "note": Style(ITALIC, 9, 12, "#595959"),
            "draft": Style(FONT, 9, 12.5, "#7F3F00"),
            "caption": Style(ITALIC, 9, 11.5, "#7F7F7F"),
        }
        self.pages_of: dict[str, int] = {}
        self._measured: tuple[Table | None, float] = (None, 0.0)

    def write(self, path: Path, *, stamp: dt.datetime) -> None:
        from cxplan.textfile import atomic_write

        meta = self.doc.meta
        import io

        buffer = io.BytesIO()
        pages = Pages(
            buffer,
            paper=self.paper,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=meta.keywords,
            header=meta.header or meta.client,
            footer=self.tr("Page {page} of {pages}"),
            brand=self.brand,
            stamp=stamp,
            language=meta.language,
        )
        self.pages = pages
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
            self.index = index
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            self._block(block, following)
        self._contents_numbers()
        pages.canvas.showOutline()
        pages.finish()
        atomic_write(path, buffer.getvalue())

    # ------------------------------------------------------------------ blocks

    def _block(self, block: Any, following: Any) -> None:
        p = self.pages
        if isinstance(block, Cover):
            self._cover(block)
        elif isinstance(block, Contents):
            self._contents(block)
        elif isinstance(block, PageBreak):
            p.new_page()
        elif isinstance(block, Heading):
            self._heading(block, following)
        elif isinstance(block, Paragraph):
            if block.kind == "draft":
                self._draft(block.text)
            else:
                style = self.styles.get(block.kind, self.styles["body"])
                p.text(block.text, style)
                p.space(4 if block.kind != "note" else 2)
        elif isinstance(block, Bullets):
            for item in block.items:
                p.text("".join(s.text for s in item), self.styles["body"], indent=14, bullet="•")
            p.space(4)
        elif isinstance(block, Facts):
            p.table(
                [1.25, 4.75],
                None,
                [list(r) for r in block.rows],
                bold_first=True,
                grid=False,
            )
        elif isinstance(block, Table):
            header = [c.title for c in block.columns]
            rows = [[c.text for c in row] for row in block.rows]
            shade = [[c.shade for c in row] for row in block.rows]
            bold = any(row and row[0].bold for row in block.rows)
            p.table(
                [c.width for c in block.columns],
                header if any(header) else None,
                rows,
                shade=shade,
                bold_first=bold,
                fit=[c.fit for c in block.columns],
                # A short table is not split: a lone last row on a page of its own reads
                # as a mistake (Harbour's "Where the plan stands" left "7." behind).
                keep=30 if block.keep else (6 if self._moves_whole(block) else 0),
            )
            if block.caption:
                p.text(block.caption, self.styles["caption"])
                p.space(4)
        elif isinstance(block, Orientation):
            p.orient(landscape=block.landscape)
        elif isinstance(block, SignOff):
            p.table(
                [2.2, 2.2, 3, 1.4],
                [self.tr("Name"), self.tr("Role"), self.tr("Signature"), self.tr("Date")],
                [[n, r, "", d] for n, r, d in block.people],
                min_row=38,
            )

    def _cover(self, cover: Cover) -> None:
        p = self.pages
        c = p.canvas
        w, h = p.size
        p.furniture = False
        c.setFillColor(hex_colour(self.brand))
        c.rect(0, h - 28 * MM, w, 28 * MM, stroke=0, fill=1)
        c.rect(0, 0, w, 6 * MM, stroke=0, fill=1)
        y = h - 48 * MM
        if cover.logo is not None:
            try:
                from reportlab.lib.utils import ImageReader

                image = ImageReader(str(cover.logo))
                iw, ih = image.getSize()
                scale = min(50 * MM / iw, 28 * MM / ih)
                c.drawImage(image, p.left, y - ih * scale, iw * scale, ih * scale, mask="auto")
                y -= ih * scale + 10 * MM
            except Exception as err:  # reportlab raises several kinds for bad images
                raise CxplanError(
                    f"{cover.logo}: the logo cannot be read as an image ({err})"
                ) from None
        y = min(y, h - 95 * MM)
        c.setFillColor(hex_colour(self.brand))
        c.setFont(FONT, 26)
        c.drawString(p.left, y, clean(cover.title))
        c.setStrokeColor(hex_colour(self.brand))
        c.setLineWidth(0.8)
        c.line(p.left, y - 8, w - p.right, y - 8)
        y -= 40
        for line in wrap(cover.client, BOLD, 22, p.width):
            c.setFont(BOLD, 22)
            c.drawString(p.left, y, line)
            y -= 28
        c.setFillColor(hex_colour("#595959"))
        for line in wrap(cover.subtitle, ITALIC, 13, p.width):
            c.setFont(ITALIC, 13)
            c.drawString(p.left, y, line)
            y -= 17
        if cover.draft:
            self._stamp(cover.draft, y - 10)
        y = 55 * MM
        c.setFont(FONT, 10.5)
        prepared = ", ".join(x for x in (cover.consultant, cover.firm) if x)
        facts = [
            (self.lang.colon(label), clean(value))
            for label, value in (
                (self.tr("Prepared by"), prepared),
                (self.tr("Date"), self.lang.date(cover.date)),
            )
            if value
        ]
        # The values start past the longest label ("Elaborado por:"), and stay on the paper.
        indent = max((width(label, FONT, 10.5) for label, _ in facts), default=0.0) + 8
        for label, value in facts:
            c.setFillColor(hex_colour("#7F7F7F"))
            c.drawString(p.left, y, label)
            c.setFillColor(hex_colour("#1A1A1A"))
            c.drawString(p.left + indent, y, fit(value, FONT, 10.5, p.width - indent))
            y -= 15
        p.break_page()

    def _stamp(self, text: str, y: float) -> None:
        """The draft mark on the cover: a framed line in the warning colour."""
        p = self.pages
        c = p.canvas
        lines = wrap(text, BOLD, 13, p.width - 24, p.language)
        height = len(lines) * 17 + 14
        c.setStrokeColor(hex_colour("#B45F06"))
        c.setFillColor(hex_colour("#FFF4E5"))
        c.setLineWidth(1.5)
        c.rect(p.left, y - height, p.width, height, stroke=1, fill=1)
        p.lines(p.left + 12, y - 20, lines, BOLD, 13, 17, "#B45F06")

    def _contents(self, contents: Contents) -> None:
        p = self.pages
        c = p.canvas
        p.text(contents.title, self.styles["h1"])
        p.space(8)
        self.toc: list[tuple[Heading, int, float]] = []
        number_x = p.size[0] - p.right
        for h in (h for h in self.doc.headings() if h.level <= 2):
            style = Style(BOLD, 10.5, 17) if h.level == 1 else Style(FONT, 9, 14)
            indent = 0 if h.level == 1 else 16
            p.need(style.leading)
            p.y -= style.leading
            c.setFont(style.font, style.size)
            c.setFillColor(hex_colour("#1A1A1A"))
            text = wrap(h.text, style.font, style.size, p.width - indent - 40)[0]
            c.drawString(p.left + indent, p.y + 2, text)
            start = p.left + indent + width(text, style.font, style.size) + 4
            c.setFillColor(hex_colour("#A0A0A0"))
            dots = "." * max(int((number_x - 26 - start) / width(".", FONT, 9)), 0)
            c.setFont(FONT, 9)
            c.drawString(start, p.y + 2, dots)
            c.linkAbsolute("", h.anchor, (p.left, p.y, number_x, p.y + style.leading - 2))
            c.saveState()
            c.translate(number_x, p.y + 2)
            c.doForm(f"cx_toc_{h.anchor}")
            c.restoreState()
            self.toc.append((h, p.page, p.y))

    def _contents_numbers(self) -> None:
        c = self.pages.canvas
        for h, _, _ in getattr(self, "toc", []):
            c.beginForm(f"cx_toc_{h.anchor}", lowerx=-80, lowery=-5, upperx=5, uppery=20)
            # The page number in its entry's size: bold chapters, their sections in 9 pt.
            c.setFont(*((BOLD, 10.5) if h.level == 1 else (FONT, 9)))
            c.setFillColor(hex_colour("#1A1A1A"))
            c.drawRightString(0, 0, str(self.pages_of.get(h.anchor, "")))
            c.endForm()

    def _heading(self, h: Heading, following: Any) -> None:
        p = self.pages
        style = self.styles[f"h{min(h.level, 3)}"]
        before = {1: 0, 2: 12, 3: 8}[min(h.level, 3)]
        # Keep a heading with what follows it: never alone at the foot of a page.
        keep = self._keep_after(self.index)
        if p.room() < before + style.leading * 2 + keep:
            p.new_page()
        elif p.y < p.size[1] - p.top - 1:
            p.space(before)
        self.pages_of[h.anchor] = p.page
        if h.level <= 3:
            p.link_target(h.anchor, h.text, min(h.level - 1, 2))
        p.text(h.text, style)
        p.space(4 if h.level == 1 else 2)

    def _keep_after(self, index: int) -> float:
        """The height that must fit below a heading: the notes and short paragraphs that
        lead into what follows, and the start of that (a table's header and first rows)."""
        height = 0.0
        p = self.pages
        for block in self.doc.blocks[index + 1 : index + 6]:
            if isinstance(block, Heading):
                height += self.styles[f"h{min(block.level, 3)}"].leading + 10
                continue
            if isinstance(block, Paragraph) and block.kind != "draft":
                style = self.styles.get(block.kind, self.styles["body"])
                # Estimated, not wrapped: the paragraph is wrapped when it is drawn.
                count = math.ceil(width(block.text, style.font, style.size) / p.width * 1.1)
                if count > 3:
                    return height + style.leading * 2
                height += style.leading * max(count, 1) + 4
                continue
            if isinstance(block, Table) and self._moves_whole(block):
                # It moves whole to the next page if it must, so keep all of it in view.
                return height + self._height(block)
            if isinstance(block, (Table, Facts, SignOff)):
                return height + 70
            return height + (40 if isinstance(block, (Bullets, Paragraph)) else 0)
        return height + 40

    def _moves_whole(self, table: Table) -> bool:
        """A short table moves whole to the next page, unless it is taller than half a
        page: moved, that would leave the page before it mostly empty (a German owner
        matrix left its chapter's first page with nothing but the introduction)."""
        if not table.short:
            return False
        p = self.pages
        return self._height(table) <= (p.size[1] - p.top - p.bottom) * SHORT_SHARE

    def _height(self, table: Table) -> float:
        """How tall the table is drawn (its sizing and wrapping are kept for the drawing);
        measured once though its heading and the table itself both ask."""
        if self._measured[0] is table:
            return self._measured[1]
        header = [c.title for c in table.columns]
        height = table_height(
            self.pages,
            [c.width for c in table.columns],
            header if any(header) else None,
            [[c.text for c in row] for row in table.rows],
            bold_first=any(row and row[0].bold for row in table.rows),
            fit=[c.fit for c in table.columns],
        )
        self._measured = (table, height)
        return height

    def _draft(self, text: str) -> None:
        """The callout of an unfinished chapter: a shaded box, flowing over pages if long."""
        p = self.pages
        c = p.canvas
        style = self.styles["draft"]
        lines = wrap(text, style.font, style.size, p.width - 20, p.language)
        p.need(min(len(lines), 3) * style.leading + 10)
        while lines:
            fit = max(int((p.room() - 10) // style.leading), 1)
            chunk, lines = lines[:fit], lines[fit:]
            height = len(chunk) * style.leading + 10
            c.setFillColor(hex_colour("#FFF4E5"))
            c.rect(p.left, p.y - height, p.width, height, stroke=0, fill=1)
            c.setFillColor(hex_colour("#E69138"))
            c.rect(p.left, p.y - height, 3, height, stroke=0, fill=1)
            top = p.y - 5 - style.leading + 2
            p.lines(p.left + 12, top, chunk, style.font, style.size, style.leading, style.colour)
            p.y -= height
            if lines:
                p.break_page()
        p.space(8)


def write_pdf(doc: Document, path: Path, *, stamp: dt.datetime, paper: str = "a4") -> None:
    """Write ``doc`` as a PDF plan at ``path`` (atomically, reproducibly)."""
    PdfWriter(doc, paper=paper).write(path, stamp=stamp)
