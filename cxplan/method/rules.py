"""The rules that judge a plan, each written once: what a step needs, what makes a standard SMART.

A rule belongs to a step. A rule that ``blocks`` says what the step still needs: the step
is not done while it finds anything (``cxplan status``, the workshop). Every rule is also
a warning of ``cxplan check``, with the same words, at the same place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from cxplan.errors import FieldPath, Problem
from cxplan.plan.model import FEEDBACK_KINDS, Plan, Stage, Standard, filled

# Words that promise nothing measurable unless a number pins them down.
VAGUE_TERMS = (
    "as soon as possible",
    "asap",
    "promptly",
    "prompt",
    "quickly",
    "quick",
    "fast",
    "soon",
    "timely",
    "in good time",
    "friendly",
    "good",
    "nice",
    "great",
    "excellent",
    "polite",
    "politely",
    "courteous",
    "courteously",
    "appropriate",
    "appropriately",
    "reasonable",
    "reasonably",
    "regularly",
    "often",
    "where possible",
    "when possible",
    "if possible",
    "try to",
    "high quality",
    "efficiently",
)
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(t) for t in VAGUE_TERMS) + r")\b", re.IGNORECASE)
# A standard is measurable when a number pins it down, in digits or in words.
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|ninety|hundred|half|once|twice|same[- ]day|next[- ]day)\b",
    re.IGNORECASE,
)

SMART_FIELDS = ("role", "measure", "target", "frequency")


def vague_term(text: str | None, *also: str | None) -> str | None:
    """The first vague word in ``text`` when no number in it (or in ``also``) pins it down."""
    if not text:
        return None
    lower = text.lower()
    # A plain substring test first: most standards hold none of the words, and the
    # regular expression (word boundaries, any case) costs ten times as much.
    if not any(term in lower for term in VAGUE_TERMS):
        return None
    m = _VAGUE.search(text)
    if not m:
        return None
    if any(_NUMBER.search(t) for t in (text, *also) if t):
        return None
    return m.group(1)


def smart_gaps(standard: Standard) -> list[str]:
    """What a standard lacks to be SMART: its wording, role, measure, target or frequency."""
    missing = [name for name in SMART_FIELDS if not filled(getattr(standard, name))]
    if not filled(standard.standard):
        missing.insert(0, "wording")
    return missing


def join_or(words: Sequence[str]) -> str:
    """``role, target or frequency``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class Rule:
    """One rule: its code, its step, whether it keeps the step from being done."""

    code: str
    step: int
    blocks: bool
    find: Callable[[Plan], Iterator[Problem]]


RULES: list[Rule] = []


def rule(
    code: str, step: int, *, blocks: bool
) -> Callable[[Callable[[Plan], Iterator[Problem]]], Callable[[Plan], Iterator[Problem]]]:
    """Register a rule function: it yields what it finds, worded, at its path in the plan."""

    def register(
        find: Callable[[Plan], Iterator[Problem]],
    ) -> Callable[[Plan], Iterator[Problem]]:
        RULES.append(Rule(code, step, blocks, find))
        return find

    return register


def _found(code: str, message: str, path: FieldPath, subject: str = "") -> Problem:
    return Problem(message, code=code, severity="warning", subject=subject, path=path)


# ---------------------------------------------------------------------------- step 1


@rule("no-sponsor", 1, blocks=True)
def _no_sponsor(plan: Plan) -> Iterator[Problem]:
    if not filled(plan.leadership.sponsor.name):
        yield _found(
            "no-sponsor",
            "no sponsor named (who owns the CX strategy?)",
            ("leadership", "sponsor"),
        )


@rule("no-commitment", 1, blocks=True)
def _no_commitment(plan: Plan) -> Iterator[Problem]:
    lead = plan.leadership
    if not lead.commitments:
        yield _found("no-commitment", "no leadership commitment yet", ("leadership", "commitments"))
    elif not any(c.behaviours for c in lead.commitments):
        for i, c in enumerate(lead.commitments):
            who = c.leader if filled(c.leader) else f"commitment {i + 1}"
            yield _found(
                "no-commitment",
                f"the commitment of {who} has no visible behaviour (what will staff see them do?)",
                ("leadership", "commitments", i),
            )


