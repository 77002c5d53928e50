"""The Word package around the plan's body: template, styles, page, fields, settings, properties."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from cxplan.document.blocks import Document
from cxplan.errors import CxplanError
from cxplan.render.common import clean
from cxplan.render.wordml import W_NS, esc, wrun

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

# What may follow <w:autoHyphenation> and come before <w:updateFields>, in schema order.
AFTER_HYPHENATION = (
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
)
# Fonts Word and LibreOffice find for Chinese, Japanese and Korean (Windows and macOS
# have them; LibreOffice substitutes the Noto CJK fonts where they are installed).
EAST_ASIAN = {"ja": "Yu Gothic", "zh": "Microsoft YaHei", "ko": "Malgun Gothic"}


class WordPackage:
    """What a .docx needs besides its body; the WordWriter fills the body in."""

    doc: Document
    template: Path | None
    brand: str
    ids: dict[str, str]

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
            ("Heading 2", 13),
            ("Heading 3", 10.5),
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
        # The default template rules the title in Office blue; the rule takes the brand.
        for edge in styles["Title"].element.iter(f"{{{W_NS}}}bottom"):
            edge.set(f"{{{W_NS}}}color", self.brand)

    def _tr(self, text: str) -> str:
        """A fixed text in the document's language."""
        from cxplan.i18n import language

        return language(self.doc.meta.language).tr(text)

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
        header.add_run(clean(self.doc.meta.header or self.doc.meta.client))
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.alignment = 2  # right
        self._field(footer, *_page_fields(self._tr("Page {page} of {pages}")))
        return None

    @staticmethod
    def _field(paragraph: Any, *parts: str) -> None:
        from docx.oxml import parse_xml

        # Alternating plain text and field codes: "Page ", PAGE, " of ", NUMPAGES.
        xml = ""
        for i, part in enumerate(parts):
            if i % 2 == 0:
                xml += wrun(part)
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
        # Word and LibreOffice hyphenate by the language's dictionary, as the PDF does.
        if settings.find(f"{{{W_NS}}}autoHyphenation") is None:
            hyphenate = parse_xml(f'<w:autoHyphenation xmlns:w="{W_NS}" w:val="true"/>')
            settings.insert_element_before(hyphenate, *AFTER_HYPHENATION, *AFTER_UPDATE_FIELDS)
        self._language(document)

    def _language(self, document: Any) -> None:
        """The plan's language on the document's default run properties (hyphenation,
        spelling), and East Asian and complex-script fonts that have the glyphs."""
        from docx.oxml import parse_xml

        tag = self.doc.meta.language or "en-GB"
        defaults = document.styles.element.find(f"{{{W_NS}}}docDefaults")
        if defaults is None:
            return
        rpr = defaults.find(f"{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr")
        if rpr is None:
            return
        for old in rpr.findall(f"{{{W_NS}}}lang"):
            rpr.remove(old)
        primary = tag.split("-")[0].lower()
        east = EAST_ASIAN.get(primary)
        lang = f'w:val="{esc(tag)}"' + (f' w:eastAsia="{esc(tag)}"' if east else "")
        rpr.append(parse_xml(f'<w:lang xmlns:w="{W_NS}" {lang}/>'))
        fonts = rpr.find(f"{{{W_NS}}}rFonts")
        if fonts is None:
            fonts = parse_xml(f'<w:rFonts xmlns:w="{W_NS}"/>')
            rpr.insert(0, fonts)
        if east:
            fonts.set(f"{{{W_NS}}}eastAsia", east)
        fonts.set(f"{{{W_NS}}}cs", "Arial")

    def _properties(self, document: Any, stamp: dt.datetime) -> None:
        meta = self.doc.meta
        core = document.core_properties
        core.title = clean(meta.title)[:255]
        core.author = clean(meta.author)[:255]
        core.last_modified_by = clean(meta.author)[:255]
        core.subject = clean(meta.subject)[:255]
        core.keywords = clean(meta.keywords)[:255]
        core.comments = ""
        core.category = self._tr("Customer-experience plan")
        core.created = stamp
        core.modified = stamp
        core.revision = 1
        package = document.part.package
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        for key, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:  # python-docx's template ships a blank-page thumbnail
                del package.rels[key]

    # ------------------------------------------------------------------ body

    def _app_xml(self, xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        company = f"<Company>{esc(self.doc.meta.company)}</Company>"
        text = re.sub(r"<Application>.*?</Application>", "<Application>cxplan</Application>", text)
        text = re.sub(r"<Template>.*?</Template>", "<Template></Template>", text)
        if "<Company>" in text:
            text = re.sub(r"<Company>.*?</Company>", lambda _: company, text)  # C:\new stays
        else:
            text = text.replace("</Properties>", f"{company}</Properties>")
        return text.encode("utf-8")


def _page_fields(footer: str) -> list[str]:
    """``Page {page} of {pages}`` as text and Word's field codes, in turn."""
    words = re.split(r"\{(pages?)\}", footer)
    codes = {"page": "PAGE", "pages": "NUMPAGES"}
    return [codes[w] if i % 2 else w for i, w in enumerate(words)]
