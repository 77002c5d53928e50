"""Match what a filled file says to the plan: standard and touchpoint ids, sites, results, dates.

Every reader of results goes through one ``Matcher``, so a mistake gets the same message
(with its place and a did-you-mean) whichever kind of file it came in. Conversions are
cached by the text read: a year of answers uses a few hundred distinct words, so a big
file costs a dictionary look-up per cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from cxplan.errors import Location, Problem
from cxplan.plan.codecs import ValueProblem, did_you_mean
from cxplan.plan.ids import slug
from cxplan.plan.model import Plan
from cxplan.results import words
from cxplan.results.dates import DATES_SHOWN, Days, parts_order

if TYPE_CHECKING:
    from cxplan.results.store import Submission

MAX_PROBLEMS = 200  # a file wrong on every row is told in full up to here, then counted


class Matcher:
    """The plan's ids and the result and date words, for the readers of one import."""

    def __init__(self, plan: Plan, renamed: dict[str, dict[str, str]] | None = None) -> None:
        renamed = renamed or {}
        self.plan = plan
        self.standards = {s.id: s for s in plan.standards}
        self.touchpoints = {t.id for t in plan.touchpoints}
        self.renamed_standards = renamed.get("standard", {})
        self.renamed_touchpoints = renamed.get("touchpoint", {})
        sites = plan.client.sites()
        self.site_ids = [s.id for s in sites]
        self.sites: dict[str, str] = {}
        self._site_shown: dict[str, str] = {}  # a folded key as the plan spells it
        for site in sites:
            for key in (site.id, site.name, slug(site.name)):
                self.sites.setdefault(_fold(key), site.id)
                self._site_shown.setdefault(_fold(key), key)
        for old, new in renamed.get("location", {}).items():
            self.sites.setdefault(_fold(old), new)
        self.problems: list[Problem] = []
        self.retired: set[str] = set()  # standards of an older plan, kept and reported
        self.dropped = 0
        self._results: dict[str, str | None] = {}
        self._days = Days()
        # Dates of a table's column, read when the whole column is known: text -> where
        # it was first, its column, and the submissions that wait for its day.
        self._pending: dict[str, tuple[Location, str, list[Submission]]] = {}
        self._ids: dict[str, str | None] = {}
        self._site_cache: dict[str, str | None] = {}

    # ------------------------------------------------------------------ problems

    def problem(self, where: Location, field: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, where, field=field, code="bad-result"))
        else:
            self.dropped += 1

    # ------------------------------------------------------------------ values

    def result(self, text: str, where: Callable[[], Location], field: str = "result") -> str:
        try:
            found = self._results[text]
        except KeyError:
            found = self._results[text] = words.result(text)
        if found is None:
            self.problem(where(), field, f"{text.strip()!r} is not a result; write {words.SHOWN}")
            return "blank"
        return found

    def day(self, text: str, where: Callable[[], Location], field: str = "date") -> dt.date | None:
        """The day of a date on its own (a filled form's): day first if it could be either."""
        return self._day(self._days, text, where, field)

    def later_day(
        self, sub: Submission, text: str, where: Callable[[], Location], field: str = "date"
    ) -> None:
        """Give ``sub`` the day of ``text`` once its table's whole date column is read
        (``settle_days``): 03/04 is day first or not by the other dates in the column."""
        waiting = self._pending.get(text)
        if waiting is None:
            self._pending[text] = (where(), field, [sub])
        else:
            waiting[2].append(sub)

    def settle_days(self) -> None:
        """Read the dates ``later_day`` noted, in the order the column writes them."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        try:
            order = parts_order(pending)
        except ValueProblem as err:
            where, field, _ = next(iter(pending.values()))
            self.problem(where, field, err.message)
            return
        days = self._days if order in (None, True) else Days(day_first=False)
        for text, (where, field, subs) in pending.items():
            found = self._day(days, text, _at(where), field)
            if found is not None:
                for sub in subs:
                    sub.day = found

    def _day(
        self, days: Days, text: str, where: Callable[[], Location], field: str
    ) -> dt.date | None:
        try:
            found = days.read(text)
        except ValueProblem as err:
            self.problem(where(), field, err.message)
            return None
        if found is None:
            self.problem(where(), field, f"no date is given; write it as {DATES_SHOWN}")
        return found

    def standard(
        self, text: str, where: Callable[[], Location], field: str = "standard"
    ) -> str | None:
        """The plan's id of a standard (following renames); a problem when there is none."""
        try:
            found = self._ids[text]
        except KeyError:
            found = self._ids[text] = self.known_standard(text)
        if found is None:
            ident = text.strip()
            if not ident:
                self.problem(where(), field, "no standard id is given")
            else:
                hint = did_you_mean(ident, self.standards)
                self.problem(where(), field, f"{ident!r} is not a standard of the plan{hint}")
        return found

    def known_standard(self, text: str) -> str | None:
        ident = text.strip().lower()
        ident = self.renamed_standards.get(ident, ident)
        return ident if ident in self.standards else None

    def touchpoint(self, text: str) -> str:
        ident = text.strip().lower()
        return self.renamed_touchpoints.get(ident, ident)

    def site(self, text: str, where: Callable[[], Location], field: str = "location") -> str | None:
        """A site's id; any name when the plan names no sites, a problem when it is not one."""
        name = " ".join(text.split())
        if not name:
            return None
        try:
            return self._site_cache[name]
        except KeyError:
            pass
        if not self.site_ids:
            found: str | None = slug(name) or name
        else:
            found = self.sites.get(_fold(name)) or self.sites.get(_fold(slug(name)))
            if found is None:
                hint = did_you_mean(_fold(name), self.sites, self._site_shown)
                self.problem(
                    where(),
                    field,
                    f"{name!r} is not one of the plan's locations{hint} "
                    f"(they are: {', '.join(self.site_ids)})",
                )
        self._site_cache[name] = found
        return found

    def weight(self, standard: str) -> tuple[float, int]:
        """A standard's weight and whether it is critical (1 and 0 for one not in the plan)."""
        found = self.standards.get(standard)
        if found is None:
            return 1.0, 0
        return float(found.weight or 1.0), int(found.critical)


def _at(where: Location) -> Callable[[], Location]:
    return lambda: where


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
