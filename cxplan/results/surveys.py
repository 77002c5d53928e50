"""Survey exports in: read the file, recognise its layout, find the measure's column, read
each customer's answer, day, touchpoint, site, segment and comment.

Exports come as the tools write them (Qualtrics, SurveyMonkey, Google Forms, Microsoft
Forms, Typeform, Formbricks, LimeSurvey, or any table with a heading row), as CSV in any
common encoding and delimiter or as .xlsx. Reading is all or nothing: every bad row is
named ``FILE:ROW`` with its column, and nothing is returned unless every row reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, NamedTuple

from cxplan.errors import FileRow, InputError, Location, Problem
from cxplan.i18n import Language, _n
from cxplan.plan.codecs import ValueProblem, describe, did_you_mean
from cxplan.plan.ids import slug
from cxplan.plan.model import Measure, Plan
from cxplan.results.answers import KINDS, Scores, norm, vocabulary
from cxplan.results.dates import Days, parts_order
from cxplan.results.tables import EMPTY, open_table

MAX_BYTES = 256 * 1024 * 1024  # 100,000 responses of a long survey are ~60 MB
MAX_ROWS = 2_000_000
MAX_COLUMNS = 5_000
MAX_COMMENT = 5_000  # characters of a comment kept
MAX_PROBLEMS = 50  # problems listed before the rest are counted
MATCH = 0.72  # how alike a heading must be to the plan's question to be taken for it
ROLES = ("date", "touchpoint", "location", "segment", "comment")
# Why rows were left out (the keys are the JSON's), each told with its count.
LEFT_OUT = {
    "previews, tests and spam": _n(
        "  left out: {count} preview, test or spam response",
        "  left out: {count} previews, tests and spam responses",
    ),
    "unfinished responses": _n(
        "  left out: {count} unfinished response", "  left out: {count} unfinished responses"
    ),
    "with no answer to this question": _n(
        "  left out: {count} response with no answer to this question",
        "  left out: {count} responses with no answer to this question",
    ),
    "repeated rows of the same response (the later one kept)": _n(
        "  left out: {count} repeated row of the same response (the later one kept)",
        "  left out: {count} repeated rows of the same response (the later one kept)",
    ),
}


@dataclass(frozen=True)
class Layout:
    """How one survey tool lays out its export."""

    name: str
    title: str
    headers: int = 1  # heading rows before the first response
    ids: tuple[str, ...] = ()  # headings whose values together identify a response
    dates: tuple[str, ...] = ()  # headings of the response's date, best first
    month_first: bool = False  # the tool writes 11/21/2026 when nothing else tells


LAYOUTS = {
    "qualtrics": Layout(
        "qualtrics",
        "Qualtrics",
        3,
        ("responseid|response id",),
        ("recordeddate", "recorded date", "enddate", "end date", "startdate", "start date"),
    ),
    "surveymonkey": Layout(
        "surveymonkey",
        "SurveyMonkey",
        2,
        ("respondent id",),
        ("end date", "start date"),
        month_first=True,
    ),
    "limesurvey": Layout(
        "limesurvey",
        "LimeSurvey",
        1,
        ("id|response id", "startdate|date started"),
        ("submitdate", "date submitted", "datestamp", "date last action", "startdate"),
    ),
    "formbricks": Layout(
        "formbricks", "Formbricks", 1, ("response id",), ("timestamp", "date", "created at")
    ),
    "typeform": Layout(
        "typeform",
        "Typeform",
        1,
        ("#|response id|token",),
        ("submit date (utc)", "submitted at", "start date (utc)"),
    ),
    "msforms": Layout(
        "msforms",
        "Microsoft Forms",
        1,
        ("id", "start time"),
        ("completion time", "start time"),
        month_first=True,
    ),
    "google": Layout("google", "Google Forms", 1, (), ()),
    "generic": Layout(
        "generic",
        "a table with a heading row",
        1,
        (
            "response id|responseid|response_id|respondent id|submission id|submission_id|"
            "id|uuid|_uuid|key|meta-instanceid",
        ),
        (
            "submitted_at",
            "submitted at",
            "submitdate",
            "date submitted",
            "completion time",
            "completed at",
            "end date",
            "timestamp",
            "date",
            "created_at",
            "created at",
            "response date",
            "survey date",
        ),
    ),
}
# Headings that are a tool's own bookkeeping, never a customer's answer.
META = frozenset(
    norm(heading)
    for heading in [
        "startdate",
        "enddate",
        "status",
        "ipaddress",
        "ip address",
        "progress",
        "duration (in seconds)",
        "finished",
        "recordeddate",
        "responseid",
        "recipientlastname",
        "recipientfirstname",
        "recipientemail",
        "externalreference",
        "externaldatareference",
        "locationlatitude",
        "locationlongitude",
        "distributionchannel",
        "userlanguage",
        "respondent id",
        "collector id",
        "start date",
        "end date",
        "email address",
        "first name",
        "last name",
        "custom data 1",
        "id",
        "start time",
        "completion time",
        "email",
        "name",
        "#",
        "response type",
        "submit date (utc)",
        "stage date (utc)",
        "start date (utc)",
        "network id",
        "tags",
        "no",
        "response id",
        "timestamp",
        "survey id",
        "user id",
        "notes",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "datestamp",
        "date submitted",
        "last page",
        "start language",
        "date started",
        "date last action",
        "total points",
        "quiz feedback",
        "last modified time",
        "",
    ]
)
QUALTRICS_SKIPPED = frozenset(
    [
        "1",
        "2",
        "8",
        "9",
        "12",
        "17",
        "survey preview",
        "survey test",
        "spam",
        "survey preview spam",
        "imported spam",
        "offline survey preview",
    ]
)
FALSE_WORDS = frozenset(["0", "false", "no", "nein", "non", "falso"])
_PIPED = re.compile(r"\$\{[^}]*\}|<[^>]{1,200}>|\[[^\]]{0,200}\]")
_STARTED = re.compile(r"\bstart|started\b|\bbegin|\bbegan\b")
_WORD = re.compile(r"[^\W_]+")
_CODE_AND_TEXT = re.compile(r"^([A-Za-z_][\w]*(?:\[[\w]+\])?)[.:]\s+(\S.*)$", re.S)


@dataclass(frozen=True)
class Grid:
    """The cells of an export, heading rows included: ``rows[i]`` is row ``i + 1``."""

    file: str
    rows: list[list[Any]]
    how: str  # "CSV, UTF-8, ';'" — said in the summary


@dataclass(frozen=True)
class Column:
    """One column of an export and the texts it answers to."""

    index: int
    heading: str
    names: tuple[str, ...]
    open_ended: bool = False


@dataclass(frozen=True)
class Columns:
    """Columns a person named (``--column``, ``--date-column``...), by heading."""

    score: str | None = None
    date: str | None = None
    touchpoint: str | None = None
    location: str | None = None
    segment: str | None = None
    comment: str | None = None


class Response(NamedTuple):
    """One customer's answer to one measure (a tuple: an import makes 100,000 of them)."""

    key: str
    row: int
    day: dt.date
    score: int
    touchpoint: str | None
    location: str | None
    segment: str | None
    comment: str | None


