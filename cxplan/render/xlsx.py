"""The workshop workbook: one sheet per step, Excel tables with dropdowns, a dashboard."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cxplan import __version__
from cxplan.document.theme import DEFAULT_BRAND, RATING_COLOURS
from cxplan.errors import CxplanError
from cxplan.i18n import Language, _, resolve
from cxplan.method.steps import STEPS
from cxplan.plan.model import Plan
from cxplan.plan.serialize import json_pieces
from cxplan.render.audits import AuditsWriter
from cxplan.render.common import cell_text, clean, formula_string, reproducible_zip, validation
from cxplan.render.dashboard import FONT_NAME, DashboardWriter, italic_font
from cxplan.render.sheetprint import print_setup
from cxplan.workbook.cells import (
    CELL_LIMIT,
    GridCell,
    column_letter,
    grid,
    normal,
    plan_rows,
    quoted,
)
from cxplan.workbook.layout import (
    DASHBOARD,
    FORMAT,
    LISTS_SHEET,
    META_SHEET,
    SHEETS,
    SPARE_ROWS,
    Col,
    SheetSpec,
    TableSpec,
    form_row,
    header_row,
    localized,
    localized_audits,
)

FORM_WIDTH = 30  # column B at least, where a sheet's single values wrap
JSON_CHUNK = 30_000  # characters per cell of the hidden copy of the plan (Excel holds 32,767)
DIGEST_BATCH = 5_000  # cells whose values are hashed together
# The checks Excel makes as a value is typed, per kind of column (beyond the dropdowns).
CHECKS: dict[str, dict[str, Any]] = {
    "rating": {
        "type": "whole",
        "operator": "between",
        "formula1": "1",
        "formula2": "5",
        "showErrorMessage": True,
        "errorTitle": _("Rating"),
        "error": _("Give a whole number from 1 (poor) to 5 (excellent)."),
    },
    "number": {
        "type": "decimal",
        "operator": "between",
        "formula1": "-1000000000",
        "formula2": "1000000000",
        "showErrorMessage": True,
        "error": _("Give a number."),
    },
    "date": {
        "type": "date",
        "operator": "greaterThan",
        "formula1": "1",
        "showErrorMessage": True,
        "error": _("Give a date, e.g. 2027-01-31."),
    },
}


REF_ERROR = _("Pick the id of a touchpoint from sheet 4.")


def _step_title(lang: Language, client: str, number: int) -> str:
    step = STEPS[number - 1]
    title = lang.tr(step.title)
    return lang.tr("{client}: step {number}, {title}", client=client, number=number, title=title)


def _footer(lang: Language) -> str:
    """The page footer in Excel's codes: ``Page &P of &N``."""
    return lang.tr("Page {page} of {pages}").replace("{pages}", "&N").replace("{page}", "&P")


def _checks(kind: str, lang: Language) -> dict[str, Any]:
    """The checks of a kind of column, their messages in ``lang``."""
    checks = dict(CHECKS.get(kind, {}))
    for key in ("errorTitle", "error"):
        if key in checks:
            checks[key] = lang.tr(checks[key])
    return checks


def _status_fills(lang: Language) -> list[tuple[str, str]]:
    """The action statuses as the workbook shows them, with their shades."""
    return [
        (lang.tr(w), c)
        for w, c in (("done", "DCEDC8"), ("in progress", "FFF2C2"), ("open", "E3ECF7"))
    ]


