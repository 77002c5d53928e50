"""The house keeps its shape: every import points down, no class or function outgrows its room."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cxplan"
MAX_CLASS = 400
MAX_FUNCTION = 100
# Units still being split, with the size they may not grow past; this list only shrinks.
SPLITTING = {}


def test_every_import_points_down_the_pipeline() -> None:
    # import-linter's contracts are in pyproject.toml; lazy imports count too.
    command = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(command), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _sizes() -> list[tuple[str, str, int]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                out.append((kind, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", size))
    return out


def test_no_class_over_400_lines_and_no_function_over_100() -> None:
    too_big = []
    for kind, where, size in _sizes():
        name = f"{where.split(':')[0]} {where.split(' ', 1)[1]}"
        limit = max(MAX_CLASS if kind == "class" else MAX_FUNCTION, SPLITTING.get(name, 0))
        if size > limit:
            too_big.append(f"{where} is a {size}-line {kind}")
    assert too_big == []


def test_cli_imports_only_the_api_the_errors_and_the_asker() -> None:
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cxplan")
    }
    imported |= {
        f"cxplan.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "cxplan"
        for alias in node.names
    }
    allowed = {"cxplan", "cxplan.api", "cxplan.errors", "cxplan.interview.asker"}
    assert imported - {"cxplan.__version__"} <= allowed


def test_tests_import_their_helpers_as_ci_runs_them() -> None:
    # CI installs the package (not in editable mode), so `tests` is no package to import
    # from: helpers are imported by their module name, as conftest puts tests/ on the path.
    offenders = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip().startswith(("from tests.", "import tests"))
    ]
    assert offenders == []
