"""Hostile workbooks: huge row and column numbers, damaged cells, DOCTYPEs, escapes.

Each is a workbook cxplan built with one part changed; each import ends in one message
naming the cell (or the sheet), and the plan keeps every byte it had.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import COMPLETE_EXAMPLES
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from cxplan.workbook.read import unescape

Invoke = Callable[..., Any]
SHEET = "5 Standards"  # D7 holds the first standard's text
STANDARD_D7 = re.compile(rb'<c r="D7"[^>]*>.*?</c>')


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    plan = folder / "cxplan.yaml"
    workbook = build(plan, BuildOptions(out_dir=tmp_path / "out", formats=["xlsx"])).files[0]
    return plan, workbook


def sheet_part(source: zipfile.ZipFile, name: str) -> str:
    """The zip part that holds the sheet called ``name``, as the workbook's own index says."""
    book = source.read("xl/workbook.xml").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', book)
    assert rid is not None, name
    rels = source.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None, name
    return "xl/" + target.group(1).removeprefix("/xl/")


def patched(workbook: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of ``workbook`` with ``part`` (a zip part, or a sheet's name) changed."""
    out = workbook.with_name("hostile.xlsx")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(out, "w") as target:
        if not part.startswith(("xl/", "docProps/", "[")):
            part = sheet_part(source, part)
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                new = change(data)
                assert new != data, "the change did not apply"
                data = new
            target.writestr(info, data)
    return out


def with_d7(xml: bytes) -> Callable[[bytes], bytes]:
    return lambda data: STANDARD_D7.sub(xml, data, count=1)


def refused(invoke: Invoke, plan: Path, workbook: Path, where: str, message: str) -> None:
    before = plan.read_bytes()
    folder = sorted(p.name for p in plan.parent.iterdir())
    result = invoke("import", workbook, plan)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{workbook}{where}: ")
    assert message in first
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == folder


CASES: dict[str, tuple[str, Callable[[bytes], bytes], str, str]] = {
    "row 2,000,000,000": (
        SHEET,
        lambda d: d.replace(b'<row r="9"', b'<row r="2000000000"', 1),
        " (sheet '5 Standards')",
        "names row '2000000000'",
    ),
    "column XFDXFDXFD": (
        SHEET,
        with_d7(b'<c r="XFDXFDXFD7" t="inlineStr"><is><t>x</t></is></c>'),
        " (sheet '5 Standards')",
        "holds a cell named 'XFDXFDXFD7'",
    ),
    "column beyond XFD": (
        SHEET,
        with_d7(b'<c r="XFE7" t="inlineStr"><is><t>x</t></is></c>'),
        " '5 Standards'!A7",
        "beyond column XFD",
    ),
    "negative shared string": (
        SHEET,
        with_d7(b'<c r="D7" s="1" t="s"><v>-1</v></c>'),
        " '5 Standards'!D7",
        "not a valid shared-string index",
    ),
    "shared string past the end": (
        SHEET,
        with_d7(b'<c r="D7" s="1" t="s"><v>999999</v></c>'),
        " '5 Standards'!D7",
        "not a valid shared-string index",
    ),
    "number that is not one": (
        SHEET,
        with_d7(b'<c r="D7" s="1"><v>12abc</v></c>'),
        " '5 Standards'!D7",
        "holds '12abc', which is not a valid number",
    ),
    "control character": (
        SHEET,
        with_d7(b'<c r="D7" t="inlineStr"><is><t>a&#x1;b</t></is></c>'),
        " (sheet '5 Standards')",
        "the sheet is damaged",
    ),
    "malformed sheet": (
        SHEET,
        lambda d: d.replace(b"</sheetData>", b"<row><c></sheetData>", 1),
        " (sheet '5 Standards')",
        "the sheet is damaged",
    ),
    "formula with no saved value": (
        SHEET,
        with_d7(b'<c r="D7" s="1"><f>CONCAT("a","b")</f></c>'),
        " '5 Standards'!D7",
        "holds a formula that was never calculated",
    ),
    "DOCTYPE after a long comment": (
        SHEET,
        lambda d: b"<!--" + b"c" * 5000 + b'--><!DOCTYPE w [<!ENTITY e "x">]>' + d,
        " (sheet '5 Standards')",
        "holds an XML DOCTYPE",
    ),
    "DOCTYPE in a UTF-16 part": (
        "xl/sharedStrings.xml",
        lambda d: (
            ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE s [<!ENTITY e "x">]>').encode(
                "utf-16"
            )
            + d.decode("utf-8").split("?>", 1)[-1].encode("utf-16")[2:]
        ),
        "",
        "holds an XML DOCTYPE",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_workbook_is_refused_at_its_cell(
    name: str, setup: tuple[Path, Path], invoke: Invoke
) -> None:
    plan, workbook = setup
    part, change, where, message = CASES[name]
    refused(invoke, plan, patched(workbook, part, change), where, message)


def test_huge_chunk_count_in_the_hidden_sheet_is_harmless(
    setup: tuple[Path, Path], invoke: Invoke
) -> None:
    plan, workbook = setup
    with zipfile.ZipFile(workbook) as z:
        names = z.namelist()
        book = z.read("xl/workbook.xml").decode()
    index = re.findall(r'<sheet [^>]*name="([^"]+)"', book).index("_cxplan") + 1
    part = f"xl/worksheets/sheet{index}.xml"
    assert part in names

    def change(data: bytes) -> bytes:
        return re.sub(
            rb'(<c r="A\d+"[^>]*><is><t>chunks</t></is></c><c r="B\d+"[^>]*>)<v>\d+</v>',
            rb"\1<v>2000000000</v>",
            data,
            count=1,
        )

    hostile = patched(workbook, part, change)
    result = invoke("import", hostile, plan)  # only the rows there are are read
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output


def test_not_a_regular_file(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, _ = setup
    refused(invoke, plan, Path("/dev/zero"), "", "is not a regular file")


def test_excel_escapes_are_decoded() -> None:
    assert unescape("_x0041_BC") == "ABC"
    assert unescape("_x005F_x0041_") == "_x0041_"  # how Excel and LibreOffice keep "_x0041_"
    assert unescape("no_escape_x12_") == "no_escape_x12_"


def test_escaped_text_comes_back_as_typed(setup: tuple[Path, Path], invoke: Invoke) -> None:
    plan, workbook = setup
    hostile = patched(
        workbook,
        SHEET,
        with_d7(b'<c r="D7" s="1" t="inlineStr"><is><t>Greet _x005F_x0041_ by name</t></is></c>'),
    )
    result = invoke("import", hostile, plan)
    assert result.exit_code == 0, result.output
    assert load(plan).plan.standards[0].standard == "Greet _x0041_ by name"


def test_shared_strings_are_bounded_by_what_is_read(
    setup: tuple[Path, Path], invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured on the decompressed text as it streams, not on what the zip declares."""
    from cxplan.workbook import read

    plan, workbook = setup
    monkeypatch.setattr(read, "MAX_TEXT", 500)
    refused(
        invoke,
        plan,
        workbook,
        "",
        "its shared strings are too many or too long (over 500 characters",
    )


def test_a_sheet_spanning_too_many_cells(
    setup: tuple[Path, Path], invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxplan.workbook import read

    plan, workbook = setup
    monkeypatch.setattr(read, "MAX_CELLS", 50)
    refused(invoke, plan, workbook, " '3 Experience'!A9", "the sheet spans more than 50 cells")
