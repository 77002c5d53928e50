"""The chunked editor: edits land exactly, the text always means the data, comments survive."""

from __future__ import annotations

import copy
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxplan.yamlio import edit as yamledit
from cxplan.yamlio.edit import YamlDocument
from cxplan.yamlio.source import parse
from cxplan.yamlio.style import fits_inline

# --------------------------------------------------------------------------- documents

WORDS = st.text(
    alphabet=st.sampled_from([*list("abcdefghij ÅéΩж-:#'\"&*!%@,[]{}|>"), "😀", "\t"]),
    min_size=0,
    max_size=12,
)
SCALARS = st.one_of(WORDS, st.integers(-5, 5000), st.booleans(), st.none())
KEYS = st.sampled_from(["id", "name", "stage", "owner", "rating", "note", "tags"])


@st.composite
def items(draw: Any) -> dict[str, Any]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    out: dict[str, Any] = {}
    for k in keys:
        out[k] = draw(st.lists(WORDS, max_size=3)) if k == "tags" else draw(SCALARS)
    return out


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"version": 1}
    for i in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["scalar", "words", "items", "section"]))
        key = f"k{i}"
        if kind == "scalar":
            out[key] = draw(SCALARS)
        elif kind == "words":
            out[key] = draw(st.lists(WORDS, max_size=4))
        elif kind == "items":
            out[key] = draw(st.lists(items(), min_size=0, max_size=6))
        else:
            out[key] = {
                "title": draw(SCALARS),
                "list": draw(st.lists(items(), max_size=4)),
            }
    return out


class Writer:
    """Writes a document by hand, in a given indentation style, with numbered comments."""

    def __init__(self, mapping: int, offset: int, draw: Any) -> None:
        self.mapping = mapping
        self.offset = offset
        self.draw = draw
        self.lines: list[str] = []
        self.count = 0

    def comment(self, column: int) -> None:
        if self.draw(st.integers(0, 3)) == 0:
            self.count += 1
            col = max(0, column + self.draw(st.integers(-2, 2)))
            self.lines.append(" " * col + f"# c{self.count}")
        if self.draw(st.integers(0, 5)) == 0:
            self.lines.append("")

    def eol(self) -> str:
        if self.draw(st.integers(0, 4)) == 0:
            self.count += 1
            return f"  # c{self.count}"
        return ""

    def scalar(self, value: Any) -> str:
        from ruamel.yaml.comments import CommentedSeq

        from cxplan.yamlio.style import dump

        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        return dump({"x": value}).split(":", 1)[1].strip()

    def mapping_body(self, value: dict[str, Any], column: int) -> None:
        for k, v in value.items():
            self.comment(column)
            self.entry(k, v, column)

    def entry(self, key: str, value: Any, column: int) -> None:
        pad = " " * column
        if isinstance(value, dict) and value:
            self.lines.append(f"{pad}{key}:{self.eol()}")
            self.mapping_body(value, column + self.mapping)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            self.lines.append(f"{pad}{key}:{self.eol()}")
            dash = column + self.offset
            for item in value:
                self.comment(dash)
                first = True
                for k, v in item.items():
                    lead = " " * dash + "- " if first else " " * (dash + 2)
                    if isinstance(v, list) and not fits_inline(v):
                        self.lines.append(f"{lead}{k}:{self.eol()}")
                        for word in v:
                            self.lines.append(" " * (dash + 4) + f"- {self.scalar(word)}")
                    else:
                        self.lines.append(f"{lead}{k}: {self.scalar(v)}{self.eol()}")
                    first = False
        elif (
            isinstance(value, list)
            and value
            and (self.draw(st.booleans()) or not fits_inline(value))
        ):
            self.lines.append(f"{pad}{key}:{self.eol()}")
            for v in value:
                self.lines.append(" " * (column + self.offset) + f"- {self.scalar(v)}{self.eol()}")
        else:
            self.lines.append(f"{pad}{key}: {self.scalar(value)}{self.eol()}")


