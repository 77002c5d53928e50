"""The method kept honest: SMART checks that mean it, in the plan's language, no false alarms."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import COMPLETE_EXAMPLES, EXAMPLES
from cxplan.api import check_plan, plan_status
from cxplan.library import available, load_library
from cxplan.library.scaffold import plan_text
from cxplan.method.rules import findings, observable, vague_term
from cxplan.method.words import words_for
from cxplan.plan.load import load
from cxplan.plan.model import Plan
from cxplan.yamlio.source import parse

# Step 1-3 and 7 gaps a plan of standards alone has; these tests look at the rest.
EARLY = {
    "no-sponsor",
    "no-commitment",
    "no-vision",
    "no-experience",
    "no-customer-need",
    "no-review-cadence",
    "no-improvement-channel",
    "empty-stage",
    "feedback-without-question",
    "no-feedback-measure",
    "out-of-sequence",
}


def plan_file(write: Callable[[str], Path], body: str, language: str = "en") -> Path:
    return write(
        f"cxplan: 1\nclient:\n  name: Autohaus Keller\n  language: {language}\n"
        + textwrap.dedent(body)
    )


def found(path: Path) -> list[str]:
    """``LINE code id`` for each finding that is not an early-step gap."""
    out = []
    for p in check_plan(path).problems:
        if p.code in EARLY:
            continue
        line = getattr(p.where, "line", 0)
        out.append(f"{line} {p.code} {p.subject}".rstrip())
    return out


WEAK_EN = """\
touchpoints:
  - id: arrival
    name: Arrival
    stage: during
    owner: Sales manager
standards:
  - id: s-greet
    touchpoint: arrival
    role: Sales adviser
    standard: Greet every visitor within 60 seconds
    measure: Minutes from arrival to greeting
    target: Minutes from arrival to greeting
    frequency: weekly
  - id: s-tea
    touchpoint: arrival
    role: Host
    standard: Offer a drink to every visitor who waits over 5 minutes
    measure: Friendliness of the host
    target: 90% of waiting visitors
    frequency: sometimes
measures:
  - id: csat
    kind: csat
    question: How satisfied were you?
    touchpoints: [arrival]
    baseline: 4.1
    target: 95
  - id: ces
    kind: ces
    question: How easy was it?
    touchpoints: [arrival]
    baseline: 70
    target: 6
"""


def test_weak_items_are_found_with_their_line_and_id(write_plan: Callable[..., Path]) -> None:
    path = plan_file(write_plan, WEAK_EN)
    assert found(path) == [
        "16 target-without-threshold s-greet",
        "22 measure-not-countable s-tea",
        "24 frequency-not-a-cadence s-tea",
        "26 measure-off-scale csat",
        "36 measure-off-scale ces",
    ]


def test_findings_explain_themselves(write_plan: Callable[..., Path]) -> None:
    lines = "\n".join(check_plan(plan_file(write_plan, WEAK_EN)).lines())
    assert (
        "standard 's-greet': the target 'Minutes from arrival to greeting' states no threshold"
        in lines
    )
    assert "the frequency 'sometimes' is not a cadence" in lines
    assert "the measure 'Friendliness of the host' counts nothing" in lines
    assert "baseline 4.1 and target 95 look like two different scales" in lines
    assert "the baseline 70 is outside its scale; CES is the mean answer on 1-7" in lines


WEAK_DE = """\
vision:
  statement: Die Stadtwerke, denen Kunden zuerst vertrauen
  horizon: nächstes Jahr
  aims: [Weniger Beschwerden]
leadership:
  sponsor: {name: Dr. Anna Weber}
  commitments:
    - leader: Dr. Anna Weber
      commitment: Kunden zuerst
      behaviours: [Kundenorientierter sein]
touchpoints:
  - id: kundenzentrum
    name: Kundenzentrum Marktstraße
    stage: during
    owner: Leitung Kundenzentrum
standards:
  - id: s-empfang
    touchpoint: kundenzentrum
    role: Kundenberater
    standard: Jeden Kunden schnell und freundlich begrüßen
    measure: Anteil der begrüßten Kunden
    target: 95 % der beobachteten Besuche
    frequency: monatlich im Kundenbeirat
  - id: s-rueckruf
    touchpoint: kundenzentrum
    role: Kundenberater
    standard: Anfragen zeitnah beantworten
    measure: Anfragen
    target: alle Anfragen
    frequency: wöchentlich
