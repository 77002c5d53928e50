"""Edit a YAML document in place, keeping its comments and layout, re-serialising only what changes.

ruamel.yaml round-trips comments, but parsing and dumping a whole 1.4 MB plan takes it
seconds, too slow to save after every answer in a workshop. So the document is held as
text chunks, cut where the outline of its nodes says each top-level section, each item of a
long list and each key of a long section starts. An edit hands only the chunk it touches
to ruamel (a few hundred bytes), and the file is the chunks joined again. Comments just
above a key or list item travel with it; comments at the end of a section stay there.

Documents the chunker cannot cut safely (anchors, aliases, tags, block scalars that keep
trailing blank lines, flow style at the top) are edited as one chunk: slower, and as
right as ruamel.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cxplan.yamlio.source import Source, iter_lines, parse
from cxplan.yamlio.style import dump, fits_inline, make_yaml, safe_inline, styled

Path_ = tuple[str | int, ...]
OrderFn = Callable[[Path_], Sequence[str] | None]

SPLIT_LINES = 24  # a section or list longer than this is cut into chunks


class EditError(Exception):
    """An edit names a path that does not exist, or cannot be applied there."""


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _loose(line: str, column: int) -> bool:
    """A blank line, or a comment no deeper than ``column``: it belongs to what follows."""
    return _is_blank(line) or (_is_comment(line) and _indent_of(line) <= column)


def _dedent(text: str, column: int) -> str:
    if column == 0:
        return text
    out = []
    for line in iter_lines(text):
        lead = _indent_of(line)
        if lead >= column:
            out.append(line[column:])
        elif _is_blank(line) or _is_comment(line):
            out.append(line[lead:])
        else:
            raise EditError("content is indented less than its block")  # caller falls back
    return "".join(out)


def _indent(text: str, column: int) -> str:
    if column == 0:
        return text
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in iter_lines(text))


def _end_line(node: Node) -> int:
    """Index of the first line after the last character of ``node``'s own content."""
    while True:
        if isinstance(node, MappingNode) and node.value and not node.flow_style:
            node = node.value[-1][1]
            continue
        if isinstance(node, SequenceNode) and node.value and not node.flow_style:
            node = node.value[-1]
            continue
        break
    end = node.end_mark
    return int(end.line) + (1 if end.column > 0 else 0)


def _ensure_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


@dataclass
class _Leaf:
    """A chunk handed whole to ruamel when it changes.

    ``kind`` is ``entry`` (``key: value`` at ``column``), ``item`` (``- value`` with its
    dash at ``column``) or ``document`` (the whole text, when nothing could be cut).
    """

    kind: str
    column: int
    key: str | None
    head: str  # comment and blank lines above; kept verbatim
    core: str  # from the key or dash to the last line of content
    tail: str  # comment and blank lines below; kept verbatim

    def text(self) -> str:
        return self.head + self.core + self.tail


@dataclass
class _Block:
    """A ``key:`` whose long block value is cut into child chunks (or the document root)."""

    kind: str  # "entry" or "root"
    column: int  # column of the key (root: 0)
    key: str | None
    head: str
    header: str  # the key line and anything before the first child
    shape: str  # "map" or "seq"
    child_column: int
    children: list[_Leaf | _Block] = field(default_factory=list)
    footer: str = ""  # comments after the last child that belong to the block's end

    def text(self) -> str:
        return self.head + self.header + "".join(c.text() for c in self.children) + self.footer


Chunk = _Leaf | _Block


