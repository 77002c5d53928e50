"""Ids people can read, renamed with every reference; sites with their own standards."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT
from cxplan.build import BuildOptions, build
from cxplan.forms.layout import at_site, checklists, walk_throughs
from cxplan.plan.ids import MAX_ID, SHORT_ID, fillers, new_id, slug, unique_names
from cxplan.plan.load import load
from cxplan.render.checklists import write_checklists
from helpers import pdf_text, squeeze


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Check-Out Desk", "check-out-desk"),
        ("Kundenzentrum Marktstraße", "kundenzentrum-marktstrasse"),
        ("Größenberatung für Übergrößen", "groessenberatung-fuer"),
        ("Łódź Café Øresund", "lodz-cafe-oresund"),
        ("Zoë's Kitchen", "zoes-kitchen"),
        ("Ελληνικό καφέ", "elliniko-kafe"),
        ("Центр обслуживания", "tsentr-obsluzhivaniya"),
        (
            "Parts counter: serve trade customers quickly and with a smile",
            "parts-counter-serve-trade",
        ),
    ],
)
def test_ids_read_well(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert len(slug(name)) <= MAX_ID


def test_names_with_no_latin_form_get_a_numbered_prefix() -> None:
    taken: set[str] = set()
    first = new_id("予約の確認", taken, fallback="tp")
    taken.add(first)
    second = new_id("受付", taken, fallback="tp")
    assert (first, second) == ("tp-1", "tp-2")
    assert new_id("お支払い", {"s-1"}, prefix="s-") == "s-2"


def test_ids_are_cut_between_words_and_stay_unique() -> None:
    name = "Parts counter: serve trade customers quickly and with a smile"
    first = new_id(name, set(), prefix="s-")
    assert first == "s-parts-counter-serve"
    assert len(first) <= MAX_ID
    # taken: a word longer, and only when no longer form is free, a counter
    second = new_id(name, {first}, prefix="s-")
    assert second == "s-parts-counter-serve-trade"
    assert new_id(name, {first, second}, prefix="s-") == f"{first}-2"


def test_file_names_that_clash_grow_a_word_until_they_differ() -> None:
    roles = [
        "Sachbearbeitung Kundenservice Privatkunden",
        "Sachbearbeitung Kundenservice Geschäftskunden",
        "Sachbearbeitung Kundenservice",  # all its words: the others grow past it
        "Host",
        "host",  # the same words: only a counter tells them apart
        "受付",
    ]
    assert unique_names(roles, prefix="role-", fallback="role") == [
        "role-sachbearbeitung-kundenservice-privatkunden",
        "role-sachbearbeitung-kundenservice-geschaeftskunden",
        "role-sachbearbeitung-kundenservice",
        "role-host",
        "role-host-2",
        "role-1",
    ]
    # With short names cut after the first word, both grow by one word and no more.
    assert unique_names(
        ["Sachbearbeitung Kundenservice Nord", "Sachbearbeitung Abrechnung Nord"], limit=20
    ) == ["sachbearbeitung-kundenservice", "sachbearbeitung-abrechnung"]


def test_japanese_roles_get_readable_file_names(write_plan: Callable[..., Path]) -> None:
    plan = load(
        write_plan(
            """\
            cxplan: 1
            client: {name: 東京レジデンス}
            touchpoints:
              - {id: tp-1, name: 内見予約, stage: before}
            standards:
              - {id: s-1, touchpoint: tp-1, role: 受付, standard: 24時間以内に返信する}
              - {id: s-2, touchpoint: tp-1, role: 営業, standard: 3日以内に内見を案内する}
            """
        )
    ).plan
    names = [c.filename for c in checklists(plan, "role")]
    assert names == ["role-1.pdf", "role-2.pdf"]
    assert all("item" not in n for n in names)


def git_head(path: Path) -> bytes:
    return subprocess.run(
        ["git", "show", f"HEAD:{path.relative_to(ROOT).as_posix()}"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout


def test_rename_keeps_every_reference_and_comment(
    invoke: Callable[..., Any], example_copy: Callable[[str], Path]
) -> None:
    plan = example_copy("harbour-dental")
    before = plan.read_text(encoding="utf-8")
    result = invoke("rename", "book-online", "online-booking", plan)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Renamed touchpoint 'book-online' to 'online-booking' in {plan} (5 references updated).\n"
    )
    after = plan.read_text(encoding="utf-8")
    # Only the id changed, on every line that held it; every comment is still there.
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 6
    assert all(a.replace("book-online", "online-booking") == b for a, b in changed)
    loaded = load(plan).plan
    assert "online-booking" in [t.id for t in loaded.touchpoints]
    assert not any(s.touchpoint == "book-online" for s in loaded.standards)
    assert all("book-online" not in m.touchpoints for m in loaded.measures)


def test_rename_explains_what_it_cannot_do(
    invoke: Callable[..., Any], write_plan: Callable[..., Path]
) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client: {name: X}
        customers:
          - {id: family}
        touchpoints:
          - {id: family, name: Family day, stage: during}
          - {id: desk, name: Desk, stage: during}
        """
    )
    before = plan.read_bytes()
    both = invoke("rename", "family", "families", plan)
    assert both.exit_code == 1
    assert "the id 'family' is used in customers, touchpoints; say which with --in" in both.stderr
    taken = invoke("rename", "desk", "family", plan, "--in", "touchpoints")
    assert "another touchpoint already has the id 'family'" in taken.stderr
    typo = invoke("rename", "dsk", "front-desk", plan)
    assert "no id 'dsk'; did you mean 'desk'?" in typo.stderr
    bad = invoke("rename", "desk", "Front Desk", plan)
    assert "the text 'Front Desk' is not a valid id" in bad.stderr
    assert plan.read_bytes() == before
    ok = invoke("rename", "family", "families", plan, "--in", "customers")
    assert ok.exit_code == 0, ok.stderr
    assert [c.id for c in load(plan).plan.customers] == ["families"]


