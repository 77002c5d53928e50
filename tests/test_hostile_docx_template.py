"""A firm's Word template (--docx-template) is checked like any file we are handed."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import COMPLETE_EXAMPLES

Invoke = Callable[..., Any]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(COMPLETE_EXAMPLES[0].parent, folder)
    return folder / "cxplan.yaml"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    import docx

    path = tmp_path / "firm.docx"
    docx.Document().save(str(path))
    return path


def _rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    out = path.with_name("hostile.docx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == part else data)
    return out


def _refused(invoke: Invoke, plan: Path, template: Path, message: str) -> None:
    out = plan.parent / "out"
    result = invoke("build", plan.parent, "-o", out, "-f", "docx", "--docx-template", template)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.output
    assert not out.exists() or list(out.iterdir()) == []


XXE = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY l "lol">]>'


def test_xxe_in_styles_is_refused(plan: Path, template: Path, invoke: Invoke) -> None:
    hostile = _rewrite(template, "word/styles.xml", lambda d: d.replace(b"?>", b"?>" + XXE, 1))
    _refused(invoke, plan, hostile, "holds an XML DOCTYPE in word/styles.xml")


def test_doctype_after_a_comment_in_utf16_is_refused(
    plan: Path, template: Path, invoke: Invoke
) -> None:
    def utf16(data: bytes) -> bytes:
        body = data.decode("utf-8").split("?>", 1)[1]
        head = '<?xml version="1.0" encoding="UTF-16"?><!--' + "c" * 5000 + "-->"
        return (head + XXE.decode() + body).encode("utf-16")

    _refused(invoke, plan, _rewrite(template, "word/styles.xml", utf16), "holds an XML DOCTYPE")


def test_a_zip_bomb_template_is_refused(
    plan: Path, template: Path, invoke: Invoke, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.docx"
    shutil.copy(template, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/huge.bin", b"\0" * (30 * 1024 * 1024))
    _refused(invoke, plan, bomb, "expands to an absurd size (a zip bomb?)")


def test_a_firm_name_with_backslashes_is_written_as_typed(
    plan: Path, template: Path, tmp_path: Path, invoke: Invoke
) -> None:
    text = plan.read_text(encoding="utf-8")
    assert "firm: Northwind Advisory" in text
    text = text.replace("firm: Northwind Advisory", "firm: 'C:\\new\\table \\J Ltd'", 1)
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", plan.parent, "-o", out, "-f", "docx", "--docx-template", template)
    assert result.exit_code == 0, result.output
    (built,) = out.glob("*.docx")
    with zipfile.ZipFile(built) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    assert "<Company>C:\\new\\table \\J Ltd</Company>" in app
