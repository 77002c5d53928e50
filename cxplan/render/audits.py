"""The workbook's Audits sheet: an empty table to type paper checklists' results into."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxplan.render.common import cell_text, validation
from cxplan.render.dashboard import italic_font
from cxplan.render.sheetprint import print_setup
from cxplan.workbook.cells import column_letter, plan_rows, quoted
from cxplan.workbook.layout import SPARE_ROWS, AuditsSpec, header_row, localized_audits

if TYPE_CHECKING:
    from cxplan.render.xlsx import WorkbookWriter

PRINTED_ROWS = 30  # rows of a printed Audits sheet: one landscape page with its header
TABLE_NAME = "Audits"  # the Excel table's name (never translated, like the step tables')


class AuditsWriter:
    """Writes the Audits sheet of the workbook ``book`` is writing."""

    def __init__(self, book: WorkbookWriter) -> None:
        self.book = book
        self.spec: AuditsSpec = localized_audits(book.lang)
        self.ws = book.wb.create_sheet(self.spec.name)

    def write(self) -> None:
        from openpyxl.worksheet.table import Table, TableStyleInfo

        book, ws, spec = self.book, self.ws, self.spec
        top, last = spec.header, spec.header + spec.rows
        title = ws.cell(
            row=1, column=1, value=cell_text(book.tr(spec.title, client=book.plan.client.name))
        )
        title.data_type = "s"
        title.font = book.title_font
        note = book.tr(
            "Read in by `cxplan results import`; `cxplan import` leaves this sheet alone."
        )
        ws.cell(row=2, column=1, value=note).font = italic_font()
        for c, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row=top, column=c, value=col.header)
            cell.font, cell.fill, cell.alignment = book.header_font, book.header_fill, book.wrap
            letter = column_letter(c)
            ws.column_dimensions[letter].width = col.width
            if col.kind == "date":
                ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        ws.row_dimensions[top].height = 32
        table = Table(
            displayName=TABLE_NAME, ref=f"A{top}:{column_letter(len(spec.columns))}{last}"
        )
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight15", showRowStripes=True)
        table._initialise_columns()
        for column, col in zip(table.tableColumns, spec.columns, strict=True):
            column.name = col.header
        ws.add_table(table)
        self._lookups(top + 1, last)
        self._validations(top + 1, last)
        ws.freeze_panes = f"A{top + 1}"
        self._page_setup(top)

    def _standards(self, key: str) -> str:
        """The column ``key`` of sheet 5's standards table, with its spare rows, absolute."""
        sheet, table = self.book.tables["Standards"]
        first = header_row(sheet) + 1
        end = first + len(plan_rows(self.book.data, table)) + SPARE_ROWS - 1
        c = next(i for i, col in enumerate(table.columns, start=table.column) if col.key == key)
        letter = column_letter(c)
        return f"{quoted(sheet.name)}!${letter}${first}:${letter}${end}"

    def _lookups(self, start: int, end: int) -> None:
        """The standard's text beside its id, looked up from sheet 5 as the team types."""
        spec, ws = self.spec, self.ws
        ident = column_letter(spec.column("standard"))
        text = spec.column("text")
        ids, texts = self._standards("id"), self._standards("standard")
        for row in range(start, end + 1):
            cell = ws.cell(row=row, column=text)
            cell.value = (
                f'=IF({ident}{row}="","",IFERROR(INDEX({texts},MATCH({ident}{row},{ids},0)),""))'
            )

    def _validations(self, start: int, end: int) -> None:
        book, spec = self.book, self.spec
        for c, col in enumerate(spec.columns, start=1):
            if col.key == "text":
                continue
            letter = column_letter(c)
            kw: dict[str, Any] = {}
            if col.key == "standard":
                kw.update(type="list", formula1=f"={self._standards('id')}")
                kw.update(showErrorMessage=True, errorTitle=col.header[:32])
                kw.update(error=book.tr("Pick the id of a standard from sheet 5."))
            elif col.key == "result":
                kw.update(type="list", formula1=f"={book.list_names[col.choices]}")
                kw.update(showErrorMessage=True, errorTitle=col.header[:32])
                words = ", ".join(col.choices)
                kw.update(error=book.tr("Pick one of: {words}", words=words)[:250])
            elif col.key == "location" and book.site_list:
                # Sites are offered, and an id typed instead is taken too.
                kw.update(type="list", formula1=f"={book.site_list}", showErrorMessage=False)
            elif col.kind == "date":
                from cxplan.render.xlsx import _checks

                kw.update(_checks("date", book.lang))
            self.ws.add_data_validation(validation(col, f"{letter}{start}:{letter}{end}", kw))

    def _page_setup(self, top: int) -> None:
        from cxplan.render.xlsx import _footer, _header_text

        ws = self.ws
        ws.sheet_properties.tabColor = self.book.brand
        # The workbook's one print rule: landscape on the build's paper, fitted to its width.
        widths = {c: col.width for c, col in enumerate(self.spec.columns, start=1)}
        print_setup(ws, widths, [], self.book.paper)
        ws.print_title_rows = f"{top}:{top}"
        # The header and a page of rows, a blank form for a paper round: all 500 formatted
        # rows printed as 13 empty pages, and neither Excel's nor LibreOffice's print area
        # can follow the rows typed (LibreOffice ignores a formula there). Typed results are
        # read back by `cxplan results import`, and printed by the report, not from here.
        last = column_letter(len(self.spec.columns))
        ws.print_area = f"A{top}:{last}{top + min(self.spec.rows, PRINTED_ROWS)}"
        ws.print_options.gridLines = True  # a printed sheet is a form to fill in by hand
        ws.oddHeader.center.text = f"{_header_text(self.book.plan.client.name)} &A"
        ws.oddFooter.right.text = _footer(self.book.lang)
