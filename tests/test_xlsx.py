"""The workshop workbook, read back with openpyxl and opened in LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import COMPLETE_EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from cxplan.plan.serialize import fingerprint, json_pieces
from cxplan.workbook.layout import SHEETS
from helpers import HOSTILE, convert, pdf_text


def make(plan: Path, out: Path, **options: Any) -> Path:
    result = build(plan, BuildOptions(out_dir=out, formats=["xlsx"], **options))
    return result.files[0]


def test_sheets_tables_and_hidden_parts(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make(COMPLETE_EXAMPLES[0], tmp_path))
    assert wb.sheetnames == [
        "Dashboard",
        "1 Leadership",
        "2 Vision",
        "3 Experience",
        "4 Touchpoints",
        "5 Standards",
        "6 Measures",
        "7 Improvement",
        "Audits",
        "Lists",
        "_cxplan",
    ]
    assert [wb[n].sheet_state for n in ("Lists", "_cxplan")] == ["hidden", "hidden"]
    tables = {name for ws in wb.worksheets for name in ws.tables}
    assert tables == {
        "Commitments",
        "SignOff",
        "Aims",
        "Segments",
        "Physical",
        "Emotional",
        "Touchpoints",
        "Standards",
        "Measures",
        "Actions",
        "Audits",
    }
    ws = wb["4 Touchpoints"]
    assert ws.tables["Touchpoints"].ref == "A6:K16"
    assert [c.value for c in ws[6]] == [
        "Id",
        "Touchpoint",
        "Stage",
        "Channel",
        "Owner",
        "Customer segments",
        "What happens here",
        "Pain points (fresh eyes)",
        "Moment of truth",
        "Rating 1-5",
        "Sites",
    ]
    assert ws["A7"].value == "book-online" and ws["J7"].value == 3 and ws["I8"].value == "Yes"
    assert ws.freeze_panes == "A7"
    assert ws.print_title_rows == "$6:$6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    kinds = {(dv.type, str(dv.formula1)) for dv in ws.data_validations.dataValidation}
    assert ("whole", "1") in kinds
    assert any(t == "list" and f.startswith("=cx_list_") for t, f in kinds)
    standards = wb["5 Standards"]
    refs = [
        str(dv.formula1) for dv in standards.data_validations.dataValidation if dv.type == "list"
    ]
    assert any(r.startswith("='4 Touchpoints'!$A$7:$A$") for r in refs)
    assert all(dv.prompt for dv in ws.data_validations.dataValidation)
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert len(rules) >= 6  # five ratings and the moment of truth
    actions = wb["7 Improvement"]
    formulas = [
        r.formula[0]
        for rng in actions.conditional_formatting
        for r in rng.rules
        if r.formula and "TODAY()" in r.formula[0]
    ]
    assert formulas, "overdue actions are flagged"
    assert len(wb["Dashboard"]._charts) == 8
    assert wb["1 Leadership"]["B3"].value == "Dr Mei Chen"


def test_text_stays_text(tmp_path: Path) -> None:
    path = make(HOSTILE, tmp_path)
    wb = openpyxl.load_workbook(path)
    texts = {
        c.value: c.data_type
        for ws in (wb[sheet.name] for sheet in SHEETS)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for exact in (
        "=1+1 is not a formula",
        "+44 20 7946 0958 on the wall",
        "-minus first",
        "@handle replies",
        "#N/A never appears",
        "=cmd|' /c calc'!A1",
        "@SUM(A1:A9)",
    ):
        matches = [t for t in texts if exact in t]
        assert matches, exact
        assert all(texts[m] == "s" for m in matches), exact
    model = load(HOSTILE).plan
    segment = wb["3 Experience"]
    assert segment["C8"].value == "\n".join(model.customers[0].needs)


def test_workbooks_are_reproducible(tmp_path: Path) -> None:
    first = make(COMPLETE_EXAMPLES[1], tmp_path / "a").read_bytes()
    second = make(COMPLETE_EXAMPLES[1], tmp_path / "b").read_bytes()
    assert first == second


def test_every_sheet_shows_its_step(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make(COMPLETE_EXAMPLES[2], tmp_path))
    for sheet in SHEETS:
        title = wb[sheet.name]["A1"].value
        assert title.startswith(f"Northwind Cycles: step {sheet.step},")


@pytest.mark.office
def test_libreoffice_opens_the_workbook(tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    for plan in (COMPLETE_EXAMPLES[0], HOSTILE):
        model = load(plan).plan
        path = make(plan, tmp_path / plan.parent.name)
        converted = convert(office, path, tmp_path / "pdf" / plan.parent.name)
        # LibreOffice prints what it read: the client, every touchpoint and standard.
        text = " ".join(pdf_text(converted).split())
        assert model.client.name in text
        for touchpoint in model.touchpoints:
            assert " ".join(touchpoint.name.split()) in text, touchpoint.name
        for standard in model.standards:
            assert standard.id in text, standard.id


def test_every_font_is_named_and_headers_have_room(tmp_path: Path) -> None:
    path = make(COMPLETE_EXAMPLES[0], tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Dashboard" and wb.active.title == "Dashboard"
    fonts = [
        ws.cell(row=r, column=c).font for ws in wb.worksheets for r in (1, 2, 4, 6) for c in (1, 2)
    ]
    fonts += [
        rule.dxf.font
        for ws in wb.worksheets
        for rng in ws.conditional_formatting
        for rule in rng.rules
        if rule.dxf and rule.dxf.font
    ]
    assert fonts and all(font.name for font in fonts)
    for sheet in SHEETS:
        ws = wb[sheet.name]
        for table in ws.tables.values():
            top = int(table.ref.split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            for cell in ws[top]:
                if cell.value:
                    width = ws.column_dimensions[cell.column_letter].width
                    words = str(cell.value).split()
                    # A header longer than its column has a row tall enough for it.
                    if len(str(cell.value)) > width:
                        assert (ws.row_dimensions[top].height or 15) >= 30, (sheet.name, cell.value)
                    assert all(len(w) <= width for w in words) or ws.row_dimensions[top].height
    ratings = wb["Dashboard"]._charts[1]
    assert (ratings.y_axis.scaling.min, ratings.y_axis.scaling.max) == (1, 5)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_the_plans_hidden_copy_is_the_json_of_the_plan(value: Any) -> None:
    # Written in pieces (a big plan's text is never held whole), read back in one.
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    assert "".join(json_pieces(value)) == expected


def test_the_workbook_carries_the_plans_fingerprint(tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    wb = openpyxl.load_workbook(make(HOSTILE, tmp_path))
    meta = {row[0].value: row[1].value for row in wb["_cxplan"].iter_rows(max_row=19)}
    assert meta["plan"] == fingerprint(model.model_dump(mode="json"))
    chunks = [wb["_cxplan"].cell(row=20 + i, column=2).value for i in range(meta["chunks"])]
    assert json.loads("".join(chunks)) == model.model_dump(mode="json")
