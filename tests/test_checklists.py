"""Staff checklists, read back with pypdf: who gets which standards, and the form fields."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import COMPLETE_EXAMPLES
from cxplan.forms.layout import FieldName, at_site, parse_name, plan_version
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
        section = path.stem  # role-reception
        for name in ("location", "auditor", "date", "score", "subject", "site"):
            assert fields[f"{name}:{section}"]["/FT"] == "/Tx"
        role = next(s.role for s in model.standards if s.id == ids[0])
        assert fields[f"subject:{section}"]["/V"] == role
        assert parse_name(f"auditor:{section}") == FieldName("header", "auditor", section)
    fields = PdfReader(files[-1]).get_fields() or {}
    for t in model.touchpoints:
        assert {"/1", "/2", "/3", "/4", "/5"} <= {
            str(k) for k in fields[f"rating:{t.id}"]["/_States_"]
        }
        assert {"/yes", "/no"} <= {str(k) for k in fields[f"standout:{t.id}"]["/_States_"]}
        assert fields[f"sees:{t.id}"]["/FT"] == "/Tx"
        assert fields[f"notes:{t.id}"]["/FT"] == "/Tx"
    for name in ("location", "walker", "date"):
        assert fields[f"{name}:walk-through"]["/FT"] == "/Tx"


def test_a_filled_in_checklist_reads_back(tmp_path: Path) -> None:
    model = load(HARBOUR).plan
    path = write_checklists(model, tmp_path, fillable=True)[0]
    writer = PdfWriter(clone_from=path)
    answers = {"s-confirm-booking": "/yes", "s-greet": "/no", "auditor:role-reception": "Zoë Ñúñez"}
    answers["comment:s-greet"] = "Busy morning; two patients waited. " * 5  # over 100 characters
    for page in writer.pages:
        writer.update_page_form_field_values(page, answers, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    fields = PdfReader(filled).get_fields() or {}
    assert fields["s-confirm-booking"]["/V"] == "/yes"
    assert fields["s-greet"]["/V"] == "/no"
    assert fields["auditor:role-reception"]["/V"] == "Zoë Ñúñez"
    assert fields["comment:s-greet"]["/V"] == answers["comment:s-greet"]
    assert "/MaxLen" not in fields["comment:s-greet"]
    # ...and cxplan's own reader of filled checklists reads what the auditor ticked
    from cxplan.results.match import Matcher
    from cxplan.results.readers import read_pdf

    writer = PdfWriter(clone_from=filled)
    for page in writer.pages:
        writer.update_page_form_field_values(
            page, {"date:role-reception": "2026-03-02"}, auto_regenerate=False
        )
    with filled.open("wb") as handle:
        writer.write(handle)
    matcher = Matcher(model)
    (submission,), _ = read_pdf(filled, matcher, "sha")
    assert not matcher.problems
    assert submission.auditor == "Zoë Ñúñez" and str(submission.day) == "2026-03-02"
    got = {a[0]: (a[1], a[2]) for a in submission.answers}
    assert got["s-confirm-booking"][0] == "yes"
    assert got["s-greet"] == ("no", answers["comment:s-greet"].strip())


def _score_script(path: Path, section: str) -> str:
    reader = PdfReader(path)
    form = reader.trailer["/Root"]["/AcroForm"]
    field = next(
        f.get_object() for f in form["/Fields"] if f.get_object()["/T"] == f"score:{section}"
    )
    assert field.indirect_reference in list(form["/CO"])  # calculated, in order
    return str(field["/AA"]["/C"]["/JS"])


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the form's script")
def test_the_fillable_score_computes_as_boxes_are_ticked(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: Shop}
        standards:
          - {id: s-a, role: Cashier, standard: Smile}
          - {id: s-b, role: Cashier, standard: Count back the change, weight: 3}
          - {id: s-c, role: Cashier, standard: Check the age on alcohol, critical: true}
          - {id: s-d, role: Cashier, standard: Bag heavy things first}
        """
    )
    path = write_checklists(load(plan).plan, tmp_path / "out", fillable=True)[0]
    script = _score_script(path, "role-cashier")

    def score(ticks: dict[str, str]) -> str:
        # The viewer's objects, as Acrobat's JavaScript gives them to a calculation.
        harness = (
            f"var ticks = {json.dumps(ticks)}; var event = {{value: null}};"
            " var doc = {getField: function (n) { return {value: ticks[n] || 'Off'}; }};"
            f" (function () {{ {script} }}).call(doc); console.log(event.value);"
        )
        run = subprocess.run(["node", "-e", harness], capture_output=True, text=True, check=True)
        return run.stdout.strip()

    assert score({}) == ""
    assert score({"s-a": "yes", "s-b": "no", "s-d": "na"}) == "25 %"  # 1 of 1 + 3
    assert score({"s-a": "yes", "s-b": "yes", "s-c": "yes", "s-d": "no"}) == "83 %"
    assert score({"s-a": "yes", "s-c": "no"}) == "50 % (critical: failed)"


