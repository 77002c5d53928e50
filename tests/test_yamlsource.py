"""The fast loader reads YAML exactly as ruamel.yaml (YAML 1.2) does, with exact line numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML, resolver
from yaml.nodes import MappingNode, Node, ScalarNode

from cxplan.yamlio.edit import _end_line
from cxplan.yamlio.source import IMPLICIT_RULES, YamlSyntaxError, parse
from cxplan.yamlio.style import dump
from helpers import HOSTILE


def _ruamel(text: str) -> object:
    return YAML(typ="rt").load(text)


def test_rules_match_ruamel_yaml_1_2() -> None:
    theirs = {}
    for versions, tag, regexp, first in resolver.implicit_resolvers:
        if (1, 2) in versions and tag.rsplit(":", 1)[1] in (
            "bool",
            "float",
            "int",
            "null",
            "timestamp",
        ):
            theirs[tag] = (re.sub(r"\s", "", regexp.pattern), "".join(sorted(first)))
    ours = {
        tag: (re.sub(r"\s", "", pattern), "".join(sorted(first)))
        for tag, pattern, first in IMPLICIT_RULES
    }
    # ruamel lists '' as a first character of null; we register the empty match separately
    theirs["tag:yaml.org,2002:null"] = (theirs["tag:yaml.org,2002:null"][0], "Nn~")
    assert ours == theirs


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0777", 777),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", 1000),
        ("+12", 12),
        ("1.5e3", 1500.0),
        (".5", 0.5),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("True", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2026-11-22", dt.date(2026, 11, 22)),
        ("'2026-11-22'", "2026-11-22"),
        ('"12"', "12"),
        ("12:30", "12:30"),
        ("=", "="),
    ],
)
def test_scalars_typed_as_yaml_1_2(text: str, value: object) -> None:
    assert parse(f"a: {text}\n").data == {"a": value}


def test_datetime_with_offset() -> None:
    data = parse("a: 2026-11-22 10:00:00 +02:00\n").data
    assert data["a"] == dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(10**18) + 1, 10**18 - 1)  # bigger ones are refused
        | st.floats(allow_nan=False)
        | st.dates()
        | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.text(min_size=1, max_size=8).filter(str.isidentifier), children, max_size=4
            )
        ),
        max_leaves=12,
    )
)
def test_reads_what_ruamel_writes(value: object) -> None:
    text = dump({"value": value})
    assert parse(text).data == {"value": value}
    kept = parse(text, outline=True)  # the editor's path gives the very same values
    assert kept.data == {"value": value}
    assert kept.outline is not None and kept.root is not None
    _cuts_alike(kept.outline, kept.root)


def _cuts_alike(outline: Node, full: Node, in_list: bool = False) -> None:
    """The outline says what the full node tree says wherever the editor looks."""
    assert outline.__class__ is full.__class__
    assert outline.start_mark.line == full.start_mark.line
    assert outline.start_mark.column == full.start_mark.column
    assert _end_line(outline) == _end_line(full)
    if in_list:
        return  # a list item's inside is not kept: only its first and last line
    if isinstance(full, ScalarNode):
        assert (outline.value, outline.style) == (full.value, full.style)
        return
    assert outline.flow_style == full.flow_style
    assert len(outline.value) == len(full.value)
    for mine, theirs in zip(outline.value, full.value, strict=True):
        if isinstance(full, MappingNode):
            _cuts_alike(mine[0], theirs[0])
            _cuts_alike(mine[1], theirs[1])
        else:
            _cuts_alike(mine, theirs, in_list=True)


def test_outline_of_a_plan_cuts_like_the_node_tree() -> None:
    text = HOSTILE.read_text(encoding="utf-8")
    kept = parse(text, outline=True)
    assert kept.outline is not None and kept.root is not None
    _cuts_alike(kept.outline, kept.root)
    # A list item is one node, without the item's insides.
    touchpoints = next(v for k, v in kept.outline.value if k.value == "touchpoints")
    assert all(isinstance(item, MappingNode) and not item.value for item in touchpoints.value)


@pytest.mark.parametrize(
    ("text", "fancy"),
    [
        ("a: 1\nb: [x]\n", False),
        ("a: &x 1\nb: *x\n", True),
        ("a: !custom 1\n", None),
        ("a: |+\n  text\n\n\nb: 1\n", True),
        ("a: |\n  text\nb: 1\n", False),
    ],
)
def test_both_paths_flag_what_an_editor_must_not_cut(text: str, fancy: bool | None) -> None:
    if fancy is None:
        for keep in (False, True):
            with pytest.raises(YamlSyntaxError):
                parse(text, outline=keep)
        return
    assert parse(text).fancy is fancy
    assert parse(text, outline=True).fancy is fancy


def test_line_of_paths() -> None:
    source = parse("a: 1\nb:\n  - x: 1\n    y: 2\n  - x: 3\nc: {d: 4}\n")
    assert source.line_of(("a",)) == 1
    assert source.line_of(("b", 1, "x")) == 5
    assert source.line_of(("b", 0, "y")) == 4
    assert source.line_of(("c", "d")) == 6
    assert source.line_of(("b", 7, "x")) == 2  # missing: the nearest parent
    assert source.line_of(("nope",)) == 1


def test_line_numbers_count_unicode_line_separators_like_libyaml() -> None:
    source = parse('a: "x\u2028y"\nb: 1\n')
    assert source.data == {"a": "x\u2028y", "b": 1}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a:\n\tb: 1\n",
            2,
            "a tab character is used for indentation; YAML allows only spaces there",
        ),
        (
            'a: "open\nb: 2\n',
            1,
            "the quoted text that starts on line 1 is never closed; add the closing quote",
        ),
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (first used on line 1)"),
        (
            "a: 1\n---\nb: 2\n",
            2,
            "the file holds more than one YAML document ('---'); a plan is one document",
        ),
        ("a:\n  - x\n - y\n", 3, "the indentation does not line up with the lines above"),
        (
            "a: b: c\n",
            1,
            "unexpected ':' here; put text containing ': ' in quotes, or check the indentation",
        ),
        (
            "a: !!binary aGVsbG8=\n",
            1,
            "unsupported YAML tag 'tag:yaml.org,2002:binary'; write the value as plain text",
        ),
        (
            "a: 1\nb: \x07\n",
            2,
            "the file holds the control character U+0007, which YAML does not allow; delete it "
            "(or write it as an escape inside double quotes)",
        ),
    ],
)
def test_syntax_errors_are_explained(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse(text)
    assert (info.value.line, info.value.message) == (line, message)
