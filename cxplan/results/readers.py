"""Readers of filled checklists and audit exports: each file becomes submissions to store.

* cxplan's long layout (CSV or XLSX, also the workbook's ``Audits`` sheet): one row per
  answer, columns ``date, location, auditor, standard, result, comment``.
* SafetyCulture's exporter ``inspection_items`` table (one row per item: ``audit_id``,
  ``item_id``, ``label``, ``response``…) and the older exporter's CSV (``AuditID``,
  ``ItemID``, ``Label``, ``Response``…): a standard is found by its id in the item's
  label, or by the label in a ``--map`` file.
* wide exports, one row per inspection and one column per question (SafetyCulture's
  web app, Lumiform, most others): a column is a standard by the id in its header.
* cxplan's fillable checklists and walk-throughs (PDF form fields named by id).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cxplan.errors import FileRow, FormField, InputError, Location, Problem
from cxplan.results import words
from cxplan.results.match import Matcher
from cxplan.results.store import Answer, Rating, Submission
from cxplan.results.tables import LONG, LONG_REQUIRED, Table

ITEMS = {
    "audit": ("audit_id", "auditid"),
    "item": ("item_id", "itemid"),
    "label": ("label",),
    "response": ("response",),
    "type": ("type", "itemtype"),
    "comment": ("comment",),
    "inactive": ("inactive",),
    "modified": ("modified_at", "datemodified"),
    "date": (
        "conducted_on",
        "conductedon",
        "date_completed",
        "datecompleted",
        "date_started",
        "datestarted",
        "created_at",
    ),
    "site": ("site_name", "auditsite", "site", "clientsite", "location", "client_site"),
    "auditor": ("author_name", "auditauthor", "prepared_by", "preparedby", "owner_name"),
}
WIDE = {
    "audit": ("auditid", "audit_id", "audit id", "inspection id", "report reference id", "id"),
    "date": ("conducted on", "date", "date completed", "completed", "started", "audit date"),
    "site": ("site", "location", "store", "client / site", "client site", "audit site"),
    "auditor": ("prepared by", "submitted by", "auditor", "conducted by", "inspector", "author"),
    "modified": ("modified", "date modified", "last modified", "updated"),
}
# A wide export's fixed columns about the inspection itself: never a question left unmatched.
WIDE_FACTS = frozenset(
    (
        "auditname",
        "audit name",
        "audit title",
        "title",
        "template",
        "template name",
        "templateid",
        "template id",
        "score",
        "total score",
        "score %",
        "status",
        "archived",
    )
)
QUESTION_TYPES = {"question", "list", "checkbox", ""}
_NO_DAY = dt.date(1900, 1, 1)  # the day of a submission whose date is wrong (never stored)
_TOKEN = re.compile(r"[\w.-]+", re.UNICODE)


def standard_in(label: str, matcher: Matcher, labels: Mapping[str, str]) -> str | None:
    """The standard a question's label is about: by the map, else by an id written in it."""
    mapped = labels.get(" ".join(label.split()).casefold())
    if mapped is not None:
        return mapped
    for token in _TOKEN.findall(label):
        found = matcher.known_standard(token.strip(".-"))
        if found is not None:
            return found
    return None


def _answer(matcher: Matcher, standard: str, result: str, comment: str | None) -> Answer:
    weight, critical = matcher.weight(standard)
    return (standard, result, comment or None, weight, critical)


