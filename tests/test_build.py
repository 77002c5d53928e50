"""`cxplan build` of every format at once: one process or two, the same files and errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import COMPLETE_EXAMPLES
from cxplan.build import BuildOptions, build
from cxplan.parallel import can_fork

HARBOUR = COMPLETE_EXAMPLES[0]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_one_process_and_two_write_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not can_fork():
        pytest.skip("two processes need two cores and fork")
    two = build(HARBOUR, BuildOptions(out_dir=tmp_path / "two"))
    monkeypatch.setenv("CXPLAN_JOBS", "1")
    assert not can_fork()
    one = build(HARBOUR, BuildOptions(out_dir=tmp_path / "one"))
    assert [p.name for p in one.files] == [p.name for p in two.files]
    assert [p.name for p in one.files] == [
        "harbour-dental-cx-plan.docx",
        "harbour-dental-cx-workbook.xlsx",
        "harbour-dental-cx-plan.pdf",
        "role-reception.pdf",
        "role-practice-manager.pdf",
        "role-dentist.pdf",
        "walk-through.pdf",
    ]
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert set(one.timings) == set(two.timings) == {"docx", "xlsx", "pdf", "checklists"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_in_either_process_is_explained(
    jobs: str, invoke: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxplan import render
    from cxplan.errors import CxplanError

    def fails(plan: Any, target: Path, job: Any) -> list[Path]:
        raise CxplanError(f"{target.name}: cannot create the folder: File exists")

    monkeypatch.setenv("CXPLAN_JOBS", jobs)
    writer = render.WRITERS["checklists"]  # written in the second process when there is one
    monkeypatch.setitem(
        render.WRITERS, "checklists", type(writer)(**{**writer.__dict__, "write": fails})
    )
    result = invoke("build", HARBOUR, "-o", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "Error: checklists: cannot create the folder: File exists\n"
    assert list(tmp_path.iterdir()) == []  # and the files of the other process are gone


def test_a_build_parses_the_plan_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A profile shows two parse calls: the plan's and the small word list of its language.
    import cxplan.plan.load
    import cxplan.yamlio.source

    plan_text = HARBOUR.read_text(encoding="utf-8")
    parsed: list[str] = []
    for module, name in ((cxplan.plan.load, "parse"), (cxplan.yamlio.source, "_compose")):
        real = getattr(module, name)

        def counted(text: str, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            parsed.append(text)
            return _real(text, *args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    monkeypatch.setenv("CXPLAN_JOBS", "1")
    built = build(HARBOUR, BuildOptions(out_dir=tmp_path, formats=("xlsx", "checklists")))
    assert next(p.name for p in built.files) == "harbour-dental-cx-workbook.xlsx"
    assert parsed.count(plan_text) == 1
