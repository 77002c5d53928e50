"""Fast YAML loading that keeps source positions: libyaml composes, YAML 1.2 rules type the scalars.

Read-only commands need speed and exact line numbers, not comments, so they never touch
ruamel's round-trip loader (about 25x slower here). The scalar rules are the YAML 1.2 core
rules ruamel.yaml uses, so this loader and the round-trip editor always agree on what a
file means (``tests/test_yamlsource.py`` holds them to it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Line breaks as libyaml counts them; chunking by lines must count the same way.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# The YAML 1.2 implicit rules of ruamel.yaml's VersionedResolver (resolver.py), copied so
# that read-only commands need not import ruamel; a test compares the two tables.
IMPLICIT_RULES: list[tuple[str, str, str]] = [
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        FLOAT,
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        INT,
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    (NULL, r"^(?: ~ |null|Null|NULL | )$", "~nN"),
    (
        TIMESTAMP,
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
]


_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in IMPLICIT_RULES:
    for _char in _first:
        _BY_FIRST.setdefault(_char, []).append((_tag, re.compile(_pattern, re.X)))


class _Resolver12(yaml.resolver.BaseResolver):
    """Tags scalars by the YAML 1.2 core rules instead of YAML 1.1's.

    libyaml calls this once per scalar, so it is the plain loop PyYAML's resolver would
    run, without the path-resolver machinery a plan has no use for.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if not value:
                    return NULL
                for tag, regexp in _BY_FIRST.get(value[0], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _Loader(CParser, _Resolver12):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver12.__init__(self)

else:  # pragma: no cover - wheels for every common platform ship libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Resolver12,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver12.__init__(self)


class YamlSyntaxError(Exception):
    """The text is not valid YAML, or uses YAML features a plan file has no use for."""

    def __init__(self, message: str, line: int, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.path: tuple[str | int, ...] = ()  # the value's place in the document, when known


_TIMESTAMP = re.compile(
    r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})
    (?::(?P<tz_minute>[0-9]{2}))?))?)?$""",
    re.X,
)


def _timestamp(text: str) -> Any:
    m = _TIMESTAMP.match(text)
    if not m:
        return text
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if m["hour"] is None:
        return dt.date(year, month, day)
    fraction = (m["fraction"] or "0")[:6].ljust(6, "0")
    tzinfo: dt.tzinfo | None = None
    if m["tz"] == "Z":
        tzinfo = dt.timezone.utc
    elif m["tz"]:
        delta = dt.timedelta(hours=int(m["tz_hour"]), minutes=int(m["tz_minute"] or 0))
        tzinfo = dt.timezone(-delta if m["tz_sign"] == "-" else delta)
    return dt.datetime(
        year,
        month,
        day,
        int(m["hour"]),
        int(m["minute"]),
        int(m["second"]),
        int(fraction),
        tzinfo=tzinfo,
    )


MAX_INT = 10**18  # no plan value counts this high; bigger ones are codes or mistakes


class _TooBig(ValueError):
    pass


def _int(text: str) -> int:
    clean = text.replace("_", "")
    sign = -1 if clean.startswith("-") else 1
    digits = clean.lstrip("+-")
    if len(digits) > 80:  # before int(): Python refuses (or takes long) over 4,300 digits
        raise _TooBig(text)
    if digits.startswith("0b"):
        value = int(digits[2:], 2)
    elif digits.startswith("0o"):
        value = int(digits[2:], 8)
    elif digits.startswith("0x"):
        value = int(digits[2:], 16)
    else:
        value = int(digits, 10)  # YAML 1.2: a leading zero is still decimal
    if value >= MAX_INT:
        raise _TooBig(text)
    return sign * value


def _float(text: str) -> float:
    clean = text.replace("_", "").lower()
    if clean.endswith(".inf"):
        return float("-inf") if clean.startswith("-") else float("inf")
    if clean.endswith(".nan"):
        return float("nan")
    return float(clean)


def _scalar(tag: str, value: str, mark: Any) -> Any:
    if tag == STR:
        return value
    if tag == NULL:
        return None
    try:
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            return _int(value)
        if tag == FLOAT:
            return _float(value)
        if tag == TIMESTAMP:
            return _timestamp(value)
    except _TooBig:
        shown = value if len(value) <= 24 else f"{value[:20]}... ({len(value):,} characters)"
        raise YamlSyntaxError(
            f"the number {shown} is too big for a plan (at most 18 digits); put it in "
            "quotes if it is a code or a reference rather than a number",
            mark.line + 1,
            mark.column + 1,
        ) from None
    except ValueError:
        return value
    raise YamlSyntaxError(
        f"unsupported YAML tag {tag!r}; write the value as plain text",
        mark.line + 1,
        mark.column + 1,
    )


LONG_TEXT = 32_767  # longer than an Excel cell; the loader notes whether any text is
# Values an alias (*name) may stand for, in all: a plan repeating a block a few times
# stays far below; an alias bomb (aliases of aliases, 500 bytes for billions) is refused
# before anything walks it.
ALIAS_LIMIT = 100_000
MAX_DEPTH = 200


def _alias_bomb(line: int) -> YamlSyntaxError:
    return YamlSyntaxError(
        f"the aliases (*name) in this file stand for more than {ALIAS_LIMIT:,} values in "
        "all; write the repeated parts out instead of aliasing aliases",
        line,
    )


def _alias_loop(name: str | None, line: int) -> YamlSyntaxError:
    alias = f"the alias *{name}" if name else "an alias (*name)"
    return YamlSyntaxError(
        f"{alias} refers to the list or mapping it is inside; a value cannot hold itself",
        line,
    )


_STANDARD = {
    "!!str": STR,
    "!!int": INT,
    "!!float": FLOAT,
    "!!bool": BOOL,
    "!!null": NULL,
    "!!timestamp": TIMESTAMP,
}


def _tag_of(tag: str | None, value: str, plain: bool) -> str:
    if tag is None or tag == "!":
        if not plain:
            return STR
        if not value:
            return NULL
        for rule, regexp in _BY_FIRST.get(value[0], ()):
            if regexp.match(value):
                return rule
        return STR
    return _STANDARD.get(tag, tag)


class _Outline:
    """The part of the node tree an editor cuts a document by, built alongside the data.

    A full node tree costs ~25 times the text in memory. The editor only looks at the
    mappings down to the first list, and at each list item's first and last line, so a
    list item is one node with no children, whose ``end_mark`` is where its last child
    ends (where ``_end_line`` of a full item would stop). Tags are not kept.
    """

    def __init__(self) -> None:
        self.root: Node | None = None
        # Per open collection: [its node (None below a list item), whether its children
        # get nodes, where its last child ends, the node of the key waiting for a value,
        # whether it is in flow style].
        self.frames: list[list[Any]] = []

    def _attach(self, node: Node, is_key: bool) -> None:
        if not self.frames:
            self.root = node
            return
        frame = self.frames[-1]
        parent = frame[0]
        if is_key:
            frame[3] = node
        elif parent.__class__ is MappingNode:
            parent.value.append((frame[3], node))
        else:
            parent.value.append(node)

    def scalar(self, event: Any, is_key: bool) -> None:
        if self.frames:
            frame = self.frames[-1]
            frame[2] = event.end_mark
            if not frame[1]:
                return
        node = ScalarNode(STR, event.value, event.start_mark, event.end_mark, style=event.style)
        self._attach(node, is_key)

    def start(self, event: Any) -> None:
        node: Node | None = None
        keep = False
        if not self.frames or self.frames[-1][1]:
            mapping = event.__class__ is MappingStartEvent
            cls = MappingNode if mapping else SequenceNode
            node = cls(MAP if mapping else SEQ, [], event.start_mark, None, event.flow_style)
            keep = not self.frames or self.frames[-1][0].__class__ is MappingNode
            self._attach(node, False)
        self.frames.append([node, keep, None, None, event.flow_style])

    def end(self, event: Any) -> None:
        node, keep, last, _, flow = self.frames.pop()
        end = last if last is not None and not flow else event.end_mark
        if node is not None:
            node.end_mark = event.end_mark if keep else end
        if self.frames:
            self.frames[-1][2] = end


def _build_events(loader: Any, outline: _Outline | None = None) -> tuple[Any, bool, bool]:
    """Python values (and ``outline``, if given) straight from libyaml's events.

    A node tree costs ~25 times the plan's size in memory; building from events keeps a
    5,000-touchpoint plan's load under 100 MB and is as fast. Duplicate keys are errors
    (YAML forbids them; PyYAML would silently keep the last). Returns the data, whether any
    text is longer than LONG_TEXT, and whether it uses anchors, aliases, tags or kept
    trailing blank lines of a block scalar (which a text editor must not cut up)."""
    get = loader.get_event
    stack: list[Any] = []
    keys: list[Any] = []  # per open mapping: the key waiting for its value, or _NO_KEY
    anchors: dict[str, Any] = {}
    sizes: dict[str, int] = {}  # the values each anchored value holds, itself included
    opened: list[str | None] = []  # the anchor of each open collection
    counts: list[int] = []  # the values each open collection holds so far
    expanded = 0  # values aliases stand for, in all
    root: Any = None
    long_text = False
    fancy = False  # anchors, aliases, tags, or blank lines kept at a block scalar's end
    while True:
        event = get()
        kind = event.__class__
        if kind is ScalarEvent:
            value = event.value
            if (
                event.anchor is not None
                or event.tag is not None
                or (event.style in ("|", ">") and value.endswith("\n\n"))
            ):
                fancy = True
            if event.tag is None and not event.implicit[0]:
                result: Any = value
            else:
                result = _resolved(event, value, stack, keys)
            if result.__class__ is str and len(result) > LONG_TEXT:
                long_text = True
            size = 1
            if event.anchor is not None:
                anchors[event.anchor] = result
                sizes[event.anchor] = 1
            is_key = bool(stack) and keys[-1] is _NO_KEY and stack[-1].__class__ is dict
            if outline is not None:
                outline.scalar(event, is_key)
            if is_key:
                key = value  # keys are taken as written: `1:` is the key "1"
                if key in stack[-1]:
                    raise _DuplicateKey(key, event.start_mark.line, event.start_mark.column)
                keys[-1] = key
                continue
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                fancy = True
            _check_collection(event, stack, keys)
            if outline is not None:
                outline.start(event)
            stack.append({} if kind is MappingStartEvent else [])
            keys.append(_NO_KEY)
            opened.append(event.anchor)
            counts.append(1)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            if outline is not None:
                outline.end(event)
            result = stack.pop()
            keys.pop()
            anchor = opened.pop()
            size = counts.pop()
            if anchor is not None:
                anchors[anchor] = result
                sizes[anchor] = size
        elif kind is AliasEvent:
            fancy = True  # (so the outline, which has no node for an alias, is not used)
            result, size = _check_alias(event, stack, keys, opened, anchors, sizes)
            expanded += size
            if expanded > ALIAS_LIMIT:
                raise _alias_bomb(event.start_mark.line + 1)
        elif kind is StreamEndEvent:
            return root, long_text, fancy
        elif kind is DocumentStartEvent and root is not None:
            raise YamlSyntaxError(
                "the file holds more than one YAML document ('---'); a plan is one document",
                event.start_mark.line + 1,
            )
        else:
            continue
        if not stack:
            root = result
            continue
        counts[-1] += size
        top = stack[-1]
        if top.__class__ is dict:
            top[keys[-1]] = result
            keys[-1] = _NO_KEY
        else:
            top.append(result)


_NO_KEY: Any = object()


def _resolved(event: Any, value: str, stack: list[Any], keys: list[Any]) -> Any:
    """A plain or tagged scalar's value by the YAML 1.2 rules, its path named if it is bad."""
    tag = _tag_of(event.tag, value, event.implicit[0])
    try:
        return value if tag == STR else _scalar(tag, value, event.start_mark)
    except YamlSyntaxError as err:
        err.path = _path_of(stack, keys)
        raise


