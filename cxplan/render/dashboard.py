"""The workbook's Dashboard: figures computed by formulas from the step sheets, and charts.

The figures are formulas over the step sheets' table columns (with their spare rows), so
they follow the team's edits; the charts draw the figures. Written into the workbook the
WorkbookWriter (render/xlsx.py) is making, with its styles.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING, Any

from cxplan.i18n import _
from cxplan.render.common import cell_text, criterion, formula_string
from cxplan.render.sheetprint import print_setup
from cxplan.workbook.cells import column_letter, plan_rows, quoted
from cxplan.workbook.layout import DASHBOARD, SPARE_ROWS, header_row

if TYPE_CHECKING:
    from cxplan.render.xlsx import WorkbookWriter

# the note under the title, marked for the catalogs
DASHBOARD_NOTE = _(
    "The figures follow the step sheets as the team edits them; the charts draw them."
)

FONT_NAME = "Calibri"  # the workbook's font; LibreOffice shows Carlito, of the same metrics


def italic_font() -> Any:
    """The grey italic of a sheet's note under its title."""
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, family=2, italic=True, color="595959")


STAGES = (_("before"), _("during"), _("after"))


def count_axis(axis: Any, largest: int) -> None:
    """An axis of counts: from 0, in whole steps of 1, 2 or 5 times a power of ten, at most
    ten of them for the plan's largest count (left alone, a spreadsheet steps by 0.5 and
    labels "2.5 touchpoints")."""
    step, factors = 1, itertools.cycle((2, 2.5, 2))  # 1, 2, 5, 10, 20, 50, ...
    while largest / step > 10:
        step = round(step * next(factors))
    axis.scaling.min = 0
    axis.majorUnit = step
    axis.number_format = "0"


STATUSES = (_("open"), _("in progress"), _("done"))
MAX_ROLES = 15  # roles charted at most, in the order the Standards sheet first names them
SPARE_ROLES = 3  # rows for roles typed in later
# Where the charts sit: two abreast from the top, the figures they draw below them.
ANCHORS = {"stages": "A4", "ratings": "F4", "roles": "A20", "actions": "F20"}
MEASURE_ANCHORS = ("A36", "F36", "A52", "F52")
FIGURES_ROW = 68  # the first row below the charts
CHART_SIZE = (7.5, 11)  # cm high and wide: two across a landscape page at 100%
WIDTHS = {1: 26.0, **{c: 12.0 for c in range(2, 9)}}
# The measures charted together: kinds that share a scale, the chart's title and its axis
# (from, to, step); custom measures have a unit each, so they are charted against target.
KIND_CHARTS: tuple[tuple[tuple[str, ...], str, tuple[int, int, int] | None], ...] = (
    (("nps",), _("NPS: baseline and target (-100 to 100)"), (-100, 100, 50)),
    (("csat", "compliance"), _("CSAT and compliance: baseline and target (%)"), (0, 100, 20)),
    (("ces",), _("CES: baseline and target (1-7)"), (1, 7, 1)),
    (("custom",), _("Other measures: baseline as % of target"), None),
)
SPARE_MEASURES, MIN_MEASURES = 3, 5  # rows for measures typed in later, per chart


