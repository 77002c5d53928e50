"""Checklists of a plan with long ids (a German starter plan's, up to about 30 characters): the
standard keeps a readable share of the table, no id wraps, the tick boxes line up."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from layout import Page, Word, defects, pages, vocabulary
from pypdf import PdfReader

from conftest import COMPLETE_EXAMPLES
from cxplan.plan.load import load
from helpers import fill

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


@pytest.fixture
def german(tmp_path: Path, invoke: Callable[..., Any]) -> Path:
    """The German retail starter plan, with two sites."""
    folder = tmp_path / "plan"
    made = invoke("new", folder, "--industry", "retail", "--language", "de", "--client", "Müller")
    assert made.exit_code == 0, made.output
    path = folder / "cxplan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  locations: []" in text
    path.write_text(text.replace("  locations: []", "  locations: [Hauptstraße, Bahnhof]"))
    return path


def _header(page: Page, word: str) -> Word:
    """The table header's ``word`` (on the line of "Zielwert", the header's own word)."""
    flat = [w for line in page.lines for w in line]
    band = next(w for w in flat if w.text == "Zielwert")
    return next(w for w in flat if w.text == word and abs(w.y0 - band.y0) < 2)


def _standard_share(page: Page) -> float:
    """The standard column's width over the table's (margins are the same both sides)."""
    left = _header(page, "#").x0
    return (_header(page, "Ja").x0 - _header(page, "Standard").x0) / (page.width - 2 * left)


def _checklists(plan: Path, out: Path, invoke: Callable[..., Any], *args: str) -> list[Path]:
    made = invoke("checklists", plan, "-o", out, *args)
    assert made.exit_code == 0, made.output
    return sorted(out.glob("*.pdf"))


def test_long_ids_leave_the_standard_its_share_and_never_wrap(
    german: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    plan = load(german).plan
    ids = [s.id for s in plan.standards]
    assert max(len(i) for i in ids) >= 28  # s-onlinebestellung-lieferung
    texts = [s.standard or "" for s in plan.standards] + [s.target or "" for s in plan.standards]
    words = vocabulary(texts + [t.name or "" for t in plan.touchpoints])
    files = _checklists(german, tmp_path / "role", invoke)
    files += _checklists(german, tmp_path / "site", invoke, "--by", "location")
    files += _checklists(german, tmp_path / "tp", invoke, "--by", "touchpoint")
    files += _checklists(german, tmp_path / "fill", invoke, "--fillable")
    printed: set[str] = set()
    for path in files:
        assert defects(path, words) == [], path.name
        for page in pages(path):
            flat = [w for line in page.lines for w in line]
            if any(w.text == "Zielwert" for w in flat):
                # Before, the ids took 150 pt and the standard ~50 (a word or two a line).
                assert _standard_share(page) >= 0.3, (path.name, page.number)
            printed |= {w.text for w in flat}
    assert set(ids) <= printed  # each id whole, a word of its own on one line


def test_short_ids_keep_their_column(tmp_path: Path) -> None:
    from cxplan.render.checklists import write_checklists

    model = load(COMPLETE_EXAMPLES[0]).plan
    path = write_checklists(model, tmp_path)[0]
    flat = [w for line in pages(path)[0].lines for w in line]
    head = next(w for w in flat if w.text == "Id")
    below = {w.text for w in flat if abs(w.x0 - head.x0) < 1 and w.y0 > head.y1}
    assert below and below <= {s.id for s in model.standards}


def test_filled_long_id_checklists_line_up_and_import(
    german: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    (sheet,) = [
        p
        for p in _checklists(german, tmp_path / "fill", invoke, "--fillable")
        if p.name == "role-verkaufsteam.pdf"
    ]
    page = pages(sheet)[0]
    columns = {v: _header(page, w).x0 - 3 for v, w in (("yes", "Ja"), ("no", "Nein"))}
    columns["na"] = _header(page, "Entf.").x0 - 3
    columns["end"] = _header(page, "Bemerkung").x0 - 3
    rows = {line[0].text: line[0] for line in page.lines if len(line) == 1}
    fields = PdfReader(sheet).get_fields() or {}
    ident = "s-produkte-finden-beratung"
    assert ident in rows and ident in fields
    bounds = {"yes": ("yes", "no"), "no": ("no", "na"), "na": ("na", "end")}
    for kid in fields[ident]["/Kids"]:
        box = kid.get_object()
        value = next(k for k in box["/AP"]["/N"] if k != "/Off").lstrip("/")
        x0, _, x1, y1 = (float(n) for n in box["/Rect"])
        low, high = bounds[value]
        assert columns[low] < (x0 + x1) / 2 < columns[high], value
        # level with the id's line, the row's first (pdftotext measures y down the page)
        assert abs((page.height - y1) - rows[ident].y0) < 6, value
    filled = fill(
        sheet,
        tmp_path / "filled.pdf",
        {
            "location:role-verkaufsteam": "Bahnhof",
            "auditor:role-verkaufsteam": "Jana",
            "date:role-verkaufsteam": "2026-03-02",
            ident: "/yes",
            "s-begruessung-im-laden": "/no",
            "comment:s-begruessung-im-laden": "niemand an der Tür",
        },
    )
    result = invoke("results", "import", filled, "--plan", german)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(german.with_name("cxplan.results.sqlite")) as con:
        got = con.execute("SELECT standard, result, comment FROM answers").fetchall()
    assert (ident, "yes", None) in got
    assert ("s-begruessung-im-laden", "no", "niemand an der Tür") in got
