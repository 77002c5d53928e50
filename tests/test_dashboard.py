"""The workbook's Dashboard: charts over ranges that follow the team's edits, axes by kind."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from helpers import convert, page_text

HARBOUR = EXAMPLES / "harbour-dental" / "cxplan.yaml"


def make(plan: Path, out: Path, **options: Any) -> Path:
    return build(plan, BuildOptions(out_dir=out, formats=["xlsx"], **options)).files[0]


def charts(ws: Any) -> dict[str, Any]:
    """The Dashboard's charts by their titles."""
    out = {}
    for chart in ws._charts:
        runs = chart.title.tx.rich.p[0].r
        out["".join(r.t for r in runs)] = chart
    return out


def refs(chart: Any) -> tuple[str, str]:
    series = chart.series[0]
    return series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f, series.val.numRef.f


def test_measures_are_charted_by_kind_each_on_its_scale(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(make(HARBOUR, tmp_path))["Dashboard"]
    found = charts(ws)
    axes = {
        title: (c.y_axis.scaling.min, c.y_axis.scaling.max)
        for title, c in found.items()
        if getattr(c, "barDir", "") == "bar" and title != "Standards per role"
    }
    assert axes == {
        "NPS: baseline and target (-100 to 100)": (-100, 100),
        "CSAT and compliance: baseline and target (%)": (0, 100),
        "CES: baseline and target (1-7)": (1, 7),
        "Other measures: baseline as % of target": (None, None),
    }
    rating = found["Average rating per stage (1-5)"]
    assert (rating.y_axis.scaling.min, rating.y_axis.scaling.max, rating.y_axis.majorUnit) == (
        1,
        5,
        1,
    )
    # Each kind's rows pick that kind's measures from the Measures table, spare rows and all.
    nps = found["NPS: baseline and target (-100 to 100)"]
    cats, _ = refs(nps)
    first = int(cats.split("$")[2].split(":")[0])
    formula = ws[f"A{first}"].value.text
    assert "'6 Measures'!$C$7:$C$211" in formula and '="nps"' in formula
    assert "'6 Measures'!$B$7:$B$211" in formula
    assert ws.cell(row=first - 1, column=1).value == "Measure"


def test_roles_come_from_the_standards_sheet_not_the_build(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(make(HARBOUR, tmp_path))["Dashboard"]
    top = next(c.row for c in ws["A"] if c.value == "Role")
    roles = charts(ws)["Standards per role"]
    cats, values = refs(roles)
    # Harbour's three roles and room for three more.
    assert cats == f"'Dashboard'!$A${top + 1}:$A${top + 6}"
    assert values == f"'Dashboard'!$B${top + 1}:$B${top + 6}"
    first = top + 1
    assert "'5 Standards'!$C$7:$C$218" in ws[f"A{first}"].value.text
    assert ws[f"B{first}"].value == (
        f'=IF(A{first}="","",SUMPRODUCT((\'5 Standards\'!$C$7:$C$218=A{first})*1))'
    )
    # The charts come first, the figures they draw below them.
    assert max(c.anchor._from.row for c in ws._charts) < top


def test_counts_are_charted_in_whole_steps_from_zero(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart

    from cxplan.render.dashboard import count_axis

    found = charts(openpyxl.load_workbook(make(HARBOUR, tmp_path))["Dashboard"])
    for title in ("Touchpoints per stage", "Standards per role"):
        axis = found[title].y_axis
        assert (axis.scaling.min, axis.majorUnit, axis.number_format.formatCode) == (0, 1, "0")
    steps = {}
    for largest in (0, 3, 10, 11, 21, 48, 101, 260, 5000):
        axis = BarChart().y_axis
        count_axis(axis, largest)
        steps[largest] = axis.majorUnit
    assert steps == {0: 1, 3: 1, 10: 1, 11: 2, 21: 5, 48: 5, 101: 20, 260: 50, 5000: 500}


@pytest.mark.office
def test_rows_typed_in_later_show_on_the_dashboard(tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    path = make(HARBOUR, tmp_path / "built")
    wb = openpyxl.load_workbook(path)
    standards, measures = wb["5 Standards"], wb["6 Measures"]
    # Below the Excel tables, in the rows kept for new entries, as the team would type them.
    standards["A40"], standards["B40"], standards["C40"] = "s-new", "welcome", "Hygienist"
    measures["A30"], measures["B30"], measures["C30"] = "nps-2", "Recall NPS", "nps"
    measures["I30"], measures["J30"] = -12, 25
    measures["A31"], measures["B31"], measures["C31"] = "ces-2", "Ease of paying", "ces"
    measures["I31"], measures["J31"] = 3.5, 5
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    again = convert(office, edited, tmp_path / "calc", "xlsx:Calc MS Excel 2007 XML")
    ws = openpyxl.load_workbook(again, data_only=True)["Dashboard"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=3)]
    assert ["Hygienist", 1, None] in values
    assert ["Reception", 6, None] in values
    assert ["Recall NPS", -12, 25] in values and ["Net Promoter Score", 41, 70] in values
    assert ["Ease of paying", 3.5, 5] in values
    pdf = convert(office, edited, tmp_path / "pdf")
    pages = [page_text(page) for page in PdfReader(pdf).pages]
    # The Dashboard's pages: those before step 1's sheet.
    dashboard = " ".join(pages[: next(i for i, t in enumerate(pages) if "step 1," in t)])
    assert "Hygienist" in dashboard and "Recall NPS" in dashboard


PAPER_POINTS = {9: 842.0, 1: 792.0}  # landscape widths of A4 and Letter
DEFAULT_WIDTH = 64 * 0.75  # an unset column: 64 pixels


def column_points(ws: Any, column: int) -> float:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    if letter in ws.column_dimensions and ws.column_dimensions[letter].width:
        return ws.column_dimensions[letter].width * 7 * 0.75
    return DEFAULT_WIDTH


def content_points(ws: Any, first: int, last: int) -> float:
    return sum(column_points(ws, c) for c in range(first, last + 1))


def print_scale(ws: Any) -> float:
    """The scale ``ws`` prints at, as Excel works it out from its page setup and columns."""
    setup = ws.page_setup
    assert setup.orientation == "landscape", ws.title
    margins = ws.page_margins
    room = PAPER_POINTS[int(setup.paperSize)] - 72 * (margins.left + margins.right)
    last = ws.max_column
    width = content_points(ws, 1, last)
    for chart in ws._charts:  # the Dashboard: its charts reach further than its cells
        start = content_points(ws, 1, chart.anchor._from.col)
        width = max(width, start + chart.anchor.ext.cx / 12700)  # EMU to points
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        assert setup.fitToHeight == 0, ws.title  # as many pages down as the rows need
        return min(1.0, int(setup.fitToWidth) * room / width)
    # A fixed scale: each part between the column breaks fits across one page.
    scale = int(setup.scale) / 100
    edges = [1, *(b.id + 1 for b in ws.col_breaks.brk), last + 1]
    for a, b in pairwise(edges):
        assert content_points(ws, a, b - 1) * scale <= room, (ws.title, a, b)
    return scale


def big_plan(tmp_path: Path, n: int) -> Path:
    """Harbour Dental with ``n`` touchpoints of long names, each with a standard."""
    import yaml

    data = yaml.safe_load(HARBOUR.read_text(encoding="utf-8"))
    data["client"].pop("logo", None)
    for i in range(n):
        data["touchpoints"].append(
            {
                "id": f"tp-{i}",
                "name": f"Touchpoint number {i} with a rather long name to wrap",
                "stage": ("before", "during", "after")[i % 3],
                "description": "What happens here, in a sentence or two of plain words. " * 2,
                "rating": 1 + i % 5,
            }
        )
        data["standards"].append(
            {
                "id": f"st-{i}",
                "touchpoint": f"tp-{i}",
                "role": f"Role {i % 7}",
                "standard": "Greet every patient by name within 30 seconds of arrival",
                "measure": "Seconds to greeting",
                "target": "95% within 30 seconds",
            }
        )
    path = tmp_path / "big" / "cxplan.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_sheet_prints_at_80_per_cent_or_more(tmp_path: Path, paper: str) -> None:
    from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES

    plans = [*COMPLETE_EXAMPLES, *DRAFT_EXAMPLES, big_plan(tmp_path, 200)]
    for number, plan in enumerate(plans):
        wb = openpyxl.load_workbook(make(plan, tmp_path / str(number), paper=paper))
        for ws in wb.worksheets:
            if ws.sheet_state == "hidden":
                continue
            assert print_scale(ws) >= 0.8, (plan.parent.name, ws.title, print_scale(ws))


def test_the_dashboard_shows_stored_results_only_when_there_are_some(
    example_copy: Any, tmp_path: Path, invoke: Any
) -> None:
    import math

    from cxplan.results.store import default_place

    plan = example_copy("harbour-dental")
    before = make(plan, tmp_path / "before").read_bytes()
    audits = tmp_path / "a.csv"
    audits.write_text(
        "date,location,standard,result\n2026-02-02,Northside,s-greet,yes\n"
        "2026-02-02,Northside,s-answer-calls,no\n2026-03-02,Quay Street,s-greet,no\n",
        encoding="utf-8",
    )
    assert invoke("results", "import", audits, "--plan", plan).exit_code == 0
    nps = next(m for m in load(plan).plan.measures if str(m.kind) == "nps")
    rows = ["Response ID,Date," + nps.question.replace(",", " ")]
    rows += [f"r{i},2026-10-{1 + i % 28:02d},{10 if i % 4 else 3}" for i in range(40)]
    survey = tmp_path / "s.csv"
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = invoke("results", "import", survey, "--plan", plan, "--measure", nps.id)
    assert run.exit_code == 0, run.output
    ws = openpyxl.load_workbook(make(plan, tmp_path / "after"))["Dashboard"]
    cells = {
        (c.row, c.column): c.value
        for row in ws.iter_rows(max_col=8)
        for c in row
        if c.value is not None
    }
    rows_of = {v: r for (r, col), v in cells.items() if col == 1 and isinstance(v, str)}
    # Compliance by site, as a share with its n: Northside 1 yes of 2, Quay Street 0 of 1.
    north, quay = rows_of["Northside"], rows_of["Quay Street"]
    assert (cells[(north, 2)], cells[(north, 3)]) == (0.5, 2)
    assert (cells[(quay, 2)], cells[(quay, 3)]) == (0, 1)
    assert ws.cell(row=north, column=2).number_format == "0.0%"
    assert any(v == "Results so far: 2026-02-02 to 2026-03-02" for v in cells.values())
    touchpoints = rows_of["Touchpoint"]
    assert cells[(touchpoints, 2)] == "Compliance" and cells[(touchpoints, 3)] == "Answers (n)"
    # The latest NPS, its n and margin, beside baseline and target: 30 promoters, 10 detractors.
    line = rows_of[nps.name]
    assert line < touchpoints
    # The NPS chart draws the latest figure too, looked up by name in that table.
    chart = charts(ws)["NPS: baseline and target (-100 to 100)"]
    assert len(chart.series) == 3
    latest = chart.series[2].val.numRef.f
    top = int(latest.split("$")[2].split(":")[0]) - 1
    assert ws.cell(row=top, column=4).value == "Latest"
    lookup = ws.cell(row=top + 1, column=4).value.text
    assert f"$C${line}:$C${line}" in lookup and f"($A${line}:$A${line}=A{top + 1})" in lookup
    margin = round(196 * math.sqrt(0.75 / 40), 1)
    assert [cells.get((line, c)) for c in range(2, 9)] == [
        "NPS",
        50,
        40,
        margin,
        "2026-10",
        nps.baseline,
        nps.target,
    ]
    # Without a store the workbook is byte for byte what it was.
    default_place(plan).unlink()
    assert make(plan, tmp_path / "again").read_bytes() == before