def read_long(table: Table, matcher: Matcher, sha: str) -> list[Submission]:
    """cxplan's long layout: every row one answer; an audit is a date, site and auditor."""
    cols = table.columns(LONG)
    missing = [name for name in LONG_REQUIRED if name not in cols]
    if missing:
        raise InputError(
            [
                Problem(
                    f"has no {', '.join(missing)} column; the columns are "
                    "date, location, auditor, standard, result, comment",
                    FileRow(table.shown, 1),
                )
            ],
            hint="`cxplan results template` writes an empty file with the plan's ids.",
        )
    c_date, c_std, c_res = cols["date"], cols["standard"], cols["result"]
    c_site, c_by, c_note = cols.get("location"), cols.get("auditor"), cols.get("comment")
    audits: dict[tuple[str, str, str], tuple[Submission, set[str]]] = {}
    shown = table.shown
    at = RowAt(shown)
    need = 1 + max(i for i in (c_date, c_std, c_res, c_site, c_by, c_note) if i is not None)
    pad = [""] * need
    # The plan's words, looked up once per distinct text: a big file is dictionary look-ups.
    standards: dict[str, str | None] = {}
    results: dict[str, str] = {}
    weights: dict[str, tuple[float, int]] = {}
    for number, row in table.rows:
        if len(row) < need:
            if not any(row):
                continue
            row = row + pad[len(row) :]
        elif not row[c_std] and not any(row):
            continue
        at.row = number
        key = (
            row[c_date],
            row[c_site] if c_site is not None else "",
            row[c_by] if c_by is not None else "",
        )
        got = audits.get(key)
        if got is None:
            by = key[2].strip()
            got = audits[key] = (
                Submission(
                    key=f"{sha}:{key[0]}|{key[1]}|{by}",
                    kind="audit",
                    source=f"{shown}:{number}",
                    day=_NO_DAY,
                    site=matcher.site(key[1], at),
                    auditor=by or None,
                ),
                set(),
            )
            matcher.later_day(got[0], key[0], at)
        sub, seen = got
        text = row[c_std]
        if text in standards:
            standard = standards[text]
            if standard is None:
                matcher.standard(text, at)  # every bad row is told
        else:
            standard = standards[text] = matcher.standard(text, at)
        word = row[c_res]
        result = results.get(word)
        if result is None:
            result = matcher.result(word, at)
            if words.result(word) is not None:
                results[word] = result
        if standard is None:
            continue
        if standard in seen:
            matcher.problem(
                at(),
                "standard",
                f"{standard!r} is answered twice for the same date, location and auditor",
            )
            continue
        seen.add(standard)
        weight = weights.get(standard)
        if weight is None:
            weight = weights[standard] = matcher.weight(standard)
        note = row[c_note].strip() if c_note is not None else ""
        sub.answers.append((standard, result, note or None, weight[0], weight[1]))
    matcher.settle_days()
    return [sub for sub, _ in audits.values()]