def _check_collection(event: Any, stack: list[Any], keys: list[Any]) -> None:
    """Refuse a list or mapping a plan cannot hold here (a tag, as a key, too deep)."""
    if event.tag not in (None, "!", "!!map", "!!seq", MAP, SEQ):
        raise YamlSyntaxError(
            f"unsupported YAML tag {event.tag!r}",
            event.start_mark.line + 1,
            event.start_mark.column + 1,
        )
    if stack and keys[-1] is _NO_KEY and stack[-1].__class__ is dict:
        raise YamlSyntaxError(
            "a key must be plain text, not a list or mapping",
            event.start_mark.line + 1,
            event.start_mark.column + 1,
        )
    if len(stack) > MAX_DEPTH:
        raise YamlSyntaxError("the YAML nests too deeply", event.start_mark.line + 1)


def _check_alias(
    event: Any,
    stack: list[Any],
    keys: list[Any],
    opened: list[str | None],
    anchors: dict[str, Any],
    sizes: dict[str, int],
) -> tuple[Any, int]:
    """The value an alias stands for and how many values it holds, or why it cannot be."""
    line = event.start_mark.line + 1
    if event.anchor in opened:
        raise _alias_loop(event.anchor, line)
    if event.anchor not in anchors:
        raise YamlSyntaxError("an alias (*name) refers to an anchor that does not exist", line)
    if stack and keys[-1] is _NO_KEY and stack[-1].__class__ is dict:
        raise YamlSyntaxError("a key must be plain text, not an alias", line)
    return anchors[event.anchor], sizes[event.anchor]


