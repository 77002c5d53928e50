"""The library behind the commands: one function per command, returning what it found or made.

A script can do everything the command line does through these functions; cli.py only
parses arguments, calls one of them and prints what it returns. Reports carry the lines
a terminal shows (``lines()``/``text()``) and the JSON a script reads (``as_json()``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxplan.errors import InputError, Problem
from cxplan.plan.load import LoadedPlan, read_source, resolve, validate
from cxplan.plan.load import load as load_plan

if TYPE_CHECKING:
    from cxplan.build import BuildOptions, Built
    from cxplan.forms.packs import SiteSummary
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
    fonts: Sequence[Path] = (),
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
    site: str | None = None,
    one_file_per_role: bool = False,
    page_per_role: bool = False,
) -> list[Path]:
    """`cxplan checklists`: the staff checklists of the plan at ``path``."""
    from cxplan.build import checklists

    return checklists(
        resolve(path),
        out_dir,
        by=by,
        fillable=fillable,
        paper=paper,
        fonts=fonts,
        progress=progress,
        site=site,
        one_file_per_role=one_file_per_role,
        page_per_role=page_per_role,
    )


def list_sites(path: Path | None) -> list[SiteSummary]:
    """`cxplan checklists --list-sites`: the plan's sites and what each one's pack holds."""
    from cxplan.forms.packs import site_summaries

    return site_summaries(load_plan(resolve(path)).plan)


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
    results: int = 0  # stored results rows that now carry the new id

    def lines(self) -> list[str]:
        r = self.renamed
        if r.old == r.new:
            return [f"{self.plan}: {r.within.noun} {r.old!r} already has that id; nothing changed."]
        refs = plural(r.references, "reference")
        out = [f"Renamed {r.within.noun} {r.old!r} to {r.new!r} in {self.plan} ({refs} updated)."]
        if self.results:
            out.append(f"Stored results follow: {plural(self.results, 'row')} now say {r.new!r}.")
        return out


def rename_id(
    old: str, new: str, plan: Path | None = None, *, within: str | None = None
) -> RenameReport:
    """`cxplan rename`: give an item a new id, and every reference to it."""
    from cxplan.plan.rename import rename_id as run

    plan_path = resolve(plan)
    renamed = run(plan_path, old, new, within=within)
    report = RenameReport(plan_path, renamed)
    if renamed.old != renamed.new:  # stored results follow the id
        report.results = rename_results(plan_path, renamed.within.noun, old, renamed.new)
    return report


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
    from cxplan.interview.run import run_workshop as run

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
    "list_sites",
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


# ---------------------------------------------------------------------------- results


def _results_plan(plan: Path | None) -> tuple[Path, Any]:
    plan_path = resolve(plan)
    return plan_path, load_plan(plan_path).plan


def _open_results(plan_path: Path | None, db: str | None, *, create: bool) -> Any:
    from cxplan.results.store import open_store, place

    return open_store(place(plan_path, db), create=create)


@dataclass
class ResultsImportReport:
    """What `cxplan results import` read and stored."""

    imported: Any  # cxplan.results.importer.Imported
    dry_run: bool

    def lines(self) -> list[str]:
        out = []
        for f in self.imported.files:
            if f.duplicate:
                out.append(f"{f.file}: imported before; nothing added.")
                continue
            what = f"{plural(f.submissions, 'audit')}, {plural(f.answers, 'answer')}"
            if self.dry_run:
                out.append(f"{f.file}: {what} read (dry run: nothing stored).")
            else:
                note = f"; {f.replaced} replaced by a newer version" if f.replaced else ""
                same = f.submissions - f.added - f.replaced
                note += f"; {same} stored before" if same > 0 else ""
                out.append(f"{f.file}: {what} ({f.added} new{note}).")
            if f.unmatched:
                out.append(
                    f"  {plural(f.unmatched, 'question')} matched no standard of the plan "
                    "(give their labels with --map to count them)."
                )
        if self.imported.retired:
            out.append(
                "Kept answers for standards no longer in the plan: "
                + ", ".join(self.imported.retired)
            )
        if not self.dry_run:
            out.append(f"Results store: {self.imported.store}")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "store": self.imported.store,
            "dry_run": self.dry_run,
            "files": [f.as_json() for f in self.imported.files],
            "retired_standards": self.imported.retired,
        }


def results_import(
    files: list[Path],
    plan: Path | None = None,
    *,
    db: str | None = None,
    label_map: Path | None = None,
    dry_run: bool = False,
) -> ResultsImportReport:
    """`cxplan results import`: read filled checklists and audit exports into the store."""
    from cxplan.results.importer import import_files, read_map

    plan_path, model = _results_plan(plan)
    labels = read_map(label_map)
    with _open_results(plan_path, db, create=True) as store:
        imported = import_files(model, store, files, labels=labels, dry_run=dry_run)
    return ResultsImportReport(imported, dry_run)


@dataclass
class ResultsReport:
    """Compliance by one grouping, as a table, JSON or CSV."""

    by: str
    period: str
    rows: list[Any]  # cxplan.results.scores.Counts
    overall: Any
    ratings: list[dict[str, Any]] = field(default_factory=list)
    customers: Any = None  # CustomerReport: the survey measures
    written: list[Path] = field(default_factory=list)  # the report files, with -o

    def lines(self) -> list[str]:
        extra = self.customers.lines() if self.customers and self.customers.results else []
        return self._compliance() + ([""] if extra else []) + extra

    def _compliance(self) -> list[str]:
        if not self.overall.audits:
            return ["No results for these dates yet; read some in with `cxplan results import`."]
        head = ["", "yes", "no", "n.a.", "blank", "compliance", "target", ""]
        table = [head]
        for r in [*self.rows, self.overall]:
            c = r.compliance
            mark = "" if r.met is None else ("met" if r.met else "BELOW")
            if r.low_sample:
                mark += " (low sample)"
            if r.critical_failed:
                mark += f" {r.critical_failed} critical fail(s)"
            table.append(
                [
                    r.label[:48],
                    f"{r.yes:,}",
                    f"{r.no:,}",
                    f"{r.na:,}",
                    f"{r.blank:,}",
                    "–" if c is None else f"{c:.1f}%",
                    "" if r.target is None else f"{r.target:g}%",
                    mark.strip(),
                ]
            )
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]
        out = []
        for n, row in enumerate(table):
            cells = [row[0].ljust(widths[0])] + [
                row[i].rjust(widths[i]) for i in range(1, len(head) - 1)
            ]
            out.append("  ".join(cells) + ("  " + row[-1] if row[-1] else ""))
            if n == 0 or n == len(table) - 2:
                out.append("-" * (sum(widths[:-1]) + 2 * (len(head) - 2)))
        out[0] = f"Compliance by {self.by}".ljust(widths[0]) + out[0][widths[0] :]
        if self.ratings:
            out.append("")
            out.append("Walk-through ratings (1-5): mean, n, plan's own rating")
            for r in self.ratings:
                plan = f"plan {r['plan_rating']}" if r["plan_rating"] else "plan –"
                out.append(f"  {r['name']}: {r['mean']:.1f} (n {r['n']}), {plan}")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "period": self.period if self.by == "period" else None,
            "rows": [r.as_json() for r in self.rows],
            "overall": self.overall.as_json(),
            "walk_through": self.ratings,
            **(self.customers.as_json() if self.customers else {}),
        }

    def csv_text(self) -> str:
        import csv
        import io

        buffer = io.StringIO()
        keys = list(self.overall.as_json())
        writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        for r in [*self.rows, self.overall]:
            row = r.as_json()
            writer.writerow({k: _csv_safe(row[k]) for k in keys})
        return buffer.getvalue()


def _csv_safe(value: Any) -> Any:
    # Text a spreadsheet would take for a formula is kept as text.
    from cxplan.textfile import formula_like

    if formula_like(value):
        return "'" + value
    return value


def results_report(
    plan: Path | None = None,
    *,
    db: str | None = None,
    by: str = "standard",
    period: str = "month",
    since: str | None = None,
    until: str | None = None,
    out_dir: Path | None = None,
) -> ResultsReport:
    """`cxplan results report`: compliance by standard, touchpoint, role, location or period;
    with ``out_dir``, also the CX performance report as PDF and Word files there."""
    from cxplan.results.scores import Scores, Window

    plan_path = resolve(plan)
    loaded = load_plan(plan_path)
    model = loaded.plan
    window = Window(_day(since, "--since"), _day(until, "--until"))
    with _open_results(plan_path, db, create=False) as store:
        scores = Scores(store, model, window)
        rows = scores.by(by, period)
        ratings = scores.ratings() if by in ("touchpoint",) else []
        customers = _customers(store, model, period)
        report = ResultsReport(by, period, rows, scores.overall(), ratings, customers)
        if out_dir is not None:
            report.written = _write_results_report(loaded, store, out_dir, period, scores)
        return report


def _write_results_report(
    loaded: LoadedPlan, store: Any, out_dir: Path, period: str, scores: Any
) -> list[Path]:
    from cxplan.build import stamp_for
    from cxplan.document.report import build_report
    from cxplan.plan.ids import slug
    from cxplan.render.docx import write_docx
    from cxplan.render.pdf import write_pdf

    stamp = stamp_for(loaded)
    document = build_report(
        loaded.plan, store, period=period, window=scores.window, today=stamp.date(), scores=scores
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    base = slug(loaded.plan.client.name) or "client"
    pdf = out_dir / f"{base}-cx-performance.pdf"
    docx = out_dir / f"{base}-cx-performance.docx"
    write_pdf(document, pdf, stamp=stamp)
    write_docx(document, docx, stamp=stamp)
    return [pdf, docx]


def _day(text: str | None, option: str) -> Any:
    if not text:
        return None
    from cxplan.errors import CxplanError
    from cxplan.results.dates import DATES_SHOWN, day_of

    found = day_of(text)
    if found is None:
        raise CxplanError(f"{option} {text!r} is not a date; write it as {DATES_SHOWN}")
    return found


@dataclass
class ActionsReport:
    """What `cxplan results actions` proposes or added."""

    plan: Path
    period: str | None
    proposed: list[Any]  # cxplan.results.actions.Proposed
    applied: bool

    def lines(self) -> list[str]:
        if self.period is None:
            return ["No results stored yet; nothing to act on."]
        if not self.proposed:
            return [
                f"Every standard audited in {self.period} is on target (or has an open action)."
            ]
        verb = "Added" if self.applied else "Would add"
        out = [f"{verb} {plural(len(self.proposed), 'improvement action')} ({self.period}):"]
        for p in self.proposed:
            owner = f", owner {p.owner}" if p.owner else ""
            out.append(f"  {p.id}: {p.title} (due {p.due.isoformat()}{owner})")
        if not self.applied:
            out.append(f"Run again with --apply to write them into {self.plan}.")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "applied": self.applied,
            "actions": [p.as_json() for p in self.proposed],
        }


def results_actions(
    plan: Path | None = None, *, db: str | None = None, period: str = "month", apply: bool = False
) -> ActionsReport:
    """`cxplan results actions`: improvement actions for standards below target."""
    from cxplan.results.actions import apply as write
    from cxplan.results.actions import propose
    from cxplan.results.customers import apply_feedback, feedback_actions

    plan_path, model = _results_plan(plan)
    with _open_results(plan_path, db, create=False) as store:
        label, proposed = propose(store, model, period=period)
        heard, customers = feedback_actions(store, model, every=period)
    if apply and proposed:
        proposed = write(plan_path, proposed)
    if apply and customers:
        customers = apply_feedback(plan_path, customers)
    return ActionsReport(plan_path, label or heard, [*proposed, *customers], apply)


def rename_results(plan_path: Path, kind: str, old: str, new: str) -> int:
    """Carry a renamed id over to the stored results, when the plan has a store."""
    from cxplan.results.store import exists, open_store, place

    where = place(plan_path, None)
    if not exists(where):
        return 0
    with open_store(where) as store:
        return store.rename(kind, old, new)


# ---------------------------------------------------------------------------- surveys


@dataclass
class SurveyImportReport:
    """What `cxplan results import --measure` read and stored, file by file."""

    surveys: list[Any]  # cxplan.results.surveys.Survey
    saved: list[Any]  # cxplan.results.customers.SavedSurvey (none on a dry run)
    language: str | None = None  # the plan's, for what is told

    def lines(self) -> list[str]:
        from cxplan.i18n import resolve

        lang = resolve(self.language)[0]
        out: list[str] = []
        for n, survey in enumerate(self.surveys):
            out += survey.summary(lang)
            if n >= len(self.saved):
                out.append("Dry run: nothing stored.")
            elif self.saved[n].duplicate:
                out.append("This file was imported for this measure before; nothing added.")
            else:
                saved = self.saved[n]
                out.append(
                    lang.trn(
                        "Stored {count} new response.", "Stored {count} new responses.", saved.added
                    )
                )
                if saved.known:
                    out.append(
                        lang.trn(
                            "{count} response was stored before.",
                            "{count} responses were stored before.",
                            saved.known,
                        )
                    )
        return out

    def as_json(self) -> dict[str, Any]:
        files = []
        for n, s in enumerate(self.surveys):
            saved = self.saved[n] if n < len(self.saved) else None
            files.append(
                {
                    "file": s.file,
                    "layout": s.layout.name,
                    "measure": s.measure,
                    "kind": s.kind,
                    "scale": list(s.scale),
                    "found": s.found,
                    "columns": s.used,
                    "responses": len(s.responses),
                    "left_out": dict(s.skipped),
                    "added": None if saved is None else saved.added,
                    "duplicate": bool(saved and saved.duplicate),
                }
            )
        return {"dry_run": not self.saved and bool(self.surveys), "files": files}


def survey_import(
    files: list[Path],
    plan: Path | None = None,
    *,
    measure: str,
    columns: dict[str, str | None] | None = None,
    scale: str | None = None,
    db: str | None = None,
    dry_run: bool = False,
) -> SurveyImportReport:
    """`cxplan results import FILE... --measure ID`: survey exports' answers into the store.

    Every file is read before anything is stored, so one bad file stores nothing."""
    from cxplan.plan.serialize import plan_version
    from cxplan.results.customers import save_survey, survey_hash
    from cxplan.results.surveys import Columns, read_survey

    plan_path, model = _results_plan(plan)
    given = Columns(**(columns or {}))
    surveys = [read_survey(f, model, measure, given, scale=_scale(scale)) for f in files]
    language = model.client.language
    if dry_run:
        return SurveyImportReport(surveys, [], language)
    version = plan_version(model)
    with _open_results(plan_path, db, create=True) as store:
        saved = [
            save_survey(store, s, survey_hash(Path(s.file), measure), version) for s in surveys
        ]
    return SurveyImportReport(surveys, saved, language)


def _scale(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    low, _, high = text.replace("–", "-").partition("-")
    if not (low.strip().isdigit() and high.strip().isdigit()) or int(low) >= int(high):
        raise InputError(
            [Problem(f"{text!r} is not a scale; write it as 1-5, 1-7 or 0-10", field="--scale")]
        )
    return int(low), int(high)


@dataclass
class CustomerReport:
    """The customer section: each feedback measure's latest figure, change, splits, trend."""

    period: str
    results: list[Any]  # cxplan.results.customers.MeasureResult

    def lines(self) -> list[str]:
        if not self.results:
            return ["The plan has no NPS, CSAT or CES measure."]
        out = ["Customers"]
        for r in self.results:
            out.append(f"  {r.headline()}")
            if r.latest is None:
                continue
            out.append(f"    formula: {r.latest.formula}")
            for title, items in (("touchpoint", r.by_touchpoint), ("site", r.by_location)):
                for key, score in items.items():
                    out.append(f"    {title} {key}: {score.shown()}")
            trend = ", ".join(
                f"{p} {'–' if s.value is None else f'{s.value:.0f}'} (n={s.n})" for p, s in r.trend
            )
            out.append(f"    trend: {trend}")
            for tp, said in r.comments.items():
                for a in said:
                    said = " ".join((a.comment or "").split())
                    out.append(
                        f"    comment, {tp or 'no touchpoint'}: {a.day} ({a.score:g}) {said}"
                    )
        return out

    def as_json(self) -> dict[str, Any]:
        return {"period": self.period, "customers": [r.as_json() for r in self.results]}


