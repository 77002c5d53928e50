"""Hostile plan files: alias bombs, alias loops and duplicate keys end in one located message."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxplan.errors import InputError
from cxplan.plan.edit import PlanEditor
from cxplan.plan.load import load
from cxplan.yamlio.source import parse

Invoke = Callable[..., Any]


def _bomb(levels: int = 9, width: int = 9) -> str:
    """A few hundred bytes whose aliases of aliases stand for width**levels values."""
    text = "cxplan: 1\nclient:\n  name: Bomb Co\na: &a [" + ", ".join(["x"] * width) + "]\n"
    previous = "a"
    for level in range(levels):
        name = f"b{level}"
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]\n"
        previous = name
    return text


BOMB_LINE = 9  # b4, whose aliases pass the limit (the ones above stand for 74,000)

HOSTILE = {
    "loop and duplicate": (
        "cxplan: 1\nclient: {name: X, name: Y}\nx: &a [*a]\n",
        2,
        "duplicate key 'name' (twice on this line)",
    ),
    "alias loop": ("cxplan: 1\nclient:\n  name: X\nx: &a [1, *a]\n", 4, "*a refers to the list"),
    "bomb": (_bomb(), BOMB_LINE, "stand for more than 100,000 values"),
    "bomb and duplicate": (_bomb() + "client: {name: X}\n", BOMB_LINE, "stand for more than"),
    "bomb and backslash": (_bomb() + "# a back\\slash\n", BOMB_LINE, "stand for more than"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["check", "status", "build"])
def test_hostile_yaml_ends_in_one_located_message(
    name: str, command: str, tmp_path: Path, invoke: Invoke
) -> None:
    text, line, message = HOSTILE[name]
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = invoke(command, plan)
    assert result.exit_code == 1, result.output
    assert f"cxplan.yaml:{line}: " in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cxplan.yaml"]
    assert plan.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_editing_loads_refuse_them_too(name: str, tmp_path: Path) -> None:
    """The workshop and import keep the node tree, which used to copy every alias out."""
    text, line, message = HOSTILE[name]
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        PlanEditor.open(plan)
    assert message in str(err.value)
    assert err.value.problems[0].where is not None
    assert f":{line}" in str(err.value.problems[0].where)


def test_a_few_aliases_still_work(tmp_path: Path) -> None:
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(
        "cxplan: 1\nclient:\n  name: X\n  locations: &places [Leeds, York]\n"
        "customers:\n  - id: walk-in\n    name: Walk-in\n    needs: *places\n",
        encoding="utf-8",
    )
    assert load(plan).plan.customers[0].needs == ["Leeds", "York"]
    assert PlanEditor.open(plan).get(("customers", 0, "needs")) == ["Leeds", "York"]


@pytest.mark.parametrize(
    "number", ["0x" + "f" * 4000, "9" * 5000, "-1" + "0" * 18, "0b" + "1" * 70]
)
def test_huge_integers_are_refused_at_their_line(number: str, tmp_path: Path) -> None:
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(
        f"cxplan: 1\nclient:\n  name: X\ntouchpoints:\n  - id: door\n    rating: {number}\n",
        encoding="utf-8",
    )
    for editing in (False, True):
        with pytest.raises(InputError) as err:
            load(plan, editing=editing)
        (problem,) = err.value.problems
        assert str(problem.where).endswith("cxplan.yaml:6")
        assert problem.field == "touchpoints[0].rating"
        assert "too big for a plan" in problem.message
        assert len(problem.message) < 300  # the value is cut, not repeated whole


def test_big_but_sane_integers_still_load() -> None:
    assert parse("a: 999_999_999_999_999_999\nb: -0x7fff\n").data == {
        "a": 999_999_999_999_999_999,
        "b": -0x7FFF,
    }


def test_files_that_are_not_plans(tmp_path: Path, invoke: Invoke) -> None:
    """A FIFO would block and /dev/zero never end; neither is read."""
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"cxplan: 1\nclient:\n  name: X\x00\n")
    cases = {
        fifo: f"{fifo}: is not a regular file, so it cannot be a plan file",
        Path("/dev/zero"): "/dev/zero: is not a regular file, so it cannot be a plan file",
        nul: f"{nul}:3: is a binary file, not a YAML plan file (it holds a NUL byte)",
    }
    for path, message in cases.items():
        for command in ("check", "status", "build"):
            result = invoke(command, path)
            assert result.exit_code == 1, result.output
            assert message in result.output
            assert "Traceback" not in result.output
