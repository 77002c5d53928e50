"""`cxplan import`: the team's edits come back exactly, bad cells are named, nothing is lost."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMPLETE_EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from cxplan.errors import ChangedError
from cxplan.plan.load import load
from cxplan.plan.serialize import plan_yaml
from cxplan.workbook.importer import import_workbook
from cxplan.workbook.layout import SHEETS, header_row
from helpers import TEXT, convert, plans, set_language

Invoke = Callable[..., Any]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the dental example and its freshly built workbook."""
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    plan = folder / "cxplan.yaml"
    workbook = build(plan, BuildOptions(out_dir=tmp_path / "out", formats=["xlsx"])).files[0]
    return plan, workbook


def edit(workbook: Path, changes: dict[str, dict[str, Any]], target: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(workbook)
    for sheet, cells in changes.items():
        for ref, value in cells.items():
            cell = wb[sheet][ref]
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                # text typed as '=0 (the apostrophe keeps it text), not a formula
                cell.data_type = "s"
    out = target or workbook
    wb.save(out)
    return out


def test_unchanged_workbook_changes_nothing(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    before = plan.read_bytes()
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.output
    assert result.output == f"{workbook}: no changes; {plan} is unchanged.\n"
    assert plan.read_bytes() == before


def test_edits_come_back_exactly(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    edit(
        workbook,
        {
            "4 Touchpoints": {
                "J8": 5,
                "B7": "Book online (new site)",
                "A17": None,
                "B17": "Car park",
                "C17": "before",
                "E17": "Reception",
            },
            "2 Vision": {"B4": "2029"},
            "7 Improvement": {"G9": "done"},
        },
    )
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "  ~ vision.horizon: '2028' -> '2029'",
        "  ~ touchpoints[book-online].name: 'Book online' -> 'Book online (new site)'  "
        "('4 Touchpoints'!B7)",
        "  ~ touchpoints[phone-booking].rating: 2 -> 5  ('4 Touchpoints'!J8)",
        "  + touchpoints[car-park]  ('4 Touchpoints'!A17)",
        "  ~ improvement.actions[a-evening-slots].status: 'open' -> 'done'  ('7 Improvement'!G9)",
        f"5 changes applied to {plan}.",
    ]
    text = plan.read_text(encoding="utf-8")
    assert '  horizon: "2029"' in text  # the quoting style of the file is kept
    assert "# Step 5: service standards" in text  # and so are its comments
    model = load(plan).plan
    assert model.touchpoints[-1].model_dump(exclude_defaults=True) == {
        "id": "car-park",
        "name": "Car park",
        "stage": "before",
        "owner": "Reception",
    }
    assert model.improvement.actions[0].status.value == "done"
    again = invoke("import", workbook, plan)
    assert "no changes" in again.output


def test_removed_rows_are_removed(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    wb = openpyxl.load_workbook(workbook)
    wb["5 Standards"].delete_rows(8)  # s-evening-slots
    wb.save(workbook)
    result = invoke("import", workbook, plan, "--dry-run")
    assert "  - standards[s-evening-slots]" in result.output
    assert "nothing applied (--dry-run)" in result.output
    assert "s-evening-slots" in plan.read_text(encoding="utf-8")
    invoke("import", workbook, plan)
    assert "s-evening-slots" not in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        (
            "4 Touchpoints",
            "J8",
            "high",
            "'4 Touchpoints'!J8: touchpoints[1].rating: the text 'high' is not a rating; give a "
            "whole number from 1 to 5",
        ),
        (
            "4 Touchpoints",
            "C9",
            "soon",
            "'4 Touchpoints'!C9: touchpoints[2].stage: the text 'soon' is not allowed here; use "
            "one of: before, during, after",
        ),
        (
            "7 Improvement",
            "F9",
            "next week",
            "'7 Improvement'!F9: improvement.actions[0].due: the text 'next week' is not a date; "
            "write it as 2027-01-31",
        ),
        (
            "4 Touchpoints",
            "A8",
            "Phone Booking",
            "'4 Touchpoints'!A8: touchpoints[1].id: the text 'Phone Booking' is not a valid id: "
            "use lowercase letters, digits and '-' (e.g. 'phone-booking')",
        ),
        (
            "4 Touchpoints",
            "A8",
            "book-online",
            "'4 Touchpoints'!A8: touchpoints[1].id: duplicate id 'book-online' (also in "
            "'4 Touchpoints'!A7)",
        ),
        (
            "5 Standards",
            "B7",
            "nowhere",
            "'5 Standards'!B7: standards[0].touchpoint: standard 's-confirm-booking' refers to "
            "touchpoint 'nowhere', which does not exist",
        ),
    ],
)
def test_a_bad_cell_is_named(
    setup: tuple[Path, Path], invoke: Invoke, sheet: str, cell: str, value: Any, message: str
) -> None:
    plan, workbook = setup
    before = plan.read_bytes()
    edit(workbook, {sheet: {cell: value}})
    result = invoke("import", workbook, plan)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{workbook} {message}"
    assert plan.read_bytes() == before


def test_plan_changed_since_build_is_merged(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace(
            "statement: The practice Harbour families recommend first",
            "statement: Harbour's favourite practice",
        ),
        encoding="utf-8",
    )
    edit(workbook, {"2 Vision": {"B4": "2030"}})
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.output
    assert "changed since the workbook was built" in result.output
    model = load(plan).plan
    assert (model.vision.statement, model.vision.horizon) == (
        "Harbour's favourite practice",
        "2030",
    )


def test_conflict_is_refused_unless_forced(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('horizon: "2028"', 'horizon: "2031"'), encoding="utf-8")
    edit(workbook, {"2 Vision": {"B4": "2030"}})
    before = plan.read_bytes()
    result = invoke("import", workbook, plan)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {plan} changed since {workbook.name} was built, and both changed: "
        "vision.horizon (plan: '2031', workbook: '2030'); nothing was imported\n"
        "Import with --force to take the workbook's values for these fields, or build a fresh "
        "workbook from the plan.\n"
    )
    assert plan.read_bytes() == before
    forced = invoke("import", workbook, plan, "--force")
    assert forced.exit_code == 0
    assert "vision.horizon (plan: '2031', workbook: '2030') changed in both" in forced.stderr
    assert load(plan).plan.vision.horizon == "2030"