def customer_report(
    plan: Path | None = None, *, db: str | None = None, period: str = "month"
) -> CustomerReport:
    """The customer section of `cxplan results report`: NPS, CSAT and CES against the plan."""
    plan_path, model = _results_plan(plan)
    with _open_results(plan_path, db, create=False) as store:
        return _customers(store, model, period)


def _customers(store: Any, model: Any, period: str) -> CustomerReport:
    from cxplan.results.customers import customer_section

    return CustomerReport(period, customer_section(store, model, period))


@dataclass
class FollowupsReport:
    """`cxplan results followups`: the unhappy customers, newest first."""

    followups: list[Any]  # cxplan.results.customers.Followup

    def lines(self) -> list[str]:
        if not self.followups:
            return ["No unhappy customers in the stored answers."]
        return [f.line() for f in self.followups]

    def as_json(self) -> dict[str, Any]:
        return {"followups": [f.as_json() for f in self.followups]}


def results_followups(
    plan: Path | None = None,
    *,
    db: str | None = None,
    since: str | None = None,
    measure: str | None = None,
) -> FollowupsReport:
    """`cxplan results followups`: detractors and unhappy customers to call back."""
    from cxplan.plan.codecs import DATE, ValueProblem
    from cxplan.results.customers import followups

    day = None
    if since:
        try:
            day = DATE.convert(since)
        except ValueProblem as err:
            raise InputError([Problem(err.message, field="--since")]) from None
    plan_path, model = _results_plan(plan)
    with _open_results(plan_path, db, create=False) as store:
        return FollowupsReport(followups(store, model, since=day, measure=measure))


def results_template(output: Path, plan: Path | None = None) -> str:
    """`cxplan results template`: an empty results file with the plan's ids; what was written."""
    from cxplan.results.template import write_template

    _, model = _results_plan(plan)
    rows = write_template(model, output)
    return f"Wrote {output} ({plural(rows, 'row')} to fill in)."
