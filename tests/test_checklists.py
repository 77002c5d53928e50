"""Staff checklists, read back with pypdf: who gets which standards, and the form fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import COMPLETE_EXAMPLES
from cxplan.forms.layout import plan_version
from cxplan.plan.load import load
from cxplan.plan.model import Stage
from cxplan.render.checklists import write_checklists
from helpers import HOSTILE, squeeze
from helpers import pdf_text as text_of

HARBOUR = COMPLETE_EXAMPLES[0]


def ids_in(path: Path, ids: list[str]) -> list[str]:
    """Which of ``ids`` a checklist prints, in the order it prints them (ids wrap at '-')."""
    text = text_of(path).replace("-\n", "-")
    found = {i: re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text) for i in ids}
    return sorted((i for i in ids if found[i]), key=lambda i: found[i].start())  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "plan",
    [*COMPLETE_EXAMPLES, HOSTILE],
    ids=lambda p: p.parent.name if p.name == "cxplan.yaml" else p.stem,
)
def test_one_checklist_per_role_and_every_standard_on_its_role(plan: Path, tmp_path: Path) -> None:
    model = load(plan).plan
    files = write_checklists(model, tmp_path)
    roles = {s.role or "No role given" for s in model.standards}
    assert [f.name for f in files][-1] == "walk-through.pdf"
    assert len(files) == len(roles) + 1
    every = [s.id for s in model.standards]
    for path in files[:-1]:
        text = text_of(path)
        found = re.search(r"^Role: (.*)$", text, flags=re.MULTILINE)
        assert found, path.name
        role = found.group(1)
        roles.remove(role)
        mine = [s for s in model.standards if (s.role or "No role given") == role]
        assert sorted(ids_in(path, every)) == sorted(s.id for s in mine)
        for s in mine:
            assert squeeze(s.standard or "") in squeeze(text)
        assert f"plan version {plan_version(model)}" in text
        noun = "standard" if len(mine) == 1 else "standards"
        assert f"({len(mine)} {noun}; N.A. answers are left out)" in text
        for words in ("Location:", "Auditor:", "Date:", "Auditor's signature:", "Score"):
            assert words in text


def test_rows_follow_the_journey(tmp_path: Path) -> None:
    model = load(HARBOUR).plan
    files = write_checklists(model, tmp_path)
    stage = {t.id: t.stage for t in model.touchpoints}
    order = [Stage.BEFORE, Stage.DURING, Stage.AFTER]
    by_id = {s.id: s for s in model.standards}
    for path in files[:-1]:
        ids = ids_in(path, list(by_id))
        stages = [order.index(stage[by_id[i].touchpoint or ""]) for i in ids]  # type: ignore[arg-type]
        assert stages == sorted(stages), path.name
    walk = text_of(files[-1])
    names = [t.name or t.id for t in model.touchpoints]
    positions = [squeeze(walk).find(squeeze(n)) for n in names]
    assert all(p >= 0 for p in positions)
    journey = sorted(model.touchpoints, key=lambda t: order.index(t.stage))  # type: ignore[arg-type]
    assert sorted(positions) == [squeeze(walk).find(squeeze(t.name or "")) for t in journey]


def test_walk_through_asks_the_fresh_eyes_questions(tmp_path: Path) -> None:
    path = write_checklists(load(HARBOUR).plan, tmp_path)[-1]
    text = text_of(path)
    for words in (
        "Walk-through checklist",
        "What does a new customer see here?",
        "Rating 1-5",
        "Stand out from competitors?",
        "Notes",
        "Walked by:",
        "★ marks a moment of truth.",
    ):
        assert squeeze(words) in squeeze(text), words


def test_fillable_fields_are_named_by_id(tmp_path: Path) -> None:
    model = load(HARBOUR).plan
    files = write_checklists(model, tmp_path, fillable=True)
    for path in files[:-1]:
        fields = PdfReader(path).get_fields() or {}
        ids = ids_in(path, [s.id for s in model.standards])
        assert ids
        for ident in ids:
            assert fields[ident]["/FT"] == "/Btn", ident  # a radio group: one answer
            states = {str(k) for k in fields[ident]["/_States_"]}
            assert {"/yes", "/no", "/na"} <= states
            assert fields[f"comment:{ident}"]["/FT"] == "/Tx"
        for name in ("location", "auditor", "date", "score"):
            assert fields[name]["/FT"] == "/Tx"
    fields = PdfReader(files[-1]).get_fields() or {}
    for t in model.touchpoints:
        assert {"/1", "/2", "/3", "/4", "/5"} <= {
            str(k) for k in fields[f"rating:{t.id}"]["/_States_"]
        }
        assert {"/yes", "/no"} <= {str(k) for k in fields[f"standout:{t.id}"]["/_States_"]}
        assert fields[f"sees:{t.id}"]["/FT"] == "/Tx"
        assert fields[f"notes:{t.id}"]["/FT"] == "/Tx"


def test_a_filled_in_checklist_reads_back(tmp_path: Path) -> None:
    model = load(HARBOUR).plan
    path = write_checklists(model, tmp_path, fillable=True)[0]
    writer = PdfWriter(clone_from=path)
    answers = {"s-confirm-booking": "/yes", "s-greet": "/no", "auditor": "Zoë Ñúñez"}
    answers["comment:s-greet"] = "Busy morning; two patients waited"
    for page in writer.pages:
        writer.update_page_form_field_values(page, answers, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    fields = PdfReader(filled).get_fields() or {}
    assert fields["s-confirm-booking"]["/V"] == "/yes"
    assert fields["s-greet"]["/V"] == "/no"
    assert fields["auditor"]["/V"] == "Zoë Ñúñez"
    assert fields["comment:s-greet"]["/V"] == "Busy morning; two patients waited"


def test_by_location_makes_a_set_per_location(tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    files = write_checklists(model, tmp_path, by="location")
    roles = list(dict.fromkeys(s.role for s in model.standards))
    sites = len(model.client.locations)
    # Each site: one checklist per role, and its own walk-through.
    assert len(files) == sites * len(roles) + sites
    assert len({f.name for f in files}) == len(files)
    first = text_of(files[0])
    assert squeeze(f"Location: {model.client.locations[0]}") in squeeze(first)
    kyiv = [f for f in files if "Київ" in text_of(f)]
    assert len(kyiv) == len(roles) + 1


def test_by_touchpoint_keeps_standards_without_one(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: Shop}
        touchpoints:
          - {id: till, name: Till, stage: during}
          - {id: web, name: Website, stage: before}
        standards:
          - {id: s-smile, touchpoint: till, role: Cashier, standard: Smile}
          - {id: s-load, touchpoint: web, role: Web team, standard: Loads in 2 s}
          - {id: s-clean, role: Cleaner, standard: Floor clean by 9}
        """
    )
    files = write_checklists(load(plan).plan, tmp_path / "out", by="touchpoint")
    assert [f.name for f in files] == [
        "touchpoint-web.pdf",
        "touchpoint-till.pdf",
        "no-touchpoint.pdf",
        "walk-through.pdf",
    ]
    assert "s-clean" in text_of(files[2])


