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
from cxplan.i18n import Language, _, resolve
from cxplan.method.words import Words, words_for
from cxplan.plan.model import (
    FEEDBACK_KINDS,
    Measure,
    MeasureKind,
    MeasureScale,
    Plan,
    Stage,
    Standard,
    filled,
)

SMART_FIELDS = ("role", "measure", "target", "frequency")


def vague_term(text: str | None, language: str | None = None) -> str | None:
    """The first vague word in ``text``, number or not: "a good attitude within 2 minutes"
    times the greeting, and "good" stays what no auditor can tick (specific AND measurable)."""
    return words_for(language).first_vague(text) if text else None


def observable(behaviour: str, language: str | None = None) -> bool:
    """Whether staff could see a leader do ``behaviour`` ("be more customer focused": no)."""
    words = words_for(language)
    if words.has_number(behaviour) or words.is_cadence(behaviour):
        return True  # "Be at the front desk every morning" is something to see
    for pattern in (words.unobservable_start, words.unobservable_end):
        if pattern is not None and pattern.search(behaviour):
            return False
    return words.first_vague(behaviour) is None


def smart_gaps(standard: Standard) -> list[str]:
    """What a standard lacks to be SMART: its wording, role, measure, target or frequency."""
    missing = [name for name in SMART_FIELDS if not filled(getattr(standard, name))]
    if not filled(standard.standard):
        missing.insert(0, "wording")
    return missing


# The parts of a standard that smart_gaps names, as a message shows them.
GAP_WORDS = {
    "wording": _("wording"),
    "role": _("role"),
    "measure": _("measure"),
    "target": _("target"),
    "frequency": _("frequency"),
}


def join_or(words: Sequence[str], lang: Language | None = None) -> str:
    """``role, target or frequency``."""
    if len(words) <= 1:
        return "".join(words)
    last = lang.tr("{some} or {last}", some=", ".join(words[:-1]), last=words[-1]) if lang else ""
    return last or ", ".join(words[:-1]) + " or " + words[-1]


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


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _lang(plan: Plan) -> str | None:
    return plan.client.language


def _tr(plan: Plan) -> Language:
    """The language the findings about ``plan`` are worded in: the plan's, where cxplan has it."""
    return resolve(plan.client.language)[0]


def _found(code: str, message: str, path: FieldPath, subject: str = "") -> Problem:
    return Problem(message, code=code, severity="warning", subject=subject, path=path)


# ---------------------------------------------------------------------------- step 1


@rule("no-sponsor", 1, blocks=True)
def _no_sponsor(plan: Plan) -> Iterator[Problem]:
    if not filled(plan.leadership.sponsor.name):
        yield _found(
            "no-sponsor",
            _tr(plan).tr("no sponsor named (who owns the CX strategy?)"),
            ("leadership", "sponsor"),
        )


@rule("no-commitment", 1, blocks=True)
def _no_commitment(plan: Plan) -> Iterator[Problem]:
    lead, tr = plan.leadership, _tr(plan).tr
    if not lead.commitments:
        text = tr("no leadership commitment yet")
        yield _found("no-commitment", text, ("leadership", "commitments"))
    elif not any(observable(b, _lang(plan)) for c in lead.commitments for b in c.behaviours):
        for i, c in enumerate(lead.commitments):
            who = c.leader if filled(c.leader) else tr("commitment {number}", number=i + 1)
            yield _found(
                "no-commitment",
                tr(
                    "the commitment of {who} has no visible behaviour (what will staff see "
                    "them do?)",
                    who=who,
                ),
                ("leadership", "commitments", i),
            )


