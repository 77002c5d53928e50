"""The Word plan: python-docx for the package, styles and page setup; the body as WordprocessingML.

python-docx's cell-by-cell table API costs ~1.5 ms a standard and grows worse with the
document (it rescans the body on every insert), so the body is written as XML text and
parsed once; python-docx still owns styles, sections, headers, fields and properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from cxplan.document.blocks import (
    Bullets,
    Cell,
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
from cxplan.render.breaks import approx_width, column_needs, size_columns, soft_hyphens
from cxplan.render.common import clean, reproducible_zip
from cxplan.render.wordml import R_NS, W_NS, hex_of, wrun
from cxplan.render.wordpackage import WordPackage

# Points of padding a column is sized with on each side: the cell's margin (80 twips) and
# 1.5 to spare, since the estimate (approx_width) runs 1 % under LibreOffice's DejaVu Sans
# (an id sized to it exactly wrapped).
PAD = 5.5
SPACER = '<w:p><w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr></w:p>'


class WordWriter(WordPackage):
    """Writes one Document as a .docx file."""

    def __init__(self, doc: Document, *, template: Path | None = None) -> None:
        self.doc = doc
        self.lang = language(doc.meta.language)
        self.tr = self.lang.tr
        self.template = template
        self.brand = hex_of(doc.meta.brand)
        self._bookmark = 0
        self._break = False
        self._spacer = True
        self._sections = 0

    # ------------------------------------------------------------------ body

    def write(self, path: Path, *, stamp: dt.datetime) -> None:
        from cxplan.textfile import atomic_write

        document = self._open()
        self.ids = self._styles(document)
        self._table_styles(document)
        if self.template is None:
            self._house_style(document)
        self._page(document)
        section_width = (
            document.sections[0].page_width
            - document.sections[0].left_margin
            - (document.sections[0].right_margin)
        )
        self.width = int(section_width / 635)  # EMU to twentieths of a point
        self.document = document
        # Written now (the logo's image part must exist before the package is saved) and
        # kept deflated until the zip below takes it.
        body = _Body()
        for xml in self._blocks(self.doc.blocks):
            body.add(clean(xml).encode("utf-8"))
        if self._sections:  # the last section starts inside the plan: its first page has a header
            document.sections[0].different_first_page_header_footer = False
        self._settings(document)
        self._properties(document, stamp)
        buffer = io.BytesIO()
        document.save(buffer)
        # The body goes into document.xml as text, on the way into the final zip: parsing it
        # into python-docx's tree and serialising it again would cost seconds on big plans.
        data = reproducible_zip(
            buffer.getvalue(),
            stamp,
            patch={
                "docProps/app.xml": self._app_xml,
                "word/document.xml": lambda xml: _splice_body(xml, body),
            },
        )
        atomic_write(path, data)

    def _blocks(self, blocks: list[Any]) -> Iterable[str]:
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            # A table needs a paragraph after it (Word merges adjacent tables, and the body
            # may not end in one), but before a page break it would spill onto a blank page.
            self._spacer = not isinstance(following, (PageBreak, Heading, Orientation))
            if isinstance(block, Cover):
                yield from self._cover(block)
            elif isinstance(block, Contents):
                yield self._contents(block)
            elif isinstance(block, Heading):
                yield self._heading(block)
            elif isinstance(block, Paragraph):
                # A short paragraph that leads into a table stays on the table's page.
                leads = isinstance(following, (Table, Facts)) and len(block.text) < 400
                yield self._paragraph(block, keep=leads)
            elif isinstance(block, Bullets):
                bullet = self.ids["List Bullet"]
                for item in block.items:
                    runs = "".join(wrun(s) for s in item)
                    yield f'<w:p><w:pPr><w:pStyle w:val="{bullet}"/></w:pPr>{runs}</w:p>'
            elif isinstance(block, Facts):
                yield self._facts(block)
            elif isinstance(block, Table):
                yield self._table(block)
            elif isinstance(block, Orientation):
                yield self._orientation(block)
            elif isinstance(block, PageBreak):
                self._break = True  # the next heading starts a page (no empty page after a
                continue  # full one, as a page-break paragraph would leave)
            elif isinstance(block, SignOff):
                yield self._signoff(block)

    def _cover(self, cover: Cover) -> Iterable[str]:
        band = (
            f'<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="{self.brand}"/>'
            '<w:spacing w:before="0" w:after="0"/></w:pPr>'
            f"{wrun(' ', size=40)}</w:p>"
        )
        yield band
        if cover.logo is not None:
            yield self._logo(cover.logo)
        spacer = '<w:p><w:pPr><w:spacing w:before="1600" w:after="0"/></w:pPr></w:p>'
        yield spacer
        yield (
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids["Title"]}"/></w:pPr>{wrun(cover.title)}</w:p>'
        )
        yield f"<w:p>{wrun(cover.client, size=48, bold=True, colour=self.brand)}</w:p>"
        yield (
            '<w:p><w:pPr><w:spacing w:after="1200"/></w:pPr>'
            f"{wrun(cover.subtitle, size=28, italic=True, colour='595959')}</w:p>"
        )
        if cover.draft:
            yield (
                "<w:p><w:pPr><w:pBdr>"
                + "".join(
                    f'<w:{e} w:val="single" w:sz="12" w:space="6" w:color="B45F06"/>'
                    for e in ("top", "left", "bottom", "right")
                )
                + '</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FFF4E5"/>'
                '<w:spacing w:before="0" w:after="600"/></w:pPr>'
                f"{wrun(cover.draft, size=26, bold=True, colour='B45F06')}</w:p>"
            )
        lines = [
            (self.tr("Prepared by"), ", ".join(x for x in (cover.consultant, cover.firm) if x)),
            (self.tr("Date"), self.lang.date(cover.date)),
        ]
        for label, value in lines:
            if value:
                yield (
                    f"<w:p>{wrun(self.lang.colon(label) + ' ', size=22, colour='7F7F7F')}"
                    f"{wrun(value, size=22)}</w:p>"
                )
        yield '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    def _logo(self, logo: Path) -> str:
        from docx.shared import Cm

        try:
            inline = self.document.part.new_pic_inline(str(logo), Cm(4.5), None)
        except Exception as err:  # python-docx raises its own error per image problem
            raise CxplanError(f"{logo}: the logo cannot be read as an image ({err})") from None
        # Cap the height as well: a tall logo must not push the title off the cover.
        extent = inline.extent
        if extent.cy > Cm(3):
            ratio = Cm(3) / extent.cy
            extent.cx, extent.cy = int(extent.cx * ratio), int(Cm(3))
            graphic = inline.graphic.graphicData.pic.spPr.xfrm.ext
            graphic.cx, graphic.cy = extent.cx, extent.cy
        from lxml import etree

        xml = etree.tostring(inline, encoding="unicode")
        return (
            '<w:p><w:pPr><w:spacing w:before="400"/></w:pPr><w:r><w:drawing>'
            f"{xml}</w:drawing></w:r></w:p>"
        )

    def _contents(self, contents: Contents) -> str:
        entries = [h for h in self.doc.headings() if h.level <= 2]
        out = [
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids["TOC Heading"]}"/></w:pPr>'
            f"{wrun(contents.title)}</w:p>"
        ]
        self._break = False
        field_start = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        field_end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        for i, h in enumerate(entries):
            indent = "" if h.level == 1 else '<w:ind w:left="440"/>'
            bold = h.level == 1
            start = field_start if i == 0 else ""
            end = field_end if i == len(entries) - 1 else ""
            out.append(
                f'<w:p><w:pPr><w:spacing w:after="{60 if bold else 20}"/>{indent}</w:pPr>{start}'
                f'<w:hyperlink w:anchor="{h.anchor}" w:history="1">'
                f"{wrun(h.text, bold=bold, size=21 if bold else 18)}</w:hyperlink>{end}</w:p>"
            )
        return "".join(out)

    def _heading(self, h: Heading) -> str:
        self._bookmark += 1
        style = self.ids[f"Heading {min(h.level, 3)}"]
        keep = "<w:keepNext/>"
        if self._break:
            keep += "<w:pageBreakBefore/>"
            self._break = False
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>'
            f'<w:bookmarkStart w:id="{self._bookmark}" w:name="{h.anchor}"/>'
            f"{wrun(h.text)}"
            f'<w:bookmarkEnd w:id="{self._bookmark}"/></w:p>'
        )

    def _paragraph(self, p: Paragraph, *, keep: bool = False) -> str:
        if keep and p.kind in ("body", "lead"):
            runs = "".join(wrun(s) for s in p.spans)
            return f"<w:p><w:pPr><w:keepNext/></w:pPr>{runs}</w:p>"
        if p.kind == "lead":
            runs = "".join(wrun(s, size=21) for s in p.spans)
            return f'<w:p><w:pPr><w:spacing w:after="160"/></w:pPr>{runs}</w:p>'
        if p.kind == "note":
            runs = "".join(wrun(s, size=18, italic=True, colour="595959") for s in p.spans)
            return f"<w:p><w:pPr><w:keepNext/></w:pPr>{runs}</w:p>"
        if p.kind == "draft":
            runs = "".join(wrun(s, colour="7F3F00") for s in p.spans)
            return (
                '<w:p><w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" '
                'w:color="E69138"/></w:pBdr><w:shd w:val="clear" w:color="auto" '
                'w:fill="FFF4E5"/><w:ind w:left="200"/></w:pPr>'
                f"{runs}</w:p>"
            )
        return f"<w:p>{''.join(wrun(s) for s in p.spans)}</w:p>"

    # ------------------------------------------------------------------ tables

    def _widths(self, weights: list[float]) -> list[int]:
        total = sum(weights) or 1.0
        return [int(self.width * w / total) for w in weights]

    def _cell(
        self,
        cell: Cell,
        width: int,
        *,
        header: bool = False,
        size: int = 18,
        borders: bool = True,
        keep: bool = False,
    ) -> str:
        shade = self.brand if header else (hex_of(cell.shade) if cell.shade else None)
        pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if shade:
            pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
        if not borders:
            pr += (
                '<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
                '<w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
            )
        style = self.ids["CX Table Head" if header else "CX Table Text"]
        # keepNext on every line of a row holds it to the next: the table stays on a page.
        start = f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{"<w:keepNext/>" if keep else ""}</w:pPr>'
        run_size = None if size == 18 else size
        text = cell.text
        if "\n" in text:  # one paragraph per line: bulleted lines keep their own spacing
            paras = "".join(
                f"{start}{wrun(line, size=run_size, bold=cell.bold)}</w:p>"
                for line in text.split("\n")
            )
        else:
            paras = f"{start}{wrun(text, size=run_size, bold=cell.bold)}</w:p>"
        return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"

    def _tbl(self, widths: list[int], rows: list[str], *, grid: bool = True) -> str:
        style = f'<w:tblStyle w:val="{self.ids["Table Grid"]}"/>' if grid else ""
        line = '<w:{} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        edges = ("top", "left", "bottom", "right", "insideH", "insideV")
        if grid:
            borders = "<w:tblBorders>" + "".join(line.format(e) for e in edges) + "</w:tblBorders>"
        else:
            borders = (
                "<w:tblBorders>"
                + "".join(f'<w:{e} w:val="nil"/>' for e in edges)
                + "</w:tblBorders>"
            )
        grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/>'
            '<w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid_cols}</w:tblGrid>"
            f"{''.join(rows)}</w:tbl>" + (SPACER if self._spacer else "")
        )

    def _fitted(self, table: Table) -> tuple[list[int], list[bool]]:
        """Column widths sized to content, as the PDF's are: ids never wrap; and which
        columns are narrower than their longest word (their words get soft hyphens)."""
        header = [c.title for c in table.columns]
        rows = [[c.text for c in row] for row in table.rows]
        bold = any(row and row[0].bold for row in table.rows)
        fonts = ("bold" if bold else "regular", "regular", "bold")
        weights = [c.width for c in table.columns]
        fit = [c.fit for c in table.columns]
        total = self.width / 20
        needs, fixed = column_needs(
            total, len(weights), header, rows, (9, PAD), fit, fonts, approx_width
        )
        points = size_columns(weights, needs, fixed, total)
        narrow = [p < n - 0.01 for p, n in zip(points, needs, strict=True)]
        return [int(p * 20) for p in points], narrow

    def _hyphenated(self, cell: Cell, width: int, bold: bool) -> Cell:
        """The cell with soft hyphens in the words wider than its column (see breaks)."""
        limit = width / 20 - 8  # points inside the cell's margins of 80 twips a side
        font = "bold" if bold else "regular"
        text = soft_hyphens(cell.text, font, 9, limit, approx_width, self.lang.tag)
        return cell if text is cell.text else replace(cell, text=text)

    def _table(self, table: Table) -> str:
        widths, narrow = self._fitted(table)
        rows = []
        if any(c.title for c in table.columns):
            cells = "".join(
                self._cell(
                    self._hyphenated(Cell(c.title), w, True) if tight else Cell(c.title),
                    w,
                    header=True,
                    keep=True,
                )
                for c, w, tight in zip(table.columns, widths, narrow, strict=True)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
        for i, row in enumerate(table.rows):
            # each row kept with the next: a short table or a panel moves whole
            keep = (table.keep or table.short) and i < len(table.rows) - 1
            cells = "".join(
                self._cell(self._hyphenated(c, w, c.bold) if tight else c, w, keep=keep)
                for c, w, tight in zip(row, widths, narrow, strict=True)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        xml = self._tbl(widths, rows)
        if table.caption:
            if xml.endswith(SPACER):
                xml = xml[: -len(SPACER)]
            xml += (
                '<w:p><w:pPr><w:spacing w:before="40" w:after="120"/></w:pPr>'
                + wrun(table.caption, size=18, italic=True, colour="7F7F7F")
                + "</w:p>"
            )
        return xml

    def _facts(self, facts: Facts) -> str:
        widths = self._widths([1.2, 4.8])
        rows = [
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + self._cell(Cell(k, bold=True), widths[0], size=21, borders=False)
            + self._cell(Cell(v), widths[1], size=21, borders=False)
            + "</w:tr>"
            for k, v in facts.rows
        ]
        return self._tbl(widths, rows, grid=False)

    def _orientation(self, turn: Orientation) -> str:
        """A section break: the section that ends keeps its orientation, the next turns."""
        from lxml import etree

        section = self.document.sections[0]
        xml = etree.tostring(section._sectPr, encoding="unicode")
        xml = re.sub(r"<w:type [^>]*/>", "", xml)
        if self._sections:  # only the first section has the cover's empty first page
            xml = re.sub(r"<w:titlePg[^>]*/>", "", xml)
        ended_landscape = not turn.landscape
        short, long = sorted((int(section.page_width / 635), int(section.page_height / 635)))
        if ended_landscape:
            size = f'<w:pgSz w:w="{long}" w:h="{short}" w:orient="landscape"/>'
        else:
            size = f'<w:pgSz w:w="{short}" w:h="{long}"/>'
        xml = re.sub(r"<w:pgSz [^>]*/>", size, xml)
        self._sections += 1
        margins = int((section.left_margin + section.right_margin) / 635)
        self.width = (long if turn.landscape else short) - margins
        self._break = False  # the section break starts the page
        # The break's own paragraph is a hairline: on a full page it must not spill over.
        tiny = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        return f"<w:p><w:pPr>{tiny}{xml}</w:pPr></w:p>"

    def _signoff(self, signoff: SignOff) -> str:
        widths = self._widths([2.2, 2.2, 3, 1.4])
        titles = (self.tr("Name"), self.tr("Role"), self.tr("Signature"), self.tr("Date"))
        header = "".join(
            self._cell(Cell(t), w, header=True) for t, w in zip(titles, widths, strict=True)
        )
        rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
        for name, role, date in signoff.people:
            cells = "".join(
                self._cell(Cell(v), w, size=21)
                for v, w in zip((name, role, "", date), widths, strict=True)
            )
            rows.append(
                f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="900"/></w:trPr>{cells}</w:tr>'
            )
        return self._tbl(widths, rows)


class _Body:
    """The body's XML as it is written, kept deflated: a long plan's body is tens of
    megabytes of text and a tenth of that deflated. Each block holds whole pieces."""

    BLOCK = 1 << 20

    def __init__(self) -> None:
        self.blocks: list[bytes] = []
        self._pending: list[bytes] = []
        self._size = 0

    def add(self, piece: bytes) -> None:
        self._pending.append(piece)
        self._size += len(piece)
        if self._size >= self.BLOCK:
            self._pack()

    def _pack(self) -> None:
        if self._pending:
            self.blocks.append(zlib.compress(b"".join(self._pending), 1))  # fast: kept briefly
            self._pending, self._size = [], 0

    def pieces(self) -> Iterator[bytes]:
        """The XML again, a block at a time; each block goes once it is read."""
        self._pack()
        self.blocks.reverse()
        while self.blocks:
            yield zlib.decompress(self.blocks.pop())


def _splice_body(xml: bytes, body: _Body) -> Iterator[bytes]:
    """document.xml in pieces, with ``body`` before the body's closing section properties."""
    text = xml.decode("utf-8")
    root = re.search(r"<(?:\w+:)?document\b[^>]*>", text)
    if root is None or f'xmlns:w="{W_NS}"' not in root.group(0):
        raise CxplanError("the Word template's document.xml does not use the usual w: prefix")
    needs_r = 'xmlns:r="' not in root.group(0)
    end = text.rfind("<w:sectPr")
    if end < 0:
        end = text.rfind("</w:body>")
    yield text[:end].encode("utf-8")
    for piece in body.pieces():
        if needs_r:
            piece = piece.replace(b"<w:hyperlink ", f'<w:hyperlink xmlns:r="{R_NS}" '.encode())
        yield piece
    yield text[end:].encode("utf-8")


def write_docx(
    doc: Document, path: Path, *, stamp: dt.datetime, template: Path | None = None
) -> None:
    """Write ``doc`` as a Word file at ``path`` (atomically, reproducibly)."""
    WordWriter(doc, template=template).write(path, stamp=stamp)
