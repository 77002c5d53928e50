"""`cxplan build`: the plan's deliverables, each written by its own writer from one model."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cxplan.errors import CxplanError, InputError, Problem, RefusedError
from cxplan.model import Plan
from cxplan.planfile import LoadedPlan, load, slug
from cxplan.sequence import status

FORMATS = ("docx", "xlsx", "pdf", "checklists")
LABELS = {
    "docx": "Word plan",
    "xlsx": "Excel workbook",
    "pdf": "PDF plan",
    "checklists": "staff checklists",
}
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
    where = loaded.where(field_path)
    name = ".".join(field_path)
    if not path.is_file():
        raise InputError([Problem(where, f"{what} {value!r} not found (looked for {path})", name)])
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as err:
        raise InputError(
            [Problem(where, f"cannot read {what} {value!r}: {err.strerror}", name)]
        ) from None
    if magic and not head.startswith(magic):
        raise InputError(
            [Problem(where, f"{what} {value!r} is not a PNG, JPEG, GIF or BMP image", name)]
        )
    return path


def _guard(target: Path, plan: Plan, force: bool) -> Path | None:
    """Refuse to overwrite a workbook with edits not imported; with force, back it up first."""
    if not target.exists():
        return None
    from cxplan.importer import guard_workbook

    guard = guard_workbook(target, plan)
    if guard.safe:
        return None
    if not force:
        where = f" (e.g. {guard.cell})" if guard.cell else ""
        raise RefusedError(
            f"{target} {guard.reason}{where}; the build left it alone",
            hint=f"Run `cxplan import {target}` first, or build with --force to replace it "
            "(a backup copy is kept).",
        )
    import shutil

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    shutil.copy2(target, backup)
    return backup


def outputs(loaded: LoadedPlan, out_dir: Path) -> dict[str, Path]:
    """Where each format is written."""
    base = slug(loaded.plan.client.name)
    return {
        "docx": out_dir / f"{base}-cx-plan.docx",
        "xlsx": out_dir / f"{base}-cx-workbook.xlsx",
        "pdf": out_dir / f"{base}-cx-plan.pdf",
        "checklists": out_dir / "checklists",
    }


def build(
    plan_path: Path,
    options: BuildOptions,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> Built:
    """Build the deliverables of the plan at ``plan_path``; nothing is written on bad input."""
    loaded = load(plan_path)
    plan = loaded.plan
    result = Built()
    st = status(plan)
    unfinished = [s for s in st.steps if not s.done]
    if unfinished and options.strict:
        raise CxplanError(
            "the plan is not complete, and --strict builds only complete plans: "
            + "; ".join(f"step {s.step.number} ({s.step.title}) is {s.state}" for s in unfinished),
            hint="`cxplan status` lists what is missing; leave out --strict to build drafts.",
        )
    for s in unfinished:
        result.warnings.append(
            f"step {s.step.number} ({s.step.title}) is {s.state}: the deliverables mark it "
            "as a draft"
        )
    for notice in loaded.notices:
        if notice.code == "text-too-long" and "xlsx" in options.formats:
            raise InputError([notice], hint="Shorten the text, or build without --format xlsx.")
    logo = _asset(loaded, plan.client.logo, ("client", "logo"), "the logo", IMAGE_MAGIC)
    template = options.docx_template
    if template is None:
        template = _asset(
            loaded,
            plan.prepared_by.docx_template,
            ("prepared_by", "docx_template"),
            "the Word template",
        )
    out_dir = options.out_dir or plan_path.parent
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CxplanError(f"{out_dir}: cannot create the folder: {err.strerror}") from None
    stamp = stamp_for(loaded)
    targets = outputs(loaded, out_dir)
    document = None
    if {"docx", "pdf"} & set(options.formats):
        from cxplan.document import build_document

        document = build_document(plan, templates=options.templates, logo=logo)
    for fmt in FORMATS:
        if fmt not in options.formats:
            continue
        started = time.perf_counter()
        progress(f"Writing the {LABELS[fmt]}...")
        target = targets[fmt]
        if fmt == "docx":
            from cxplan.render.docx import write_docx

            assert document is not None
            write_docx(document, target, stamp=stamp, template=template)
        elif fmt == "pdf":
            from cxplan.render.pdf import write_pdf

            assert document is not None
            write_pdf(document, target, stamp=stamp, paper=options.paper)
        elif fmt == "xlsx":
            from cxplan.render.xlsx import write_xlsx

            backup = _guard(target, plan, options.force)
            if backup is not None:
                result.warnings.append(f"kept the edited workbook as {backup}")
            write_xlsx(plan, target, stamp=stamp)
        else:
            raise CxplanError(f"the {LABELS[fmt]} ({fmt}) cannot be built yet")
        result.files.append(target)
        result.timings[fmt] = time.perf_counter() - started
    return result