class RowAt:
    """The place of the row being read, made into a location only when a problem needs it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.row = 0

    def __call__(self) -> Location:
        return FileRow(self.file, self.row)


def read_items(
    table: Table,
    matcher: Matcher,
    sha: str,
    labels: Mapping[str, str],
    inspections: Mapping[str, dict[str, str]],
    names: Mapping[str, tuple[str, ...]] = ITEMS,
) -> tuple[list[Submission], int]:
    """SafetyCulture's item rows (exporter or older CSV); also how many matched no standard.

    An audit appended again after an update (the exporter does that) counts once, its
    latest version (by ``modified_at``) kept.
    """
    cols = table.columns(dict(names))
    audits: dict[str, Submission] = {}
    items: dict[str, dict[str, tuple[str, Answer]]] = {}
    unmatched = 0
    shown = table.shown
    for number, row in table.rows:
        if not any(row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = cols.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        def at(n: int = number) -> Location:
            return FileRow(shown, n)

        if cell("type").lower() not in QUESTION_TYPES or cell("inactive").lower() == "true":
            continue
        audit = cell("audit")
        if not audit:
            matcher.problem(at(), "audit_id", "no audit id is given")
            continue
        standard = standard_in(cell("label"), matcher, labels)
        if standard is None:
            unmatched += 1
            continue
        meta = inspections.get(audit, {})
        sub = audits.get(audit)
        if sub is None:
            site_text = meta.get("site") or cell("site")
            sub = audits[audit] = Submission(
                key=f"safetyculture:{audit}",
                kind="audit",
                source=f"{shown}:{number}",
                day=_NO_DAY,
                site=matcher.site(site_text, at, "site"),
                auditor=meta.get("auditor") or cell("auditor") or None,
            )
            matcher.later_day(sub, meta.get("date") or cell("date"), at, "conducted_on")
            items[audit] = {}
        revision = cell("modified")
        sub.revision = max(sub.revision, revision)
        result = matcher.result(cell("response"), at, "response")
        item = cell("item") or str(number)
        kept = items[audit].get(item)
        if kept is None or revision >= kept[0]:
            items[audit][item] = (revision, _answer(matcher, standard, result, cell("comment")))
    for audit, sub in audits.items():
        by_standard: dict[str, Answer] = {}
        for _, answer in items[audit].values():
            by_standard[answer[0]] = answer  # a standard asked twice: its last answer
        sub.answers = list(by_standard.values())
    matcher.settle_days()
    return list(audits.values()), unmatched


# The older web-app CSV: a ``Key,Value`` block about the audit, then its items' table.
PREAMBLE = {
    "audit": ("audit_id", "auditid", "audit id", "inspection id"),
    "date": (
        "audit_completed",
        "conducted on",
        "conducted_on",
        "date completed",
        "audit date",
        "date",
        "audit_started",
        "date started",
    ),
    "site": ("site", "audit_site", "client / site", "client/site", "audit_client", "location"),
    "auditor": ("audit_preparedby", "prepared by", "preparedby", "conducted by", "audit_author"),
}
PREAMBLE["site"] += ("audit_location",)
LEGACY_ITEMS = {
    **ITEMS,
    "item": ("item_id", "itemid", "item id", "id"),
    "response": ("response", "answer", "selected", "value"),
    "comment": ("comment", "comments", "comments / text", "notes"),
}
_UNIX = re.compile(r"^\d{9,11}(?:\.\d*)?$")  # seconds since 1970: 1973 to 5138


def is_preamble(header: list[str]) -> bool:
    """True for the ``Key,Value`` row that opens SafetyCulture's older CSV export."""
    return [" ".join(h.split()).casefold() for h in header[:2]] == ["key", "value"]


def read_legacy(
    table: Table, matcher: Matcher, sha: str, labels: Mapping[str, str]
) -> tuple[list[Submission], int]:
    """SafetyCulture's older CSV: each audit a ``Key,Value`` block (its id, dates as UNIX
    times or text, site, who prepared it) and then its items, as the exporter's rows."""
    subs: list[Submission] = []
    unmatched = 0
    parts = _legacy_parts(table, matcher)
    if not parts:
        matcher.problem(
            FileRow(table.shown, 1), "", "has a Key,Value block but no table of items after it"
        )
    for meta, header, rows in parts:
        items = Table(table.path, [*header, "audit_id"], iter(rows), table.sheet)
        got, missed = read_items(items, matcher, sha, labels, {meta["audit"]: meta}, LEGACY_ITEMS)
        subs += got
        unmatched += missed
    return subs, unmatched


def _legacy_parts(
    table: Table, matcher: Matcher
) -> list[tuple[dict[str, str], list[str], list[tuple[int, list[str]]]]]:
    """The audits of an older CSV: each one's facts (checked at their lines), its items'
    header and rows (each with the audit's id added at the end)."""
    parts: list[tuple[dict[str, str], list[str], list[tuple[int, list[str]]]]] = []
    pairs: dict[str, tuple[int, str]] = {}
    header: list[str] | None = None
    for number, row in table.rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if is_preamble(cells):
            pairs, header = {}, None
            continue
        if header is None:
            # A fact is a key and its value; the items' header names several columns.
            if len([c for c in cells if c]) <= 2 and "label" not in (c.casefold() for c in cells):
                value = cells[1] if len(cells) > 1 else ""
                pairs[" ".join(cells[0].split()).casefold()] = (number, value)
                continue
            header = cells
            parts.append((_legacy_meta(table, pairs, matcher), header, []))
            continue
        parts[-1][2].append((number, [*cells, parts[-1][0]["audit"]]))
    return parts


