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
    JourneyMap,
    JourneyStop,
    PageBreak,
    Paragraph,
    SignOff,
    Table,
)
from cxplan.document.theme import RATING_COLOURS, RATING_WORDS
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
    hex_colour,
    width,
    wrap,
)

PER_PANEL = 18  # touchpoints per journey-map drawing


class PdfWriter:
    """Draws one Document as a PDF."""

    def __init__(self, doc: Document, *, paper: str = "a4") -> None:
        self.doc = doc
        self.lang = language(doc.meta.language)
        self.tr = self.lang.tr
        self.paper = paper
        self.brand = doc.meta.brand
        self.styles = {
            "h1": Style(BOLD, 18, 24, self.brand),
            "h2": Style(BOLD, 13, 18, self.brand),
            "h3": Style(BOLD, 11, 15, "#262626"),
            "body": Style(FONT, 10, 13.5),
            "lead": Style(FONT, 11, 15.5),
            "note": Style(ITALIC, 9, 12, "#595959"),
            "draft": Style(FONT, 9.5, 12.5, "#7F3F00"),
            "caption": Style(ITALIC, 7.5, 10, "#7F7F7F"),
        }
        self.pages_of: dict[str, int] = {}

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
            header=f"{meta.client} · {self.tr('Customer-experience plan')}",
            footer=self.tr("Page {page} of {pages}"),
            brand=self.brand,
            stamp=stamp,
        )
        self.pages = pages
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
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
                size=9.5,
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
            )
            if block.caption:
                p.text(block.caption, self.styles["caption"])
                p.space(4)
        elif isinstance(block, JourneyMap):
            self._journey(block)
        elif isinstance(block, SignOff):
            p.table(
                [2.2, 2.2, 3, 1.4],
                [self.tr("Name"), self.tr("Role"), self.tr("Signature"), self.tr("Date")],
                [[n, r, "", d] for n, r, d in block.people],
                size=9.5,
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
        y = 55 * MM
        c.setFont(FONT, 10)
        prepared = ", ".join(x for x in (cover.consultant, cover.firm) if x)
        for label, value in (
            (self.tr("Prepared by"), prepared),
            (self.tr("Date"), self.lang.date(cover.date)),
        ):
            if value:
                c.setFillColor(hex_colour("#7F7F7F"))
                c.drawString(p.left, y, self.lang.colon(label))
                c.setFillColor(hex_colour("#1A1A1A"))
                c.drawString(p.left + 70, y, clean(value)[:120])
                y -= 15
        p.break_page()

    def _contents(self, contents: Contents) -> None:
        p = self.pages
        c = p.canvas
        p.text(contents.title, self.styles["h1"])
        p.space(8)
        self.toc: list[tuple[Heading, int, float]] = []
        number_x = p.size[0] - p.right
        for h in (h for h in self.doc.headings() if h.level <= 2):
            style = Style(BOLD, 10.5, 17) if h.level == 1 else Style(FONT, 9.5, 14)
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
            c.setFont(FONT, 9.5)
            c.setFillColor(hex_colour("#1A1A1A"))
            c.drawRightString(0, 0, str(self.pages_of.get(h.anchor, "")))
            c.endForm()

    def _heading(self, h: Heading, following: Any) -> None:
        p = self.pages
        style = self.styles[f"h{min(h.level, 3)}"]
        before = {1: 0, 2: 12, 3: 8}[min(h.level, 3)]
        # Keep a heading with what follows it: never alone at the foot of a page.
        keep = 70 if isinstance(following, (Table, JourneyMap, Facts)) else 40
        if p.room() < before + style.leading * 2 + keep:
            p.new_page()
        elif p.y < p.size[1] - p.top - 1:
            p.space(before)
        self.pages_of[h.anchor] = p.page
        if h.level <= 3:
            p.link_target(h.anchor, h.text, min(h.level - 1, 2))
        p.text(h.text, style)
        p.space(4 if h.level == 1 else 2)

    def _draft(self, text: str) -> None:
        p = self.pages
        c = p.canvas
        style = self.styles["draft"]
        lines = wrap(self.tr("Draft.") + " " + text, style.font, style.size, p.width - 20)
        height = len(lines) * style.leading + 10
        p.need(min(height, p.room()) if height > p.size[1] * 0.5 else height)
        c.setFillColor(hex_colour("#FFF4E5"))
        c.rect(p.left, p.y - height, p.width, height, stroke=0, fill=1)
        c.setFillColor(hex_colour("#E69138"))
        c.rect(p.left, p.y - height, 3, height, stroke=0, fill=1)
        p.y -= 5
        for i, line in enumerate(lines):
            p.y -= style.leading
            font = BOLD if i == 0 else style.font
            c.setFont(font, style.size)
            c.setFillColor(hex_colour(style.colour))
            c.drawString(p.left + 12, p.y + 2, line)
        p.y -= 5
        p.space(8)

    # ------------------------------------------------------------------ journey map

    def _journey(self, journey: JourneyMap) -> None:
        stops: list[tuple[str, JourneyStop]] = [
            (stage, stop) for stage, group in journey.stages for stop in group
        ]
        for start in range(0, len(stops), PER_PANEL):
            self._panel(stops[start : start + PER_PANEL], start, len(stops))

    def _panel(self, stops: list[tuple[str, JourneyStop]], start: int, total: int) -> None:
        p = self.pages
        c = p.canvas
        plot_h, label_h, title_h = 150.0, 86.0, 18.0
        height = title_h + plot_h + label_h + 10
        p.need(height)
        top = p.y
        left = p.left + 58
        right = p.size[0] - p.right
        plot_top = top - title_h
        plot_bottom = plot_top - plot_h
        step = (right - left) / max(len(stops), 1)
        xs = [left + step * (i + 0.5) for i in range(len(stops))]

        def y_of(rating: float) -> float:
            return plot_bottom + 12 + (rating - 1) * (plot_h - 24) / 4

        # stage bands, left to right
        c.setFont(BOLD, 8.5)
        i = band = 0
        while i < len(stops):
            stage = stops[i][0]
            j = i
            while j < len(stops) and stops[j][0] == stage:
                j += 1
            x0, x1 = left + step * i, left + step * j
            c.setFillColor(hex_colour(("#EEF3F9", "#F6F6F6")[band % 2]))
            c.rect(x0, plot_bottom, x1 - x0, plot_h, stroke=0, fill=1)
            c.setFillColor(hex_colour(self.brand))
            c.drawString(x0 + 4, plot_top + 5, stage)
            i, band = j, band + 1
        # the rating scale
        c.setFont(FONT, 7)
        for rating in range(1, 6):
            y = y_of(rating)
            c.setStrokeColor(hex_colour("#D9D9D9"))
            c.setLineWidth(0.4)
            c.line(left, y, right, y)
            c.setFillColor(hex_colour("#6B6B6B"))
            c.drawRightString(left - 4, y - 2.5, f"{rating} {self.tr(RATING_WORDS[rating])}")
        # the emotion curve through the rated touchpoints
        c.setStrokeColor(hex_colour(self.brand))
        c.setLineWidth(1.6)
        path = None
        for x, (_, stop) in zip(xs, stops, strict=True):
            if stop.rating is None:
                if path is not None:
                    c.drawPath(path, stroke=1, fill=0)
                    path = None
                continue
            if path is None:
                path = c.beginPath()
                path.moveTo(x, y_of(stop.rating))
            else:
                path.lineTo(x, y_of(stop.rating))
        if path is not None:
            c.drawPath(path, stroke=1, fill=0)
        for x, (_, stop) in zip(xs, stops, strict=True):
            if stop.rating is None:
                c.setFillColor(hex_colour(RATING_COLOURS[None]))
                c.setStrokeColor(hex_colour("#9E9E9E"))
                c.circle(x, plot_bottom + 6, 3, stroke=1, fill=1)
                continue
            y = y_of(stop.rating)
            if stop.moment_of_truth:
                c.setFillColor(hex_colour("#FFFFFF"))
                c.setStrokeColor(hex_colour(self.brand))
                c.setLineWidth(1.2)
                _star(c, x, y, 8)
            c.setFillColor(hex_colour(RATING_COLOURS[stop.rating]))
            c.setStrokeColor(hex_colour("#404040"))
            c.setLineWidth(0.6)
            c.circle(x, y, 3.6, stroke=1, fill=1)
        # touchpoint names, slanted under the plot
        c.setFillColor(hex_colour("#262626"))
        for x, (_, stop) in zip(xs, stops, strict=True):
            name = ("★ " if stop.moment_of_truth else "") + clean(stop.name)
            size = 7
            while width(name, FONT, size) > 118 and len(name) > 4:
                name = name[:-2]
            if name != ("★ " if stop.moment_of_truth else "") + clean(stop.name):
                name = name.rstrip() + "…"
            c.saveState()
            c.translate(x + 2, plot_bottom - 6)
            c.rotate(-50)
            c.setFont(FONT, size)
            c.drawString(0, 0, name)
            c.restoreState()
        c.setFont(ITALIC, 7)
        c.setFillColor(hex_colour("#7F7F7F"))
        end = start + len(stops)
        note = self.tr("★ moment of truth · line: today's experience, 1 (poor) to 5 (excellent)")
        if total > PER_PANEL:
            note += " · " + self.tr(
                "touchpoints {first}-{last} of {total}", first=start + 1, last=end, total=total
            )
        c.drawString(p.left, top - height + 4, note)
        p.y = top - height - 6


def _star(c: Any, x: float, y: float, r: float) -> None:
    path = c.beginPath()
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        px, py = x + radius * math.cos(angle), y + radius * math.sin(angle)
        if i == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    c.drawPath(path, stroke=1, fill=1)


def write_pdf(doc: Document, path: Path, *, stamp: dt.datetime, paper: str = "a4") -> None:
    """Write ``doc`` as a PDF plan at ``path`` (atomically, reproducibly)."""
    PdfWriter(doc, paper=paper).write(path, stamp=stamp)
