"""The library behind the commands: one function per command, returning what it found or made.

A script can do everything the command line does through these functions; cli.py only
parses arguments, calls one of them and prints what it returns. Reports carry the lines
a terminal shows (``lines()``/``text()``) and the JSON a script reads (``as_json()``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxplan.errors import InputError, Problem
from cxplan.plan.load import LoadedPlan, read_source, resolve, validate
from cxplan.plan.load import load as load_plan

if TYPE_CHECKING:
    from cxplan.build import BuildOptions, Built
    from cxplan.interview.asker import Asker
    from cxplan.library.scaffold import NewPlan
    from cxplan.method.status import Status
    from cxplan.plan.rename import Renamed
    from cxplan.workbook.importer import ImportResult


def plural(count: int, noun: str) -> str:
    """``3 touchpoints``, ``1 touchpoint``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def resolve_plan(path: Path | None) -> Path:
    """The plan file a command works on: PLAN, PLAN/cxplan.yaml, or ./cxplan.yaml."""
    return resolve(path)


# ---------------------------------------------------------------------------- new


def new_plan(
    directory: Path,
    client: str,
    *,
    industry: str | None = None,
    firm: str | None = None,
    consultant: str | None = None,
    language: str | None = None,
) -> NewPlan:
    """`cxplan new`: write DIRECTORY/cxplan.yaml (and its schema); never overwrite a plan."""
    from cxplan.library.scaffold import create

    return create(
        directory, client, industry=industry, firm=firm, consultant=consultant, language=language
    )


# ---------------------------------------------------------------------------- status


@dataclass
class StatusReport:
    """What `cxplan status` shows."""

    loaded: LoadedPlan
    status: Status
    limit: int = 8  # gaps listed per step on a terminal

    def text(self) -> str:
        """The status as text for a terminal."""
        from cxplan.i18n import resolve

        st, plan = self.status, self.loaded.plan
        lang = resolve(plan.client.language)[0]
        tr = lang.tr
        head = tr(
            "{client}: CX plan status ({file})", client=plan.client.name, file=self.loaded.path
        )
        lines = [head, ""]
        width = max(len(tr(s.step.title)) for s in st.steps)
        for s in st.steps:
            lines.append(f"  {s.step.number}. {tr(s.step.title).ljust(width)}  {tr(s.state)}")
            for gap in s.missing[: self.limit]:
                lines.append(f"       - {gap.message}")
            if len(s.missing) > self.limit:
                more = tr("... and {count} more (see --json)", count=len(s.missing) - self.limit)
                lines.append(f"       - {more}")
        if st.out_of_sequence:
            from cxplan.method.status import sequence_message

            lines.append("")
            lines.extend(_wrap(sequence_message(st.out_of_sequence, lang)))
        lines.append("")
        if st.next_step is None:
            lines.append(
                tr("All seven steps are done. Build the deliverables with `cxplan build`.")
            )
        else:
            n = st.next_step
            todo = n.missing[0].message if n.missing else ""
            step = tr(n.step.title)
            text = tr(
                "Next: step {number} ({title}): {todo}.",
                number=n.step.number,
                title=step,
                todo=todo,
            )
            lines.extend(_wrap(text, indent="      "))
            run = tr("Run `cxplan workshop --step {number}` to work on it.", number=n.step.number)
            lines.append(f"      {run}")
        return "\n".join(lines)

    def notes(self) -> list[str]:
        """What loading the plan noted (cleaned text, text too long), for stderr."""
        return [f"{n.severity.capitalize()}: {n}" for n in self.loaded.notices]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.loaded.path),
            "client": self.loaded.plan.client.name,
            **self.status.as_json(),
        }


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=88, subsequent_indent=indent, break_on_hyphens=False)


def plan_status(path: Path | None) -> StatusReport:
    """`cxplan status`: where the plan at ``path`` stands on the seven steps."""
    from cxplan.method.status import status

    loaded = load_plan(resolve(path))
    return StatusReport(loaded, status(loaded.plan))


# ---------------------------------------------------------------------------- check


@dataclass
class CheckReport:
    """What `cxplan check` found: notes from loading, integrity errors, rule warnings."""

    loaded: LoadedPlan
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.severity != "note" for p in self.problems)

    def lines(self) -> list[str]:
        """One line per problem: ``FILE:LINE: severity: message [code]``, in file order."""
        return [f"{p.where}: {p.severity}: {_message(p)} [{p.code}]" for p in self.problems]

    def summary(self) -> str:
        from cxplan.i18n import resolve

        plan = self.loaded.plan
        lang = resolve(plan.client.language)[0]
        size = ", ".join(
            (
                lang.trn("{count} touchpoint", "{count} touchpoints", len(plan.touchpoints)),
                lang.trn("{count} standard", "{count} standards", len(plan.standards)),
                lang.trn("{count} measure", "{count} measures", len(plan.measures)),
            )
        )
        if self.ok:
            return lang.tr("{file}: all checks passed ({size}).", file=self.loaded.path, size=size)
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        found = ", ".join(
            (
                lang.trn("{count} error", "{count} errors", errors),
                lang.trn("{count} warning", "{count} warnings", warnings),
            )
        )
        return f"{self.loaded.path}: {found} ({size})."

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.loaded.path),
            "ok": self.ok,
            "findings": [p.as_json() for p in self.problems],
        }


def _message(problem: Problem) -> str:
    # Notes from loading name their field; a rule's message names its item already.
    return (
        f"{problem.field}: {problem.message}" if problem.code in _FIELD_NOTES else problem.message
    )


