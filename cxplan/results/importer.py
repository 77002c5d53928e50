"""`cxplan results import`: read filled files, check every row against the plan, store all."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxplan.errors import CxplanError, InputError, Location, Problem
from cxplan.plan.model import Plan
from cxplan.results import readers
from cxplan.results.match import Matcher
from cxplan.results.store import Batch, Saved, Store
from cxplan.results.tables import EMPTY, LONG, Table, open_table

MAX_MAP_BYTES = 1024 * 1024


@dataclass
class FileResult:
    """What one file gave."""

    file: str
    kind: str
    submissions: int
    answers: int
    added: int = 0
    replaced: int = 0
    duplicate: bool = False
    unmatched: int = 0  # questions of an export that are no standard of the plan

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Imported:
    """What an import stored, file by file."""

    files: list[FileResult]
    retired: list[str] = field(default_factory=list)  # standards no longer in the plan
    store: str = ""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise InputError([Problem("no such file", Location(str(path)))]) from None
    except OSError as err:
        raise InputError(
            [Problem(f"cannot be read: {err.strerror}", Location(str(path)))]
        ) from None
    return digest.hexdigest()


def read_map(path: Path | None) -> dict[str, str]:
    """A ``--map`` file: YAML or CSV of question label -> standard id."""
    if path is None:
        return {}
    from cxplan.textfile import read_text

    text, _ = read_text(path, what="map file", limit=MAX_MAP_BYTES)
    out: dict[str, str] = {}
    if path.suffix.lower() == ".csv":
        import csv

        for row in csv.reader(text.splitlines()):
            if len(row) >= 2 and row[0].strip():
                out[" ".join(row[0].split()).casefold()] = row[1].strip().lower()
        return out
    from cxplan.yamlio.source import parse

    try:
        data = parse(text).data
    except Exception as err:  # the YAML reader's own errors carry their line
        raise InputError([Problem(f"is not a label map: {err}", Location(str(path)))]) from None
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    "is not a label map: write 'question label: standard-id' lines",
                    Location(str(path)),
                )
            ]
        )
    for label, ident in data.items():
        out[" ".join(str(label).split()).casefold()] = str(ident).strip().lower()
    return out


def _kind(table: Table) -> str:
    if readers.is_preamble(table.header):
        return "safetyculture-csv"
    folded = {" ".join(h.split()).casefold() for h in table.header}
    if folded & {"audit_id", "auditid"} and folded & {"item_id", "itemid"}:
        return "safetyculture-items"
    dated = folded & {"date_completed", "conducted_on", "date_started", "datecompleted"}
    if folded & {"audit_id", "auditid"} and not folded & {"label", "response"} and dated:
        return "safetyculture-inspections"
    cols = table.columns(LONG)
    if "standard" in cols or {"date", "result"} <= set(cols):
        return "long"
    return "wide"


def import_files(
    plan: Plan,
    store: Store,
    files: Sequence[Path],
    *,
    labels: dict[str, str] | None = None,
    dry_run: bool = False,
) -> Imported:
    """Read ``files``; when every row of every file is good, store them in one transaction."""
    labels = labels or {}
    _check_plan(plan, store)
    renamed = {kind: store.renames(kind) for kind in ("standard", "touchpoint", "location")}
    matcher = Matcher(plan, renamed)
    hashes = {path: file_hash(path) for path in files}
    # A file imported before adds nothing, so it is not even read again.
    before = {path: store.seen(sha) for path, sha in hashes.items()}
    results: list[FileResult] = []
    for path, seen in before.items():
        if seen is not None:
            results.append(FileResult(str(path), "seen", 0, 0, duplicate=True))
    files = [path for path in files if before[path] is None]
    # SafetyCulture's inspections table gives the items' dates and sites: read it first.
    inspections: dict[str, dict[str, str]] = {}
    tables: list[tuple[Path, Table | None]] = []
    for path in files:
        if readers.whole_file(path):
            tables.append((path, None))
            continue
        table = open_table(path)
        if _kind(table) == "safetyculture-inspections":
            inspections.update(readers.inspections_of(table))
            continue
        tables.append((path, table))
    batches: list[Batch] = []
    fresh: list[FileResult] = []
    for path, maybe in tables:
        sha = hashes[path]
        version = None
        unmatched = 0
        if maybe is None:
            subs, version, kind = readers.read_whole(path, matcher, sha)
        else:
            kind = _kind(maybe)
            if not maybe.header:
                matcher.problem(Location(str(path)), "", EMPTY)
                continue
            if kind == "long":
                subs = readers.read_long(maybe, matcher, sha)
            elif kind == "safetyculture-csv":
                subs, unmatched = readers.read_legacy(maybe, matcher, sha, labels)
            elif kind == "safetyculture-items":
                subs, unmatched = readers.read_items(maybe, matcher, sha, labels, inspections)
            else:
                subs, unmatched = readers.read_wide(maybe, matcher, sha, labels)
                if not any(s.answers for s in subs) and not matcher.problems:
                    matcher.problem(
                        Location(str(path)),
                        "",
                        "has no column cxplan can match to a standard of the plan (neither "
                        "the long layout date, location, auditor, standard, result, comment, "
                        "nor a question with a standard id in it)",
                    )
        batches.append(Batch(str(path), sha, kind, version, subs))
        fresh.append(
            FileResult(
                str(path), kind, len(subs), sum(len(s.answers) for s in subs), unmatched=unmatched
            )
        )
    if matcher.problems:
        _in_reading_order(matcher.problems)
        hint = ""
        if matcher.dropped:
            hint = f"… and {matcher.dropped:,} more problems. "
        raise InputError(
            matcher.problems, hint=hint + "Nothing was stored; fix them and import again."
        )
    if not dry_run:
        saved = store.save_all(batches)
        for result, done in zip(fresh, saved, strict=True):
            _tell(result, done)
        if plan.plan_id and store.meta("plan_id") is None:
            with store.db.begin():
                store.set_meta("plan_id", plan.plan_id)
    return Imported(results + fresh, sorted(matcher.retired), store.where)


def _in_reading_order(problems: list[Problem]) -> None:
    """File by file, row by row: a date is told once its whole column is read, after the
    rest of its file, yet it is shown at its row."""
    files: dict[str, int] = {}
    for problem in problems:
        files.setdefault(problem.where.file if problem.where else "", len(files))
    problems.sort(
        key=lambda p: (files[p.where.file if p.where else ""], getattr(p.where, "row", 0))
    )


def _tell(result: FileResult, saved: Saved) -> None:
    result.added, result.replaced, result.duplicate = saved.added, saved.replaced, saved.duplicate


def _check_plan(plan: Plan, store: Store) -> None:
    """Refuse to mix the results of two plans in one store."""
    kept = store.meta("plan_id")
    if kept and plan.plan_id and kept != plan.plan_id:
        raise CxplanError(
            f"{store.where} holds the results of another plan (plan_id {kept}, this plan's "
            f"is {plan.plan_id}); nothing was stored",
            hint="Give this plan's own store with --db.",
        )