def test_roles_that_make_the_same_file_name_get_their_own(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: Shop}
        standards:
          - {id: s-a, role: Front desk, standard: A}
          - {id: s-b, role: front-desk, standard: B}
          - {id: s-c, standard: C}
        """
    )
    files = write_checklists(load(plan).plan, tmp_path / "out")
    assert [f.name for f in files] == [
        "role-front-desk.pdf",
        "role-front-desk-2.pdf",
        "role-no-role-given.pdf",
        "walk-through.pdf",
    ]


def test_cli_checklists(invoke: Callable[..., Any], tmp_path: Path) -> None:
    result = invoke("checklists", HARBOUR, "-o", tmp_path, "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(
        f"Wrote {tmp_path / name}\n"
        for name in (
            "role-reception.pdf",
            "role-practice-manager.pdf",
            "role-dentist.pdf",
            "walk-through.pdf",
        )
    )
    box = PdfReader(tmp_path / "walk-through.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_cli_by_location_needs_locations(
    invoke: Callable[..., Any], write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan("cxplan: 1\nclient: {name: Shop}\n")
    result = invoke("checklists", plan, "--by", "location", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the plan names no locations (client.locations), so there is nothing to make "
        "checklists per location for\n"
        "Add them to the plan, e.g. `locations: [Quay Street, Northside]`, or use --by role.\n"
    )
    assert not (tmp_path / "out").exists()


def test_build_writes_the_checklists_too(invoke: Callable[..., Any], tmp_path: Path) -> None:
    result = invoke("build", HARBOUR, "-o", tmp_path, "-f", "checklists")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "checklists").iterdir()) == [
        "role-dentist.pdf",
        "role-practice-manager.pdf",
        "role-reception.pdf",
        "walk-through.pdf",
    ]


def test_checklists_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    model = load(HARBOUR).plan
    first = [p.read_bytes() for p in write_checklists(model, tmp_path / "a", fillable=True)]
    second = [p.read_bytes() for p in write_checklists(model, tmp_path / "b", fillable=True)]
    assert first == second
