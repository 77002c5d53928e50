"""Customer-feedback scores: NPS, CSAT and CES with n, a 95% margin of error, suppression of
tiny samples and a low-confidence mark, per touchpoint, site, segment and period; and the
unhappy customers to call back.

The formulas, stated with every figure (``Score.formula``):

- NPS: % of 9-10 minus % of 0-6 on 0-10, from -100 to 100; margin
  1.96 * sqrt((p + d - (p - d)^2) / n), in points.
- CSAT: % of the top two answers (4-5 on 1-5; 6-7 on 1-7; 9-10 on 0-10); margin
  1.96 * sqrt(c (1 - c) / n).
- CES: the mean on 1-7 (margin 1.96 * s / sqrt(n)), or the % of 5-7 when the plan's
  measure says ``scale: percent``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

MIN_N = 5  # fewer answers than this are not shown: one customer could be recognised
LOW_N = 30  # fewer than this: shown, marked low confidence, not to be read as a trend
Z = 1.96  # 95% two-sided
PERIODS = ("month", "quarter", "year", "week")


class Answer(NamedTuple):
    """One customer's answer to one measure, as the store keeps it (a tuple: a report
    makes 100,000 of them)."""

    day: dt.date
    score: float
    touchpoint: str | None = None
    location: str | None = None
    segment: str | None = None
    comment: str | None = None
    key: str = ""


@dataclass(frozen=True)
class Score:
    """A feedback figure with what it rests on."""

    kind: str
    n: int
    value: float | None  # None when suppressed
    margin: float | None  # 95%, in the figure's own units
    formula: str
    parts: tuple[tuple[str, int], ...] = ()  # promoters / passives / detractors...

    @property
    def suppressed(self) -> bool:
        """True when too few answered to show a figure."""
        return self.n < MIN_N

    @property
    def low_confidence(self) -> bool:
        """True when the figure rests on fewer than LOW_N answers."""
        return self.n < LOW_N

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready record: the figure, n, margin, flags and its parts."""
        return {
            "kind": self.kind,
            "value": None if self.value is None else round(self.value, 1),
            "n": self.n,
            "margin": None if self.margin is None else round(self.margin, 1),
            "suppressed": self.suppressed,
            "low_confidence": self.low_confidence,
            "formula": self.formula,
            **dict(self.parts),
        }

    def shown(self) -> str:
        """The figure as a report prints it: 'NPS 42 ±9 (n=310)'."""
        name = self.kind.upper()
        if self.value is None:
            return f"{name} not shown (n={self.n}, fewer than {MIN_N})"
        unit = "" if self.kind == "nps" or self.formula.startswith("mean") else "%"
        digits = 1 if self.formula.startswith("mean") else 0
        margin = f" ±{self.margin:.{digits}f}" if self.margin is not None else ""
        flag = ", low confidence" if self.low_confidence else ""
        return f"{name} {self.value:.{digits}f}{unit}{margin} (n={self.n}{flag})"


def _hidden(score: Score) -> Score:
    if score.n >= MIN_N:
        return score
    return Score(score.kind, score.n, None, None, score.formula, ())


def nps(scores: Iterable[float]) -> Score:
    """Net Promoter Score of answers on 0-10."""
    n = promoters = detractors = 0
    for s in scores:
        n += 1
        if s >= 9:
            promoters += 1
        elif s <= 6:
            detractors += 1
    formula = "% of 9-10 minus % of 0-6 (0-10 scale)"
    parts = (
        ("promoters", promoters),
        ("passives", n - promoters - detractors),
        ("detractors", detractors),
    )
    if n == 0:
        return Score("nps", 0, None, None, formula, parts)
    p, d = promoters / n, detractors / n
    margin = 100 * Z * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    return _hidden(Score("nps", n, 100 * (p - d), margin, formula, parts))


def good_answers(kind: str, scale: tuple[int, int]) -> int:
    """The lowest answer that counts as good: the top two boxes of CSAT, 5 of CES 1-7."""
    if kind == "ces":
        return 5
    if kind == "nps":
        return 9
    return scale[1] - 1