class DashboardWriter:
    """Writes the Dashboard sheet of the workbook ``book`` is writing."""

    def __init__(self, book: WorkbookWriter) -> None:
        self.book = book
        self.plan = book.plan
        self.tr = book.tr
        self.ws = book.wb.create_sheet(book.tr(DASHBOARD))

    def write(self) -> None:
        ws = self.ws
        ws.sheet_properties.tabColor = "404040"
        name = self.plan.client.name
        title = ws.cell(
            row=1, column=1, value=cell_text(self.tr("{client}: dashboard", client=name))
        )
        title.data_type = "s"
        title.font = self.book.title_font
        ws.cell(row=2, column=1, value=self.tr(DASHBOARD_NOTE)).font = italic_font()
        widths = dict(WIDTHS)
        for c, width in widths.items():
            ws.column_dimensions[column_letter(c)].width = width
        print_setup(ws, widths, [], self.book.paper)
        row = FIGURES_ROW
        self._stages(row)
        row = self._roles(row + 6)
        self._actions(row + 2)
        row, latest = row + 8, None
        if self.book.results is None and not self.book.feedback:
            self._measures(row)
            return
        from cxplan.render.stored import StoredResults

        stored = StoredResults(self)
        row, latest = stored.feedback(row)
        row = self._measures(row + 1, latest)
        stored.compliance(row + 1)

    def _range(self, table: str, key: str) -> str:
        """The column ``key`` of table ``table``: its rows and spare rows, absolute."""
        sheet, spec = self.book.tables[table]
        top = header_row(sheet)
        count = len(plan_rows(self.book.data, spec))
        c = next(i for i, col in enumerate(spec.columns, start=spec.column) if col.key == key)
        letter = column_letter(c)
        return f"{quoted(sheet.name)}!${letter}${top + 1}:${letter}${top + count + SPARE_ROWS}"

    def _stages(self, row: int) -> None:
        """Touchpoints and their average rating per stage of the journey."""
        from openpyxl.chart import BarChart, Reference

        ws = self.ws
        self._heading(row, (_("Stage"), _("Touchpoints"), _("Average rating")))
        stage, rating = self._range("Touchpoints", "stage"), self._range("Touchpoints", "rating")
        for i, english in enumerate(STAGES, start=1):
            # the sheets hold the stage in the workbook's language
            name = self.tr(english)
            ws.cell(row=row + i, column=1, value=name)
            ws.cell(row=row + i, column=2, value=f"=COUNTIF({stage},{criterion(name)})")
            average = ws.cell(
                row=row + i,
                column=3,
                value=f'=IFERROR(AVERAGEIFS({rating},{stage},{criterion(name)}),"")',
            )
            average.number_format = "0.0"
        cats = Reference(ws, min_col=1, min_row=row + 1, max_row=row + 3)
        per_stage = BarChart()
        stages = [tp.stage for tp in self.plan.touchpoints]
        count_axis(per_stage.y_axis, max((stages.count(s) for s in set(stages)), default=0))
        self._chart(
            per_stage,
            self.tr("Touchpoints per stage"),
            Reference(ws, min_col=2, min_row=row, max_row=row + 3),
            cats,
            ANCHORS["stages"],
        )
        ratings = BarChart()
        # Ratings are on their scale of 1 to 5 whatever the figures: a 3.4 is not a tall bar.
        ratings.y_axis.scaling.min, ratings.y_axis.scaling.max = 1, 5
        ratings.y_axis.majorUnit = 1
        self._chart(
            ratings,
            self.tr("Average rating per stage (1-5)"),
            Reference(ws, min_col=3, min_row=row, max_row=row + 3),
            cats,
            ANCHORS["ratings"],
        )

    def _roles(self, row: int) -> int:
        """Standards per role: the roles as the Standards sheet names them, each once, in
        the order they first appear, so a role typed in later shows too; the last row."""
        from openpyxl.chart import BarChart, Reference
        from openpyxl.worksheet.formula import ArrayFormula

        ws = self.ws
        self._heading(row, (_("Role"), _("Standards")))
        roles = self._range("Standards", "role")
        named = len({s.role for s in self.plan.standards if s.role})
        slots = min(max(named + SPARE_ROLES, MIN_MEASURES), MAX_ROLES)
        for i in range(1, slots + 1):
            where = f"A{row + i}"
            # The first role of the column not yet listed above (blanks skipped), compared
            # with "=": COUNTIF and MATCH would read "Recep*" or ">5" as patterns.
            fresh = "".join(f"*({roles}<>A{row + j})" for j in range(1, i))
            ws[where] = ArrayFormula(
                where, f'=IFERROR(INDEX({roles},MATCH(1,({roles}<>""){fresh},0)),"")'
            )
            count = f'=IF({where}="","",SUMPRODUCT(({roles}={where})*1))'
            ws.cell(row=row + i, column=2, value=count)
        chart = BarChart()
        chart.x_axis.scaling.orientation = "maxMin"  # the first role on top
        per_role = [s.role for s in self.plan.standards if s.role]
        count_axis(chart.y_axis, max((per_role.count(r) for r in set(per_role)), default=0))
        self._chart(
            chart,
            self.tr("Standards per role"),
            Reference(ws, min_col=2, min_row=row, max_row=row + slots),
            Reference(ws, min_col=1, min_row=row + 1, max_row=row + slots),
            ANCHORS["roles"],
            horizontal=True,
        )
        return row + slots

    def _actions(self, row: int) -> None:
        """The improvement actions by status."""
        from openpyxl.chart import PieChart, Reference

        ws = self.ws
        self._heading(row, (_("Action status"), _("Actions")))
        status = self._range("Actions", "status")
        for i, english in enumerate(STATUSES, start=1):
            word = self.tr(english)
            ws.cell(row=row + i, column=1, value=word)
            ws.cell(row=row + i, column=2, value=f"=COUNTIF({status},{criterion(word)})")
        pie = PieChart()
        pie.title = self.tr("Actions by status")
        pie.add_data(Reference(ws, min_col=2, min_row=row, max_row=row + 3), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=row + 1, max_row=row + 3))
        pie.height, pie.width = CHART_SIZE
        ws.add_chart(pie, ANCHORS["actions"])

    def _measures(self, row: int, latest: tuple[str, str] | None = None) -> int:
        """Each kind of measure's baseline against its target, on an axis of its own: NPS
        runs from -100 to 100, a share from 0 to 100%, CES from 1 to 7; custom measures,
        each in its own unit, as a percentage of their targets. With ``latest`` (the
        ranges of the stored feedback's names and figures) the latest figure too."""
        from openpyxl.chart import BarChart, Reference

        counts = Counter(str(m.kind or "") for m in self.plan.measures)
        for (kinds, title, axis), anchor in zip(KIND_CHARTS, MEASURE_ANCHORS, strict=True):
            slots = max(sum(counts[k] for k in kinds) + SPARE_MEASURES, MIN_MEASURES)
            relative = axis is None
            titles: tuple[str, ...] = (
                (_("Measure"), _("Baseline, % of target"), _("Target, % of target"))
                if relative
                else (_("Measure"), _("Baseline"), _("Target"))
            )
            shown = latest if not relative else None
            if shown:
                titles = (*titles, _("Latest"))
            self._heading(row, titles)
            if relative:
                self.ws.row_dimensions[row].height = 30
            self._measure_rows(row, slots, kinds, relative, shown)
            chart = BarChart()
            chart.x_axis.scaling.orientation = "maxMin"  # the first measure on top
            low, high, unit = axis or (None, None, None)
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = low, high
            chart.y_axis.majorUnit = unit
            chart.legend.position = "b"
            # The names sit at the left edge, not where the bars of a negative NPS start.
            chart.y_axis.crosses = "min"
            self._chart(
                chart,
                self.tr(title),
                Reference(
                    self.ws, min_col=2, max_col=4 if shown else 3, min_row=row, max_row=row + slots
                ),
                Reference(self.ws, min_col=1, min_row=row + 1, max_row=row + slots),
                anchor,
                horizontal=True,
                legend=True,
            )
            row += slots + 2
        return row

    def _measure_rows(
        self,
        row: int,
        slots: int,
        kinds: tuple[str, ...],
        relative: bool,
        latest: tuple[str, str] | None,
    ) -> None:
        """The measures of ``kinds`` as the Measures sheet holds them, blanks skipped: the
        k-th row of the block is the k-th such measure (and its latest figure, looked up
        by name among ``latest``'s)."""
        from openpyxl.worksheet.formula import ArrayFormula

        ws = self.ws
        names, kind = self._range("Measures", "name"), self._range("Measures", "kind")
        base, target = self._range("Measures", "baseline"), self._range("Measures", "target")
        top = header_row(self.book.tables["Measures"][0])
        test = "+".join(f"({kind}={formula_string(self.tr(k))})" for k in kinds)
        for k in range(1, slots + 1):
            r = row + k
            where = f"A{r}"
            index = f'SMALL(IF(({test})*({names}<>""),ROW({names})-{top}),{k})'
            ws[where] = ArrayFormula(where, f'=IFERROR(INDEX({names},{index}),"")')
            for column, source in ((2, base), (3, target)):
                cell = f"{column_letter(column)}{r}"
                value = f"INDEX({source},{index})"
                if relative:  # as a percentage of the target
                    value = f"100*{value}/INDEX({target},{index})"
                ws[cell] = ArrayFormula(cell, f'=IFERROR({value}+0,"")')
                ws[cell].number_format = "0.0" if not relative else "0"
            if latest:
                # Compared with "=": MATCH would read a name such as "NPS*" as a pattern.
                found = f"INDEX({latest[1]},MATCH(1,({latest[0]}={where})*1,0))"
                cell = f"D{r}"
                ws[cell] = ArrayFormula(cell, f'=IFERROR({found}+0,"")')
                ws[cell].number_format = "0.0"

    def _heading(self, row: int, titles: tuple[str, ...]) -> None:
        for c, text in enumerate(titles, start=1):
            cell = self.ws.cell(row=row, column=c, value=self.tr(text))
            cell.font = self.book.header_font
            cell.fill = self.book.header_fill
            cell.alignment = self.book.wrap
            if len(cell.value) > 0.8 * WIDTHS[c]:  # room for the bold title on two lines
                self.ws.row_dimensions[row].height = 30

    def _chart(
        self,
        chart: Any,
        title: str,
        data: Any,
        cats: Any,
        anchor: str,
        horizontal: bool = False,
        legend: bool = False,
    ) -> None:
        chart.title = title
        chart.type = "bar" if horizontal else "col"
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        if not legend:
            chart.legend = None
        if horizontal:
            chart.gapWidth = 40  # bars as thick as their rows allow
            chart.x_axis.tickLblPos = "low"  # names at the left, clear of negative bars
        chart.height, chart.width = CHART_SIZE
        self.ws.add_chart(chart, anchor)