@dataclass
class Survey:
    """What one export says about one measure, and how cxplan read it."""

    file: str
    layout: Layout
    measure: str
    kind: str
    scale: tuple[int, int]
    how: str
    found: str
    used: dict[str, str]
    responses: list[Response]
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self, lang: Language) -> list[str]:
        """What a person is told: the layout, the columns used, what was left out."""
        out = [
            lang.trn(
                "{file}: {layout} export ({how}); {count} answer to measure '{measure}'",
                "{file}: {layout} export ({how}); {count} answers to measure '{measure}'",
                len(self.responses),
                file=self.file,
                layout=self.layout.title,
                how=self.how,
                measure=self.measure,
            ),
            f"  {self.found}",
        ]
        for role in ROLES:
            if role in self.used:
                out.append(f"  {role}: column {self.used[role]!r}")
        if self.kind == "csat":
            out.append(f"  CSAT scale {self.scale[0]}-{self.scale[1]}")
        for reason, count in sorted(self.skipped.items()):
            out.append(lang.trn(*LEFT_OUT[reason], count))
        return out


# ---------------------------------------------------------------------------- the file


def read_grid(path: Path) -> Grid:
    """The cells of a CSV/TSV or .xlsx export, heading rows included (read by the one
    table reader, results/tables.py: the kind told by its bytes, not its name)."""
    file = str(path)
    table = open_table(path, limit=MAX_BYTES, what="a survey export", text=False)
    if not table.header:
        raise _refuse(file, EMPTY)
    rows: list[list[Any]] = [[] for _ in range(table.first - 1)]
    rows.append(table.header)
    for _, row in table.rows:
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise _refuse(file, f"has more than {MAX_ROWS:,} rows; split the export")
    return Grid(file, rows, table.how)


