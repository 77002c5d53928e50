"""A page checker for PDFs: what a reader would see as a layout defect, found from word boxes.

It reads a PDF with poppler (`pdftotext -bbox-layout`, independent of reportlab) and
reports words broken across lines without a hyphen, ids that wrap, text off the paper or
over other text, and headings stranded at the foot of a page.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NS = "{http://www.w3.org/1999/xhtml}"
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[list[Word]]


def pages(pdf: Path) -> list[Page]:
    """Every page's lines of words, with their boxes (y grows down the page)."""
    run = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=600,
    )
    root = ET.fromstring(run.stdout)
    out = []
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        lines = []
        for line in page.iter(f"{NS}line"):
            words = [
                Word(
                    w.text or "",
                    float(w.get("xMin", 0)),
                    float(w.get("yMin", 0)),
                    float(w.get("xMax", 0)),
                    float(w.get("yMax", 0)),
                )
                for w in line.iter(f"{NS}word")
            ]
            if words:
                lines.append(words)
        out.append(Page(number, float(page.get("width", 0)), float(page.get("height", 0)), lines))
    return out


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of the client's text, as a reader would search for them."""
    return {w.strip(".,;:()«»\"'“”!?") for t in texts for w in t.split() if w}


def defects(
    pdf: Path, words: set[str], ids: Iterable[str] = (), headings: Iterable[str] = ()
) -> list[str]:
    """Every layout defect found in ``pdf``, each with its page."""
    found: list[str] = []
    seen_words: set[str] = set()
    all_pages = pages(pdf)
    for page in all_pages:
        flat = [w for line in page.lines for w in line]
        seen_words.update(w.text for w in flat)
        found += _off_paper(page, flat) + _overprint(page, flat) + _broken(page, words)
        found += _stranded(page, set(headings))
    for ident in ids:
        if ident not in seen_words:
            found.append(f"id {ident} is not printed whole on one line")
    return found


def _off_paper(page: Page, flat: list[Word]) -> list[str]:
    return [
        f"p{page.number}: {w.text!r} runs off the paper"
        for w in flat
        if w.x0 < 0 or w.y0 < 0 or w.x1 > page.width + 0.5 or w.y1 > page.height + 0.5
    ]


def _overprint(page: Page, flat: list[Word]) -> list[str]:
    out = []
    ordered = sorted(flat, key=lambda w: w.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y0 >= a.y1 - 0.5:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            smaller = min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0)) or 1
            if dx > 1 and dy > 1 and dx * dy > 0.3 * smaller:
                out.append(f"p{page.number}: {a.text!r} and {b.text!r} are printed on each other")
    return out


def _broken(page: Page, words: set[str]) -> list[str]:
    """A line ending inside a word with no hyphen: its two halves make a word of the plan."""
    out = []
    for line, following in zip(page.lines, page.lines[1:], strict=False):
        last, first = line[-1], following[0]
        if abs(first.x0 - line[0].x0) > 2 or first.y0 < last.y0:  # not the next line of a cell
            continue
        head, tail = last.text, first.text
        if head.endswith(("-", "‐", "/")) or not LETTERS.search(head[-1:]):
            continue
        joined = (head + tail).strip(".,;:()«»\"'“”!?")
        if joined in words and head not in words:
            out.append(f"p{page.number}: {joined!r} is broken as {head!r} / {tail!r}")
    return out


def _stranded(page: Page, headings: set[str]) -> list[str]:
    """A heading with no line of its section below it on the page (the footer aside)."""
    if not headings:
        return []
    out = []
    body = [line for line in page.lines if line[0].y0 < page.height - 50]
    for line in body:
        text = " ".join(w.text for w in line)
        below = sum(1 for other in body if other[0].y0 > line[0].y1)
        if text in headings and below == 0:
            out.append(f"p{page.number}: the heading {text!r} is alone at the foot of the page")
    return out