@rule("behaviour-not-observable", 1, blocks=False)
def _unobservable(plan: Plan) -> Iterator[Problem]:
    tr = _tr(plan).tr
    for i, c in enumerate(plan.leadership.commitments):
        for j, behaviour in enumerate(c.behaviours):
            if not observable(behaviour, _lang(plan)):
                who = c.leader if filled(c.leader) else tr("commitment {number}", number=i + 1)
                yield _found(
                    "behaviour-not-observable",
                    tr(
                        "the behaviour {behaviour} of {who} is not something staff can see; say "
                        "what the leader will do, and how often (e.g. 'Works one front-desk "
                        "shift a month')",
                        behaviour=repr(behaviour),
                        who=who,
                    ),
                    ("leadership", "commitments", i, "behaviours", j),
                )


# ---------------------------------------------------------------------------- step 2


@rule("no-vision", 2, blocks=True)
def _vision(plan: Plan) -> Iterator[Problem]:
    v, tr = plan.vision, _tr(plan).tr
    if not filled(v.statement):
        yield _found("no-vision", tr("no vision statement"), ("vision", "statement"))
    if not filled(v.horizon):
        yield _found("no-vision", tr("no horizon (by when?)"), ("vision", "horizon"))
    elif not _YEAR.search(str(v.horizon)):
        yield _found(
            "horizon-not-a-date",
            tr(
                "the horizon {horizon} is not a year or a date; write the year (e.g. 2028) "
                "or the date the vision is to be reached by",
                horizon=repr(v.horizon),
            ),
            ("vision", "horizon"),
        )
    if not v.aims:
        yield _found("no-vision", tr("no unifying aim"), ("vision", "aims"))


# ---------------------------------------------------------------------------- step 3


@rule("no-experience", 3, blocks=True)
def _experience(plan: Plan) -> Iterator[Problem]:
    e, tr = plan.experience, _tr(plan).tr
    if not filled(e.statement):
        text = tr("no customer-experience statement")
        yield _found("no-experience", text, ("experience", "statement"))
    if not e.physical:
        yield _found(
            "no-experience",
            tr("no physical element (what customers see and touch)"),
            ("experience", "physical"),
        )
    if not e.emotional:
        yield _found(
            "no-experience",
            tr("no emotional element (how customers should feel)"),
            ("experience", "emotional"),
        )


@rule("no-customer-need", 3, blocks=True)
def _customers(plan: Plan) -> Iterator[Problem]:
    tr = _tr(plan).tr
    if not plan.customers:
        yield _found("no-customer-need", tr("no customer segment"), ("customers",))
    elif not any(c.needs for c in plan.customers):
        for i, c in enumerate(plan.customers):
            yield _found(
                "no-customer-need",
                tr("customer segment {id} has no needs", id=repr(c.id)),
                ("customers", i),
                c.id,
            )


# ---------------------------------------------------------------------------- step 4


