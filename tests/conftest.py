"""Shared fixtures: a CLI runner, example plans, and plans written into tmp_path."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxplan.cli import cli

# The results store's fixtures (a SQLite file, and PostgreSQL when a server is given).
pytest_plugins = ["results_db"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COMPLETE_EXAMPLES = sorted(
    p / "cxplan.yaml" for p in EXAMPLES.iterdir() if p.is_dir() and "draft" not in p.name
)
DRAFT_EXAMPLES = sorted(
    p / "cxplan.yaml" for p in EXAMPLES.iterdir() if p.is_dir() and "draft" in p.name
)


def _example_files() -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(EXAMPLES.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def examples_stay_untouched() -> Iterator[None]:
    """Tests work on copies: after the whole run every file under examples/ has the bytes
    it had before, and no file came or went."""
    before = _example_files()
    yield
    after = _example_files()
    assert sorted(after) == sorted(before), "files came or went under examples/"
    changed = [str(p.relative_to(ROOT)) for p in before if after[p] != before[p]]
    assert not changed, f"tests changed {changed}"


MINIMAL = """\
cxplan: 1
client:
  name: Test Co
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    def run(*args: str, input: str | None = None) -> object:
        return runner.invoke(cli, [str(a) for a in args], input=input)

    return run


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write plan text (dedented) to tmp_path/cxplan.yaml and return its path."""

    def write(text: str, name: str = "cxplan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def example_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of an example folder in tmp_path; returns the plan's path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        return target / "cxplan.yaml"

    return copy


def soffice() -> str | None:
    """The LibreOffice binary, or None; CI sets CXPLAN_REQUIRE_OFFICE=1 to make absence fail."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and os.environ.get("CXPLAN_REQUIRE_OFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but was not found")
    return found
