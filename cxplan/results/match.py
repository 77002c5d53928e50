"""Match what a filled file says to the plan: standard and touchpoint ids, sites, results, dates.

Every reader of results goes through one ``Matcher``, so a mistake gets the same message
(with its place and a did-you-mean) whichever kind of file it came in. Conversions are
cached by the text read: a year of answers uses a few hundred distinct words, so a big
file costs a dictionary look-up per cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cxplan.errors import Location, Problem
from cxplan.plan.codecs import FIRST_DAY, LAST_DAY, did_you_mean
from cxplan.plan.ids import slug
from cxplan.plan.model import Plan
from cxplan.results import words

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
        self._days: dict[str, dt.date | None] = {}
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
        try:
            found = self._days[text]
        except KeyError:
            found = words.date(text)
            if found is not None and not FIRST_DAY <= found <= LAST_DAY:
                found = None
            self._days[text] = found
        if found is None:
            what = f"{text.strip()!r} is not a date" if text.strip() else "no date is given"
            self.problem(where(), field, f"{what}; write it as {words.DATES_SHOWN}")
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


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
