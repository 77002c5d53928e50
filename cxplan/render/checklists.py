"""Staff checklists: service standards with Yes / No / N.A. boxes, and the walk-through.

Every checklist carries the plan's version, and every standard its id, so that filled-in
results can be matched to the plan later; with ``fillable`` the boxes are PDF form fields
named by standard id. Form fields can only use PDF's standard fonts, so the client's
text is always drawn beside the fields in the embedded Unicode font, never inside them.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from cxplan.document.theme import DEFAULT_BRAND
from cxplan.errors import CxplanError
from cxplan.forms.layout import (
    ANSWERS,
    HEADER_FIELDS,
    KEYWORDS,
    NO_ROLE,
    NO_TOUCHPOINT,
    SCORE_FIELD,
    SITE_FIELD,
    SUBJECT_FIELD,
    WALK_HEADER_FIELDS,
    Checklist,
    WalkThrough,
    answer_field,
    comment_field,
    plan_version,
    section_field,
    walk_field,
)
from cxplan.forms.packs import Pack, packs
from cxplan.i18n import Language, _, resolve
from cxplan.method.status import step_status
from cxplan.method.steps import step_of
from cxplan.plan.model import Plan
from cxplan.render.common import clean
from cxplan.render.fonts import BOLD, FONT, FONT_FILES, ITALIC, register_fonts
from cxplan.render.formfields import FormFields
from cxplan.render.pdfkit import (
    MM,
    WARNING,
    Pages,
    hex_colour,
    wrap,
)
from cxplan.render.pdfkit import width as text_width

# The columns of a checklist of standards and of the walk-through (translated when drawn).
STANDARD_TITLES = (
    _("Id"),
    _("Touchpoint"),
    _("Standard and target"),
    _("Yes"),
    _("No"),
    _("N.A."),
    _("Comment"),
)
WALK_TITLES = (
    _("Touchpoint"),
    _("What does a new customer see here?"),
    _("Rating 1-5 (poor-excellent)"),
    _("Stand out from competitors?"),
    _("Notes"),
)
SUBJECT_KINDS = {"role": _("Role"), "touchpoint": _("Touchpoint"), "location": _("Role")}
FIELD_LABELS = {  # the lines of a checklist's header to fill in
    "location": _("Location"),
    "auditor": _("Auditor"),
    "date": _("Date"),
    "walker": _("Walked by"),
}
BOX = 8.5  # the side of a tick box, in points
PARALLEL_ROWS = 600  # from this many rows, checklists are written by several processes
SECTION_START = 135  # points a checklist's title, fields, note and table header take
WHOLE_SECTION = 10  # a checklist of up to this many standards is kept on one page if it can be
STANDARD_SHARE = 0.2  # a checklist's standards keep this share of the table at least
TEXT, LEADING = 9, 11.5  # points: every table, note and label (a title aside), none smaller
HEAD_LEADING, SMALL_LEADING = 10.5, 10.5  # a header's lines; a walk-through row's details


class ChecklistWriter:
    """Draws checklists for one plan."""

    def __init__(
        self,
        plan: Plan,
        *,
        paper: str = "a4",
        fillable: bool = False,
        stamp: dt.datetime | None = None,
        page_per_role: bool = False,
        lang: Language | None = None,
    ) -> None:
        self.plan = plan
        self.page_per_role = page_per_role
        self.form: FormFields | None = None  # the form of the file being drawn, if fillable
        self.lang = lang or resolve(plan.client.language)[0]
        self.tr = self.lang.tr
        self.paper = paper
        self.fillable = fillable
        self.stamp = stamp
        self.version = plan_version(plan)
        self.brand = plan.client.brand_color or DEFAULT_BRAND
        self.names = {t.id: t.name or t.id for t in plan.touchpoints}
        # Unfinished: the standards step is not done, or starter standards wait for review.
        self.unfinished = any(not s.reviewed for s in plan.standards) or not (
            step_status(plan, step_of("standards")).done
        )

    def _pages(self, buffer: Any, title: str, header: str, mark: str = "") -> Pages:
        pages = Pages(
            buffer,
            paper=self.paper,
            margins=(15 * MM, 15 * MM, 18 * MM, 18 * MM),
            title=title,
            author=self.plan.prepared_by.consultant or self.plan.prepared_by.firm or "",
            subject=self.tr(
                "Service-standard checklist for {client}", client=self.plan.client.name
            ),
            keywords=KEYWORDS.format(version=self.version),
            header=header,
            footer=self.tr("Page {page} of {pages}"),
            brand=self.brand,
            stamp=self.stamp,
            mark=mark,
        )
        self.form = FormFields(pages.canvas, BOX) if self.fillable else None
        return pages

    # ------------------------------------------------------------------ packs

    def pack(self, pack: Pack, path: Path) -> None:
        """One file: each checklist of ``pack`` (bookmarked), then its walk-through."""
        from cxplan.textfile import atomic_write

        tr = self.tr
        title, header = _pack_titles(pack, self.plan.client.name, self.version, self.lang)
        buffer = io.BytesIO()
        p = self._pages(buffer, title, header, _draft_mark(pack, self.unfinished, self.lang))
        for number, sheet in enumerate(pack.sheets):
            if number:
                _next_section(p, len(sheet.standards), self.page_per_role)
            p.link_target(sheet.key, _subject_line(sheet, self.lang), 0)
            self.standards(p, sheet)
        if pack.walk is not None:
            if pack.sheets:
                p.new_page()
            p.link_target(pack.walk.key, tr("Walk-through"), 0)
            self.walk_through(p, pack.walk)
        p.finish()
        atomic_write(path, buffer.getvalue())

    # ------------------------------------------------------------------ standards

    def standards(self, p: Pages, sheet: Checklist) -> None:
        """One checklist at the cursor: its title, fields, standards and score box."""
        what, subject = _subject(sheet, self.lang)
        self._title(
            p,
            self.tr("Service-standard checklist"),
            [(what, subject), (self.tr("Location"), sheet.location or "")],
            section=sheet.key,
            fields=HEADER_FIELDS,
            filled={"location": sheet.location},
            hidden={SITE_FIELD: sheet.site or "", SUBJECT_FIELD: sheet.subject},
        )
        p.text(
            self.tr(
                "Tick Yes when the standard was met, No when it was not, N.A. when it did not "
                "apply. Note what you saw in the comment."
            ),
            _style(ITALIC, TEXT, "#595959"),
        )
        p.space(6)
        titles, widths, inline, id_size = _standard_columns(p.width, sheet, self.tr)
        text_col = 2 if inline else 3  # the standard's column
        rows = []
        # Starter content the team has not kept or edited yet: audited, flagged on its row.
        flag = self.tr("Draft: not yet reviewed by the team")
        flags = {}
        for n, s in enumerate(sheet.standards, start=1):
            text = s.standard or ""
            if s.target:
                text += "\n" + self.tr("Target: {target}", target=s.target)
            if not s.reviewed:
                flags[s.id] = flag
            where = self.names.get(s.touchpoint or "", "")
            cells = [str(n), where, text] if inline else [str(n), s.id, where, text]
            rows.append((s.id, cells))
        self._grid(
            p,
            widths,
            titles,
            rows,
            boxes=(text_col + 1, text_col + 2, text_col + 3),
            values=ANSWERS,
            comment=text_col + 4,
            id_size=id_size,
            id_line=inline,
            flags=flags,
            continued=self.tr("{subject} (continued)", subject=_subject_line(sheet, self.lang)),
        )
        _score(p, sheet, self.brand, self.form, self.lang)

    # ------------------------------------------------------------------ walk-through

    def walk_through(self, p: Pages, walk: WalkThrough) -> None:
        """The walk-through at the cursor: every touchpoint in journey order."""
        self._title(
            p,
            self.tr("Walk-through checklist"),
            [
                (self.tr("Walk"), self.tr("every touchpoint, as a new customer")),
                (self.tr("Location"), walk.location or ""),
            ],
            section=walk.key,
            fields=WALK_HEADER_FIELDS,
            filled={"location": walk.location},
            hidden={SITE_FIELD: walk.site or ""},
        )
        p.text(
            self.tr(
                "Go through every point where a customer meets us, in the order a new customer "
                "would: before, during and after the purchase. At each one, note what a new "
                "customer sees, rate today's experience from 1 (poor) to 5 (excellent), and say "
                "whether we stand out from competitors there."
            ),
            _style(FONT, 9, "#262626"),
        )
        p.space(6)
        widths: list[float] = [22, 132, 0, 84, 74, 0]  # "competitors?" whole at 9 pt
        rest = p.width - sum(widths)
        widths[2], widths[5] = rest * 0.55, rest * 0.45
        titles = ["#", *(self.tr(t) for t in WALK_TITLES)]
        rows = []
        stops = walk.touchpoints
        for n, tp in enumerate(stops, start=1):
            where = " · ".join(
                x
                for x in (
                    self.tr(tp.stage.value) if tp.stage else "",
                    tp.channel or "",
                    self.tr("owner: {owner}", owner=tp.owner) if tp.owner else "",
                )
                if x
            )
            name = ("★ " if tp.moment_of_truth else "") + (tp.name or tp.id)
            rows.append((tp.id, [str(n), name, where]))
        if any(tp.moment_of_truth for tp in stops):
            p.text(self.tr("★ marks a moment of truth."), _style(ITALIC, TEXT, "#595959"))
            p.space(4)
        self._walk_grid(p, widths, titles, rows)

    # ------------------------------------------------------------------ pieces

    def _title(
        self,
        p: Pages,
        title: str,
        facts: list[tuple[str, str]],
        *,
        section: str,
        fields: tuple[str, ...],
        filled: dict[str, str | None],
        hidden: dict[str, str],
    ) -> None:
        """A section's title, what it is for, and the lines (or fields) to fill in.

        What is already known (the site of a site's pack) is printed among the facts,
        wrapped like any text; only what is left to fill in gets a line of its own.
        """
        c = p.canvas
        p.need(SECTION_START)
        p.text(title, _style(BOLD, 16, self.brand))
        p.text(self.plan.client.name, _style(BOLD, 11, "#262626"))
        for label, value in facts:
            if value:
                p.text(f"{self.lang.colon(label)} {value}", _style(FONT, TEXT, "#262626"))
        p.space(6)
        blanks = [name for name in fields if not filled.get(name)]
        width = p.width / len(blanks)
        p.need(22)
        y = p.y - 16
        for i, name in enumerate(blanks):
            x = p.left + i * width
            label = self.lang.colon(self.tr(FIELD_LABELS[name]))
            p.lines(x, y, [label], BOLD, 9, 11)
            start = x + text_width(label, BOLD, 9) + 6
            c.setStrokeColor(hex_colour("#7F7F7F"))
            c.setLineWidth(0.5)
            c.line(start, y - 3, x + width - 12, y - 3)
            if self.form is not None:
                name = section_field(name, section)
                self.form.text(name, (start, y - 3, x + width - 12 - start, 13), size=9)
        if self.form is not None:
            for name, value in hidden.items():
                self.form.hidden(section_field(name, section), clean(value))
        p.y = y - 14

    def _grid(
        self,
        p: Pages,
        widths: list[float],
        titles: list[str],
        rows: list[tuple[str, list[str]]],
        *,
        boxes: tuple[int, ...],
        values: tuple[str, ...],
        comment: int,
        id_size: float = 8,
        id_line: bool = False,
        continued: str = "",
        flags: dict[str, str] | None = None,
    ) -> None:
        """The checklist table: text columns, tick boxes, a comment line per row; the ids
        (column 1, or with ``id_line`` the first line of the standard's cell, column 2) in
        bold ``id_size`` points, small enough that none wraps; a row's flag (a draft's) in
        bold warning colour under the standard's text."""
        size, leading, pad = TEXT, LEADING, 3
        flags = flags or {}
        lang = self.lang.tag  # words too long for their column are hyphenated by its rules
        id_col, text_col = (-1, 2) if id_line else (1, 3)
        grey = {1} if id_line else {1, 2}

        heads = [wrap(t, BOLD, TEXT, w - 6, lang) for t, w in zip(titles, widths, strict=True)]
        tall = max(len(h) for h in heads) * HEAD_LEADING + 7
        head = _table_header(p, self.brand, widths, heads, tall, 12)
        drawn = False

        def header() -> None:
            # On a page the table continues on, say whose checklist it is (a site's pack
            # holds several).
            nonlocal drawn
            if drawn and continued:
                p.lines(p.left, p.y - 10, [continued], BOLD, TEXT, 11, self.brand)
                p.y -= 15
            drawn = True
            head()

        p.need(60)
        header()
        for ident, cells in rows:
            wrapped = [
                [text] if i == id_col else wrap(text, FONT, size, w - 2 * pad, lang)
                for i, (text, w) in enumerate(zip(cells, widths, strict=False))
            ]
            lead = 1 if id_line else 0  # the id's line atop the standard's cell
            if id_line:
                wrapped[text_col].insert(0, ident)
            plain = len(wrapped[text_col])
            if ident in flags:
                room = widths[text_col] - 2 * pad
                wrapped[text_col] += wrap(flags[ident], BOLD, size, room, lang)
            count = max(len(lines) for lines in wrapped)
            # A row keeps its boxes: it moves to the next page whole unless taller than one.
            for start, take, height, first in p.pieces([leading] * count, pad, count, 24, header):
                top = p.y
                x = p.left
                p.cells(p.left, top, widths, height)
                for i, w in enumerate(widths):
                    if i < len(wrapped):
                        font = BOLD if i == id_col else FONT
                        colour = "#595959" if i in grey else "#1A1A1A"
                        part = wrapped[i][start : start + take]
                        high = id_size if i == id_col else size
                        y = top - pad - leading + 2
                        if i == text_col:
                            if lead and start == 0:
                                p.lines(x + pad, y, part[:1], BOLD, id_size, leading, "#595959")
                                part, y = part[1:], y - leading
                            # The flag's lines of this piece, below its plain ones.
                            shown = max(plain - max(start, lead), 0)
                            p.lines(x + pad, y, part[:shown], font, high, leading, colour)
                            y -= min(shown, len(part)) * leading
                            p.lines(x + pad, y, part[shown:], BOLD, high, leading, WARNING)
                        else:
                            p.lines(x + pad, y, part, font, high, leading, colour)
                    x += w
                if first:
                    self._ticks(p, ident, widths, top, height, boxes, values, comment)
                p.y -= height

    def _ticks(
        self,
        p: Pages,
        ident: str,
        widths: list[float],
        top: float,
        height: float,
        boxes: tuple[int, ...],
        values: tuple[str, ...],
        comment: int,
    ) -> None:
        """A standard's Yes / No / N.A. boxes and its comment line (or fields)."""
        pad = 3
        x = p.left + sum(widths[: boxes[0]])
        corners = []
        for column, value in zip(boxes, values, strict=True):
            w = widths[column]
            corner = (x + (w - BOX) / 2, top - pad - BOX - 2)
            corners.append(corner)
            if self.form is not None:
                self.form.radio(answer_field(ident), value, *corner)
            x += w
        p.boxes(corners, BOX, "#404040", 0.8)
        cx = p.left + sum(widths[:comment])
        cw = widths[comment]
        if self.fillable:
            _write_in(self.form, comment_field(ident), cx, top, cw, height)
        else:
            rows_of = [top - n * 11 for n in range(1, int(height // 11) + 1)]
            segments = [(cx + 4, y, cx + cw - 4, y) for y in rows_of if y > top - height + 2]
            p.rules(segments, "#D0D0D0", 0.4)

    def _walk_grid(
        self, p: Pages, widths: list[float], titles: list[str], rows: list[tuple[str, list[str]]]
    ) -> None:
        """The walk-through table: a touchpoint per row, with room to write."""
        size, small, leading, pad = TEXT, TEXT, LEADING, 3
        lang = self.lang.tag

        pairs = zip(titles, widths, strict=True)
        heads = [wrap(title, BOLD, TEXT, w - 2 * pad, lang) for title, w in pairs]
        tall = max(len(lines) for lines in heads) * HEAD_LEADING + 6

        header = _table_header(p, self.brand, widths, heads, tall, 11)

        p.need(70)
        header()
        for ident, (number, name, details) in rows:
            names = wrap(name, BOLD, size, widths[1] - 2 * pad, lang)
            # The id on a line of its own, smaller where wider than the column: never wrapped.
            room = widths[1] - 2 * pad
            more = [*(wrap(details, FONT, small, room, lang) if details else []), ident]
            id_size = min(small, small * room / max(text_width(ident, FONT, small), 1.0))
            heights = [float(leading)] * len(names) + [SMALL_LEADING] * len(more)
            for start, take, height, first in p.pieces(heights, pad, len(heights), 48, header):
                top = p.y
                p.cells(p.left, top, widths, height)
                y = top - pad - leading + 2
                if first:
                    p.lines(p.left + pad, y, [number], FONT, size, leading)
                bold = names[start : start + take]
                p.lines(p.left + widths[0] + pad, y, bold, BOLD, size, leading)
                y -= len(bold) * leading
                small_lines = more[max(0, start - len(names)) : start + take - len(names)]
                last = start + take == len(heights)  # the id's line is in this piece
                _details(p, p.left + widths[0] + pad, y, small_lines, id_size if last else None)
                if first:
                    self._walk_marks(p, ident, widths, top, height)
                p.y -= height

    def _walk_marks(
        self, p: Pages, ident: str, widths: list[float], top: float, height: float
    ) -> None:
        """A touchpoint's places to write, its 1-5 rating and its stand-out boxes."""
        x = p.left + widths[0] + widths[1]
        _write_in(self.form, walk_field("sees", ident), x, top, widths[2], height)
        x += widths[2]
        corners = []
        by = top - 22
        for r in range(1, 6):
            bx = x + 5 + (r - 1) * 15.5
            p.lines(bx + 2, by + BOX + 3, [str(r)], FONT, TEXT, 8, "#595959")
            corners.append((bx, by))
            if self.form is not None:
                self.form.radio(walk_field("rating", ident), str(r), bx, by)
        x += widths[3]
        for i, (label, value) in enumerate(((self.tr("Yes"), "yes"), (self.tr("No"), "no"))):
            bx = x + 10 + i * 24
            p.lines(bx - 1, by + BOX + 3, [label], FONT, TEXT, 8, "#595959")
            corners.append((bx, by))
            if self.form is not None:
                self.form.radio(walk_field("standout", ident), value, bx, by)
        p.boxes(corners, BOX, "#404040", 0.8)
        x += widths[4]
        _write_in(self.form, walk_field("notes", ident), x, top, widths[5], height)


def _standard_columns(
    total: float, sheet: Checklist, tr: Callable[[str], str]
) -> tuple[list[str], list[float], bool, float]:
    """A checklist's column titles and widths, whether its ids go atop the standards'
    cells (no Id column), and the ids' size.

    The Id column is as wide as the longest id, unless that would leave the standard, what
    staff read, less than its share of the table: then (German ids such as
    "s-produkte-finden-und-beratung") each id goes on a line of its own atop its standard's
    cell. Either way an id never wraps (copied out, "s-checkin-wait" stays whole): wider
    than its room, it steps down in size.
    """
    longest = max((text_width(s.id, BOLD, TEXT) for s in sheet.standards), default=0.0)
    # The tick-box columns as wide as their titles ("N.A.", "Entf."): never broken.
    box = max(26.0, *(text_width(tr(t), BOLD, TEXT) + 7 for t in STANDARD_TITLES[3:6]))
    titles = ["#", *(tr(t) for t in STANDARD_TITLES)]
    widths: list[float] = [22, max(longest + 7, 40), 72, 0, box, box, box, 110]
    inline = total - sum(widths) < total * STANDARD_SHARE
    if inline:
        del titles[1], widths[1]
    text_col = widths.index(0)
    widths[text_col] = total - sum(widths)
    room = widths[text_col if inline else 1] - 7
    id_size = TEXT if longest <= room else max(TEXT * room / longest, 4.5)
    return titles, widths, inline, id_size


def _write_in(form: FormFields | None, name: str, x: float, top: float, w: float, h: float) -> None:
    """A cell to write in: a multi-line text field when fillable, blank paper otherwise."""
    if form is not None:
        form.text(name, (x + 2, top - h + 2, w - 4, h - 4), size=7, multiline=True)


def _draft_mark(pack: Pack, unfinished: bool, lang: Language) -> str:
    """The draft mark every page of ``pack`` carries while the plan's standards are
    ``unfinished``: how many of the pack's are not reviewed yet, if any; "" once agreed."""
    if not unfinished:
        return ""
    waiting = sum(not s.reviewed for sheet in pack.sheets for s in sheet.standards)
    if waiting:
        return lang.trn(
            "DRAFT: {count} standard not yet reviewed",
            "DRAFT: {count} standards not yet reviewed",
            waiting,
        )
    return lang.tr("DRAFT: the standards are not yet agreed")


def _table_header(
    p: Pages, brand: str, widths: list[float], heads: list[list[str]], height: float, drop: float
) -> Callable[[], None]:
    """What draws a table's header row: white titles on the brand colour, ``drop``
    points from the top to the first baseline."""

    def header() -> None:
        top = p.y
        p.canvas.setFillColor(hex_colour(brand))
        p.canvas.rect(p.left, top - height, sum(widths), height, stroke=0, fill=1)
        x = p.left
        for lines, w in zip(heads, widths, strict=True):
            p.lines(x + 3, top - drop, lines, BOLD, TEXT, HEAD_LEADING, "#FFFFFF")
            x += w
        p.y -= height

    return header


def _pack_titles(pack: Pack, client: str, version: str, lang: Language) -> tuple[str, str]:
    """A pack's document title and its running page header."""
    tr = lang.tr
    if pack.site is not None:
        where = pack.site.name
    elif pack.sheets:
        where = _subject_line(pack.sheets[0], lang)
    else:
        where = tr("Walk-through with fresh eyes")
    header = f"{client} · {where} · " + tr("plan version {version}", version=version)
    if not pack.sheets:
        return tr("Walk-through checklist"), header
    return tr("Service-standard checklists: {subject}", subject=where), header


def _subject(sheet: Checklist, lang: Language) -> tuple[str, str]:
    """What a checklist is for, in the plan's language: ("Rolle", "Empfang")."""
    stand_in = sheet.subject in (NO_ROLE, NO_TOUCHPOINT)
    return lang.tr(SUBJECT_KINDS[sheet.kind]), lang.tr(sheet.subject) if stand_in else sheet.subject


def _subject_line(sheet: Checklist, lang: Language) -> str:
    what, subject = _subject(sheet, lang)
    return f"{what}: {subject}"


def _next_section(p: Pages, rows: int, page_per_role: bool) -> None:
    """Room for the next checklist: on this page when its title, header and first
    rows fit (a role with few standards shares the sheet), else on a new page."""
    # A short checklist comes whole, score box included; a long one with its first rows.
    whole = rows <= WHOLE_SECTION
    need = SECTION_START + (rows if whole else 3) * 36 + (90 if whole else 0)
    if page_per_role or p.room() < need:
        p.new_page()
    else:
        p.space(8)
        p.rules([(p.left, p.y, p.left + p.width, p.y)], "#7F7F7F", 0.6)
        p.space(14)


def _score(p: Pages, sheet: Checklist, brand: str, form: FormFields | None, lang: Language) -> None:
    """The score box, its own for every checklist, and the signatures."""
    c = p.canvas
    count = len(sheet.standards)
    p.need(78)
    p.space(10)
    top = p.y
    c.setStrokeColor(hex_colour(brand))
    c.setLineWidth(1)
    c.rect(p.left, top - 30, p.width, 30, stroke=1, fill=0)
    p.lines(p.left + 8, top - 13, [lang.tr("Score")], BOLD, 11, 12, brand)
    if form is not None:
        how = lang.trn(
            "Yes ÷ (Yes + No), worked out as you tick ({count} standard; N.A. answers are "
            "left out)",
            "Yes ÷ (Yes + No), worked out as you tick ({count} standards; N.A. answers are "
            "left out)",
            count,
        )
    else:
        how = lang.trn(
            "Yes ÷ (Yes + No) = ______ ÷ ______ = ______ %   ({count} standard; "
            "N.A. answers are left out)",
            "Yes ÷ (Yes + No) = ______ ÷ ______ = ______ %   ({count} standards; "
            "N.A. answers are left out)",
            count,
        )
    p.lines(p.left + 8, top - 25, [how], FONT, TEXT, 11)
    if form is not None:
        rect = (p.left + p.width - 80, top - 26, 70, 16)
        form.calculated(section_field(SCORE_FIELD, sheet.key), rect, _score_script(sheet))
    p.y = top - 44
    for i, label in enumerate((lang.tr("Auditor's signature"), lang.tr("Manager's signature"))):
        x = p.left + i * p.width / 2
        p.lines(x, p.y, [lang.colon(label)], BOLD, TEXT, 11)
        c.setStrokeColor(hex_colour("#7F7F7F"))
        c.setLineWidth(0.5)
        start = x + text_width(lang.colon(label), BOLD, TEXT) + 6
        c.line(start, p.y - 3, x + p.width / 2 - 14, p.y - 3)
    p.y -= 14


def _score_script(sheet: Checklist) -> str:
    """The score's calculation, in the viewer's JavaScript: the weighted share of Yes
    among Yes and No (N.A. left out); a No on a critical standard fails the audit."""
    import json

    ids = [answer_field(s.id) for s in sheet.standards]
    weights = [float(s.weight) if s.weight is not None else 1.0 for s in sheet.standards]
    critical = [1 if s.critical else 0 for s in sheet.standards]
    return (
        f"var ids = {json.dumps(ids)}; var w = {json.dumps(weights)}; "
        f"var crit = {json.dumps(critical)}; var yes = 0, no = 0, failed = false;"
        " for (var i = 0; i < ids.length; i++) { var f = this.getField(ids[i]);"
        " if (!f) continue; var v = f.value;"
        " if (v == 'yes') yes += w[i]; else if (v == 'no') { no += w[i];"
        " if (crit[i]) failed = true; } }"
        " event.value = (yes + no) > 0 ? Math.round(100 * yes / (yes + no)) + ' %'"
        " + (failed ? ' (critical: failed)' : '') : '';"
    )


@cache
def _reuse_font_subsets() -> None:
    """Embed a font subset that an earlier file embedded from the bytes made then.

    A chain's packs use the same characters file after file; reportlab would cut the
    subset out of the TrueType font and compress it again for each of them, a fifth of
    the time a pack takes. The bytes depend only on the font and the characters.
    """
    from reportlab.pdfbase import pdfdoc, ttfonts
    from reportlab.pdfbase.pdfmetrics import getFont

    register_fonts()
    for name in FONT_FILES:
        face = getFont(name).face
        make = face.makeSubset
        made: dict[tuple[int, ...], tuple[bytes, int]] = {}

        def subset_objects(
            doc: Any,
            fontname: str,
            subset: Any,
            face: Any = face,
            make: Any = make,
            made: Any = made,
        ) -> Any:
            key = tuple(subset)
            found = made.get(key)
            if found is None:
                raw = make(subset)
                found = (zlib.compress(raw), len(raw))
                if len(made) < 64:
                    made[key] = found
            stream = pdfdoc.PDFStream(content=found[0])
            stream.dictionary["Length1"] = found[1]
            stream.filters = [_COMPRESSED]
            ref = doc.Reference(stream, f"fontFile:{face.filename}({fontname})")
            flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": flags,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(fontname),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": ref,
                    "MissingWidth": face.defaultWidth,
                }
            )
            return doc.Reference(descriptor, "fontDescriptor:" + fontname)

        face.addSubsetObjects = subset_objects


class _Compressed:
    """A stream filter for bytes compressed already: it only names the filter."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes) -> bytes:
        return data


_COMPRESSED = _Compressed()


def _style(font: str, size: float, colour: str) -> Any:
    from cxplan.render.pdfkit import Style

    return Style(font, size, size * 1.3, colour)


def _details(p: Pages, x: float, y: float, lines: list[str], id_size: float | None) -> None:
    """A walk-through row's grey details; with ``id_size``, the last line is the touchpoint's
    id at that size, so it stays whole (copied out, "stoebern-auf-der-website" is one id)."""
    text = lines[:-1] if id_size is not None else lines
    p.lines(x, y, text, FONT, TEXT, SMALL_LEADING, "#595959")
    if id_size is not None:
        p.lines(
            x, y - len(text) * SMALL_LEADING, lines[-1:], FONT, id_size, SMALL_LEADING, "#595959"
        )


def write_checklists(
    plan: Plan,
    folder: Path,
    *,
    by: str = "role",
    fillable: bool = False,
    paper: str = "a4",
    stamp: dt.datetime | None = None,
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
    parallel: bool = False,
    site: str | None = None,
    one_file_per_role: bool = False,
    page_per_role: bool = False,
    lang: Language | None = None,
) -> list[Path]:
    """Write the checklists of ``plan`` into ``folder``; returns the files written.

    By location, each site gets one pack (see cxplan.forms.packs), ``site`` makes one
    site's alone. With ``parallel`` (see cxplan.parallel.can_fork), the files of a large
    job are spread over the machine's cores.
    """
    from cxplan.parallel import cores, spread

    todo = packs(plan, by, site=site, one_file_per_role=one_file_per_role)
    # Once, before any fork: every process then starts with the fonts read.
    _reuse_font_subsets()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CxplanError(f"{folder}: cannot create the folder: {err.strerror}") from None
    writer = ChecklistWriter(
        plan,
        paper=paper,
        fillable=fillable,
        stamp=stamp,
        page_per_role=page_per_role,
        lang=lang,
    )
    rows = sum(pack.rows for pack in todo)
    processes = cores() if parallel and rows >= PARALLEL_ROWS else 1
    total = len(todo)
    spread(
        todo,
        lambda pack: writer.pack(pack, folder / pack.filename),
        processes=processes,
        # A file costs its rows, and a little for opening and saving it.
        weight=lambda pack: pack.rows + 10 * pack.sections + 20,
        progress=lambda done: progress(done, total, todo[min(done, total) - 1].filename),
    )
    return [folder / pack.filename for pack in todo]
