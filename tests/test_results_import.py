"""`cxplan results import`: every layout read back, every bad row named, nothing stored twice."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from helpers import fill

STANDARDS = ["s-greet", "s-answer-calls", "s-confirm-booking"]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def answers(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT s.day, s.site, s.auditor, a.standard, a.result, a.comment FROM answers a "
            "JOIN submissions s ON s.id = a.submission ORDER BY s.day, a.standard, s.site"
        ).fetchall()


@pytest.fixture
def plan(example_copy: Callable[[str], Path]) -> Path:
    return example_copy("harbour-dental")


def store_of(plan: Path) -> Path:
    return plan.with_name("cxplan.results.sqlite")


def test_the_long_layout_is_read_in_any_result_words_and_a_second_import_adds_nothing(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = write_csv(
        tmp_path / "audits.csv",
        [
            ["Date", "Location", "Auditor", "Standard", "Result", "Comment"],
            ["2026-03-02", "Quay Street", "Ana", "s-greet", "Yes", ""],
            ["2026-03-02", "quay street", "Ana", "S-ANSWER-CALLS", "nein", "=rang 6 times"],
            ["2026-03-02", "Quay Street", "Ana", "s-confirm-booking", "n/a", ""],
            ["02.03.2026", "northside", "Bo", "s-greet", "✓", ""],
            ["03 March 2026 03:45 PM", "Northside", "Bo", "s-greet", "", ""],
        ],
        delimiter=";",
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "5 answers" in result.output
    assert answers(store_of(plan)) == [
        ("2026-03-02", "quay-street", "Ana", "s-answer-calls", "no", "=rang 6 times"),
        ("2026-03-02", "quay-street", "Ana", "s-confirm-booking", "na", None),
        ("2026-03-02", "northside", "Bo", "s-greet", "yes", None),
        ("2026-03-02", "quay-street", "Ana", "s-greet", "yes", None),
        ("2026-03-03", "northside", "Bo", "s-greet", "blank", None),
    ]
    again = invoke("results", "import", path, "--plan", plan)
    assert again.exit_code == 0 and "imported before; nothing added" in again.output
    assert len(answers(store_of(plan))) == 5


def test_day_or_month_first_is_read_from_the_whole_date_column(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    head = ["date", "location", "auditor", "standard", "result"]
    us = write_csv(
        tmp_path / "us.csv",
        [
            head,
            ["03/04/2026", "Northside", "Bo", "s-greet", "yes"],
            ["03/25/2026", "Northside", "Bo", "s-greet", "no"],
        ],
    )
    result = invoke("results", "import", us, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert [r[0] for r in answers(store_of(plan))] == ["2026-03-04", "2026-03-25"]
    mixed = write_csv(
        tmp_path / "mixed.csv",
        [
            head,
            ["03/25/2026", "Northside", "Bo", "s-greet", "yes"],
            ["25/03/2026", "Quay Street", "Bo", "s-greet", "no"],
        ],
    )
    result = invoke("results", "import", mixed, "--plan", plan)
    assert result.exit_code == 1
    assert f"{mixed}:2: date: the dates mix day/month and month/day order" in result.output
    assert len(answers(store_of(plan))) == 2


def test_every_bad_row_is_named_and_nothing_is_stored(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    good = write_csv(
        tmp_path / "good.csv",
        [["date", "location", "standard", "result"], ["2026-03-02", "Northside", "s-greet", "yes"]],
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            ["date", "location", "standard", "result"],
            ["2026-03-02", "Quay Street", "s-greet", "yes"],
            ["2026-13-02", "Quay Street", "s-answer-calls", "yes"],
            ["2026-03-02", "Quay Stret", "s-answer-calls", "no"],
            ["2026-03-03", "Northside", "s-great", "maybe"],
        ],
    )
    result = invoke("results", "import", good, bad, "--plan", plan)
    assert result.exit_code == 1
    out = result.output
    assert f"{bad}:3: date: the text '2026-13-02' is not a date" in out
    assert (
        f"{bad}:4: location: 'Quay Stret' is not one of the plan's locations; did you mean" in out
    )
    assert (
        f"{bad}:5: standard: 's-great' is not a standard of the plan; did you mean 's-greet'?"
        in out
    )
    assert f"{bad}:5: result: 'maybe' is not a result" in out
    assert "nothing was written" in out or "Nothing was stored" in out
    assert "Traceback" not in out
    # Not even the good file, and no new empty store left behind either.
    assert sorted(p.name for p in store_of(plan).parent.glob("cxplan.results.sqlite*")) == []
    # A store that was there before stays, with what it held.
    assert invoke("results", "import", good, "--plan", plan).exit_code == 0
    assert invoke("results", "import", bad, "--plan", plan).exit_code == 1
    assert [r[:2] for r in answers(store_of(plan))] == [("2026-03-02", "northside")]


def test_a_missing_column_is_named(plan: Path, tmp_path: Path, invoke: Callable[..., Any]) -> None:
    path = write_csv(
        tmp_path / "x.csv", [["date", "location", "standard"], ["2026-03-02", "a", "b"]]
    )
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 1
    assert f"{path}:1: has no result column" in result.output


def test_filled_fillable_checklists_and_walk_throughs_are_read_back(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "lists"
    made = invoke("checklists", plan, "--fillable", "-o", out)
    assert made.exit_code == 0, made.output
    sheet = fill(
        out / "role-reception.pdf",
        tmp_path / "filled.pdf",
        {
            "location:role-reception": "Northside",
            "auditor:role-reception": "Ana Ruiz",
            "date:role-reception": "2026-03-02",
            "s-greet": "/yes",
            "s-answer-calls": "/no",
            "comment:s-answer-calls": "rang 6 times",
            "s-confirm-booking": "/na",
        },
    )
    walk = fill(
        out / "walk-through.pdf",
        tmp_path / "walk.pdf",
        {
            "walker:walk-through": "Bo",
            "date:walk-through": "2026-03-04",
            "rating:arrival": "/4",
            "standout:arrival": "/yes",
        },
    )
    result = invoke("results", "import", sheet, walk, "--plan", plan, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [f["kind"] for f in data["files"]] == ["pdf", "pdf"]
    rows = answers(store_of(plan))
    got = {(r[3], r[4], r[5]) for r in rows}
    assert ("s-answer-calls", "no", "rang 6 times") in got
    assert ("s-confirm-booking", "na", None) in got
    assert ("s-greet", "yes", None) in got
    # Unticked standards are blank, never N.A.
    assert {r[4] for r in rows if r[3] not in STANDARDS} == {"blank"}
    with sqlite3.connect(store_of(plan)) as con:
        assert con.execute("SELECT touchpoint, rating, standout FROM ratings").fetchall() == [
            ("arrival", 4, "yes")
        ]
        kinds = con.execute("SELECT kind, site FROM submissions ORDER BY kind").fetchall()
    assert kinds == [("checklist", "northside"), ("walk-through", None)]


def test_a_filled_checklist_without_a_date_is_named_by_its_field(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "lists"
    invoke("checklists", plan, "--fillable", "-o", out)
    sheet = fill(out / "role-reception.pdf", tmp_path / "f.pdf", {"s-greet": "/yes"})
    result = invoke("results", "import", sheet, "--plan", plan)
    assert result.exit_code == 1
    assert f"{sheet} field date:role-reception: date: no date is given" in result.output
    not_pdf = tmp_path / "n.pdf"
    not_pdf.write_bytes(b"%PDF-1.4 nonsense")
    result = invoke("results", "import", not_pdf, "--plan", plan)
    assert result.exit_code == 1 and "Traceback" not in result.output


SC_ITEMS = [
    [
        "id",
        "item_id",
        "audit_id",
        "item_index",
        "template_id",
        "parent_id",
        "created_at",
        "modified_at",
        "exported_at",
        "type",
        "category",
        "label",
        "response",
        "comment",
        "inactive",
    ],
]


def sc_item(
    audit: str,
    item: str,
    label: str,
    response: str,
    modified: str = "2026-03-02T10:00:00Z",
    kind: str = "question",
) -> list[str]:
    return [
        f"{audit}_{item}",
        item,
        audit,
        "1",
        "t1",
        "p",
        "2026-03-02T09:00:00Z",
        modified,
        "2026-03-05",
        kind,
        "Arrival",
        label,
        response,
        "",
        "false",
    ]


def test_safetyculture_items_with_inspections_and_a_re_appended_audit(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    items = write_csv(
        tmp_path / "inspection_items.csv",
        [
            *SC_ITEMS,
            sc_item("audit_1", "i0", "Arrival", "", kind="section"),
            sc_item("audit_1", "i1", "S-GREET Greet by name", "Yes"),
            sc_item("audit_1", "i2", "[s-answer-calls] Calls within 4 rings", "No"),
            sc_item("audit_1", "i3", "Was the floor clean?", "Yes"),
            sc_item("audit_2", "i1", "S-GREET Greet by name", "N/A"),
            # The exporter appended audit_1 again after an edit: its newer answer counts.
            sc_item(
                "audit_1",
                "i2",
                "[s-answer-calls] Calls within 4 rings",
                "Yes",
                modified="2026-03-03T08:00:00Z",
            ),
        ],
    )
    inspections = write_csv(
        tmp_path / "inspections.csv",
        [
            ["audit_id", "name", "date_started", "date_completed", "site_name", "author_name"],
            [
                "audit_1",
                "A",
                "02 March 2026 09:00 AM",
                "02 March 2026 09:45 AM",
                "Quay Street",
                "Ana",
            ],
            ["audit_2", "B", "03 March 2026 09:00 AM", "03 March 2026 03:45 PM", "Northside", "Bo"],
        ],
    )
    result = invoke("results", "import", items, inspections, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "1 question matched no standard" in result.output
    assert answers(store_of(plan)) == [
        ("2026-03-02", "quay-street", "Ana", "s-answer-calls", "yes", None),
        ("2026-03-02", "quay-street", "Ana", "s-greet", "yes", None),
        ("2026-03-03", "northside", "Bo", "s-greet", "na", None),
    ]
    # A later export holding audit_1 unchanged adds nothing.
    later = write_csv(
        tmp_path / "later.csv", [*SC_ITEMS, sc_item("audit_1", "i1", "s-greet", "Yes")]
    )
    again = invoke("results", "import", later, inspections, "--plan", plan)
    assert again.exit_code == 0, again.output
    assert len(answers(store_of(plan))) == 3


def test_a_wide_export_is_matched_by_ids_in_its_headers_or_a_map(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    wide = write_csv(
        tmp_path / "web.csv",
        [
            [
                "auditID",
                "auditName",
                "Title Page_Conducted On",
                "Title Page_Site",
                "Title Page_Prepared By",
                "Reception_s-greet Greet by name",
                "Reception_Phones answered?",
            ],
            [
                "a-1",
                "Visit",
                "03 March 2017 03:45 AM",
                "Northside",
                "Ana",
                "Compliant",
                "Non-compliant",
            ],
            ["a-2", "Visit", "2017-03-10", "Quay Street", "Bo", "Fail", "Pass"],
        ],
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Reception_Phones answered?: s-answer-calls\n", encoding="utf-8")
    result = invoke("results", "import", wide, "--plan", plan, "--map", mapping)
    assert result.exit_code == 0, result.output
    assert answers(store_of(plan)) == [
        ("2017-03-03", "northside", "Ana", "s-answer-calls", "no", None),
        ("2017-03-03", "northside", "Ana", "s-greet", "yes", None),
        ("2017-03-10", "quay-street", "Bo", "s-answer-calls", "yes", None),
        ("2017-03-10", "quay-street", "Bo", "s-greet", "no", None),
    ]


def test_a_renamed_standard_takes_its_results_along(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    old = write_csv(
        tmp_path / "old.csv",
        [["date", "location", "standard", "result"], ["2026-03-02", "Northside", "s-greet", "no"]],
    )
    assert invoke("results", "import", old, "--plan", plan).exit_code == 0
    renamed = invoke("rename", "s-greet", "s-welcome", plan)
    assert renamed.exit_code == 0, renamed.output
    assert "Stored results follow" in renamed.output
    assert [r[3] for r in answers(store_of(plan))] == ["s-welcome"]
    # A file written before the rename still reads, under the new id.
    late = write_csv(
        tmp_path / "late.csv",
        [["date", "location", "standard", "result"], ["2026-03-09", "Northside", "s-greet", "yes"]],
    )
    assert invoke("results", "import", late, "--plan", plan).exit_code == 0
    assert [r[3] for r in answers(store_of(plan))] == ["s-welcome", "s-welcome"]


def test_a_foreign_store_is_refused(plan: Path, tmp_path: Path, invoke: Callable[..., Any]) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [["date", "location", "standard", "result"], ["2026-03-02", "Northside", "s-greet", "no"]],
    )
    foreign = tmp_path / "mine.db"
    foreign.write_bytes(b"not a database at all")
    result = invoke("results", "import", path, "--plan", plan, "--db", str(foreign))
    assert result.exit_code == 1
    assert "not a results store" in result.output
    assert foreign.read_bytes() == b"not a database at all"


def test_a_filled_site_pack_gives_one_submission_per_audited_section(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    from cxplan.plan.load import load

    model = load(plan).plan
    if not model.client.locations:
        pytest.skip("the plan has no sites")
    out = tmp_path / "packs"
    made = invoke("checklists", plan, "--by", "location", "--fillable", "-o", out)
    assert made.exit_code == 0, made.output
    pack = sorted(out.glob("*.pdf"))[0]
    fields = PdfReader(pack).get_fields() or {}
    sections = sorted({str(n).split(":", 1)[1] for n in fields if str(n).startswith("date:")})
    assert len(sections) >= 2, "a site's pack holds several sections"
    from cxplan.plan.ids import slug

    first = next(s for s in model.standards if s.id in fields and s.role)
    standard, role = first.id, f"role-{slug(str(first.role))}"
    assert role in sections
    filled = fill(
        pack,
        tmp_path / "pack.pdf",
        {f"date:{role}": "2026-03-02", f"auditor:{role}": "Ana", standard: "/no"},
    )
    result = invoke("results", "import", filled, "--plan", plan, "--json")
    assert result.exit_code == 0, result.output
    # only the audited role's checklist is a submission; the untouched sections are not
    assert json.loads(result.output)["files"][0]["submissions"] == 1
    rows = answers(store_of(plan))
    assert (standard, "no") in {(r[3], r[4]) for r in rows}
    with sqlite3.connect(store_of(plan)) as con:
        # the pack's section says whose checklist it is: its answers count under that role
        assert con.execute("SELECT role FROM submissions").fetchall() == [(first.role,)]


def test_the_template_filled_in_is_read_back(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    import openpyxl

    book_path = tmp_path / "audits.xlsx"
    made = invoke("results", "template", book_path, "--plan", plan)
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(book_path)
    sheet = book["Audits"]
    assert [c.value for c in sheet[1]] == [
        "date",
        "location",
        "auditor",
        "standard",
        "result",
        "comment",
    ]
    assert {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation} == {
        "B2",
        "D2",
        "E2",
    }
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 24 and rows[0][1] == "Quay Street"
    import datetime as dt

    for number, row in enumerate(sheet.iter_rows(min_row=2, max_row=4), start=0):
        row[0].value = dt.date(2026, 3, 2)
        row[2].value = "Ana"
        row[4].value = ["Yes", "No", "N.A."][number]
    book.save(book_path)
    result = invoke("results", "import", book_path, "--plan", plan)
    assert result.exit_code == 1  # the rows left without a date are named
    assert f"{book_path} Audits:5: date: no date is given" in result.output
    for row in sheet.iter_rows(min_row=5):
        row[0].value = None
        row[1].value = None
        row[3].value = None
    book.save(book_path)
    result = invoke("results", "import", book_path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert sorted(r[4] for r in answers(store_of(plan))) == ["na", "no", "yes"]
    csv_path = tmp_path / "audits.csv"
    assert invoke("results", "template", csv_path, "--plan", plan).exit_code == 0
    assert csv_path.read_text(encoding="utf-8-sig").startswith("date,location,auditor,standard")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (  # not UTF-8: read as Windows-1252, as Excel on Windows saves "CSV"
            b"date,location,standard,result\n2026-03-02,Northside,s-greet,\xe9\n",
            ":2: result: '\xe9' is not a result",
        ),
        (b"date,result\n\x00\x01\n", "is a binary file"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "is an old Excel .xls file"),
        (b"foo,bar\n1,2\n", "is not a results file cxplan knows"),
        (b"", "is empty"),
        (b"PK\x03\x04 not really a workbook", "is not"),
    ],
)
def test_a_file_that_is_no_results_file_is_told_and_nothing_stored(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], content: bytes, message: str
) -> None:
    path = tmp_path / ("x.xlsx" if content.startswith(b"PK") else "x.csv")
    path.write_bytes(content)
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not store_of(plan).exists()  # nor an empty store made


# SafetyCulture's older web-app CSV: a Key,Value block about the audit, then its items.
LEGACY_DOCS = [
    ["Key", "Value"],
    ["template_id", "template_4183bcc8"],
    ["template_name", "Front desk check"],
    ["audit_id", "audit_9f2"],
    ["audit_started", "1772442000"],
    ["audit_completed", "1772444700"],
    ["audit_duration", "2700"],
    ["audit_title", "Quay Street, 2 March"],
    ["audit_client", ""],
    ["audit_preparedby", "Ana Ruiz"],
    ["audit_location", "Quay Street"],
    ["audit_latitude", ""],
    ["audit_longitude", ""],
    ["audit_personnel", ""],
    ["audit_score", "1"],
    ["audit_total", "2"],
    ["audit_percentage", "50"],
    ["ID", "Type", "Label", "Options", "Parent", "Response", "Comment", "Score"],
    ["i0", "section", "Arrival", "", "", "", "", ""],
    ["i1", "question", "S-GREET Greet by name", "", "i0", "Yes", "", "1"],
    ["i2", "question", "[s-answer-calls] Calls within 4 rings", "", "i0", "No", "rang 6", "0"],
    ["i3", "question", "Was the floor clean?", "", "i0", "Yes", "", "1"],
    ["i4", "text", "Notes", "", "i0", "all fine", "", ""],
]


def test_the_older_safetyculture_csv_with_its_key_value_block(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    docs = write_csv(tmp_path / "audit_9f2.csv", LEGACY_DOCS)
    # Another shape of it: display keys, semicolons, other columns in another order, a
    # blank line, a start time not recorded (-1), and two audits one after the other.
    shown = write_csv(
        tmp_path / "export.csv",
        [
            ["Key", "Value"],
            ["Title", "Northside weekly"],
            ["Conducted on", "03 March 2026 03:45 PM"],
            ["Prepared by", "Bo"],
            ["Client / Site", "northside"],
            ["audit_id", "audit_b1"],
            ["audit_started", "-1"],
            [],
            ["Type", "Label", "Response", "ID", "Parent", "Comments / Text"],
            ["Question", "s-greet", "N/A", "x1", "", ""],
            ["Checkbox", "s-confirm-booking Booking confirmed", "True", "x2", "", "by text"],
            ["Key", "Value"],
            ["audit_id", "audit_b2"],
            ["audit_started", "-1"],
            ["audit_completed", "1772618400"],
            ["audit_location", "Quay Street"],
            ["Label", "Type", "Response", "ID"],
            ["s-greet", "question", "No", "x1"],
        ],
        delimiter=";",
    )
    result = invoke("results", "import", docs, shown, "--plan", plan, "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    assert [(f["kind"], f["submissions"], f["unmatched"]) for f in files] == [
        ("safetyculture-csv", 1, 1),
        ("safetyculture-csv", 2, 0),
    ]
    assert answers(store_of(plan)) == [
        ("2026-03-02", "quay-street", "Ana Ruiz", "s-answer-calls", "no", "rang 6"),
        ("2026-03-02", "quay-street", "Ana Ruiz", "s-greet", "yes", None),
        ("2026-03-03", "northside", "Bo", "s-confirm-booking", "yes", "by text"),
        ("2026-03-03", "northside", "Bo", "s-greet", "na", None),
        ("2026-03-04", "quay-street", None, "s-greet", "no", None),
    ]
    with sqlite3.connect(store_of(plan)) as con:
        keys = sorted(k for (k,) in con.execute("SELECT key FROM submissions"))
    assert keys == [f"safetyculture:{a}" for a in ("audit_9f2", "audit_b1", "audit_b2")]


def test_a_wrong_fact_of_the_older_csv_is_named_at_its_line(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    rows = [list(r) for r in LEGACY_DOCS]
    rows[5] = ["audit_completed", "-1"]
    rows[4] = ["audit_started", "31 Febtember 2026"]
    rows[10] = ["audit_location", "Quay Stret"]
    bad = write_csv(tmp_path / "bad.csv", rows)
    result = invoke("results", "import", bad, "--plan", plan)
    assert result.exit_code == 1
    assert f"{bad}:5: audit_started: the text '31 Febtember 2026' is not a date" in result.output
    assert f"{bad}:11: audit_location: 'Quay Stret' is not one of the plan's locations" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert not store_of(plan).exists() or answers(store_of(plan)) == []


def test_answers_of_a_role_checklist_count_under_its_role(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "lists"
    assert invoke("checklists", plan, "--fillable", "-o", out).exit_code == 0
    sheet = fill(
        out / "role-reception.pdf",
        tmp_path / "filled.pdf",
        {
            "date:role-reception": "2026-03-02",
            "auditor:role-reception": "Ana",
            "s-greet": "/yes",
            "s-answer-calls": "/no",
        },
    )
    # Since the checklists were printed, greeting moved to the practice manager.
    text = plan.read_text(encoding="utf-8")
    old = "  - id: s-greet\n    touchpoint: arrival\n    role: Reception\n"
    assert old in text
    plan.write_text(text.replace(old, old.replace("Reception", "Practice manager")), "utf-8")
    typed = write_csv(
        tmp_path / "typed.csv",
        [["date", "location", "standard", "result"], ["2026-03-03", "Northside", "s-greet", "no"]],
    )
    result = invoke("results", "import", sheet, typed, "--plan", plan)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(store_of(plan)) as con:
        roles = con.execute("SELECT kind, role FROM submissions ORDER BY kind").fetchall()
    assert roles == [("audit", None), ("checklist", "Reception")]
    report = invoke("results", "report", plan, "--by", "role", "--json")
    assert report.exit_code == 0, report.output
    rows = {r["key"]: r for r in json.loads(report.output)["rows"]}
    # The checklist's two answers are Reception's; the typed one the plan's new role's.
    assert (rows["Reception"]["yes"], rows["Reception"]["no"]) == (1, 1)
    assert (rows["Practice manager"]["yes"], rows["Practice manager"]["no"]) == (0, 1)
    assert rows["Reception"]["audits"] == 1 and rows["Practice manager"]["audits"] == 1
    # A touchpoint's checklist is no role's: its answers go by the plan's roles.
    by_tp = tmp_path / "by-touchpoint"
    assert (
        invoke("checklists", plan, "--by", "touchpoint", "--fillable", "-o", by_tp).exit_code == 0
    )
    arrival = fill(
        by_tp / "touchpoint-arrival.pdf",
        tmp_path / "arrival.pdf",
        {"date:touchpoint-arrival": "2026-03-04", "s-greet": "/yes"},
    )
    assert invoke("results", "import", arrival, "--plan", plan).exit_code == 0
    with sqlite3.connect(store_of(plan)) as con:
        got = con.execute("SELECT role FROM submissions WHERE day = '2026-03-04'").fetchall()
    assert got == [(None,)]
    report = invoke("results", "report", plan, "--by", "role", "--json")
    rows = {r["key"]: r for r in json.loads(report.output)["rows"]}
    assert (rows["Practice manager"]["yes"], rows["Practice manager"]["no"]) == (1, 1)


@pytest.mark.parametrize(
    "content",
    [b"\xd0\xcf\x11\xe0" + b"\0" * 100, b"a,b\n\x00\x01", b"PK\x03\x04 not a workbook", b""],
)
def test_a_bad_file_gets_one_message_whichever_import_it_is_given_to(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], content: bytes
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    audits = invoke("results", "import", path, "--plan", plan)
    survey = invoke("results", "import", path, "--plan", plan, "--measure", "nps")
    assert audits.exit_code == survey.exit_code == 1
    first = audits.output.splitlines()[0]
    assert first.startswith(f"{path}: ") and "Traceback" not in audits.output
    assert first == survey.output.splitlines()[0]


def test_a_workbook_of_blank_sheets_is_an_empty_table(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["B2"] = "   "
    book.create_sheet("Notes")["A1"] = None
    path = tmp_path / "blank.xlsx"
    book.save(path)
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"{path}: is empty: it has no heading row")


def test_roles_alike_in_their_first_words_get_files_a_reader_tells_apart(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    # Both roles' first words fill the 32 characters of a short name: each grows a word.
    text = plan.read_text(encoding="utf-8")
    text = text.replace("role: Reception", "role: Sachbearbeitung Kundenservice Privatkunden")
    text = text.replace("role: Dentist", "role: Sachbearbeitung Kundenservice Geschäftskunden")
    plan.write_text(text, encoding="utf-8")
    private = "role-sachbearbeitung-kundenservice-privatkunden"
    business = "role-sachbearbeitung-kundenservice-geschaeftskunden"
    out = tmp_path / "lists"
    made = invoke("checklists", plan, "--fillable", "-o", out)
    assert made.exit_code == 0, made.output
    assert {p.name for p in out.glob("role-*.pdf")} == {
        f"{private}.pdf",
        f"{business}.pdf",
        "role-practice-manager.pdf",
    }
    per_site = tmp_path / "sites"
    made = invoke("checklists", plan, "--by", "location", "--one-file-per-role", "-o", per_site)
    assert made.exit_code == 0, made.output
    assert (per_site / f"northside-{business}.pdf").is_file()
    assert (per_site / f"quay-street-{private}.pdf").is_file()
    sheet = fill(
        out / f"{business}.pdf",
        tmp_path / "filled.pdf",
        {
            f"date:{business}": "2026-03-02",
            f"auditor:{business}": "Ana",
            f"location:{business}": "Northside",
            "s-explain": "/yes",
        },
    )
    result = invoke("results", "import", sheet, "--plan", plan)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(store_of(plan)) as con:
        got = con.execute("SELECT kind, site, role FROM submissions").fetchall()
    assert got == [("checklist", "northside", "Sachbearbeitung Kundenservice Geschäftskunden")]