def _refuse(file: str, message: str, hint: str = "") -> InputError:
    return InputError([Problem(message, Location(file))], hint=hint)


# ---------------------------------------------------------------------------- layouts


def _cell(row: Sequence[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def detect(grid: Grid) -> tuple[Layout, list[Column]]:
    """The layout of an export, and its columns with the texts each answers to."""
    rows = grid.rows
    first = next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)
    if first is None:
        raise _refuse(grid.file, EMPTY)
    if first:
        del rows[:first]  # blank lines above the headings
    width = max(len(r) for r in rows[:3])
    if width > MAX_COLUMNS:
        raise _refuse(
            grid.file, f"has {width:,} columns; a survey export has at most {MAX_COLUMNS:,}"
        )
    head = [norm(_text(c)) for c in rows[0]] + [""] * (width - len(rows[0]))
    names = set(head)
    third = [_text(c) for c in rows[2]] if len(rows) > 2 else []
    if any(c.replace(" ", "").lower().startswith('{"importid"') for c in third):
        texts = [_text(c) for c in rows[1]] + [""] * width
        return LAYOUTS["qualtrics"], [
            Column(
                i,
                f"{_text(rows[0][i])} ({texts[i]})"
                if texts[i] and norm(texts[i]) != norm(_text(rows[0][i]))
                else _text(rows[0][i]),
                _names(_text(rows[0][i]), texts[i]),
            )
            for i in range(len(rows[0]))
        ]
    if {"respondent id", "collector id"} <= names:
        return LAYOUTS["surveymonkey"], _surveymonkey(rows, width)
    if {"lastpage", "startlanguage"} <= names or {"last page", "start language"} <= names:
        return LAYOUTS["limesurvey"], [_limesurvey(i, _text(c)) for i, c in enumerate(rows[0])]
    if "response id" in names and ("survey id" in names or head[0] == "no"):
        layout = LAYOUTS["formbricks"]
    elif head[0] == "#" or norm("Submit Date (UTC)") in names:
        layout = LAYOUTS["typeform"]
    elif head[:3] == ["id", "start time", "completion time"]:
        layout = LAYOUTS["msforms"]
    elif head[0] in vocabulary().columns.get("timestamp", ()) and head[0] not in ("date",):
        layout = LAYOUTS["google"]
    else:
        layout = LAYOUTS["generic"]
    return layout, [Column(i, _text(c), _names(_text(c))) for i, c in enumerate(rows[0])]


def _started(column: Column) -> bool:
    """Whether a column says when the customer began, not when they answered."""
    return any(_STARTED.search(name) for name in column.names)


def _names(*texts: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(norm(t) for t in texts if t))


def _surveymonkey(rows: list[list[Any]], width: int) -> list[Column]:
    """Row 1 is each question, over all its columns; row 2 says which answer each holds."""
    out = []
    question = ""
    second = rows[1] if len(rows) > 1 else []
    for i in range(width):
        question = _text(_cell(rows[0], i)) or question
        part = _text(_cell(second, i))
        plain = norm(part) in ("", "response", "open-ended response")
        heading = question if plain else f"{question} - {part}"
        names = _names(heading, question) if plain else _names(heading)
        open_ended = norm(part) == "open-ended response" or "specify" in norm(part)
        out.append(Column(i, heading, names, open_ended))
    return out


def _limesurvey(index: int, heading: str) -> Column:
    """LimeSurvey headings are codes, texts, or 'CODE. text'."""
    m = _CODE_AND_TEXT.match(heading)
    if m:
        return Column(index, heading, _names(heading, m.group(1), m.group(2)))
    return Column(index, heading, _names(heading))


# ---------------------------------------------------------------------------- columns


def _plain(text: str) -> str:
    """A question as compared: no piped text or markup, no accents, words only."""
    bare = unicodedata.normalize("NFKD", _PIPED.sub(" ", text).casefold())
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare))


