"""Survey exports in every real layout read back to the answers that were written, scored
as an independent count scores them; bad rows named FILE:ROW with their column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxplan.errors import InputError
from cxplan.i18n import language
from cxplan.plan.model import Plan
from cxplan.results import feedback
from cxplan.results.answers import Scores
from cxplan.results.dates import Days
from cxplan.results.surveys import Columns, likeness, read_grid, read_survey

QUESTION = "How likely are you to recommend Harbour Dental to a friend or family member?"


def make_plan() -> Plan:
    return Plan.model_validate(
        {
            "cxplan": 1,
            "client": {"name": "Harbour Dental", "locations": ["Quay Street", "Northside"]},
            "customers": [{"id": "new-patient", "name": "New patient"}, {"id": "family"}],
            "touchpoints": [
                {"id": "book-online", "name": "Book online"},
                {"id": "treatment", "name": "Treatment"},
            ],
            "measures": [
                {
                    "id": "nps",
                    "kind": "nps",
                    "question": QUESTION,
                    "touchpoints": ["book-online", "treatment"],
                    "baseline": 41,
                    "target": 70,
                },
                {
                    "id": "csat-visit",
                    "kind": "csat",
                    "question": "How satisfied were you with your visit today?",
                    "touchpoints": ["treatment"],
                },
                {
                    "id": "ces",
                    "kind": "ces",
                    "question": "Harbour Dental made it easy to book",
                    "touchpoints": ["book-online"],
                },
                {"id": "rooms", "kind": "compliance"},
            ],
        }
    )


@dataclass
class Truth:
    """What a generated export says, written down before any of it is read."""

    rid: str
    day: dt.date
    score: int | None  # None: no answer
    store: str
    comment: str
    counted: bool = True  # False: a preview, test or unfinished response


def truths(seed: int, n: int = 60) -> list[Truth]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randrange(300))
        score = rnd.choice([*range(11), None]) if rnd.random() < 0.95 else None
        comment = rnd.choice(["", "Too slow, sadly", 'He said "fine"', "Très bien\nmerci", ""])
        out.append(
            Truth(
                f"R_{seed}{i:04d}",
                day,
                score,
                rnd.choice(["Quay Street", "Northside"]),
                comment,
                counted=rnd.random() > 0.1,
            )
        )
    return out


def expected_nps(rows: list[Truth]) -> tuple[float, int]:
    scores = [t.score for t in rows if t.counted and t.score is not None]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100 * (promoters - detractors) / len(scores), len(scores)


def write_csv(
    path: Path, rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


LABELS = {0: "0 - Not at all likely", 10: "10 - Extremely likely"}


def qualtrics(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "StartDate",
            "EndDate",
            "Status",
            "Progress",
            "Finished",
            "RecordedDate",
            "ResponseId",
            "Q1",
            "Q1_NPS_GROUP",
            "Q2",
            "Store",
        ],
        [
            "Start Date",
            "End Date",
            "Response Type",
            "Progress",
            "Finished",
            "Recorded Date",
            "Response ID",
            "How likely are you to recommend ${e://Field/Brand} to a friend or family member?",
            "How likely ... - Group",
            "Why did you give that score?",
            "Store",
        ],
        [
            '{"ImportId":"startDate","timeZone":"Europe/London"}',
            '{"ImportId":"endDate"}',
            '{"ImportId":"status"}',
            '{"ImportId":"progress"}',
            '{"ImportId":"finished"}',
            '{"ImportId":"recordedDate"}',
            '{"ImportId":"_recordId"}',
            '{"ImportId":"QID1"}',
            '{"ImportId":"QID1_NPS_GROUP"}',
            '{"ImportId":"QID2_TEXT"}',
            '{"ImportId":"Store"}',
        ],
    ]
    for i, r in enumerate(t):
        status = "0" if r.counted or i % 2 else "Survey Preview"
        finished = "1" if r.counted or status != "0" else "0"
        stamp = f"{r.day} 09:1{i % 10}:00"
        score = "-99" if r.score is None and i % 2 else ("" if r.score is None else r.score)
        rows.append(
            [stamp, stamp, status, "100", finished, stamp, r.rid, score, "", r.comment, r.store]
        )
    return write_csv(tmp / "qualtrics.csv", rows)


def surveymonkey(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
            "Store",
            "How likely is it that you would recommend\nHarbour Dental to a friend or family, "
            "member?",
            "What did we do well?",
            "",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Response",
            "Open-Ended Response",
            "Other (please specify)",
        ],
    ]
    for r in t:
        if not r.counted:
            continue
        stamp = r.day.strftime("%m/%d/%Y") + " 10:15:03 AM"
        score = LABELS.get(r.score, r.score) if r.score is not None else ""
        rows.append(
            [
                r.rid[2:],
                "4242",
                stamp,
                stamp,
                "1.1.1.1",
                "",
                "",
                "",
                "",
                r.store,
                score,
                r.comment,
                "",
            ]
        )
    return write_csv(tmp / "surveymonkey.csv", rows)


def google(t: list[Truth], tmp: Path) -> Path:
    words = {0: "Überhaupt nicht wahrscheinlich", 10: "Äußerst wahrscheinlich"}
    rows: list[list[Any]] = [
        [
            "Zeitstempel",
            "E-Mail-Adresse",
            "Standort",
            "Wie wahrscheinlich ist es, dass Sie Harbour Dental einem "
            "Freund oder Familienmitglied empfehlen?",
            "Kommentar",
        ]
    ]
    for r in t:
        if r.counted:
            score = words.get(r.score, r.score) if r.score is not None else ""
            rows.append([r.day.strftime("%d.%m.%Y") + " 14:03:09", "", r.store, score, r.comment])
    return write_csv(
        tmp / "google.csv",
        rows,
        delimiter=";",
        encoding="cp1252" if all(_cp1252(c) for row in rows for c in map(str, row)) else "utf-8",
    )


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def msforms(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Which site did you visit?",
            "How likely are you to recommend Harbour Dental to a friend?",
            "Any comments?",
        ]
    ]
    for i, r in enumerate(t, start=1):
        if r.counted:
            when = dt.datetime.combine(r.day, dt.time(8, 30))
            rows.append(
                [
                    i,
                    when,
                    when + dt.timedelta(minutes=3),
                    "anonymous",
                    "",
                    r.store,
                    r.score,
                    r.comment or None,
                ]
            )
    return write_xlsx(tmp / "msforms.xlsx", rows)


def typeform(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "#",
            "How likely are you to recommend Harbour Dental to a friend or a family member?",
            "Tell us why",
            "location",
            "Response Type",
            "Start Date (UTC)",
            "Stage Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
        ]
    ]
    for r in t:
        stamp = f"{r.day} 11:00:00"
        rows.append(
            [
                r.rid.lower(),
                "" if r.score is None else r.score,
                r.comment,
                r.store,
                "completed" if r.counted else "partial",
                stamp,
                stamp,
                stamp,
                "ab12",
                "",
            ]
        )
    return write_csv(tmp / "typeform.csv", rows)


def formbricks(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "No.",
            "Response ID",
            "Timestamp",
            "Finished",
            "Survey ID",
            "Formbricks ID (internal)",
            "User ID",
            "Notes",
            "Tags",
            "How likely are you to recommend Harbour Dental to friends or family?",
            "location",
            "Any feedback for us?",
        ]
    ]
    for i, r in enumerate(t, start=1):
        stamp = f"{r.day}T10:00:00.000Z"
        rows.append(
            [
                i,
                f"clx{r.rid}",
                stamp,
                "Yes" if r.counted else "No",
                "s1",
                "",
                "",
                "",
                "",
                "" if r.score is None else r.score,
                r.store,
                r.comment,
            ]
        )
    return write_csv(tmp / "formbricks.csv", rows)


def limesurvey(t: list[Truth], tmp: Path) -> Path:
    rows: list[list[Any]] = [
        [
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "startdate",
            "datestamp",
            "NPS. How likely are you to recommend Harbour Dental to a friend or family member?",
            "site",
            "WHY. Why?",
        ]
    ]
    for i, r in enumerate(t, start=1):
        stamp = f"{r.day} 12:00:00"
        rows.append(
            [
                i,
                stamp if r.counted else "",
                2,
                "en",
                123,
                stamp,
                stamp,
                "" if r.score is None else r.score,
                r.store,
                r.comment,
            ]
        )
    return codecs_bom(write_csv(tmp / "limesurvey.csv", rows, delimiter="\t"))


def codecs_bom(path: Path) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return path


LAYOUTS: dict[str, tuple[Callable[[list[Truth], Path], Path], str]] = {
    "qualtrics": (qualtrics, "Qualtrics"),
    "surveymonkey": (surveymonkey, "SurveyMonkey"),
    "google": (google, "Google Forms"),
    "msforms": (msforms, "Microsoft Forms"),
    "typeform": (typeform, "Typeform"),
    "formbricks": (formbricks, "Formbricks"),
    "limesurvey": (limesurvey, "LimeSurvey"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_reads_back_to_an_independent_count(layout: str, tmp_path: Path) -> None:
    write, title = LAYOUTS[layout]
    rows = truths(seed=len(layout))
    path = write(rows, tmp_path)
    survey = read_survey(path, make_plan(), "nps")
    assert survey.layout.title == title
    want, n = expected_nps(rows)
    got = feedback.nps(r.score for r in survey.responses)
    assert got.n == n
    assert got.value is not None and math.isclose(got.value, want)
    # Day, site and comment of every response are those written.
    counted = sorted(
        (t.day, t.score, t.store.lower().replace(" ", "-"), t.comment or None)
        for t in rows
        if t.counted and t.score is not None
    )
    read = sorted((r.day, r.score, r.location, r.comment) for r in survey.responses)
    assert read == counted
    assert "location" in survey.used
    # The measure has two touchpoints and the file none: no touchpoint is made up.
    assert {r.touchpoint for r in survey.responses} == {None}
    # Reading again gives the same keys: a second import adds nothing.
    again = read_survey(path, make_plan(), "nps")
    assert [r.key for r in again.responses] == [r.key for r in survey.responses]
    assert len({r.key for r in survey.responses}) == len(survey.responses)
    text = "\n".join(survey.summary(language("en")))
    assert title in text and f"{n:,} answers" in text


def test_qualtrics_leaves_out_previews_unfinished_and_unanswered(tmp_path: Path) -> None:
    rows = truths(seed=3)
    survey = read_survey(qualtrics(rows, tmp_path), make_plan(), "nps")
    left = sum(survey.skipped.values())
    assert left == len(rows) - len(survey.responses)
    assert survey.skipped["with no answer to this question"] == sum(
        1 for t in rows if t.counted and t.score is None
    )
    assert "Q1 (" in survey.found and "alike" in survey.found
    assert survey.used["comment"].startswith("Q2")


def test_generic_csv_with_ids_segments_touchpoints_and_a_named_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plain.csv",
        [
            ["response_id", "date", "touchpoint", "customer type", "score", "notes"],
            ["a1", "21/11/2026", "Book online", "New patient", "4", "hard to find"],
            ["a2", "02/11/2026", "treatment", "family", "5 - Very satisfied", ""],
            ["a3", "2026-11-03", "Treatment", "", "Sehr zufrieden", "super"],
            ["a4", "3 Nov 2026", "treatment", "", "Très insatisfait", "non"],
        ],
        delimiter=";",
    )
    survey = read_survey(path, make_plan(), "csat-visit", Columns(score="score", comment="notes"))
    got = [(r.key, r.day, r.score, r.touchpoint, r.segment, r.comment) for r in survey.responses]
    assert got == [
        ("generic:a1", dt.date(2026, 11, 21), 4, "book-online", "new-patient", "hard to find"),
        ("generic:a2", dt.date(2026, 11, 2), 5, "treatment", "family", None),
        ("generic:a3", dt.date(2026, 11, 3), 5, "treatment", None, "super"),
        ("generic:a4", dt.date(2026, 11, 3), 1, "treatment", None, "non"),
    ]
    assert survey.scale == (1, 5)
    assert "named with --column" in survey.found


def test_identical_rows_without_ids_are_each_a_customer_and_keep_their_keys(
    tmp_path: Path,
) -> None:
    rows = [["Timestamp", QUESTION]] + [["2026-11-01 10:00:00", "9"]] * 3
    first = read_survey(write_csv(tmp_path / "a.csv", rows), make_plan(), "nps")
    assert len(first.responses) == 3
    # A question added to the form later leaves the old rows' keys alone.
    wider = [["Timestamp", QUESTION, "New question"]] + [["2026-11-01 10:00:00", "9", ""]] * 3
    second = read_survey(write_csv(tmp_path / "b.csv", wider), make_plan(), "nps")
    assert [r.key for r in second.responses] == [r.key for r in first.responses]


def test_a_single_touchpoint_measure_gives_its_touchpoint(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["Submitted at", "Harbour Dental made it easy to book"],
            ["2026-10-01", "6"],
            ["2026-10-02", "Stimme eher zu"],
        ],
    )
    survey = read_survey(path, make_plan(), "ces")
    assert [(r.score, r.touchpoint) for r in survey.responses] == [
        (6, "book-online"),
        (5, "book-online"),
    ]


def test_bad_rows_are_named_file_row_and_column_and_nothing_is_returned(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Response ID", "Date", "Store", QUESTION],
            ["1", "2026-11-01", "Quay Street", "9"],
            ["2", "2026-13-45", "Quay Street", "9"],
            ["3", "2026-11-02", "Harbourside", "8"],
            ["4", "2026-11-02", "Northside", "eleven"],
            ["5", "2026-11-02", "Northside", "11"],
            ["6", "", "Northside", "7"],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_survey(path, make_plan(), "nps")
    lines = caught.value.lines()
    where = str(path)
    assert lines[0].startswith(f"{where}:3: Date: the text '2026-13-45' is not a date")
    assert lines[1].startswith(f"{where}:4: Store: the text 'Harbourside' is not a location")
    assert lines[2].startswith(f"{where}:5: {QUESTION}: the text 'eleven' is not an NPS answer")
    assert lines[3].startswith(f"{where}:6: {QUESTION}: the text '11' is not an NPS answer")
    assert lines[4] == f"{where}:7: Date: no date: the column is blank in this row"
    assert "Nothing was stored" in lines[-1]


def test_a_column_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["Date", "Overall, how was it?"], ["2026-11-01", "9"]])
    with pytest.raises(InputError) as caught:
        read_survey(path, make_plan(), "nps")
    text = "\n".join(caught.value.lines())
    assert "--column" in text and "no column holds the answers of measure 'nps'" in text
    assert "closest is 'Overall, how was it?'" in text
    with pytest.raises(InputError) as named:
        read_survey(path, make_plan(), "nps", Columns(score="Overall how"))
    assert "there is no column 'Overall how'" in named.value.lines()[0]
    with pytest.raises(InputError) as measure:
        read_survey(path, make_plan(), "npss")
    assert "did you mean 'nps'" in measure.value.lines()[0]
    with pytest.raises(InputError) as kind:
        read_survey(path, make_plan(), "rooms")
    assert "NPS, CSAT or CES" in kind.value.lines()[0]


def test_two_columns_that_match_equally_are_refused(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        [["Date", QUESTION + " (store)", QUESTION + " (web)"], ["2026-11-01", "9", "8"]],
    )
    with pytest.raises(InputError) as caught:
        read_survey(path, make_plan(), "nps")
    assert "several columns match" in caught.value.lines()[0]


def test_wording_changes_still_match_and_different_questions_do_not() -> None:
    assert (
        likeness(QUESTION, "How likely are you to recommend us to a friend or family member?")
        >= 0.72
    )
    assert (
        likeness(
            QUESTION,
            "how likely are you to recommend Harbour Dental to a friend or a family member",
        )
        >= 0.9
    )
    assert likeness(QUESTION, "What is your postcode?") < 0.5


def test_encodings_delimiters_and_refusals(tmp_path: Path) -> None:
    rows = [
        ["Fecha", "¿Qué tan probable es que recomiende Harbour Dental?", "Tienda"],
        ["05/11/2026", "Extremadamente probable", "Quay Street"],
    ]
    plan = make_plan()
    plan.measures[0].question = "¿Qué tan probable es que recomiende Harbour Dental?"
    for encoding in ("utf-16", "cp1252", "utf-8-sig"):
        for delimiter in ("\t", ";", ","):
            path = write_csv(tmp_path / "es.csv", rows, delimiter=delimiter, encoding=encoding)
            survey = read_survey(path, plan, "nps")
            assert [(r.day, r.score) for r in survey.responses] == [(dt.date(2026, 11, 5), 10)]
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match=r"old Excel \.xls"):
        read_grid(tmp_path / "old.xls")
    (tmp_path / "bin.csv").write_bytes(b"a,b\n\x00\x01")
    with pytest.raises(InputError, match="binary"):
        read_grid(tmp_path / "bin.csv")
    with pytest.raises(InputError, match="no such file"):
        read_grid(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="empty"):
        read_survey(write_csv(tmp_path / "empty.csv", []), plan, "nps")


def test_limits_refuse_huge_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cxplan.results import surveys

    path = write_csv(tmp_path / "many.csv", [["Date", QUESTION]] + [["2026-11-01", "9"]] * 20)
    monkeypatch.setattr(surveys, "MAX_ROWS", 10)
    with pytest.raises(InputError, match="more than 10 rows"):
        read_grid(path)
    monkeypatch.setattr(surveys, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="at most 100"):
        read_grid(path)


def test_many_bad_rows_are_counted_past_the_first_fifty(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["Date", QUESTION]] + [["2026-11-01", "x"]] * 80)
    with pytest.raises(InputError) as caught:
        read_survey(path, make_plan(), "nps")
    assert len(caught.value.problems) == 50
    assert "... and 30 more problems" in caught.value.lines()[-1]


def test_csat_scale_is_detected_and_can_be_given(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [["Date", "How satisfied were you with your visit?"]]
        + [["2026-11-01", str(v)] for v in (1, 4, 6, 7, 7)],
    )
    survey = read_survey(path, make_plan(), "csat-visit")
    assert survey.scale == (1, 7)
    assert feedback.csat([r.score for r in survey.responses], survey.scale).value == 60
    with pytest.raises(InputError, match="outside the scale 1-5"):
        read_survey(path, make_plan(), "csat-visit", scale=(1, 5))


def test_labels_in_four_languages_and_numbers_that_contradict_them() -> None:
    nps, csat, ces = Scores("nps"), Scores("csat"), Scores("ces")
    assert [
        nps.read(x)
        for x in (
            "Extremely likely",
            "Äußerst wahrscheinlich",
            "Pas du tout probable",
            "10 - Extremely likely",
            "7",
            8.0,
            "N/A",
            "",
            "-99",
            "Weiß nicht",
        )
    ] == [10, 10, 0, 10, 7, 8, None, None, None, None]
    assert [
        csat.read(x)
        for x in (
            "Very satisfied",
            "Sehr zufrieden",
            "Très satisfait(e)",
            "Muy insatisfecho",
            "4 (Satisfied)",
            "Neutral",
        )
    ] == [5, 5, 5, 1, 4, 3]
    assert [
        ces.read(x)
        for x in (
            "Strongly agree",
            "Stimme eher zu",
            "Plutôt d'accord",
            "Ni de acuerdo ni en desacuerdo",
        )
    ] == [7, 5, 5, 4]
    with pytest.raises(ValueError, match="says 3 but"):
        nps.read("3 - Extremely likely")
    for wrong in ("9.5", True, "twelve", 11, -1):
        with pytest.raises(ValueError, match="not an NPS answer"):
            nps.read(wrong)


def test_dates_in_each_tools_format() -> None:
    us, eu = Days(day_first=False), Days(day_first=True)
    want = dt.date(2026, 11, 5)
    for text in (
        "2026-11-05",
        "2026-11-05 10:00:00",
        "2026-11-05T10:00:00.000Z",
        "05 November 2026 03:45 AM",
        "Nov 5, 2026",
        "5. November 2026",
        "5 nov. 2026",
        "2026/11/05",
        dt.datetime(2026, 11, 5, 9),
        46331,
    ):
        assert us.read(text) == want, text
    assert us.read("11/5/2026 10:15:03 AM") == want
    assert eu.read("5.11.2026 14:03") == want
    assert eu.read("05/11/26") == want
    for wrong in ("2026-02-30", "soon", "31/31/2026", "1800-01-01"):
        with pytest.raises(ValueError):
            eu.read(wrong)


def test_mixed_date_orders_are_refused(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "d.csv", [["Date", QUESTION], ["13/01/2026", "9"], ["01/13/2026", "9"]]
    )
    with pytest.raises(InputError, match="mix day/month"):
        read_survey(path, make_plan(), "nps")


# ---------------------------------------------------------------------------- the scores

ANSWERS = st.lists(st.integers(0, 10), max_size=300)


@given(ANSWERS)
def test_nps_is_the_share_of_promoters_less_detractors(scores: list[int]) -> None:
    got = feedback.nps(scores)
    assert got.n == len(scores)
    if len(scores) < feedback.MIN_N:
        assert got.value is None and got.suppressed
        return
    p = sum(s >= 9 for s in scores) / len(scores)
    d = sum(s <= 6 for s in scores) / len(scores)
    assert got.value is not None and math.isclose(got.value, 100 * (p - d), abs_tol=1e-9)
    assert -100 <= got.value <= 100
    assert got.margin is not None
    assert math.isclose(
        got.margin, 196 * math.sqrt((p + d - (p - d) ** 2) / len(scores)), abs_tol=1e-9
    )
    assert got.low_confidence == (len(scores) < 30)
    assert feedback.nps(sorted(scores)).value == got.value  # order does not matter
    parts = dict(got.parts)
    assert parts["promoters"] + parts["passives"] + parts["detractors"] == len(scores)


@given(st.lists(st.integers(1, 5), min_size=5, max_size=300))
def test_csat_is_the_share_of_four_and_five(scores: list[int]) -> None:
    got = feedback.csat(scores)
    share = sum(s >= 4 for s in scores) / len(scores)
    assert got.value is not None and math.isclose(got.value, 100 * share)
    assert got.margin is not None
    assert math.isclose(got.margin, 196 * math.sqrt(share * (1 - share) / len(scores)))


@given(st.lists(st.integers(1, 7), min_size=5, max_size=300), st.booleans())
def test_ces_is_the_mean_or_the_share_of_five_to_seven(scores: list[int], percent: bool) -> None:
    got = feedback.ces(scores, percent)
    assert got.value is not None
    if percent:
        assert math.isclose(got.value, 100 * sum(s >= 5 for s in scores) / len(scores))
    else:
        assert 1 <= got.value <= 7
        assert math.isclose(got.value, sum(scores) / len(scores))
        assert got.margin is not None and got.margin >= 0


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10),
            st.sampled_from(["a", "b", None]),
            st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
        ),
        max_size=200,
    )
)
def test_breakdown_groups_add_up_to_the_whole(rows: list[tuple[int, str | None, dt.date]]) -> None:
    answers = [feedback.Answer(day=d, score=s, touchpoint=t) for s, t, d in rows]
    groups = feedback.breakdown(answers, "nps", by=["touchpoint"], every="quarter")
    assert sum(g.n for g in groups.values()) == len(rows)
    for (touchpoint, quarter), got in groups.items():
        mine = [
            a.score
            for a in answers
            if a.touchpoint == touchpoint and feedback.period(a.day, "quarter") == quarter
        ]
        assert got.n == len(mine)
        assert got.value == feedback.nps(mine).value


def test_followups_are_the_unhappy_newest_first() -> None:
    answers = [
        feedback.Answer(dt.date(2026, 11, d), s, comment=c, key=str(d))
        for d, s, c in ((1, 3, "late"), (5, 9, "great"), (3, 6, None), (4, 7, "ok"))
    ]
    assert [a.key for a in feedback.followups(answers, "nps")] == ["3", "1"]
    assert feedback.unhappy("csat", 2, (1, 5)) and not feedback.unhappy("csat", 3, (1, 5))
    assert feedback.unhappy("ces", 3) and not feedback.unhappy("ces", 4)


def test_a_score_shows_its_n_margin_and_confidence() -> None:
    assert feedback.nps([10] * 40 + [0] * 10).shown() == "NPS 60 ±22 (n=50)"
    assert feedback.nps([10] * 4).shown() == "NPS not shown (n=4, fewer than 5)"
    assert feedback.csat([5, 5, 4, 1, 2, 3]).shown() == "CSAT 50% ±40 (n=6, low confidence)"
    assert feedback.ces([7, 6, 5, 5, 2]).shown().startswith("CES 5.0 ±")
    record = feedback.nps([9] * 30).as_json()
    assert record["n"] == 30 and record["value"] == 100 and record["margin"] == 0
    assert feedback.period(dt.date(2026, 12, 31), "week") == "2026-W53"


# ---------------------------------------------------------------------------- the store


def plan_file(tmp: Path) -> Path:
    from cxplan.plan.serialize import plan_yaml

    path = tmp / "cxplan.yaml"
    path.write_text(plan_yaml(make_plan()), encoding="utf-8")
    return path


def stored(where: str) -> tuple[int, int]:
    from cxplan.results.store import open_store

    with open_store(where) as store:
        return store.count("responses"), store.count("imports")


def test_import_stores_once_and_a_later_export_adds_only_new_answers(
    tmp_path: Path, store_place: str
) -> None:
    from cxplan import api

    plan = plan_file(tmp_path)
    rows = truths(seed=11, n=80)
    first = qualtrics(rows[:50], tmp_path)
    report = api.survey_import([first], plan, measure="nps", db=store_place)
    n = len(report.surveys[0].responses)
    assert report.saved[0].added == n and stored(store_place) == (n, 1)
    assert f"Stored {n:,} new responses." in report.lines()
    again = api.survey_import([first], plan, measure="nps", db=store_place)
    assert again.saved[0].duplicate and stored(store_place) == (n, 1)
    # The next month's export holds every response again, and 30 more.
    later = qualtrics(rows, _sub(tmp_path))
    grown = api.survey_import([later], plan, measure="nps", db=store_place)
    total = len(grown.surveys[0].responses)
    assert (grown.saved[0].added, grown.saved[0].known) == (total - n, n)
    assert stored(store_place) == (total, 2)
    assert api.survey_import([later], plan, measure="nps", db=store_place).saved[0].duplicate


def _sub(tmp: Path) -> Path:
    folder = tmp / "later"
    folder.mkdir(exist_ok=True)
    return folder


def test_a_failed_import_stores_nothing(tmp_path: Path, store_place: str) -> None:
    from cxplan import api

    plan = plan_file(tmp_path)
    good = qualtrics(truths(seed=1, n=10), tmp_path)
    api.survey_import([good], plan, measure="nps", db=store_place)
    bad = write_csv(
        tmp_path / "bad.csv", [["Date", QUESTION], ["2026-11-01", "9"], ["2026-11-02", "ten"]]
    )
    before = stored(store_place)
    with pytest.raises(InputError, match=r"bad\.csv:3"):
        api.survey_import([bad], plan, measure="nps", db=store_place)
    with pytest.raises(InputError, match="there is no column 'Nope'"):
        api.survey_import([bad], plan, measure="nps", db=store_place, columns={"score": "Nope"})
    assert stored(store_place) == before


def test_customer_report_followups_and_actions_agree_with_an_independent_count(
    tmp_path: Path, store_place: str
) -> None:
    from cxplan import api
    from cxplan.results.customers import feedback_actions
    from cxplan.results.store import open_store

    plan = plan_file(tmp_path)
    header = ["Response ID", "Submitted at", "Touchpoint", "Store", QUESTION, "Comments"]
    rnd = random.Random(5)
    rows: list[list[Any]] = []
    for i in range(400):
        day = dt.date(2026, 9 + i % 3, 1 + i % 28)
        rows.append(
            [
                f"r{i}",
                day.isoformat(),
                rnd.choice(["Book online", "treatment"]),
                rnd.choice(["Quay Street", "Northside"]),
                rnd.randrange(11),
                rnd.choice(["", "slow", "kind staff"]),
            ]
        )
    path = write_csv(tmp_path / "plain.csv", [header, *rows])
    api.survey_import([path], plan, measure="nps", db=store_place)
    report = api.customer_report(plan, db=store_place).as_json()
    nps = report["customers"][0]
    assert nps["measure"] == "nps" and nps["period"] == "2026-11"
    november = [r for r in rows if r[1].startswith("2026-11")]
    p = sum(r[4] >= 9 for r in november) / len(november)
    d = sum(r[4] <= 6 for r in november) / len(november)
    assert nps["latest"]["n"] == len(november)
    assert nps["latest"]["value"] == round(100 * (p - d), 1)
    assert nps["latest"]["margin"] == round(
        196 * math.sqrt((p + d - (p - d) ** 2) / len(november)), 1
    )
    assert [t["period"] for t in nps["trend"]] == ["2026-09", "2026-10", "2026-11"]
    treatment = [r for r in november if r[2] == "treatment"]
    assert nps["by_touchpoint"]["treatment"]["n"] == len(treatment)
    assert nps["baseline"] == 41 and nps["target"] == 70
    text = "\n".join(api.customer_report(plan, db=store_place).lines())
    assert "Net Promoter" not in text and "nps, 2026-11: NPS" in text and "target 70" in text
    # The unhappy ones, newest first, each with its response id.
    found = api.results_followups(plan, db=store_place).as_json()["followups"]
    assert len(found) == sum(r[4] <= 6 for r in rows)
    days = [f["day"] for f in found]
    assert days == sorted(days, reverse=True)
    assert {f["response"] for f in found} == {f"generic:{r[0]}" for r in rows if r[4] <= 6}
    with open_store(store_place) as store:
        label, proposed = feedback_actions(store, make_plan())
    assert label == "2026-11"
    latest = nps["latest"]
    if latest["value"] + latest["margin"] < 70:  # below target by more than the margin
        assert [a.entry()["source"] for a in proposed] == ["feedback"]
        assert proposed[0].touchpoint in ("book-online", "treatment")
        assert proposed[0].due == dt.date(2026, 11, 30) + dt.timedelta(days=30)
        done = api.results_actions(plan, db=store_place, apply=True)
        assert [a.id for a in done.proposed] == ["feedback-nps"]
        assert "feedback-nps" in plan.read_text(encoding="utf-8")
        again = api.results_actions(plan, db=store_place, apply=True)
        assert again.proposed == []  # one open action is enough
    else:
        assert proposed == []


def test_the_command_line_imports_reports_and_lists_followups(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cxplan.cli import cli

    plan = plan_file(tmp_path)
    path = write_xlsx(
        tmp_path / "forms.xlsx",
        [
            [
                "ID",
                "Start time",
                "Completion time",
                "Email",
                "Name",
                "Site",
                "How satisfied were you with your visit?",
                "Why?",
            ],
            *[
                [
                    i,
                    dt.datetime(2026, 11, i, 9),
                    dt.datetime(2026, 11, i, 9, 5),
                    "anonymous",
                    "",
                    "Northside",
                    ["Very satisfied", "Dissatisfied"][i % 2],
                    f"@cmd {i}",
                ]
                for i in range(1, 11)
            ],
        ],
    )
    runner = CliRunner()
    run = runner.invoke(
        cli, ["results", "import", str(path), "--plan", str(plan), "--measure", "csat-visit"]
    )
    assert run.exit_code == 0, run.output
    assert "Microsoft Forms export" in run.output and "Stored 10 new responses." in run.output
    assert "site" not in run.output or "location: column 'Site'" in run.output
    run = runner.invoke(cli, ["results", "report", str(plan), "--json"])
    assert run.exit_code == 0, run.output
    import json

    csat = next(c for c in json.loads(run.output)["customers"] if c["measure"] == "csat-visit")
    assert (csat["latest"]["value"], csat["latest"]["n"]) == (50.0, 10)
    assert csat["by_location"]["northside"]["low_confidence"] is True
    run = runner.invoke(cli, ["results", "followups", str(plan)])
    assert run.exit_code == 0
    lines = run.output.splitlines()
    assert len(lines) == 5 and lines[0].startswith("2026-11-09  csat-visit 2")
    assert '"@cmd 9"' in lines[0] and "msforms:9|" in lines[0]
    run = runner.invoke(
        cli,
        [
            "results",
            "import",
            str(path),
            "--plan",
            str(plan),
            "--measure",
            "csat-visit",
            "--column",
            "Nope",
        ],
    )
    assert run.exit_code == 1 and "Traceback" not in run.output
    assert "there is no column 'Nope'" in run.output


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.sampled_from(feedback.PERIODS))
def test_a_period_holds_its_days(day: dt.date, every: str) -> None:
    from cxplan.results.customers import _bounds

    first, last = _bounds(feedback.period(day, every), every)
    assert first <= day <= last
    assert feedback.period(first, every) == feedback.period(last, every)
    assert feedback.period(first - dt.timedelta(days=1), every) != feedback.period(day, every)
    assert feedback.period(last + dt.timedelta(days=1), every) != feedback.period(day, every)


def test_the_plan_shows_each_measures_latest_result_with_n(tmp_path: Path) -> None:
    import docx

    from cxplan import api
    from helpers import pdf_text, squeeze

    plan = plan_file(tmp_path)
    rows = [["Response ID", "Date", QUESTION]] + [
        [f"r{i}", f"2026-10-{1 + i % 28:02d}", 10 if i % 4 else 3] for i in range(40)
    ]
    api.survey_import([write_csv(tmp_path / "s.csv", rows)], plan, measure="nps")
    built = api.build_plan(
        plan, api.build_options(out_dir=tmp_path / "out", formats=["docx", "pdf"])
    )
    # 30 promoters, 10 detractors: NPS 50, margin 1.96 * sqrt((0.75 + 0.25 - 0.25) / 40).
    margin = 196 * math.sqrt(0.75 / 40)
    want = f"50 ±{margin:.0f} (n=40, 2026-10)"
    word = next(p for p in built.files if p.suffix == ".docx")
    cells = [c.text for t in docx.Document(str(word)).tables for r in t.rows for c in r.cells]
    assert "Latest" in cells and want in cells
    assert any(c.endswith(f"latest {want}") for c in cells)
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    assert squeeze(want) in squeeze(pdf_text(pdf))


@pytest.mark.parametrize("layout", ["qualtrics", "surveymonkey", "typeform", "limesurvey"])
def test_the_same_layouts_as_xlsx_read_the_same(layout: str, tmp_path: Path) -> None:
    write, title = LAYOUTS[layout]
    rows = truths(seed=21)
    path = write(rows, tmp_path)
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = "\t" if layout == "limesurvey" else ","
    cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    book = write_xlsx(tmp_path / f"{layout}.xlsx", [[c or None for c in r] for r in cells])
    from_csv = read_survey(path, make_plan(), "nps")
    from_xlsx = read_survey(book, make_plan(), "nps")
    assert from_xlsx.layout.title == title
    assert sorted(from_xlsx.responses) == sorted(from_csv.responses)


def test_a_renamed_measure_keeps_its_answers_and_scale(tmp_path: Path, store_place: str) -> None:
    from cxplan import api
    from cxplan.results.customers import scale_of
    from cxplan.results.store import open_store

    plan = plan_file(tmp_path)
    path = write_csv(
        tmp_path / "s.csv",
        [["Date", "How satisfied were you with your visit?"]]
        + [["2026-11-01", str(v)] for v in (1, 4, 6, 7, 7)],
    )
    api.survey_import([path], plan, measure="csat-visit", db=store_place)
    with open_store(store_place) as store:
        assert store.rename("measure", "csat-visit", "csat") == 5
        assert scale_of(store, "csat") == (1, 7)
        assert store.meta("scale:csat-visit") is None


@pytest.mark.parametrize(
    ("first", "started", "ended"),
    [
        ("#", "Start Date (UTC)", "Submit Date (UTC)"),  # Typeform
        ("ID", "Start time", "Completion time"),  # Microsoft Forms
        ("Response ID", "Start date", "Submission date"),  # any table with a heading row
    ],
)
def test_the_day_is_when_the_customer_submitted_not_when_they_started(
    first: str, started: str, ended: str, tmp_path: Path
) -> None:
    # Begun before midnight at the month's end, submitted after: the day is November's.
    rows: list[list[Any]] = [[first, started, ended, QUESTION]]
    rows += [[f"r{i}", "2026-10-31 23:50:00", "2026-11-01 00:10:00", "9"] for i in range(3)]
    survey = read_survey(write_csv(tmp_path / "s.csv", rows), make_plan(), "nps")
    assert survey.used["date"] == ended
    assert {r.day for r in survey.responses} == {dt.date(2026, 11, 1)}


def test_counts_of_what_was_left_out_are_told_in_the_singular_and_in_the_plans_language(
    tmp_path: Path,
) -> None:
    rows = [
        Truth("R1", dt.date(2026, 11, 2), 9, "Quay Street", ""),
        Truth("R2", dt.date(2026, 11, 3), 3, "Northside", "", counted=False),
        Truth("R3", dt.date(2026, 11, 4), None, "Northside", ""),
    ]
    survey = read_survey(typeform(rows, tmp_path), make_plan(), "nps")
    english = survey.summary(language("en"))
    assert any(line.endswith("; 1 answer to measure 'nps'") for line in english)
    assert "  left out: 1 unfinished response" in english
    assert "  left out: 1 response with no answer to this question" in english
    german = "\n".join(survey.summary(language("de")))
    assert "1 unvollständige Antwort" in german and "unfinished" not in german


def test_a_misspelt_site_is_offered_as_the_plan_spells_it(tmp_path: Path) -> None:
    plan = make_plan().model_copy(deep=True)
    plan.client.locations.append("Bonn-Mitte")
    path = write_csv(
        tmp_path / "s.csv", [["Date", "Location", QUESTION], ["2026-11-02", "Bonn Mite", "9"]]
    )
    with pytest.raises(InputError) as refused:
        read_survey(path, plan, "nps")
    line = refused.value.lines()[0]
    assert f"{tmp_path / 's.csv'}:2" in line
    assert "did you mean 'Bonn-Mitte'?" in line