def _legacy_meta(
    table: Table, pairs: dict[str, tuple[int, str]], matcher: Matcher
) -> dict[str, str]:
    """An audit's facts from its ``Key,Value`` block, each checked where it is written."""

    def first(name: str) -> tuple[str, int, str]:
        for alias in PREAMBLE[name]:
            number, value = pairs.get(alias, (0, ""))
            if value and value != "-1":  # -1: a time not recorded
                return alias, number, value
        return PREAMBLE[name][0], 0, ""

    shown = table.shown
    key, number, audit = first("audit")
    meta = {"audit": audit or f"row-{min((n for n, _ in pairs.values()), default=0)}"}
    key, number, text = first("date")
    if _UNIX.match(text):
        text = dt.datetime.fromtimestamp(float(text), dt.timezone.utc).date().isoformat()
    day = matcher.day(text, lambda: FileRow(shown, number or 1), key)
    meta["date"] = (day or _NO_DAY).isoformat()  # a wrong date is told here, not per item
    key, number, text = first("site")
    meta["site"] = matcher.site(text, lambda: FileRow(shown, number), key) or ""
    meta["auditor"] = first("auditor")[2]
    return meta


def inspections_of(table: Table) -> dict[str, dict[str, str]]:
    """SafetyCulture's ``inspections`` table: each audit's date, site and auditor."""
    cols = table.columns(
        {k: v for k, v in ITEMS.items() if k in ("audit", "date", "site", "auditor")}
    )
    out: dict[str, dict[str, str]] = {}
    for _, row in table.rows:

        def cell(name: str, row: list[str] = row) -> str:
            index = cols.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        if cell("audit"):
            out[cell("audit")] = {k: cell(k) for k in ("date", "site", "auditor")}
    return out


def read_wide(
    table: Table, matcher: Matcher, sha: str, labels: Mapping[str, str]
) -> tuple[list[Submission], int]:
    """One row per inspection, one column per question: columns matched by the id in them."""
    folded = [" ".join(h.split()).casefold() for h in table.header]
    # SafetyCulture heads a question "<page>_<label>"; a fixed column may be so too.
    bare = [h.rsplit("_", 1)[-1] if "_" in h else h for h in folded]
    cols: dict[str, int] = {}
    for key, aliases in WIDE.items():
        for alias in aliases:
            if alias in folded or alias in bare:
                cols[key] = folded.index(alias) if alias in folded else bare.index(alias)
                break
    questions = {}
    for index, header in enumerate(table.header):
        if index in cols.values():
            continue
        standard = standard_in(header, matcher, labels)
        if standard is None and "_" in header:
            standard = standard_in(header.split("_", 1)[1], matcher, labels)
        if standard is not None:
            questions[index] = standard
    facts = sum(
        1
        for i, (h, b) in enumerate(zip(folded, bare, strict=True))
        if i not in questions and i not in cols.values() and (h in WIDE_FACTS or b in WIDE_FACTS)
    )
    unmatched = len(table.header) - len(questions) - len(cols) - facts
    if "date" not in cols:
        raise InputError(
            [
                Problem(
                    "is not a results file cxplan knows: it has neither the long layout's "
                    "columns (date, location, auditor, standard, result, comment) nor an "
                    "inspection export's date column (such as 'Conducted On')",
                    FileRow(table.shown, 1),
                )
            ],
            hint="`cxplan results template` writes the long layout with the plan's ids.",
        )
    out: dict[str, Submission] = {}
    shown = table.shown
    for number, row in table.rows:
        if not any(row):
            continue

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        def at(n: int = number) -> Location:
            return FileRow(shown, n)

        audit = cell(cols.get("audit")) or f"{sha}:{number}"
        sub = Submission(
            key=f"audit:{audit}",
            kind="audit",
            source=f"{shown}:{number}",
            day=_NO_DAY,
            site=matcher.site(cell(cols.get("site")), at, "site"),
            auditor=cell(cols.get("auditor")) or None,
            revision=cell(cols.get("modified")),
        )
        matcher.later_day(sub, cell(cols["date"]), at, table.header[cols["date"]])
        answers: dict[str, Answer] = {}
        for index, standard in questions.items():
            result = matcher.result(cell(index), at, table.header[index])
            answers[standard] = _answer(matcher, standard, result, None)
        sub.answers = list(answers.values())
        if audit in out and sub.revision < out[audit].revision:
            continue
        out[audit] = sub
    matcher.settle_days()
    return list(out.values()), unmatched


