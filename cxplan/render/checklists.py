"""Staff checklists: service standards with Yes / No / N.A. boxes, and the walk-through.

Every checklist carries the plan's version, and every standard its id, so that filled-in
results can be matched to the plan later; with ``fillable`` the boxes are PDF form fields
named by standard id. Form fields can only use PDF's standard fonts, so the client's
text is always drawn beside the fields in the embedded Unicode font, never inside them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
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
    WALK_HEADER_FIELDS,
    Checklist,
    WalkThrough,
    answer_field,
    checklists,
    comment_field,
    plan_version,
    walk_field,
    walk_throughs,
)
from cxplan.i18n import Language, _, resolve
from cxplan.plan.model import Plan
from cxplan.render.common import clean
from cxplan.render.pdfkit import BOLD, FONT, ITALIC, MM, Pages, hex_colour, wrap
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
BOX = 8.5  # the side of a tick box, in points
PARALLEL_ROWS = 600  # from this many rows, checklists are written by two processes


class ChecklistWriter:
    """Draws checklists for one plan."""

    def __init__(
        self,
        plan: Plan,
        *,
        paper: str = "a4",
        fillable: bool = False,
        stamp: dt.datetime | None = None,
        lang: Language | None = None,
    ) -> None:
        self.plan = plan
        self.lang = lang or resolve(plan.client.language)[0]
        self.tr = self.lang.tr
        self.paper = paper
        self.fillable = fillable
        self.stamp = stamp
        self.version = plan_version(plan)
        self.brand = plan.client.brand_color or DEFAULT_BRAND
        self.names = {t.id: t.name or t.id for t in plan.touchpoints}

    def _pages(self, buffer: Any, title: str, header: str) -> Pages:
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
        )
        if self.fillable:
            _share_appearances(pages.canvas.acroForm)
        return pages

    # ------------------------------------------------------------------ standards

    def standards(self, sheet: Checklist, path: Path) -> None:
        from cxplan.textfile import atomic_write

        plan = self.plan
        what = self.tr(SUBJECT_KINDS[sheet.kind])
        subject = _subject(sheet, self.lang)
        header = f"{plan.client.name} · {what}: {subject} · " + self.tr(
            "plan version {version}", version=self.version
        )
        if sheet.location:
            header += f" · {sheet.location}"
        buffer = io.BytesIO()
        p = self._pages(
            buffer, self.tr("Service-standard checklist: {subject}", subject=subject), header
        )
        self._title(
            p,
            self.tr("Service-standard checklist"),
            [
                (what, subject),
                (self.tr("Location"), sheet.location or ""),
            ],
            fields=HEADER_FIELDS,
            filled={"location": sheet.location},
        )
        p.text(
            self.tr(
                "Tick Yes when the standard was met, No when it was not, N.A. when it did not "
                "apply. Note what you saw in the comment."
            ),
            _style(ITALIC, 8.5, "#595959"),
        )
        p.space(6)
        widths: list[float] = [22, 58, 62, 0, 26, 26, 26, 120]
        widths[3] = p.width - sum(widths)
        titles = ["#", *(self.tr(t) for t in STANDARD_TITLES)]
        rows = []
        for n, s in enumerate(sheet.standards, start=1):
            text = s.standard or ""
            if s.target:
                text += "\n" + self.tr("Target: {target}", target=s.target)
            rows.append((s.id, [str(n), s.id, self.names.get(s.touchpoint or "", ""), text]))
        self._grid(p, widths, titles, rows, boxes=(4, 5, 6), values=ANSWERS, comment=7)
        self._score(p, len(sheet.standards))
        p.finish()
        atomic_write(path, buffer.getvalue())

    # ------------------------------------------------------------------ walk-through

    def walk_through(self, walk: WalkThrough, path: Path) -> None:
        from cxplan.textfile import atomic_write

        plan = self.plan
        header = f"{plan.client.name} · " + self.tr(
            "Walk-through with fresh eyes · plan version {version}", version=self.version
        )
        if walk.location:
            header += f" · {walk.location}"
        buffer = io.BytesIO()
        p = self._pages(buffer, self.tr("Walk-through checklist"), header)
        self._title(
            p,
            self.tr("Walk-through checklist"),
            [
                (self.tr("Walk"), self.tr("every touchpoint, as a new customer")),
                (self.tr("Location"), walk.location or ""),
            ],
            fields=WALK_HEADER_FIELDS,
            filled={},
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
        widths: list[float] = [22, 132, 0, 84, 62, 0]
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
            rows.append((tp.id, [str(n), name, f"{where}\n{tp.id}" if where else tp.id]))
        if any(tp.moment_of_truth for tp in stops):
            p.text(self.tr("★ marks a moment of truth."), _style(ITALIC, 8.5, "#595959"))
            p.space(4)
        self._walk_grid(p, widths, titles, rows)
        p.finish()
        atomic_write(path, buffer.getvalue())

    # ------------------------------------------------------------------ pieces

    def _title(
        self,
        p: Pages,
        title: str,
        facts: list[tuple[str, str]],
        fields: tuple[str, ...],
        filled: dict[str, str | None],
    ) -> None:
        c = p.canvas
        p.text(title, _style(BOLD, 16, self.brand))
        p.text(self.plan.client.name, _style(BOLD, 11, "#262626"))
        for label, value in facts:
            if value:
                p.text(f"{self.lang.colon(label)} {value}", _style(FONT, 9.5, "#262626"))
        p.space(6)
        labels = {
            "location": self.tr("Location"),
            "auditor": self.tr("Auditor"),
            "date": self.tr("Date"),
            "walker": self.tr("Walked by"),
        }
        width = p.width / len(fields)
        p.need(22)
        y = p.y - 16
        for i, name in enumerate(fields):
            x = p.left + i * width
            p.lines(x, y, [self.lang.colon(labels[name])], BOLD, 9, 11)
            start = x + max(60, text_width(self.lang.colon(labels[name]), BOLD, 9) + 6)
            given = filled.get(name)
            if given:
                p.lines(start + 2, y, [clean(given)], FONT, 9, 11)
            c.setStrokeColor(hex_colour("#7F7F7F"))
            c.setLineWidth(0.5)
            c.line(start, y - 3, x + width - 12, y - 3)
            if self.fillable and not given:
                _text_field(c, name, start, y - 3, x + width - 14 - start, 13, size=9)
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
    ) -> None:
        """The checklist table: text columns, tick boxes, a comment line per row."""
        size, leading, pad = 8, 10, 3

        heads = [wrap(t, BOLD, 7.5, w - 6) for t, w in zip(titles, widths, strict=True)]
        header = self._header(p, widths, heads, max(len(h) for h in heads) * 9 + 7, 11)

        p.need(60)
        header()
        for ident, cells in rows:
            wrapped = [
                wrap(text, BOLD if i == 1 else FONT, size, w - 2 * pad)
                for i, (text, w) in enumerate(zip(cells, widths, strict=False))
            ]
            count = max(len(lines) for lines in wrapped)
            for start, take, height, first in p.pieces([leading] * count, pad, 2, 24, header):
                top = p.y
                x = p.left
                p.cells(p.left, top, widths, height)
                for i, w in enumerate(widths):
                    if i < len(wrapped):
                        font = BOLD if i == 1 else FONT
                        colour = "#595959" if i in (1, 2) else "#1A1A1A"
                        part = wrapped[i][start : start + take]
                        p.lines(x + pad, top - pad - leading + 2, part, font, size, leading, colour)
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
        c = p.canvas
        pad = 3
        x = p.left + sum(widths[: boxes[0]])
        corners = []
        for column, value in zip(boxes, values, strict=True):
            w = widths[column]
            corner = (x + (w - BOX) / 2, top - pad - BOX - 2)
            corners.append(corner)
            if self.fillable:
                self._radio(c, answer_field(ident), value, *corner)
            x += w
        if not self.fillable:
            p.boxes(corners, BOX, "#404040", 0.8)
        cx = p.left + sum(widths[:comment])
        cw = widths[comment]
        if self.fillable:
            self._write_in(c, comment_field(ident), cx, top, cw, height)
        else:
            rows_of = [top - n * 11 for n in range(1, int(height // 11) + 1)]
            segments = [(cx + 4, y, cx + cw - 4, y) for y in rows_of if y > top - height + 2]
            p.rules(segments, "#D0D0D0", 0.4)

    def _walk_grid(
        self, p: Pages, widths: list[float], titles: list[str], rows: list[tuple[str, list[str]]]
    ) -> None:
        """The walk-through table: a touchpoint per row, with room to write."""
        size, small, leading, pad = 8, 7, 10, 3

        pairs = zip(titles, widths, strict=True)
        heads = [wrap(title, BOLD, 7.5, w - 2 * pad) for title, w in pairs]
        tall = max(len(lines) for lines in heads) * 9 + 6

        header = self._header(p, widths, heads, tall, 10)

        p.need(70)
        header()
        for ident, (number, name, details) in rows:
            names = wrap(name, BOLD, size, widths[1] - 2 * pad)
            more = wrap(details, FONT, small, widths[1] - 2 * pad)
            heights = [float(leading)] * len(names) + [9.0] * len(more)
            for start, take, height, first in p.pieces(heights, pad, 2, 48, header):
                top = p.y
                p.cells(p.left, top, widths, height)
                y = top - pad - leading + 2
                if first:
                    p.lines(p.left + pad, y, [number], FONT, size, leading)
                bold = names[start : start + take]
                p.lines(p.left + widths[0] + pad, y, bold, BOLD, size, leading)
                y -= len(bold) * leading
                small_lines = more[max(0, start - len(names)) : start + take - len(names)]
                p.lines(p.left + widths[0] + pad, y, small_lines, FONT, small, 9, "#595959")
                if first:
                    self._walk_marks(p, ident, widths, top, height)
                p.y -= height

    def _header(
        self, p: Pages, widths: list[float], heads: list[list[str]], height: float, drop: float
    ) -> Callable[[], None]:
        """What draws a table's header row: white titles on the brand colour, ``drop``
        points from the top to the first baseline."""

        def header() -> None:
            top = p.y
            p.canvas.setFillColor(hex_colour(self.brand))
            p.canvas.rect(p.left, top - height, sum(widths), height, stroke=0, fill=1)
            x = p.left
            for lines, w in zip(heads, widths, strict=True):
                p.lines(x + 3, top - drop, lines, BOLD, 7.5, 9, "#FFFFFF")
                x += w
            p.y -= height

        return header

    def _walk_marks(
        self, p: Pages, ident: str, widths: list[float], top: float, height: float
    ) -> None:
        """A touchpoint's places to write, its 1-5 rating and its stand-out boxes."""
        c = p.canvas
        x = p.left + widths[0] + widths[1]
        self._write_in(c, walk_field("sees", ident), x, top, widths[2], height)
        x += widths[2]
        corners = []
        by = top - 22
        for r in range(1, 6):
            bx = x + 5 + (r - 1) * 15.5
            p.lines(bx + 2, by + BOX + 3, [str(r)], FONT, 7, 8, "#595959")
            corners.append((bx, by))
            if self.fillable:
                self._radio(c, walk_field("rating", ident), str(r), bx, by)
        x += widths[3]
        for i, (label, value) in enumerate(((self.tr("Yes"), "yes"), (self.tr("No"), "no"))):
            bx = x + 10 + i * 24
            p.lines(bx - 1, by + BOX + 3, [label], FONT, 7, 8, "#595959")
            corners.append((bx, by))
            if self.fillable:
                self._radio(c, walk_field("standout", ident), value, bx, by)
        if not self.fillable:
            p.boxes(corners, BOX, "#404040", 0.8)
        x += widths[4]
        self._write_in(c, walk_field("notes", ident), x, top, widths[5], height)

    def _write_in(self, c: Any, name: str, x: float, top: float, w: float, h: float) -> None:
        """A cell to write in: a multi-line text field when fillable, blank paper otherwise."""
        if self.fillable:
            _text_field(c, name, x + 2, top - h + 2, w - 4, h - 4, size=7, multiline=True)

    def _radio(self, c: Any, name: str, value: str, x: float, y: float) -> None:
        """One tick box of a group: ticking it un-ticks the others of the same name."""
        c.acroForm.radio(
            name=name,
            value=value,
            selected=False,
            x=x,
            y=y,
            size=BOX + 1,
            buttonStyle="check",
            borderWidth=0.8,
            borderColor=hex_colour("#404040"),
            fillColor=None,
            forceBorder=True,
            shape="square",
        )

    def _score(self, p: Pages, count: int) -> None:
        c = p.canvas
        p.need(78)
        p.space(10)
        top = p.y
        c.setStrokeColor(hex_colour(self.brand))
        c.setLineWidth(1)
        c.rect(p.left, top - 30, p.width, 30, stroke=1, fill=0)
        p.lines(p.left + 8, top - 13, [self.tr("Score")], BOLD, 10, 12, self.brand)
        p.lines(
            p.left + 8,
            top - 25,
            [
                self.lang.trn(
                    "Yes ÷ (Yes + No) = ______ ÷ ______ = ______ %   ({count} standard; "
                    "N.A. answers are left out)",
                    "Yes ÷ (Yes + No) = ______ ÷ ______ = ______ %   ({count} standards; "
                    "N.A. answers are left out)",
                    count,
                )
            ],
            FONT,
            8.5,
            11,
        )
        if self.fillable:
            _text_field(c, SCORE_FIELD, p.left + p.width - 80, top - 26, 70, 16, size=9)
        p.y = top - 44
        for i, label in enumerate((self.tr("Auditor's signature"), self.tr("Manager's signature"))):
            x = p.left + i * p.width / 2
            p.lines(x, p.y, [self.lang.colon(label)], BOLD, 8.5, 11)
            c.setStrokeColor(hex_colour("#7F7F7F"))
            c.setLineWidth(0.5)
            start = x + max(100, text_width(self.lang.colon(label), BOLD, 8.5) + 6)
            c.line(start, p.y - 3, x + p.width / 2 - 14, p.y - 3)
        p.y -= 14


