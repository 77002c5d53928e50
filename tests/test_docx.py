"""The Word plan, read back with python-docx and opened in LibreOffice, as a client would."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES, soffice
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from helpers import CHAPTERS, HOSTILE, convert, pdf_text, plan_items

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make(plan: Path, out: Path, **options: Any) -> Path:
    result = build(plan, BuildOptions(out_dir=out, formats=["docx"], **options))
    assert len(result.files) == 1
    return result.files[0]


def all_text(document: Any) -> str:
    """Every word in the body: paragraphs and table cells, in order."""
    parts = []
    for element in document.element.body.iter():
        if element.tag == f"{W}t" and element.text:
            parts.append(element.text)
        elif element.tag in (f"{W}p", f"{W}br"):
            parts.append("\n")
    return "".join(parts)


@pytest.mark.parametrize(
    "plan",
    [*COMPLETE_EXAMPLES, HOSTILE],
    ids=lambda p: p.parent.name if p.name == "cxplan.yaml" else p.stem,
)
def test_every_item_of_the_plan_is_in_the_document(plan: Path, tmp_path: Path) -> None:
    path = make(plan, tmp_path)
    document = docx.Document(str(path))
    text = all_text(document)
    for item in plan_items(load(plan).plan):
        for line in item.split("\n"):
            assert line in text, line


def test_hostile_text_comes_out_exactly(tmp_path: Path) -> None:
    document = docx.Document(str(make(HOSTILE, tmp_path)))
    text = all_text(document)
    for exact in (
        'Café «Ζήτω» & Søn <Ltd> "Квас" 😀',
        "=1+1 is not a formula",
        "@handle replies",
        "שלום עולם עם טקסט מימין לשמאל",
        "Supercalifragilisticexpialidocious-Antidisestablishmentarianism-",
        "Hand-written menu <b>daily</b>",
        "=cmd|' /c calc'!A1",
        "Line 1\nLine 2 with \"quotes\" and 'single quotes'",
    ):
        assert exact in text, exact
    assert "Bell in text" in text  # the control character is dropped, the rest kept


def test_real_word_structure(tmp_path: Path) -> None:
    path = make(COMPLETE_EXAMPLES[0], tmp_path)
    document = docx.Document(str(path))
    styles = [p.style.name for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == CHAPTERS
    assert "Heading 2" in styles and "Heading 3" in styles and "List Bullet" in styles
    body = document.element.body
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert any(i.strip().startswith("TOC") for i in instructions)
    tables = document.tables
    assert len(tables) > 10
    for table in tables:
        first = table.rows[0]._tr
        rows = table._tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        if table.rows[0].cells[0].text in ("Id", "Touchpoint", "Measure", "Name"):
            assert first.find(f"{W}trPr/{W}tblHeader") is not None
    footer = document.sections[0].footer._element
    codes = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    settings = document.settings.element
    assert settings.find(f"{W}updateFields") is not None
    props = document.core_properties
    assert props.title == "Customer-experience plan: Harbour Dental"
    assert props.author == "Ana Ruiz"
    assert "python-docx" not in (props.comments or "") + (props.author or "")
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
        assert "<Company>Northwind Advisory</Company>" in app
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media, "the logo is on the cover"


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = make(COMPLETE_EXAMPLES[0], tmp_path / "a").read_bytes()
    second = make(COMPLETE_EXAMPLES[0], tmp_path / "b").read_bytes()
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third = make(COMPLETE_EXAMPLES[0], tmp_path / "c")
    assert third.read_bytes() != first
    props = docx.Document(str(third)).core_properties
    assert props.created.year == 2023 and props.modified == props.created


def test_incomplete_plan_is_marked_draft(tmp_path: Path) -> None:
    result = build(DRAFT_EXAMPLES[0], BuildOptions(out_dir=tmp_path, formats=["docx"]))
    assert any("step 1 (Committed leadership) is partly done" in w for w in result.warnings)
    document = docx.Document(str(result.files[0]))
    text = all_text(document)
    assert "Draft: this step is partly done. Still to agree:" in text
    assert "Draft. Draft" not in text  # one mark per callout
    # The reader sees it is a draft before the first chapter: on the cover and every page.
    cover = [p.text for p in document.paragraphs[:8]]
    assert any(t.startswith("DRAFT: steps 1, ") for t in cover), cover
    assert document.sections[0].header.paragraphs[0].text.endswith("· DRAFT")
    assert "Working out of sequence" in text


def test_strict_refuses_an_incomplete_plan(invoke: Callable[..., Any], tmp_path: Path) -> None:
    result = invoke("build", DRAFT_EXAMPLES[0], "-o", tmp_path / "out", "--strict", "-f", "docx")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the plan is not complete, and --strict builds only complete plans: step 1"
    )
    assert not (tmp_path / "out").exists()


def test_firm_templates_override_narrative(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "step-2.txt.j2").write_text(
        "Our firm's own words on {{ client }}'s vision.\n", encoding="utf-8"
    )
    path = make(COMPLETE_EXAMPLES[0], tmp_path / "out", templates=folder)
    text = all_text(docx.Document(str(path)))
    assert "Our firm's own words on Harbour Dental's vision." in text
    (folder / "step-3.txt.j2").write_text("{{ plan.visoin }}\n", encoding="utf-8")
    result = invoke(
        "build", COMPLETE_EXAMPLES[0], "-o", tmp_path / "o2", "--templates", folder, "-f", "docx"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder / 'step-3.txt.j2'}: template error: 'dict object' has no attribute "
        "'visoin'\n"
    )


def test_firm_docx_template_supplies_the_styles(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    from docx.shared import RGBColor

    firm = docx.Document()
    firm.styles["Heading 1"].font.color.rgb = RGBColor(0x99, 0x00, 0x33)
    firm.add_paragraph("Sample text the firm left in its template")
    firm.save(str(tmp_path / "firm.docx"))
    path = make(COMPLETE_EXAMPLES[0], tmp_path / "out", docx_template=tmp_path / "firm.docx")
    document = docx.Document(str(path))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x99, 0x00, 0x33)
    assert "Sample text the firm left" not in all_text(document)
    (tmp_path / "bad.docx").write_text("not a zip", encoding="utf-8")
    result = invoke(
        "build",
        COMPLETE_EXAMPLES[0],
        "-o",
        tmp_path / "o2",
        "--docx-template",
        tmp_path / "bad.docx",
        "-f",
        "docx",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'bad.docx'}: not a Word document (.docx) cxplan can read\n"
        "Save the template in Word as a Word Document (.docx).\n"
    )


def test_missing_logo_is_an_input_error(
    write_plan: Callable[..., Path], invoke: Callable[..., Any], tmp_path: Path
) -> None:
    plan = write_plan("cxplan: 1\nclient:\n  name: A\n  logo: nowhere.png\n")
    result = invoke("build", plan, "-o", tmp_path / "out", "-f", "docx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{plan}:4: client.logo: the logo 'nowhere.png' not found (looked for "
        f"{tmp_path / 'nowhere.png'})\n"
    )
    (tmp_path / "fake.png").write_text("<svg/>", encoding="utf-8")
    plan.write_text("cxplan: 1\nclient:\n  name: A\n  logo: fake.png\n", encoding="utf-8")
    result = invoke("build", plan, "-o", tmp_path / "out", "-f", "docx")
    assert result.stderr == (
        f"{plan}:4: client.logo: the logo 'fake.png' is not a PNG, JPEG, GIF or BMP image\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_build_reports_what_it_wrote(invoke: Callable[..., Any], tmp_path: Path) -> None:
    result = invoke("build", COMPLETE_EXAMPLES[1], "-o", tmp_path, "-f", "docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {tmp_path / 'ledgerly-cx-plan.docx'}\n"


@pytest.mark.office
@pytest.mark.parametrize(
    "plan", [COMPLETE_EXAMPLES[0], HOSTILE, DRAFT_EXAMPLES[0]], ids=["example", "hostile", "draft"]
)
def test_libreoffice_converts_the_docx(plan: Path, tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    path = make(plan, tmp_path)
    converted = convert(office, path, tmp_path / "pdf")
    # What LibreOffice laid out is what a client opening the file reads: the cover,
    # every chapter and every touchpoint, whatever the script.
    text = " ".join(pdf_text(converted).split())
    model = load(plan).plan
    assert model.client.name in text
    for chapter in CHAPTERS:
        assert chapter in text, chapter
    for touchpoint in model.touchpoints:
        assert " ".join(touchpoint.name.split()) in text, touchpoint.name
