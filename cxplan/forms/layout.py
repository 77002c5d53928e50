"""The checklist contract: which checklists a plan gives, and the names of their form fields.

The checklist writer (render/checklists.py) and the reader of filled-in checklists
(results/) both work from this module, so a filled PDF is always read the way it was
written. Field names are ids, never the client's text: they survive any language and
any wording change, and a renamed id is followed by `cxplan rename`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cxplan.errors import CxplanError
from cxplan.i18n import _
from cxplan.plan.ids import unique_names
from cxplan.plan.model import Plan, Stage, Standard, Touchpoint
from cxplan.plan.serialize import plan_version

BY = ("role", "touchpoint", "location")

# The three answers of a standard's tick boxes, as the radio group's values.
ANSWERS = ("yes", "no", "na")
# The fields of every standards checklist's header and foot, and of the walk-through. In a
# file each is named for its section (``auditor:role-reception``, ``date:walk-through``),
# so a site's pack holds every role's checklist and the walk-through side by side.
HEADER_FIELDS = ("location", "auditor", "date")
WALK_HEADER_FIELDS = ("location", "walker", "date")
SCORE_FIELD = "score"
# Read-only fields that say what a section is: the site's id and the role (or touchpoint).
SITE_FIELD = "site"
SUBJECT_FIELD = "subject"
SECTION_FIELDS = (*HEADER_FIELDS, *WALK_HEADER_FIELDS, SCORE_FIELD, SITE_FIELD, SUBJECT_FIELD)
WALK_SECTION = "walk-through"
# Per touchpoint on the walk-through: what a new customer sees, a 1-5 rating, whether we
# stand out from competitors (yes / no), and notes.
WALK_FIELDS = ("sees", "rating", "standout", "notes")
RATINGS = ("1", "2", "3", "4", "5")
STANDOUT = ("yes", "no")
WALK_THROUGH_FILE = "walk-through.pdf"
KEYWORDS = "cxplan; checklist; plan version {version}"
# The subjects of the checklists of standards with no touchpoint or role (translated when shown).
NO_TOUCHPOINT = _("No touchpoint given")
NO_ROLE = _("No role given")


def answer_field(standard: str) -> str:
    """The radio group of a standard's Yes / No / N.A. boxes: its id."""
    return standard


def comment_field(standard: str) -> str:
    """The comment line of a standard."""
    return f"comment:{standard}"


def walk_field(kind: str, touchpoint: str) -> str:
    """A walk-through field of a touchpoint: ``sees:``, ``rating:``, ``standout:``, ``notes:``."""
    return f"{kind}:{touchpoint}"


def section_field(kind: str, section: str) -> str:
    """A field of a section's header or foot: ``auditor:role-reception``, ``score:...``."""
    return f"{kind}:{section}"


@dataclass(frozen=True)
class FieldName:
    """What a form field's name says: its kind, the id it belongs to, and its section
    (the checklist's key) for the fields of a header or foot."""

    kind: str  # "answer", "comment", a walk field, or "header"
    ident: str  # a standard's or touchpoint's id; for "header", which field (auditor...)
    section: str | None = None


def parse_name(name: str) -> FieldName:
    """A field name read back; names written before sections (``auditor``) still read."""
    if name in SECTION_FIELDS:
        return FieldName("header", name)
    kind, sep, ident = name.partition(":")
    if sep and kind in SECTION_FIELDS:
        return FieldName("header", kind, ident)
    if sep and kind == "comment":
        return FieldName("comment", ident)
    if sep and kind in WALK_FIELDS:
        return FieldName(kind, ident)
    return FieldName("answer", name)


def parse_field(name: str) -> tuple[str, str]:
    """A field name as (kind, id): ("answer", std), ("comment", std), ("rating", tp), or
    ("header", "auditor") for the fields of the header and foot."""
    found = parse_name(name)
    return found.kind, found.ident


@dataclass(frozen=True)
class Checklist:
    """One checklist to print: its subject and its standards."""

    kind: str  # "role", "touchpoint" or "location"
    subject: str
    location: str | None
    standards: tuple[Standard, ...]
    filename: str
    site: str | None = None  # the location's id

    @property
    def key(self) -> str:
        """The section's name in its file's form fields and outline: the file name's stem
        without the site (``role-reception``)."""
        stem = self.filename.removesuffix(".pdf")
        return stem.removeprefix(f"{self.site}-") if self.site else stem