def _subject(sheet: Checklist, lang: Language) -> str:
    """What a checklist is for: its role or touchpoint, or the words for none."""
    return lang.tr(sheet.subject) if sheet.subject in (NO_ROLE, NO_TOUCHPOINT) else sheet.subject


def _text_field(
    c: Any,
    name: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    size: float,
    multiline: bool = False,
) -> None:
    """A borderless text form field; form fields can only use PDF's standard fonts."""
    c.acroForm.textfield(
        name=name,
        x=x,
        y=y,
        width=width,
        height=height,
        fontName="Helvetica",
        fontSize=size,
        borderWidth=0,
        fillColor=None,
        textColor=None,
        forceBorder=False,
        fieldFlags="multiline" if multiline else "",
    )


def _share_appearances(form: Any) -> None:
    """Make reportlab draw each look of a tick box once per file, not once per box.

    reportlab draws six appearance streams for every radio button (on and off, normal,
    down and rollover), the check mark glyph scaled each time: four fifths of a fillable
    checklist's time. The streams depend only on the box's style, and the file keeps one
    copy of each anyway.
    """
    draw = form.checkboxAP
    drawn: dict[str, Any] = {}

    def checkbox_appearance(*args: Any, **kwargs: Any) -> Any:
        key = repr((args, sorted(kwargs.items())))
        found = drawn.get(key)
        if found is None:
            found = drawn[key] = draw(*args, **kwargs)
        return found

    form.checkboxAP = checkbox_appearance


