"""Client text never becomes a formula, and the Dashboard counts roles exactly as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import COMPLETE_EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from cxplan.plan.serialize import plan_yaml
from cxplan.render.common import cell_text, criterion
from helpers import convert

# Roles a COUNTIF criterion would read as a pattern or a comparison.
ROLES = ["Recep*", "Receptionist", "Reception desk", "Rec?ption", ">5", "=1+1", "@all", "a~b"]


def test_criteria_match_exactly() -> None:
    assert criterion("Recep*") == '"=Recep~*"'
    assert criterion('Say "hi"?') == '"=Say ""hi""~?"'
    assert criterion("a~b") == '"=a~~b"'
    assert cell_text("_x0041_ and _x005f_") == "_x005F_x0041_ and _x005F_x005f_"


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    path = folder / "cxplan.yaml"
    plan = load(path).plan
    first = plan.standards[0]
    standards = [
        first.model_copy(update={"id": f"std-{i}", "role": role}) for i, role in enumerate(ROLES)
    ]
    standards[0] = standards[0].model_copy(update={"standard": "Greet _x0041_ =1+1 by name"})
    plan = plan.model_copy(update={"standards": standards})
    path.write_text(plan_yaml(plan), encoding="utf-8")
    return path


def test_role_text_is_text_and_counted_exactly(hostile_plan: Path, tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is needed to calculate the Dashboard")
    workbook = build(hostile_plan, BuildOptions(out_dir=tmp_path / "out", formats=["xlsx"]))
    calculated = convert(office, workbook.files[0], tmp_path / "lo", "xlsx:Calc MS Excel 2007 XML")
    wb = openpyxl.load_workbook(calculated, data_only=True)
    dash = wb["Dashboard"]
    top = next(c.row for c in dash["A"] if c.value == "Role")
    counts = {
        dash.cell(row=r, column=1).value: dash.cell(row=r, column=2).value
        for r in range(top + 1, top + 1 + len(ROLES))
    }
    assert dash.cell(row=top + len(ROLES) + 1, column=1).value in (None, "")
    assert counts == dict.fromkeys(ROLES, 1)
    standards = wb["5 Standards"]
    texts = [c.value for row in standards.iter_rows() for c in row]
    assert "Greet _x0041_ =1+1 by name" in texts  # as typed, after LibreOffice read it
    for role in ROLES:
        assert role in texts
    raw = openpyxl.load_workbook(workbook.files[0])
    for row in raw["5 Standards"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_escape_like_text_comes_back_unchanged(hostile_plan: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cxplan.cli import cli

    workbook = build(hostile_plan, BuildOptions(out_dir=tmp_path / "out", formats=["xlsx"]))
    before = hostile_plan.read_bytes()
    result = CliRunner().invoke(cli, ["import", str(workbook.files[0]), str(hostile_plan)])
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output
    assert hostile_plan.read_bytes() == before
