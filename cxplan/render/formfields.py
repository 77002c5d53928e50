"""PDF form fields (AcroForm) written directly: tick-box groups, text fields, a calculation.

reportlab's own fields build a dictionary of dictionaries per tick box and six appearance
streams, then format all of it through its generic object writer: a fillable checklist
took four to five times as long as a printed one. Here each widget is one small object
whose text is made once, at save time, from a template; the tick boxes of a file share
one pair of appearance streams (a check mark, nothing); text fields get their look from
the viewer (NeedAppearances), which also lets them show any script the viewer's fonts
cover. Names and values are PDF text strings, so any Unicode value is kept as typed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

RADIO_FLAGS = (1 << 15) | (1 << 14)  # a radio group whose ticked box can be changed, not cleared
MULTILINE = 1 << 12
READ_ONLY = 1
PRINT = 4
HIDDEN = 2
TICK = "0.15 0.15 0.15 RG 1.3 w 1 J 1 j {a:.2f} {b:.2f} m {c:.2f} {d:.2f} l {e:.2f} {f:.2f} l S"


def pdf_text(value: str) -> str:
    """``value`` as a PDF text string: literal when ASCII, else UTF-16 with its mark."""
    if value.isascii():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return "(" + escaped.replace("\r", "\\r").replace("\n", "\\n") + ")"
    return "<FEFF" + value.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


class Raw:
    """A PDF object given as its text, with references between the pieces."""

    def __init__(self, *parts: Any) -> None:
        self.parts = parts  # text, and reportlab references, in turn

    def format(self, document: Any) -> bytes:
        return "".join(
            part if isinstance(part, str) else part.format(document).decode("latin-1")
            for part in self.parts
        ).encode("latin-1")


class Group:
    """A radio group: the field its tick boxes (its kids) belong to."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.kids: list[Any] = []

    def format(self, document: Any) -> bytes:
        kids = " ".join(kid.format(document).decode("latin-1") for kid in self.kids)
        text = f"<< /FT /Btn /Ff {RADIO_FLAGS} /T {pdf_text(self.name)} /Kids [{kids}] >>"
        return text.encode("latin-1")


@cache
def _kinds() -> tuple[Any, Any]:
    """Raw and Group as reportlab objects (its writer formats only its own kind); made
    when reportlab is first needed, as it loads late."""
    from reportlab.pdfbase.pdfdoc import PDFObject

    return (
        type("RawObject", (Raw, PDFObject), {}),
        type("GroupObject", (Group, PDFObject), {}),
    )


class FormFields:
    """The form of one PDF being drawn on ``canvas`` (a reportlab Canvas)."""

    def __init__(self, canvas: Any, box: float) -> None:
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFStream

        self.raw, self.group_kind = _kinds()
        self.canvas = canvas
        self.doc = canvas._doc
        self.form = canvas.acroForm
        self.form.makeFont("Helvetica")  # /Helv, named by every text field's /DA
        self.form.extras["NeedAppearances"] = self.raw("true")
        self.order = PDFArray([])  # the calculated fields, in the order they compute
        self.groups: dict[str, tuple[Any, Any]] = {}  # name: (group, its reference)
        self.box = box
        self._page: tuple[int, Any] = (-1, None)  # the page being drawn, and its reference

        def stream(content: str) -> Any:
            box = PDFArray([0, 0, self.box, self.box])
            look = PDFStream(
                PDFDictionary({"Type": "/XObject", "Subtype": "/Form", "BBox": box}),
                content,
            )
            return self.doc.Reference(look)

        s = box
        tick = TICK.format(a=s * 0.2, b=s * 0.5, c=s * 0.42, d=s * 0.22, e=s * 0.82, f=s * 0.8)
        self.on, self.off = stream(tick), stream("")

    def _add(self, *parts: Any) -> Any:
        """A widget on the current page; returns its reference."""
        # One reference to a page for all its widgets (a checklist page has dozens).
        number, page = self._page
        if number != self.doc.pageCounter:
            number, page = self._page = (self.doc.pageCounter, self.doc.thisPageRef())
        widget = self.raw("<< /Type /Annot /Subtype /Widget /P ", page, *parts)
        ref = self.doc.Reference(widget)
        self.canvas._annotationrefs.append(ref)
        return ref

    def radio(self, name: str, value: str, x: float, y: float) -> None:
        """One tick box of the group ``name``: ticking it un-ticks the others."""
        found = self.groups.get(name)
        if found is None:
            group = self.group_kind(name)
            found = self.groups[name] = (group, self.doc.Reference(group))
            self.form.fields.append(found[1])
        group, parent = found
        s = self.box
        rect = f"/Rect [{x:.2f} {y:.2f} {x + s:.2f} {y + s:.2f}] /F {PRINT} /H /N /AS /Off"
        look = (f" /AP << /N << /{value} ", self.on, " /Off ", self.off, " >> >> >>")
        group.kids.append(self._add(" /Parent ", parent, f" {rect}", *look))

    def text(
        self,
        name: str,
        rect: tuple[float, float, float, float],
        *,
        size: float = 9,
        multiline: bool = False,
        value: str = "",
        flags: int = 0,
        annotation: int = PRINT,
        extra: str = "",
    ) -> Any:
        """A text field at ``rect`` (x, y, width, height); returns its reference."""
        x, y, w, h = rect
        field_flags = flags | (MULTILINE if multiline else 0)
        text = pdf_text(value)
        ref = self._add(
            f" /FT /Tx /T {pdf_text(name)} /Rect [{x:.2f} {y:.2f} {x + w:.2f} {y + h:.2f}]"
            f" /F {annotation} /Ff {field_flags} /DA (/Helv {size:g} Tf 0 g)"
            f" /V {text} /DV {text}{extra} >>"
        )
        self.form.fields.append(ref)
        return ref

    def hidden(self, name: str, value: str) -> None:
        """A read-only field no one sees, saying what a section is (its site, its role)."""
        self.text(name, (0, 0, 0, 0), value=value, flags=READ_ONLY, annotation=HIDDEN)

    def calculated(self, name: str, rect: tuple[float, float, float, float], script: str) -> None:
        """A read-only field whose value ``script`` (JavaScript) computes as others change."""
        action = f" /AA << /C << /S /JavaScript /JS {pdf_text(script)} >> >>"
        ref = self.text(name, rect, flags=READ_ONLY, extra=action)
        if not self.order.sequence:
            self.form.extras["CO"] = self.order
        self.order.sequence.append(ref)