@st.composite
def written(draw: Any) -> tuple[str, dict[str, Any]]:
    data = draw(documents())
    writer = Writer(draw(st.sampled_from([2, 4])), draw(st.sampled_from([0, 2])), draw)
    writer.lines.append("# header")
    writer.mapping_body(data, 0)
    writer.comment(0)
    text = "\n".join(writer.lines) + "\n"
    return text, data


def comments(text: str) -> set[str]:
    return set(re.findall(r"# (c\d+|header)\b", text))


# --------------------------------------------------------------------------- operations


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*path, i))
    return out


def lists(value: Any) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for p in paths(value):
        node = value
        for part in p:
            node = node[part]
        if isinstance(node, list):
            found.append(p)
    return found


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Cut even small test documents into chunks, so every chunking path is exercised.
    monkeypatch.setattr(yamledit, "SPLIT_LINES", 2)


@settings(
    max_examples=int(os.environ.get("CXPLAN_EDIT_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(written(), st.data())
def test_random_edits_keep_text_and_data_in_step(
    doc_and_data: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    text, expected = doc_and_data
    assert parse(text).data == expected  # the writer above writes what it means
    doc = YamlDocument(text)
    assert doc.text() == text
    model = copy.deepcopy(expected)
    keep_comments = True
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["set", "set-new", "delete", "insert", "move"]))
        if op == "set":
            settable = [p for p in paths(model) if p]
            if not settable:
                continue
            path = data.draw(st.sampled_from(settable))
            value = data.draw(SCALARS | st.lists(WORDS, max_size=3) | items())
            if isinstance(get(model, path), (dict, list)):
                keep_comments = False
            doc.set(path, value)
            get(model, path[:-1])[path[-1]] = copy.deepcopy(value)
        elif op == "set-new":
            mappings = [p for p in paths(model) if isinstance(get(model, p), dict)]
            path = data.draw(st.sampled_from(mappings))
            key = data.draw(st.sampled_from(["new", "name", "zz", "aa"]))
            value = data.draw(SCALARS | items())
            if key in get(model, path) and isinstance(get(model, path)[key], (dict, list)):
                keep_comments = False
            doc.set((*path, key), value)
            get(model, path)[key] = copy.deepcopy(value)
        elif op == "delete":
            candidates = [p for p in paths(model) if len(p) > 1 or (p and p[0] != "version")]
            if not candidates:
                continue
            path = data.draw(st.sampled_from(candidates))
            doc.delete(path)
            del get(model, path[:-1])[path[-1]]
            keep_comments = False
        elif op == "insert":
            found = lists(model)
            if not found:
                continue
            path = data.draw(st.sampled_from(found))
            index = data.draw(st.integers(0, len(get(model, path))))
            value = data.draw(items() | WORDS)
            doc.insert(path, index, value)
            get(model, path).insert(index, copy.deepcopy(value))
        else:
            found = [p for p in lists(model) if len(get(model, p)) > 1]
            if not found:
                continue
            path = data.draw(st.sampled_from(found))
            size = len(get(model, path))
            source = data.draw(st.integers(0, size - 1))
            target = data.draw(st.integers(0, size - 1))
            doc.move(path, source, target)
            lst = get(model, path)
            lst.insert(target, lst.pop(source))
        assert doc.data == model
        result = doc.text()
        assert parse(result).data == model, result
        if keep_comments:
            assert comments(text) <= comments(result)


@pytest.mark.parametrize("value", [":>", "?0", ":", ": x", "?"])
def test_a_word_led_by_a_yaml_indicator_reads_back_in_a_flow_list(value: str) -> None:
    # ruamel wrote `[:>]` plain, which libyaml refuses (found by the property above).
    doc = YamlDocument("k1: [a]  # c8\nk2: ''\n")
    doc.set(("k1", 0), value)
    doc.set(("k2",), value)
    assert parse(doc.text()).data == {"k1": [value], "k2": value}
    assert "# c8" in doc.text()


def test_untouched_document_is_byte_identical() -> None:
    text = "# head\ncxplan: 1   # v\nlist:\n- a: 1\n  # inner\n- a: 2\n\n# end\n"
    doc = YamlDocument(text)
    doc.set(("cxplan",), 1)  # same value: no edit at all
    assert doc.text() == text


def test_edit_changes_only_its_line() -> None:
    text = "a: 1\nitems:\n  - id: x  # keep me\n    v: 1\n  - id: y\n    v: 2\nz: 3\n"
    doc = YamlDocument(text)
    doc.set(("items", 1, "v"), 5)
    assert doc.text() == text.replace("v: 2", "v: 5")


def test_appending_keeps_the_next_sections_comment_in_place() -> None:
    text = "items:\n  - id: x\n  - id: y\n\n# Section two\nother: 1\n"
    doc = YamlDocument(text)
    doc.append(("items",), {"id": "z"})
    assert doc.text() == "items:\n  - id: x\n  - id: y\n  - id: z\n\n# Section two\nother: 1\n"


def test_new_key_goes_in_contract_order() -> None:
    text = "cxplan: 1\nclient:\n  name: A\ntouchpoints: []\n"
    doc = YamlDocument(text, order=lambda p: ["cxplan", "client", "vision", "touchpoints"])
    doc.set(("vision", "statement"), "Be the best")
    assert doc.text() == (
        "cxplan: 1\nclient:\n  name: A\nvision:\n  statement: Be the best\ntouchpoints: []\n"
    )


def test_deleting_last_item_leaves_an_empty_list() -> None:
    text = "items:\n  - id: x\n" + "".join(f"  # pad {i}\n" for i in range(30)) + "z: 1\n"
    doc = YamlDocument(text)
    doc.delete(("items", 0))
    assert parse(doc.text()).data == {"items": [], "z": 1}


def test_setting_into_a_null_section_creates_it() -> None:
    doc = YamlDocument("cxplan: 1\nvision:\n")
    doc.set(("vision", "statement"), "Hi")
    assert doc.text() == "cxplan: 1\nvision:\n  statement: Hi\n"


def test_documents_with_anchors_are_edited_as_one_chunk() -> None:
    text = "base: &b {x: 1}\nother: *b\nitems:\n  - 1\n  - 2\n"
    doc = YamlDocument(text)
    doc.set(("items", 0), 5)
    assert parse(doc.text()).data == {"base": {"x": 1}, "other": {"x": 1}, "items": [5, 2]}


def test_text_without_final_newline() -> None:
    doc = YamlDocument("a:\n  - x\n  - y")
    doc.append(("a",), "z")
    assert parse(doc.text()).data == {"a": ["x", "y", "z"]}


def test_rebuilt_replays_edits_in_one_chunk() -> None:
    doc = YamlDocument("a: 1  # one\nb:\n  - 1\n")
    doc.set(("a",), 2)
    doc.append(("b",), 2)
    again = doc.rebuilt()
    assert again.data == doc.data == {"a": 2, "b": [1, 2]}
    assert "# one" in again.text()


def test_floats_beside_an_edit_keep_every_digit() -> None:
    # ruamel re-writes 8.19929917755493e-298 as ...492e-298 when its item is re-emitted.
    text = "items:\n  - id: m\n    note: ''\n    low: 8.19929917755493e-298\n    high: 1.50e3\n"
    doc = YamlDocument(text)
    doc.set(("items", 0, "note"), "0")
    assert doc.text() == text.replace("note: ''", "note: '0'")
    assert parse(doc.text()).data["items"][0]["low"] == 8.19929917755493e-298


@pytest.mark.parametrize("old", ["''", "plain", "'quoted'"])
def test_line_break_characters_get_double_quotes_whatever_the_old_style(old: str) -> None:
    # libyaml would read U+0085 in a single-quoted or plain scalar as a line break.
    doc = YamlDocument(f"items:\n  - id: m\n    note: {old}\n")
    doc.set(("items", 0, "note"), "0\x850")
    assert doc.text() == 'items:\n  - id: m\n    note: "0\\N0"\n'
    assert parse(doc.text()).data["items"][0]["note"] == "0\x850"