# ------------------------------------------------------- whole files: PDFs, workbooks


def whole_file(path: Path) -> bool:
    """True for a file read whole rather than as a table: a filled PDF, or a workbook
    cxplan built (its Audits sheet)."""
    from cxplan.results.audits import is_cxplan_workbook

    return path.suffix.lower() == ".pdf" or is_cxplan_workbook(path)


def read_whole(path: Path, matcher: Matcher, sha: str) -> tuple[list[Submission], str | None, str]:
    """The submissions of a file ``whole_file`` took, the plan version on it, and its kind."""
    if path.suffix.lower() == ".pdf":
        subs, version = read_pdf(path, matcher, sha)
        return subs, version, "pdf"
    from cxplan.results.audits import read_audits

    return read_audits(path, matcher, sha), None, "workbook"


# ---------------------------------------------------------------------- fillable PDFs

MAX_PDF_BYTES = 50 * 1024 * 1024


def read_pdf(path: Path, matcher: Matcher, sha: str) -> tuple[list[Submission], str | None]:
    """A filled cxplan checklist, walk-through or site pack: one submission per section
    that was filled in (a pack holds each role's checklist and the walk-through); also the
    plan version printed on it."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from cxplan.forms.layout import SECTION_FIELDS

    if path.stat().st_size > MAX_PDF_BYTES:
        raise InputError([Problem("is too big for a filled checklist", Location(str(path)))])
    try:
        reader = PdfReader(path)
        fields = reader.get_fields() or {}
        info = reader.metadata
        keywords = str(info.get("/Keywords", "") or "") if info is not None else ""
        sections = _sections_of(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputError(
            [Problem(f"is not a PDF cxplan can read ({err})", Location(str(path)))]
        ) from None
    names = {str(n).partition(":")[0] for n in fields}
    if not fields or ("cxplan" not in keywords and not set(SECTION_FIELDS) & names):
        raise InputError(
            [
                Problem(
                    "is not a fillable cxplan checklist (it has no cxplan form fields)",
                    Location(str(path)),
                )
            ],
            hint="Make fillable checklists with `cxplan checklists --fillable`.",
        )
    version = keywords.rsplit("plan version", 1)[-1].strip() if "plan version" in keywords else None
    values: dict[str, str] = {}
    for name, spec in fields.items():
        raw = spec.get("/V") if hasattr(spec, "get") else None
        text = "" if raw is None else str(raw)
        values[str(name)] = "" if text in ("/Off", "Off") else text.lstrip("/")
    grouped: dict[str | None, dict[str, str]] = {}
    for name, value in values.items():
        grouped.setdefault(sections.get(name), {})[name] = value
    subs = [
        sub
        for section, part in grouped.items()
        if (sub := _pdf_section(str(path), sha, section, part, matcher, version)) is not None
    ]
    return subs, version


def _sections_of(reader: Any) -> dict[str, str | None]:
    """Which section each field is in: a section starts on the page that holds its header
    fields (``auditor:role-reception``) and runs until the next one starts."""
    from cxplan.forms.layout import parse_name

    out: dict[str, str | None] = {}
    current: str | None = None
    for page in reader.pages:
        here: list[str] = []
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            name = widget.get("/T")
            if name is None and "/Parent" in widget:
                name = widget["/Parent"].get_object().get("/T")
            if name is not None:
                here.append(str(name))
        starts = [parse_name(n).section for n in here if parse_name(n).kind == "header"]
        current = next((s for s in starts if s), current)
        for name in here:
            out.setdefault(name, current)
    return out


def _pdf_section(
    shown: str,
    sha: str,
    section: str | None,
    values: dict[str, str],
    matcher: Matcher,
    version: str | None,
) -> Submission | None:
    """The submission of one section's fields, or None for a section nobody filled in."""
    from cxplan.forms.layout import NO_ROLE, SITE_FIELD, SUBJECT_FIELD, parse_field, section_field

    def at(name: str) -> Callable[[], Location]:
        return lambda: FormField(shown, name)

    def header(kind: str) -> tuple[str, str]:
        name = section_field(kind, section) if section else kind
        return name, values.get(name, "").strip()

    kinds = {name: parse_field(name) for name in values}
    filled = any(
        value.strip() for name, value in values.items() if kinds[name][0] not in ("header",)
    )
    if section is not None and not filled:
        return None  # a role of the pack that was not audited this time
    walk = any(kind == "rating" for kind, _ in kinds.values())
    date_name, date = header("date")
    location_name, location = header("location")
    site = matcher.site(location, at(location_name)) if location else None
    if site is None:
        site_name, printed = header(SITE_FIELD)
        site = matcher.site(printed, at(site_name)) if printed else None
    auditor = header("walker" if walk else "auditor")[1] or header("auditor")[1]
    # A role's checklist (its section ``role-…``) names its role in a hidden field.
    role = header(SUBJECT_FIELD)[1] if (section or "").startswith("role-") and not walk else ""
    sub = Submission(
        key=f"pdf:{sha}" + (f":{section}" if section else ""),
        kind="walk-through" if walk else "checklist",
        source=shown,
        day=matcher.day(date, at(date_name)) or _NO_DAY,
        site=site,
        auditor=auditor or None,
        plan_version=version,
        role=role if role and role != NO_ROLE else None,
    )
    comments = {ident: v for n, v in values.items() for k, ident in [kinds[n]] if k == "comment"}
    ratings: dict[str, dict[str, str]] = {}
    for name, value in values.items():
        kind, ident = kinds[name]
        if kind == "answer":
            standard = matcher.known_standard(ident) or _older(ident, version, matcher, at(name))
            if standard is None:
                continue
            result = matcher.result(value, at(name))
            note = comments.get(ident, "").strip()
            sub.answers.append(_answer(matcher, standard, result, note))
        elif kind in ("rating", "standout", "sees", "notes"):
            ratings.setdefault(matcher.touchpoint(ident), {})[kind] = value.strip()
    for touchpoint, got in ratings.items():
        if not any(got.values()):
            continue  # not walked
        rating = got.get("rating", "")
        sub.ratings.append(
            Rating(
                touchpoint,
                int(rating) if rating in ("1", "2", "3", "4", "5") else None,
                got.get("standout") if got.get("standout") in ("yes", "no") else None,
                got.get("sees") or None,
                got.get("notes") or None,
            )
        )
    return sub


def _older(
    ident: str, version: str | None, matcher: Matcher, at: Callable[[], Location]
) -> str | None:
    """A standard on a checklist that the plan no longer has: kept when the checklist was
    printed from an older plan (and reported), a problem when it claims today's plan."""
    from cxplan.forms.layout import plan_version

    if version and version != plan_version(matcher.plan):
        matcher.retired.add(ident)
        return ident
    matcher.standard(ident, at)
    return None