def test_renaming_a_site_given_by_name_gives_it_an_id(
    invoke: Callable[..., Any], write_plan: Callable[..., Path]
) -> None:
    plan = write_plan(
        """\
        cxplan: 1
        client:
          name: X
          locations: [Quay Street, Northside]
        touchpoints:
          - {id: desk, name: Desk, stage: during, locations: [quay-street]}
        """
    )
    result = invoke("rename", "quay-street", "quay", plan)
    assert result.exit_code == 0, result.stderr
    loaded = load(plan).plan
    assert [(s.id, s.name) for s in loaded.client.sites()] == [
        ("quay", "Quay Street"),
        ("northside", "Northside"),
    ]
    assert loaded.touchpoints[0].locations == ["quay"]


DEALER = """\
cxplan: 1
client:
  name: Keller Automobile
  locations:
    - {id: city, name: Stadtmitte}
    - {id: north, name: Nord}
    - {id: parts, name: Teilezentrum}
touchpoints:
  - {id: showroom, name: Showroom, stage: during, owner: Sales manager, locations: [city, north]}
  - {id: test-drive, name: Test drive, stage: during, owner: Sales manager,
     locations: [city, north]}
  - {id: parts-counter, name: Parts counter, stage: during, owner: Parts manager,
     locations: [parts]}
  - {id: service-call, name: Service reminder, stage: after, owner: Service manager}
standards:
  - {id: s-welcome, touchpoint: showroom, role: Sales adviser, standard: Greet within 60 s}
  - {id: s-drive, touchpoint: test-drive, role: Sales adviser, standard: Offer a 30-minute drive}
  - {id: s-north-only, touchpoint: showroom, role: Sales adviser, standard: Offer coffee,
     locations: [north]}
  - {id: s-trade, touchpoint: parts-counter, role: Parts adviser, standard: Serve in 5 minutes}
  - {id: s-remind, touchpoint: service-call, role: Service adviser, standard: Call 30 days ahead}
"""


