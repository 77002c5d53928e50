"""The CX performance report, and the results in the plan, in the plan's language: the Word
and PDF files read back for a German plan hold none of the report's English fixed texts."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from babel.messages.pofile import read_po

from cxplan.i18n import catalog_dir
from helpers import pdf_text

PLAN = Path(__file__).parent / "fixtures" / "languages" / "stadtwerke-de.yaml"
SITES = ("Kundenzentrum Marktplatz", "Servicebüro Nord")
STANDARDS = ("s-tarif-preis", "s-hotline-annahme", "s-rechnung-erklaert")


@cache
def report_english(tag: str) -> list[tuple[str, re.Pattern[str]]]:
    """The English texts of the report and the plan's results section that ``tag`` says
    otherwise, each as a pattern of its fixed words."""
    with (catalog_dir() / tag / "LC_MESSAGES" / "cxplan.po").open("rb") as handle:
        catalog = read_po(handle, locale=tag, domain="cxplan")
    out = []
    for message in catalog:
        where = [f for f, _ in message.locations]
        if not message.id or not any(f.endswith(("report.py", "results.py")) for f in where):
            continue
        english = message.id if isinstance(message.id, str) else message.id[1]
        shown = message.string if isinstance(message.string, str) else message.string[-1]
        words = re.split(r"\{\w+\}", english)
        if shown == english or max(len(w.strip()) for w in words) < 5:
            continue
        out.append((english, re.compile(".{0,80}?".join(_whole(w) for w in words))))
    return out


def _whole(part: str) -> str:
    """A piece of an English text as a pattern: whole words ("Method" is not in "Methode")."""
    body = r"\s+".join(map(re.escape, part.split()))
    if not body:
        return ""
    start = r"(?<![\w-])" if part.strip()[:1].isalnum() else ""
    end = r"(?![\w-])" if part.strip()[-1:].isalnum() else ""
    return start + body + end


def english_in(text: str, tag: str) -> list[str]:
    flat = " ".join(text.split())
    return [english for english, pattern in report_english(tag) if pattern.search(flat)]


def word_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts.append(document.core_properties.title or "")
    parts.append(document.core_properties.subject or "")
    return "\n".join(parts)


@pytest.fixture
def german_results(tmp_path: Path, invoke: Callable[..., Any]) -> Path:
    plan = tmp_path / "cxplan.yaml"
    text = PLAN.read_text(encoding="utf-8")
    plan.write_text(
        text.replace(
            "  - id: s-hotline-annahme\n", "  - id: s-hotline-annahme\n    critical: true\n"
        ),
        encoding="utf-8",
    )
    rows = ["date,location,auditor,standard,result,comment"]
    for month in (1, 2, 3):
        for day in range(1, 21):
            for site in SITES:
                for n, standard in enumerate(STANDARDS):
                    result = "no" if (day + n) % 4 == 0 else "yes"
                    rows.append(f"2026-{month:02d}-{day:02d},{site},Jana Berg,{standard},{result},")
    path = tmp_path / "audits.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("results", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    return plan


def test_the_report_of_a_german_plan_is_german_in_word_and_pdf(
    german_results: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    out = tmp_path / "report"
    result = invoke("results", "report", german_results, "-o", out)
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*-cx-performance.pdf"))
    word = next(out.glob("*-cx-performance.docx"))
    for text in (pdf_text(pdf), word_text(word)):
        flat = " ".join(text.split())
        assert "CX-Leistungsbericht" in flat
        assert "Rangliste der Standorte" in flat and "Kritische Verstöße" in flat
        assert "Januar 2026" in flat and "März 2026" in flat  # the periods, named in German
        assert "01.01.2026" in flat and "20.03.2026" in flat  # the window's days
        assert re.search(r"\d+,\d %", flat)  # German percentages: 66,7 %
        assert english_in(text, "de") == [], english_in(text, "de")
        for english in ("Site league table", "Headline", "Coverage", "points on", "of them"):
            assert english not in flat


def test_the_results_in_a_german_plan_are_german(
    german_results: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    result = invoke("build", german_results, "--output", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    text = word_text(next((tmp_path / "out").glob("*-cx-plan.docx")))
    flat = " ".join(text.split())
    assert "Bisherige Ergebnisse" in flat
    assert "Vom 1. Januar 2026 bis zum 20. März 2026" in flat
    assert english_in(text, "de") == [], english_in(text, "de")
    assert "Results so far" not in flat and "The last 12 months." not in flat