def test_foreign_and_broken_workbooks(
    setup: tuple[Path, Path], invoke: Invoke, tmp_path: Path
) -> None:
    plan, workbook = setup
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not really a zip")
    text = tmp_path / "notes.xlsx"
    text.write_text("just text", encoding="utf-8")
    renamed = tmp_path / "renamed.xlsx"
    wb = openpyxl.load_workbook(workbook)
    wb["4 Touchpoints"].title = "Touchpoints"
    wb.save(renamed)
    cases = {
        foreign: "was not built by cxplan (it has no hidden _cxplan sheet); `cxplan import` "
        "reads the workbooks `cxplan build` writes",
        garbage: "is not an Excel workbook (.xlsx): it is not even a zip file",
        text: "is not an Excel workbook (.xlsx): it is not even a zip file",
        renamed: "has no sheet '4 Touchpoints'; was it renamed or deleted?",
        tmp_path / "missing.xlsx": "no such file",
    }
    for path, message in cases.items():
        result = invoke("import", path, plan)
        assert result.exit_code == 1, path
        assert result.stderr.splitlines()[0] == f"{path}: {message}"


def test_a_damaged_hidden_copy_is_refused(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    before = plan.read_bytes()
    edit(workbook, {"_cxplan": {"B20": '{"cxplan": 1, "client": '}})
    result = invoke("import", workbook, plan)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{workbook}: its hidden _cxplan sheet is damaged; build a fresh workbook"
    )
    assert plan.read_bytes() == before


def test_an_import_of_an_unchanged_plan_takes_the_plan_as_built(
    setup: tuple[Path, Path], invoke: Invoke
) -> None:
    """The plan is what the workbook was built from (its fingerprint says so), so the
    workbook's edits are measured against the plan itself, not against the hidden copy
    (which a person may have changed)."""
    plan, workbook = setup
    wb = openpyxl.load_workbook(workbook)
    hidden = wb["_cxplan"]
    chunk = next(c for c in hidden["B"] if '"horizon": "2028"' in str(c.value))
    chunk.value = str(chunk.value).replace('"horizon": "2028"', '"horizon": "1999"')
    wb.save(workbook)
    edit(workbook, {"2 Vision": {"B4": "2030"}})
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.output
    assert "changed since the workbook was built" not in result.output
    assert load(plan).plan.vision.horizon == "2030"


