"""The client's language: every fixed text of every deliverable in German, French and Spanish.

The deliverables are read back with independent readers and searched for cxplan's English
texts (the msgids of the catalogs, and the sentences of the English narrative templates):
none may be left in a German, French or Spanish plan, and the English copy has them all.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from babel.messages.pofile import read_po

from cxplan.build import BuildOptions, build
from cxplan.i18n import catalog_dir, language
from cxplan.resources import template_path
from cxplan.workbook.importer import import_workbook
from helpers import pdf_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "languages"
PLANS = {
    "de": (FIXTURES / "stadtwerke-de.yaml", "2. Dezember 2026"),
    "fr": (FIXTURES / "hotel-fr.yaml", "2 décembre 2026"),
    "es": (FIXTURES / "clinica-es.yaml", "2 de diciembre de 2026"),
}
# Words that are English texts of cxplan and also ordinary words of a language ("Comment
# les scores sont calculés"), or part of a name ("Net Promoter Score"): finding them
# proves nothing.
NATIVE = {"fr": {"Comment", "Score"}, "de": {"Score"}, "es": {"Score"}}


def _catalogs_module() -> Any:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def msgids() -> list[str | tuple[str, ...]]:
    """Every fixed text of the code, as Babel's extraction finds it."""
    return [m.id for m in _catalogs_module().extract() if m.id]


def _catalog(tag: str) -> Any:
    with (catalog_dir() / tag / "LC_MESSAGES" / "cxplan.po").open("rb") as handle:
        return read_po(handle, locale=tag, domain="cxplan")


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("tag", ["de", "fr", "es"])
def test_every_text_of_the_code_is_translated(tag: str) -> None:
    catalog = _catalog(tag)
    missing, broken = [], []
    for ident in msgids():
        message = catalog.get(ident)
        strings = () if message is None else message.string
        strings = (strings,) if isinstance(strings, str) else tuple(strings)
        if message is None or message.fuzzy or not all(s.strip() for s in strings) or not strings:
            missing.append(ident)
            continue
        english = ident if isinstance(ident, str) else ident[-1]
        if any(_placeholders(s) != _placeholders(english) for s in strings):
            broken.append(ident)
    assert not missing, f"untranslated in {tag} (run scripts/catalogs.py): {missing}"
    assert not broken, f"placeholders differ in {tag}: {broken}"


def _english_pattern(ident: str) -> re.Pattern[str]:
    """A msgid as a pattern: its words as whole words (``mail`` is not in ``e-mail``), any
    short text where it has a placeholder."""

    def literal(part: str) -> str:
        body = r"\s+".join(map(re.escape, part.split()))
        if not body:
            return ""
        start = r"(?<![\w-])" if part.strip()[:1].isalnum() else ""
        end = r"(?![\w-])" if part.strip()[-1:].isalnum() else ""
        return start + body + end

    return re.compile(r".{1,60}?".join(literal(p) for p in re.split(r"\{\w+\}", ident)))


@cache
def english_texts(tag: str) -> list[tuple[str, re.Pattern[str]]]:
    """The English texts that must not appear in a plan in ``tag``: every msgid that the
    language translates differently, and long enough to mean something."""
    lang = language(tag)
    out = []
    for ident in msgids():
        english = ident if isinstance(ident, str) else ident[0]
        raw = lang.translations
        shown = raw.gettext(english) if isinstance(ident, str) else raw.ngettext(*ident[:2], 1)
        literal = re.sub(r"\{\w+\}", "", english).strip()
        if shown == english or len(literal) < 4 or english in NATIVE[tag]:
            continue
        out.append((english, _english_pattern(english)))
    return out


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u00ad-]+", "", text)


@cache
def english_sentences() -> list[str]:
    """The fixed sentences of the English narrative templates, squeezed."""
    out = []
    for path in sorted(template_path("narrative").glob("*.txt.j2")):
        source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "\x00", path.read_text(encoding="utf-8"))
        for piece in source.split("\x00"):
            if len(piece.split()) >= 4:
                out.append(squeeze(piece.strip(" -\n")))
    return out


def _xml_text(data: bytes) -> str:
    text = re.sub(rb"<[^>]+>", b" ", data).decode("utf-8")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        parts = [
            n
            for n in archive.namelist()
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$|docProps/core\.xml$", n)
        ]
        return "\n".join(_xml_text(archive.read(n)) for n in parts)


