"""Every kind of bad plan gets one clear message naming FILE:LINE and the field; nothing else."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from cxplan.errors import InputError
from cxplan.plan.edit import PlanEditor
from cxplan.plan.load import load
from cxplan.plan.model import (
    Method,
    Plan,
    Stage,
)
from cxplan.plan.serialize import plan_yaml
from helpers import plans

HEAD = "cxplan: 1\nclient:\n  name: Test Co\n"


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "{f}:1: the file is empty; a plan starts with `cxplan: 1`"),
        ("# only a comment\n", "{f}:1: the file has no plan in it; a plan starts with `cxplan: 1`"),
        (
            "- a\n- b\n",
            "{f}:1: a plan is a set of sections (`cxplan: 1`, `client:`, ...), not a list",
        ),
        (
            "client:\n  name: A\n",
            "{f}:1: this is not a cxplan plan: the format version line `cxplan: 1` is missing",
        ),
        (
            "cxplan: 2\nclient:\n  name: A\n",
            "{f}:1: cxplan: format version 2 was written by a newer cxplan; this one reads "
            "version 1: upgrade cxplan",
        ),
        (
            "cxplan: one\nclient:\n  name: A\n",
            "{f}:1: cxplan: the format version must be 1, not the text 'one'; write `cxplan: 1`",
        ),
        (
            "cxplan: 1\nclient:\n\tname: A\n",
            "{f}:3: a tab character is used for indentation; YAML allows only spaces there",
        ),
        (
            'cxplan: 1\nclient:\n  name: "Test Co\n',
            "{f}:3: the quoted text that starts on line 3 is never closed; add the closing quote",
        ),
        ("cxplan: 1\n", "{f}:1: client: required field is missing"),
        (
            HEAD + "  nmae: x\n",
            "{f}:4: client.nmae: unknown field; did you mean 'name'?",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    stge: before\n",
            "{f}:6: touchpoints[0].stge: unknown field; did you mean 'stage'?",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    stage: beforee\n",
            "{f}:6: touchpoints[0].stage: the text 'beforee' is not allowed here; use one of: "
            "before, during, after; did you mean 'before'?",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    rating: high\n",
            "{f}:6: touchpoints[0].rating: the text 'high' is not a rating; give a whole number "
            "from 1 to 5",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    rating: 7\n",
            "{f}:6: touchpoints[0].rating: the number 7 is not a rating; give a whole number from "
            "1 to 5",
        ),
        (
            HEAD + "touchpoints:\n  - id: Check Out\n",
            "{f}:5: touchpoints[0].id: the text 'Check Out' is not a valid id: use lowercase "
            "letters, digits and '-' (e.g. 'check-out')",
        ),
        (
            HEAD + "touchpoints:\n  - name: No id\n",
            "{f}:5: touchpoints[0].id: required field is missing",
        ),
        (
            HEAD + "vision:\n  aims: NPS above 70\n",
            "{f}:5: vision.aims: expected a list, got the text 'NPS above 70'; write it as a "
            "list: [NPS above 70]",
        ),
        (
            HEAD + "  brand_color: green\n",
            "{f}:4: client.brand_color: the text 'green' is not a colour; write it as #RRGGBB, "
            "e.g. #0B6E4F",
        ),
        (
            HEAD + "improvement:\n  actions:\n    - id: a\n      due: next week\n",
            "{f}:7: improvement.actions[0].due: the text 'next week' is not a date; write it as "
            "2027-01-31",
        ),
        (
            HEAD + "measures:\n  - id: m\n    baseline: lots\n",
            "{f}:6: measures[0].baseline: the text 'lots' is not a number; write it like 41 or "
            "72.5",
        ),
        (
            HEAD + "leadership: [a]\n",
            "{f}:4: leadership: expected a set of fields (key: value), got a list",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n  - id: a\n",
            "{f}:6: touchpoints[1].id: duplicate id 'a': another touchpoint has it "
            "(touchpoints[0]); ids must be unique",
        ),
        (
            HEAD + "touchpoints:\n  - id: a\n    customers: [ghost]\n",
            "{f}:6: touchpoints[0].customers[0]: touchpoint 'a' refers to customer segment "
            "'ghost', which does not exist",
        ),
        (
            HEAD
            + "touchpoints:\n  - id: check-out\nstandards:\n  - id: s\n    touchpoint: chek-out\n",
            "{f}:8: standards[0].touchpoint: standard 's' refers to touchpoint 'chek-out', which "
            "does not exist; did you mean 'check-out'?",
        ),
        (
            HEAD + "measures:\n  - id: m\n    touchpoints: [nowhere]\n",
            "{f}:6: measures[0].touchpoints[0]: measure 'm' refers to touchpoint 'nowhere', "
            "which does not exist",
        ),
        (
            HEAD + "improvement:\n  actions:\n    - id: x\n      touchpoint: lost\n",
            "{f}:7: improvement.actions[0].touchpoint: action 'x' refers to touchpoint 'lost', "
            "which does not exist",
        ),
        (
            "cxplan: 1\nclient:\n  name: A\nclient:\n  name: B\n",
            "{f}:4: duplicate key 'client' (first used on line 2)",
        ),
    ],
)
def test_bad_plans_are_explained(
    write_plan: Callable[[str], Path], text: str, expected: str
) -> None:
    path = write_plan(text)
    assert problems(path) == [expected.format(f=path)]


def test_every_problem_is_reported_at_once(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD + "touchpoints:\n  - id: a\n    stage: soon\n    rating: 9\n  - id: B\n")
    assert problems(path) == [
        f"{path}:6: touchpoints[0].stage: the text 'soon' is not allowed here; use one of: "
        "before, during, after",
        f"{path}:7: touchpoints[0].rating: the number 9 is not a rating; give a whole number "
        "from 1 to 5",
        f"{path}:8: touchpoints[1].id: the text 'B' is not a valid id: use lowercase letters, "
        "digits and '-' (e.g. 'b')",
    ]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(tmp_path / "nope.yaml")
    assert info.value.lines() == [
        f"{tmp_path / 'nope.yaml'}: no such file",
        "Create a plan with `cxplan new DIR --client NAME`, or give its path.",
    ]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "cxplan.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(path) == [
        f"{path}:3: is a binary file, not a YAML plan file (it holds a NUL byte)"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cxplan.yaml"
    path.write_bytes(HEAD.encode() + "  industry: café\n".encode("latin-1"))
    assert problems(path) == [f"{path}:4: is not UTF-8 text (byte 0xE9); save the file as UTF-8"]


def test_a_folder_is_not_a_plan(tmp_path: Path) -> None:
    assert problems(tmp_path) == [f"{tmp_path}: is a folder, not a plan file"]


def test_control_characters_are_removed_with_a_notice(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD + 'vision:\n  statement: "Bell\\a here\\x0b"\n')
    loaded = load(path)
    assert loaded.plan.vision.statement == "Bell here"
    assert [str(n) for n in loaded.notices] == [
        f"{path}:5: vision.statement: control characters removed from the text: U+0007, U+000B"
    ]


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "cxplan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode())
    assert load(path).plan.client.name == "Test Co"


def test_words_are_read_case_insensitively(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(
        HEAD + "touchpoints:\n  - id: a\n    stage: Before\nstandards:\n  - id: s\n"
        "    method: Mystery  Shop\n"
    )
    plan = load(path).plan
    assert plan.touchpoints[0].stage is Stage.BEFORE
    assert plan.standards[0].method is Method.MYSTERY_SHOP


def test_empty_sections_mean_none_yet(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD + "leadership:\ntouchpoints:\nvision:\n  aims:\n")
    plan = load(path).plan
    assert plan.touchpoints == [] and plan.vision.aims == []


def test_numbers_in_free_text_stay_text(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD + "vision:\n  horizon: 2028\nmeasures:\n  - id: m\n    target: 95%\n")
    plan = load(path).plan
    assert plan.vision.horizon == "2028"
    assert plan.measures[0].target == 95.0


# ------------------------------------------------------------------ round trips


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_load_of_save_is_the_plan(plan: Plan) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cxplan.yaml"
        path.write_text(plan_yaml(plan), encoding="utf-8")
        assert load(path).plan == plan


def test_comments_survive_a_save(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(
        """\
        # yaml-language-server: $schema=cxplan.schema.json
        # Our plan - hand comments must survive
        cxplan: 1
        client:
          name: Test Co   # the legal name
        vision:
          statement: Be kind   # agreed 3 May
          # horizon still to agree
          aims: [One]
        """
    )
    doc = PlanEditor.open(path)
    doc.set(("vision", "statement"), "Be kinder")
    doc.set(("vision", "horizon"), "2028")
    assert doc.save()
    text = path.read_text(encoding="utf-8")
    for comment in (
        "# yaml-language-server: $schema=cxplan.schema.json",
        "# Our plan - hand comments must survive",
        "# the legal name",
        "# agreed 3 May",
        "# horizon still to agree",
    ):
        assert comment in text
    assert load(path).plan.vision.statement == "Be kinder"
    assert load(path).plan.vision.horizon == "2028"


def test_unchanged_save_writes_nothing(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD)
    before = path.stat().st_mtime_ns
    doc = PlanEditor.open(path)
    doc.set(("client", "name"), "Test Co")
    assert not doc.save()
    assert path.stat().st_mtime_ns == before


def test_save_keeps_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "cxplan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode())
    doc = PlanEditor.open(path)
    doc.set(("client", "industry"), "retail")
    doc.save()
    raw = path.read_bytes()
    assert (
        raw.startswith(b"\xef\xbb\xbf")
        and b"\r\n" in raw
        and b"\n" not in raw.replace(b"\r\n", b"")
    )
    assert textwrap.dedent(raw.decode("utf-8-sig")).count("industry: retail") == 1


def test_text_too_long_for_excel_is_noted(write_plan: Callable[[str], Path]) -> None:
    path = write_plan(HEAD + "vision:\n  statement: " + "x" * 40_000 + "\n")
    loaded = load(path)
    assert [(str(n.where), n.field, n.message, n.code) for n in loaded.notices] == [
        (
            f"{path}:5",
            "vision.statement",
            "is 40,000 characters; an Excel cell holds at most 32,767, so the workbook cannot "
            "be built",
            "text-too-long",
        )
    ]
