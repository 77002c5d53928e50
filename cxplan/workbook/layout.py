"""The workshop workbook's layout: which sheet, table and column holds which field of the plan.

The writer (render/xlsx.py) and `cxplan import` (importer.py) both read this one spec,
so what is written is exactly what is read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from cxplan.i18n import DEFAULT, Language, _
from cxplan.plan import codecs
from cxplan.plan.codecs import Choice, Codec
from cxplan.plan.vocab import CHANNELS, FREQUENCIES

FORMAT = 2  # the workbook layout's version, written into the hidden sheet
OLDEST_FORMAT = 1  # the oldest layout import still reads (columns added since are left out)
META_SHEET = "_cxplan"
LISTS_SHEET = _("Lists")
DASHBOARD = _("Dashboard")
FIRST_ROW = 6  # the header row of the main table on each step's sheet
SPARE_ROWS = 200  # rows below a table that keep its dropdowns and formats for new entries

YES_NO = (_("Yes"), _("No"))


@dataclass(frozen=True)
class Col:
    """One column: the field it holds, its header, and how its cells are read and written.

    ``codec`` is the field's value codec (the one the plan file and the workshop use);
    ``suggest`` offers words in a dropdown that still takes any text.
    """

    key: str
    header: str
    width: float = 18
    codec: Codec = codecs.TEXT
    suggest: tuple[str, ...] = ()
    help: str = ""
    since: int = 1  # the workbook format that added the column
    labels: tuple[str, ...] = ()  # the fixed words as a workbook in another language shows them

    @property
    def kind(self) -> str:
        return self.codec.kind

    @property
    def choices(self) -> tuple[str, ...]:
        """The words of the column's dropdown (the fixed words, Yes/No, or suggestions), in
        the workbook's language."""
        return self.labels or self.words

    @property
    def words(self) -> tuple[str, ...]:
        """The dropdown's words in English: the fixed words as the plan file spells them."""
        if isinstance(self.codec, Choice):
            return self.codec.words
        if self.codec.kind == "bool":
            return YES_NO
        return self.suggest


@dataclass(frozen=True)
class TableSpec:
    """A list of the plan shown as an Excel table."""

    name: str  # the Excel table's name
    title: str
    path: tuple[str, ...]  # where the list lives in the plan
    columns: tuple[Col, ...]
    keyed: bool = True  # rows are matched by id (else by position)
    column: int = 1  # first column (1 = A)


@dataclass(frozen=True)
class FormRow:
    """A single value shown as a labelled row."""

    path: tuple[str, ...]
    label: str
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One step's sheet: its form rows and its tables (side by side, never stacked)."""

    name: str
    step: int
    form: tuple[FormRow, ...] = ()
    tables: tuple[TableSpec, ...] = field(default_factory=tuple)


