"""One writer per format, in a registry: what each writes, from what, and where.

A writer takes either the plan's Document (the Word and PDF plans: the same blocks) or
the Plan itself (the workbook and the checklists, which are laid out from the plan's
data). Each writer's module is imported only when it writes: the libraries behind them
take a tenth of a second or more each to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class Job:
    """How to write: the time stamped into every file, the paper, the firm's Word styles."""

    stamp: dt.datetime
    paper: str = "a4"
    docx_template: Path | None = None
    fonts: Sequence[Path] = ()  # fallback fonts for the PDFs (--font)
    language: str = "en"  # the language of the fixed texts (i18n.language)
    # What the workbook's Dashboard shows of the results store: compliance (a results
    # Summary) and the latest feedback figures; None and () without a store.
    results: Any = None
    feedback: tuple[Any, ...] = ()


def _docx(document: Any, target: Path, job: Job) -> list[Path]:
    from cxplan.render.docx import write_docx

    write_docx(document, target, stamp=job.stamp, template=job.docx_template)
    return [target]


def _pdf(document: Any, target: Path, job: Job) -> list[Path]:
    from cxplan.render.fonts import use_fonts
    from cxplan.render.pdf import write_pdf

    use_fonts(job.fonts)

    write_pdf(document, target, stamp=job.stamp, paper=job.paper)
    return [target]


def _xlsx(plan: Any, target: Path, job: Job) -> list[Path]:
    from cxplan.render.xlsx import write_xlsx

    write_xlsx(
        plan,
        target,
        stamp=job.stamp,
        language=job.language,
        paper=job.paper,
        results=job.results,
        feedback=job.feedback,
    )
    return [target]


def _checklists(plan: Any, target: Path, job: Job) -> list[Path]:
    from cxplan.i18n import language
    from cxplan.render.checklists import write_checklists
    from cxplan.render.fonts import use_fonts

    use_fonts(job.fonts)

    lang = language(job.language)
    return write_checklists(plan, target, paper=job.paper, stamp=job.stamp, lang=lang)


@dataclass(frozen=True)
class Writer:
    """One format: its name on the command line, what it is called, what it writes from."""

    name: str
    label: str
    source: Literal["document", "plan"]
    filename: Callable[[str], str]  # the file (or folder) name, from the client's slug
    write: Callable[[Any, Path, Job], list[Path]]


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("docx", "Word plan", "document", lambda base: f"{base}-cx-plan.docx", _docx),
        Writer("xlsx", "Excel workbook", "plan", lambda base: f"{base}-cx-workbook.xlsx", _xlsx),
        Writer("pdf", "PDF plan", "document", lambda base: f"{base}-cx-plan.pdf", _pdf),
        Writer("checklists", "staff checklists", "plan", lambda base: "checklists", _checklists),
    )
}
FORMATS = tuple(WRITERS)
