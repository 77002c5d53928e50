"""The workbook's Audits sheet read into submissions: results typed in from paper."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from cxplan.errors import CxplanError, InputError, Location, Problem, SheetCell
from cxplan.i18n import language
from cxplan.results.match import Matcher
from cxplan.results.store import CONTENT, Submission
from cxplan.results.tables import cell_text
from cxplan.workbook.cells import column_letter
from cxplan.workbook.layout import META_SHEET, READ_AUDIT_COLUMNS, AuditsSpec, localized_audits
from cxplan.workbook.read import Workbook, WorkbookError, check_zip

_NO_DAY = dt.date(1900, 1, 1)  # the day of an audit whose date is wrong (never stored)
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]*)</dcterms:modified>")


def is_cxplan_workbook(path: Path) -> bool:
    """True for an .xlsx that `cxplan build` wrote (it has the hidden _cxplan sheet)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        check_zip(path)  # a zip bomb or an entity trick is refused before anything is read
        with zipfile.ZipFile(path) as archive:
            return META_SHEET in Workbook(archive).sheets
    except (InputError, WorkbookError, zipfile.BadZipFile, OSError, ValueError):
        return False  # the table reader tells what is wrong with it


def unimported_audit(path: Path, plan_path: Path) -> SheetCell | None:
    """The first typed cell of a workbook's Audits sheet when this very file was never read
    by `cxplan results import` (so a build must not overwrite it); else None."""
    from cxplan.results.importer import file_hash
    from cxplan.results.store import ENV, default_place, open_store

    if not is_cxplan_workbook(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            book = Workbook(archive)
            spec = localized_audits(language(_language(book)))
            if spec.name not in book.sheets:
                return None
            rows = book.rows(spec.name, skip=frozenset({spec.column("text")}))
    except (WorkbookError, zipfile.BadZipFile, OSError, ValueError):
        return None  # the plan's guard has already told what is wrong with the file
    columns = [spec.column(key) for key in READ_AUDIT_COLUMNS]
    typed = next(
        (
            SheetCell(str(path), spec.name, f"{column_letter(c)}{n}")
            for n in range(spec.header + 1, len(rows) + 1)
            for c in columns
            if cell_text(rows[n - 1][c - 1] if c - 1 < len(rows[n - 1]) else None).strip()
        ),
        None,
    )
    if typed is None:
        return None
    where = os.environ.get(ENV) or str(default_place(plan_path))
    if "://" not in where and not Path(where).is_file():
        return typed
    try:
        with open_store(where, create=False) as store:
            return None if store.seen(file_hash(path)) else typed
    except CxplanError:
        return typed


def _language(book: Workbook) -> str:
    """The language the workbook was written in (its hidden sheet says)."""
    meta = {str(r[0]): r[1] for r in book.rows(META_SHEET)[:19] if r and len(r) > 1 and r[0]}
    return str(meta.get("language") or "en")


def read_audits(path: Path, matcher: Matcher, sha: str) -> list[Submission]:
    """The audits typed into a cxplan workbook's Audits sheet; every bad cell a problem.

    The sheet is found by its name in the workbook's own language (the hidden sheet says
    which) and read by the layout's columns. An audit is a date, site and auditor, and is
    keyed by them: a workbook read again after more rows were typed adds only the new
    audits, and an audit whose rows changed replaces the one stored.
    """
    check_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            book = Workbook(archive)
            spec = localized_audits(language(_language(book)))
            if spec.name not in book.sheets:
                raise InputError(
                    [
                        Problem(
                            f"has no sheet {spec.name!r} to read results from", Location(str(path))
                        )
                    ],
                    hint="Build the workbook again with this cxplan: it adds the sheet.",
                )
            # The standard's text beside its id is a formula, not read.
            rows = book.rows(spec.name, skip=frozenset({spec.column("text")}))
            stamp = _modified(archive)
    except WorkbookError as err:
        where = err.where(path)
        raise InputError(
            [Problem(str(err), where)]
            if where
            else [Problem(f"cannot be read as an Excel workbook: {err}", Location(str(path)))]
        ) from None
    _check_headers(path, spec, rows)
    return _submissions(path, spec, rows, matcher, stamp or sha)


def _modified(archive: zipfile.ZipFile) -> str:
    """When the workbook was last saved (its properties say), for the audits' revision."""
    try:
        found = _MODIFIED.search(archive.read("docProps/core.xml")[:65536])
    except KeyError:
        return ""
    return found[1].decode("ascii", "replace").strip() if found else ""


def _check_headers(path: Path, spec: AuditsSpec, rows: list[list[Any]]) -> None:
    top = rows[spec.header - 1] if len(rows) >= spec.header else []
    for c, col in enumerate(spec.columns, start=1):
        found = top[c - 1] if c - 1 < len(top) else None
        if found != col.header and col.key in READ_AUDIT_COLUMNS:
            raise InputError(
                [
                    Problem(
                        f"expected the column {col.header!r} here, found {found!r}; columns "
                        "must stay where cxplan put them",
                        SheetCell(str(path), spec.name, f"{column_letter(c)}{spec.header}"),
                        field=col.header,
                    )
                ],
                hint="Move the column back; nothing was stored.",
            )


def _submissions(
    path: Path, spec: AuditsSpec, rows: list[list[Any]], matcher: Matcher, stamp: str
) -> list[Submission]:
    index = {key: spec.column(key) - 1 for key in READ_AUDIT_COLUMNS}
    headers = {col.key: col.header for col in spec.columns}
    audits: dict[tuple[str, str, str], tuple[Submission, dict[str, int]]] = {}
    file = str(path)
    for number in range(spec.header + 1, len(rows) + 1):
        row = rows[number - 1]
        cells = {k: cell_text(row[i] if i < len(row) else None).strip() for k, i in index.items()}
        if not any(cells.values()):
            continue

        def at(key: str, n: int = number) -> Any:
            return lambda: SheetCell(file, spec.name, f"{column_letter(index[key] + 1)}{n}")

        day = matcher.day(cells["date"], at("date"), headers["date"])
        site = matcher.site(cells["location"], at("location"), headers["location"])
        key = ((day or _NO_DAY).isoformat(), site or "", " ".join(cells["auditor"].split()))
        got = audits.get(key)
        if got is None:
            sub = Submission(
                key=f"workbook:{key[0]}|{key[1]}|{key[2]}",
                kind="audit",
                source=f"{file} {SheetCell(file, spec.name, f'A{number}').address}",
                day=day or _NO_DAY,
                site=site,
                auditor=key[2] or None,
            )
            got = audits[key] = (sub, {})
        sub, seen = got
        standard = matcher.standard(cells["standard"], at("standard"), headers["standard"])
        result = matcher.result(cells["result"], at("result"), headers["result"])
        if standard is None:
            continue
        if standard in seen:
            matcher.problem(
                at("standard")(),
                headers["standard"],
                f"{standard!r} is answered twice for the same date, site and auditor (row "
                f"{seen[standard]} too)",
            )
            continue
        seen[standard] = number
        weight, critical = matcher.weight(standard)
        sub.answers.append((standard, result, cells["comment"] or None, weight, critical))
    out = []
    for sub, _ in audits.values():
        # An audit's revision: when the workbook was saved, then a digest of what it says.
        # Read again unchanged it is left as stored; changed, it replaces the old one.
        digest = hashlib.sha256(repr(sorted(sub.answers)).encode()).hexdigest()[:16]
        sub.revision = f"{stamp.replace(CONTENT, '')}{CONTENT}{digest}"
        out.append(sub)
    return out
