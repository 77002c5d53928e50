"""The Word plan: python-docx for the package, styles and page setup; the body as WordprocessingML.

python-docx's cell-by-cell table API costs ~1.5 ms a standard and grows worse with the
document (it rescans the body on every insert), so the body is written as XML text and
parsed once; python-docx still owns styles, sections, headers, fields and properties.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
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
    JourneyMap,
    PageBreak,
    Paragraph,
    SignOff,
    Span,
    Table,
)
from cxplan.document.theme import RATING_COLOURS, RATING_WORDS
from cxplan.errors import CxplanError
from cxplan.i18n import Language, _, language
from cxplan.render.common import clean, reproducible_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Table Grid",
    "TOC Heading",
)
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
SPACER = '<w:p><w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr></w:p>'
# What may follow <w:updateFields> in settings.xml (the schema's order, as python-docx lists it).
AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _esc(text: str) -> str:
    # Characters XML cannot hold are dropped once, from the whole body (see write).
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


@functools.cache
def _rpr(bold: bool, italic: bool, colour: str | None, size: int | None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if colour:
        props += f'<w:color w:val="{_hex(colour)}"/>'
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _run(
    span: Span | str,
    *,
    size: int | None = None,
    colour: str | None = None,
    bold: bool = False,
    italic: bool = False,
) -> str:
    """One run of text; line breaks and tabs inside it become Word's own."""
    if isinstance(span, Span):
        text, bold, italic = span.text, bold or span.bold, italic or span.italic
    else:
        text = span
    if not text:
        return ""
    rpr = _rpr(bold, italic, colour, size)
    if "\n" not in text and "\t" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{_esc(part)}</w:t>')
    return f"<w:r>{rpr}{''.join(out)}</w:r>"