def _style(font: str, size: float, colour: str) -> Any:
    from cxplan.render.pdfkit import Style

    return Style(font, size, size * 1.3, colour)


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
    lang: Language | None = None,
) -> list[Path]:
    """Write the checklists of ``plan`` into ``folder``; returns the files written.

    With ``parallel`` (see cxplan.parallel.can_fork), many rows are written by two processes.
    """
    from cxplan.parallel import Worker

    todo = checklists(plan, by)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CxplanError(f"{folder}: cannot create the folder: {err.strerror}") from None
    writer = ChecklistWriter(plan, paper=paper, fillable=fillable, stamp=stamp, lang=lang)

    def standards_job(sheet: Checklist) -> tuple[Path, int, Callable[[], None]]:
        path = folder / sheet.filename
        return path, len(sheet.standards), lambda: writer.standards(sheet, path)

    def walk_job(walk: WalkThrough) -> tuple[Path, int, Callable[[], None]]:
        path = folder / walk.filename
        return path, len(walk.touchpoints), lambda: writer.walk_through(walk, path)

    jobs = [standards_job(sheet) for sheet in todo]
    jobs += [walk_job(walk) for walk in walk_throughs(plan, by)]
    total = len(jobs)
    done = 0

    def run(part: list[tuple[Path, int, Callable[[], None]]], report: bool) -> None:
        nonlocal done
        for path, _rows, write in part:
            write()
            if report:
                done += 1
                progress(done, total, path.name)

    rows = sum(size for _, size, _ in jobs)
    if parallel and len(jobs) > 1 and rows >= PARALLEL_ROWS:
        # Many rows: half the files (by rows) are written in a forked copy of this process.
        mine: list[tuple[Path, int, Callable[[], None]]] = []
        theirs: list[tuple[Path, int, Callable[[], None]]] = []
        mine_rows = theirs_rows = 0
        for job in sorted(jobs, key=lambda job: -job[1]):
            if mine_rows <= theirs_rows:
                mine.append(job)
                mine_rows += job[1]
            else:
                theirs.append(job)
                theirs_rows += job[1]
        worker = Worker(lambda: run(theirs, report=False))
        try:
            run(mine, report=True)
            worker.result()
        finally:
            worker.stop()
        progress(total, total, jobs[-1][0].name)
    else:
        run(jobs, report=True)
    return [path for path, _, _ in jobs]
