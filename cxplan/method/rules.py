"""Checks on a valid plan: broken references and duplicate ids (errors), SMART and coverage lint."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cxplan.errors import Problem
from cxplan.plan.model import FEEDBACK_KINDS, Plan, Stage, filled

if TYPE_CHECKING:
    from cxplan.plan.load import LoadedPlan

Severity = Literal["error", "warning"]
Path_ = tuple[str | int, ...]

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


@dataclass(frozen=True)
class Finding:
    """One thing `cxplan check` reports, at a place in the plan."""

    code: str
    severity: Severity
    path: Path_
    message: str
    subject: str = ""

    def problem(self, loaded: LoadedPlan) -> Problem:
        """This finding as a located problem: ``FILE:LINE: message``."""
        return Problem(loaded.where(self.path), self.message)

    def as_json(self, loaded: LoadedPlan) -> dict[str, Any]:
        """A JSON-ready record of this finding."""
        return {
            "file": str(loaded.path),
            "line": loaded.source.line_of(self.path),
            "severity": self.severity,
            "code": self.code,
            "id": self.subject,
            "field": _field(self.path),
            "message": self.message,
        }


def _field(path: Path_) -> str:
    from cxplan.plan.load import field_name

    return field_name(path)


def _duplicates(items: Sequence[Any], section: Path_, noun: str) -> Iterator[Finding]:
    counts = Counter(item.id for item in items)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if counts[item.id] > 1:
            if item.id in seen:
                first = next(i for i, other in enumerate(items) if other.id == item.id)
                yield Finding(
                    "duplicate-id",
                    "error",
                    (*section, index, "id"),
                    f"duplicate id {item.id!r}: another {noun} has it ({_field(section)}"
                    f"[{first}]); ids must be unique",
                    item.id,
                )
            seen.add(item.id)


def _dangling(
    ref: str, known: set[str], path: Path_, noun: str, owner: str, subject: str
) -> Iterator[Finding]:
    if ref not in known:
        import difflib

        close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield Finding(
            "dangling-reference",
            "error",
            path,
            f"{owner} refers to {noun} {ref!r}, which does not exist{hint}",
            subject,
        )


def integrity_findings(plan: Plan) -> list[Finding]:
    """Duplicate ids and references to ids that do not exist: the plan cannot be used."""
    out: list[Finding] = []
    out += _duplicates(plan.customers, ("customers",), "customer segment")
    out += _duplicates(plan.touchpoints, ("touchpoints",), "touchpoint")
    out += _duplicates(plan.standards, ("standards",), "standard")
    out += _duplicates(plan.measures, ("measures",), "measure")
    out += _duplicates(plan.improvement.actions, ("improvement", "actions"), "action")
    customers = {c.id for c in plan.customers}
    touchpoints = {t.id for t in plan.touchpoints}
    for i, tp in enumerate(plan.touchpoints):
        for j, ref in enumerate(tp.customers):
            out += _dangling(
                ref,
                customers,
                ("touchpoints", i, "customers", j),
                "customer segment",
                f"touchpoint {tp.id!r}",
                tp.id,
            )
    for i, st in enumerate(plan.standards):
        if st.touchpoint is not None:
            out += _dangling(
                st.touchpoint,
                touchpoints,
                ("standards", i, "touchpoint"),
                "touchpoint",
                f"standard {st.id!r}",
                st.id,
            )
    for i, ms in enumerate(plan.measures):
        for j, ref in enumerate(ms.touchpoints):
            out += _dangling(
                ref,
                touchpoints,
                ("measures", i, "touchpoints", j),
                "touchpoint",
                f"measure {ms.id!r}",
                ms.id,
            )
    for i, ac in enumerate(plan.improvement.actions):
        if ac.touchpoint is not None:
            out += _dangling(
                ac.touchpoint,
                touchpoints,
                ("improvement", "actions", i, "touchpoint"),
                "touchpoint",
                f"action {ac.id!r}",
                ac.id,
            )
    return out


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


SMART_FIELDS = (
    ("role", "role"),
    ("measure", "measure"),
    ("target", "target"),
    ("frequency", "frequency"),
)


def smart_gaps(standard: Any) -> list[str]:
    """What a standard lacks to be SMART: its wording, role, measure, target or frequency."""
    missing = [label for attr, label in SMART_FIELDS if not filled(getattr(standard, attr))]
    if not filled(standard.standard):
        missing.insert(0, "wording")
    return missing


def lint_findings(plan: Plan) -> list[Finding]:
    """SMART standards and coverage: what keeps the plan from being usable in practice."""
    out: list[Finding] = []
    standards_by_tp: dict[str, int] = Counter(s.touchpoint for s in plan.standards if s.touchpoint)
    measured = {tp for m in plan.measures for tp in m.touchpoints}
    for i, st in enumerate(plan.standards):
        gaps = smart_gaps(st)
        if gaps:
            out.append(
                Finding(
                    "standard-not-smart",
                    "warning",
                    ("standards", i),
                    f"standard {st.id!r} has no {_join(gaps)}",
                    st.id,
                )
            )
        if not st.touchpoint:
            out.append(
                Finding(
                    "standard-without-touchpoint",
                    "warning",
                    ("standards", i),
                    f"standard {st.id!r} is not tied to a touchpoint",
                    st.id,
                )
            )
        term = vague_term(st.standard, st.target)
        if term:
            out.append(
                Finding(
                    "vague-standard",
                    "warning",
                    ("standards", i, "standard"),
                    f"standard {st.id!r} says {term!r} without a number; say how much or how "
                    "fast (e.g. 'within 2 minutes')",
                    st.id,
                )
            )
    if not plan.touchpoints:
        out.append(
            Finding(
                "no-touchpoints",
                "warning",
                ("touchpoints",),
                "no touchpoints yet: list where customers form an opinion, before, during and "
                "after the purchase",
            )
        )
    else:
        stages = {tp.stage for tp in plan.touchpoints}
        for stage in Stage:
            if stage not in stages:
                out.append(
                    Finding(
                        "empty-stage",
                        "warning",
                        ("touchpoints",),
                        f"no touchpoint in the {stage.value!r} stage",
                    )
                )
    for i, tp in enumerate(plan.touchpoints):
        if tp.stage is None:
            out.append(
                Finding(
                    "touchpoint-without-stage",
                    "warning",
                    ("touchpoints", i),
                    f"touchpoint {tp.id!r} has no stage (before, during or after)",
                    tp.id,
                )
            )
        if not filled(tp.owner):
            out.append(
                Finding(
                    "touchpoint-without-owner",
                    "warning",
                    ("touchpoints", i),
                    f"touchpoint {tp.id!r} has no owner",
                    tp.id,
                )
            )
        if not standards_by_tp.get(tp.id):
            out.append(
                Finding(
                    "touchpoint-without-standard",
                    "warning",
                    ("touchpoints", i),
                    f"touchpoint {tp.id!r} has no standard",
                    tp.id,
                )
            )
        if tp.id not in measured:
            out.append(
                Finding(
                    "touchpoint-not-measured",
                    "warning",
                    ("touchpoints", i),
                    f"touchpoint {tp.id!r} is not covered by any measure",
                    tp.id,
                )
            )
    if not any(m.kind in FEEDBACK_KINDS for m in plan.measures):
        out.append(
            Finding(
                "no-feedback-measure",
                "warning",
                ("measures",),
                "no customer-feedback measure: add an NPS, CSAT or CES measure",
            )
        )
    for i, ms in enumerate(plan.measures):
        if ms.kind in FEEDBACK_KINDS and not filled(ms.question):
            out.append(
                Finding(
                    "feedback-without-question",
                    "warning",
                    ("measures", i),
                    f"measure {ms.id!r} ({ms.kind.value.upper() if ms.kind else ''}) has no "
                    "question to ask customers",
                    ms.id,
                )
            )
    return out


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def step_findings(plan: Plan) -> list[Finding]:
    """What steps 1-3 and 7 still need, and work done out of sequence.

    Steps 4-6 are covered item by item by the lint above, in more detail.
    """
    from cxplan.method.steps import sequence_message, status

    st = status(plan)
    out: list[Finding] = []
    for s in st.steps:
        if s.step.key in ("touchpoints", "standards", "measures"):
            continue
        for gap in s.missing:
            out.append(
                Finding(
                    "incomplete-step",
                    "warning",
                    gap.path,
                    f"step {s.step.number} ({s.step.title}): {gap.message}",
                )
            )
    if st.out_of_sequence:
        out.append(Finding("out-of-sequence", "warning", (), sequence_message(st.out_of_sequence)))
    return out


def all_findings(plan: Plan) -> list[Finding]:
    """Everything `cxplan check` reports, errors first."""
    return integrity_findings(plan) + step_findings(plan) + lint_findings(plan)
