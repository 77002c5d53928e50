"""The files checklists come in: one pack per site (every role's checklist and the walk-through).

A store manager prints one file: the site's pack holds each role's checklist, each with
its own header and score box, and the site's walk-through, bookmarked by role. With
``one_file_per_role`` every checklist is a file of its own, as before packs. Per role or
touchpoint, each checklist is its own file and the walk-through another. Every pack is
independent of the others, so sites can be written by several processes or machines
(``cxplan checklists --site ID``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cxplan.errors import CxplanError
from cxplan.forms.layout import Checklist, WalkThrough, at_site, checklists, walk_throughs
from cxplan.plan.codecs import did_you_mean
from cxplan.plan.model import Plan, Site


@dataclass(frozen=True)
class Pack:
    """One file: its checklists in order, then (perhaps) a walk-through."""

    filename: str
    sheets: tuple[Checklist, ...]
    walk: WalkThrough | None = None
    site: Site | None = None

    @property
    def rows(self) -> int:
        """How many table rows the file has: what writing it costs."""
        count = sum(len(sheet.standards) for sheet in self.sheets)
        return count + (len(self.walk.touchpoints) if self.walk else 0)

    @property
    def sections(self) -> int:
        return len(self.sheets) + (1 if self.walk else 0)


def pack_name(site: Site) -> str:
    """A site's pack: ``quay-street.pdf``."""
    return f"{site.id}.pdf"


def find_site(plan: Plan, ident: str) -> Site:
    """The plan's site with id ``ident``, or an error that lists what there is."""
    sites = plan.client.sites()
    for site in sites:
        if site.id == ident:
            return site
    if not sites:
        raise CxplanError(
            "the plan names no locations (client.locations), so there is no site "
            f"{ident!r} to make checklists for",
            hint="Add them to the plan, e.g. `locations: [Quay Street, Northside]`.",
        )
    known = [s.id for s in sites]
    raise CxplanError(
        f"the plan has no site {ident!r}{did_you_mean(ident, known)}",
        hint="`cxplan checklists PLAN --list-sites` lists the sites' ids.",
    )


def packs(
    plan: Plan, by: str, *, site: str | None = None, one_file_per_role: bool = False
) -> list[Pack]:
    """The files `cxplan checklists` writes, in order.

    ``site`` (a site's id) makes that site's files alone, and implies checklists by location.
    """
    if site is not None:
        by = "location"
        only = find_site(plan, site)
    sheets = checklists(plan, by)
    walks = walk_throughs(plan, by)
    if by != "location":
        return [Pack(sheet.filename, (sheet,)) for sheet in sheets] + [
            Pack(walk.filename, (), walk) for walk in walks
        ]
    by_site: dict[str | None, list[Checklist]] = {}
    for sheet in sheets:
        by_site.setdefault(sheet.site, []).append(sheet)
    walk_of = {walk.site: walk for walk in walks}
    out = []
    for place in plan.client.sites() if site is None else [only]:
        mine = tuple(by_site.get(place.id, ()))
        walk = walk_of.get(place.id)
        if one_file_per_role:
            out += [Pack(sheet.filename, (sheet,), site=place) for sheet in mine]
            if walk is not None:
                out.append(Pack(walk.filename, (), walk, place))
        else:
            out.append(Pack(pack_name(place), mine, walk, place))
    return out


@dataclass(frozen=True)
class SiteSummary:
    """A line of `--list-sites`: a site, and how much its pack holds."""

    id: str
    name: str
    standards: int
    touchpoints: int


def site_summaries(plan: Plan) -> list[SiteSummary]:
    """Every site of the plan with the number of standards and touchpoints it has."""
    if not plan.client.locations:
        raise CxplanError(
            "the plan names no locations (client.locations), so it has no sites to list",
            hint="Add them to the plan, e.g. `locations: [Quay Street, Northside]`.",
        )
    out = []
    for place in plan.client.sites():
        touchpoints, standards = at_site(plan, place.id)
        out.append(SiteSummary(place.id, place.name, len(standards), len(touchpoints)))
    return out