class _Cutter:
    """Cuts a document's lines into chunks where libyaml's node tree says entries start."""

    @staticmethod
    def can_chunk(root: Node | None) -> bool:
        return isinstance(root, MappingNode) and not root.flow_style and bool(root.value)

    def root(self, lines: list[str], root: MappingNode) -> _Block:
        first = int(root.value[0][0].start_mark.line)
        block = _Block("root", 0, None, "", "".join(lines[:first]), "map", 0)
        block.children, block.footer = self._split_map(lines, root, len(lines), 0, 0)
        return block

    # Columns below are columns in ``lines``; node marks come from a text dedented by
    # ``shift`` columns (a leaf re-cut after an edit), so a mark's column + shift is real.

    def _split_map(
        self, lines: list[str], node: MappingNode, hi: int, column: int, shift: int
    ) -> tuple[list[Chunk], str]:
        starts = [int(k.start_mark.line) for k, _ in node.value]
        bounds = [
            start + 1 if _empty_scalar(value) else _end_line(value)
            for (_, value), start in zip(node.value, starts, strict=True)
        ]
        heads = _heads(lines, starts, bounds, column)
        spans = [*heads[1:], hi]
        children: list[Chunk] = []
        for i, (key_node, value_node) in enumerate(node.value):
            end = max(min(bounds[i], spans[i]), starts[i] + 1)
            children.append(
                self.entry(
                    lines,
                    str(key_node.value),
                    value_node,
                    (heads[i], starts[i], end, spans[i]),
                    column,
                    shift,
                )
            )
        return children, _take_footer(children, column)

    def _split_seq(
        self, lines: list[str], node: SequenceNode, hi: int, column: int
    ) -> tuple[list[Chunk], str]:
        starts = [int(item.start_mark.line) for item in node.value]
        bounds = [_end_line(item) for item in node.value]
        heads = _heads(lines, starts, bounds, column)
        spans = [*heads[1:], hi]
        children: list[Chunk] = []
        for i, start in enumerate(starts):
            end = max(min(bounds[i], spans[i]), start + 1)
            children.append(
                _Leaf(
                    "item",
                    column,
                    None,
                    "".join(lines[heads[i] : start]),
                    "".join(lines[start:end]),
                    "".join(lines[end : spans[i]]),
                )
            )
        return children, _take_footer(children, column)

    def entry(
        self,
        lines: list[str],
        key: str,
        value: Node,
        span: tuple[int, int, int, int],
        column: int,
        shift: int,
    ) -> Chunk:
        head, start, end, span_end = span
        head_text = "".join(lines[head:start])
        split = self._splittable(lines, value, start, end, column, shift)
        if split is None:
            return _Leaf(
                "entry",
                column,
                key,
                head_text,
                "".join(lines[start:end]),
                "".join(lines[end:span_end]),
            )
        shape, first_child, child_column = split
        block = _Block(
            "entry",
            column,
            key,
            head_text,
            "".join(lines[start:first_child]),
            shape,
            child_column,
        )
        if isinstance(value, MappingNode):
            block.children, block.footer = self._split_map(
                lines, value, span_end, child_column, shift
            )
        else:
            assert isinstance(value, SequenceNode)
            block.children, block.footer = self._split_seq(lines, value, span_end, child_column)
        return block

    @staticmethod
    def _splittable(
        lines: list[str], value: Node, start: int, end: int, column: int, shift: int
    ) -> tuple[str, int, int] | None:
        """How to cut a long block value: its shape, first child line and child column."""
        if end - start <= SPLIT_LINES:
            return None
        if not isinstance(value, (MappingNode, SequenceNode)) or value.flow_style:
            return None
        if not value.value:
            return None
        if isinstance(value, MappingNode):
            first = int(value.value[0][0].start_mark.line)
            child_column = int(value.value[0][0].start_mark.column) + shift
            if first <= start or child_column <= column:
                return None
            for key_node, _ in value.value:
                line = lines[int(key_node.start_mark.line)]
                if not isinstance(key_node, ScalarNode) or key_node.style:
                    return None  # quoted or complex keys: keep it simple, one chunk
                if int(key_node.start_mark.column) + shift != child_column:
                    return None
                if _indent_of(line) != child_column:
                    return None
            return "map", first, child_column
        dashes = set()
        for item in value.value:
            line = lines[int(item.start_mark.line)]
            before = line[: int(item.start_mark.column) + shift].rstrip()
            if not before.endswith("-") or before[:-1].strip():
                return None  # the dash is not the first thing on the item's line
            dashes.add(len(before) - 1)
        first = int(value.value[0].start_mark.line)
        if len(dashes) != 1 or first <= start:
            return None
        return "seq", first, dashes.pop()


_CUT = _Cutter()


