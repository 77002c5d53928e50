"""No layout defect at any size: every page of the examples and of a 200-touchpoint German
plan, checked from poppler's word boxes (tests/layout.py), in the PDF and the Word plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from layout import defects, vocabulary

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES
from cxplan.build import BuildOptions, build
from cxplan.document.blocks import Heading, Paragraph, Table
from cxplan.document.plan import build_document
from cxplan.plan.load import load
from helpers import convert

STAGES = ("before", "during", "after")
LONG = (
    "Kundenzufriedenheitsbefragung",
    "Terminvereinbarungsbestätigung",
    "Beschwerdemanagementprozess",
    "Wartezeitenüberschreitung",
    "Rechnungsstellungsunterlagen",
)


def german_plan(folder: Path, n: int) -> Path:
    """A plan in German with long compounds, long hyphenated ids and n touchpoints."""
    lines = [
        "cxplan: 1",
        "client:",
        "  name: Stadtwerke Musterhausen Kundenservicegesellschaft",
        "  language: de",
        "vision:",
        "  statement: Jede Kundin und jeder Kunde erlebt verlässlichen Service",
        "  horizon: '2028'",
        "touchpoints:",
    ]
    standards = ["standards:"]
    for i in range(n):
        word = LONG[i % len(LONG)]
        ascii_word = word.lower().translate({ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue"})
        lines += [
            f"  - id: tp-{i:03d}-{ascii_word[:18]}",
            f"    name: {word} Nummer {i}",
            f"    stage: {STAGES[i % 3]}",
            f"    owner: Teamleitung {LONG[(i + 1) % len(LONG)]}",
            f"    rating: {i % 5 + 1}",
            f"    moment_of_truth: {'true' if i % 4 == 0 else 'false'}",
            f"    pain_points: [{LONG[(i + 2) % len(LONG)]} dauert zu lange]",
        ]
        standards += [
            f"  - id: s-{i:03d}-same-day-{ascii_word[:12]}-check",
            f"    touchpoint: tp-{i:03d}-{ascii_word[:18]}",
            "    role: Sachbearbeitung",
            f"    standard: Die {word} wird innerhalb von zwei Werktagen abgeschlossen",
            f"    measure: Anteil {LONG[(i + 3) % len(LONG)]}",
            "    target: 95 % innerhalb von zwei Werktagen",
            "    frequency: monatlich",
            "    method: audit",
        ]
    path = folder / "cxplan.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines + standards) + "\n", encoding="utf-8")
    return path


def _expectations(plan_path: Path) -> tuple[set[str], list[str], set[str]]:
    plan = load(plan_path).plan
    document = build_document(plan)
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    texts += [c.text for b in document.blocks if isinstance(b, Table) for r in b.rows for c in r]
    headings = {b.text for b in document.blocks if isinstance(b, Heading) and b.level >= 2}
    return vocabulary(texts), [s.id for s in plan.standards], headings


def _pdf(plan: Path, out: Path) -> Path:
    result = build(plan, BuildOptions(out_dir=out, formats=["pdf"]))
    return result.files[0]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
@pytest.mark.parametrize("plan", [*COMPLETE_EXAMPLES, *DRAFT_EXAMPLES], ids=lambda p: p.parent.name)
def test_every_page_of_the_examples_is_clean(plan: Path, tmp_path: Path) -> None:
    words, ids, headings = _expectations(plan)
    assert defects(_pdf(plan, tmp_path), words, ids, headings) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_every_page_of_a_200_touchpoint_german_plan_is_clean(tmp_path: Path) -> None:
    plan = german_plan(tmp_path / "plan", 200)
    words, ids, headings = _expectations(plan)
    found = defects(_pdf(plan, tmp_path / "out"), words, ids, headings)
    assert found == [], found[:20]


def test_the_checker_finds_what_it_is_for(tmp_path: Path) -> None:
    # A PDF drawn with the defects on purpose: the checker must report each of them.
    from reportlab.pdfgen.canvas import Canvas

    from cxplan.render.pdfkit import FONT, register_fonts

    register_fonts()
    path = tmp_path / "bad.pdf"
    canvas = Canvas(str(path), pagesize=(595, 842))
    canvas.setFont(FONT, 10)
    canvas.drawString(50, 700, "Kundenzufrieden")
    canvas.drawString(50, 688, "heitsbefragung")
    canvas.drawString(50, 600, "s-confirm-")
    canvas.drawString(50, 588, "booking")
    canvas.drawString(560, 500, "Überlänge")
    canvas.drawString(50, 400, "Overprinted")
    canvas.drawString(52, 401, "Overprinted")
    canvas.save()
    found = defects(path, {"Kundenzufriedenheitsbefragung"}, ["s-confirm-booking"])
    assert any("broken as 'Kundenzufrieden'" in f for f in found), found
    assert any("s-confirm-booking is not printed whole" in f for f in found), found
    assert any("runs off the paper" in f for f in found), found
    assert any("printed on each other" in f for f in found), found


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_word_plan_lays_out_cleanly_in_libreoffice(tmp_path: Path) -> None:
    plan = COMPLETE_EXAMPLES[0]
    result = build(plan, BuildOptions(out_dir=tmp_path, formats=["docx"]))
    pdf = convert("soffice", result.files[0], tmp_path / "lo")
    words, ids, _ = _expectations(plan)
    assert defects(pdf, words, ids) == []


FIXTURES_CLIENTS = Path(__file__).parent / "fixtures" / "clients"
CLIENTS = sorted(FIXTURES_CLIENTS.glob("*.yaml"))


def _page_texts(pdf: Path) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Each page's lines, without the empty ones: its header band's first.
    pages = text.split("\f")[:-1]
    return ["\n".join(x.strip() for x in p.splitlines() if x.strip()) for p in pages]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
@pytest.mark.parametrize("plan", CLIENTS, ids=lambda p: p.stem)
def test_every_page_of_a_client_plan_is_clean(plan: Path, tmp_path: Path) -> None:
    # Hand-written plans in German, French and Spanish, drafts and finished ones.
    words, ids, headings = _expectations(plan)
    found = defects(_pdf(plan, tmp_path), words, ids, headings)
    assert found == [], found[:20]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_a_tall_short_table_starts_below_its_heading_rather_than_leave_a_page_empty(
    tmp_path: Path,
) -> None:
    # A German owner matrix (seven touchpoints, nine roles) was taller than half a page:
    # moved whole, it left the standards chapter's first page with its introduction alone.
    import datetime as dt

    from cxplan.document.blocks import Cell, Column, Document, Meta, Span
    from cxplan.render.pdf import write_pdf

    tall = "\n".join(f"Zeile {n}" for n in range(7))
    blocks = [
        Heading("5. Servicestandards", 1, "a"),
        Paragraph((Span("Einleitung " * 60),)),
        Heading("Wer macht was", 2, "b"),
        Table(
            (Column("Kontaktpunkt", 2), Column("Rolle", 1)),
            tuple((Cell(f"Kontaktpunkt {n}"), Cell(tall)) for n in range(8)),
        ),
    ]
    meta = Meta("Plan", "Kunde", "", "", "", "", "#1F4E79", None, "de")
    pdf = tmp_path / "plan.pdf"
    write_pdf(Document(meta, blocks), pdf, stamp=dt.datetime(2026, 1, 1))
    pages = _page_texts(pdf)
    assert "Wer macht was" in pages[0] and "Kontaktpunkt 0" in pages[0]
    assert "Kontaktpunkt 7" in pages[-1]


def _type_sizes(pdf: Path, first: int = 0) -> set[float]:
    """The sizes text is set in on the pages from ``first`` on (read from the content
    streams' font operators with pypdf)."""
    import re

    from pypdf import PdfReader

    found: set[float] = set()
    for page in PdfReader(pdf).pages[first:]:
        data = page.get_contents().get_data().decode("latin-1")
        found |= {float(m) for m in re.findall(r"/[\w+.-]+ ([\d.]+) Tf", data)}
    return found


def test_the_plan_is_set_in_four_sizes_and_its_header_keeps_the_draft_mark(
    tmp_path: Path,
) -> None:
    # The utility's sign-off, facts and contents were set in a fifth size (9.5 pt) and the
    # headers in a sixth (8 pt); its long name pushed "ENTWURF" out of the page header.
    pdf = _pdf(FIXTURES_CLIENTS / "stadtwerke-de.yaml", tmp_path)
    assert _type_sizes(pdf, first=1) == {9.0, 10.5, 13.0, 18.0}
    assert min(_type_sizes(pdf)) >= 9  # the cover too: nothing under the tables' 9 pt
    for page in _page_texts(pdf)[1:]:
        header = page.split("\n")[0]
        assert header.startswith("Stadtwerke Oberhavelland") and header.endswith("ENTWURF")


@pytest.mark.parametrize("fillable", [False, True], ids=["printed", "fillable"])
def test_checklists_print_nothing_under_9_points(fillable: bool, tmp_path: Path) -> None:
    # The hotel group's checklists set their tables in 8 pt, titles in 7.5 and the walk-
    # through's details and tick-box labels in 7.
    from cxplan.render.checklists import write_checklists

    plan = load(FIXTURES_CLIENTS / "hotels-fr.yaml").plan
    files = write_checklists(plan, tmp_path, fillable=fillable)
    assert len(files) > 2
    for path in files:
        sizes = _type_sizes(path)
        assert min(sizes) >= 9 and len(sizes) <= 4, (path.name, sorted(sizes))


def test_words_too_wide_for_a_word_table_column_carry_soft_hyphens(tmp_path: Path) -> None:
    # LibreOffice without a German dictionary cut "Messstellenbetrieb" as "Messstellenb /
    # etrieb" in the Word plan's owner matrix: the writer marks the dictionary's breaks,
    # as Word's own soft hyphens, so the text reads back whole.
    import docx

    plan = FIXTURES_CLIENTS / "stadtwerke-de.yaml"
    result = build(plan, BuildOptions(out_dir=tmp_path, formats=["docx"]))
    cells = [c for t in docx.Document(str(result.files[0])).tables for r in t.rows for c in r.cells]
    soft = [c for c in cells if "softHyphen" in c._tc.xml]
    assert "Abteilung Messstellenbetrieb" in {c.text for c in soft}
    assert not any(c.text in ("A", "R", "C", "AC") for c in soft)
    assert all("\u00ad" not in c.text for c in cells)


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_german_word_plan_lays_out_cleanly_in_libreoffice(tmp_path: Path) -> None:
    plan = FIXTURES_CLIENTS / "stadtwerke-de.yaml"
    result = build(plan, BuildOptions(out_dir=tmp_path, formats=["docx"]))
    pdf = convert("soffice", result.files[0], tmp_path / "lo")
    words, ids, _ = _expectations(plan)
    assert defects(pdf, words, ids) == []