# ---------------------------------------------------------------------------- step 2


@rule("no-vision", 2, blocks=True)
def _vision(plan: Plan) -> Iterator[Problem]:
    v = plan.vision
    if not filled(v.statement):
        yield _found("no-vision", "no vision statement", ("vision", "statement"))
    if not filled(v.horizon):
        yield _found("no-vision", "no horizon (by when?)", ("vision", "horizon"))
    if not v.aims:
        yield _found("no-vision", "no unifying aim", ("vision", "aims"))


# ---------------------------------------------------------------------------- step 3


@rule("no-experience", 3, blocks=True)
def _experience(plan: Plan) -> Iterator[Problem]:
    e = plan.experience
    if not filled(e.statement):
        yield _found(
            "no-experience", "no customer-experience statement", ("experience", "statement")
        )
    if not e.physical:
        yield _found(
            "no-experience",
            "no physical element (what customers see and touch)",
            ("experience", "physical"),
        )
    if not e.emotional:
        yield _found(
            "no-experience",
            "no emotional element (how customers should feel)",
            ("experience", "emotional"),
        )


@rule("no-customer-need", 3, blocks=True)
def _customers(plan: Plan) -> Iterator[Problem]:
    if not plan.customers:
        yield _found("no-customer-need", "no customer segment", ("customers",))
    elif not any(c.needs for c in plan.customers):
        for i, c in enumerate(plan.customers):
            yield _found(
                "no-customer-need",
                f"customer segment {c.id!r} has no needs",
                ("customers", i),
                c.id,
            )


# ---------------------------------------------------------------------------- step 4