"""


def test_german_vague_words_and_cadences(write_plan: Callable[..., Path]) -> None:
    path = plan_file(write_plan, WEAK_DE, "de")
    assert found(path) == [
        "7 horizon-not-a-date",
        "14 behaviour-not-observable",
        "16 touchpoint-not-measured kundenzentrum",
        # s-empfang says "schnell": its target's number does not say what "schnell" is.
        "24 vague-standard s-empfang",
        "31 vague-standard s-rueckruf",
    ]
    # The same German words in an English plan are read as English: no alarm but the
    # horizon, which is not a year in any language.
    english = plan_file(write_plan, WEAK_DE.replace("nächstes Jahr", "next year"), "en")
    assert "7 horizon-not-a-date" in found(english)


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("fr", "Accueillir chaque client rapidement et aimablement", "rapidement"),
        ("es", "Responder a las consultas lo antes posible", "lo antes posible"),
        ("de", "Beschwerden zeitnah bearbeiten", "zeitnah"),
        ("en", "Answer the phone promptly", "promptly"),
    ],
)
def test_vague_words_per_language(language: str, text: str, word: str) -> None:
    assert vague_term(text, language=language) == word
    # a number times the step; the vague word stays unobservable (specific AND measurable)
    assert vague_term(f"{text} 2 min", language=language) == word


@pytest.mark.parametrize(
    ("language", "frequency", "cadence"),
    [
        ("en", "every 2 weeks", True),
        ("en", "3 times a month", True),
        ("en", "per visit", True),
        ("en", "sometimes", False),
        ("en", "when we can", False),
        ("de", "alle zwei Wochen", True),
        ("de", "zweimal im Monat", True),
        ("de", "manchmal", False),
        ("fr", "tous les 15 jours", True),
        ("fr", "à chaque visite", True),
        ("fr", "de temps en temps", False),
        ("es", "cada semana", True),
        ("es", "dos veces al mes", True),
        ("es", "a veces", False),
    ],
)
def test_cadences_per_language(language: str, frequency: str, cadence: bool) -> None:
    assert words_for(language).is_cadence(frequency) is cadence


@pytest.mark.parametrize(
    ("behaviour", "language", "seen"),
    [
        ("Be more customer focused", "en", False),
        ("Try to listen more", "en", False),
        ("Be at the front desk every morning", "en", True),
        ("Works one reception shift a month", "en", True),
        ("Kundenorientierter sein", "de", False),
        ("Arbeitet eine Schicht pro Monat am Empfang", "de", True),
        ("Être plus à l'écoute des clients", "fr", False),
        ("Ser más cercano con el cliente", "es", False),
    ],
)
def test_behaviours_staff_can_see(behaviour: str, language: str, seen: bool) -> None:
    assert observable(behaviour, language) is seen


@pytest.mark.parametrize(
    ("horizon", "ok"),
    [
        ("2028", True),
        ("end of 2027", True),
        ("2028年", True),
        ("next year", False),
        ("soon", False),
    ],
)
def test_horizons(horizon: str, ok: bool) -> None:
    plan = Plan.model_validate(
        {"cxplan": 1, "client": {"name": "X"}, "vision": {"statement": "V", "horizon": horizon}}
    )
    codes = [p.code for p in findings(plan, step=2)]
    assert ("horizon-not-a-date" not in codes) is ok


def test_ces_as_a_percentage_is_said_so() -> None:
    def scale(**measure: object) -> list[str]:
        plan = Plan.model_validate(
            {"cxplan": 1, "client": {"name": "X"}, "measures": [{"id": "m", **measure}]}
        )
        return [p.code for p in findings(plan, step=6) if p.code == "measure-off-scale"]

    assert scale(kind="ces", baseline=70, target=85) == ["measure-off-scale"] * 2
    assert scale(kind="ces", scale="percent", baseline=70, target=85) == []
    assert scale(kind="ces", baseline=4.2, target=6) == []
    assert scale(kind="nps", baseline=-20, target=30) == []
    assert scale(kind="nps", baseline=41, target=170) == ["measure-off-scale"]
    assert scale(kind="custom", baseline=4.1, target=95) == []


@pytest.mark.parametrize("plan", COMPLETE_EXAMPLES, ids=lambda p: p.parent.name)
def test_no_false_alarms_on_sound_plans(plan: Path) -> None:
    assert check_plan(plan).ok


@pytest.mark.parametrize("key", available())
def test_no_false_alarms_on_the_starter_libraries(key: str) -> None:
    text = plan_text("Acme", library=load_library(key))
    plan = Plan.model_validate(parse(text).data)
    codes = {p.code for step in (4, 5, 6) for p in findings(plan, step=step)}
    assert codes == {"starter-to-review"}


def test_a_fresh_library_plan_is_not_done(invoke: Callable[..., object], tmp_path: Path) -> None:
    made = invoke("new", tmp_path / "shop", "--client", "Corner Shop", "--industry", "retail")
    assert made.exit_code == 0  # type: ignore[attr-defined]
    plan = tmp_path / "shop" / "cxplan.yaml"
    report = plan_status(plan)
    states = {s.step.number: s.state for s in report.status.steps}
    assert states[4] == states[5] == states[6] == "not started"
    assert report.status.out_of_sequence == []
    touchpoints = len(load(plan).plan.touchpoints)
    assert f"- {touchpoints} starter touchpoints to review" in report.text()
    assert "out of sequence" not in report.text()


def test_examples_say_what_they_hold() -> None:
    # The draft example is the one plan in examples/ that check is meant to fail.
    draft = EXAMPLES / "cafe-lumiere-draft" / "cxplan.yaml"
    assert not check_plan(draft).ok
