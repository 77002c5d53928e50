"""Two writers of one plan: neither loses the other's edit, and a loser says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import COMPLETE_EXAMPLES, ROOT
from cxplan.build import BuildOptions, build
from cxplan.errors import ChangedError
from cxplan.plan.edit import PlanEditor
from cxplan.plan.load import load

VISION = "B3"  # '2 Vision': vision.statement is the first form row, horizon the second
HORIZON = "B4"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    return folder / "cxplan.yaml"


def _workbook(plan: Path, name: str, cell: str, value: str) -> Path:
    built = build(plan, BuildOptions(out_dir=plan.parent / name, formats=["xlsx"])).files[0]
    wb = openpyxl.load_workbook(built)
    wb["2 Vision"][cell] = value
    wb.save(built)
    return built


def _import(workbook: Path, plan: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cxplan", "import", str(workbook), str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_imports_at_once_keep_both_edits(plan: Path) -> None:
    vision = _workbook(plan, "a", VISION, "Every family's first choice on the harbour")
    horizon = _workbook(plan, "b", HORIZON, "2030")
    for _ in range(3):
        original = plan.read_bytes()
        runs = [_import(vision, plan), _import(horizon, plan)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        for out, _err in outputs:
            assert "change" in out
        got = load(plan).plan.vision
        assert got.statement == "Every family's first choice on the harbour"
        assert got.horizon == "2030"
        plan.write_bytes(original)


def test_a_workshop_answer_saved_during_an_import_is_kept(plan: Path) -> None:
    """The workshop replays its answer on the plan the import wrote."""
    workshop = PlanEditor.open(plan, replay=True)
    workshop.set(("vision", "statement"), "Calm, on time, remembered")
    run = _import(_workbook(plan, "a", HORIZON, "2031"), plan)
    assert run.communicate(timeout=120)[0]
    assert run.returncode == 0
    assert workshop.save()
    got = load(plan).plan.vision
    assert (got.statement, got.horizon) == ("Calm, on time, remembered", "2031")


def test_a_writer_that_cannot_replay_changes_nothing(plan: Path) -> None:
    stale = PlanEditor.open(plan)
    stale.set(("vision", "horizon"), "2040")
    run = _import(_workbook(plan, "a", VISION, "Brighter smiles"), plan)
    run.communicate(timeout=120)
    after_import = plan.read_bytes()
    with pytest.raises(ChangedError, match="changed since cxplan read it"):
        stale.save()
    assert plan.read_bytes() == after_import
    assert load(plan).plan.vision.statement == "Brighter smiles"


def test_saving_writes_through_a_symlink_and_keeps_a_hard_link(plan: Path) -> None:
    real = plan.parent / "real.yaml"
    plan.rename(real)
    plan.symlink_to(real.name)
    twin = plan.parent / "twin.yaml"
    os.link(real, twin)
    inode = real.stat().st_ino
    editor = PlanEditor.open(plan)
    editor.set(("vision", "horizon"), "2035")
    assert editor.save()
    assert plan.is_symlink()
    assert real.stat().st_ino == inode
    assert load(twin).plan.vision.horizon == "2035"
    assert load(plan).plan.vision.horizon == "2035"
