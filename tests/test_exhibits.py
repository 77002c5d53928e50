"""The exhibits consultants lead with, in the PDF and the Word plan alike, read back."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import COMPLETE_EXAMPLES
from cxplan.build import BuildOptions, build
from cxplan.document.blocks import Orientation, Table
from cxplan.document.plan import build_document
from cxplan.plan.load import load
from helpers import page_text, squeeze

EXAMPLE = COMPLETE_EXAMPLES[0]
EXHIBITS = (
    "The plan on a page",
    "Journey map",
    "Who does what",
    "Roadmap",
    "Baselines and targets",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, docx.Document]:
    out = tmp_path_factory.mktemp("exhibits")
    result = build(EXAMPLE, BuildOptions(out_dir=out, formats=["pdf", "docx"]))
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    word = next(p for p in result.files if p.suffix == ".docx")
    return PdfReader(pdf), docx.Document(str(word))


def _word_tables(document: docx.Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def test_the_plan_on_a_page_names_priorities_measures_and_the_next_90_days(
    built: tuple[PdfReader, docx.Document],
) -> None:
    plan = load(EXAMPLE).plan
    reader, document = built
    text = squeeze("".join(page_text(p) for p in reader.pages[2:4]))
    lowest = min((t for t in plan.touchpoints if t.moment_of_truth), key=lambda t: t.rating or 6)
    for expected in ("Priority moments of truth", lowest.name or "", "Next 90 days", "NPS points"):
        assert squeeze(expected) in text, expected
    first = next(t for t in _word_tables(document) if t[0][0] == "Vision")
    labels = [row[0] for row in first]
    assert labels[:3] == ["Vision", "Promise", "Priority moments of truth"]
    assert (lowest.name or "") in first[2][1]
    assert "NPS points" in first[3][1]  # every headline measure carries its unit


def test_journey_map_is_landscape_with_every_lane_in_both_formats(
    built: tuple[PdfReader, docx.Document],
) -> None:
    plan = load(EXAMPLE).plan
    reader, document = built
    wide = [p for p in reader.pages if float(p.mediabox.width) > float(p.mediabox.height)]
    assert wide, "the journey map is on landscape pages"
    text = squeeze("".join(page_text(p) for p in wide))
    for lane in ("Channel", "5 excellent", "1 poor", "Pain points", "Actions", "Owner"):
        assert squeeze(lane) in text, lane
    for t in plan.touchpoints:
        assert squeeze(t.name or t.id) in text, t.name
    # Word: the same panels in a landscape section, the rating marked in its own line.
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert len(landscape) == 1
    panels = [t for t in _word_tables(document) if len(t) > 1 and t[1][0] == "Channel"]
    assert panels
    names = {cell.removeprefix("★ ") for t in panels for cell in t[0][1:]}
    assert names == {t.name for t in plan.touchpoints}
    for t in panels:
        ratings = {row[0]: row[1:] for row in t if re.fullmatch(r"\d \w+", row[0])}
        assert list(ratings) == ["5 excellent", "4 good", "3 fair", "2 weak", "1 poor"]
        for column, name in enumerate(t[0][1:]):
            tp = next(x for x in plan.touchpoints if x.name == name.removeprefix("★ "))
            marked = [label for label, cells in ratings.items() if cells[column] == "●"]
            assert marked == (
                [
                    f"{tp.rating} {label.split()[1]}"
                    for label in ratings
                    if label.startswith(str(tp.rating))
                ]
                if tp.rating
                else []
            )


def test_owner_matrix_and_roadmap_in_both_formats(built: tuple[PdfReader, docx.Document]) -> None:
    plan = load(EXAMPLE).plan
    reader, document = built
    tables = _word_tables(document)
    matrix = next(t for t in tables if t[0][0] == "Touchpoint" and "Rating" not in t[0])
    first = plan.touchpoints[0]
    owner_column = matrix[0].index(first.owner)
    assert "A" in matrix[1][owner_column]  # the owner of the first touchpoint is accountable
    roles = {s.role for s in plan.standards if s.touchpoint == first.id}
    for role in roles & set(matrix[0]):
        assert "R" in matrix[1][matrix[0].index(role)]
    roadmap = next(t for t in tables if t[0][:3] == ["Action", "Owner", "Status"])
    assert len(roadmap) == len(plan.improvement.actions) + 1
    assert all(sum(c == "◆" for c in row[3:]) == 1 for row in roadmap[1:])  # one due month each
    pdf = squeeze("".join(page_text(p) for p in reader.pages))
    for exhibit in EXHIBITS:
        assert squeeze(exhibit) in pdf, exhibit
    word = squeeze("\n".join(p.text for p in document.paragraphs))
    for exhibit in EXHIBITS:
        assert squeeze(exhibit) in word, exhibit


def test_baselines_against_targets_on_each_measures_scale(
    built: tuple[PdfReader, docx.Document],
) -> None:
    plan = load(EXAMPLE).plan
    _, document = built
    chart = next(
        t for t in _word_tables(document) if t[0][:3] == ["Measure", "Baseline → target", "Scale"]
    )
    measures = [m for m in plan.measures if m.baseline is not None and m.target is not None]
    assert [row[0] for row in chart[1:]] == [m.name for m in measures]
    nps = next(row for row in chart[1:] if row[0] == "Net Promoter Score")
    assert nps[2] == "-100 to 100" and nps[1].endswith("NPS points")
    # The bar is shaded in Word as in the PDF: 20 cells, the baseline's share dark.
    table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Measure" and len(t.columns) == 23
    )
    shades = [c._tc.tcPr.xpath("./w:shd/@w:fill") for c in table.rows[1].cells[3:]]
    dark = sum(1 for s in shades if s == ["9DB9D5"])
    baseline = next(m.baseline for m in measures if m.name == "Net Promoter Score")
    assert baseline is not None
    assert dark == round((baseline + 100) / 200 * 20)


def test_a_big_journey_splits_into_panels_of_one_stage(tmp_path: Path) -> None:
    from test_layout import german_plan

    plan_path = german_plan(tmp_path, 200)
    document = build_document(load(plan_path).plan)
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Orientation) and b.landscape)
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Orientation) and not b.landscape)
    panels = [b for b in blocks[start:end] if isinstance(b, Table)]
    # Two panels of seven per stage: its moments of truth first, then the lowest rated.
    assert len(panels) == 6
    assert all(len(p.columns) == 8 and p.keep for p in panels)
    # the German plan's map speaks German: its stage and the note on what it shows
    assert panels[0].columns[0].title == "Vor dem Kauf"
    assert panels[0].caption.startswith("Vor dem Kauf: 14 von 67 Kontaktpunkten, die Momente")
    shown = {c.title.removeprefix("★ ") for p in panels for c in p.columns[1:]}
    plan = load(plan_path).plan
    truths = {t.name for t in plan.touchpoints if t.moment_of_truth}
    assert len(shown & truths) == len(shown) or truths <= shown


def test_headline_measures_give_the_horizon_in_brackets_without_a_stray_comma(
    built: tuple[PdfReader, docx.Document],
) -> None:
    plan = load(EXAMPLE).plan
    _, document = built
    first = next(t for t in _word_tables(document) if t[0][0] == "Vision")
    measures = first[3][1].split("\n")
    horizon = f"(by {plan.vision.horizon})"
    assert measures and all(line.endswith(f" {horizon}") for line in measures), measures
    assert not any(f", {horizon}" in line for line in measures), measures
