"""The document builder on its own: which blocks a plan gives, in which order, holding
what, before any writer turns them into Word or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import COMPLETE_EXAMPLES, DRAFT_EXAMPLES
from cxplan.document import blocks as b
from cxplan.document.plan import build_document
from cxplan.i18n import language
from cxplan.plan.load import load


def text_of(block: Any) -> str:
    if isinstance(block, b.Paragraph):
        return block.text
    if isinstance(block, b.Table):
        return " ".join(str(cell.text) for row in block.rows for cell in row)
    if isinstance(block, b.Bullets):
        return " ".join(span.text for item in block.items for span in item)
    if isinstance(block, b.Facts):
        return " ".join(f"{k} {v}" for k, v in block.rows)
    return ""


def document_of(path: Path) -> tuple[Any, b.Document]:
    plan = load(path).plan
    return plan, build_document(plan)


def test_the_plan_opens_with_its_cover_and_contents() -> None:
    plan, doc = document_of(COMPLETE_EXAMPLES[0])
    cover = doc.blocks[0]
    assert isinstance(cover, b.Cover)
    assert cover.client == plan.client.name
    assert any(isinstance(block, b.Contents) for block in doc.blocks[:3])
    assert doc.meta.client == plan.client.name


def test_the_seven_steps_are_chapters_in_order() -> None:
    _, doc = document_of(COMPLETE_EXAMPLES[0])
    chapters = [h.text for h in doc.headings() if h.level == 1]
    numbered = [c for c in chapters if c[:1].isdigit()]
    assert [int(c.split(".")[0]) for c in numbered] == [1, 2, 3, 4, 5, 6, 7]
    anchors = [h.anchor for h in doc.headings()]
    assert len(anchors) == len(set(anchors)), "every heading has its own anchor"


def test_every_touchpoint_and_standard_appears_in_the_body() -> None:
    plan, doc = document_of(COMPLETE_EXAMPLES[1])
    body = " ".join(text_of(block) for block in doc.blocks)
    for touchpoint in plan.touchpoints:
        assert touchpoint.name in body, touchpoint.name
    for standard in plan.standards:
        assert standard.id in body, standard.id


def test_the_journey_map_holds_every_touchpoint_once_with_its_moments_of_truth() -> None:
    from cxplan.document.exhibits import journey_lanes

    plan = load(COMPLETE_EXAMPLES[0]).plan
    panels = list(journey_lanes(plan, language(plan.client.language)))
    assert panels and all(isinstance(panel, b.Table) for panel in panels)
    stops = [c.title for panel in panels for c in panel.columns[1:]]  # type: ignore[union-attr]
    assert sorted(s.removeprefix("★ ") for s in stops) == sorted(t.name for t in plan.touchpoints)
    truths = {s.removeprefix("★ ") for s in stops if s.startswith("★ ")}
    assert truths == {t.name for t in plan.touchpoints if t.moment_of_truth}
    # every panel has the same lanes, so a reader can follow a row across pages
    lanes = {tuple(row[0].text for row in panel.rows) for panel in panels}  # type: ignore[union-attr]
    assert len(lanes) == 1


def test_tables_have_as_many_cells_as_columns() -> None:
    for path in COMPLETE_EXAMPLES:
        _, doc = document_of(path)
        for block in doc.blocks:
            if isinstance(block, b.Table):
                assert block.rows, block.caption
                assert all(len(row) == len(block.columns) for row in block.rows), block.caption


def test_a_draft_says_which_steps_are_not_done() -> None:
    _, done = document_of(COMPLETE_EXAMPLES[0])
    assert done.draft_steps == []
    _, draft = document_of(DRAFT_EXAMPLES[0])
    assert draft.draft_steps and all(1 <= step <= 7 for step in draft.draft_steps)


def test_the_sign_off_names_every_leader() -> None:
    plan, doc = document_of(COMPLETE_EXAMPLES[0])
    (signoff,) = [block for block in doc.blocks if isinstance(block, b.SignOff)]
    names = {name for name, _, _ in signoff.people}
    leaders = {plan.leadership.sponsor.name, *(c.leader for c in plan.leadership.commitments)}
    assert {leader for leader in leaders if leader} <= names