@dataclass(frozen=True)
class WalkThrough:
    """The walk-through of a plan (or of one site): its touchpoints in journey order."""

    touchpoints: tuple[Touchpoint, ...]
    filename: str
    location: str | None = None
    site: str | None = None
    key: str = WALK_SECTION


def at_site(plan: Plan, site: str) -> tuple[list[Touchpoint], list[Standard]]:
    """The touchpoints and standards of one site: those that list it, or list no site.

    A standard without sites of its own applies where its touchpoint is.
    """
    where = {t.id: t.locations for t in plan.touchpoints}
    touchpoints = [t for t in plan.touchpoints if not t.locations or site in t.locations]
    standards = []
    for s in plan.standards:
        sites = s.locations or where.get(s.touchpoint or "", [])
        if not sites or site in sites:
            standards.append(s)
    return touchpoints, standards


def walk_throughs(plan: Plan, by: str) -> list[WalkThrough]:
    """One walk-through for the plan, or one per site when checklists go by location."""
    if by != "location":
        return [WalkThrough(tuple(journey(plan.touchpoints)), WALK_THROUGH_FILE)]
    out = []
    for site in plan.client.sites():
        touchpoints, _ = at_site(plan, site.id)
        out.append(
            WalkThrough(
                tuple(journey(touchpoints)), f"{site.id}-{WALK_THROUGH_FILE}", site.name, site.id
            )
        )
    return out


def journey(touchpoints: Iterable[Touchpoint]) -> list[Touchpoint]:
    """Touchpoints in journey order: before, during, after (then any without a stage)."""
    rank = {Stage.BEFORE: 0, Stage.DURING: 1, Stage.AFTER: 2}
    return sorted(touchpoints, key=lambda t: rank.get(t.stage, 3) if t.stage else 3)


def checklists(plan: Plan, by: str) -> list[Checklist]:
    """The checklists a plan gives, one per role (or touchpoint, or location and role)."""
    if by not in BY:
        raise CxplanError(f"checklists are made by role, touchpoint or location, not {by!r}")
    order = {t.id: i for i, t in enumerate(journey(plan.touchpoints))}
    standards = sorted(plan.standards, key=lambda s: order.get(s.touchpoint or "", 10**9))
    out: list[Checklist] = []
    if by == "touchpoint":
        titles = {t.id: t.name or t.id for t in plan.touchpoints}
        of_touchpoint: dict[str | None, list[Standard]] = {}
        for s in standards:  # grouped once: not every standard looked at per touchpoint
            of_touchpoint.setdefault(s.touchpoint, []).append(s)
        for tp in journey(plan.touchpoints):
            group = tuple(of_touchpoint.get(tp.id, ()))
            if group:
                out.append(
                    Checklist("touchpoint", titles[tp.id], None, group, f"touchpoint-{tp.id}.pdf")
                )
        # Standards not (yet) tied to a touchpoint still need printing somewhere.
        loose = tuple(s for s in standards if s.touchpoint not in titles)
        if loose:
            out.append(Checklist("touchpoint", NO_TOUCHPOINT, None, loose, "no-touchpoint.pdf"))
        return out
    roles: dict[str, list[Standard]] = {}
    for s in standards:
        roles.setdefault(s.role or NO_ROLE, []).append(s)
    names = unique_names(roles, prefix="role-", fallback="role")
    if by == "role":
        return [
            Checklist("role", role, None, tuple(group), f"{name}.pdf")
            for (role, group), name in zip(roles.items(), names, strict=True)
        ]
    if not plan.client.locations:
        raise CxplanError(
            "the plan names no locations (client.locations), so there is nothing to make "
            "checklists per location for",
            hint="Add them to the plan, e.g. `locations: [Quay Street, Northside]`, or use "
            "--by role.",
        )
    for site in plan.client.sites():
        _, here = at_site(plan, site.id)
        ids = {s.id for s in here}
        for (role, mine), name in zip(roles.items(), names, strict=True):
            group = tuple(s for s in mine if s.id in ids)
            if group:
                out.append(
                    Checklist("location", role, site.name, group, f"{site.id}-{name}.pdf", site.id)
                )
    return out


__all__ = [
    "Checklist",
    "WalkThrough",
    "at_site",
    "checklists",
    "journey",
    "plan_version",
    "walk_throughs",
]
