"""Starter libraries: valid, complete for steps 4 to 6, found by key or everyday word."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cxplan.library import available, find, load_library, words
from cxplan.library.scaffold import plan_text
from cxplan.method.rules import findings
from cxplan.method.status import status
from cxplan.plan.model import FEEDBACK_KINDS, MeasureKind, Plan, Stage
from cxplan.yamlio.source import parse

REQUIRED = {
    "hospitality",
    "healthcare",
    "retail",
    "professional-services",
    "saas",
    "automotive",
    "utilities-and-public-services",
    "banking-and-insurance",
    "education",
    "telecom",
}


def test_the_required_industries_are_shipped() -> None:
    assert set(available()) >= REQUIRED


@pytest.mark.parametrize("key", available())
def test_library_covers_the_journey(key: str) -> None:
    library = load_library(key)  # checked against the model as it loads
    assert library.title and library.review_cadence
    stages = {Stage(tp["stage"]) for tp in library.touchpoints}
    assert stages == set(Stage), f"{key}: a stage has no touchpoint"
    assert 9 <= len(library.touchpoints) <= 14
    ids = [tp["id"] for tp in library.touchpoints]
    assert len(set(ids)) == len(ids)
    for tp in library.touchpoints:
        assert tp.get("name") and tp.get("owner") and tp.get("channel"), tp["id"]
    assert any(tp.get("moment_of_truth") for tp in library.touchpoints)
    standards = {st["touchpoint"] for st in library.standards}
    assert standards <= set(ids), f"{key}: a standard names an unknown touchpoint"
    assert standards == set(ids), f"{key}: {set(ids) - standards} have no standard"
    for st in library.standards:
        assert "id" not in st  # seeding gives them ids
        assert st.get("method"), st["standard"]
    covered: set[str] = set()
    for ms in library.measures:
        refs = ids if ms["touchpoints"] == "all" else ms["touchpoints"]
        assert set(refs) <= set(ids), f"{key}: measure {ms['id']} names an unknown touchpoint"
        covered |= set(refs)
    assert covered == set(ids)
    kinds = {MeasureKind(ms["kind"]) for ms in library.measures}
    assert kinds >= {*FEEDBACK_KINDS, MeasureKind.COMPLIANCE}, key
    for ms in library.measures:
        if MeasureKind(ms["kind"]) in FEEDBACK_KINDS:
            assert "{{ client }}" in ms["question"], ms["id"]


@pytest.mark.parametrize("key", sorted(REQUIRED))
def test_seeded_plan_is_sound_but_waits_for_review(key: str) -> None:
    library = load_library(key)
    text = plan_text("Zoë's <Test> & Co", library=library, today=dt.date(2026, 1, 1))
    plan = Plan.model_validate(parse(text).data)
    # The starter content passes every rule of steps 4 to 6 but one: it is not reviewed.
    found = [p.code for step in (4, 5, 6) for p in findings(plan, step=step)]
    assert found == ["starter-to-review"] * 3
    st = status(plan)
    states = {s.step.key: s.state for s in st.steps}
    assert states["touchpoints"] == states["standards"] == states["measures"] == "not started"
    assert st.out_of_sequence == []
    touchpoints = next(s for s in st.steps if s.step.key == "touchpoints")
    assert touchpoints.missing[0].message.startswith(f"{len(plan.touchpoints)} starter touchpoints")
    # Once the team has reviewed it, the steps are done.
    for section in ("touchpoints", "standards", "measures"):
        for item in getattr(plan, section):
            item.reviewed = True
    states = {s.step.key: s.state for s in status(plan).steps}
    assert states["touchpoints"] == states["standards"] == states["measures"] == "done"
    for measure in plan.measures:
        assert measure.question and "{" not in measure.question
        if measure.kind and measure.kind.value in ("nps", "csat", "ces"):
            assert "Zoë's <Test> & Co" in measure.question
    assert len({s.id for s in plan.standards}) == len(plan.standards)


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("hotel", "hospitality"),
        ("Café", "hospitality"),
        ("Dental", "healthcare"),
        ("law firm", "professional-services"),
        ("professional_services", "professional-services"),
        ("E-commerce", "retail"),
        ("SaaS", "saas"),
        *[
            (word, "automotive")
            for word in ("car dealer", "Dealership", "garage", "car", "auto", "Automotive")
        ],
        *[
            (word, "utilities-and-public-services")
            for word in (
                "Stadtwerke",
                "utility",
                "council",
                "municipality",
                "public services",
                "water",
                "energy",
            )
        ],
        *[
            (word, "banking-and-insurance")
            for word in ("bank", "Insurance", "insurer", "credit union", "banking & insurance")
        ],
        *[
            (word, "education")
            for word in ("school", "University", "universities", "college", "academy")
        ],
        *[
            (word, "telecom")
            for word in ("mobile operator", "telecom", "Telco", "broadband", "ISP")
        ],
    ],
)
def test_find_by_everyday_word(word: str, key: str) -> None:
    found = find(word)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    ("words_said", "key"),
    [
        ("Car dealer group", "automotive"),
        ("car dealers", "automotive"),
        ("Stadtwerke München", "utilities-and-public-services"),
        ("regional water supplier", "utilities-and-public-services"),
        ("Credit unions", "banking-and-insurance"),
        ("car insurance", "banking-and-insurance"),  # the longer name wins over "car"
        ("primary school", "education"),
        ("Broadband provider (ISP)", "telecom"),
        ("seaside hotels", "hospitality"),
    ],
)
def test_find_by_the_words_of_a_longer_name(words_said: str, key: str) -> None:
    found = find(words_said)
    assert found is not None and found.key == key


def test_words_found_equally_in_two_libraries_find_neither() -> None:
    assert find("school app") is None  # education's "school", saas's "app"
    assert find("hotel garage") is None


ALIASES = [(alias, key) for key in available() for alias in load_library(key).aliases]


@pytest.mark.parametrize(("alias", "key"), ALIASES)
def test_every_alias_finds_its_library(alias: str, key: str) -> None:
    found = find(alias)
    assert found is not None and found.key == key


def test_no_alias_belongs_to_two_libraries() -> None:
    owner: dict[tuple[str, ...], str] = {}
    for key in available():
        for name in (key, *load_library(key).aliases):
            said = words(name)
            assert owner.setdefault(said, key) == key, f"{name!r}: {owner[said]} and {key}"


def test_unknown_industry() -> None:
    assert find("mining") is None
    assert find(None) is None


@pytest.mark.parametrize(
    ("language", "name", "inline"),
    [
        ("en", "Check-in", "check-in"),
        ("en", "SIM and device delivery", "SIM and device delivery"),  # an acronym stays
        ("de", "Begrüßung im Laden", "Begrüßung im Laden"),  # German nouns keep their capital
        ("de-AT", "Jahresrechnung", "Jahresrechnung"),
        ("fr", "Accueil en agence", "accueil en agence"),
    ],
)
def test_a_touchpoint_named_inside_a_question_keeps_the_case_its_language_writes(
    language: str, name: str, inline: str
) -> None:
    from dataclasses import replace

    from cxplan.library import starter

    library = replace(
        load_library("retail"),
        touchpoints=({"id": "tp", "name": name, "stage": "during", "owner": "Manager"},),
        standards=(),
        measures=(
            {
                "id": "m",
                "name": "Visits",
                "kind": "custom",
                "question": "[{{ touchpoint }}] at {{ client }}",
                "touchpoints": ["tp"],
            },
        ),
    )
    question = starter(library, "Kessler", language)["measures"][0]["question"]
    assert question == f"[{inline}] at Kessler"


def test_a_german_plan_starts_from_the_german_retail_library(tmp_path: Any) -> None:
    from cxplan.library import find, starter
    from cxplan.library.scaffold import create
    from cxplan.plan.load import load

    english, german = load_library("retail"), find("Einzelhandel", "de-AT")
    assert german is not None and german.language == "de" and find("retail").language == "en"
    # the English items in their order, with ids a German reader reads
    assert len(german.touchpoints) == len(english.touchpoints)
    assert len(german.measures) == len(english.measures)
    assert german.touchpoints[3]["id"] == "begruessung-im-laden"
    # a language without its own library keeps the English one, in every industry
    assert load_library("retail", "it").language == "en"
    assert load_library("hospitality", "it").language == "en"
    # its own questions, not the suggested ones: the touchpoint named with its capitals
    seeded = starter(german, "Müller GmbH", "de")["measures"]
    online = seeded[3]  # the English csat-online
    assert online["question"].startswith("Wie zufrieden waren Sie mit diesem Schritt")
    assert "Müller GmbH: Werbung und soziale Medien?" in online["question"]
    path = create(tmp_path / "p", "Müller GmbH", industry="Einzelhandel", language="de").plan
    plan = load(path).plan
    assert plan.touchpoints[3].name == "Begrüßung im Laden"
    # the ids printed on every checklist row are German, not the English library's
    assert plan.standards[3].id == "s-begruessung-im-laden"
    assert plan.standards[3].touchpoint == plan.touchpoints[3].id
    assert plan.standards[5].frequency == "wöchentlich"
    # German standards pass the German SMART rules: only the review waits
    found = [p.code for step in (4, 5, 6) for p in findings(plan, step=step)]
    assert found == ["starter-to-review"] * 3


def test_a_new_german_plan_explains_itself_in_german(tmp_path: Any) -> None:
    from cxplan.library.scaffold import create
    from cxplan.plan.load import load

    path = create(tmp_path / "p", "Müller GmbH", industry="retail", language="de").plan
    text = path.read_text(encoding="utf-8")
    assert "# CX-Plan für Müller GmbH, begonnen mit cxplan" in text
    assert "# Schritt 4: Kontaktpunkte" in text
    assert "# Startinhalte aus der Bibliothek „Einzelhandel" in text
    assert "# optional: Standorte, für Checklisten je Standort" in text
    for english in ("Work through the seven steps", "Step 1:", "Done when:", "optional: a PNG"):
        assert english not in text
    assert load(path).plan.client.language == "de"  # the comments change nothing else
    english_plan = create(tmp_path / "e", "Acme", industry="retail").plan.read_text("utf-8")
    assert "# Step 4: Touchpoints" in english_plan and "Done when:" in english_plan


@pytest.mark.parametrize(
    ("tag", "greeting", "ident"),
    [
        ("fr", "Accueil en magasin", "accueil-en-magasin"),
        ("es", "Bienvenida en tienda", "bienvenida-en-tienda"),
    ],
)
def test_french_and_spanish_plans_start_from_their_retail_library(
    tmp_path: Any, tag: str, greeting: str, ident: str
) -> None:
    from cxplan.library import find
    from cxplan.library.scaffold import create
    from cxplan.plan.load import load

    english, translated = load_library("retail"), find("retail", tag)
    assert translated is not None and translated.language == tag
    assert len(translated.touchpoints) == len(english.touchpoints)
    assert len(translated.measures) == len(english.measures)
    plan = load(create(tmp_path / tag, "Sol", industry="retail", language=tag).plan).plan
    assert plan.touchpoints[3].name == greeting
    assert (plan.touchpoints[3].id, plan.standards[3].id) == (ident, f"s-{ident}")
    # a name inside a question goes lower case where the language writes it so
    online = plan.measures[3]  # the English csat-online
    assert online.question and plan.touchpoints[0].name.lower() in online.question
    found = [p.code for step in (4, 5, 6) for p in findings(plan, step=step)]
    assert found == ["starter-to-review"] * 3