def _path_of(stack: list[Any], keys: list[Any]) -> tuple[str | int, ...]:
    """Where the next value of the innermost open collection goes."""
    return tuple(
        key if top.__class__ is dict else len(top)
        for top, key in zip(stack, keys, strict=True)
        if key is not _NO_KEY or top.__class__ is not dict
    )


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, column: int) -> None:
        self.key, self.line, self.column = key, line, column

    def explained(self, text: str) -> YamlSyntaxError:
        """The error, with the line the key was first used on (found in the node tree)."""
        first = None
        todo = [compose(text)]
        seen: set[int] = set()  # aliases make the tree a graph, maybe with loops
        while todo and first is None:
            node = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                keys = [k for k, _ in node.value]
                if any(k.start_mark.line == self.line and k.value == self.key for k in keys):
                    first = next(k for k in keys if k.value == self.key).start_mark.line + 1
                todo.extend(v for _, v in node.value)
            elif isinstance(node, SequenceNode):
                todo.extend(node.value)
        if first == self.line + 1:
            where = " (twice on this line)"
        else:
            where = f" (first used on line {first})" if first else ""
        return YamlSyntaxError(f"duplicate key {self.key!r}{where}", self.line + 1, self.column + 1)


def _friendly(err: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    """Turn libyaml's parser jargon into a sentence a consultant can act on."""
    mark = err.problem_mark or err.context_mark
    line = (mark.line + 1) if mark else 1
    column = (mark.column + 1) if mark else 1
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    if "expected a single document" in context + problem:
        return YamlSyntaxError(
            "the file holds more than one YAML document ('---'); a plan is one document", line
        )
    at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    if at == "\t" or "'\\t'" in problem:
        return YamlSyntaxError(
            "a tab character is used for indentation; YAML allows only spaces there",
            line,
            column,
        )
    if "quoted scalar" in context and "end of stream" in problem:
        start = err.context_mark.line + 1 if err.context_mark else line
        return YamlSyntaxError(
            f"the quoted text that starts on line {start} is never closed; add the closing quote",
            start,
            err.context_mark.column + 1 if err.context_mark else column,
        )
    if "found undefined alias" in context or "found undefined alias" in problem:
        return YamlSyntaxError("an alias (*name) refers to an anchor that does not exist", line)
    if problem.startswith("mapping values are not allowed"):
        return YamlSyntaxError(
            "unexpected ':' here; put text containing ': ' in quotes, or check the indentation",
            line,
            column,
        )
    if "could not find expected ':'" in problem:
        return YamlSyntaxError(
            "expected 'key: value' here; check the indentation or close the quotes on the "
            "line above",
            (err.context_mark.line + 1) if err.context_mark else line,
            column,
        )
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        return YamlSyntaxError(
            "the indentation does not line up with the lines above", line, column
        )
    if "special characters are not allowed" in problem or "unacceptable character" in problem:
        return YamlSyntaxError(
            f"the file holds a character YAML does not allow ({problem})", line, column
        )
    text = problem or context or str(err)
    if context and problem:
        text = f"{context}: {problem}"
    return YamlSyntaxError(f"not valid YAML: {text}", line, column)


class Source:
    """A parsed YAML document: its data, and the node tree that knows where each value is.

    The node tree costs many times the memory of the data, so ``root`` composes it from
    the text only when a line number is needed. ``outline`` is the part of it an editor
    cuts the text by (see ``_Outline``), when it was asked for and the text can be cut.
    """

    def __init__(
        self,
        text: str,
        data: Any,
        root: Node | None = None,
        *,
        long_text: bool = False,
        fancy: bool = False,
        outline: Node | None = None,
    ) -> None:
        self.text = text
        self.data = data
        self._root = root
        self.outline = outline
        self.long_text = long_text  # some text is longer than LONG_TEXT characters
        self.fancy = fancy  # anchors, aliases, tags or kept trailing blank lines

    @property
    def root(self) -> Node | None:
        if self._root is None and self.text.strip():
            self._root = compose(self.text)
        return self._root

    def node_at(self, path: tuple[str | int, ...]) -> tuple[Node | None, int]:
        """The deepest node on ``path`` and how many path parts it matched.

        A mapping key's node stands for its value: that is the line a person looks at,
        both for "unknown field" and for "wrong value", and for "missing item" below it.
        """
        node = self.root
        anchor: Node | None = node
        matched = 0
        for part in path:
            if isinstance(node, MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == part), None)
                if found is None:
                    return anchor, matched
                matched += 1
                anchor, node = found
                if matched == len(path):
                    return anchor, matched
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return anchor, matched
                node = anchor = node.value[part]
                matched += 1
            else:
                return anchor, matched
        return anchor, matched

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """The 1-based line of the value at ``path`` (or of its nearest existing parent)."""
        node, _ = self.node_at(path)
        if node is None:
            return 1
        return int(node.start_mark.line) + 1


