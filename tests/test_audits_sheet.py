"""The workbook's Audits sheet: written empty and translated, left alone by `cxplan import`,
read into the results store by `cxplan results import`, every bad cell named."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cxplan.i18n import language
from cxplan.workbook.layout import AUDITS, localized_audits
from helpers import convert, pdf_text, squeeze

LANGUAGES = ["en", "de", "fr", "es"]


@pytest.fixture
def plan(example_copy: Callable[[str], Path]) -> Path:
    return example_copy("harbour-dental")


def build(invoke: Callable[..., Any], plan: Path, lang: str = "en") -> Path:
    out = plan.parent / f"out-{lang}"
    made = invoke("build", plan, "--format", "xlsx", "--language", lang, "-o", out)
    assert made.exit_code == 0, made.output
    return out / "harbour-dental-cx-workbook.xlsx"


def type_in(workbook: Path, target: Path, rows: list[tuple[Any, ...]], first: int = 5) -> Path:
    """Rows typed into the Audits sheet: date, site, auditor, standard id, result, comment."""
    wb = openpyxl.load_workbook(workbook)
    ws = next(wb[name] for name in wb.sheetnames if wb[name].cell(4, 4).value in _ID_HEADERS)
    for number, row in enumerate(rows, start=first):
        for column, value in enumerate(row, start=1):
            ws.cell(number, column).value = value
    wb.save(target)
    return target


_ID_HEADERS = {language(t).tr("Standard id") for t in LANGUAGES}


def stored(plan: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(plan.with_name("cxplan.results.sqlite")) as con:
        return con.execute(
            "SELECT s.day, s.site, s.auditor, a.standard, a.result, a.comment FROM answers a "
            "JOIN submissions s ON s.id = a.submission ORDER BY s.day, a.standard"
        ).fetchall()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_workbook_has_an_empty_audits_table_in_its_language(
    plan: Path, invoke: Callable[..., Any], lang: str
) -> None:
    spec = localized_audits(language(lang))
    wb = openpyxl.load_workbook(build(invoke, plan, lang))
    tr = language(lang).tr
    assert spec.name == tr("Audits") and spec.name in wb.sheetnames
    ws = wb[spec.name]
    headers = [ws.cell(4, c).value for c in range(1, 8)]
    assert headers == [
        tr(w) for w in ("Date", "Site", "Auditor", "Standard id", "Result", "Comment", "Standard")
    ]
    if lang != "en":
        assert headers != [col.header for col in AUDITS.columns]
    assert "Harbour Dental" in ws["A1"].value
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    # Printed, it is one page of blank rows to fill in on a round, not 500 empty rows.
    assert ws.print_area == "'" + spec.name + "'!$A$4:$G$34"
    table = ws.tables["Audits"]
    assert table.ref == f"A4:G{4 + AUDITS.rows}"
    # Empty: nothing typed yet, only the lookup of the standard's text.
    assert all(ws.cell(r, c).value is None for r in range(5, 20) for c in range(1, 7))
    assert str(ws["G5"].value).startswith("=IF(D5")
    checks = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    standards = checks[f"D5:D{4 + AUDITS.rows}"].formula1
    assert tr("5 Standards") in standards and "$A$7:" in standards
    result = checks[f"E5:E{4 + AUDITS.rows}"]
    assert result.type == "list" and result.showErrorMessage
    # The result dropdown's words, looked up where its name points.
    ref = wb.defined_names[result.formula1.lstrip("=")].attr_text
    sheet, cells = ref.rsplit("!", 1)
    words = [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row]
    assert words == [tr("Yes"), tr("No"), tr("N.A.")]
    sites = checks[f"B5:B{4 + AUDITS.rows}"]
    assert sites.formula1 == "=cx_sites" and not sites.showErrorMessage


def test_plan_import_leaves_the_audits_sheet_alone(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    workbook = build(invoke, plan)
    fresh = invoke("import", workbook, plan)
    assert fresh.exit_code == 0 and "no changes" in fresh.output, fresh.output
    typed = type_in(
        workbook,
        tmp_path / "typed.xlsx",
        [("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", "")],
    )
    before = plan.read_bytes()
    again = invoke("import", typed, plan)
    assert again.exit_code == 0 and "no changes" in again.output, again.output
    assert plan.read_bytes() == before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typed_audits_are_read_into_the_store_in_the_workbooks_language(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], lang: str
) -> None:
    import datetime as dt

    tr = language(lang).tr
    workbook = build(invoke, plan, lang)
    typed = type_in(
        workbook,
        tmp_path / "typed.xlsx",
        [
            (dt.datetime(2026, 3, 2), "Quay Street", "Ana", "s-greet", tr("Yes"), ""),
            (dt.datetime(2026, 3, 2), "quay-street", "Ana", "S-Answer-Calls", tr("No"), "rang 6"),
            ("03.03.2026", "northside", "Bo", "s-greet", tr("N.A."), None),
        ],
    )
    result = invoke("results", "import", typed, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert stored(plan) == [
        ("2026-03-02", "quay-street", "Ana", "s-answer-calls", "no", "rang 6"),
        ("2026-03-02", "quay-street", "Ana", "s-greet", "yes", None),
        ("2026-03-03", "northside", "Bo", "s-greet", "na", None),
    ]
    again = invoke("results", "import", typed, "--plan", plan)
    assert again.exit_code == 0 and "nothing added" in again.output
    assert len(stored(plan)) == 3


def test_more_rows_typed_later_add_only_the_new_audits(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    workbook = build(invoke, plan)
    first = [("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", "")]
    typed = type_in(workbook, tmp_path / "week1.xlsx", first)
    assert invoke("results", "import", typed, "--plan", plan).exit_code == 0
    later = type_in(
        typed, tmp_path / "week2.xlsx", [("2026-03-09", "Northside", "Bo", "s-greet", "No", "")], 6
    )
    result = invoke("results", "import", later, "--plan", plan, "--json")
    assert result.exit_code == 0, result.output
    told = json.loads(result.output)["files"][0]
    assert (told["added"], told["replaced"]) == (1, 0)  # the first week's audit is unchanged
    assert stored(plan) == [
        ("2026-03-02", "quay-street", "Ana", "s-greet", "yes", None),
        ("2026-03-09", "northside", "Bo", "s-greet", "no", None),
    ]
    # A corrected row replaces the audit it belongs to; it is not counted twice.
    fixed = type_in(
        later, tmp_path / "fixed.xlsx", [("2026-03-02", "Quay Street", "Ana", "s-greet", "No", "")]
    )
    result = invoke("results", "import", fixed, "--plan", plan, "--json")
    told = json.loads(result.output)["files"][0]
    assert (told["added"], told["replaced"]) == (0, 1)
    assert [r[4] for r in stored(plan)] == ["no", "no"]


def test_every_bad_cell_is_named_by_sheet_and_cell_and_nothing_is_stored(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    workbook = build(invoke, plan)
    typed = type_in(
        workbook,
        tmp_path / "bad.xlsx",
        [
            ("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", ""),
            ("2026-13-02", "Quay Street", "Ana", "s-answer-calls", "Yes", ""),
            ("2026-03-02", "Quay Stret", "Ana", "s-answer-calls", "No", ""),
            ("2026-03-03", "Northside", "Bo", "s-great", "maybe", ""),
            ("2026-03-03", "Northside", "Bo", "", "Yes", ""),
        ],
    )
    result = invoke("results", "import", typed, "--plan", plan)
    assert result.exit_code == 1
    out = result.output
    assert f"{typed} 'Audits'!A6: Date: the text '2026-13-02' is not a date" in out
    assert f"{typed} 'Audits'!B7: Site: 'Quay Stret' is not one of the plan's locations" in out
    assert (
        f"{typed} 'Audits'!D8: Standard id: 's-great' is not a standard of the plan; "
        "did you mean 's-greet'?" in out
    )
    assert f"{typed} 'Audits'!E8: Result: 'maybe' is not a result" in out
    assert f"{typed} 'Audits'!D9: Standard id: no standard id is given" in out
    assert "Traceback" not in out
    assert not plan.with_name("cxplan.results.sqlite").exists() or stored(plan) == []


def test_a_comment_typed_as_a_formula_never_calculated_is_named_by_its_cell(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    # openpyxl (like any script) stores a text starting with "=" as a formula, no value.
    typed = type_in(
        build(invoke, plan),
        tmp_path / "formula.xlsx",
        [
            ("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", ""),
            ("2026-03-02", "Quay Street", "Ana", "s-answer-calls", "No", "=SUM(A1:A9)"),
        ],
    )
    result = invoke("results", "import", typed, "--plan", plan)
    assert result.exit_code == 1
    assert f"{typed} 'Audits'!F6: holds a formula that was never calculated" in result.output
    assert "Traceback" not in result.output
    assert not plan.with_name("cxplan.results.sqlite").exists() or stored(plan) == []


def test_a_moved_column_is_named(plan: Path, tmp_path: Path, invoke: Callable[..., Any]) -> None:
    workbook = build(invoke, plan)
    wb = openpyxl.load_workbook(workbook)
    wb["Audits"]["E4"] = "Outcome"
    wb.save(tmp_path / "moved.xlsx")
    result = invoke("results", "import", tmp_path / "moved.xlsx", "--plan", plan)
    assert result.exit_code == 1
    assert "'Audits'!E4: Result: expected the column 'Result' here" in result.output


def test_office_shows_the_standards_text_beside_a_typed_id(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    typed = type_in(
        build(invoke, plan),
        tmp_path / "typed.xlsx",
        [("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", "")],
    )
    from cxplan.plan.load import load

    text = next(s.standard for s in load(plan).plan.standards if s.id == "s-greet")
    shown = squeeze(pdf_text(convert("soffice", typed, tmp_path)))
    assert "s-greet" in shown and squeeze(str(text))[:30] in shown


def test_a_build_never_overwrites_audits_typed_but_not_imported(
    plan: Path, invoke: Callable[..., Any]
) -> None:
    workbook = build(invoke, plan)
    type_in(workbook, workbook, [("2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", "")])
    typed = workbook.read_bytes()
    again = invoke("build", plan, "--format", "xlsx", "-o", workbook.parent)
    assert again.exit_code != 0
    assert "'Audits'!A5" in again.output and "cxplan results import" in again.output
    assert workbook.read_bytes() == typed
    assert invoke("results", "import", workbook, "--plan", plan).exit_code == 0
    rebuilt = invoke("build", plan, "--format", "xlsx", "-o", workbook.parent)
    assert rebuilt.exit_code == 0, rebuilt.output
    ws = openpyxl.load_workbook(workbook)["Audits"]
    assert ws["A5"].value is None  # a fresh, empty sheet; the results are in the store
    assert stored(plan) == [("2026-03-02", "quay-street", "Ana", "s-greet", "yes", None)]


def test_a_workbook_typed_in_and_saved_by_office_imports_both_ways(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    import datetime as dt

    typed = type_in(
        build(invoke, plan),
        tmp_path / "typed.xlsx",
        [(dt.datetime(2026, 3, 2), "Quay Street", "Ana", "s-greet", "Yes", "ok")],
    )
    saved = convert("soffice", typed, tmp_path / "saved", "xlsx:Calc MS Excel 2007 XML")
    # Office saved the looked-up text with its formula; it is left unread.
    looked_up = openpyxl.load_workbook(saved, data_only=True)["Audits"]["G5"].value
    assert str(looked_up).startswith("Greet every patient")
    result = invoke("results", "import", saved, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert stored(plan) == [("2026-03-02", "quay-street", "Ana", "s-greet", "yes", "ok")]
    plan_import = invoke("import", saved, plan, "--dry-run")
    assert plan_import.exit_code == 0 and "no changes" in plan_import.output
