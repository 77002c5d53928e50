"""Fuzz: mutants of the example plans end in a valid plan or located messages, nothing else.

Every mutant (hostile values, aliases, broken indentation, cut-off files) is checked,
shown and built. Each must succeed or raise cxplan's own error, whose problems each name
a place; never a traceback, a hang (an alarm stops one) or a memory blow-up. The normal
run tries a few dozen mutants; CXPLAN_FUZZ=N tries N of each kind (say 2000).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES
from cxplan import api
from cxplan.build import BuildOptions, build
from cxplan.errors import CxplanError, InputError

RUNS = int(os.environ.get("CXPLAN_FUZZ", "0") or 0)
SEEDS = [p.read_text(encoding="utf-8") for p in COMPLETE_EXAMPLES + DRAFT_EXAMPLES]
HOSTILE = [
    ".nan",
    ".inf",
    "-.inf",
    "0x" + "f" * 400,
    "9" * 400,
    "1e999",
    "-0",
    "2108-01-01",
    "0001-01-01",
    "9999-12-31 23:59:60",
    "&a [*a]",
    "*nowhere",
    "&b [1, *b]",
    "[",
    "{",
    "'",
    '"',
    '"\\',
    "\\x",
    "!!python/object:os.system",
    "!custom x",
    "? [a]",
    ": :",
    "- -",
    "~",
    "null",
    "true",
    "[]",
    "{}",
    "[[[[[[[[[[]]]]]]]]]]",
    "=1+1",
    "@SUM(A1)",
    "+44 20",
    "-x",
    "x" * 40_000,
    "a\tb",
    "\u202eevil",
    "\ud7ff\ue000",
    "𝒳",
    "'\x01'",
    '"\\0"',
    "|\n  block",
    ">-",
    "--- x",
    "...",
    "%YAML 1.1",
    "1: 2",
    "<<: *a",
]
MAX_RSS_KB = 1_500_000  # the test process's peak; a blow-up takes gigabytes


def _mutate(text: str, steps: list[tuple[int, int, int]]) -> str:
    lines = text.split("\n")
    for kind, where, token in steps:
        if not lines:
            break
        i = where % len(lines)
        value = HOSTILE[token % len(HOSTILE)]
        line = lines[i]
        if kind == 0 and ":" in line:  # a value replaced
            lines[i] = line.split(":", 1)[0] + ": " + value
        elif kind == 1:  # a line inserted at the same indentation
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(i, f"{indent}{value}")
        elif kind == 2:
            del lines[i]
        elif kind == 3:
            lines.insert(i, line)  # a duplicate key, or a duplicate item
        elif kind == 4:
            lines[i] = " " + line if token % 2 else line.lstrip()
        else:
            return "\n".join(lines)[: where % (len(text) + 1)]  # cut off
    return "\n".join(lines)


MUTANTS = st.builds(
    _mutate,
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 10**6), st.integers(0, 10**3)),
        min_size=1,
        max_size=4,
    ),
)


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _clean_outcome(run: object, *paths: Path) -> bool:
    """True when ``run`` succeeded; False when it raised cxplan's own located error."""
    try:
        with _alarm(30):
            run()  # type: ignore[operator]
    except InputError as err:
        for problem in err.problems:
            assert problem.where is not None, problem
            assert str(problem.where).startswith(tuple(map(str, paths))), problem
            assert len(problem.message) < 2_000, problem.message[:200]
        return False
    except CxplanError as err:
        assert err.message
        return False
    finally:
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MAX_RSS_KB
    return True


FUZZ = settings(
    max_examples=RUNS or 40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=not RUNS,  # the normal run is the same every time; CXPLAN_FUZZ explores
)


@FUZZ
@given(text=MUTANTS)
def test_check_and_status_of_mutants(text: str, tmp_path: Path) -> None:
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(text, encoding="utf-8")
    before = plan.read_bytes()
    _clean_outcome(lambda: api.check_plan(plan), plan)
    _clean_outcome(lambda: api.plan_status(plan), plan)
    assert plan.read_bytes() == before


@settings(FUZZ, max_examples=RUNS // 10 or 6)
@given(text=MUTANTS)
def test_build_of_mutants_writes_all_or_nothing(text: str, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    folder.mkdir(exist_ok=True)
    for extra in COMPLETE_EXAMPLES[0].parent.iterdir():  # the logo
        if extra.name != "cxplan.yaml":
            (folder / extra.name).write_bytes(extra.read_bytes())
    plan = folder / "cxplan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    for old in sorted(out.rglob("*"), reverse=True) if out.exists() else []:
        old.rmdir() if old.is_dir() else old.unlink()
    built = _clean_outcome(lambda: build(plan, BuildOptions(out_dir=out, force=True)), plan)
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if built:
        assert any(name.endswith(".docx") for name in left)
    else:
        assert left == [], left
    assert not [name for name in left if name.startswith(".cxplan-build-")]


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_the_seeds_themselves_are_valid(seed: int, tmp_path: Path) -> None:
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(SEEDS[seed], encoding="utf-8")
    assert _clean_outcome(lambda: api.check_plan(plan), plan)


SNIPPETS = [
    b'<c r="D7" t="s"><v>-3</v></c>',
    b'<c r="D7"><v>1e999</v></c>',
    b'<c r="D7"><v>nan</v></c>',
    b'<c r="D7" s="1"><v>1e10</v></c>',
    b'<c r="D7"><f>A1</f></c>',
    b"&#x1;",
    b"&lol;",
    b'<row r="0">',
    b'<row r="-5"></row>',
    b'<c r="A99999999">',
    b"<is><t>_x0000_</t></is>",
    b"</sheetData>",
    b"<!DOCTYPE x>",
    b"\xff\xfe",
    b"\x00",
    b'<c r="ZZZZ1"/>',
    b"]]>",
]
WORKBOOK_MUTANTS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(SNIPPETS)),
    min_size=1,
    max_size=3,
)


@pytest.fixture(scope="module")
def built_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz-workbook")
    (workbook,) = build(COMPLETE_EXAMPLES[0], BuildOptions(out_dir=out, formats=["xlsx"])).files
    return workbook


@settings(FUZZ, max_examples=RUNS // 4 or 15)
@given(edits=WORKBOOK_MUTANTS)
def test_import_of_damaged_workbooks(
    edits: list[tuple[int, int, bytes]], built_workbook: Path, tmp_path: Path
) -> None:
    import zipfile

    from cxplan.workbook.importer import import_workbook

    workbook, plan_bytes = built_workbook, COMPLETE_EXAMPLES[0].read_bytes()
    plan = tmp_path / "cxplan.yaml"
    plan.write_bytes(plan_bytes)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(hostile, "w") as target:
        infos = [i for i in source.infolist() if i.filename.startswith("xl/")]
        chosen = {infos[part % len(infos)].filename for part, _, _ in edits}
        for info in source.infolist():
            data = source.read(info.filename)
            for part, where, snippet in edits:
                if infos[part % len(infos)].filename == info.filename:
                    at = where % (len(data) + 1)
                    data = data[:at] + snippet + data[at:]
            target.writestr(info, data)
    assert chosen
    imported = _clean_outcome(lambda: import_workbook(hostile, plan), plan, hostile)
    if not imported:
        assert plan.read_bytes() == plan_bytes
