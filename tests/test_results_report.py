"""The CX performance report: PDF and Word read back, figures as the store counts them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from conftest import soffice
from helpers import convert


@pytest.fixture
def reported(
    example_copy: Callable[[str], Path], tmp_path: Path, invoke: Callable[..., Any]
) -> tuple[Path, Path]:
    plan = example_copy("harbour-dental")
    text = plan.read_text(encoding="utf-8").replace(
        "  - id: s-greet\n", "  - id: s-greet\n    critical: true\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    rows = ["date,location,auditor,standard,result,comment"]
    for day in range(1, 29):
        for site in ("Quay Street", "Northside"):
            rows.append(
                f"2026-02-{day:02d},{site},Ana,s-answer-calls,{'yes' if day % 3 else 'no'},"
            )
            rows.append(
                f"2026-02-{day:02d},{site},Ana,s-greet,"
                f"{'no' if day == 5 and site == 'Northside' else 'yes'},Ελληνικά & <b>"
            )
    path = tmp_path / "feb.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert invoke("results", "import", path, "--plan", plan).exit_code == 0
    out = tmp_path / "report"
    result = invoke("results", "report", plan, "-o", out)
    assert result.exit_code == 0, result.output
    return plan, out


def test_the_report_says_what_the_store_holds_in_pdf_and_word(
    reported: tuple[Path, Path], invoke: Callable[..., Any]
) -> None:
    plan, out = reported
    pdf = out / "harbour-dental-cx-performance.pdf"
    word = out / "harbour-dental-cx-performance.docx"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    data = json.loads(invoke("results", "report", plan, "--by", "location", "--json").output)
    for row in data["rows"]:
        assert f"{row['compliance']:.1f}%" in text
        assert row["label"] in text
    assert "Critical failures" in text and "Ελληνικά & <b>" in text
    assert "s-answer-calls" in text  # among the ten furthest below
    paragraphs = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    cells = "\n".join(
        c.text for t in docx.Document(str(word)).tables for r in t.rows for c in r.cells
    )
    assert "Site league table" in paragraphs and "Method" in paragraphs
    for row in data["rows"]:
        assert f"{row['compliance']:.1f}%" in cells


@pytest.mark.office
def test_libreoffice_opens_the_word_report(reported: tuple[Path, Path], tmp_path: Path) -> None:
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    _, out = reported
    converted = convert(office, out / "harbour-dental-cx-performance.docx", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True, text=True).stdout
    assert "Site league table" in text


def test_the_plan_carries_the_results_only_when_there_are_some(
    example_copy: Callable[[str], Path], tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    plan = example_copy("harbour-dental")
    before = tmp_path / "before"
    assert invoke("build", plan, "-o", before, "-f", "pdf", "-f", "docx").exit_code == 0
    again = tmp_path / "again"
    invoke("build", plan, "-o", again, "-f", "pdf", "-f", "docx")
    for name in ("harbour-dental-cx-plan.pdf", "harbour-dental-cx-plan.docx"):
        assert (before / name).read_bytes() == (again / name).read_bytes()
    path = tmp_path / "a.csv"
    path.write_text(
        "date,location,standard,result\n2026-02-02,Northside,s-greet,yes\n"
        "2026-02-02,Northside,s-answer-calls,no\n2026-03-02,Quay Street,s-greet,no\n",
        encoding="utf-8",
    )
    invoke("results", "import", path, "--plan", plan)
    after = tmp_path / "after"
    assert invoke("build", plan, "-o", after, "-f", "pdf", "-f", "docx").exit_code == 0
    text = "\n".join(
        p.extract_text() for p in PdfReader(after / "harbour-dental-cx-plan.pdf").pages
    )
    assert "Results so far" in text and "33.3%" in text  # 1 yes of 3 answered
    word = docx.Document(str(after / "harbour-dental-cx-plan.docx"))
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert {"Northside", "Quay Street", "February 2026", "March 2026", "50.0%", "0.0%"} <= cells
