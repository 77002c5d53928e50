"""A build that fails writes nothing: logos checked before writing, outputs renamed at the end."""

from __future__ import annotations

import io
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import COMPLETE_EXAMPLES
from cxplan import render
from cxplan.build import BuildOptions, build
from cxplan.errors import CxplanError

Invoke = Callable[..., Any]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)  # harbour-dental: it has a logo
    path = folder / "cxplan.yaml"
    assert "logo: logo.png" in path.read_text(encoding="utf-8")
    return path


def _state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _png_bomb(side: int) -> bytes:
    """A PNG header claiming side × side pixels, with a tiny compressed body of zeros."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    rows = zlib.compress(b"\0" * (side + 1) * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _refused(invoke: Invoke, plan: Path, message: str) -> None:
    out = plan.parent / "out"
    out.mkdir(exist_ok=True)
    (out / "old.txt").write_text("kept", encoding="utf-8")
    before = _state(plan.parent)
    result = invoke("build", plan.parent, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.output
    assert _state(plan.parent) == before
    assert sorted(p.name for p in out.iterdir()) == ["old.txt"]


def test_a_logo_bomb_is_refused_before_decoding(plan: Path, invoke: Invoke) -> None:
    (plan.parent / "logo.png").write_bytes(_png_bomb(13_000))
    _refused(invoke, plan, "cxplan.yaml:")
    _refused(invoke, plan, "client.logo: the logo is 13,000 × 13,000 pixels")
    # at the logo's line, looked up only now that it is refused
    _refused(invoke, plan, f"{plan}:7: client.logo: the logo is")


def test_a_logo_that_is_only_a_header_is_refused(plan: Path, invoke: Invoke) -> None:
    (plan.parent / "logo.png").write_bytes(_png_bomb(40)[:40])
    _refused(invoke, plan, "client.logo: the logo 'logo.png' cannot be read as an image")


def test_a_cmyk_jpeg_logo_is_accepted(plan: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("CMYK", (300, 120), (0, 120, 200, 0)).save(buffer, format="JPEG")
    (plan.parent / "logo.png").write_bytes(buffer.getvalue())
    built = build(plan, BuildOptions(out_dir=tmp_path / "out", formats=["docx", "pdf"]))
    assert [p.suffix for p in built.files] == [".docx", ".pdf"]
    assert not list((tmp_path / "out").glob(".cxplan-build-*"))


def test_a_file_named_checklists_is_refused(plan: Path, invoke: Invoke) -> None:
    out = plan.parent / "out"
    out.mkdir()
    (out / "checklists").write_text("not a folder", encoding="utf-8")
    before = _state(plan.parent)
    result = invoke("build", plan.parent, "-o", out)
    assert result.exit_code == 1
    assert "checklists is a file, but the staff checklists are written as a folder" in (
        result.output
    )
    assert _state(plan.parent) == before


def test_a_writer_failing_halfway_leaves_the_old_set(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(plan, BuildOptions(out_dir=out))
    before = _state(out)
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Harbour Dental", "Harbour Dental Care", 1),
        encoding="utf-8",
    )

    def full_disk(source: Any, target: Path, job: Any) -> list[Path]:
        target.write_bytes(b"half a file")
        raise CxplanError(f"{target}: cannot write it: No space left on device")

    pdf = render.WRITERS["pdf"]
    monkeypatch.setitem(render.WRITERS, "pdf", type(pdf)(**{**pdf.__dict__, "write": full_disk}))
    with pytest.raises(CxplanError, match="No space left"):
        build(plan, BuildOptions(out_dir=out, force=True))
    assert _state(out) == before  # not a new docx beside the old pdf
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_two_forced_builds_in_one_second_keep_both_backups(plan: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "out"
    (workbook,) = build(plan, BuildOptions(out_dir=out, formats=["xlsx"])).files
    backups = []
    for text in ("first edit", "second edit"):
        wb = openpyxl.load_workbook(workbook)
        wb["2 Vision"]["B3"] = text
        wb.save(workbook)
        built = build(plan, BuildOptions(out_dir=out, formats=["xlsx"], force=True))
        backups += [w for w in built.warnings if w.startswith("kept the edited workbook")]
    kept = sorted(out.glob("*.backup-*"))
    assert len(kept) == 2 == len(backups)
    texts = sorted(openpyxl.load_workbook(k)["2 Vision"]["B3"].value for k in kept)
    assert texts == ["first edit", "second edit"]


def test_a_killed_build_leaves_nothing_that_lasts(plan: Path, tmp_path: Path) -> None:
    import os
    import time

    out = tmp_path / "out"
    stale = out / ".cxplan-build-killed"
    stale.mkdir(parents=True)
    (stale / "half.docx").write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    running = out / ".cxplan-build-running"
    running.mkdir()
    build(plan, BuildOptions(out_dir=out, formats=["xlsx"]))
    assert not stale.exists()
    assert running.exists()  # another build's, still young
