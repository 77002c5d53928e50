"""Every command is documented in the README and has help text."""

from __future__ import annotations

import re

import click
import pytest

from conftest import ROOT
from cxplan.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help) > 30
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.name} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_readme(name: str) -> None:
    assert re.search(rf"^### `cxplan {name}\b", README, re.MULTILINE), name


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", README, re.DOTALL)
    setup, tests = blocks[0].strip(), blocks[1].strip()
    # The first sets up with only Python and builds the example's deliverables...
    assert setup.startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
    assert re.search(r"\.venv/bin/cxplan build examples/[\w-]+ -o \w+$", setup), setup
    # ...the second sets up with the test extras and runs every check.
    assert tests.startswith("python3 -m venv .venv && .venv/bin/pip install '.[test]' && ")
    for check in ("ruff check", "ruff format --check", "mypy", "pytest"):
        assert f".venv/bin/{check}" in tests, check


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.findall(r"```(?:sh|bash|console)\n(.*?)```", README, re.DOTALL)[1].strip()
    assert test_command in ci


def test_readme_answers_example_runs(tmp_path: object, invoke: object) -> None:
    from pathlib import Path

    from cxplan.plan.load import load

    block = re.search(r"```yaml\n(leadership:.*?)```", README, re.DOTALL)
    assert block is not None
    folder = Path(str(tmp_path))
    answers = folder / "answers.yaml"
    answers.write_text(block.group(1), encoding="utf-8")
    plan = folder / "cxplan.yaml"
    plan.write_text("cxplan: 1\nclient:\n  name: Seaview Hotel\n", encoding="utf-8")
    result = invoke("workshop", plan, "--answers", answers)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    loaded = load(plan).plan
    assert loaded.improvement.staff_ideas.reward == "A spa voucher for each idea we adopt"
    assert loaded.leadership.commitments[0].behaviours == ["Works one front-desk shift a month"]