_FIELD_NOTES = {"control-characters", "text-too-long"}


def check_plan(path: Path | None) -> CheckReport:
    """`cxplan check`: validate the plan at ``path`` and run every rule on it.

    An invalid plan raises InputError; a broken reference or a duplicate id is reported
    as an error among the findings.
    """
    from cxplan.method.findings import all_findings

    plan_path = resolve(path)
    source, fmt = read_source(plan_path)
    plan, notices = validate(source, plan_path)
    loaded = LoadedPlan(path=plan_path, source=source, fmt=fmt, plan=plan, notices=notices)
    found, _ = all_findings(plan)
    problems = [loaded.locate(p) if p.where is None else p for p in found]
    ordered = sorted(
        enumerate(notices + problems),
        key=lambda item: (getattr(item[1].where, "line", 0), item[0]),
    )
    return CheckReport(loaded, [p for _, p in ordered])


# ---------------------------------------------------------------------------- schema


def plan_schema_text() -> str:
    """`cxplan schema`: the JSON Schema of the plan file."""
    from cxplan.library.scaffold import schema_text

    return schema_text()


def write_schema(path: Path) -> None:
    """`cxplan schema -o FILE`: the JSON Schema written to a file (atomically)."""
    from cxplan.textfile import atomic_write

    atomic_write(path, plan_schema_text().encode("utf-8"))


# ---------------------------------------------------------------------------- build


def build_plan(
    path: Path | None,
    options: BuildOptions,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> Built:
    """`cxplan build`: the deliverables of the plan at ``path``."""
    from cxplan.build import build

    return build(resolve(path), options, progress=progress)


def build_options(**kwargs: Any) -> BuildOptions:
    """How to build (see BuildOptions); unknown options are a TypeError."""
    from cxplan.build import BuildOptions

    return BuildOptions(**kwargs)


def formats() -> tuple[str, ...]:
    """The formats `cxplan build` writes, in order."""
    from cxplan.render import FORMATS

    return FORMATS


def make_checklists(
    path: Path | None,
    out_dir: Path | None,
    *,
    by: str = "role",
    fillable: bool = False,
    paper: str = "a4",
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
) -> list[Path]:
    """`cxplan checklists`: the staff checklists of the plan at ``path``."""
    from cxplan.build import checklists

    return checklists(
        resolve(path), out_dir, by=by, fillable=fillable, paper=paper, progress=progress
    )


# ---------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    """What `cxplan import` found and did."""

    workbook: Path
    plan: Path
    result: ImportResult
    dry_run: bool
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the terminal shows on stdout."""
        result = self.result
        if not result.changes:
            return [f"{self.workbook}: no changes; {self.plan} is unchanged."]
        out = []
        if result.merged:
            out.append(
                f"{self.plan} changed since the workbook was built; the workbook's changes are "
                "merged field by field."
            )
        out += [f"  {change}" for change in result.changes]
        count = plural(len(result.changes), "change")
        if self.dry_run:
            out.append(f"{count} found; nothing applied (--dry-run).")
        else:
            out.append(f"{count} applied to {self.plan}.")
        return out


def import_workbook(
    workbook: Path, plan: Path | None, *, dry_run: bool = False, force: bool = False
) -> ImportReport:
    """`cxplan import`: bring the team's edits in a workbook back into the plan."""
    from cxplan.workbook.importer import conflict_text
    from cxplan.workbook.importer import import_workbook as run

    plan_path = resolve(plan)
    result = run(workbook, plan_path, dry_run=dry_run, force=force)
    warnings = [
        f"{conflict_text(c)} changed in both; taking the workbook's value (--force)"
        for c in result.forced
    ]
    return ImportReport(workbook, plan_path, result, dry_run, warnings)


# ---------------------------------------------------------------------------- rename


@dataclass
class RenameReport:
    """What `cxplan rename` changed."""

    plan: Path
    renamed: Renamed

    def lines(self) -> list[str]:
        r = self.renamed
        if r.old == r.new:
            return [f"{self.plan}: {r.within.noun} {r.old!r} already has that id; nothing changed."]
        refs = plural(r.references, "reference")
        return [f"Renamed {r.within.noun} {r.old!r} to {r.new!r} in {self.plan} ({refs} updated)."]


def rename_id(
    old: str, new: str, plan: Path | None = None, *, within: str | None = None
) -> RenameReport:
    """`cxplan rename`: give an item a new id, and every reference to it."""
    from cxplan.plan.rename import rename_id as run

    plan_path = resolve(plan)
    return RenameReport(plan_path, run(plan_path, old, new, within=within))


def rename_lists() -> tuple[str, ...]:
    """The lists `cxplan rename --in` takes."""
    from cxplan.plan.rename import LIST_NAMES

    return tuple(LIST_NAMES)


# ---------------------------------------------------------------------------- workshop


def run_workshop(
    plan: Path | None,
    asker: Asker,
    *,
    step: int | None = None,
    answers: Path | None = None,
) -> None:
    """`cxplan workshop`: walk the team through the steps, asking through ``asker``."""
    from cxplan.interview.session import run_workshop as run

    run(resolve(plan), asker, step=step, answers=answers)


__all__ = [
    "CheckReport",
    "ImportReport",
    "InputError",
    "RenameReport",
    "StatusReport",
    "build_options",
    "build_plan",
    "check_plan",
    "formats",
    "import_workbook",
    "make_checklists",
    "new_plan",
    "plan_schema_text",
    "plan_status",
    "plural",
    "rename_id",
    "rename_lists",
    "resolve_plan",
    "run_workshop",
    "write_schema",
]
