"""The PDF plan, read back with pypdf (text, bookmarks, fonts, metadata) and rendered."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES
from cxplan.build import BuildOptions, build
from cxplan.plan.load import load
from helpers import CHAPTERS, HOSTILE, page_text, plan_items, squeeze
from helpers import pdf_text as text_of


def make(plan: Path, out: Path, **options: Any) -> Path:
    result = build(plan, BuildOptions(out_dir=out, formats=["pdf"], **options))
    assert len(result.files) == 1 and result.files[0].suffix == ".pdf"
    return result.files[0]


@pytest.mark.parametrize(
    "plan",
    [*COMPLETE_EXAMPLES, HOSTILE],
    ids=lambda p: p.parent.name if p.name == "cxplan.yaml" else p.stem,
)
def test_every_item_of_the_plan_is_in_the_pdf(plan: Path, tmp_path: Path) -> None:
    text = squeeze(text_of(make(plan, tmp_path)))
    for item in plan_items(load(plan).plan):
        assert squeeze(item) in text, item


def test_hostile_text_comes_out_exactly(tmp_path: Path) -> None:
    path = make(HOSTILE, tmp_path)
    raw = text_of(path)
    for exact in (
        'Café «Ζήτω» & Søn <Ltd> "Квас" 😀',
        "Hand-written menu <b>daily</b>",
        "=cmd|' /c calc'!A1",
        "@handle replies",
        "Line 2 with \"quotes\" and 'single quotes'",
        # Right-to-left text is drawn in visual order and reads back in logical order.
        "שלום עולם עם טקסט מימין לשמאל",
    ):
        assert exact in raw, exact
    # Arabic is drawn with its letters joined (presentation forms) in visual order.
    assert squeeze("مرحبا بالعالم") in squeeze(raw)
    assert "Bell in text" in raw and "\x07" not in raw


def test_bookmarks_metadata_and_embedded_fonts(tmp_path: Path) -> None:
    path = make(COMPLETE_EXAMPLES[0], tmp_path)
    reader = PdfReader(path)
    top = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert top == CHAPTERS
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Customer-experience plan: Harbour Dental"
    assert meta.author == "Ana Ruiz"
    assert meta.subject == "Customer-experience strategy in seven steps"
    assert meta["/Creator"] == "cxplan"
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]  # the TrueType is embedded
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|-Oblique)?", f) for f in fonts)
    count = len(reader.pages)
    assert re.search(rf"Page {count} of\s*{count}", page_text(reader.pages[-1]))
    assert re.search(rf"Page 2 of\s*{count}", page_text(reader.pages[1]))  # the cover has none


def test_contents_page_numbers_and_links(tmp_path: Path) -> None:
    reader = PdfReader(make(COMPLETE_EXAMPLES[0], tmp_path))
    contents = page_text(reader.pages[1])
    # Every chapter is listed with the page it starts on.
    starts = {
        item["/Title"]: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    for title in CHAPTERS:
        assert re.search(rf"{re.escape(title)}[\s.]*{starts[title]}\b", contents), title
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) >= len(CHAPTERS)


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = make(COMPLETE_EXAMPLES[0], tmp_path / "a").read_bytes()
    assert make(COMPLETE_EXAMPLES[0], tmp_path / "b").read_bytes() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third = make(COMPLETE_EXAMPLES[0], tmp_path / "c")
    assert third.read_bytes() != first
    meta = PdfReader(third).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.year == 2023


def test_letter_paper(tmp_path: Path) -> None:
    reader = PdfReader(make(COMPLETE_EXAMPLES[1], tmp_path, paper="letter"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    box = PdfReader(make(COMPLETE_EXAMPLES[1], tmp_path / "a4")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_draft_chapters_are_marked(tmp_path: Path) -> None:
    reader = PdfReader(make(DRAFT_EXAMPLES[0], tmp_path))
    text = "\n".join(page_text(page) for page in reader.pages)
    assert "Draft: this step is partly done. Still to agree:" in text
    assert "Draft. Draft" not in text
    assert "Working out of sequence" in text
    # The cover says so, and so does every page's running header.
    assert "DRAFT: steps 1, " in page_text(reader.pages[0])
    assert all("· DRAFT" in page_text(page) for page in reader.pages[1:])


def test_a_finished_plan_is_not_marked_draft(tmp_path: Path) -> None:
    text = text_of(make(COMPLETE_EXAMPLES[0], tmp_path))
    assert "DRAFT" not in text and "Draft:" not in text


def test_a_huge_cell_flows_over_pages(write_plan: Callable[..., Path], tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(6000))
    plan = write_plan(
        f"""\
        cxplan: 1
        client:
          name: Long Co
        touchpoints:
          - id: tp-a
            name: Arrival
            stage: during
        standards:
          - id: s-long
            touchpoint: tp-a
            role: Host
            standard: {words}
            target: the last word is word5999
        """
    )
    path = make(plan, tmp_path / "out")
    text = text_of(path)
    assert set(re.findall(r"\bword\d+\b", text)) == set(words.split())
    assert squeeze("the last word is word5999") in squeeze(text)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_renders_every_page(tmp_path: Path) -> None:
    path = make(HOSTILE, tmp_path)
    run = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and not run.stderr, run.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(path).pages)


def test_cli_builds_the_pdf(invoke: Callable[..., Any], tmp_path: Path) -> None:
    result = invoke("build", COMPLETE_EXAMPLES[1], "-o", tmp_path, "-f", "pdf", "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {tmp_path / 'ledgerly-cx-plan.pdf'}\n"


def test_a_memo_keeps_what_comes_back() -> None:
    from cxplan.render.common import Memo

    memo: Memo[str, int] = Memo(limit=2)
    memo.put("drawn once", 1)
    assert memo.get("drawn once") is None  # a line drawn once is not kept
    memo.put("drawn once", 1)
    assert memo.get("drawn once") == 1  # its second use keeps it
    for key in ("a", "a", "b", "b"):
        memo.put(key, 2)
    assert memo.get("a") == 2 and memo.get("b") is None  # at most ``limit`` values
    memo.clear()
    assert memo.get("drawn once") is None