def iter_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line breaks, split where libyaml splits them."""
    start = 0
    for m in LINE_BREAK.finditer(text):
        yield text[start : m.end()]
        start = m.end()
    if start < len(text):
        yield text[start:]


def compose(text: str) -> Node | None:
    """libyaml's node tree of a one-document YAML text (None when it is empty)."""
    with _no_gc():
        return _compose(text)


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        raise _friendly(err, text) from None
    except yaml.reader.ReaderError as err:  # a character YAML forbids anywhere in a file
        raise _reader_error(err, text) from None
    except yaml.YAMLError as err:  # pragma: no cover - every libyaml error is one of the above
        raise YamlSyntaxError(f"not valid YAML: {err}", 1) from None
    finally:
        loader.dispose()
    return node


def _reader_error(err: yaml.reader.ReaderError, text: str) -> YamlSyntaxError:
    before = text[: max(err.position, 0)]
    line = len(LINE_BREAK.findall(before)) + 1
    char = err.character if isinstance(err.character, str) else chr(err.character)
    return YamlSyntaxError(
        f"the file holds the control character U+{ord(char):04X}, which YAML does not "
        "allow; delete it (or write it as an escape inside double quotes)",
        line,
    )


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    # Loading allocates hundreds of thousands of small objects and no reference cycles.
    # The cyclic collector would scan them again and again while they are made, and once
    # more in every later collection; so it is paused, and what was loaded is frozen out
    # of its sight (reference counting still frees it). This halves a large plan's load.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def parse(text: str, *, outline: bool = False) -> Source:
    """Parse one YAML document, straight from the parser's events (least memory).

    ``outline`` also keeps the outline of its nodes an editor cuts the text by; the full
    node tree (for line numbers) is only composed when one is asked for.
    """
    loader = _Loader(text)
    nodes = _Outline() if outline else None
    try:
        with _no_gc():
            data, long_text, fancy = _build_events(loader, nodes)
    except yaml.MarkedYAMLError as err:
        raise _friendly(err, text) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text) from None
    except _DuplicateKey as err:
        raise err.explained(text) from None
    finally:
        loader.dispose()
    kept = nodes.root if nodes is not None and not fancy else None
    return Source(text, data, long_text=long_text, fancy=fancy, outline=kept)
