"""`cxplan build`: the plan's deliverables, each written by its own writer from one model."""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxplan.errors import CxplanError, InputError, Problem, RefusedError, SheetCell, field_name
from cxplan.method.findings import all_findings
from cxplan.parallel import Worker, can_fork
from cxplan.plan.ids import slug
from cxplan.plan.load import LoadedPlan, load
from cxplan.plan.model import Plan
from cxplan.render import FORMATS, WRITERS, Job
from cxplan.render.common import check_package
from cxplan.render.images import read_logo
from cxplan.textfile import Staging

if TYPE_CHECKING:
    from cxplan.document.blocks import Document
    from cxplan.i18n import Language
    from cxplan.method.status import Status, StepStatus

WARNED = 10  # item warnings a build lists before it says how many more there are
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


@dataclass
class BuildOptions:
    """How to build: which formats, where, and with which templates."""

    out_dir: Path | None = None
    formats: Sequence[str] = FORMATS
    strict: bool = False
    templates: Path | None = None
    docx_template: Path | None = None
    force: bool = False
    paper: str = "a4"
    fonts: Sequence[Path] = ()  # --font: fallback fonts for the PDFs, before the system's
    language: str | None = None  # instead of the plan's client.language, for this build


@dataclass
class Built:
    """What a build wrote, and what it had to say about the plan."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def stamp_for(loaded: LoadedPlan) -> dt.datetime:
    """The time written into every file: SOURCE_DATE_EPOCH, else the plan's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise CxplanError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
            ) from None
    day = loaded.plan.prepared_by.date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, 12, 0, 0)


def _asset(
    loaded: LoadedPlan,
    value: str | None,
    field_path: tuple[str, ...],
    what: str,
    magic: tuple[bytes, ...] | None = None,
) -> Path | None:
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        path = loaded.path.parent / path
    name = ".".join(field_path)

    def refused(message: str) -> InputError:
        # The line is looked up only now: it composes the plan's node tree, a second parse.
        return InputError([Problem(message, loaded.where(field_path), name)])

    if not path.is_file():
        raise refused(f"{what} {value!r} not found (looked for {path})")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as err:
        raise refused(f"cannot read {what} {value!r}: {err.strerror}") from None
    if magic and not head.startswith(magic):
        raise refused(f"{what} {value!r} is not a PNG, JPEG, GIF or BMP image")
    return path


def _fits_workbook(loaded: LoadedPlan) -> None:
    """Refuse, before anything is written, a plan whose text would overflow a workbook cell."""
    from cxplan.workbook.cells import CELL_LIMIT, overfull

    problems = [n for n in loaded.notices if n.code == "text-too-long"]
    if not problems:
        problems = [
            Problem(
                f"would fill {cell.sheet}!{cell.where} with {len(cell.value):,} characters; an "
                f"Excel cell holds at most {CELL_LIMIT:,}, so the workbook cannot be built",
                loaded.where(cell.path),
                field_name(cell.path),
                "text-too-long",
            )
            for cell in overfull(loaded.plan.model_dump(mode="json"))
        ]
    if problems:
        raise InputError(
            problems, hint="Shorten the text or the list, or build without --format xlsx."
        )


def _guard(target: Path, plan: Plan, force: bool, plan_path: Path) -> Path | None:
    """Refuse to overwrite a workbook with edits not imported (to the plan, or typed audits
    to the results); with force, back it up first."""
    if not target.exists():
        return None
    from cxplan.results.audits import unimported_audit
    from cxplan.workbook.importer import guard_workbook

    guard = guard_workbook(target, plan)
    if guard.safe:
        typed = unimported_audit(target, plan_path)
        if typed is None:
            return None
        if not force:
            raise RefusedError(
                f"{target} holds audit results typed into its sheet {typed.sheet!r} (e.g. "
                f"{typed.address}) that are not in the results yet; the build left it alone",
                hint=f"Run `cxplan results import {target}` first, or build with --force to "
                "replace it (a backup copy is kept).",
            )
    elif not force:
        cell = guard.cell
        where = f" (e.g. {cell.address})" if isinstance(cell, SheetCell) else ""
        raise RefusedError(
            f"{target} {guard.reason}{where}; the build left it alone",
            hint=f"Run `cxplan import {target}` first, or build with --force to replace it "
            "(a backup copy is kept).",
        )
    import shutil

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    number = 1
    while backup.exists():  # two builds in one second: the first backup stays
        number += 1
        backup = target.with_name(f"{target.stem}.backup-{stamp}-{number}{target.suffix}")
    shutil.copy2(target, backup)
    return backup