@rule("no-touchpoints", 4, blocks=True)
def _no_touchpoints(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        yield _found(
            "no-touchpoints",
            _tr(plan).tr(
                "no touchpoints yet: list where customers form an opinion, before, during and "
                "after the purchase"
            ),
            ("touchpoints",),
        )


@rule("empty-stage", 4, blocks=True)
def _empty_stage(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        return
    stages = {tp.stage for tp in plan.touchpoints}
    for stage in Stage:
        if stage not in stages:
            tr = _tr(plan).tr
            text = tr("no touchpoint in the {stage} stage", stage=repr(tr(stage.value)))
            yield _found("empty-stage", text, ("touchpoints",))


@rule("touchpoint-without-stage", 4, blocks=False)
def _no_stage(plan: Plan) -> Iterator[Problem]:
    for i, tp in enumerate(plan.touchpoints):
        if tp.stage is None:
            yield _found(
                "touchpoint-without-stage",
                _tr(plan).tr(
                    "touchpoint {id} has no stage (before, during or after)", id=repr(tp.id)
                ),
                ("touchpoints", i),
                tp.id,
            )


@rule("touchpoint-without-owner", 4, blocks=True)
def _no_owner(plan: Plan) -> Iterator[Problem]:
    for i, tp in enumerate(plan.touchpoints):
        if not filled(tp.owner):
            yield _found(
                "touchpoint-without-owner",
                _tr(plan).tr("touchpoint {id} has no owner", id=repr(tp.id)),
                ("touchpoints", i),
                tp.id,
            )


# ---------------------------------------------------------------------------- step 5


@rule("touchpoint-without-standard", 5, blocks=True)
def _no_standard(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        yield _found(
            "touchpoint-without-standard",
            _tr(plan).tr("no touchpoints to set standards for (step 4)"),
            ("standards",),
        )
        return
    counts = Counter(s.touchpoint for s in plan.standards if s.touchpoint)
    for i, tp in enumerate(plan.touchpoints):
        if not counts.get(tp.id):
            yield _found(
                "touchpoint-without-standard",
                _tr(plan).tr("touchpoint {id} has no standard", id=repr(tp.id)),
                ("touchpoints", i),
                tp.id,
            )


@rule("standard-not-smart", 5, blocks=True)
def _not_smart(plan: Plan) -> Iterator[Problem]:
    lang = _tr(plan)
    for i, st in enumerate(plan.standards):
        gaps = smart_gaps(st)
        if gaps:
            what = join_or([lang.tr(GAP_WORDS[g]) for g in gaps], lang)
            yield _found(
                "standard-not-smart",
                lang.tr("standard {id} has no {what}", id=repr(st.id), what=what),
                ("standards", i),
                st.id,
            )


NO_THRESHOLD = _(
    "standard {id}: the target {target} states no threshold; give a number, a "
    "percentage, a time or a count (e.g. '95% within 5 minutes')"
)
NO_CADENCE = _(
    "standard {id}: the frequency {frequency} is not a cadence; write daily, "
    "weekly, monthly, quarterly, per visit, or every N days, weeks or months"
)


def _standards_whose(
    code: str, plan: Plan, field: str, fits: Callable[[Words, str], bool], message: str
) -> Iterator[Problem]:
    """A finding for each standard whose filled-in ``field`` does not fit; ``message``
    names the standard as {id} and the value by the field's name."""
    words = words_for(_lang(plan))
    for i, st in enumerate(plan.standards):
        value = getattr(st, field)
        if filled(value) and not fits(words, str(value)):
            said = _tr(plan).tr(message, id=repr(st.id), **{field: repr(value)})
            yield _found(code, said, ("standards", i, field), st.id)


@rule("target-without-threshold", 5, blocks=True)
def _no_threshold(plan: Plan) -> Iterator[Problem]:
    yield from _standards_whose(
        "target-without-threshold", plan, "target", Words.has_threshold, NO_THRESHOLD
    )


@rule("frequency-not-a-cadence", 5, blocks=True)
def _no_cadence(plan: Plan) -> Iterator[Problem]:
    yield from _standards_whose(
        "frequency-not-a-cadence", plan, "frequency", Words.is_cadence, NO_CADENCE
    )


@rule("measure-not-countable", 5, blocks=False)
def _uncountable(plan: Plan) -> Iterator[Problem]:
    words = words_for(_lang(plan))
    for i, st in enumerate(plan.standards):
        if not filled(st.measure):
            continue
        text = str(st.measure)
        if words.has_number(text) or (words.counting and words.counting.search(text)):
            continue
        quality = words.qualities.search(text) if words.qualities else None
        found = quality.group(1) if quality else words.first_vague(text)
        if found:
            yield _found(
                "measure-not-countable",
                _tr(plan).tr(
                    "standard {id}: the measure {measure} counts nothing ({found} is a "
                    "quality); say what is counted or timed (e.g. 'Share of guests greeted "
                    "within 30 seconds')",
                    id=repr(st.id),
                    measure=repr(st.measure),
                    found=repr(found),
                ),
                ("standards", i, "measure"),
                st.id,
            )


@rule("standard-without-touchpoint", 5, blocks=False)
def _loose_standard(plan: Plan) -> Iterator[Problem]:
    for i, st in enumerate(plan.standards):
        if not st.touchpoint:
            yield _found(
                "standard-without-touchpoint",
                _tr(plan).tr("standard {id} is not tied to a touchpoint", id=repr(st.id)),
                ("standards", i),
                st.id,
            )


@rule("vague-standard", 5, blocks=False)
def _vague(plan: Plan) -> Iterator[Problem]:
    for i, st in enumerate(plan.standards):
        term = vague_term(st.standard, language=_lang(plan))
        if term:
            yield _found(
                "vague-standard",
                _tr(plan).tr(
                    "standard {id} says {term}, which no one can observe; say what is done, "
                    "how much or how fast (e.g. 'greets by name within 2 minutes')",
                    id=repr(st.id),
                    term=repr(term),
                ),
                ("standards", i, "standard"),
                st.id,
            )


# ---------------------------------------------------------------------------- step 6


@rule("touchpoint-not-measured", 6, blocks=True)
def _not_measured(plan: Plan) -> Iterator[Problem]:
    if not plan.touchpoints:
        text = _tr(plan).tr("no touchpoints to measure (step 4)")
        yield _found("touchpoint-not-measured", text, ("measures",))
        return
    measured = {tp for m in plan.measures for tp in m.touchpoints}
    for i, tp in enumerate(plan.touchpoints):
        if tp.id not in measured:
            yield _found(
                "touchpoint-not-measured",
                _tr(plan).tr("touchpoint {id} is not covered by any measure", id=repr(tp.id)),
                ("touchpoints", i),
                tp.id,
            )


@rule("no-feedback-measure", 6, blocks=True)
def _no_feedback(plan: Plan) -> Iterator[Problem]:
    if not any(m.kind in FEEDBACK_KINDS for m in plan.measures):
        yield _found(
            "no-feedback-measure",
            _tr(plan).tr("no customer-feedback measure: add an NPS, CSAT or CES measure"),
            ("measures",),
        )


@rule("feedback-without-question", 6, blocks=False)
def _no_question(plan: Plan) -> Iterator[Problem]:
    for i, ms in enumerate(plan.measures):
        if ms.kind in FEEDBACK_KINDS and not filled(ms.question):
            yield _found(
                "feedback-without-question",
                _tr(plan).tr(
                    "measure {id} ({kind}) has no question to ask customers",
                    id=repr(ms.id),
                    kind=ms.kind.value.upper() if ms.kind else "",
                ),
                ("measures", i),
                ms.id,
            )


# Each kind's scale, and the words that explain it.
SCALES: dict[MeasureKind, tuple[float, float, str]] = {
    MeasureKind.NPS: (-100, 100, _("NPS runs from -100 to 100")),
    MeasureKind.CSAT: (0, 100, _("CSAT is the percentage (0-100) of satisfied (4-5) answers")),
    MeasureKind.COMPLIANCE: (0, 100, _("compliance is a percentage (0-100)")),
}


def scale_of(measure: Measure) -> tuple[float, float, str] | None:
    """The scale a measure's baseline and target are given on (None: a custom measure)."""
    if measure.kind is MeasureKind.CES:
        if measure.scale is MeasureScale.PERCENT:
            return 0, 100, _("this CES is the percentage (0-100) of easy (5-7) answers")
        return (
            1,
            7,
            _("CES is the mean answer on 1-7 (for the share of 5-7 answers, scale: percent)"),
        )
    if measure.kind is None:
        return None
    return SCALES.get(measure.kind)


@rule("measure-off-scale", 6, blocks=False)
def _off_scale(plan: Plan) -> Iterator[Problem]:
    lang = _tr(plan)
    for i, ms in enumerate(plan.measures):
        scale = scale_of(ms)
        if scale is None:
            continue
        low, high, words = scale
        words = lang.tr(words)
        values = [
            (n, v) for n, v in (("baseline", ms.baseline), ("target", ms.target)) if v is not None
        ]
        outside = [(n, v) for n, v in values if not low <= v <= high]
        name = ms.kind.value.upper() if ms.kind else ""
        if outside:
            for field, value in outside:
                yield _found(
                    "measure-off-scale",
                    lang.tr(
                        "measure {id} ({kind}): the {field} {value} is outside its scale; {scale}",
                        id=repr(ms.id),
                        kind=name,
                        field=lang.tr(field),
                        value=f"{value:g}",
                        scale=words,
                    ),
                    ("measures", i, field),
                    ms.id,
                )
            continue
        if high == 100 and len(values) == 2:
            small = [n for n, v in values if 0 < v <= 5]
            if small:
                first, second = (f"{lang.tr(n)} {v:g}" for n, v in values)
                shown = lang.tr("{first} and {second}", first=first, second=second)
                yield _found(
                    "measure-off-scale",
                    lang.tr(
                        "measure {id} ({kind}): {values} look like two different scales (a 1-5 "
                        "mean and a percentage); {scale}: give both the same way",
                        id=repr(ms.id),
                        kind=name,
                        values=shown,
                        scale=words,
                    ),
                    ("measures", i),
                    ms.id,
                )


# ---------------------------------------------------------------------------- starter content

STARTER_LISTS = (
    (4, "touchpoints", "touchpoint"),
    (5, "standards", "standard"),
    (6, "measures", "measure"),
)
# The words of the messages about starter items and off-scale values (translated when shown).
STARTER_WORDS = (
    _("baseline"),
    _("starter touchpoint"),
    _("starter standard"),
    _("starter measure"),
    _("starter touchpoints"),
    _("starter standards"),
    _("starter measures"),
)


def _starter(step: int, section: str, noun: str, *, every: bool) -> Rule:
    """The rule for one list's starter items: all unreviewed (the step is not done), or
    some (a warning)."""

    def find(plan: Plan) -> Iterator[Problem]:
        items = getattr(plan, section)
        waiting = [i for i, item in enumerate(items) if not item.reviewed]
        if not waiting or (len(waiting) == len(items)) != every:
            return
        lang = _tr(plan)
        words = f"starter {noun}{'' if len(waiting) == 1 else 's'}"
        count = f"{lang.number(len(waiting))} {lang.tr(words)}"
        if every:
            message = lang.tr(
                "{count} to review: starter content is the library's until the team keeps, "
                "edits or removes it (`cxplan workshop`, or delete `reviewed: false`)",
                count=count,
            )
        else:
            message = lang.tr("{count} not reviewed yet (marked `reviewed: false`)", count=count)
        code = "starter-to-review" if every else "starter-not-reviewed"
        yield _found(code, message, (section, waiting[0]))

    return Rule("starter-to-review" if every else "starter-not-reviewed", step, every, find)


for _step, _section, _noun in STARTER_LISTS:
    RULES.append(_starter(_step, _section, _noun, every=True))
    RULES.append(_starter(_step, _section, _noun, every=False))


# ---------------------------------------------------------------------------- step 7


@rule("no-review-cadence", 7, blocks=True)
def _no_review_cadence(plan: Plan) -> Iterator[Problem]:
    if not filled(plan.improvement.review_cadence):
        yield _found(
            "no-review-cadence",
            _tr(plan).tr("no review cadence (how often do you review?)"),
            ("improvement", "review_cadence"),
        )


@rule("no-improvement-channel", 7, blocks=True)
def _no_channel(plan: Plan) -> Iterator[Problem]:
    imp = plan.improvement
    if not imp.actions and not filled(imp.staff_ideas.channel):
        yield _found(
            "no-improvement-channel",
            _tr(plan).tr("no improvement action and no channel for staff ideas"),
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