def likeness(a: str, b: str) -> float:
    """How alike two questions are, 0 to 1: the better of their spelling and their words."""
    x, y = _plain(a), _plain(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    spelled = SequenceMatcher(None, x, y, autojunk=False).ratio()
    wx, wy = set(x.split()), set(y.split())
    shared = len(wx & wy) / len(wx | wy)
    return max(spelled, shared)


def _answers(columns: list[Column], layout: Layout) -> list[Column]:
    """The columns that may hold a customer's answer (not the tool's bookkeeping)."""
    out = []
    for column in columns:
        if not column.names or column.open_ended:
            continue
        if layout.name != "generic" and column.names[0] in META:
            continue
        if (
            column.heading.upper().endswith(("_TEXT", "_NPS_GROUP"))
            or "_NPS_GROUP" in column.heading
        ):
            continue
        out.append(column)
    return out


def _named(columns: list[Column], wanted: str, option: str, file: str) -> Column:
    key = norm(wanted)
    for column in columns:
        if key in column.names or key == norm(column.heading):
            return column
    options = [column.heading for column in columns]
    close = did_you_mean(wanted, [norm(o) for o in options])
    shown = ", ".join(repr(o) for o in options[:12]) + (" ..." if len(options) > 12 else "")
    raise InputError(
        [Problem(f"there is no column {wanted!r}{close}", Location(file), field=option)],
        hint=f"The columns are: {shown}. Nothing was stored.",
    )


def find_score(
    columns: list[Column], layout: Layout, measure: Measure, given: str | None, file: str
) -> tuple[Column, str]:
    """The column holding the measure's answers, and how it was found (said to the user)."""
    if given:
        column = _named(columns, given, "--column", file)
        return column, f"answers: column {column.heading!r} (named with --column)"
    candidates = _answers(columns, layout)
    for column in candidates:
        if norm(measure.id) in column.names:
            return column, f"answers: column {column.heading!r} (headed with the measure's id)"
    question = str(measure.question or "")
    if question:
        ranked = sorted(
            ((max(likeness(question, n) for n in c.names), c) for c in candidates),
            key=lambda pair: -pair[0],
        )
        if ranked and ranked[0][0] >= MATCH:
            best, column = ranked[0]
            rivals = [c for s, c in ranked[1:] if s >= MATCH and s >= best - 0.02]
            if rivals:
                shown = ", ".join(repr(c.heading) for c in [column, *rivals][:4])
                raise InputError(
                    [
                        Problem(
                            f"several columns match the question of measure '{measure.id}': "
                            f"{shown}",
                            Location(file),
                            field="--column",
                        )
                    ],
                    hint="Name the one to read with --column. Nothing was stored.",
                )
            return column, (
                f"answers: column {column.heading!r}, {best:.0%} alike to the plan's question "
                f"{question!r}"
            )
    by_word = _by_keyword(candidates, str(measure.kind))
    if by_word is not None:
        return by_word
    closest = ""
    if question and candidates:
        score, near = max(
            ((max(likeness(question, n) for n in c.names), c) for c in candidates),
            key=lambda pair: pair[0],
        )
        closest = f"; the closest is {near.heading!r} ({score:.0%} alike)"
    what = f"the question {question!r}" if question else "no question (measures.question)"
    shown = ", ".join(repr(c.heading) for c in candidates[:12])
    raise InputError(
        [
            Problem(
                f"no column holds the answers of measure '{measure.id}': the plan gives "
                f"{what}{closest}",
                Location(file),
                field="--column",
            )
        ],
        hint=f"Name the column with --column (the columns are: {shown}). Nothing was stored.",
    )


def _by_keyword(candidates: list[Column], kind: str) -> tuple[Column, str] | None:
    """The one column whose heading has a word of the kind ('recommend', 'empfehlen')."""
    words = vocabulary().keywords.get(kind, ())
    hits = []
    for column in candidates:
        tokens = " " + " ".join(_WORD.findall(norm(column.heading))) + " "
        word = next((w for w in words if f" {w} " in tokens), None)
        if word is not None:
            hits.append((column, word))
    if len(hits) != 1:
        return None
    column, word = hits[0]
    return column, (
        f"answers: column {column.heading!r}, the only heading with the word {word!r} "
        f"(no heading is worded like the plan's question)"
    )


def find_role(
    columns: list[Column], role: str, given: str | None, file: str, *, after: int = -1
) -> Column | None:
    """The column of a date, touchpoint, site, segment or comment: named, or by its heading."""
    if given:
        return _named(columns, given, f"--{role}-column", file)
    words = vocabulary().columns.get(role, ())
    found = []
    for column in columns:
        heading = norm(column.heading)
        tokens = " " + " ".join(_WORD.findall(heading)) + " "
        exact = heading in words
        inside = any(f" {w} " in tokens for w in words) and (
            role == "comment" or len(heading) <= 40
        )
        if exact or inside or (role == "comment" and column.open_ended):
            found.append((not exact, column.index <= after, column.index, column))
    if role == "comment":
        later = [f for f in found if not f[1]]
        found = later or found
    return min(found, key=lambda f: f[:3])[3] if found else None


# ---------------------------------------------------------------------------- reading


def read_survey(
    path: Path,
    plan: Plan,
    measure_id: str,
    columns: Columns | None = None,
    *,
    scale: tuple[int, int] | None = None,
) -> Survey:
    """Every answer an export gives to one measure of the plan, all or nothing."""
    measure = _measure(plan, measure_id)
    grid = read_grid(path)
    layout, found = detect(grid)
    return _Reader(grid, layout, found, plan, measure, columns or Columns(), scale).read()


def _measure(plan: Plan, measure_id: str) -> Measure:
    for measure in plan.measures:
        if measure.id == measure_id:
            kind = str(measure.kind or "")
            if kind not in KINDS:
                raise InputError(
                    [
                        Problem(
                            f"measure '{measure_id}' is a {kind or 'measure of no kind'}; "
                            "survey answers feed NPS, CSAT or CES measures",
                            field="--measure",
                        )
                    ],
                    hint="Set its kind: nps, csat or ces in the plan, or give another measure.",
                )
            return measure
    ids = [m.id for m in plan.measures]
    raise InputError(
        [
            Problem(
                f"the plan has no measure {measure_id!r}{did_you_mean(measure_id, ids)}",
                field="--measure",
            )
        ],
        hint=f"Its measures are: {', '.join(ids) or 'none yet'}.",
    )


class _Memo:
    """A reader of a column's values that reads each distinct value once (they repeat)."""

    def __init__(self, read: Any) -> None:
        self.read = read
        self.seen: dict[Any, Any] = {}

    def __call__(self, raw: Any) -> Any:
        try:
            return self.seen[raw]
        except KeyError:
            value = self.read(raw)
            if len(self.seen) < 10_000:
                self.seen[raw] = value
            return value
        except TypeError:  # an unhashable value
            return self.read(raw)


class _Values:
    """Maps what a column says (an id or a name) to a plan id."""

    def __init__(self, what: str, items: list[tuple[str, str | None]]) -> None:
        self.what = what
        self.ids = [ident for ident, _ in items]
        self.table: dict[str, str] = {}
        self.shown: dict[str, str] = {}  # each key as the plan spells it, for did-you-mean
        for ident, name in items:
            self.table[norm(ident)] = ident
            self.shown.setdefault(norm(ident), name or ident)
            if name:
                for key in (norm(name), slug(name)):
                    self.table.setdefault(key, ident)
                    self.shown.setdefault(key, name)

    def read(self, raw: Any) -> str | None:
        text = _text(raw)
        if not text:
            return None
        ident = self.table.get(norm(text)) or self.table.get(slug(text))
        if ident is None:
            shown = ", ".join(self.ids[:10]) + (" ..." if len(self.ids) > 10 else "")
            raise ValueProblem(
                f"{describe(text)} is not a {self.what} of the plan"
                f"{did_you_mean(norm(text), list(self.table), self.shown)} (its {self.what}s: "
                f"{shown or 'none'})"
            )
        return ident


class _Reader:
    """One pass over the rows of an export, collecting responses and problems."""

    def __init__(
        self,
        grid: Grid,
        layout: Layout,
        columns: list[Column],
        plan: Plan,
        measure: Measure,
        given: Columns,
        scale: tuple[int, int] | None,
    ) -> None:
        self.grid, self.layout, self.columns = grid, layout, columns
        self.measure, self.kind = measure, str(measure.kind)
        self.scale = scale
        self.file = grid.file
        self.score, self.found = find_score(columns, layout, measure, given.score, self.file)
        self.used: dict[str, Column] = {}
        date = (
            _named(columns, given.date, "--date-column", self.file)
            if given.date
            else self._date_column()
        )
        if date is not None:
            self.used["date"] = date
        for role in ROLES[1:]:
            column = find_role(
                columns, role, getattr(given, role), self.file, after=self.score.index
            )
            if column is not None and column.index != self.score.index:
                self.used[role] = column
        self.values = {
            "touchpoint": _Values("touchpoint", [(t.id, t.name) for t in plan.touchpoints]),
            "location": _Values("location", [(s.id, s.name) for s in plan.client.sites()]),
            "segment": _Values("customer segment", [(c.id, c.name) for c in plan.customers]),
        }
        own = measure.touchpoints
        self.touchpoint = own[0] if len(own) == 1 and own[0] != "all" else None
        self.problems: list[Problem] = []
        self.more = 0

    def _date_column(self) -> Column | None:
        """The moment the customer answered: a column saying when they submitted or
        completed, before one saying when they started (every layout, one rule)."""
        by_name = {n: c for c in self.columns for n in c.names}
        for heading in sorted(self.layout.dates, key=lambda h: bool(_STARTED.search(h))):
            if norm(heading) in by_name:
                return by_name[norm(heading)]
        if self.layout.name == "google":
            return self.columns[0]
        ended = [c for c in self.columns if not _started(c)]
        return find_role(ended, "timestamp", None, self.file) or find_role(
            self.columns, "timestamp", None, self.file
        )

    def _index(self, heading: str) -> int | None:
        for alternative in heading.split("|"):
            for column in self.columns:
                if norm(alternative) in column.names:
                    return column.index
        return None

    def problem(self, row: int, column: Column | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        name = column.heading if column is not None else ""
        self.problems.append(Problem(message, FileRow(self.file, row), field=name))

    def read(self) -> Survey:
        rows = self.grid.rows
        start = self.layout.headers
        date_col = self._date_or_refuse()
        days = Days(self._day_first(rows[start:], date_col))
        scores = Scores(self.kind)
        skip = self._skipper()
        keys = [i for i in (self._index(h) for h in self.layout.ids) if i is not None]
        if len(keys) < len(self.layout.ids) and self.layout.name != "generic":
            keys = []
        headings = [norm(c.heading) for c in self.columns]
        seen: dict[str, int] = {}
        skipped: Counter[str] = Counter()
        out: dict[str, Response] = {}
        roles = [
            (place, column, _Memo(self.values[role].read))
            for place, role in enumerate(("touchpoint", "location", "segment"))
            if (column := self.used.get(role)) is not None
        ]
        default = self.touchpoint
        comment = self.used.get("comment")
        si, di = self.score.index, date_col.index
        ci = comment.index if comment is not None else None
        need = 1 + max([si, di, *keys, *(c.index for _, c, _ in roles), ci or 0])
        for number, row in enumerate(rows[start:], start=start + 1):
            if len(row) < need:
                row = [*row, *([None] * (need - len(row)))]
            if not any(row) and all(c is None or c == "" for c in row):
                continue
            reason = skip(row)
            if reason:
                skipped[reason] += 1
                continue
            try:
                score = scores.read(row[si])
            except ValueProblem as err:
                self.problem(number, self.score, err.message)
                continue
            if score is None:
                skipped["with no answer to this question"] += 1
                continue
            try:
                day = days.read(row[di])
            except ValueProblem as err:
                self.problem(number, date_col, err.message)
                continue
            if day is None:
                self.problem(number, date_col, "no date: the column is blank in this row")
                continue
            found: list[str | None] = [None, None, None]  # touchpoint, location, segment
            for place, column, read in roles:
                try:
                    found[place] = read(row[column.index])
                except ValueProblem as err:
                    self.problem(number, column, err.message)
            text = row[ci] if ci is not None else None
            if text is not None and not isinstance(text, str):
                text = str(text)
            key = self._key(row, keys, headings, seen)
            if key in out:
                skipped["repeated rows of the same response (the later one kept)"] += 1
            out[key] = Response(
                key,
                number,
                day,
                score,
                found[0] or default,
                found[1],
                found[2],
                text.strip()[:MAX_COMMENT] or None if text else None,
            )
        if self.problems:
            extra = [f"... and {self.more:,} more problems"] if self.more else []
            raise InputError(
                self.problems,
                hint="\n".join([*extra, "Nothing was stored; correct the rows and import again."]),
            )
        responses = list(out.values())
        return Survey(
            file=self.file,
            layout=self.layout,
            measure=self.measure.id,
            kind=self.kind,
            scale=self._scale(responses),
            how=self.grid.how,
            found=self.found,
            used={role: c.heading for role, c in self.used.items()},
            responses=responses,
            skipped=skipped,
        )

    def _date_or_refuse(self) -> Column:
        date = self.used.get("date")
        if date is None:
            said = "no column says when each customer answered"
            raise InputError(
                [Problem(said, Location(self.file), field="--date-column")],
                hint="Name it with --date-column. Nothing was stored.",
            )
        return date

    def _day_first(self, rows: list[list[Any]], column: Column) -> bool:
        try:
            order = parts_order(_cell(r, column.index) for r in rows)
        except ValueProblem as err:
            problem = Problem(err.message, Location(self.file), field=column.heading)
            raise InputError([problem]) from None
        if order is not None:
            return order
        return not self.layout.month_first

    def _skipper(self) -> Any:
        layout = self.layout.name
        at = self._index
        if layout == "qualtrics":
            status, finished = at("status"), at("finished")
            said = _Memo(lambda raw: norm(_text(raw)))

            def qualtrics(row: list[Any]) -> str | None:
                if status is not None and said(_cell(row, status)) in QUALTRICS_SKIPPED:
                    return "previews, tests and spam"
                if finished is not None and said(_cell(row, finished)) in FALSE_WORDS:
                    return "unfinished responses"
                return None

            return qualtrics
        flag = {"typeform": "response type", "formbricks": "finished"}.get(layout)
        if flag is not None and at(flag) is not None:
            index = at(flag)

            said_flag = _Memo(lambda raw: norm(_text(raw)))

            def unfinished(row: list[Any]) -> str | None:
                value = said_flag(_cell(row, index or 0))
                if value == "partial" or value in FALSE_WORDS:
                    return "unfinished responses"
                return None

            return unfinished
        if layout == "limesurvey":
            submitted = at("submitdate|date submitted")
            if submitted is not None:
                return lambda row: None if _text(_cell(row, submitted)) else "unfinished responses"
        return lambda row: None

    def _key(
        self, row: list[Any], keys: list[int], headings: list[str], seen: dict[str, int]
    ) -> str:
        """The response's natural key: its id in the tool, else a hash of what it says."""
        if len(keys) == 1:
            one = row[keys[0]]
            one = one.strip() if isinstance(one, str) else _text(one)
            if one:
                return f"{self.layout.name}:{one}"
        elif keys:
            parts = [_text(_cell(row, i)) for i in keys]
            if all(parts):
                return f"{self.layout.name}:{'|'.join(parts)}"
        # No id: the non-blank cells with their headings (a question added to the form
        # later leaves old rows' keys alone), and which identical row this is.
        digest = hashlib.blake2b(digest_size=12)
        for heading, value in zip(headings, row, strict=False):
            text = _text(value)
            if text:
                digest.update(f"{heading}\x1f{text}\x1e".encode())
        base = digest.hexdigest()
        count = seen.get(base, 0)
        seen[base] = count + 1
        return f"{self.layout.name}:row-{base}-{count}"

    def _scale(self, responses: list[Response]) -> tuple[int, int]:
        if self.kind == "nps":
            return (0, 10)
        if self.kind == "ces":
            return (1, 7)
        low = min((r.score for r in responses), default=1)
        high = max((r.score for r in responses), default=5)
        if self.scale is not None:
            if low < self.scale[0] or high > self.scale[1]:
                raise InputError(
                    [
                        Problem(
                            f"answers run from {low} to {high}, outside the scale "
                            f"{self.scale[0]}-{self.scale[1]}",
                            Location(self.file),
                            field="--scale",
                        )
                    ]
                )
            return self.scale
        top = 5 if high <= 5 else 7 if high <= 7 else 10
        return (0 if low == 0 else 1, top)