ID_HELP = _("Leave empty for a new row: cxplan gives it an id from its name on import.")
LINES_HELP = _("One per line (Alt+Enter starts a new line in a cell).")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        _("1 Leadership"),
        1,
        form=(
            FormRow(
                ("leadership", "sponsor", "name"), _("Sponsor"), _("Who owns the CX strategy.")
            ),
            FormRow(("leadership", "sponsor", "role"), _("Sponsor's role")),
        ),
        tables=(
            TableSpec(
                "Commitments",
                _("Leadership commitments"),
                ("leadership", "commitments"),
                (
                    Col("leader", _("Leader"), 22),
                    Col("role", _("Role"), 20),
                    Col("commitment", _("Commitment"), 36, help=_("What this leader commits to.")),
                    Col(
                        "behaviours",
                        _("Visible behaviours"),
                        44,
                        codecs.WORDS,
                        help=_(
                            "What staff will see this leader do. One per line "
                            "(Alt+Enter starts a new line in a cell)."
                        ),
                    ),
                ),
                keyed=False,
            ),
            TableSpec(
                "SignOff",
                _("Sign-off"),
                ("leadership", "signoff"),
                (
                    Col("name", _("Name"), 22),
                    Col("role", _("Role"), 20),
                    Col("date", _("Date"), 13, codecs.DATE, help=_("The date this leader signed.")),
                ),
                keyed=False,
                column=6,
            ),
        ),
    ),
    SheetSpec(
        _("2 Vision"),
        2,
        form=(
            FormRow(("vision", "statement"), _("Vision"), _("Where are we heading?")),
            FormRow(("vision", "horizon"), _("Horizon"), _("By when? A year or a date.")),
        ),
        tables=(
            TableSpec(
                "Aims",
                _("Unifying aims"),
                ("vision", "aims"),
                (
                    Col(
                        "",
                        _("Aim"),
                        70,
                        help=_("An aim that unites departments, e.g. NPS above 70."),
                    ),
                ),
                keyed=False,
            ),
        ),
    ),
    SheetSpec(
        _("3 Experience"),
        3,
        form=(
            FormRow(
                ("experience", "statement"),
                _("Experience statement"),
                _("The experience we will deliver, in one sentence."),
            ),
            FormRow(("experience", "promise"), _("Promise"), _("What we promise customers.")),
        ),
        tables=(
            TableSpec(
                "Segments",
                _("Customer segments"),
                ("customers",),
                (
                    Col("id", _("Id"), 16, codecs.IDENT, help=ID_HELP),
                    Col("name", _("Segment"), 22),
                    Col("needs", _("Needs"), 26, codecs.WORDS, help=LINES_HELP),
                    Col("wants", _("Wants"), 24, codecs.WORDS, help=LINES_HELP),
                    Col("pain_points", _("Pain points"), 24, codecs.WORDS, help=LINES_HELP),
                    Col("challenges", _("Challenges"), 22, codecs.WORDS, help=LINES_HELP),
                    Col("expectations", _("Expectations"), 22, codecs.WORDS, help=LINES_HELP),
                ),
            ),
            TableSpec(
                "Physical",
                _("Physical elements"),
                ("experience", "physical"),
                (Col("", _("What customers see and touch"), 34),),
                keyed=False,
                column=9,
            ),
            TableSpec(
                "Emotional",
                _("Emotional elements"),
                ("experience", "emotional"),
                (Col("", _("How customers should feel"), 30),),
                keyed=False,
                column=11,
            ),
        ),
    ),
    SheetSpec(
        _("4 Touchpoints"),
        4,
        tables=(
            TableSpec(
                "Touchpoints",
                _("Touchpoints"),
                ("touchpoints",),
                (
                    Col("id", _("Id"), 14, codecs.IDENT, help=ID_HELP),
                    Col("name", _("Touchpoint"), 24),
                    Col(
                        "stage",
                        _("Stage"),
                        10,
                        codecs.STAGE,
                        help=_("Before, during or after the purchase."),
                    ),
                    Col(
                        "channel",
                        _("Channel"),
                        12,
                        suggest=CHANNELS,
                        help=_("Pick one or type your own."),
                    ),
                    Col("owner", _("Owner"), 14, help=_("The role that owns this touchpoint.")),
                    Col(
                        "customers",
                        _("Customer segments"),
                        16,
                        codecs.IDS,
                        help=_("Segment ids from sheet 3, separated by commas."),
                    ),
                    Col("description", _("What happens here"), 29),
                    Col(
                        "pain_points",
                        _("Pain points (fresh eyes)"),
                        30,
                        codecs.WORDS,
                        help=_(
                            "What gets in a new customer's way. One per line "
                            "(Alt+Enter starts a new line in a cell)."
                        ),
                    ),
                    Col(
                        "moment_of_truth",
                        _("Moment of truth"),
                        9,
                        codecs.FLAG,
                        help=_("Yes when this touchpoint makes or breaks the relationship."),
                    ),
                    Col(
                        "rating",
                        _("Rating 1-5"),
                        9,
                        codecs.RATING,
                        help=_("Today's experience with fresh eyes: 1 poor to 5 excellent."),
                    ),
                    Col(
                        "locations",
                        _("Sites"),
                        12,
                        codecs.IDS,
                        help=_("Site ids where it exists, separated by commas; empty: every site."),
                        since=2,
                    ),
                ),
            ),
        ),
    ),
    SheetSpec(
        _("5 Standards"),
        5,
        tables=(
            TableSpec(
                "Standards",
                _("Service standards"),
                ("standards",),
                (
                    Col("id", _("Id"), 16, codecs.IDENT, help=ID_HELP),
                    Col(
                        "touchpoint",
                        _("Touchpoint"),
                        16,
                        codecs.REF,
                        help=_("The touchpoint's id (from sheet 4)."),
                    ),
                    Col("role", _("Role"), 14, help=_("Who does it.")),
                    Col(
                        "standard",
                        _("Standard"),
                        42,
                        help=_(
                            "What exactly staff do, measurably: 'within 3 rings', not 'promptly'."
                        ),
                    ),
                    Col("measure", _("Measure"), 24, help=_("What is counted or timed.")),
                    Col("target", _("Target"), 16, help=_("e.g. 95% within 5 minutes.")),
                    Col(
                        "frequency",
                        _("Frequency"),
                        12,
                        suggest=FREQUENCIES,
                        help=_("How often it is checked."),
                    ),
                    Col("method", _("Method"), 12, codecs.METHOD),
                    Col(
                        "locations",
                        _("Sites"),
                        12,
                        codecs.IDS,
                        help=_(
                            "Site ids where it applies, separated by commas; "
                            "empty: every site of its touchpoint."
                        ),
                        since=2,
                    ),
                    Col(
                        "critical",
                        _("Critical"),
                        9,
                        codecs.FLAG,
                        help=_("Yes when one No fails the whole audit."),
                        since=2,
                    ),
                ),
            ),
        ),
    ),
    SheetSpec(
        _("6 Measures"),
        6,
        tables=(
            TableSpec(
                "Measures",
                _("Measures"),
                ("measures",),
                (
                    Col("id", _("Id"), 14, codecs.IDENT, help=ID_HELP),
                    Col("name", _("Measure"), 22),
                    Col(
                        "kind",
                        _("Kind"),
                        10,
                        codecs.KIND,
                        help=_("NPS, CSAT and CES ask customers; compliance comes from audits."),
                    ),
                    Col("question", _("Question, or what is counted"), 40),
                    Col(
                        "touchpoints",
                        _("Touchpoints"),
                        22,
                        codecs.TOUCHPOINT_IDS,
                        help=_("Touchpoint ids from sheet 4, separated by commas, or all."),
                    ),
                    Col("method", _("Method"), 12, codecs.METHOD),
                    Col("frequency", _("Frequency"), 12, suggest=FREQUENCIES),
                    Col("owner", _("Owner"), 14),
                    Col("baseline", _("Baseline"), 10, codecs.NUMBER, help=_("Today's score.")),
                    Col("target", _("Target"), 10, codecs.NUMBER, help=_("The score to reach.")),
                ),
            ),
        ),
    ),
    SheetSpec(
        _("7 Improvement"),
        7,
        form=(
            FormRow(
                ("improvement", "review_cadence"),
                _("Review cadence"),
                _("How often the team reviews the plan."),
            ),
            FormRow(
                ("improvement", "staff_ideas", "channel"),
                _("Staff ideas channel"),
                _("How staff share their ideas."),
            ),
            FormRow(
                ("improvement", "staff_ideas", "reward"),
                _("Staff ideas reward"),
                _("How an adopted idea is rewarded."),
            ),
        ),
        tables=(
            TableSpec(
                "Actions",
                _("Improvement actions"),
                ("improvement", "actions"),
                (
                    Col("id", _("Id"), 20, codecs.IDENT, help=ID_HELP),
                    Col("title", _("Action"), 44),
                    Col(
                        "touchpoint",
                        _("Touchpoint"),
                        18,
                        codecs.REF,
                        help=_("The touchpoint's id (from sheet 4), or empty."),
                    ),
                    Col("source", _("Source"), 14, codecs.SOURCE),
                    Col("owner", _("Owner"), 18),
                    Col(
                        "due",
                        _("Due"),
                        12,
                        codecs.DATE,
                        help=_("The due date; overdue ones turn red."),
                    ),
                    Col("status", _("Status"), 12, codecs.STATUS),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class AuditsSpec:
    """The ``Audits`` sheet: results typed in from paper, one row per answer.

    It holds results, not plan: `cxplan import` never reads it (it is not in ``SHEETS``),
    and `cxplan results import` reads it by these columns.
    """

    name: str
    title: str  # translated where shown, with the client's name
    columns: tuple[Col, ...]
    rows: int = 500  # the empty rows formatted and given their dropdowns

    @property
    def header(self) -> int:
        """The worksheet row of the headers."""
        return FIRST_ROW - 2

    def column(self, key: str) -> int:
        """The column number (1 = A) of the field ``key``."""
        return next(i for i, col in enumerate(self.columns, start=1) if col.key == key)


# The result words of the dropdown; a filled cell is read through results/words.py.
AUDIT_RESULTS = (_("Yes"), _("No"), _("N.A."))

AUDITS = AuditsSpec(
    _("Audits"),
    _("{client}: audit results typed in from paper, one row per answer"),
    (
        Col("date", _("Date"), 13, codecs.DATE, help=_("The day of the audit, e.g. 2027-01-31.")),
        Col("location", _("Site"), 22, help=_("The site's id or name.")),
        Col("auditor", _("Auditor"), 18, help=_("Who checked.")),
        Col("standard", _("Standard id"), 20, help=_("The standard's id, from sheet 5.")),
        Col("result", _("Result"), 10, suggest=AUDIT_RESULTS, help=_("Yes, No or N.A.")),
        Col("comment", _("Comment"), 36),
        # Not read back: the standard's text, looked up from sheet 5 as a help to the eye;
        # last, so the typed columns follow one another and a long text has room.
        Col("text", _("Standard"), 58),
    ),
)
READ_AUDIT_COLUMNS = ("date", "location", "auditor", "standard", "result", "comment")


def _column(col: Col, tr: Any) -> Col:
    return replace(
        col,
        header=tr(col.header),
        help=tr(col.help) if col.help else "",
        labels=tuple(tr(word) for word in col.words),
    )


def localized_audits(lang: Language) -> AuditsSpec:
    """The Audits sheet as a workbook in ``lang`` shows it."""
    if lang.tag == DEFAULT:
        return AUDITS
    tr = lang.tr
    columns = tuple(_column(c, tr) for c in AUDITS.columns)
    return replace(AUDITS, name=tr(AUDITS.name), columns=columns)


def localized(sheets: tuple[SheetSpec, ...], lang: Language) -> tuple[SheetSpec, ...]:
    """The sheets as a workbook in ``lang`` shows them: sheet names, titles, headers, help
    and dropdown words translated; the fields, and the Excel tables' names, stay."""
    if lang.tag == DEFAULT:
        return sheets
    tr = lang.tr

    def column(col: Col) -> Col:
        return _column(col, tr)

    return tuple(
        replace(
            sheet,
            name=tr(sheet.name),
            form=tuple(
                replace(f, label=tr(f.label), help=tr(f.help) if f.help else "") for f in sheet.form
            ),
            tables=tuple(
                replace(t, title=tr(t.title), columns=tuple(column(c) for c in t.columns))
                for t in sheet.tables
            ),
        )
        for sheet in sheets
    )


def shown(col: Col, value: Any) -> Any:
    """A fixed word (a stage, a status, Yes) as the column's cell in its language shows it."""
    if col.labels and col.kind in ("choice", "bool") and isinstance(value, str):
        for word, label in zip(col.words, col.labels, strict=True):
            if word == value:
                return label
    return value


def read(col: Col, value: Any) -> Any:
    """A cell's fixed word in the workbook's language as the plan file spells it; English,
    and anything else, is left for the field's codec to read."""
    if col.labels and col.kind in ("choice", "bool") and isinstance(value, str):
        wanted = " ".join(value.split()).casefold()
        for word, label in zip(col.words, col.labels, strict=True):
            if label.casefold() == wanted:
                return word
    return value


TABLES = {t.name: (s, t) for s in SHEETS for t in s.tables}


def sheets_for(fmt: int) -> tuple[SheetSpec, ...]:
    """The sheets as a workbook of layout ``fmt`` has them (without later columns)."""
    if fmt >= FORMAT:
        return SHEETS
    return tuple(
        replace(
            sheet,
            tables=tuple(
                replace(t, columns=tuple(c for c in t.columns if c.since <= fmt))
                for t in sheet.tables
            ),
        )
        for sheet in SHEETS
    )


def form_row(sheet: SheetSpec, index: int) -> int:
    """The worksheet row of the ``index``-th form row."""
    return 3 + index


def header_row(sheet: SheetSpec) -> int:
    """The worksheet row of the sheet's table headers (below its form rows)."""
    return max(FIRST_ROW, 3 + len(sheet.form) + 2)
