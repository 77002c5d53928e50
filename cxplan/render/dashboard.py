"""The workbook's Dashboard: figures computed by formulas from the step sheets, and charts.

The figures are formulas over the step sheets' table columns (with their spare rows), so
they follow the team's edits; the charts draw the figures. Written into the workbook the
WorkbookWriter (render/xlsx.py) is making, with its styles.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from cxplan.i18n import _
from cxplan.render.common import cell_text, criterion
from cxplan.workbook.cells import column_letter, plan_rows, quoted
from cxplan.workbook.layout import DASHBOARD, SPARE_ROWS, header_row

if TYPE_CHECKING:
    from cxplan.render.xlsx import WorkbookWriter

# the note under the title, marked for the catalogs
DASHBOARD_NOTE = _(
    "The figures follow the step sheets as the team edits them; the charts draw them."
)

FONT_NAME = "Calibri"  # the workbook's font; LibreOffice shows Carlito, of the same metrics
STAGES = (_("before"), _("during"), _("after"))
STATUSES = (_("open"), _("in progress"), _("done"))
MAX_ROLES = 15  # roles charted (the most standards first)
# Where the charts sit: beside the figures, from the top.
ANCHORS = {"stages": "E4", "ratings": "M4", "roles": "E20", "actions": "M20", "measures": "E36"}


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
        ws.cell(row=2, column=1, value=self.tr(DASHBOARD_NOTE)).font = self.book._italic()
        ws.column_dimensions["A"].width = 30
        for c in "BC":
            ws.column_dimensions[c].width = 15
        self._page_setup()
        self._stages(4)
        row = self._roles(10)
        self._actions(row + 2)
        self._measures()

    def _page_setup(self) -> None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.ws
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1

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
                value=f"=IFERROR(AVERAGEIFS({rating},{stage},{criterion(name)}),0)",
            )
            average.number_format = "0.0"
        cats = Reference(ws, min_col=1, min_row=row + 1, max_row=row + 3)
        self._chart(
            BarChart(),
            self.tr("Touchpoints per stage"),
            Reference(ws, min_col=2, min_row=row, max_row=row + 3),
            cats,
            ANCHORS["stages"],
        )
        ratings = BarChart()
        # Ratings are on a scale of 1 to 5 whatever the figures: a 3.4 is not a tall bar.
        ratings.y_axis.scaling.min, ratings.y_axis.scaling.max = 0, 5
        ratings.y_axis.majorUnit = 1
        self._chart(
            ratings,
            self.tr("Average rating per stage (1-5)"),
            Reference(ws, min_col=3, min_row=row, max_row=row + 3),
            cats,
            ANCHORS["ratings"],
        )

    def _roles(self, row: int) -> int:
        """Standards per role (the roles of the plan as built); returns the last row."""
        from openpyxl.chart import BarChart, Reference

        ws = self.ws
        counts = Counter(s.role for s in self.plan.standards if s.role)
        roles = [r for r, _ in counts.most_common(MAX_ROLES)]
        self._heading(row, (_("Role"), _("Standards")))
        column = self._range("Standards", "role")
        for i, role in enumerate(roles or [self.tr("(no role yet)")], start=1):
            cell = ws.cell(row=row + i, column=1, value=cell_text(role))
            cell.data_type = "s"
            ws.cell(row=row + i, column=2, value=f"=COUNTIF({column},{criterion(role)})")
        n_roles = max(len(roles), 1)
        self._chart(
            BarChart(),
            self.tr("Standards per role"),
            Reference(ws, min_col=2, min_row=row, max_row=row + n_roles),
            Reference(ws, min_col=1, min_row=row + 1, max_row=row + n_roles),
            ANCHORS["roles"],
            horizontal=True,
        )
        return row + n_roles

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
        pie.height, pie.width = 7.5, 12
        ws.add_chart(pie, ANCHORS["actions"])

    def _measures(self) -> None:
        """Each measure's baseline against its target, drawn from the Measures sheet."""
        from openpyxl.chart import BarChart, Reference

        count = len(self.plan.measures)
        if not count:
            return
        sheet_spec, spec = self.book.tables["Measures"]
        top = header_row(sheet_spec)
        sheet = self.book.wb[sheet_spec.name]
        names = next(i for i, c in enumerate(spec.columns, start=spec.column) if c.key == "name")
        base = next(i for i, c in enumerate(spec.columns, start=spec.column) if c.key == "baseline")
        chart = BarChart()
        chart.type = "bar"
        chart.title = self.tr("Measures: baseline and target")
        chart.add_data(
            Reference(sheet, min_col=base, max_col=base + 1, min_row=top, max_row=top + count),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet, min_col=names, min_row=top + 1, max_row=top + count))
        chart.height, chart.width = max(7.5, 0.6 * count + 3), 18
        self.ws.add_chart(chart, ANCHORS["measures"])

    def _heading(self, row: int, titles: tuple[str, ...]) -> None:
        for c, text in enumerate(titles, start=1):
            cell = self.ws.cell(row=row, column=c, value=self.tr(text))
            cell.font = self.book.header_font
            cell.fill = self.book.header_fill

    def _chart(
        self, chart: Any, title: str, data: Any, cats: Any, anchor: str, horizontal: bool = False
    ) -> None:
        chart.title = title
        chart.type = "bar" if horizontal else "col"
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.legend = None
        chart.height, chart.width = 7.5, 12
        self.ws.add_chart(chart, anchor)