def test_a_plan_saved_during_an_import_is_not_written_over(
    setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves the plan in a text editor (no lock) while the import works: the
    import refuses, and their file stays as they saved it."""
    import cxplan.workbook.importer as importer

    plan, workbook = setup
    edit(workbook, {"2 Vision": {"B4": "2030"}})
    theirs = plan.read_text(encoding="utf-8").replace('horizon: "2028"', 'horizon: "2035"')
    check = importer._check

    def saved_meanwhile(editor: Any, origin: Any) -> None:
        plan.write_text(theirs, encoding="utf-8")
        check(editor, origin)

    monkeypatch.setattr(importer, "_check", saved_meanwhile)
    with pytest.raises(ChangedError, match="changed since cxplan read it"):
        import_workbook(workbook, plan)
    assert plan.read_text(encoding="utf-8") == theirs


def test_older_workbook_format(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    edit(workbook, {"_cxplan": {"B2": 0}})
    result = invoke("import", workbook, plan)
    assert result.stderr.startswith(
        f"{workbook}: was built by an older cxplan (workbook format 0); build a fresh workbook"
    )


def test_hostile_zip_and_xml_are_refused(
    setup: tuple[Path, Path], invoke: Invoke, tmp_path: Path
) -> None:
    plan, workbook = setup
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/huge.xml", b"\0" * (60 * 1024 * 1024))
    result = invoke("import", bomb, plan)
    assert result.stderr.splitlines()[0] == (
        f"{bomb}: expands to an absurd size (a zip bomb?); cxplan will not open it"
    )
    laughs = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(laughs, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                doctype = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                head, sep, rest = data.partition(b"?>")
                data = head + sep + doctype + rest if sep else doctype + data
            target.writestr(info, data)
    result = invoke("import", laughs, plan)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{laughs}: holds XML entity declarations, which cxplan refuses to read (they are a "
        "known way to attack XML readers)"
    )


def test_build_never_clobbers_unimported_edits(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    out = workbook.parent
    rebuilt = invoke("build", plan, "-o", out, "-f", "xlsx")
    assert rebuilt.exit_code == 0  # untouched since cxplan wrote it
    edit(workbook, {"4 Touchpoints": {"J8": 5}})
    edited = workbook.read_bytes()
    refused = invoke("build", plan, "-o", out, "-f", "xlsx")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {workbook} holds edits that are not in the plan yet (e.g. '4 Touchpoints'!J8);"
        " the build left it alone\n"
        f"Run `cxplan import {workbook}` first, or build with --force to replace it (a backup "
        "copy is kept).\n"
    )
    assert workbook.read_bytes() == edited
    invoke("import", workbook, plan)
    assert invoke("build", plan, "-o", out, "-f", "xlsx").exit_code == 0  # imported: safe
    edit(workbook, {"4 Touchpoints": {"J8": 1}})
    forced = invoke("build", plan, "-o", out, "-f", "xlsx", "--force")
    assert forced.exit_code == 0
    backups = list(out.glob("*.backup-*.xlsx"))
    assert len(backups) == 1
    assert openpyxl.load_workbook(backups[0])["4 Touchpoints"]["J8"].value == 1


@pytest.mark.office
def test_edits_saved_by_libreoffice_come_back(setup: tuple[Path, Path], tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    plan, workbook = setup
    edit(workbook, {"4 Touchpoints": {"J8": 4}, "6 Measures": {"I7": 45}})
    saved = convert(office, workbook, tmp_path / "lo", to="xlsx:Calc MS Excel 2007 XML")
    result = import_workbook(saved, plan)
    assert sorted(str(c) for c in result.changes) == [
        "~ measures[nps].baseline: 41 -> 45  ('6 Measures'!I7)",
        "~ touchpoints[phone-booking].rating: 2 -> 4  ('4 Touchpoints'!J8)",
    ]


EDITABLE = [
    ("4 Touchpoints", "touchpoints", "name", "B"),
    ("4 Touchpoints", "touchpoints", "description", "G"),
    ("5 Standards", "standards", "standard", "D"),
    ("5 Standards", "standards", "target", "F"),
    ("6 Measures", "measures", "question", "D"),
    ("7 Improvement", "improvement.actions", "title", "B"),
]


@settings(
    max_examples=int(os.environ.get("CXPLAN_IMPORT_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans(), st.data())
def test_round_trip_property(plan_model: Any, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = folder / "cxplan.yaml"
        plan.write_text(plan_yaml(plan_model), encoding="utf-8")
        before = plan.read_bytes()
        workbook = build(plan, BuildOptions(out_dir=folder, formats=["xlsx"])).files[0]
        result = import_workbook(workbook, plan)
        assert result.changes == []
        assert plan.read_bytes() == before
        choices = [
            (sheet, section, key, col, i)
            for sheet, section, key, col in EDITABLE
            for i in range(len(_items(plan_model, section)))
        ]
        if not choices:
            return
        sheet, section, key, col, index = data.draw(st.sampled_from(choices))
        # what a person types into a cell: no carriage returns (XML reads them as line feeds)
        value = data.draw(TEXT.filter(lambda s: s.strip() == s and s != "" and "\r" not in s))
        item = _items(plan_model, section)[index]
        if getattr(item, key) == value:
            return
        top = header_row(next(s for s in SHEETS if s.name == sheet))
        edit(workbook, {sheet: {f"{col}{top + 1 + index}": value}})
        result = import_workbook(workbook, plan)
        assert [(c.kind, c.field, c.new) for c in result.changes] == [
            ("changed", f"{section}[{item.id}].{key}", value)
        ]
        assert getattr(_items(load(plan).plan, section)[index], key) == value


def _items(plan: Any, section: str) -> list[Any]:
    node = plan
    for part in section.split("."):
        node = getattr(node, part)
    return list(node)


def test_a_new_row_gets_an_id_by_the_plans_language(tmp_path: Path, invoke: Invoke) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    plan = folder / "cxplan.yaml"
    set_language(plan, "de")
    workbook = build(plan, BuildOptions(out_dir=tmp_path / "out", formats=["xlsx"])).files[0]
    sheet = openpyxl.load_workbook(workbook).sheetnames[4]  # "4 Kontaktpunkte"
    name = "Zufriedenheit mit dem Parkplatz"
    edit(workbook, {sheet: {"A17": None, "B17": name, "C17": "before"}})
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.output
    # German small words ("mit", "dem") are dropped from the id, not left at its end
    added = load(plan).plan.touchpoints[-1]
    assert (added.name, added.id) == (name, "zufriedenheit-parkplatz")