def test_each_site_gets_only_its_own_standards(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    plan = load(write_plan(DEALER)).plan
    assert [s.id for s in at_site(plan, "parts")[1]] == ["s-trade", "s-remind"]
    assert [s.id for s in at_site(plan, "north")[1]] == [
        "s-welcome",
        "s-drive",
        "s-north-only",
        "s-remind",
    ]
    assert [s.id for s in at_site(plan, "city")[1]] == ["s-welcome", "s-drive", "s-remind"]
    files = write_checklists(plan, tmp_path / "out", by="location", one_file_per_role=True)
    names = sorted(f.name for f in files)
    assert names == sorted(
        [
            "city-role-sales-adviser.pdf",
            "city-role-service-adviser.pdf",
            "city-walk-through.pdf",
            "north-role-sales-adviser.pdf",
            "north-role-service-adviser.pdf",
            "north-walk-through.pdf",
            "parts-role-parts-adviser.pdf",
            "parts-role-service-adviser.pdf",
            "parts-walk-through.pdf",
        ]
    )
    parts = squeeze(pdf_text(tmp_path / "out" / "parts-walk-through.pdf"))
    assert "Partscounter" in parts and "Showroom" not in parts and "Testdrive" not in parts
    assert "Teilezentrum" in parts
    north = squeeze(pdf_text(tmp_path / "out" / "north-role-sales-adviser.pdf"))
    assert "s-north-only" in north and "s-trade" not in north
    city = squeeze(pdf_text(tmp_path / "out" / "city-role-sales-adviser.pdf"))
    assert "s-north-only" not in city
    assert [w.site for w in walk_throughs(plan, "location")] == ["city", "north", "parts"]


def test_a_reference_to_an_unknown_site_is_an_error(
    write_plan: Callable[..., Path], invoke: Callable[..., Any]
) -> None:
    plan = write_plan(DEALER.replace("locations: [parts]", "locations: [prts]"))
    result = invoke("check", plan)
    assert result.exit_code == 1
    assert (
        ": error: touchpoint 'parts-counter' refers to location 'prts', which does not exist; "
        "did you mean 'parts'? [dangling-reference]"
    ) in result.output
    # Loading it for a build is refused, naming the field.
    build_run = invoke("build", plan)
    assert (
        "touchpoints[2].locations[0]: touchpoint 'parts-counter' refers to location 'prts', "
        "which does not exist; did you mean 'parts'?"
    ) in build_run.stderr


def built_workbook(plan: Path, out: Path) -> Path:
    build(plan, BuildOptions(out_dir=out, formats=("xlsx",)))
    return next(out.glob("*.xlsx"))


def test_import_refuses_another_clients_workbook(
    example_copy: Callable[[str], Path], invoke: Callable[..., Any], tmp_path: Path
) -> None:
    harbour = example_copy("harbour-dental")
    northwind = example_copy("northwind-cycles")
    workbook = built_workbook(harbour, tmp_path / "out")
    before = northwind.read_bytes()
    result = invoke("import", workbook, northwind)
    assert result.exit_code == 1
    assert "was built from the plan of 'Harbour Dental'" in result.stderr
    assert northwind.read_bytes() == before


def test_import_refuses_another_plans_workbook_of_the_same_client(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    for name in ("one", "two"):
        made = invoke("new", tmp_path / name, "--client", "Same Name Ltd", "--industry", "retail")
        assert made.exit_code == 0
    workbook = built_workbook(tmp_path / "one" / "cxplan.yaml", tmp_path / "out")
    result = invoke("import", workbook, tmp_path / "two" / "cxplan.yaml")
    assert result.exit_code == 1
    assert "was built from another plan (plan id cx-" in result.stderr


def test_a_starter_row_edited_in_the_workbook_is_reviewed(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    assert (
        invoke("new", tmp_path / "shop", "--client", "Shop", "--industry", "retail").exit_code == 0
    )
    plan = tmp_path / "shop" / "cxplan.yaml"
    workbook = built_workbook(plan, tmp_path / "out")
    wb = load_workbook(workbook)
    ws = wb["4 Touchpoints"]
    ws["E7"] = "Head of stores"  # the owner of the first touchpoint
    wb.save(workbook)
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.stderr
    assert "~ touchpoints[ads-and-social].reviewed: no -> yes" in result.output
    touchpoints = load(plan).plan.touchpoints
    assert touchpoints[0].owner == "Head of stores" and touchpoints[0].reviewed
    assert not any(t.reviewed for t in touchpoints[1:])


def test_a_workbook_of_the_previous_layout_still_imports(
    example_copy: Callable[[str], Path],
    invoke: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cxplan.render import xlsx
    from cxplan.workbook import cells, layout

    plan = example_copy("harbour-dental")
    old = layout.sheets_for(1)
    monkeypatch.setattr(xlsx, "SHEETS", old)
    monkeypatch.setattr(xlsx, "FORMAT", 1)
    original_grid = cells.grid
    monkeypatch.setattr(
        xlsx, "grid", lambda data, sheets=old, **kw: original_grid(data, sheets, **kw)
    )
    workbook = built_workbook(plan, tmp_path / "out")
    monkeypatch.undo()
    wb = load_workbook(workbook)
    assert wb["_cxplan"]["B2"].value == 1
    assert [c.value for c in wb["4 Touchpoints"][6]][-1] == "Rating 1-5"
    wb["2 Vision"]["B4"] = "2029"
    wb.save(workbook)
    result = invoke("import", workbook, plan)
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[-1] == f"1 change applied to {plan}."
    assert load(plan).plan.vision.horizon == "2029"


def test_examples_are_unchanged_by_the_suite() -> None:
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file():
            assert path.read_bytes() == git_head(path), path


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        # fits: the name's words as they are, small words inside kept
        ("de", ["Begrüßung im Laden"], ["begruessung-im-laden"]),
        # too long: the small words go first, never one at the end
        ("de", ["Onlinebestellung und Lieferung"], ["onlinebestellung-lieferung"]),
        ("de", ["Kundenbindung und Nachbetreuung"], ["kundenbindung-nachbetreuung"]),
        # names alike in their first words still get ids that tell them apart, no counter
        (
            "de",
            ["Zufriedenheit mit dem Ladenbesuch", "Zufriedenheit mit dem Onlineeinkauf"],
            ["zufriedenheit-ladenbesuch", "zufriedenheit-onlineeinkauf"],
        ),
        ("fr", ["Contact avec le service client"], ["contact-service-client"]),
        # a hyphenated word is one word: never cut inside, its parts are never small words
        ("fr", ["Paiement et prochain rendez-vous"], ["paiement-prochain"]),
        ("es", ["Contacto con atención al cliente"], ["contacto-atencion"]),
        ("es", ["Satisfacción con la compra del vehículo"], ["satisfaccion-compra"]),
        ("en", ["Check-in at the front desk and key handover"], ["check-in-front-desk-key"]),
        # a language cxplan has no word list for reads the English small words
        ("it", ["Welcome and tour of the premises"], ["welcome-tour-premises"]),
    ],
)
def test_new_ids_drop_small_words_before_words_that_say_something(
    language: str, names: list[str], expected: list[str]
) -> None:
    taken: list[str] = []
    for name in names:
        taken.append(new_id(name, set(taken), language=language))
    assert taken == expected
    small = fillers(language)
    assert all(ident.split("-")[-1] not in small for ident in taken)


def test_small_words_are_the_plan_languages_and_ids_in_a_plan_stay() -> None:
    # "und" is small in German, not in English, so an English plan keeps it in its place
    assert "und" in fillers("de-AT") and "und" not in fillers("en")
    assert new_id("Kundenbindung und", set(), language="en") == "kundenbindung-und"
    assert new_id("Kundenbindung und", set(), language="de") == "kundenbindung"
    # a short name keeps all its words; a long one stays near the short length
    assert len(new_id("Einfachheit von Rückgabe und Service", set(), language="de")) <= SHORT_ID
    # ids already in a plan are never remade: a taken id gets a longer form, not a new rule
    assert (
        new_id("Onlinebestellung und Lieferung", {"onlinebestellung-lieferung"}, language="de")
        == "onlinebestellung-lieferung-2"
    )
