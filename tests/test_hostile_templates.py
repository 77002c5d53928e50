"""A team's own narrative templates (--templates) cannot hang, blow up or read other files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import COMPLETE_EXAMPLES

Invoke = Callable[..., Any]
NAME = "journey.txt.j2"  # a narrative every complete plan renders

HOSTILE = {
    "nested ranges": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "went past cxplan's limits (more than 1,000,000 loop steps",
    ),
    "a huge text": ("{{ 'x' * 10**9 }}", "went past cxplan's limits"),
    "a huge range": ("{{ range(10**9) | list | length }}", "went past cxplan's limits"),
    "a huge power": ("{{ 9 ** 99999999 }}", "went past cxplan's limits (a power of"),
    "long output": (
        "{% for i in range(300000) %}{{ 'abcdef' }}{% endfor %}",
        "more than 1,000,000 characters of text",
    ),
    "recursion": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "calls itself without end",
    ),
    "extends itself": ("{% extends 'journey.txt.j2' %}", "itself without end"),
    "missing include": (
        "{% include 'nowhere.txt.j2' %}",
        "it includes or extends 'nowhere.txt.j2', which is not a file in the templates folder",
    ),
}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    return folder / "cxplan.yaml"


def _refused(invoke: Invoke, plan: Path, templates: Path, message: str) -> str:
    out = plan.parent / "out"
    result = invoke("build", plan.parent, "-o", out, "--templates", templates)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.output
    assert not out.exists() or list(out.iterdir()) == []
    return str(result.output)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_template_is_refused(name: str, plan: Path, tmp_path: Path, invoke: Invoke) -> None:
    text, message = HOSTILE[name]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / NAME).write_text(text, encoding="utf-8")
    output = _refused(invoke, plan, templates, message)
    assert f"{templates / NAME}: template error: " in output


def test_non_utf8_template(plan: Path, tmp_path: Path, invoke: Invoke) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / NAME).write_bytes(b"Caf\xe9 {{ 1 }}")
    _refused(invoke, plan, templates, "is not UTF-8 text")


def test_a_symlink_out_of_the_folder_is_not_read(
    plan: Path, tmp_path: Path, invoke: Invoke
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / NAME).symlink_to(secret)
    out = tmp_path / "out"
    result = invoke("build", plan.parent, "-o", out, "--templates", templates, "-f", "docx")
    assert result.exit_code == 0, result.output  # the shipped template is used instead
    import docx

    (built,) = out.glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    assert "TOP-SECRET-LINE" not in text
