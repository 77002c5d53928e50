"""One mistake, one message: a typed answer, an answers file and the plan file say the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxplan.errors import InputError
from cxplan.interview.asker import DefaultsAsker
from cxplan.interview.fields import Field, near, parse, resolve, show
from cxplan.interview.run import run_workshop
from cxplan.plan import codecs
from cxplan.plan.codecs import ValueProblem
from cxplan.plan.load import load

STAGE = Field("stage", "When?", codecs.STAGE)
TOUCHPOINTS = {"desk": "desk", "1": "desk", "desk help": "desk", "web": "web", "2": "web"}


def _message(run: Any) -> str:
    with pytest.raises((ValueProblem, InputError)) as caught:
        run()
    err = caught.value
    if isinstance(err, ValueProblem):
        return err.message
    return str(err.problems[0].message)


def test_durring_gets_one_message_through_every_door(write_plan: Any, tmp_path: Path) -> None:
    typed = _message(lambda: parse(STAGE, "durring", {}, typed=True))
    plan = write_plan("cxplan: 1\nclient:\n  name: A\ntouchpoints:\n  - {id: d, stage: durring}\n")
    in_plan = _message(lambda: load(plan))
    clean = write_plan("cxplan: 1\nclient:\n  name: A\n", name="clean.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text("touchpoints:\n  - {name: Desk, stage: durring}\n", "utf-8")
    in_answers = _message(lambda: run_workshop(clean, DefaultsAsker(), answers=answers))
    expected = (
        "the text 'durring' is not allowed here; use one of: before, during, after; "
        "did you mean 'during'?"
    )
    assert typed == in_plan == in_answers == expected


def test_typed_answers_take_numbers_starts_and_the_plans_words() -> None:
    assert parse(STAGE, "2", {}, typed=True) == "during"
    assert parse(STAGE, "aft", {}, typed=True) == "after"
    assert parse(Field("m", "", codecs.FLAG), "ja", {}, typed=True) is True
    assert parse(Field("b", "", codecs.NUMBER), "72,5", {}, typed=True) == 72.5
    assert parse(Field("b", "", codecs.NUMBER), "41", {}, typed=True) == 41  # not 41.0
    refs = Field("t", "", codecs.TOUCHPOINT_IDS, refs="touchpoints")
    assert parse(refs, "2; Desk help", TOUCHPOINTS, typed=True) == ["web", "desk"]
    assert parse(refs, "ALL", TOUCHPOINTS, typed=True) == ["desk", "web"]
    one = Field("t", "", codecs.REF, refs="touchpoints")
    assert parse(one, "web", TOUCHPOINTS, typed=True) == "web"
    with pytest.raises(ValueProblem, match="give one touchpoint"):
        resolve(one, "1; 2", TOUCHPOINTS)
    with pytest.raises(ValueProblem, match="there is no touchpoint 'dsk'; did you mean 'desk'"):
        resolve(refs, "dsk", TOUCHPOINTS)
    # all is only for the lists that take it
    with pytest.raises(ValueProblem, match="there is no customer segment 'all'"):
        resolve(Field("c", "", codecs.IDS, refs="customers"), "all", {"a": "a"})


def test_show_gives_what_parse_reads_back() -> None:
    for spec, value in [
        (STAGE, "before"),
        (Field("d", "", codecs.DATE), "2027-01-31"),
        (Field("w", "", codecs.WORDS), ["a", "b"]),
        (Field("f", "", codecs.FLAG), True),
        (Field("n", "", codecs.NUMBER), 72.5),
    ]:
        assert str(parse(spec, show(spec, value), {}, typed=True)) == str(value)


def test_a_near_role_is_caught_but_a_new_one_is_not() -> None:
    roles = ["Reception", "Practice manager"]
    assert near("reception", roles) == "Reception"
    assert near("Practise manager", roles) == "Practice manager"
    assert near("Reception", roles) is None
    assert near("Hygienist", roles) is None