def _share(kind: str, scores: Iterable[float], lowest: int, formula: str) -> Score:
    n = good = 0
    for s in scores:
        n += 1
        if s >= lowest:
            good += 1
    parts = (("good", good), ("other", n - good))
    if n == 0:
        return Score(kind, 0, None, None, formula, parts)
    c = good / n
    return _hidden(Score(kind, n, 100 * c, 100 * Z * math.sqrt(c * (1 - c) / n), formula, parts))


def csat(scores: Iterable[float], scale: tuple[int, int] = (1, 5)) -> Score:
    """Customer satisfaction: the share of the top two answers of the scale."""
    lowest = good_answers("csat", scale)
    formula = f"% of {lowest}-{scale[1]} ({scale[0]}-{scale[1]} scale)"
    return _share("csat", scores, lowest, formula)


def ces(scores: Iterable[float], percent: bool = False) -> Score:
    """Customer effort: the mean on 1-7, or the share of 5-7 when ``percent``."""
    if percent:
        return _share("ces", scores, 5, "% of 5-7 (1-7 scale)")
    values = list(scores)
    n = len(values)
    formula = "mean (1-7 scale)"
    if n == 0:
        return Score("ces", 0, None, None, formula)
    mean = math.fsum(values) / n
    margin = None
    if n > 1:
        spread = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
        margin = Z * math.sqrt(spread / n)
    return _hidden(Score("ces", n, mean, margin, formula))


def score(
    kind: str, scores: Iterable[float], *, scale: tuple[int, int] = (1, 5), percent: bool = False
) -> Score:
    """The figure of one kind of measure over ``scores``."""
    if kind == "nps":
        return nps(scores)
    if kind == "csat":
        return csat(scores, scale)
    if kind == "ces":
        return ces(scores, percent)
    raise ValueError(f"not a feedback measure: {kind}")


def unhappy(kind: str, value: float, scale: tuple[int, int] = (1, 5)) -> bool:
    """True for a customer to call back: a detractor (0-6), a dissatisfied CSAT answer
    (below the scale's middle: 1-2 on 1-5), an effort answer of 1-3 (disagreeing it was
    easy)."""
    if kind == "nps":
        return value <= 6
    if kind == "csat":
        return value < (scale[0] + scale[1]) / 2
    return value <= 3


def period(day: dt.date, every: str = "month") -> str:
    """The period a day falls in: 2026-11, 2026-Q4, 2026-W47 or 2026."""
    if every == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if every == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if every == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if every == "year":
        return f"{day.year:04d}"
    raise ValueError(f"not a period: {every}")


GROUPS: dict[str, Callable[[Answer], str | None]] = {
    "touchpoint": lambda a: a.touchpoint,
    "location": lambda a: a.location,
    "segment": lambda a: a.segment,
}


def breakdown(
    answers: Iterable[Answer],
    kind: str,
    *,
    by: Sequence[str] = (),
    every: str | None = None,
    scale: tuple[int, int] = (1, 5),
    percent: bool = False,
) -> dict[tuple[str | None, ...], Score]:
    """The figure per group: ``by`` touchpoint / location / segment, and per period
    (the period is the last part of each key)."""
    keys = [GROUPS[name] for name in by]
    groups: dict[tuple[str | None, ...], list[float]] = defaultdict(list)
    periods: dict[dt.date, tuple[str]] = {}
    for answer in answers:
        key = tuple(k(answer) for k in keys)
        if every is not None:
            day = answer.day
            when = periods.get(day)
            if when is None:
                when = periods[day] = (period(day, every),)
            key += when
        groups[key].append(answer.score)
    return {
        key: score(kind, values, scale=scale, percent=percent)
        for key, values in sorted(groups.items(), key=lambda kv: tuple(str(p) for p in kv[0]))
    }


def followups(
    answers: Iterable[Answer], kind: str, scale: tuple[int, int] = (1, 5)
) -> list[Answer]:
    """The unhappy customers, newest first (those with a comment first within a day)."""
    found = [a for a in answers if unhappy(kind, a.score, scale)]
    found.sort(key=lambda a: (a.day, bool(a.comment), a.key), reverse=True)
    return found