def test_by_location_makes_one_pack_per_site(tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    files = write_checklists(model, tmp_path, by="location", fillable=True)
    roles = list(dict.fromkeys(s.role for s in model.standards))
    sites = model.client.sites()
    assert [f.name for f in files] == [f"{site.id}.pdf" for site in sites]
    for path, site in zip(files, sites, strict=True):
        reader = PdfReader(path)
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        assert outline[-1] == "Walk-through"
        assert sorted(outline[:-1]) == sorted(f"Role: {role}" for role in roles)
        text = text_of(path)
        assert squeeze(f"Location: {site.name}") in squeeze(text)
        assert text.count("Walk-through checklist") == 1
        assert text.count("Service-standard checklist\n") == len(roles)
        fields = reader.get_fields() or {}
        sections = {
            parse_name(name).section for name in fields if parse_name(name).kind == "header"
        }
        assert len(sections) == len(roles) + 1  # each role's fields apart, and the walk's
        assert {fields[f"site:{s}"]["/V"] for s in sections} == {site.id}
        _, here = at_site(model, site.id)
        assert sorted(ids_in(path, [s.id for s in model.standards])) == sorted(s.id for s in here)


def test_one_file_per_role_keeps_the_files_apart(tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    files = write_checklists(model, tmp_path, by="location", one_file_per_role=True)
    roles = list(dict.fromkeys(s.role for s in model.standards))
    sites = len(model.client.locations)
    # Each site: one checklist per role, and its own walk-through.
    assert len(files) == sites * len(roles) + sites
    assert len({f.name for f in files}) == len(files)
    first = text_of(files[0])
    assert squeeze(f"Location: {model.client.locations[0]}") in squeeze(first)
    kyiv = [f for f in files if "Київ" in text_of(f)]
    assert len(kyiv) == len(roles) + 1


def test_a_site_alone_and_the_list_of_sites(invoke: Callable[..., Any], tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    listed = invoke("checklists", HOSTILE, "--list-sites")
    assert listed.exit_code == 0, listed.output
    lines = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [line[0] for line in lines] == [s.id for s in model.client.sites()]
    assert [line[1] for line in lines] == [s.name for s in model.client.sites()]
    site = lines[-1][0]
    result = invoke("checklists", HOSTILE, "--site", site, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {tmp_path / site}.pdf\n"
    assert [p.name for p in tmp_path.iterdir()] == [f"{site}.pdf"]
    wrong = invoke("checklists", HOSTILE, "--site", site[:-1] + "x", "-o", tmp_path / "no")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith(f"Error: the plan has no site '{site[:-1]}x'; did you mean")
    assert not (tmp_path / "no").exists()


def test_sites_spread_over_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load(HOSTILE).plan
    monkeypatch.setattr("cxplan.render.checklists.PARALLEL_ROWS", 0)
    seen: list[int] = []
    kwargs: dict[str, Any] = {"by": "location", "fillable": True}
    monkeypatch.setenv("CXPLAN_JOBS", "3")
    spread = write_checklists(
        model, tmp_path / "a", parallel=True, progress=lambda d, t, n: seen.append(d), **kwargs
    )
    monkeypatch.setenv("CXPLAN_JOBS", "1")
    alone = write_checklists(model, tmp_path / "b", **kwargs)
    assert [p.read_bytes() for p in spread] == [p.read_bytes() for p in alone]
    assert seen[-1] == len(alone) and seen == sorted(seen)


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
    listed = invoke("checklists", plan, "--list-sites")
    assert listed.exit_code == 1 and listed.stdout == ""
    assert listed.stderr.startswith("Error: the plan names no locations (client.locations)")


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


def test_ids_never_wrap(write_plan: Callable[..., Path], tmp_path: Path) -> None:
    long = "s-" + "-".join(["puncture"] * 3) + "-same-day"  # 32 characters, hyphens to break at
    plan = write_plan(
        f"""\
        cxplan: 1
        client: {{name: Cycles}}
        standards:
          - {{id: {long}, role: Mechanic, standard: Fix a puncture the same day}}
          - {{id: s-checkin-wait, role: Mechanic, standard: Check the bike in within 5 minutes}}
        """
    )
    path = write_checklists(load(plan).plan, tmp_path / "out")[0]
    lines = text_of(path).splitlines()
    for ident in (long, "s-checkin-wait"):
        assert any(ident in line for line in lines), ident  # whole, on one line


def test_walk_through_ids_never_wrap(write_plan: Callable[..., Path], tmp_path: Path) -> None:
    # a German starter touchpoint's id, wider than the walk-through's touchpoint column
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: Müller GmbH, language: de}
        touchpoints:
          - {id: werbung-und-soziale-medien, name: Werbung und soziale Medien, stage: before,
             channel: soziale Medien, owner: Marketingleitung}
          - {id: kasse, name: Kasse, stage: during}
        """
    )
    path = write_checklists(load(plan).plan, tmp_path / "out")[-1]
    lines = text_of(path).splitlines()
    assert "Werbung und soziale" in text_of(path)  # the walk-through, not a role's list
    for ident in ("werbung-und-soziale-medien", "kasse"):
        assert any(ident in line for line in lines), ident  # whole, on one line


def test_unreviewed_standards_are_flagged(write_plan: Callable[..., Path], tmp_path: Path) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: Cycles}
        standards:
          - {id: s-kept, role: Mechanic, standard: Fix a puncture the same day}
          - {id: s-starter, role: Mechanic, standard: Greet within a minute, reviewed: false}
        """
    )
    # Words, not lines: at 9 pt the flag may take two lines of the standard's column.
    text = " ".join(text_of(write_checklists(load(plan).plan, tmp_path / "out")[0]).split())
    assert text.count("Draft: not yet reviewed by the team") == 1
    assert text.index("Greet within a minute") < text.index("Draft: not yet reviewed")


def test_a_continued_table_says_whose_it_is(tmp_path: Path) -> None:
    model = load(HOSTILE).plan
    many = [
        s.model_copy(update={"id": f"{s.id}-{n}", "role": "Barista"})
        for n in range(12)
        for s in model.standards[:3]
    ]
    plan = model.model_copy(update={"standards": many})
    path = write_checklists(plan, tmp_path, by="location", site=plan.client.sites()[0].id)[0]
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    continued = [i for i, text in enumerate(pages) if "Role: Barista (continued)" in text]
    assert continued and 0 not in continued
    assert all("Walk-through checklist" not in pages[i] for i in continued)


def _header_band(page: Any) -> str:
    """The text drawn in a page's top band (above the body), as pypdf reads it."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() and tm[5] * cm[3] + cm[5] > height - 60:
            found.append(text)

    page.extract_text(visitor_text=visit)
    return " ".join(found)


@pytest.mark.parametrize("fillable", [False, True], ids=["printed", "fillable"])
@pytest.mark.parametrize(
    ("industry", "language", "mark"),
    [("hospitality", "en", "DRAFT"), ("retail", "de", "ENTWURF"), ("saas", "fr", "BROUILLON")],
)
def test_a_draft_checklist_is_marked_on_every_page_and_on_each_unreviewed_row(
    industry: str, language: str, mark: str, fillable: bool, tmp_path: Path
) -> None:
    from cxplan.api import new_plan
    from cxplan.i18n import resolve

    made = new_plan(tmp_path / "plan", "Client", industry=industry, language=language)
    model = load(made.plan).plan
    assert model.standards and not any(s.reviewed for s in model.standards)
    flag = resolve(language)[0].tr("Draft: not yet reviewed by the team")
    for path in write_checklists(model, tmp_path / "out", fillable=fillable):
        reader = PdfReader(path)
        for number, page in enumerate(reader.pages, start=1):
            assert mark in _header_band(page), f"{path.name} p{number} carries no draft mark"
        if path.name != "walk-through.pdf":
            # Every unreviewed standard's row says so.
            ids = [s.id for s in model.standards if s.id in text_of(path)]
            assert ids and squeeze(text_of(path)).count(squeeze(flag)) == len(ids)


@pytest.mark.parametrize("plan", COMPLETE_EXAMPLES, ids=lambda p: p.parent.name)
def test_a_finished_plan_prints_no_draft_mark(plan: Path, tmp_path: Path) -> None:
    for fillable in (False, True):
        for path in write_checklists(load(plan).plan, tmp_path / str(fillable), fillable=fillable):
            words = text_of(path).upper()
            assert "DRAFT" not in words and "ENTWURF" not in words, path.name


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_column_titles_break_only_where_the_language_hyphenates(
    language: str, tmp_path: Path
) -> None:
    import pyphen
    from layout import pages

    from cxplan.api import new_plan
    from cxplan.i18n import resolve
    from cxplan.render.checklists import STANDARD_TITLES

    tr = resolve(language)[0].tr
    made = new_plan(tmp_path / "plan", "Client", industry="utilities", language=language)
    path = write_checklists(load(made.plan).plan, tmp_path / "out")[0]
    words = [w.text for page in pages(path) for line in page.lines for w in line]
    # The tick-box titles ("Entf.", "N.A.") are printed whole...
    for title in STANDARD_TITLES[3:6]:
        assert tr(title) in words
    # ...and a title broken over lines is broken where the dictionary allows ("Kontakt-punkt").
    dictionary = pyphen.Pyphen(lang=language)
    for title in (tr(t) for t in STANDARD_TITLES):
        for word in title.split():
            heads = [w for w in words if w.endswith("-") and word.startswith(w[:-1]) and w != word]
            for head in heads:
                assert len(head) - 1 in dictionary.positions(word) or "-" in word, (word, head)


def test_every_page_of_a_long_draft_checklist_carries_the_draft_mark(tmp_path: Path) -> None:
    # The mark was drawn once per file (a cached drawing): pages 2 and on had none.
    model = load(HOSTILE).plan
    many = [
        s.model_copy(update={"id": f"{s.id}-{n}", "role": "Barista", "reviewed": False})
        for n in range(12)
        for s in model.standards[:3]
    ]
    plan = model.model_copy(update={"standards": many})
    path = write_checklists(plan, tmp_path, by="location", site=plan.client.sites()[0].id)[0]
    reader = PdfReader(path)
    assert len(reader.pages) > 1
    for number, page in enumerate(reader.pages, start=1):
        assert "DRAFT" in _header_band(page), f"p{number} carries no draft mark"
