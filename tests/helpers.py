"""Helpers the test files share: generated plans, the hostile fixture, LibreOffice runs."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from cxplan.plan.model import (
    Action,
    ActionStatus,
    Client,
    Customer,
    Measure,
    MeasureKind,
    Method,
    Plan,
    Stage,
    Standard,
    Touchpoint,
)

FIXTURES = Path(__file__).parent / "fixtures"
# The chapters of the plan document, in order: Word's Heading 1s, the PDF's bookmarks.
CHAPTERS = [
    "Executive summary",
    "1. Committed leadership",
    "2. Strategic vision",
    "3. Customer-experience statement",
    "4. Touchpoints",
    "5. Service standards",
    "6. Measurement",
    "7. Continuous improvement",
    "Leadership sign-off",
]
HOSTILE = FIXTURES / "hostile-cafe.yaml"

TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\ufffe\uffff",
    ),
    max_size=30,
)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    tp_ids = draw(st.lists(IDS, max_size=4, unique=True))
    cu_ids = draw(st.lists(IDS, max_size=2, unique=True))
    return Plan(
        cxplan=1,
        client=Client(
            name=draw(TEXT.filter(lambda s: len(s) > 0)),
            industry=draw(st.none() | TEXT),
            locations=draw(st.lists(TEXT, max_size=2)),
        ),
        customers=[
            Customer(id=c, name=draw(TEXT), needs=draw(st.lists(TEXT, max_size=2))) for c in cu_ids
        ],
        touchpoints=[
            Touchpoint(
                id=t,
                name=draw(TEXT),
                stage=draw(st.none() | st.sampled_from(Stage)),
                customers=draw(st.lists(st.sampled_from(cu_ids), unique=True)) if cu_ids else [],
                moment_of_truth=draw(st.booleans()),
                rating=draw(st.none() | st.integers(1, 5)),
                pain_points=draw(st.lists(TEXT, max_size=3)),
            )
            for t in tp_ids
        ],
        standards=[
            Standard(
                id=f"s-{t}",
                touchpoint=t,
                standard=draw(TEXT),
                target=draw(st.none() | TEXT),
                method=draw(st.none() | st.sampled_from(Method)),
            )
            for t in tp_ids
        ],
        measures=[
            Measure(
                id="m",
                kind=draw(st.sampled_from(MeasureKind)),
                question=draw(TEXT),
                touchpoints=tp_ids,
                baseline=draw(st.none() | st.floats(-100, 100, allow_nan=False)),
            )
        ],
        improvement={
            "actions": [
                Action(
                    id="a",
                    title=draw(TEXT),
                    due=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                    status=draw(st.sampled_from(ActionStatus)),
                )
            ]
        },
    )


def convert(office: str, path: Path, out: Path, to: str = "pdf") -> Path:
    """``path`` converted by LibreOffice headless ``to`` a format ("pdf", or a filter such
    as "xlsx:Calc MS Excel 2007 XML") in ``out``: its own profile, a timeout, and a check
    that the file is there, since soffice exits 0 even on failure."""
    profile = out / "profile"
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = out / f"{path.stem}.{to.split(':')[0]}"
    assert converted.is_file() and converted.stat().st_size > 1000, run.stdout + run.stderr
    return converted


def plan_items(model: Plan) -> list[str]:
    """The texts a plan document must show: every touchpoint, standard, measure, action."""
    items = [model.client.name]
    items += [t.name or t.id for t in model.touchpoints]
    items += [s.id for s in model.standards]
    items += [s.standard for s in model.standards if s.standard]
    items += [m.name or m.id for m in model.measures]
    items += [m.question for m in model.measures if m.question]
    items += [a.title for a in model.improvement.actions if a.title]
    items += [c.commitment for c in model.leadership.commitments if c.commitment]
    return items


def page_text(page: Any) -> str:
    """Every piece of text a PDF page draws, in drawing order.

    pypdf's plain extract_text() loses text drawn after a form XObject (the page
    numbers of the contents and the footers are forms), so the pieces are collected
    from its visitor instead.
    """
    pieces: list[str] = []
    page.extract_text(visitor_text=lambda text, *_: pieces.append(text))
    return "".join(pieces)


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, read with pypdf."""
    from pypdf import PdfReader

    return "\n".join(page_text(page) for page in PdfReader(path).pages)


def set_language(plan: Path, language: str) -> None:
    """Give the plan file ``plan`` the client language ``language``, as a consultant would."""
    text = plan.read_text(encoding="utf-8")
    assert "\nclient:\n" in text and "  language:" not in text
    plan.write_text(text.replace("\nclient:\n", f"\nclient:\n  language: {language}\n", 1), "utf-8")


def squeeze(text: str) -> str:
    """Text without whitespace and in compatibility form: wrapped lines and Arabic letters
    joined for print (presentation forms) compare equal to the plan's text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def fill(source: Path, target: Path, values: dict[str, str], *, keep_info: bool = True) -> Path:
    """A fillable PDF filled in as a PDF reader would: field name to value (/yes, text)."""
    reader = PdfReader(source)
    writer = PdfWriter()
    writer.append(reader)
    if keep_info and reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with target.open("wb") as handle:
        writer.write(handle)
    return target
