"""The command line as a user meets it: outputs, messages on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES, ROOT
from cxplan.library import available
from cxplan.plan.load import load

Invoke = Callable[..., Any]


def test_help_lists_every_command(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    import click

    from cxplan.cli import cli

    context = click.Context(cli)
    commands = cli.list_commands(context)
    assert {"new", "workshop", "status", "check", "build", "import", "rename"} <= set(commands)
    listed = result.output.split("Commands:")[1].splitlines()
    assert {line.split()[0] for line in listed if line.strip()} == set(commands)
    for name in commands:
        # every command explains itself, and its summary line is not cut short
        help_run = invoke(name, "--help")
        assert help_run.exit_code == 0, name
        assert f" {name} [OPTIONS]" in help_run.output
        command = cli.get_command(context, name)
        assert command is not None and command.get_short_help_str(200).strip(), name


def test_version(invoke: Invoke) -> None:
    from cxplan import __version__

    result = invoke("--version")
    assert result.output == f"cxplan, version {__version__}\n"


def test_unknown_command_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("bogus")
    assert result.exit_code == 2
    assert "No such command 'bogus'" in result.stderr


# ---------------------------------------------------------------------------- new


def test_new_writes_a_loadable_commented_plan(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", tmp_path / "acme", "--client", "Acme & Söhne <GmbH>")
    assert result.exit_code == 0, result.output
    plan_path = tmp_path / "acme" / "cxplan.yaml"
    assert result.output.splitlines()[0] == f"Created {plan_path} for Acme & Söhne <GmbH>."
    text = plan_path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=cxplan.schema.json\n")
    for title in (
        "Step 1: Committed leadership",
        "Step 4: Touchpoints",
        "Step 7: Continuous improvement",
    ):
        assert f"# {title}" in text
    assert "Staff believe what leaders do, not what they say" in text
    plan = load(plan_path).plan
    assert plan.client.name == "Acme & Söhne <GmbH>"
    assert plan.touchpoints == []
    assert (tmp_path / "acme" / "cxplan.schema.json").is_file()


def test_new_with_industry_seeds_starter_content(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", tmp_path, "--client", "Seaview Hotel", "--industry", "Hotel")
    assert result.exit_code == 0, result.output
    assert "Starter content from the hospitality library: 11 touchpoints" in result.output
    loaded = load(tmp_path / "cxplan.yaml")
    plan = loaded.plan
    assert {tp.stage.value for tp in plan.touchpoints if tp.stage} == {"before", "during", "after"}
    assert all(tp.owner for tp in plan.touchpoints)
    questions = [m.question for m in plan.measures if m.kind and m.kind.value == "nps"]
    assert questions == [
        "How likely are you to recommend Seaview Hotel to a friend or colleague? "
        "(0 = not at all likely, 10 = extremely likely)"
    ]
    assert plan.client.industry == "Hotel"


def test_new_refuses_to_overwrite(invoke: Invoke, tmp_path: Path) -> None:
    invoke("new", tmp_path, "--client", "A")
    before = (tmp_path / "cxplan.yaml").read_bytes()
    result = invoke("new", tmp_path, "--client", "B")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'cxplan.yaml'} already exists; cxplan never overwrites a plan\n"
        f"Choose another folder, or continue the plan with `cxplan workshop "
        f"{tmp_path / 'cxplan.yaml'}`.\n"
    )
    assert (tmp_path / "cxplan.yaml").read_bytes() == before


def test_new_unknown_industry_lists_the_known_ones(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", tmp_path / "x", "--client", "A", "--industry", "mining")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no starter library for the industry 'mining'\n"
        f"Known industries: {', '.join(available())}. "
        "Leave out --industry to start with an empty plan.\n"
    )
    assert not (tmp_path / "x").exists()


def test_new_needs_a_client(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", tmp_path)
    assert result.exit_code == 2
    assert "Missing option '--client'" in result.stderr


# ------------------------------------------------------------------- status, check


@pytest.mark.parametrize("path", COMPLETE_EXAMPLES, ids=lambda p: p.parent.name)
def test_check_clean_example(invoke: Invoke, path: Path) -> None:
    result = invoke("check", path)
    assert result.exit_code == 0
    assert result.output.startswith(f"{path}: all checks passed (")


def test_check_accepts_a_folder(invoke: Invoke) -> None:
    result = invoke("check", COMPLETE_EXAMPLES[0].parent)
    assert result.exit_code == 0


@pytest.mark.parametrize("path", DRAFT_EXAMPLES, ids=lambda p: p.parent.name)
def test_check_draft_exits_1(invoke: Invoke, path: Path) -> None:
    result = invoke("check", path)
    assert result.exit_code == 1
    assert "[out-of-sequence]" in result.output
    data = json.loads(invoke("check", path, "--json").output)
    assert data["ok"] is False
    assert {f["code"] for f in data["findings"]} >= {"out-of-sequence", "vague-standard"}
    assert all(f["line"] >= 1 and f["file"] == str(path) for f in data["findings"])


def test_status_text_and_json(invoke: Invoke) -> None:
    path = DRAFT_EXAMPLES[0]
    result = invoke("status", path)
    assert result.exit_code == 0
    assert "Working out of sequence:" in result.output
    assert "Run `cxplan workshop --step 1` to work on it." in result.output
    data = json.loads(invoke("status", path, "--json").output)
    assert [s["state"] for s in data["steps"]][:2] == ["partly done", "partly done"]
    assert data["complete"] is False


def test_invalid_plan_is_reported_on_stderr(
    invoke: Invoke, write_plan: Callable[..., Path]
) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n  colour: red\n")
    for command in ("status", "check"):
        result = invoke(command, path)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            f"{path}:4: client.colour: unknown field; allowed here: name, industry, logo, "
            "brand_color, locations, language\n"
        )


def test_missing_default_plan(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("status")
    assert result.exit_code == 1
    assert result.stderr == (
        "cxplan.yaml: no such file\n"
        "Create a plan with `cxplan new DIR --client NAME`, or give its path.\n"
    )


# -------------------------------------------------------------------------- schema


def test_schema_is_draft07_and_accepts_the_examples(invoke: Invoke) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in COMPLETE_EXAMPLES:
        data = json.loads(json.dumps(load(path).source.data, default=str))
        assert list(validator.iter_errors(data)) == []
    assert list(validator.iter_errors({"cxplan": 1, "client": {"name": "A"}, "oops": 1}))


def test_schema_file_in_the_repository_is_current(invoke: Invoke) -> None:
    assert (ROOT / "cxplan.schema.json").read_text(encoding="utf-8") == invoke("schema").output


def test_schema_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("schema", "-o", tmp_path / "s.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "cxplan plan file"


# ----------------------------------------------------------------- real processes


def test_python_dash_m_and_help_import_nothing_heavy() -> None:
    code = (
        "import sys, runpy; sys.argv = ['cxplan', '--help'];\n"
        "try:\n    runpy.run_module('cxplan', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'ruamel', 'yaml', 'docx', 'openpyxl', 'reportlab',"
        " 'jinja2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: cxplan" in out.stdout
    assert "HEAVY []" in out.stdout


def test_unicode_prints_on_an_ascii_terminal(tmp_path: Path) -> None:
    plan = tmp_path / "cxplan.yaml"
    plan.write_text("cxplan: 1\nclient:\n  name: Καφέ 😀\n", encoding="utf-8")
    env = {"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    out = subprocess.run(
        [sys.executable, "-m", "cxplan", "status", str(plan)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    # click writes UTF-8 when the terminal's encoding cannot take the text; either way, no crash
    assert "Καφέ".encode() in out.stdout or b"\\u039a" in out.stdout