class YamlDocument:
    """A YAML document that can be edited by path and written back with its comments kept."""

    def __init__(
        self,
        text: str,
        *,
        order: OrderFn | None = None,
        chunked: bool = True,
        source: Source | None = None,
    ) -> None:
        """``source``, when given, is ``text`` already parsed (its data becomes ours)."""
        self._order = order or (lambda path: None)
        self._yaml = make_yaml()
        self._original = text
        self._log: list[tuple[str, tuple[Any, ...]]] = []
        if source is None or source.text != text:
            source = parse(text, outline=True)
        self.data: Any = source.data
        root = source.outline
        self._chunked = chunked and not source.fancy and _CUT.can_chunk(root)
        if self._chunked:
            assert isinstance(root, MappingNode)
            self._root: Chunk = _CUT.root(list(iter_lines(text)), root)
        else:
            self._root = _Leaf("document", 0, None, "", text, "")

    # -------------------------------------------------------------------- the text

    def text(self) -> str:
        """The document as text, edits included."""
        return _ensure_newline(self._root.text()) if self._log else self._root.text()

    def verify(self) -> bool:
        """True when the text, parsed again from scratch, holds exactly ``data``."""
        try:
            return bool(parse(self.text()).data == self.data)
        except Exception:
            return False

    def rebuilt(self) -> YamlDocument:
        """The same edits replayed on the original text in one chunk (the always-safe path)."""
        doc = YamlDocument(self._original, order=self._order, chunked=False)
        doc.replay(self._log)
        return doc

    @property
    def edits(self) -> list[tuple[str, tuple[Any, ...]]]:
        """Every edit made so far, in order, as (operation, arguments)."""
        return list(self._log)

    def replay(self, edits: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Make ``edits`` (from ``edits`` of another document) on this one."""
        for op, args in edits:
            getattr(self, op)(*args)

    # ----------------------------------------------------------------- public edits

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at ``path``, creating the key and any missing parent mappings."""
        path = tuple(path)
        if not path:
            raise EditError("cannot replace the whole document")
        if self._get(path, default=_MISSING) == value:
            return
        # Wrap the value in the mappings that do not exist yet, and set it where the
        # existing part of the path ends.
        for i in range(1, len(path)):
            parent = self._get(path[:i], default=_MISSING)
            if parent is _MISSING or parent is None:
                if any(isinstance(p, int) for p in path[i:]):
                    raise EditError(f"no list at {path[:i]!r}")
                for part in reversed(path[i:]):
                    value = {part: value}
                path = path[:i]
                break
            if not isinstance(parent, (dict, list)):
                raise EditError(f"{path[:i]!r} holds a value, not fields or a list")
            if isinstance(path[i], int) != isinstance(parent, list):
                raise EditError(f"{path[: i + 1]!r} does not fit what is there")
        value = copy.deepcopy(value)
        self._log.append(("set", (path, value)))
        self._data_set(path, copy.deepcopy(value))
        self._apply(path, "set", value)

    def delete(self, path: Path_) -> None:
        """Remove the key or list item at ``path``."""
        path = tuple(path)
        if not path or self._get(path, default=_MISSING) is _MISSING:
            raise EditError(f"nothing at {path!r} to delete")
        self._log.append(("delete", (path,)))
        del self._get(path[:-1])[path[-1]]
        self._apply(path, "delete", None)

    def insert(self, path: Path_, index: int, value: Any) -> None:
        """Insert ``value`` into the list at ``path`` before ``index`` (its length appends)."""
        path = tuple(path)
        current = self._get(path, default=_MISSING)
        if current is _MISSING or current is None:
            self.set(path, [value])
            return
        if not isinstance(current, list):
            raise EditError(f"{path!r} is not a list")
        index = max(0, min(index, len(current)))
        value = copy.deepcopy(value)
        self._log.append(("insert", (path, index, value)))
        current.insert(index, copy.deepcopy(value))
        self._apply(path, "insert", (index, value))

    def append(self, path: Path_, value: Any) -> None:
        """Add ``value`` at the end of the list at ``path`` (creating the list)."""
        current = self._get(tuple(path), default=_MISSING)
        self.insert(path, len(current) if isinstance(current, list) else 0, value)

    def move(self, path: Path_, source: int, target: int) -> None:
        """Move the list item at ``source`` so that it ends up at index ``target``."""
        path = tuple(path)
        current = self._get(path, default=_MISSING)
        if not isinstance(current, list) or not 0 <= source < len(current):
            raise EditError(f"no item {source} in {path!r}")
        target = max(0, min(target, len(current) - 1))
        if source == target:
            return
        self._log.append(("move", (path, source, target)))
        current.insert(target, current.pop(source))
        self._apply(path, "move", (source, target))

    # -------------------------------------------------------------- data side

    def get(self, path: Path_, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` when there is none."""
        value = self._get(tuple(path), default=_MISSING)
        return default if value is _MISSING else value

    def _get(self, path: Path_, default: Any = None) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                if default is _MISSING:
                    return _MISSING
                raise EditError(f"no value at {path!r}") from None
        return node

    def _data_set(self, path: Path_, value: Any) -> None:
        parent = self._get(path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and key not in parent:
            items = list(parent.items())
            items.insert(_position(list(parent), str(key), self._order(path[:-1])), (key, value))
            parent.clear()
            parent.update(items)
        else:
            parent[key] = value

    # -------------------------------------------------------------- text side

    def _apply(self, path: Path_, op: str, arg: Any) -> None:
        if isinstance(self._root, _Leaf):
            self._edit_leaf(self._root, path, (), op, arg)
        else:
            self._apply_block(self._root, (), path, op, arg)

    def _apply_block(
        self, block: _Block, block_path: Path_, path: Path_, op: str, arg: Any
    ) -> None:
        """Apply an edit inside ``block``, whose value sits at ``block_path``."""
        rel = path[len(block_path) :]
        if not rel:  # an insert or a move on this block's own list
            if op == "insert":
                index, value = arg
                if index >= len(block.children):
                    _end_with_newline(block.children[-1])
                core = self._dump_item(value, block.child_column)
                block.children.insert(index, _Leaf("item", block.child_column, None, "", core, ""))
            else:
                source, target = arg
                block.children.insert(target, block.children.pop(source))
            _tidy_first_head(block)
            return
        if block.shape == "map":
            position = next((i for i, c in enumerate(block.children) if c.key == rel[0]), -1)
            if position < 0:
                self._insert_entry(block, block_path, str(rel[0]), arg)
                return
        else:
            position = int(rel[0])
        child = block.children[position]
        if len(rel) == 1 and op == "delete":
            block.children.pop(position)
            _tidy_first_head(block)
            return
        if isinstance(child, _Block) and (
            (len(rel) == 1 and op == "set")
            or (len(rel) == 2 and op == "delete" and len(child.children) == 1)
        ):
            child = _flatten(child)  # replaced or emptied as a whole: one chunk again
            block.children[position] = child
        if isinstance(child, _Block):
            self._apply_block(child, (*block_path, rel[0]), path, op, arg)
            return
        self._edit_leaf(child, rel, block_path, op, arg)
        block.children[position] = self._maybe_split(child)

    def _insert_entry(self, block: _Block, block_path: Path_, key: str, value: Any) -> None:
        keys = [str(c.key) for c in block.children]
        position = _position(keys, key, self._order(block_path))
        core = _indent(dump(CommentedMap([(key, styled(value))]), self._yaml), block.child_column)
        head = ""
        if block.kind == "root":
            neighbours = block.children[position : position + 1] or block.children[-1:]
            if any(n.head.startswith("\n") for n in neighbours):
                head = "\n"  # sections of this file are set apart by blank lines
        if position == len(block.children):
            _end_with_newline(block.children[-1])
        leaf = _Leaf("entry", block.child_column, key, head, core, "")
        block.children.insert(position, self._maybe_split(leaf))

    def _dump_item(self, value: Any, column: int) -> str:
        wrapped = CommentedMap([("_", CommentedSeq([styled(value)]))])
        wrapped["_"].fa.set_block_style()
        body = dump(wrapped, self._yaml).split("\n", 1)[1]
        return _indent(_dedent(body, 2), column)

    # ----------------------------------------------------------------- one leaf

    def _load_leaf(self, leaf: _Leaf) -> Any:
        if leaf.kind == "document":
            return self._yaml.load(leaf.core)
        body = _dedent(leaf.core, leaf.column)
        if leaf.kind == "entry":
            return self._yaml.load(body)
        return self._yaml.load("_:\n" + _indent(body, 2))

    def _dump_leaf(self, leaf: _Leaf, obj: Any) -> str:
        text = _ensure_newline(dump(obj, self._yaml))
        if leaf.kind == "document":
            return text
        if leaf.kind == "entry":
            return _indent(text, leaf.column)
        return _indent(_dedent(text.split("\n", 1)[1], 2), leaf.column)

    def _edit_leaf(self, leaf: _Leaf, rel: Path_, prefix: Path_, op: str, arg: Any) -> None:
        """Apply an edit at ``prefix + rel`` inside one leaf, through ruamel."""
        obj = self._load_leaf(leaf)
        if leaf.kind == "item":
            trail: list[tuple[Any, Any]] = [(obj, "_")]
            steps: Path_ = (0, *rel[1:])
        else:
            trail = []
            steps = rel
        container: Any = obj["_"] if leaf.kind == "item" else obj
        for part in steps[:-1]:
            trail.append((container, part))
            container = container[part]
        last = steps[-1]
        if op == "set":
            _assign(container, last, arg, (*prefix, *rel[:-1]), self._order)
            changed: list[tuple[Any, Any]] = [(container, last)]
        elif op == "delete":
            del container[last]
            changed = trail[-1:]
        elif op == "insert":
            index, value = arg
            seq = container[last]
            seq.insert(index, styled(value))
            if isinstance(value, (dict, list)) or not fits_inline(_plain(seq)):
                seq.fa.set_block_style()
            changed = [(container, last)]
        else:
            source, target = arg
            _move_item(container[last], source, target)
            changed = []
        for parent, key in changed:
            value = parent[key]
            if isinstance(value, (CommentedMap, CommentedSeq)) and not value:
                _fresh_empty(parent, key)
        leaf.core = self._dump_leaf(leaf, obj)

    def _maybe_split(self, leaf: _Leaf) -> Chunk:
        """Cut a leaf that grew long into chunks again, so later edits stay cheap."""
        if not self._chunked or leaf.kind != "entry" or leaf.core.count("\n") <= SPLIT_LINES:
            return leaf
        try:
            source = parse(_dedent(leaf.core, leaf.column), outline=True)
        except Exception:
            return leaf
        node = source.outline
        if source.fancy or node is None:
            return leaf
        if not isinstance(node, MappingNode) or len(node.value) != 1:
            return leaf
        lines = list(iter_lines(leaf.core))
        key_node, value_node = node.value[0]
        chunk = _CUT.entry(
            lines,
            str(key_node.value),
            value_node,
            (0, 0, len(lines), len(lines)),
            leaf.column,
            leaf.column,
        )
        chunk.head = leaf.head
        if isinstance(chunk, _Block):
            chunk.footer += leaf.tail
        else:
            chunk.tail += leaf.tail
        return chunk


def _heads(lines: list[str], starts: list[int], bounds: list[int], column: int) -> list[int]:
    """Where each child's chunk begins: the loose lines just above it belong to it."""
    heads = [starts[0]]
    for i in range(1, len(starts)):
        h = starts[i]
        while h - 1 >= bounds[i - 1] and _loose(lines[h - 1], column):
            h -= 1
        heads.append(h)
    return heads


def _take_footer(children: list[Chunk], column: int) -> str:
    """Move loose lines that end the last child into the block's footer."""
    last = children[-1]
    if isinstance(last, _Block):
        footer, last.footer = last.footer, ""
        return footer
    tail = list(iter_lines(last.tail))
    cut = len(tail)
    while cut > 0 and _loose(tail[cut - 1], column):
        cut -= 1
    last.tail = "".join(tail[:cut])
    return "".join(tail[cut:])


def _flatten(block: _Block) -> _Leaf:
    body = block.header + "".join(c.text() for c in block.children)
    return _Leaf("entry", block.column, block.key, block.head, body, block.footer)


def _tidy_first_head(block: _Block) -> None:
    # The first child of a list or section sits right under its key; no blank line there.
    if block.kind == "root" or not block.children:
        return
    first = block.children[0]
    lines = list(iter_lines(first.head))
    while lines and _is_blank(lines[0]):
        lines.pop(0)
    first.head = "".join(lines)


def _end_with_newline(chunk: Chunk) -> None:
    if isinstance(chunk, _Block):
        if chunk.footer:
            chunk.footer = _ensure_newline(chunk.footer)
        elif chunk.children:
            _end_with_newline(chunk.children[-1])
        else:
            chunk.header = _ensure_newline(chunk.header)
    elif chunk.tail:
        chunk.tail = _ensure_newline(chunk.tail)
    else:
        chunk.core = _ensure_newline(chunk.core)


class _Missing:
    def __repr__(self) -> str:  # pragma: no cover
        return "<missing>"


_MISSING: Any = _Missing()


def _empty_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def _position(keys: list[str], key: str, order: Sequence[str] | None) -> int:
    """Where ``key`` goes among ``keys``: after its predecessors in ``order``, else at the end."""
    if not order or key not in order:
        return len(keys)
    rank = {k: i for i, k in enumerate(order)}
    mine = rank[key]
    for i, existing in enumerate(keys):
        if rank.get(existing, -1) > mine:
            return i
    return len(keys)


def _assign(container: Any, key: Any, value: Any, path: Path_, order: OrderFn) -> None:
    """Set ``container[key]`` keeping whatever comments and styles the old value had."""
    if isinstance(container, CommentedMap) and key not in container:
        if not container and container.fa.flow_style():
            container.fa.set_block_style()
        position = _position([str(k) for k in container], str(key), order(path))
        container.insert(position, key, styled(value))
        return
    old = container[key]
    if isinstance(old, CommentedMap) and isinstance(value, dict):
        for k in [k for k in old if k not in value]:
            del old[k]
        for k, v in value.items():
            _assign(old, k, v, (*path, key), order)
        return
    if isinstance(old, CommentedSeq) and isinstance(value, list):
        if len(old) == len(value):
            for i, v in enumerate(value):
                if _plain(old[i]) != v:
                    _assign(old, i, v, (*path, key), order)
            # A one-line list the person wrote stays one line, however long, while its
            # words can be written plainly there.
            if old.fa.flow_style() and not safe_inline(value):
                old.fa.set_block_style()
            return
        new = styled(value)
        if isinstance(new, CommentedSeq) and new:
            if old.fa.flow_style() and fits_inline(value):
                new.fa.set_flow_style()
            elif not old.fa.flow_style():
                new.fa.set_block_style()
        container[key] = new
        return
    container[key] = styled(value)


def _fresh_empty(parent: Any, key: Any) -> None:
    """Replace an emptied list or mapping with a fresh ``[]`` or ``{}``.

    ruamel keeps the comments that sat above the old items on the old object and writes
    them between the key and the ``[]``, which is not valid YAML. The fresh object has
    none; the comments written after the key (and the lines below it) stay.
    """
    old = parent[key]
    fresh: CommentedMap | CommentedSeq = (
        CommentedSeq() if isinstance(old, CommentedSeq) else CommentedMap()
    )
    fresh.fa.set_flow_style()
    if not isinstance(parent, CommentedMap):
        parent[key] = fresh
        return
    token = parent.ca.items.get(key)
    after = token[2] if token and len(token) > 2 else None
    position = list(parent).index(key)
    parent.ca.items.pop(key, None)
    del parent[key]
    parent.insert(position, key, fresh)
    if after is not None:
        parent.ca.items[key] = [None, None, after, None]


def _move_item(seq: CommentedSeq, source: int, target: int) -> None:
    """Move a list item with the comment on its line (ruamel drops it on pop)."""
    comment = seq.ca.items.pop(source, None)
    seq.insert(target, seq.pop(source))
    if comment is not None:
        seq.ca.items[target] = comment


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