class WorkbookWriter:
    """Writes the workbook of one plan."""

    def __init__(
        self,
        plan: Plan,
        lang: Language | None = None,
        paper: str = "a4",
        results: Any = None,
        feedback: tuple[Any, ...] = (),
    ) -> None:
        self.plan = plan
        self.paper = paper
        # What the Dashboard shows of the results store (nothing without one).
        self.results, self.feedback = results, feedback
        self.lang = lang = lang or resolve(plan.client.language)[0]
        self.tr, self.sheets = lang.tr, localized(SHEETS, lang)
        self.tables = {t.name: (s, t) for s in self.sheets for t in s.tables}
        self.data = plan.model_dump(mode="json")
        self.brand = (plan.client.brand_color or DEFAULT_BRAND).lstrip("#").upper()

    def write(self, path: Path, *, stamp: dt.datetime) -> None:
        from openpyxl import Workbook

        from cxplan.textfile import atomic_write

        wb = Workbook()
        wb.remove(wb.active)
        self.wb = wb
        # The data rows of the step sheets, written as SpreadsheetML text: openpyxl's cell
        # objects cost ~30 µs a cell to make and write, the text a tenth of that.
        self.sheet_rows: dict[str, tuple[bytes, str]] = {}
        self.strings: dict[str, int] = {}  # the shared-string table those rows refer to
        self._styles()
        self.lists = wb.create_sheet(self.tr(LISTS_SHEET))
        self._lists()
        # Sheet by sheet, so that a big plan's cells are never all held at once.
        digest = hashlib.sha256()
        for spec in self.sheets:
            self._sheet(spec, grid(self.data, (spec,)), digest)
        AuditsWriter(self).write()
        DashboardWriter(self).write()
        self._meta(stamp, digest.hexdigest())
        # The dashboard opens the workbook: what the team sees first is where the plan stands.
        dashboard = self.tr(DASHBOARD)
        wb.move_sheet(dashboard, offset=-wb.sheetnames.index(dashboard))
        wb.move_sheet(self.lists.title, offset=len(wb.sheetnames))
        wb.move_sheet(META_SHEET, offset=len(wb.sheetnames))
        self.lists.sheet_state = "hidden"
        wb[META_SHEET].sheet_state = "hidden"
        wb.active = 0
        props = wb.properties
        props.title = self.tr("CX workbook: {client}", client=clean(self.plan.client.name))[:255]
        props.creator = clean(self.plan.prepared_by.consultant or self.plan.prepared_by.firm or "")
        props.lastModifiedBy = props.creator
        props.subject = self.tr("Customer-experience strategy workshop")
        props.keywords = "customer experience; cxplan"
        props.created = stamp
        buffer = io.BytesIO()
        wb.save(buffer)
        iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        patch: dict[str, Any] = {
            "docProps/core.xml": lambda xml: _pin_dates(xml, iso),
            "docProps/app.xml": lambda xml: _app_xml(xml, self.plan.prepared_by.firm),
        }
        for number, ws in enumerate(wb.worksheets, start=1):
            if ws.title in self.sheet_rows:
                rows, ref = self.sheet_rows[ws.title]
                patch[f"xl/worksheets/sheet{number}.xml"] = lambda xml, rows=rows, ref=ref: (
                    _splice_rows(xml, rows, ref)
                )
        patch["[Content_Types].xml"] = _with_strings_type
        patch["xl/_rels/workbook.xml.rels"] = _with_strings_rel
        data = reproducible_zip(
            buffer.getvalue(),
            stamp,
            patch=patch,
            extra={"xl/sharedStrings.xml": _string_table(self.strings)},
        )
        atomic_write(path, data)

    # ------------------------------------------------------------------ pieces

    def _styles(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="BFBFBF")
        # Every font is named: LibreOffice draws a font without a name in its default serif.
        self.header_font = Font(name=FONT_NAME, family=2, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=self.brand)
        self.title_font = Font(name=FONT_NAME, family=2, bold=True, size=14, color=self.brand)
        self.label_font = Font(name=FONT_NAME, family=2, bold=True, color="404040")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def _lists(self) -> None:
        from openpyxl.workbook.defined_name import DefinedName

        ws = self.lists
        self.list_names: dict[tuple[str, ...], str] = {}
        columns: dict[tuple[str, ...], str] = {}
        audits = localized_audits(self.lang).columns
        for col in [c for spec in self.tables.values() for c in spec[1].columns] + [*audits]:
            if col.choices:
                columns.setdefault(col.choices, f"cx_list_{len(columns) + 1}")
        # The plan's site names, offered on the Audits sheet.
        self.site_list = ""
        sites = tuple(clean(site.name) for site in self.plan.client.sites())
        if sites:
            self.site_list = columns.setdefault(sites, "cx_sites")
        for i, (choices, name) in enumerate(columns.items(), start=1):
            letter = column_letter(i)
            ws.cell(row=1, column=i, value=name)
            for r, choice in enumerate(choices, start=2):
                self._put(ws, r, i, choice)  # a site named "=..." stays text
            ref = f"{quoted(ws.title)}!${letter}$2:${letter}${len(choices) + 1}"
            self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
            self.list_names[choices] = name

    def _put(self, ws: Any, row: int, column: int, value: Any) -> Any:
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = cell_text(value)
            # Client text is text: "=1+1", "+44 20 ...", "@all" or "#N/A" never become a
            # formula or an error value.
            cell.data_type = "s"
        else:
            cell.value = value
        return cell

    def _style_ids(self, ws: Any) -> dict[str, int]:
        """The workbook's style index for each kind of data cell (styled once, shared)."""
        out = {}
        for kind in ("table", "date"):
            proto = ws.cell(row=ws.max_row + 50, column=60)
            proto.alignment = self.wrap
            proto.border = self.border
            if kind == "date":
                proto.number_format = "yyyy-mm-dd"
            out[kind] = self.wb._cell_styles.add(copy.copy(proto._style))
            ws._cells.pop((proto.row, proto.column), None)
        return out

    def _cell_xml(self, where: str, value: Any, style: int) -> str:
        """One data cell as SpreadsheetML; text goes into the shared-string table."""
        if value is None:
            return f'<c r="{where}" s="{style}"/>'
        if isinstance(value, str):
            text = cell_text(value)
            index = self.strings.get(text)
            if index is None:
                index = self.strings[text] = len(self.strings)
            return f'<c r="{where}" s="{style}" t="s"><v>{index}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{where}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, dt.date):
            serial = (value - dt.date(1899, 12, 30)).days
            return f'<c r="{where}" s="{style}"><v>{serial}</v></c>'
        return f'<c r="{where}" s="{style}"><v>{value!r}</v></c>'

    def _sheet(self, spec: SheetSpec, cells: Iterable[GridCell], digest: Any) -> None:
        """A step's sheet; ``digest`` takes in every value, for the fingerprint of edits."""
        ws = self.wb.create_sheet(spec.name)
        ws.sheet_properties.tabColor = self.brand
        step = STEPS[spec.step - 1]
        title = ws.cell(
            row=1,
            column=1,
            value=cell_text(_step_title(self.lang, self.plan.client.name, step.number)),
        )
        title.data_type = "s"
        title.font = self.title_font
        ws.cell(row=2, column=1, value=self.tr(step.question)).font = italic_font()
        for i, form in enumerate(spec.form):
            label = ws.cell(row=form_row(spec, i), column=1, value=form.label)
            label.font = self.label_font
        top = header_row(spec)
        widths: dict[int, float] = {}
        for table in spec.tables:
            self._table(ws, spec, table, top, widths)
        widths.setdefault(1, 22)
        if spec.form:  # the labels in A, the values wrapping in B
            widths[1] = max(widths[1], 22)
            widths[2] = max(widths.get(2, 0), FORM_WIDTH)
        styles = self._style_ids(ws)
        rows: dict[int, dict[int, str]] = {}
        heights: dict[int, int] = {}
        xml = bytearray()  # the data rows as SpreadsheetML
        # A sheet of one table gets its cells row by row: each row is written out once the
        # next begins, so a big sheet's cells are not all held as strings at once.
        streaming, current, last_row = len(spec.tables) == 1, 0, top
        # What the fingerprint takes in (as _feed would), hashed a batch at a time: a big
        # sheet's values are never all held twice.
        seen: list[str] = []
        for entry in cells:
            sheet, where, row, column, col, value = entry[:6]
            seen.append(f"{sheet}!{where}\x1f{normal(value)!r}\x1e")
            if len(seen) >= DIGEST_BATCH:
                digest.update("".join(seen).encode())
                seen.clear()
            if isinstance(value, str) and len(value) > CELL_LIMIT:
                # build() checks this before writing anything; this guards other callers.
                raise CxplanError(
                    f"{quoted(spec.name)}!{where} would hold {len(value):,} characters; an Excel "
                    f"cell holds at most {CELL_LIMIT:,}, so shorten that text in the plan"
                )
            if col is None:  # a form value, among openpyxl's own cells above the tables
                cell = self._put(ws, row, column, value)
                cell.alignment = self.wrap
                continue
            kind = "date" if col.kind == "date" else "table"
            if streaming and row != current:
                if row < current:  # not in order after all: hold every row to the end
                    streaming = False
                elif current in rows:
                    xml += _row_xml(current, rows.pop(current), heights.pop(current, 1))
                current = row
            last_row = max(last_row, row)
            rows.setdefault(row, {})[column] = self._cell_xml(where, value, styles[kind])
            if isinstance(value, str):
                # Neither Excel nor LibreOffice grows a row for wrapped text it did not
                # type itself, so the height is set from the text and the column width.
                per_line = max(int(widths.get(column, 18) * 1.1), 8)
                needed = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
                heights[row] = max(heights.get(row, 1), needed)
        digest.update("".join(seen).encode())
        for row in sorted(rows):
            xml += _row_xml(row, rows[row], heights.get(row, 1))
        last = max(last_row, ws.max_row)
        self.sheet_rows[spec.name] = (bytes(xml), f"A1:{column_letter(ws.max_column)}{last}")
        ws.freeze_panes = f"A{top + 1}"
        print_setup(ws, widths, [t.column for t in spec.tables[1:]], self.paper)
        for column, width in widths.items():
            ws.column_dimensions[column_letter(column)].width = width
        ws.print_title_rows = f"{top}:{top}"
        ws.oddHeader.center.text = f"{_header_text(self.plan.client.name)} &A"
        ws.oddFooter.right.text = _footer(self.lang)

    def _table(
        self, ws: Any, sheet: SheetSpec, spec: TableSpec, top: int, widths: dict[int, float]
    ) -> None:
        from openpyxl.worksheet.table import Table, TableStyleInfo

        count = len(plan_rows(self.data, spec))
        first, last = spec.column, spec.column + len(spec.columns) - 1
        ws.cell(row=top - 1, column=first, value=spec.title).font = self.label_font
        for c, col in enumerate(spec.columns, start=first):
            cell = ws.cell(row=top, column=c, value=col.header)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.wrap
            widths[c] = max(widths.get(c, 0), col.width)
        # The header row is as tall as its most wrapped title: Excel and LibreOffice do not
        # grow a row for text they did not type, and the title would run into the first row.
        lines = max(_lines(col.header, widths[c]) for c, col in enumerate(spec.columns, first))
        current = ws.row_dimensions[top].height or 15
        ws.row_dimensions[top].height = max(current, 15 * lines + 2)
        end = top + max(count, 1)
        table = Table(
            displayName=spec.name,
            ref=f"{column_letter(first)}{top}:{column_letter(last)}{end}",
        )
        table.tableStyleInfo = TableStyleInfo(
            name="TableStyleLight15", showRowStripes=True, showColumnStripes=False
        )
        # Name the columns now: left to itself, openpyxl reads the whole table range at save
        # time, making an empty cell object for every cell just to find the headers.
        table._initialise_columns()
        for column, col in zip(table.tableColumns, spec.columns, strict=True):
            column.name = col.header
        ws.add_table(table)
        for c, col in enumerate(spec.columns, start=first):
            self._validation(ws, col, c, top + 1, top + count + SPARE_ROWS)
        self._formats(ws, spec, top + 1, top + count + SPARE_ROWS)

    def _validation(self, ws: Any, col: Col, column: int, start: int, end: int) -> None:
        letter = column_letter(column)
        kw: dict[str, Any] = {}
        if col.choices:
            # Fixed words are enforced; suggested words still take any text typed in.
            fixed = col.kind in ("choice", "bool")
            kw.update(type="list", formula1=f"={self.list_names[col.choices]}")
            kw.update(showErrorMessage=fixed)
            if fixed:
                kw.update(errorTitle=col.header[:32])
                kw.update(error=self.tr("Pick one of: {words}", words=", ".join(col.choices))[:250])
        elif col.kind == "ref":
            kw.update(type="list", formula1=f"={self._ids_range()}", showErrorMessage=True)
            kw.update(errorTitle=self.tr("Touchpoint"), error=self.tr(REF_ERROR))
        else:
            kw.update(_checks(col.kind, self.lang))
        ws.add_data_validation(validation(col, f"{letter}{start}:{letter}{end}", kw))

    def _ids_range(self) -> str:
        sheet, spec = self.tables["Touchpoints"]
        top = header_row(sheet)
        count = len(plan_rows(self.data, spec))
        letter = column_letter(spec.column)
        return f"{quoted(sheet.name)}!${letter}${top + 1}:${letter}${top + count + SPARE_ROWS}"

    def _formats(self, ws: Any, spec: TableSpec, start: int, end: int) -> None:
        from openpyxl.formatting.rule import CellIsRule, FormulaRule
        from openpyxl.styles import Font, PatternFill

        def letter(key: str) -> str | None:
            for c, col in enumerate(spec.columns, start=spec.column):
                if col.key == key:
                    return column_letter(c)
            return None

        rating = letter("rating") if spec.name == "Touchpoints" else None
        if rating:
            for value in range(1, 6):
                fill = PatternFill(
                    "solid",
                    fgColor=RATING_COLOURS[value].lstrip("#"),
                    bgColor=RATING_COLOURS[value].lstrip("#"),
                )
                ws.conditional_formatting.add(
                    f"{rating}{start}:{rating}{end}",
                    CellIsRule(operator="equal", formula=[str(value)], fill=fill),
                )
        truth, yes = letter("moment_of_truth"), formula_string(self.tr("Yes"))
        if truth:
            ws.conditional_formatting.add(
                f"{truth}{start}:{truth}{end}",
                CellIsRule(
                    operator="equal",
                    formula=[yes],
                    font=Font(name=FONT_NAME, family=2, bold=True, color=self.brand),
                ),
            )
        status = letter("status") if spec.name == "Actions" else None
        if status:
            for word, colour in _status_fills(self.lang):
                ws.conditional_formatting.add(
                    f"{status}{start}:{status}{end}",
                    CellIsRule(
                        operator="equal",
                        formula=[f'"{word}"'],
                        fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                    ),
                )
            due = letter("due")
            if due:
                ws.conditional_formatting.add(
                    f"{due}{start}:{due}{end}",
                    FormulaRule(
                        formula=[
                            f'AND(${due}{start}<>"",${due}{start}<TODAY(),'
                            f"${status}{start}<>{formula_string(self.tr('done'))})"
                        ],
                        font=Font(name=FONT_NAME, family=2, bold=True, color="9C0006"),
                        fill=PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE"),
                    ),
                )

    # ------------------------------------------------------------------ meta

    def _meta(self, stamp: dt.datetime, values: str) -> None:
        ws = self.wb.create_sheet(META_SHEET)
        # The plan as JSON, cut into cells as it is made, and hashed as it goes into the
        # plan's fingerprint (plan.serialize.fingerprint: the sha256 of this very text), so
        # the whole text of a big plan is never held.
        chunks, pending, whole = 0, "", hashlib.sha256()
        for piece in json_pieces(self.data):
            whole.update(piece.encode())
            pending += piece
            while len(pending) >= JSON_CHUNK:
                self._put(ws, 20 + chunks, 2, clean(pending[:JSON_CHUNK]))
                pending, chunks = pending[JSON_CHUNK:], chunks + 1
        if pending:
            self._put(ws, 20 + chunks, 2, clean(pending))
            chunks += 1
        rows = [
            (self.tr("This sheet belongs to cxplan, which reads it on `cxplan import`."), ""),
            ("format", FORMAT),
            ("language", self.lang.tag),
            ("cxplan", __version__),
            ("client", clean(self.plan.client.name)),
            ("plan_id", self.plan.plan_id or ""),
            ("built", stamp.isoformat()),
            ("plan", whole.hexdigest()),
            ("values", values),
            ("chunks", chunks),
        ]
        for r, (key, value) in enumerate(rows, start=1):
            ws.cell(row=r, column=1, value=key).data_type = "s"
            self._put(ws, r, 2, value)


