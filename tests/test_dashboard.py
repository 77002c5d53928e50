"""The workbook's Dashboard: charts over ranges that follow the team's edits, axes by kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from helpers import convert

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
    roles = charts(ws)["Standards per role"]
    cats, values = refs(roles)
    assert cats == "'Dashboard'!$A$11:$A$25" and values == "'Dashboard'!$B$11:$B$25"
    assert "'5 Standards'!$C$7:$C$218" in ws["A11"].value.text
    assert ws["B11"].value == '=IF(A11="","",COUNTIF(\'5 Standards\'!$C$7:$C$218,A11))'


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
    text = convert(office, edited, tmp_path / "pdf")
    import subprocess

    shown = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(text), "-"], capture_output=True, text=True
    ).stdout
    assert "Hygienist" in shown and "Recall NPS" in shown