def outputs(loaded: LoadedPlan, out_dir: Path) -> dict[str, Path]:
    """Where each format is written."""
    base = slug(loaded.plan.client.name) or "client"
    return {name: out_dir / writer.filename(base) for name, writer in WRITERS.items()}


def checklists(
    plan_path: Path,
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
    """`cxplan checklists`: the staff checklists of a plan, in ``out_dir``."""
    from cxplan.i18n import resolve
    from cxplan.render.checklists import write_checklists
    from cxplan.render.fonts import use_fonts

    use_fonts(fonts)

    loaded = load(plan_path)
    plan, stamp, parallel = loaded.plan, stamp_for(loaded), can_fork(len(loaded.source.text))
    del loaded  # where each value is written is not needed to write: free it
    folder = out_dir or plan_path.parent / "checklists"
    return write_checklists(
        plan,
        folder,
        by=by,
        fillable=fillable,
        paper=paper,
        stamp=stamp,
        progress=progress,
        parallel=parallel,
        site=site,
        one_file_per_role=one_file_per_role,
        page_per_role=page_per_role,
        lang=resolve(plan.client.language)[0],
    )


def _font_warnings(loaded: LoadedPlan, options: BuildOptions) -> list[str]:
    """Every character prints in the PDFs, or the user hears which field cannot and what
    to do; the fields are walked only when the plan has a character no font has."""
    if "pdf" not in options.formats and "checklists" not in options.formats:
        return []
    from cxplan.render.fonts import lacking, missing, walk

    if not lacking(loaded.source.text, options.fonts):
        return []
    return missing(walk(loaded.plan.model_dump(mode="json")), options.fonts)


def _item_warnings(loaded: LoadedPlan, found: list[Problem]) -> list[str]:
    """What check says about the items themselves (weak standards, off-scale measures),
    beyond the steps' drafts: the first few with their lines, then how many more."""
    items = [p for p in found if p.subject and p.severity == "warning"]
    out = [f"{loaded.where(p.path)}: {p.message}" for p in items[:WARNED]]
    if len(items) > WARNED:
        out.append(
            f"... and {len(items) - WARNED} more warnings about items; `cxplan check` lists them"
        )
    return out


def _draft_warning(s: StepStatus, lang: Language) -> str:
    return lang.tr(
        "step {number} ({title}) is {state}: the deliverables mark it as a draft",
        number=s.step.number,
        title=lang.tr(s.step.title),
        state=lang.tr(s.state),
    )


def build(
    plan_path: Path,
    options: BuildOptions,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> Built:
    """Build the deliverables of the plan at ``plan_path``; nothing is written on bad input."""
    from cxplan.i18n import resolve

    loaded = load(plan_path)
    plan = loaded.plan
    result = Built()
    lang, unsupported = resolve(options.language or plan.client.language)
    if unsupported:
        result.warnings.append(unsupported)
    found, st = all_findings(plan)
    unfinished = [s for s in st.steps if not s.done]
    if unfinished and options.strict:
        raise CxplanError(
            "the plan is not complete, and --strict builds only complete plans: "
            + "; ".join(f"step {s.step.number} ({s.step.title}) is {s.state}" for s in unfinished),
            hint="`cxplan status` lists what is missing; leave out --strict to build drafts.",
        )
    result.warnings += _item_warnings(loaded, found)
    result.warnings += [_draft_warning(s, lang) for s in unfinished]
    if "xlsx" in options.formats:
        _fits_workbook(loaded)
    result.warnings += _font_warnings(loaded, options)
    logo = _asset(loaded, plan.client.logo, ("client", "logo"), "the logo", IMAGE_MAGIC)
    template = options.docx_template
    if template is None:
        template = _asset(
            loaded,
            plan.prepared_by.docx_template,
            ("prepared_by", "docx_template"),
            "the Word template",
        )
    if template is not None and template.is_file():
        check_package(template, "the Word template")  # a zip bomb or XXE, before writing
    # The line is asked for only when the logo is refused; nothing keeps it (and with it
    # the source map freed below) alive.
    where_logo = functools.partial(loaded.where, ("client", "logo"))
    image = read_logo(logo, where_logo) if logo else None
    del where_logo
    out_dir = options.out_dir or plan_path.parent
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CxplanError(f"{out_dir}: cannot create the folder: {err.strerror}") from None
    stamp = stamp_for(loaded)
    targets = outputs(loaded, out_dir)
    formats = [fmt for fmt in FORMATS if fmt in options.formats]
    _free_names(targets, formats)
    parallel = can_fork(len(loaded.source.text))
    # From here on nothing is reported by line: the source map of a big plan (a third of
    # its memory) is freed before the writers start.
    del loaded
    if "xlsx" in formats:
        # Before anything is written: a refused workbook must leave every file alone.
        backup = _guard(targets["xlsx"], plan, options.force, plan_path)
        if backup is not None:
            result.warnings.append(f"kept the edited workbook as {backup}")

    results, feedback = None, ()
    if any(WRITERS[fmt].source == "document" for fmt in formats) or "xlsx" in formats:
        from cxplan.results.summary import summary_for

        # The measurement chapter and the workbook's Dashboard show them.
        results = summary_for(plan_path, plan)
        feedback = _latest_results(plan_path, plan, result.warnings)
    with Staging(out_dir) as staging:
        if image is not None and image.data is not None:
            logo = staging.scratch("logo.png", image.data)
        final = targets
        targets = {fmt: staging.path(path) for fmt, path in final.items()}
        written = _write_all(
            result,
            plan,
            formats,
            targets,
            options,
            parallel,
            logo,
            stamp,
            template,
            progress,
            lang,
            results,
            feedback,
            st,
        )
        staging.commit([targets[fmt] for fmt in formats])
        result.files = [staging.final(p) for fmt in formats for p in written[fmt]]
    return result


def _free_names(targets: dict[str, Path], formats: list[str]) -> None:
    """Refuse, before anything is written, an output name taken by something else."""
    for fmt in formats:
        target = targets[fmt]
        folder = WRITERS[fmt].filename("x") == "checklists"
        if target.exists() and target.is_dir() != folder:
            kind = "a folder" if target.is_dir() else "a file"
            wanted = "folder" if folder else "file"
            raise RefusedError(
                f"{target} is {kind}, but the {WRITERS[fmt].label} are written as a {wanted} "
                "of that name; nothing was written",
                hint="Move or rename it, or build into another folder with --out.",
            )


def _write_all(
    result: Built,
    plan: Plan,
    formats: list[str],
    targets: dict[str, Path],
    options: BuildOptions,
    parallel: bool,
    logo: Path | None,
    stamp: dt.datetime,
    template: Path | None,
    progress: Callable[[str], None],
    lang: Language,
    results: Any,
    feedback: tuple[Any, ...],
    known: Status,
) -> dict[str, list[Path]]:
    """Write every format into ``targets``: the files each wrote."""
    job = Job(
        stamp=stamp,
        paper=options.paper,
        docx_template=template,
        fonts=options.fonts,
        language=lang.tag,
        results=results,
        feedback=feedback,
    )
    latest = {figure.measure.id: figure.shown() for figure in feedback}

    def write(
        group: list[str], document: Document | None = None
    ) -> tuple[dict[str, list[Path]], dict[str, float]]:
        """Write the formats of ``group``: the files of each, and how long each took."""
        files: dict[str, list[Path]] = {}
        timings: dict[str, float] = {}
        for fmt in group:
            writer = WRITERS[fmt]
            started = time.perf_counter()
            progress(f"Writing the {writer.label}...")
            source = document if writer.source == "document" else plan
            files[fmt] = writer.write(source, targets[fmt], job)
            timings[fmt] = time.perf_counter() - started
        return files, timings

    # The Word and PDF plans are written from the document; the workbook and the
    # checklists from the plan alone.
    document_formats = [fmt for fmt in formats if WRITERS[fmt].source == "document"]
    data_formats = [fmt for fmt in formats if fmt not in document_formats]
    worker = None
    if parallel and document_formats and data_formats:
        # The two groups share nothing but the plan: on two cores they run side by side,
        # the second in a forked copy of this process.
        worker = Worker(lambda: write(data_formats))
    try:
        written: dict[str, list[Path]] = {}
        if document_formats:
            from cxplan.document.plan import build_document

            document = build_document(
                plan,
                templates=options.templates,
                logo=logo,
                lang=lang,
                results=results,
                latest=latest,
                known=known,
            )
            written, result.timings = write(document_formats, document)
            del document  # a big plan's document is large; nothing below needs it
        files, timings = worker.result() if worker is not None else write(data_formats)
    finally:
        if worker is not None:
            worker.stop()
    written.update(files)
    result.timings.update(timings)
    return written


def _latest_results(plan_path: Path, plan: Plan, warnings: list[str]) -> tuple[Any, ...]:
    """The latest customer figures from the plan's results store, when it has one; a store
    that cannot be read is a warning, never a failed build."""
    from cxplan.results.store import exists, place

    where = place(plan_path, None)
    if not exists(where):
        return ()
    from cxplan.results.customers import latest_scores
    from cxplan.results.store import open_store

    try:
        with open_store(where, create=False) as store:
            return latest_scores(store, plan)
    except CxplanError as err:
        warnings.append(f"the latest results are not shown: {err.message}")
        return ()
