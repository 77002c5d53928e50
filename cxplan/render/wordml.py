"""WordprocessingML written as text: escaping, runs, and the namespaces."""

from __future__ import annotations

import functools

from cxplan.document.blocks import Span

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def esc(text: str) -> str:
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


SOFT = '</w:t><w:softHyphen/><w:t xml:space="preserve">'


def _soft(text: str) -> str:
    # A soft hyphen is Word's own element, not the character: readers see the word whole.
    # Applied to escaped text: the element is markup.
    return text.replace("\u00ad", SOFT) if "\u00ad" in text else text


def hex_of(colour: str) -> str:
    return colour.lstrip("#").upper()


@functools.cache
def _rpr(bold: bool, italic: bool, colour: str | None, size: int | None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if colour:
        props += f'<w:color w:val="{hex_of(colour)}"/>'
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def wrun(
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
        if "\u00ad" in text:
            return f'<w:r>{rpr}<w:t xml:space="preserve">{_soft(esc(text))}</w:t></w:r>'
        return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{_soft(esc(part))}</w:t>')
    return f"<w:r>{rpr}{''.join(out)}</w:r>"