@rule("no-touchpoints", 4, blocks=True)
def _no_touchpoints(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        yield _found(
            "no-touchpoints",
            "no touchpoints yet: list where customers form an opinion, before, during and "
            "after the purchase",
            ("touchpoints",),
        )


@rule("empty-stage", 4, blocks=True)
def _empty_stage(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        return
    stages = {tp.stage for tp in plan.touchpoints}
    for stage in Stage:
        if stage not in stages:
            yield _found(
                "empty-stage", f"no touchpoint in the {stage.value!r} stage", ("touchpoints",)
            )


@rule("touchpoint-without-stage", 4, blocks=False)
def _no_stage(plan: Plan) -> Iterator[Problem]:
    for i, tp in enumerate(plan.touchpoints):
        if tp.stage is None:
            yield _found(
                "touchpoint-without-stage",
                f"touchpoint {tp.id!r} has no stage (before, during or after)",
                ("touchpoints", i),
                tp.id,
            )


@rule("touchpoint-without-owner", 4, blocks=True)
def _no_owner(plan: Plan) -> Iterator[Problem]:
    for i, tp in enumerate(plan.touchpoints):
        if not filled(tp.owner):
            yield _found(
                "touchpoint-without-owner",
                f"touchpoint {tp.id!r} has no owner",
                ("touchpoints", i),
                tp.id,
            )


# ---------------------------------------------------------------------------- step 5


@rule("touchpoint-without-standard", 5, blocks=True)
def _no_standard(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        yield _found(
            "touchpoint-without-standard",
            "no touchpoints to set standards for (step 4)",
            ("standards",),
        )
        return
    counts = Counter(s.touchpoint for s in plan.standards if s.touchpoint)
    for i, tp in enumerate(plan.touchpoints):
        if not counts.get(tp.id):
            yield _found(
                "touchpoint-without-standard",
                f"touchpoint {tp.id!r} has no standard",
                ("touchpoints", i),
                tp.id,
            )


@rule("standard-not-smart", 5, blocks=True)
def _not_smart(plan: Plan) -> Iterator[Problem]:
    for i, st in enumerate(plan.standards):
        gaps = smart_gaps(st)
        if gaps:
            yield _found(
                "standard-not-smart",
                f"standard {st.id!r} has no {join_or(gaps)}",
                ("standards", i),
                st.id,
            )


@rule("standard-without-touchpoint", 5, blocks=False)
def _loose_standard(plan: Plan) -> Iterator[Problem]:
    for i, st in enumerate(plan.standards):
        if not st.touchpoint:
            yield _found(
                "standard-without-touchpoint",
                f"standard {st.id!r} is not tied to a touchpoint",
                ("standards", i),
                st.id,
            )


@rule("vague-standard", 5, blocks=False)
def _vague(plan: Plan) -> Iterator[Problem]:
    for i, st in enumerate(plan.standards):
        term = vague_term(st.standard, st.target)
        if term:
            yield _found(
                "vague-standard",
                f"standard {st.id!r} says {term!r} without a number; say how much or how "
                "fast (e.g. 'within 2 minutes')",
                ("standards", i, "standard"),
                st.id,
            )


# ---------------------------------------------------------------------------- step 6


@rule("touchpoint-not-measured", 6, blocks=True)
def _not_measured(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        yield _found("touchpoint-not-measured", "no touchpoints to measure (step 4)", ("measures",))
        return
    measured = {tp for m in plan.measures for tp in m.touchpoints}
    for i, tp in enumerate(plan.touchpoints):
        if tp.id not in measured:
            yield _found(
                "touchpoint-not-measured",
                f"touchpoint {tp.id!r} is not covered by any measure",
                ("touchpoints", i),
                tp.id,
            )


@rule("no-feedback-measure", 6, blocks=True)
def _no_feedback(plan: Plan) -> Iterator[Problem]:
    if not any(m.kind in FEEDBACK_KINDS for m in plan.measures):
        yield _found(
            "no-feedback-measure",
            "no customer-feedback measure: add an NPS, CSAT or CES measure",
            ("measures",),
        )


@rule("feedback-without-question", 6, blocks=False)
def _no_question(plan: Plan) -> Iterator[Problem]:
    for i, ms in enumerate(plan.measures):
        if ms.kind in FEEDBACK_KINDS and not filled(ms.question):
            yield _found(
                "feedback-without-question",
                f"measure {ms.id!r} ({ms.kind.value.upper() if ms.kind else ''}) has no "
                "question to ask customers",
                ("measures", i),
                ms.id,
            )


# ---------------------------------------------------------------------------- step 7


@rule("no-review-cadence", 7, blocks=True)
def _no_cadence(plan: Plan) -> Iterator[Problem]:
    if not filled(plan.improvement.review_cadence):
        yield _found(
            "no-review-cadence",
            "no review cadence (how often do you review?)",
            ("improvement", "review_cadence"),
        )


@rule("no-improvement-channel", 7, blocks=True)
def _no_channel(plan: Plan) -> Iterator[Problem]:
    imp = plan.improvement
    if not imp.actions and not filled(imp.staff_ideas.channel):
        yield _found(
            "no-improvement-channel",
            "no improvement action and no channel for staff ideas",
            ("improvement", "actions"),
        )


Evaluated = list[tuple[Rule, list[Problem]]]


def evaluate(plan: Plan) -> Evaluated:
    """Every rule with what it finds in ``plan``, in the rules' order."""
    return [(r, list(r.find(plan))) for r in RULES]


def findings(
    plan: Plan,
    *,
    step: int | None = None,
    blocking: bool | None = None,
    evaluated: Evaluated | None = None,
) -> list[Problem]:
    """What the rules find in ``plan`` (of one step, or only those that block, if asked)."""
    out: list[Problem] = []
    if evaluated is None:
        evaluated = [
            (r, list(r.find(plan)))
            for r in RULES
            if (step is None or r.step == step) and (blocking is None or r.blocks == blocking)
        ]
    for r, found in evaluated:
        if (step is None or r.step == step) and (blocking is None or r.blocks == blocking):
            out.extend(found)
    return out
