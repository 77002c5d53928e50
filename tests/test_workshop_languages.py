"""The workshop, status and check in the plan's language: German, French and Spanish teams
are asked in their language, answer in it (ja/nein, list commands, vocabulary words), and
what they type is saved as the plan's own values."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from cxplan.api import check_plan, plan_status
from cxplan.i18n import catalog_dir
from cxplan.interview.asker import ScriptedAsker
from cxplan.interview.run import run_workshop
from cxplan.library.scaffold import create
from cxplan.plan.load import load


def new_plan(tmp_path: Path, tag: str, client: str = "Müller GmbH") -> Path:
    return create(tmp_path / tag, client, language=tag).plan


@cache
def workshop_english(tag: str) -> list[tuple[str, re.Pattern[str]]]:
    """The English texts of the workshop (cxplan/interview/) that ``tag`` says otherwise:
    each as a pattern of its fixed words (placeholders match any short text)."""
    with (catalog_dir() / tag / "LC_MESSAGES" / "cxplan.po").open("rb") as handle:
        catalog = read_po(handle, locale=tag, domain="cxplan")
    out = []
    for message in catalog:
        if not message.id or not any("interview/" in f for f, _ in message.locations):
            continue
        english = message.id if isinstance(message.id, str) else message.id[1]
        shown = message.string if isinstance(message.string, str) else message.string[-1]
        words = re.split(r"\{\w+\}", english)
        if shown == english or max(len(w.strip()) for w in words) < 12:
            continue
        pattern = ".{0,80}?".join(re.escape(w) for w in words)
        out.append((english, re.compile(pattern)))
    return out


def english_in(asker: ScriptedAsker, tag: str) -> list[str]:
    said = "\n".join(asker.transcript)
    flat = " ".join(said.split())
    return [english for english, pattern in workshop_english(tag) if pattern.search(flat)]


def test_a_german_team_is_asked_in_german_and_its_german_answers_are_saved(
    tmp_path: Path,
) -> None:
    path = new_plan(tmp_path, "de")
    step1 = ScriptedAsker(
        {
            "Schirmherrschaft: Wer verantwortet die CX-Strategie?": "Maria Müller",
            "Funktion der Schirmherrschaft": "Geschäftsführerin",
            "Jetzt eine Verpflichtung der Führung hinzufügen? [J/n]": "ja",
            "Neu (Verpflichtung der Führung): Name der Führungskraft": "Maria Müller",
            "Rolle der Führungskraft": "",  # the sponsor's role, suggested
            "Wozu verpflichtet sich diese Führungskraft?": "Gäste vor Papierkram",
            "Sichtbares Verhalten:": "Arbeitet einmal im Monat am Empfang; Liest jede Bewertung",
            "Enter zum Weitergehen; h hinzufügen, b N bearbeiten": "",
            "Weiter zu Schritt 2 (Strategische Vision)? [j/N]": "nein",
        }
    )
    summary = run_workshop(path, step1, step=1)
    assert summary.steps_run == [1]
    assert not step1.unused
    said = "\n".join(step1.transcript)
    assert "=== Schritt 1 von 7: Engagierte Führung ===" in said
    assert "Schritt 1 ist erledigt." in said
    assert "1 Verpflichtung, 2 sichtbare Verhaltensweisen" in said
    assert not english_in(step1, "de")

    step4 = ScriptedAsker(
        {
            "Arbeitet Müller GmbH an mehr als einem Standort?": "nein",
            "Jetzt einen Kontaktpunkt hinzufügen?": "j",
            "Neu (Kontaktpunkt): Name": ["Begrüßung im Laden", "Rechnung"],
            "Wann: vor, beim oder nach dem Kauf? (vor dem Kauf, beim Kauf, nach dem Kauf)": [
                "vor",  # a unique start of a German word
                "nach dem Kauf",
            ],
            "Kanal (z. B. Website, Telefon, persönlich": ["persönlich", "E-Mail"],
            "Wer ist verantwortlich? (eine Rolle)": ["Filialleitung", "Buchhaltung"],
            "Welche Kundengruppen?": ["", ""],
            "Was geschieht hier?": ["Kunde betritt den Laden", ""],
            "Mit frischem Blick: Was steht": ["Niemand schaut auf", ""],
            "Mit frischem Blick: Bewerten Sie": ["sieben", "3", ""],
            "Ist es ein Moment der Wahrheit": ["vielleicht", "ja", "nein"],
            # h adds (hinzufügen): the German letter of the list editor
            "Enter zum Weitergehen; h hinzufügen": ["x", "h", ""],
            "1 Kontaktpunkt noch nicht mit frischem Blick begangen": "nein",
            "Weitergehen, obwohl Schritt 4 nicht erledigt ist?": "nein",
            "Schritt 4 nicht erledigt: k, z, ü oder s?": "s",  # s: hier aufhören
        }
    )
    run_workshop(path, step4, step=4)
    assert not step4.unused
    said = "\n".join(step4.transcript)
    assert "'x': tippen Sie h, b N, e N, v N M, l, i N NEU oder Enter zum Weitergehen." in said
    assert "- kein Kontaktpunkt in der Phase 'beim Kauf'" in said
    # an answer that does not fit is explained in German, and asked again
    assert "'sieben' ist keine Bewertung; geben Sie eine ganze Zahl von 1 bis 5 an." in said
    assert "'vielleicht' ist weder ja noch nein; antworten Sie mit ja oder nein." in said
    assert not english_in(step4, "de")

    plan = load(path).plan
    assert plan.leadership.sponsor.name == "Maria Müller"
    assert plan.leadership.commitments[0].role == "Geschäftsführerin"
    assert plan.leadership.commitments[0].behaviours == [
        "Arbeitet einmal im Monat am Empfang",
        "Liest jede Bewertung",
    ]
    first, second = plan.touchpoints
    assert (first.name, first.stage.value, first.channel) == (
        "Begrüßung im Laden",
        "before",
        "persönlich",
    )
    assert (first.rating, first.moment_of_truth, first.pain_points) == (
        3,
        True,
        ["Niemand schaut auf"],
    )
    assert second.stage is not None and second.stage.value == "after"
    assert second.moment_of_truth is False and second.rating is None


def test_a_french_team_edits_a_list_with_french_commands(tmp_path: Path) -> None:
    path = new_plan(tmp_path, "fr", "Hôtel du Port")
    asker = ScriptedAsker(
        {
            "Vision : où allons-nous ?": "L’hôtel où l’on revient chaque année",
            "D’ici quand ? (une année ou une date)": "2028",
            "Ajouter un objectif fédérateur (Entrée pour terminer)": [
                "NPS supérieur à 60",
                "Clients fidèles",
                "",
            ],
            # s N supprime (supprimer); a word goes at once
            "Entrée pour continuer ; a ajouter, m N modifier, s N supprimer": ["s 2", ""],
            "Passer à l’étape 3": "non",
        }
    )
    run_workshop(path, asker, step=2)
    assert not asker.unused
    said = "\n".join(asker.transcript)
    assert "=== Étape 2 sur 7 :" in said
    assert "L’étape 1, avant celle-ci, n’est pas encore terminée" in said
    assert "horizon 2028 ; 1 objectif." in said
    assert not english_in(asker, "fr")
    plan = load(path).plan
    assert plan.vision.horizon == "2028"
    assert plan.vision.aims == ["NPS supérieur à 60"]


def test_a_spanish_team_answers_si_and_names_its_sites(tmp_path: Path) -> None:
    path = new_plan(tmp_path, "es", "Clínica Sol")
    asker = ScriptedAsker(
        {
            "¿Trabaja Clínica Sol en más de un centro? [s/N]": "sí",
            "Añadir un centro (Intro para terminar)": ["Centro", "Norte", ""],
            "Intro para continuar; a añadir, e N editar, b N borrar": ["", ""],
            "¿Añadir un punto de contacto ahora? [S/n]": "no",
            "¿Continuar sin terminar el paso 4?": "n",
            "Paso 4 sin terminar: ¿c, v, o o s?": "s",  # s: salir aquí
        }
    )
    run_workshop(path, asker, step=4)
    assert not asker.unused
    said = "\n".join(asker.transcript)
    assert "=== Paso 4 de 7: Puntos de contacto ===" in said
    assert "  v  volver al paso 1" in said
    assert not english_in(asker, "es")
    assert load(path).plan.client.locations == ["Centro", "Norte"]


@pytest.mark.parametrize(
    ("tag", "stage"),
    [("de", "vor dem Kauf"), ("fr", "avant l’achat"), ("es", "antes de la compra")],
)
def test_a_vocabulary_answers_in_the_plans_words(tmp_path: Path, tag: str, stage: str) -> None:
    from cxplan.i18n import language
    from cxplan.interview.fields import Field, parse
    from cxplan.plan import codecs

    lang = language(tag)
    spec = Field("stage", "When: before, during or after the purchase?", codecs.STAGE)
    assert stage in spec.prompt(lang)
    assert parse(spec, stage.upper(), {}, typed=True, lang=lang) == "before"
    assert parse(spec, "before", {}, typed=True, lang=lang) == "before"  # English still reads
    flag = Field("moment_of_truth", "", codecs.FLAG)
    yes = {"de": "Ja", "fr": "OUI", "es": "sí"}[tag]
    assert parse(flag, yes, {}, typed=True, lang=lang) is True


def test_status_and_check_of_a_german_plan_are_german(tmp_path: Path) -> None:
    path = new_plan(tmp_path, "de")
    status = plan_status(path).text()
    assert "Müller GmbH: Stand des CX-Plans" in status
    assert "1. Engagierte Führung" in status and "nicht begonnen" in status
    assert "keine Schirmherrschaft genannt (wer verantwortet die CX-Strategie?)" in status
    assert "Mit `cxplan workshop --step 1` daran weiterarbeiten." in status
    for english in ("not started", "Next: step", "no sponsor named", "CX plan status"):
        assert english not in status
    report = check_plan(path)
    lines = "\n".join(report.lines())
    assert "kein Zeithorizont (bis wann?)" in lines
    assert "0 Fehler" in report.summary() and "Warnungen" in report.summary()
    for english in ("no horizon", "no vision statement", "warnings", "errors"):
        assert english not in lines + report.summary()
    assert ": warning: " in lines  # the severity and the [code] stay, for scripts and editors


def test_an_english_plan_keeps_its_english_workshop(write_plan: Any) -> None:
    path = write_plan("cxplan: 1\nclient:\n  name: A\n")
    asker = ScriptedAsker(
        {
            "Vision: where are we heading?": "Be the best",
            "By when?": "2030",
            "Add a unifying aim (Enter when done)": ["Grow", ""],
            "Enter to go on; a add, e N edit, r N remove, m N M move, l list (unifying aims)": "",
            "Go on to step 3 (Customer-experience statement)? [y/N]": "n",
        }
    )
    run_workshop(path, asker, step=2)
    assert load(path).plan.vision.horizon == "2030"


def test_at_the_terminal_a_german_yes_or_no_is_read_and_a_wrong_one_asked_again(
    tmp_path: Path, invoke: Any
) -> None:
    path = new_plan(tmp_path, "de")
    keys = "".join(
        f"{answer}\n"
        for answer in (
            "Die Stadtwerke, denen man vertraut",
            "2030",
            "Beschwerden halbieren",
            "",  # no more aims
            "",  # the list as it is
            "vielleicht",  # go on to step 3? neither yes nor no: asked again
            "nein",
        )
    )
    result: Any = invoke("workshop", path, "--step", "2", input=keys)
    assert result.exit_code == 0, result.output
    assert "Weiter zu Schritt 3 (Leitbild für das Kundenerlebnis)? [j/N]:" in result.output
    assert result.output.count("Weiter zu Schritt 3") == 2
    assert "Noch nicht erledigte Schritte: 1, 3, 4, 5, 6, 7." in result.output
    assert load(path).plan.vision.aims == ["Beschwerden halbieren"]