class WordWriter:
    """Writes one Document as a .docx file."""

    def __init__(self, doc: Document, *, template: Path | None = None) -> None:
        self.doc = doc
        self.lang = language(doc.meta.language)
        self.tr = self.lang.tr
        self.template = template
        self.brand = _hex(doc.meta.brand)
        self._bookmark = 0
        self._break = False
        self._spacer = True

    # ------------------------------------------------------------------ package

    def _open(self) -> Any:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        if self.template is None:
            return docx.Document()
        path = self.template
        if not path.is_file():
            raise CxplanError(f"{path}: no such Word template (--docx-template)")
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise CxplanError(f"{path}: the Word template is too big to be a template")
        if path.suffix.lower() in (".dotx", ".dot", ".doc"):
            raise CxplanError(
                f"{path}: give the template as a .docx file (in Word: Save As, Word Document)"
            )
        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile):
            raise CxplanError(
                f"{path}: not a Word document (.docx) cxplan can read",
                hint="Save the template in Word as a Word Document (.docx).",
            ) from None
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        return document

    def _styles(self, document: Any) -> dict[str, str]:
        ids: dict[str, str] = {}
        missing = []
        for name in STYLES:
            try:
                ids[name] = document.styles[name].style_id
            except KeyError:
                missing.append(name)
        if missing:
            if self.template is None:  # pragma: no cover - python-docx's template has them all
                raise CxplanError(
                    "python-docx's default template lacks styles: " + ", ".join(missing)
                )
            raise CxplanError(
                f"{self.template}: the Word template lacks the styles "
                + ", ".join(missing)
                + "; add them in Word (Styles pane), or start the template from a blank document"
            )
        return ids

    def _table_styles(self, document: Any) -> None:
        """Paragraph styles for table text: short XML per cell, and a firm can restyle them."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = document.styles
        for name, bold, colour in (
            ("CX Table Text", False, None),
            ("CX Table Head", True, "FFFFFF"),
        ):
            try:
                style = styles[name]
            except KeyError:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = styles["Normal"]
                style.font.size = Pt(9)
                style.font.bold = bold
                if colour:
                    style.font.color.rgb = RGBColor.from_string(colour)
                fmt = style.paragraph_format
                fmt.space_before, fmt.space_after = Pt(1), Pt(1)
                fmt.line_spacing = 1.0
            self.ids[name] = style.style_id

    def _house_style(self, document: Any) -> None:
        """Fonts and colours for the default template; a firm's template keeps its own."""
        from docx.shared import Pt, RGBColor

        brand = RGBColor.from_string(self.brand)
        styles = document.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (
            ("Title", 30),
            ("Heading 1", 18),
            ("Heading 2", 13.5),
            ("Heading 3", 11.5),
        ):
            style = styles[name]
            style.font.color.rgb = brand
            style.font.size = Pt(size)
            style.font.name = "Calibri"
        styles["Heading 1"].paragraph_format.space_before = Pt(0)
        styles["Heading 1"].paragraph_format.space_after = Pt(10)
        styles["Heading 2"].paragraph_format.space_before = Pt(14)
        styles["Heading 3"].paragraph_format.space_before = Pt(10)
        styles["Title"].paragraph_format.space_after = Pt(12)

    def _page(self, document: Any) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        section = document.sections[0]
        if self.template is None:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            for side in ("left_margin", "right_margin"):
                setattr(section, side, Cm(2))
            section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = ""
        header.add_run(clean(f"{self.doc.meta.client} · {self.tr('Customer-experience plan')}"))
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.alignment = 2  # right
        self._field(footer, *_page_fields(self.tr("Page {page} of {pages}")))
        return None

    @staticmethod
    def _field(paragraph: Any, *parts: str) -> None:
        from docx.oxml import parse_xml

        # Alternating plain text and field codes: "Page ", PAGE, " of ", NUMPAGES.
        xml = ""
        for i, part in enumerate(parts):
            if i % 2 == 0:
                xml += _run(part)
            else:
                xml += (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve"> {part} </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                    "<w:r><w:t>1</w:t></w:r>"
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                )
        for run in parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>'):
            paragraph._p.append(run)

    def _settings(self, document: Any) -> None:
        from docx.oxml import parse_xml

        settings = document.settings.element
        for old in settings.findall(f"{{{W_NS}}}updateFields"):
            settings.remove(old)
        # Word then offers to refresh the contents and page numbers when the file opens.
        update = parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>')
        settings.insert_element_before(update, *AFTER_UPDATE_FIELDS)

    def _properties(self, document: Any, stamp: dt.datetime) -> None:
        meta = self.doc.meta
        core = document.core_properties
        core.title = clean(meta.title)[:255]
        core.author = clean(meta.author)[:255]
        core.last_modified_by = clean(meta.author)[:255]
        core.subject = clean(meta.subject)[:255]
        core.keywords = clean(meta.keywords)[:255]
        core.comments = ""
        core.category = self.tr("Customer-experience plan")
        core.created = stamp
        core.modified = stamp
        core.revision = 1
        package = document.part.package
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        for key, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:  # python-docx's template ships a blank-page thumbnail
                del package.rels[key]

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
        # kept as UTF-8 pieces, which the zip below compresses as they come.
        body = [clean(xml).encode("utf-8") for xml in self._blocks(self.doc.blocks)]
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

    def _app_xml(self, xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        company = _esc(self.doc.meta.company)
        text = re.sub(r"<Application>.*?</Application>", "<Application>cxplan</Application>", text)
        text = re.sub(r"<Template>.*?</Template>", "<Template></Template>", text)
        if "<Company>" in text:
            text = re.sub(r"<Company>.*?</Company>", f"<Company>{company}</Company>", text)
        else:
            text = text.replace("</Properties>", f"<Company>{company}</Company></Properties>")
        return text.encode("utf-8")

    def _blocks(self, blocks: list[Any]) -> Iterable[str]:
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            # A table needs a paragraph after it (Word merges adjacent tables, and the body
            # may not end in one), but before a page break it would spill onto a blank page.
            self._spacer = not isinstance(following, (PageBreak, Heading))
            if isinstance(block, Cover):
                yield from self._cover(block)
            elif isinstance(block, Contents):
                yield self._contents(block)
            elif isinstance(block, Heading):
                yield self._heading(block)
            elif isinstance(block, Paragraph):
                yield self._paragraph(block)
            elif isinstance(block, Bullets):
                bullet = self.ids["List Bullet"]
                for item in block.items:
                    runs = "".join(_run(s) for s in item)
                    yield f'<w:p><w:pPr><w:pStyle w:val="{bullet}"/></w:pPr>{runs}</w:p>'
            elif isinstance(block, Facts):
                yield self._facts(block)
            elif isinstance(block, Table):
                yield self._table(block)
            elif isinstance(block, JourneyMap):
                yield self._journey(block)
            elif isinstance(block, PageBreak):
                self._break = True  # the next heading starts a page (no empty page after a
                continue  # full one, as a page-break paragraph would leave)
            elif isinstance(block, SignOff):
                yield self._signoff(block)

    def _cover(self, cover: Cover) -> Iterable[str]:
        band = (
            f'<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="{self.brand}"/>'
            '<w:spacing w:before="0" w:after="0"/></w:pPr>'
            f"{_run(' ', size=40)}</w:p>"
        )
        yield band
        if cover.logo is not None:
            yield self._logo(cover.logo)
        spacer = '<w:p><w:pPr><w:spacing w:before="1600" w:after="0"/></w:pPr></w:p>'
        yield spacer
        yield (
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids["Title"]}"/></w:pPr>{_run(cover.title)}</w:p>'
        )
        yield f"<w:p>{_run(cover.client, size=48, bold=True, colour=self.brand)}</w:p>"
        yield (
            '<w:p><w:pPr><w:spacing w:after="1200"/></w:pPr>'
            f"{_run(cover.subtitle, size=28, italic=True, colour='595959')}</w:p>"
        )
        lines = [
            (self.tr("Prepared by"), ", ".join(x for x in (cover.consultant, cover.firm) if x)),
            (self.tr("Date"), self.lang.date(cover.date)),
        ]
        for label, value in lines:
            if value:
                yield (
                    f"<w:p>{_run(self.lang.colon(label) + ' ', size=22, colour='7F7F7F')}"
                    f"{_run(value, size=22)}</w:p>"
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
            f"{_run(contents.title)}</w:p>"
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
                f"{_run(h.text, bold=bold, size=21 if bold else 20)}</w:hyperlink>{end}</w:p>"
            )
        out.append(
            '<w:p><w:pPr><w:spacing w:before="240"/></w:pPr>'
            + _run(
                self.tr(TOC_NOTE),
                size=16,
                italic=True,
                colour="7F7F7F",
            )
            + "</w:p>"
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
            f"{_run(h.text)}"
            f'<w:bookmarkEnd w:id="{self._bookmark}"/></w:p>'
        )

    def _paragraph(self, p: Paragraph) -> str:
        if p.kind == "lead":
            runs = "".join(_run(s, size=23) for s in p.spans)
            return f'<w:p><w:pPr><w:spacing w:after="160"/></w:pPr>{runs}</w:p>'
        if p.kind == "note":
            runs = "".join(_run(s, size=19, italic=True, colour="595959") for s in p.spans)
            return f"<w:p><w:pPr><w:keepNext/></w:pPr>{runs}</w:p>"
        if p.kind == "draft":
            runs = _run(self.tr("Draft.") + " ", bold=True, colour="B45F06") + "".join(
                _run(s, colour="7F3F00") for s in p.spans
            )
            return (
                '<w:p><w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" '
                'w:color="E69138"/></w:pBdr><w:shd w:val="clear" w:color="auto" '
                'w:fill="FFF4E5"/><w:ind w:left="200"/></w:pPr>'
                f"{runs}</w:p>"
            )
        return f"<w:p>{''.join(_run(s) for s in p.spans)}</w:p>"

    # ------------------------------------------------------------------ tables

    def _widths(self, weights: list[float]) -> list[int]:
        total = sum(weights) or 1.0
        return [int(self.width * w / total) for w in weights]

    def _cell(
        self, cell: Cell, width: int, *, header: bool = False, size: int = 18, borders: bool = True
    ) -> str:
        shade = self.brand if header else (_hex(cell.shade) if cell.shade else None)
        pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if shade:
            pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
        if not borders:
            pr += (
                '<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
                '<w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
            )
        style = self.ids["CX Table Head" if header else "CX Table Text"]
        start = f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        run_size = None if size == 18 else size
        text = cell.text
        if "\n" in text:  # one paragraph per line: bulleted lines keep their own spacing
            paras = "".join(
                f"{start}{_run(line, size=run_size, bold=cell.bold)}</w:p>"
                for line in text.split("\n")
            )
        else:
            paras = f"{start}{_run(text, size=run_size, bold=cell.bold)}</w:p>"
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

    def _table(self, table: Table) -> str:
        widths = self._widths([c.width for c in table.columns])
        rows = []
        if any(c.title for c in table.columns):
            cells = "".join(
                self._cell(Cell(c.title), w, header=True)
                for c, w in zip(table.columns, widths, strict=True)
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
        for row in table.rows:
            cells = "".join(self._cell(c, w) for c, w in zip(row, widths, strict=True))
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        xml = self._tbl(widths, rows)
        if table.caption:
            if xml.endswith(SPACER):
                xml = xml[: -len(SPACER)]
            xml += (
                '<w:p><w:pPr><w:spacing w:before="40" w:after="120"/></w:pPr>'
                + _run(table.caption, size=16, italic=True, colour="7F7F7F")
                + "</w:p>"
            )
        return xml

    def _facts(self, facts: Facts) -> str:
        widths = self._widths([1.2, 4.8])
        rows = [
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + self._cell(Cell(k, bold=True), widths[0], size=20, borders=False)
            + self._cell(Cell(v), widths[1], size=20, borders=False)
            + "</w:tr>"
            for k, v in facts.rows
        ]
        return self._tbl(widths, rows, grid=False)

    def _journey(self, journey: JourneyMap) -> str:
        stages = journey.stages
        widths = self._widths([1.0] * len(stages))
        header = "".join(
            self._cell(Cell(title), w, header=True)
            for (title, _), w in zip(stages, widths, strict=True)
        )
        rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
        depth = max((len(stops) for _, stops in stages), default=0)
        for i in range(depth):
            cells = []
            for (_title, stops), w in zip(stages, widths, strict=True):
                if i >= len(stops):
                    cells.append(self._cell(Cell(""), w))
                    continue
                stop = stops[i]
                rating = _rating_text(self.lang, stop.rating)
                lines = [("★ " if stop.moment_of_truth else "") + stop.name, rating]
                if stop.owner:
                    lines.append(stop.owner)
                cells.append(
                    self._journey_cell(lines, w, RATING_COLOURS[stop.rating], stop.moment_of_truth)
                )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
        return self._tbl(widths, rows)

    def _journey_cell(self, lines: list[str], width: int, shade: str, truth: bool) -> str:
        pr = (
            f'<w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(shade)}"/>'
        )
        if truth:
            pr += (
                f'<w:tcBorders><w:left w:val="single" w:sz="24" w:color="{self.brand}"/>'
                "</w:tcBorders>"
            )
        name = _run(lines[0], size=19, bold=True)
        rest = "".join(
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
            f"{_run(line, size=16, colour='404040')}</w:p>"
            for line in lines[1:]
        )
        return (
            f"<w:tc><w:tcPr>{pr}</w:tcPr>"
            f'<w:p><w:pPr><w:spacing w:before="40" w:after="0"/></w:pPr>{name}</w:p>{rest}</w:tc>'
        )

    def _signoff(self, signoff: SignOff) -> str:
        widths = self._widths([2.2, 2.2, 3, 1.4])
        titles = (self.tr("Name"), self.tr("Role"), self.tr("Signature"), self.tr("Date"))
        header = "".join(
            self._cell(Cell(t), w, header=True) for t, w in zip(titles, widths, strict=True)
        )
        rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
        for name, role, date in signoff.people:
            cells = "".join(
                self._cell(Cell(v), w, size=20)
                for v, w in zip((name, role, "", date), widths, strict=True)
            )
            rows.append(
                f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="900"/></w:trPr>{cells}</w:tr>'
            )
        return self._tbl(widths, rows)


def _splice_body(xml: bytes, body: list[bytes]) -> Iterator[bytes]:
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
    for i, piece in enumerate(body):
        body[i] = b""  # let each piece go once it is compressed
        if needs_r:
            piece = piece.replace(b"<w:hyperlink ", f'<w:hyperlink xmlns:r="{R_NS}" '.encode())
        yield piece
    yield text[end:].encode("utf-8")


TOC_NOTE = _(
    "Page numbers appear when Word updates the table of contents (References > Update Table)."
)


def _rating_text(lang: Language, rating: int | None) -> str:
    """A journey stop's rating: ``2/5 weak``."""
    return f"{rating}/5 {lang.tr(RATING_WORDS[rating])}" if rating else lang.tr("not rated")


def _page_fields(footer: str) -> list[str]:
    """``Page {page} of {pages}`` as text and Word's field codes, in turn."""
    words = re.split(r"\{(pages?)\}", footer)
    codes = {"page": "PAGE", "pages": "NUMPAGES"}
    return [codes[w] if i % 2 else w for i, w in enumerate(words)]


def write_docx(
    doc: Document, path: Path, *, stamp: dt.datetime, template: Path | None = None
) -> None:
    """Write ``doc`` as a Word file at ``path`` (atomically, reproducibly)."""
    WordWriter(doc, template=template).write(path, stamp=stamp)
