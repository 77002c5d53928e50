"""The one reader of the day a results file gives: audits, inspections and survey answers alike.

ISO dates and timestamps, a spreadsheet's date cell, numbers with dots, slashes or dashes
(21.11.2026, 11/21/2026, 21-11-26), and the month in words in any shipped language
(``03 March 2017 03:45 AM`` as SafetyCulture writes it, ``Nov 21, 2026``). Whether
21/11 or 11/21 comes first is read from the whole column (``parts_order``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cxplan.plan.codecs import FIRST_DAY, LAST_DAY, ValueProblem, describe
from cxplan.results.answers import norm, vocabulary

_DMY = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:$|[\sT,])")
_WORDY = re.compile(
    r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:$|[\s,T])"
    r"|^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:$|[\s,T])"
)
DATES_SHOWN = "2026-11-21, 21/11/2026 or 21 Nov 2026"


def parts_order(values: Iterable[Any]) -> bool | None:
    """Whether a column's dates are day first (21/11/2026): True, False, or None when no
    date in it tells (every day and month is 12 or less). Mixed orders are an error."""
    day_first = month_first = False
    for value in values:
        if not isinstance(value, str) or value[4:5] == "-":
            continue
        m = _DMY.match(value.strip())
        if not m or len(m.group(1)) == 4:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        day_first = day_first or a > 12
        month_first = month_first or b > 12
        if day_first and month_first:
            raise ValueProblem(
                "the dates mix day/month and month/day order; export them in one format"
            )
    if day_first:
        return True
    if month_first:
        return False
    return None


@dataclass
class Days:
    """Reads the day of an answer from a date cell or an export's own text format."""

    day_first: bool = True
    _seen: dict[str, dt.date] = field(default_factory=dict)

    def read(self, raw: Any) -> dt.date | None:
        """The day ``raw`` says, times of day ignored; None when blank."""
        if isinstance(raw, str):
            head = raw[:10]
            if len(head) == 10 and head[4] == "-" and head[7] == "-" and head[0] != " ":
                try:
                    return self._range(dt.date.fromisoformat(head), raw)
                except ValueError:
                    pass  # told below, with the message for any wrong date
        if raw is None:
            return None
        if isinstance(raw, dt.datetime):
            return self._range(raw.date(), raw)
        if isinstance(raw, dt.date):
            return self._range(raw, raw)
        if isinstance(raw, bool):
            raise ValueProblem(self._wrong(raw))
        if isinstance(raw, (int, float)):
            # A spreadsheet date that lost its format: days since 1899-12-30.
            if 20_000 <= raw <= 80_000:
                return self._range(dt.date(1899, 12, 30) + dt.timedelta(days=int(raw)), raw)
            raise ValueProblem(self._wrong(raw))
        text = str(raw).strip()
        if not text:
            return None
        day = self._seen.get(text)
        if day is None:
            day = self._range(self._text(text), text)
            if len(self._seen) < 100_000:
                self._seen[text] = day
        return day

    def _text(self, text: str) -> dt.date:
        head = text[:10]
        if len(head) == 10 and head[4] == "-" and head[7] == "-":
            try:
                return dt.date.fromisoformat(head)
            except ValueError:
                raise ValueProblem(self._wrong(text)) from None
        m = _DMY.match(text)
        try:
            if m:
                a, b, c = (int(g) for g in m.groups())
                if len(m.group(1)) == 4:
                    return dt.date(a, b, c)
                year = c + 2000 if c < 100 else c
                return dt.date(year, b, a) if self.day_first else dt.date(year, a, b)
            w = _WORDY.match(text)
            if w:
                g = w.groups()
                day_s, month_s, year_s = g[0:3] if g[0] else (g[4], g[3], g[5])
                number = vocabulary().months.get(norm(month_s))
                if number is not None:
                    return dt.date(int(year_s), number, int(day_s))
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueProblem(self._wrong(text)) from None

    def _range(self, day: dt.date, raw: Any) -> dt.date:
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueProblem(
                f"{describe(raw)} is out of range; give a date from "
                f"{FIRST_DAY.year} to {LAST_DAY.year}"
            )
        return day

    def _wrong(self, raw: Any) -> str:
        order = "21/11/2026" if self.day_first else "11/21/2026"
        return f"{describe(raw)} is not a date; cxplan reads 2026-11-21, {order} or 21 Nov 2026"


def day_of(text: str) -> dt.date | None:
    """The day one date's text means (day first when it could be either); None when it
    is not a date."""
    try:
        return Days().read(text)
    except ValueProblem:
        return None
