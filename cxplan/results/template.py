"""`cxplan results template`: an empty results file in cxplan's long layout, with the plan's ids.

CSV: the header and one row per standard (and site, when the plan names sites) to fill in.
XLSX: an ``Audits`` sheet with the same columns, the standard, location and result cells
as dropdowns of the plan's ids and the result words, and a ``Lists`` sheet holding them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cxplan.errors import CxplanError
from cxplan.plan.model import Plan
from cxplan.results.tables import AUDITS_SHEET
from cxplan.textfile import atomic_write, formula_like

COLUMNS = ("date", "location", "auditor", "standard", "result", "comment")
RESULTS = ("Yes", "No", "N.A.")
ROWS = 2000  # rows of the XLSX whose cells offer the dropdowns


def _rows(plan: Plan, as_csv: bool = False) -> list[list[str]]:
    from cxplan.forms.layout import at_site

    sites = plan.client.sites()
    if not sites:
        return [["", "", "", s.id, "", ""] for s in plan.standards]
    out = []
    for site in sites:
        _, here = at_site(plan, site.id)
        # In a CSV, a name a spreadsheet would open as a formula is given by the site's id.
        name = site.id if as_csv and formula_like(site.name) else site.name
        out += [["", name, "", s.id, "", ""] for s in here]
    return out


def write_template(plan: Plan, path: Path) -> int:
    """Write the template at ``path`` (.csv or .xlsx); the number of rows to fill in."""
    if not plan.standards:
        raise CxplanError("the plan has no standards yet, so there is nothing to audit")
    suffix = path.suffix.lower()
    rows = _rows(plan, as_csv=suffix == ".csv")
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        atomic_write(path, buffer.getvalue().encode("utf-8-sig"))
        return len(rows)
    if suffix != ".xlsx":
        raise CxplanError(f"{path}: a results template is a .csv or .xlsx file")
    atomic_write(path, _xlsx(plan, rows))
    return len(rows)


def _xlsx(plan: Plan, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = AUDITS_SHEET
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
        sheet.cell(sheet.max_row, 2).data_type = "s"  # a site named "=..." stays text
    lists = book.create_sheet("Lists")
    ids = [s.id for s in plan.standards]
    names = [s.name for s in plan.client.sites()]
    for i, ident in enumerate(ids, start=1):
        lists.cell(i, 1, ident)
    for i, name in enumerate(names, start=1):
        lists.cell(i, 2).value = name
        lists.cell(i, 2).data_type = "s"
    for i, word in enumerate(RESULTS, start=1):
        lists.cell(i, 3, word)
    lists.sheet_state = "hidden"
    last = max(ROWS, len(rows) + 1)
    for column, source, count in (("D", "A", len(ids)), ("B", "B", len(names)), ("E", "C", 3)):
        if not count:
            continue
        check = DataValidation(type="list", formula1=f"=Lists!${source}$1:${source}${count}")
        check.error = "Choose from the list"
        sheet.add_data_validation(check)
        check.add(f"{column}2:{column}{last}")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (12, 24, 18, 24, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
