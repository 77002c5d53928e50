"""The workshop workbook's layout: which sheet, table and column holds which field of the plan.

The writer (render/xlsx.py) and `cxplan import` (importer.py) both read this one spec,
so what is written is exactly what is read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cxplan.plan import codecs
from cxplan.plan.codecs import Choice, Codec
from cxplan.plan.vocab import CHANNELS, FREQUENCIES

FORMAT = 2  # the workbook layout's version, written into the hidden sheet
OLDEST_FORMAT = 1  # the oldest layout import still reads (columns added since are left out)
META_SHEET = "_cxplan"
LISTS_SHEET = "Lists"
DASHBOARD = "Dashboard"
FIRST_ROW = 6  # the header row of the main table on each step's sheet
SPARE_ROWS = 200  # rows below a table that keep its dropdowns and formats for new entries

YES_NO = ("Yes", "No")


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

    @property
    def kind(self) -> str:
        return self.codec.kind

    @property
    def choices(self) -> tuple[str, ...]:
        """The words of the column's dropdown (the fixed words, Yes/No, or suggestions)."""
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


ID_HELP = "Leave empty for a new row: cxplan gives it an id from its name on import."
LINES_HELP = "One per line (Alt+Enter starts a new line in a cell)."

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "1 Leadership",
        1,
        form=(
            FormRow(("leadership", "sponsor", "name"), "Sponsor", "Who owns the CX strategy."),
            FormRow(("leadership", "sponsor", "role"), "Sponsor's role"),
        ),
        tables=(
            TableSpec(
                "Commitments",
                "Leadership commitments",
                ("leadership", "commitments"),
                (
                    Col("leader", "Leader", 22),
                    Col("role", "Role", 20),
                    Col("commitment", "Commitment", 40, help="What this leader commits to."),
                    Col(
                        "behaviours",
                        "Visible behaviours",
                        50,
                        codecs.WORDS,
                        help="What staff will see this leader do. " + LINES_HELP,
                    ),
                ),
                keyed=False,
            ),
            TableSpec(
                "SignOff",
                "Sign-off",
                ("leadership", "signoff"),
                (
                    Col("name", "Name", 22),
                    Col("role", "Role", 20),
                    Col("date", "Date", 13, codecs.DATE, help="The date this leader signed."),
                ),
                keyed=False,
                column=6,
            ),
        ),
    ),
    SheetSpec(
        "2 Vision",
        2,
        form=(
            FormRow(("vision", "statement"), "Vision", "Where are we heading?"),
            FormRow(("vision", "horizon"), "Horizon", "By when? A year or a date."),
        ),
        tables=(
            TableSpec(
                "Aims",
                "Unifying aims",
                ("vision", "aims"),
                (Col("", "Aim", 70, help="An aim that unites departments, e.g. NPS above 70."),),
                keyed=False,
            ),
        ),
    ),
    SheetSpec(
        "3 Experience",
        3,
        form=(
            FormRow(
                ("experience", "statement"),
                "Experience statement",
                "The experience we will deliver, in one sentence.",
            ),
            FormRow(("experience", "promise"), "Promise", "What we promise customers."),
        ),
        tables=(
            TableSpec(
                "Segments",
                "Customer segments",
                ("customers",),
                (
                    Col("id", "Id", 16, codecs.IDENT, help=ID_HELP),
                    Col("name", "Segment", 22),
                    Col("needs", "Needs", 32, codecs.WORDS, help=LINES_HELP),
                    Col("wants", "Wants", 28, codecs.WORDS, help=LINES_HELP),
                    Col("pain_points", "Pain points", 28, codecs.WORDS, help=LINES_HELP),
                    Col("challenges", "Challenges", 26, codecs.WORDS, help=LINES_HELP),
                    Col("expectations", "Expectations", 26, codecs.WORDS, help=LINES_HELP),
                ),
            ),
            TableSpec(
                "Physical",
                "Physical elements",
                ("experience", "physical"),
                (Col("", "What customers see and touch", 34),),
                keyed=False,
                column=9,
            ),
            TableSpec(
                "Emotional",
                "Emotional elements",
                ("experience", "emotional"),
                (Col("", "How customers should feel", 30),),
                keyed=False,
                column=11,
            ),
        ),
    ),
    SheetSpec(
        "4 Touchpoints",
        4,
        tables=(
            TableSpec(
                "Touchpoints",
                "Touchpoints",
                ("touchpoints",),
                (
                    Col("id", "Id", 18, codecs.IDENT, help=ID_HELP),
                    Col("name", "Touchpoint", 28),
                    Col(
                        "stage",
                        "Stage",
                        11,
                        codecs.STAGE,
                        help="Before, during or after the purchase.",
                    ),
                    Col(
                        "channel",
                        "Channel",
                        14,
                        suggest=CHANNELS,
                        help="Pick one or type your own.",
                    ),
                    Col("owner", "Owner", 18, help="The role that owns this touchpoint."),
                    Col(
                        "customers",
                        "Customer segments",
                        20,
                        codecs.IDS,
                        help="Segment ids from sheet 3, separated by commas.",
                    ),
                    Col("description", "What happens here", 36),
                    Col(
                        "pain_points",
                        "Pain points (fresh eyes)",
                        34,
                        codecs.WORDS,
                        help="What gets in a new customer's way. " + LINES_HELP,
                    ),
                    Col(
                        "moment_of_truth",
                        "Moment of truth",
                        10,
                        codecs.FLAG,
                        help="Yes when this touchpoint makes or breaks the relationship.",
                    ),
                    Col(
                        "rating",
                        "Rating 1-5",
                        9,
                        codecs.RATING,
                        help="Today's experience with fresh eyes: 1 poor to 5 excellent.",
                    ),
                    Col(
                        "locations",
                        "Sites",
                        16,
                        codecs.IDS,
                        help="Site ids where it exists, separated by commas; empty: every site.",
                        since=2,
                    ),
                ),
            ),
        ),
    ),
    SheetSpec(
        "5 Standards",
        5,
        tables=(
            TableSpec(
                "Standards",
                "Service standards",
                ("standards",),
                (
                    Col("id", "Id", 20, codecs.IDENT, help=ID_HELP),
                    Col(
                        "touchpoint",
                        "Touchpoint",
                        18,
                        codecs.REF,
                        help="The touchpoint's id (from sheet 4).",
                    ),
                    Col("role", "Role", 16, help="Who does it."),
                    Col(
                        "standard",
                        "Standard",
                        46,
                        help="What exactly staff do, measurably: 'within 3 rings', not 'promptly'.",
                    ),
                    Col("measure", "Measure", 28, help="What is counted or timed."),
                    Col("target", "Target", 18, help="e.g. 95% within 5 minutes."),
                    Col(
                        "frequency",
                        "Frequency",
                        12,
                        suggest=FREQUENCIES,
                        help="How often it is checked.",
                    ),
                    Col("method", "Method", 14, codecs.METHOD),
                    Col(
                        "locations",
                        "Sites",
                        16,
                        codecs.IDS,
                        help="Site ids where it applies, separated by commas; empty: every site "
                        "of its touchpoint.",
                        since=2,
                    ),
                    Col(
                        "critical",
                        "Critical",
                        10,
                        codecs.FLAG,
                        help="Yes when one No fails the whole audit.",
                        since=2,
                    ),
                ),
            ),
        ),
    ),
    SheetSpec(
        "6 Measures",
        6,
        tables=(
            TableSpec(
                "Measures",
                "Measures",
                ("measures",),
                (
                    Col("id", "Id", 18, codecs.IDENT, help=ID_HELP),
                    Col("name", "Measure", 24),
                    Col(
                        "kind",
                        "Kind",
                        12,
                        codecs.KIND,
                        help="NPS, CSAT and CES ask customers; compliance comes from audits.",
                    ),
                    Col("question", "Question, or what is counted", 46),
                    Col(
                        "touchpoints",
                        "Touchpoints",
                        26,
                        codecs.TOUCHPOINT_IDS,
                        help="Touchpoint ids from sheet 4, separated by commas, or all.",
                    ),
                    Col("method", "Method", 14, codecs.METHOD),
                    Col("frequency", "Frequency", 12, suggest=FREQUENCIES),
                    Col("owner", "Owner", 16),
                    Col("baseline", "Baseline", 10, codecs.NUMBER, help="Today's score."),
                    Col("target", "Target", 10, codecs.NUMBER, help="The score to reach."),
                ),
            ),
        ),
    ),
    SheetSpec(
        "7 Improvement",
        7,
        form=(
            FormRow(
                ("improvement", "review_cadence"),
                "Review cadence",
                "How often the team reviews the plan.",
            ),
            FormRow(
                ("improvement", "staff_ideas", "channel"),
                "Staff ideas channel",
                "How staff share their ideas.",
            ),
            FormRow(
                ("improvement", "staff_ideas", "reward"),
                "Staff ideas reward",
                "How an adopted idea is rewarded.",
            ),
        ),
        tables=(
            TableSpec(
                "Actions",
                "Improvement actions",
                ("improvement", "actions"),
                (
                    Col("id", "Id", 20, codecs.IDENT, help=ID_HELP),
                    Col("title", "Action", 44),
                    Col(
                        "touchpoint",
                        "Touchpoint",
                        18,
                        codecs.REF,
                        help="The touchpoint's id (from sheet 4), or empty.",
                    ),
                    Col("source", "Source", 14, codecs.SOURCE),
                    Col("owner", "Owner", 18),
                    Col("due", "Due", 12, codecs.DATE, help="The due date; overdue ones turn red."),
                    Col("status", "Status", 12, codecs.STATUS),
                ),
            ),
        ),
    ),
)

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
