"""The measurement loop tried as a reviewer would: unseen files, every figure recounted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import fill, set_language


@pytest.fixture
def plan(example_copy: Callable[[str], Path]) -> Path:
    return example_copy("harbour-dental")


def test_a_walk_through_is_no_audit_in_the_site_period_and_overall_counts(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "lists"
    assert invoke("checklists", plan, "--fillable", "-o", out).exit_code == 0
    where = {"location:role-reception": "Northside", "date:role-reception": "2026-03-02"}
    sheet = fill(
        out / "role-reception.pdf",
        tmp_path / "sheet.pdf",
        {**where, "auditor:role-reception": "Ana", "s-greet": "/yes", "s-answer-calls": "/no"},
    )
    walk = fill(
        out / "walk-through.pdf",
        tmp_path / "walk.pdf",
        {
            "location:walk-through": "Northside",
            "walker:walk-through": "Bo",
            "date:walk-through": "2026-03-04",
            "rating:arrival": "/4",
        },
    )
    assert invoke("results", "import", sheet, walk, "--plan", plan).exit_code == 0
    for by in ("location", "period", "standard"):
        data = json.loads(invoke("results", "report", plan, "--by", by, "--json").output)
        # One audit answered standards; the walk-through rated touchpoints and is shown
        # beside them, never as an audit of the site or the month.
        assert {r["audits"] for r in data["rows"] if r["yes"] + r["no"]} == {1}, by
        assert data["overall"]["audits"] == 1


def _stored(plan: Path) -> list[tuple[Any, ...]]:
    import sqlite3

    with sqlite3.connect(plan.with_name("cxplan.results.sqlite")) as con:
        return con.execute(
            "SELECT s.day, s.site, s.auditor, a.standard, a.result, a.comment FROM answers a "
            "JOIN submissions s ON s.id = a.submission ORDER BY s.day, a.standard"
        ).fetchall()


LONG = (
    "date\tlocation\tauditor\tstandard\tresult\tcomment\r\n"
    "02.03.2026\tNorthside\tZoë\ts-greet\tja\tÄrger über „Wartezeit“\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_a_long_csv_in_utf16_or_windows_1252_is_read_as_the_survey_reader_reads_it(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], encoding: str
) -> None:
    text = LONG if encoding == "utf-16" else LONG.replace("„", '"').replace("“", '"')
    path = tmp_path / "audits.csv"
    path.write_bytes(text.encode(encoding))
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    comment = "Ärger über „Wartezeit“" if encoding == "utf-16" else 'Ärger über "Wartezeit"'
    assert _stored(plan) == [("2026-03-02", "northside", "Zoë", "s-greet", "yes", comment)]


def test_an_action_written_into_a_german_plan_is_worded_in_german(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    set_language(plan, "de")
    path = tmp_path / "audits.csv"
    path.write_text(
        "date,location,auditor,standard,result,comment\n"
        "2026-03-02,Northside,Ana,s-greet,no,\n2026-03-02,Northside,Bo,s-greet,yes,\n",
        encoding="utf-8",
    )
    assert invoke("results", "import", path, "--plan", plan).exit_code == 0
    assert invoke("results", "actions", plan, "--apply").exit_code == 0
    written = plan.read_text(encoding="utf-8")
    # The title lands in the Word plan beside German headings: the plan's language.
    assert "Compliance mit s-greet (" in written and "1 von 2 Antworten Nein" in written
    assert "Raise compliance" not in written


def test_no_cell_of_the_csv_template_or_report_opens_as_a_formula(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    import csv

    text = plan.read_text(encoding="utf-8").replace(
        "  locations: [Quay Street, Northside]\n",
        '  locations:\n    - {id: quay, name: "=HYPERLINK(\\"http://x\\",\\"y\\")"}\n'
        '    - {id: north, name: "@SUM(1)"}\n    - {id: tab, name: "\\tTab"}\n',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    template = tmp_path / "t.csv"
    made = invoke("results", "template", template, "--plan", plan)
    assert made.exit_code == 0, made.output
    rows = list(csv.reader(template.read_text(encoding="utf-8-sig").splitlines()))
    assert {r[1] for r in rows[1:]} == {"quay", "north", "tab"}
    # The template filled in and imported: the ids are the plan's sites.
    rows[1][0], rows[1][2], rows[1][4] = "2026-03-02", "Ana", "yes"
    filled = tmp_path / "filled.csv"
    filled.write_text("\n".join(",".join(r) for r in rows[:2]) + "\n", encoding="utf-8")
    assert invoke("results", "import", filled, "--plan", plan).exit_code == 0
    report = invoke("results", "report", plan, "--by", "location", "--csv")
    cells = [c for r in csv.reader(report.output.splitlines()) for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells


def test_a_misspelt_site_is_answered_with_the_name_as_the_plan_spells_it(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "audits.csv"
    path.write_text(
        "date;location;auditor;standard;result\n2026-03-02;Quay Stret;Ana;s-greet;sí\n",
        encoding="utf-8",
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 1
    assert (
        f"{path}:2: location: 'Quay Stret' is not one of the plan's locations; "
        "did you mean 'Quay Street'?" in result.output
    )


def test_a_german_plans_results_section_is_in_german(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    import docx

    from helpers import pdf_text, squeeze

    set_language(plan, "de")
    path = tmp_path / "a.csv"
    path.write_text(
        "date,location,standard,result\n2026-02-02,Northside,s-greet,ja\n"
        "2026-02-02,Northside,s-answer-calls,nein\n2026-03-02,Quay Street,s-greet,nein\n",
        encoding="utf-8",
    )
    assert invoke("results", "import", path, "--plan", plan).exit_code == 0
    out = tmp_path / "out"
    assert invoke("build", plan, "-o", out, "-f", "pdf", "-f", "docx").exit_code == 0
    shown = squeeze(pdf_text(out / "harbour-dental-cx-plan.pdf"))
    assert squeeze("Bisherige Ergebnisse") in shown and squeeze("Results so far") not in shown
    assert squeeze("ergaben 2 Audits 3 Ja- oder Nein-Antworten: 33,3 % davon Ja") in shown
    assert squeeze("Die letzten 12 Monate.") in shown
    word = docx.Document(str(out / "harbour-dental-cx-plan.docx"))
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert {"Antworten", "Monat", "50,0\xa0%", "0,0\xa0%"} <= cells  # Babel: a no-break space


def test_a_wide_exports_fixed_columns_are_not_counted_as_unmatched_questions(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "web.csv"
    path.write_text(
        "auditID,auditName,Title Page_Conducted On,Title Page_Site,Title Page_Prepared By,"
        "Front_s-greet greeted?,Front_Floor clean?\n"
        "a-1,Weekly visit,03 March 2026 03:45 PM,Northside,Ana,Compliant,Yes\n",
        encoding="utf-8",
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    # Only "Floor clean?" is a question no standard matched; auditName names the audit.
    assert "1 question matched no standard" in result.output


def test_a_bar_separated_long_csv_is_read(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "bars.csv"
    path.write_text(
        "date|location|auditor|standard|result|comment\n2026-03-02|Northside|Ana|s-greet|yes|\n",
        encoding="utf-8",
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert _stored(plan) == [("2026-03-02", "northside", "Ana", "s-greet", "yes", None)]


def test_a_ten_megabyte_cell_is_named_by_its_row_and_the_limit(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(
        "date,location,auditor,standard,result,comment\n"
        f'2026-03-02,Northside,Ana,s-greet,yes,"{"x" * 10_000_000}"\n',
        encoding="utf-8",
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:2: a cell holds more than 1,000,000 characters" in result.output
    assert "field limit" not in result.output


def test_a_store_damaged_inside_is_refused_unchanged_without_a_traceback(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "date,location,auditor,standard,result\n2026-03-02,Northside,Ana,s-greet,yes\n",
        encoding="utf-8",
    )
    assert invoke("results", "import", path, "--plan", plan).exit_code == 0
    store = plan.with_name("cxplan.results.sqlite")
    data = bytearray(store.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the second page: the schema's tables
    store.write_bytes(bytes(data))
    for args in (("results", "report", plan), ("results", "import", path, "--plan", plan)):
        result = invoke(*args)
        assert result.exit_code == 1, result.output
        assert f"{store} is damaged" in result.output and "Traceback" not in result.output
        assert store.read_bytes() == bytes(data)


def test_the_reports_customer_figures_name_each_kinds_own_scale(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "nps.csv"
    rows = [f"2026-03-{d:02d} 10:00,{d % 11}" for d in range(1, 28)]
    path.write_text("Timestamp,How likely are you to recommend us?\n" + "\n".join(rows) + "\n")
    nps = next(m["id"] for m in _measures(plan) if m["kind"] == "nps")
    made = invoke("results", "import", path, "--measure", nps, "--plan", plan)
    assert made.exit_code == 0, made.output
    data = json.loads(invoke("results", "report", plan, "--json").output)
    shown = {m["measure"]: m for m in data["customers"]}
    # An NPS is on 0-10 whatever a CSAT survey was on; the JSON says so.
    assert shown[nps]["scale"] == [0, 10] and shown[nps]["latest"]["n"] == 27


def _measures(plan: Path) -> list[dict[str, Any]]:
    import yaml

    return list(yaml.safe_load(plan.read_text(encoding="utf-8"))["measures"])