def workbook_text(path: Path) -> str:
    """What a person sees in the workbook: sheet names, cells, dropdown help, charts and
    properties (not the hidden sheet's copy of the plan, which is data)."""
    wb = openpyxl.load_workbook(path)
    out = [wb.properties.title or "", wb.properties.subject or ""]
    for ws in wb.worksheets:
        out.append(ws.title)
        if ws.title == "_cxplan":
            out.append(str(ws["A1"].value))
            continue
        for row in ws.iter_rows(values_only=True):
            out.extend(str(v) for v in row if isinstance(v, str))
        for dv in ws.data_validations.dataValidation:
            out.extend(str(x) for x in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if x)
        out.append(ws.oddFooter.right.text or "")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/"):
                out.append(_xml_text(archive.read(name)))
    return "\n".join(out)


def deliverables_text(folder: Path, files: list[Path]) -> dict[str, str]:
    out = {}
    for path in files:
        if path.suffix == ".pdf":
            out[path.name] = pdf_text(path)
        elif path.suffix == ".docx":
            out[path.name] = docx_text(path)
        elif path.suffix == ".xlsx":
            out[path.name] = workbook_text(path)
    return out


def english_found(tag: str, texts: dict[str, str]) -> list[str]:
    found = []
    for name, text in texts.items():
        flat = " ".join(text.split())
        found += [f"{name}: {e!r}" for e, pattern in english_texts(tag) if pattern.search(flat)]
        packed = squeeze(text)
        found += [f"{name}: {s[:40]!r}..." for s in english_sentences() if s in packed]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Path]]]:
    out = {}
    for tag, (plan, _) in PLANS.items():
        folder = tmp_path_factory.mktemp(tag)
        target = folder / "cxplan.yaml"
        target.write_bytes(plan.read_bytes())
        result = build(target, BuildOptions(out_dir=folder / "out"))
        assert not result.warnings, result.warnings
        out[tag] = (target, result.files)
    return out


@pytest.mark.parametrize("tag", list(PLANS))
def test_no_english_fixed_text_in_any_deliverable(
    tag: str, built: dict[str, tuple[Path, list[Path]]]
) -> None:
    plan, files = built[tag]
    texts = deliverables_text(plan.parent, files)
    assert {p.suffix for p in files} == {".docx", ".xlsx", ".pdf"}
    assert len(texts) == len(files) >= 5  # plan, workbook, PDF, checklists, walk-through
    assert english_found(tag, texts) == []
    lang = language(tag)
    cover = lang.tr("Customer-experience plan")
    date = PLANS[tag][1]
    for name, text in texts.items():
        if name.endswith("-cx-plan.pdf") or name.endswith(".docx"):
            assert cover in text and date in " ".join(text.split()), name
    sheets = openpyxl.load_workbook(next(p for p in files if p.suffix == ".xlsx")).sheetnames
    # the Dashboard opens the workbook, then the steps in order, all in the plan's language
    assert sheets[0] == lang.tr("Dashboard") != "Dashboard"
    assert sheets[1] == lang.tr("1 Leadership") != "1 Leadership"


def test_language_en_gives_the_english_copy(
    built: dict[str, tuple[Path, list[Path]]], tmp_path: Path
) -> None:
    plan, _ = built["de"]
    result = build(plan, BuildOptions(out_dir=tmp_path, language="en"))
    assert not result.warnings
    texts = deliverables_text(tmp_path, result.files)
    found = english_found("de", texts)
    # The same search finds the English texts in every file of the English copy.
    assert {f.split(":")[0] for f in found} == set(texts)
    pdf = next(t for n, t in texts.items() if n.endswith("-cx-plan.pdf"))
    assert "Customer-experience plan" in pdf and "2 December 2026" in pdf
    assert "Prepared by" in pdf and "Zusammenfassung" not in pdf


def test_an_unsupported_language_is_english_with_one_warning(
    built: dict[str, tuple[Path, list[Path]]], tmp_path: Path
) -> None:
    plan, _ = built["fr"]
    result = build(plan, BuildOptions(out_dir=tmp_path, language="tlh", formats=["pdf"]))
    assert len(result.warnings) == 1 and "'tlh'" in result.warnings[0]
    assert "Customer-experience plan" in pdf_text(result.files[0])


