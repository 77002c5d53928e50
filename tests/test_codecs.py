"""Each value kind's codec: what every door (plan file, answers file, prompt, cell) reads,
what it refuses and with which words, and that what it shows reads back the same."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxplan.plan import codecs as c
from cxplan.plan.vocab import ActionSource, ActionStatus, MeasureKind, Stage

# (codec, raw value from a file or a cell, the field's value)
READS: list[tuple[c.Codec, Any, Any]] = [
    (c.TEXT, "Greet every guest", "Greet every guest"),
    (c.TEXT, "  ", None),
    (c.TEXT, 2028, "2028"),
    (c.TEXT, 2.5, "2.5"),
    (c.TEXT, dt.date(2026, 1, 2), "2026-01-02"),
    (c.WORDS, ["a", "b"], ["a", "b"]),
    (c.WORDS, "one\ntwo", ["one", "two"]),
    (c.WORDS, None, []),
    (c.IDENT, "find-us", "find-us"),
    (c.IDENT, 5, "5"),
    (c.IDS, "tp-1, tp-2", ["tp-1", "tp-2"]),
    (c.IDS, "a; b", ["a", "b"]),
    (c.IDS, "", []),
    (c.TOUCHPOINT_IDS, "all", ["all"]),
    (c.FLAG, "yes", True),
    (c.FLAG, "Ja", True),
    (c.FLAG, "non", False),
    (c.FLAG, None, False),
    (c.FLAG, True, True),
    (c.RATING, "3", 3),
    (c.RATING, 5, 5),
    (c.NUMBER, "72.5%", 72.5),
    (c.NUMBER, "1,5", 1.5),
    (c.NUMBER, 41, 41.0),
    (c.WEIGHT, "2.5", 2.5),
    (c.DATE, "2026-12-02", dt.date(2026, 12, 2)),
    (c.DATE, dt.datetime(2026, 1, 2, 10), dt.date(2026, 1, 2)),
    (c.STAGE, "During ", Stage.DURING),
    (c.KIND, "NPS", MeasureKind.NPS),
    (c.SOURCE, "staff idea", ActionSource.STAFF_IDEA),
    (c.STATUS, "", ActionStatus.OPEN),
    (c.STATUS, "in progress", ActionStatus.IN_PROGRESS),
]


@pytest.mark.parametrize(("codec", "raw", "value"), READS, ids=lambda v: repr(v)[:30])
def test_each_codec_reads_what_a_file_or_cell_holds(codec: c.Codec, raw: Any, value: Any) -> None:
    assert codec.parse(raw) == value


# (codec, raw value, the words the message must hold)
REFUSALS: list[tuple[c.Codec, Any, str]] = [
    (
        c.STAGE,
        "durring",
        "the text 'durring' is not allowed here; use one of: before, during, "
        "after; did you mean 'during'?",
    ),
    (c.KIND, "kpi", "use one of: nps, csat, ces, compliance, custom"),
    (c.STATUS, "finished", "use one of: open, in progress, done"),
    (c.TEXT, True, "expected text, got true/false (true)"),
    (c.TEXT, ["a"], "expected text, got a list"),
    (c.WORDS, 5, "expected a list, got the number 5"),
    (
        c.IDENT,
        "Find-Us",
        "is not a valid id: use lowercase letters, digits and '-' (e.g. 'find-us')",
    ),
    (c.IDS, "tp-1, Tp 2", "'Tp 2' is not a valid id"),
    (c.FLAG, "maybe", "the text 'maybe' is not yes or no; answer yes or no"),
    (c.FLAG, 5, "the number 5 is not yes or no"),
    (c.RATING, "7", "is not a rating; give a whole number from 1 to 5"),
    (c.RATING, "2.5", "is not a rating"),
    (c.RATING, True, "true/false (true) is not a rating"),
    (c.NUMBER, "lots", "the text 'lots' is not a number; write it like 41 or 72.5"),
    (c.NUMBER, float("nan"), "not a finite number"),
    (c.NUMBER, 1e13, "too large"),
    (c.WEIGHT, "0", "is not a weight; give a number above 0"),
    (c.DATE, "tomorrow", "the text 'tomorrow' is not a date; write it as 2027-01-31"),
    (c.DATE, "1899-01-01", "out of range; give a date from 1900 to 2100"),
]


@pytest.mark.parametrize(("codec", "raw", "words"), REFUSALS, ids=lambda v: repr(v)[:30])
def test_each_codec_says_what_would_fit(codec: c.Codec, raw: Any, words: str) -> None:
    with pytest.raises(c.ValueProblem) as refused:
        codec.parse(raw)
    assert words in refused.value.message
    # a typed answer gets the same words as a file or a cell does
    if isinstance(raw, str):
        with pytest.raises(c.ValueProblem) as typed:
            codec.parse_typed(raw)
        assert typed.value.message == refused.value.message


def test_a_closed_list_takes_its_number_or_a_unique_start_when_typed() -> None:
    assert c.STAGE.parse_typed("2") is Stage.DURING
    assert c.SOURCE.parse_typed("staff") is ActionSource.STAFF_IDEA
    assert c.STATUS.parse_typed("in") is ActionStatus.IN_PROGRESS
    # ...but not in a file, where "2" is more likely a mistake than a menu choice
    with pytest.raises(c.ValueProblem):
        c.STAGE.parse("2")
    with pytest.raises(c.ValueProblem):
        c.STAGE.parse_typed("4")


def test_a_pydantic_field_gets_the_codecs_message() -> None:
    from pydantic_core import PydanticCustomError

    with pytest.raises(PydanticCustomError) as refused:
        c.STAGE.validate("durring")
    assert "did you mean 'during'?" in str(refused.value)


_words = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() and ";" not in s and "\n" not in s)
_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)

SHOWN: list[tuple[c.Codec, st.SearchStrategy[Any]]] = [
    (c.TEXT, _words.map(str.strip)),
    (c.WORDS, st.lists(_words.map(str.strip), min_size=1, max_size=5)),
    (c.IDENT, _ids),
    (c.IDS, st.lists(_ids, min_size=1, max_size=5, unique=True)),
    (c.FLAG, st.booleans()),
    (c.RATING, st.integers(1, 5)),
    (c.NUMBER, st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3))),
    (c.DATE, st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
    (c.STAGE, st.sampled_from(list(Stage))),
    (c.KIND, st.sampled_from(list(MeasureKind))),
    (c.STATUS, st.sampled_from(list(ActionStatus))),
]


def test_an_item_that_starts_like_a_bullet_keeps_it_through_a_cell() -> None:
    items = ["* 0", "- tea", "• b", "-5 degrees", "plain"]
    assert c.WORDS.parse(c.WORDS.cell(items)) == items
    assert c.WORDS.parse("• one\n- two") == ["one", "two"]  # bullets typed in are dropped


@pytest.mark.parametrize(("codec", "values"), SHOWN, ids=lambda v: getattr(v, "kind", ""))
def test_what_a_prompt_shows_and_a_cell_holds_reads_back(
    codec: c.Codec, values: st.SearchStrategy[Any]
) -> None:
    @given(values)
    def round_trip(value: Any) -> None:
        assert codec.parse_typed(codec.show(value)) == value
        assert codec.parse(codec.cell(value)) == value

    round_trip()
