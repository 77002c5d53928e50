"""Any script prints: line breaks keep words whole, CJK text finds a font or a warning says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cxplan.render.breaks import size_columns
from cxplan.render.pdfkit import FONT, width, wrap
from helpers import page_text

JAPANESE = """\
    cxplan: 1
    client:
      name: 東京ハウジング株式会社
      language: ja
    vision:
      statement: すべてのお客様に安心できる住まい探しを
    touchpoints:
      - id: tp-viewing
        name: 物件の内見
        stage: before
        rating: 2
    standards:
      - id: s-viewing
        touchpoint: tp-viewing
        role: 営業担当
        standard: 内見の予約は二十四時間以内に確定する
"""


def _cjk_font() -> str | None:
    """A TrueType font with Japanese on this machine (fontconfig), or None."""
    if shutil.which("fc-list") is None:
        return None
    run = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True)
    files = [line.split(":")[0] for line in run.stdout.splitlines()]
    return next((f for f in sorted(files) if f.endswith(".ttf")), None)


def _cxplan(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # A process of its own: the fonts a build finds are kept for the process's life.
    return subprocess.run(
        [sys.executable, "-m", "cxplan", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß-", min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=12), st.floats(30, 200), st.sampled_from(["en", "de"]))
def test_a_line_ends_at_a_space_or_a_hyphen(items: list[str], limit: float, lang: str) -> None:
    text = " ".join(items)
    lines = wrap(text, FONT, 9, limit, lang)
    assert all(width(line, FONT, 9) <= limit + 0.01 for line in lines if len(line) > 2)
    # Each line is the text's next stretch; a break falls at a space, or the line ends
    # with a hyphen (one in the text, or one the break added).
    at = 0
    for line in lines:
        if text.startswith(line, at):
            at += len(line)
        else:
            assert line.endswith("-") and text.startswith(line[:-1], at), (line, text[at:])
            at += len(line) - 1
        if at < len(text):
            assert text[at] == " " or line.endswith("-"), (line, text[at:])
            at += text[at] == " "
    assert at == len(text)


def test_german_compounds_are_hyphenated_by_the_dictionary() -> None:
    lines = wrap("Kundenzufriedenheitsbefragung", FONT, 9, 70, "de")
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1])
    # At the dictionary's syllables, not anywhere: "Kunden-zufriedenheits-befragung".
    assert lines[0].rstrip("-") in ("Kunden", "Kundenzu", "Kundenzufrie", "Kundenzufrieden")


def test_ids_get_their_width_and_words_are_not_squeezed() -> None:
    # The id column needs 60 points, its share is 30: it takes them from the wide column.
    widths = size_columns([1, 4, 1], [40, 80, 40], [60, 0, 0], 300)
    assert widths[0] >= 60 and widths[2] >= 40 and abs(sum(widths) - 300) < 0.01


@pytest.mark.skipif(_cjk_font() is None, reason="no Japanese TrueType font installed")
def test_japanese_plan_prints_in_a_system_font(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(JAPANESE)
    run = _cxplan("build", plan, "-o", tmp_path / "out", "-f", "pdf", "-f", "checklists")
    assert run.returncode == 0, run.stderr
    assert "cannot be printed" not in run.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    reader = PdfReader(pdf)
    text = "\n".join(page_text(p) for p in reader.pages)
    for japanese in (
        "東京ハウジング株式会社",
        "物件の内見",
        "内見の予約は二十四時間以内に確定する",
    ):
        assert japanese in text.replace("\n", ""), japanese
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"].get("/Font", {}).values()
    }
    assert any("DejaVuSans" not in f for f in fonts)  # the CJK font, embedded as a subset
    sheets = "".join(
        page_text(p)
        for sheet in (tmp_path / "out" / "checklists").glob("*.pdf")
        for p in PdfReader(sheet).pages
    )
    assert "内見の予約は" in sheets and "物件の内見" in sheets


def test_without_a_font_the_build_says_which_field(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(JAPANESE)
    run = _cxplan(
        "build", plan, "-o", tmp_path / "out", "-f", "pdf", env={"CXPLAN_NO_SYSTEM_FONTS": "1"}
    )
    assert run.returncode == 0, run.stderr
    assert "Warning: client.name: " in run.stderr
    assert "Warning: standards[0].standard: " in run.stderr
    assert "--font FILE" in run.stderr


@pytest.mark.skipif(_cjk_font() is None, reason="no Japanese TrueType font installed")
def test_font_option_gives_the_glyphs(write_plan: Callable[..., Path], tmp_path: Path) -> None:
    plan = write_plan(JAPANESE)
    font = _cjk_font()
    assert font is not None
    run = _cxplan(
        "build",
        plan,
        "-o",
        tmp_path / "out",
        "-f",
        "pdf",
        "--font",
        font,
        env={"CXPLAN_NO_SYSTEM_FONTS": "1"},
    )
    assert run.returncode == 0 and "cannot be printed" not in run.stderr, run.stderr
    text = "".join(page_text(p) for p in PdfReader(next((tmp_path / "out").glob("*.pdf"))).pages)
    assert "物件の内見" in text


def test_a_font_that_cannot_be_embedded_is_refused(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(JAPANESE)
    bad = tmp_path / "font.ttf"
    bad.write_text("not a font", encoding="utf-8")
    run = _cxplan("build", plan, "-o", tmp_path / "out", "-f", "pdf", "--font", bad)
    assert run.returncode == 1
    assert "font.ttf: not a TrueType font cxplan can embed (--font)" in run.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_mark_set_off_by_a_space_stays_with_its_word() -> None:
    # French sets a space before "?", ":", "%" and inside « »: the walk-through's
    # "Mieux que la concurrence ?" left its "?" alone on the column's last line.
    from cxplan.render.pdfkit import BOLD, width

    question = "Mieux que la concurrence ?"
    lines = wrap(question, BOLD, 9, width("Mieux que la concurrence", BOLD, 9) + 1, "fr")
    assert lines == ["Mieux que la", "concurrence ?"]
    target = "Cible : 95 % des appels « traités » en moins de cinq minutes"
    quoted = wrap(target, FONT, 9, 60, "fr")
    assert " ".join(quoted) == target
    assert not any(line.startswith(("?", ":", "%", "»")) or line.endswith("«") for line in quoted)


def test_a_crowded_table_squeezes_columns_by_their_weights() -> None:
    # The owner matrix: touchpoints (weight 2.6) beside nine roles (1 each), whose longest
    # words need more than the page. An even share left the touchpoints a tenth of the
    # page, so "Tarifrechner auf der Internetseite" took seven lines.
    widths = size_columns([2.6] + [1.0] * 9, [130.0] + [70.0] * 9, [0.0] * 10, 482)
    assert widths[0] >= 100 and min(widths[1:]) >= 35 and abs(sum(widths) - 482) < 0.01