def _app_xml(xml: bytes, firm: str | None) -> bytes:
    """docProps/app.xml saying cxplan made the file, and for which firm."""
    text = xml.decode("utf-8")
    company = (firm or "").replace("&", "&amp;").replace("<", "&lt;")
    text = re.sub(r"<Application>.*?</Application>", "<Application>cxplan</Application>", text)
    if "<Company>" not in text and company:
        text = text.replace("</Properties>", f"<Company>{clean(company)}</Company></Properties>")
    return text.encode("utf-8")


def _row_xml(row: int, cells: dict[int, str], height: int) -> bytes:
    """A data row as SpreadsheetML: its cells in column order, its height if over a line."""
    ht = f' ht="{min(15 * height, 400)}" customHeight="1"' if height > 1 else ""
    cells_xml = "".join(cells[c] for c in sorted(cells))
    return f'<row r="{row}"{ht}>{cells_xml}</row>'.encode()


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in bold in a column ``width`` characters wide, broken
    between words as a spreadsheet does."""
    room = max(int(width * 0.9) - 1, 4)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
        while used > room:  # a word longer than the column is cut across lines
            lines, used = lines + 1, used - room
    return lines


def _header_text(client: str) -> str:
    # "&" starts a code in Excel page headers; a literal one is written "&&".
    return clean(client).replace("&", "&&")[:100]


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _string_table(strings: dict[str, int]) -> bytes:
    """xl/sharedStrings.xml (openpyxl writes every string inline and has none)."""
    items = "".join(
        '<si><t xml:space="preserve">'
        + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</t></si>"
        for text in strings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()


def _with_strings_type(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    if "/xl/sharedStrings.xml" not in text:
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
        text = text.replace("</Types>", override + "</Types>")
    return text.encode("utf-8")


def _with_strings_rel(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    if "sharedStrings.xml" not in text:
        rel = f'<Relationship Id="rIdCxStrings" Type="{SST_REL}" Target="sharedStrings.xml"/>'
        text = text.replace("</Relationships>", rel + "</Relationships>")
    return text.encode("utf-8")


def _splice_rows(xml: bytes, rows: bytes, ref: str) -> tuple[bytes, ...]:
    """A worksheet's XML, in pieces, with the data rows added after openpyxl's own rows."""
    dimension = f'<dimension ref="{ref}"/>'.encode()
    xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', dimension, xml, count=1)
    end = xml.find(b"</sheetData>")
    if end >= 0:
        return xml[:end], rows, xml[end:]
    end = xml.find(b"<sheetData/>")
    return xml[:end], b"<sheetData>", rows, b"</sheetData>", xml[end + 12 :]


def _pin_dates(xml: bytes, iso: str) -> bytes:
    text = xml.decode("utf-8")
    for tag in ("dcterms:created", "dcterms:modified"):
        text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{iso}\g<2>", text)
    return text.encode("utf-8")


def write_xlsx(
    plan: Plan,
    path: Path,
    *,
    stamp: dt.datetime,
    language: str | None = None,
    paper: str = "a4",
    results: Any = None,
    feedback: tuple[Any, ...] = (),
) -> None:
    """Write the workshop workbook of ``plan`` at ``path`` (atomically, reproducibly), in
    ``language`` (else the plan's), its sheets printing on ``paper``; its Dashboard shows
    the stored ``results`` and latest ``feedback`` figures when there are some."""
    lang = resolve(language or plan.client.language)[0]
    WorkbookWriter(plan, lang, paper, results, feedback).write(path, stamp=stamp)