def _cell(ws: Any, header: str, row_id: str) -> str:
    """The cell of column ``header`` in the row whose first column is ``row_id``."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                column, top = cell.column, cell.row
                for below in ws.iter_rows(min_row=top + 1):
                    if below[0].value == row_id:
                        return str(ws.cell(row=below[0].row, column=column).coordinate)
    raise AssertionError(f"no {header!r} cell for {row_id!r}")


def test_the_german_workbook_round_trips(
    built: dict[str, tuple[Path, list[Path]]], tmp_path: Path
) -> None:
    plan, files = built["de"]
    workbook = next(p for p in files if p.suffix == ".xlsx")
    before = plan.read_bytes()
    assert import_workbook(workbook, plan).changes == []
    assert plan.read_bytes() == before
    # The team picks German words from the dropdowns; the plan file gets its own words.
    wb = openpyxl.load_workbook(workbook)
    de = language("de")
    actions, touchpoints = wb[de.tr("7 Improvement")], wb[de.tr("4 Touchpoints")]
    assert actions[_cell(actions, de.tr("Status"), "a-rueckruf")].value == "in Arbeit"
    actions[_cell(actions, de.tr("Status"), "a-rueckruf")] = "erledigt"
    touchpoints[_cell(touchpoints, de.tr("Stage"), "hotline")] = "Nach dem Kauf"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    changes = [str(c) for c in import_workbook(edited, plan).changes]
    assert any("actions[a-rueckruf].status: 'in progress' -> 'done'" in c for c in changes)
    assert any("touchpoints[hotline].stage: 'during' -> 'after'" in c for c in changes)
    assert "status: done" in plan.read_text(encoding="utf-8")


def test_a_german_draft_says_what_is_missing_in_german(tmp_path: Path) -> None:
    from cxplan import api

    text = PLANS["de"][0].read_text(encoding="utf-8")
    text = text.replace('  horizon: "2028"\n', "").replace("    owner: Leitung Vertrieb\n", "")
    text = text.replace("    frequency: monatlich\n    method: audit\n", "    method: audit\n", 1)
    plan = tmp_path / "cxplan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = build(plan, BuildOptions(out_dir=tmp_path / "out", formats=["pdf", "docx"]))
    assert any("ist teilweise erledigt" in w for w in result.warnings), result.warnings
    texts = deliverables_text(tmp_path, result.files)
    assert english_found("de", texts) == []
    pdf = " ".join(texts["stadtwerke-talheim-cx-plan.pdf"].split())
    assert "kein Zeithorizont (bis wann?)" in pdf
    assert "Kontaktpunkt 'tarifrechner' hat keine verantwortliche Stelle" in pdf
    assert "Standard 's-tarif-preis' fehlt: Häufigkeit" in pdf
    status = api.plan_status(plan).text()
    check = api.check_plan(plan)
    # Each finding's severity and code stay as they are in every language, for scripts.
    lines = [re.sub(r": (warning|error|note): ", ": ", line) for line in check.lines()]
    said = {"status": status, "check": "\n".join([*lines, check.summary()])}
    assert english_found("de", said) == []
    assert "2. Strategische Vision" in status and "teilweise erledigt" in status
    assert "3 Kontaktpunkte, 3 Standards, 3 Kennzahlen" in said["check"]


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("de", "Wie wahrscheinlich ist es, dass Sie Stadtwerke Nord Freunden"),
        ("fr", "Quelle est la probabilité que vous recommandiez Stadtwerke Nord"),
        ("es", "¿Con qué probabilidad recomendaría Stadtwerke Nord"),
    ],
)
def test_a_new_plan_asks_the_suggested_questions_in_its_language(
    tag: str, words: str, tmp_path: Path
) -> None:
    from cxplan import api
    from cxplan.plan.load import load

    made = api.new_plan(tmp_path, "Stadtwerke Nord", industry="utilities", language=tag)
    plan = load(made.plan).plan
    assert plan.client.language == tag
    feedback = [m for m in plan.measures if m.kind and m.kind.value in ("nps", "csat", "ces")]
    assert feedback and all("How " not in (m.question or "") for m in feedback)
    nps = next(m for m in feedback if m.kind and m.kind.value == "nps")
    assert (nps.question or "").startswith(words)
    english = api.new_plan(tmp_path / "en", "Stadtwerke Nord", industry="utilities")
    questions = [m.question or "" for m in load(english.plan).plan.measures]
    assert any("recommend Stadtwerke Nord" in q for q in questions)
