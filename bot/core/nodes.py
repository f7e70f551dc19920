"""Reading a YAML node tree (not plain dicts) so that every problem names its line, and
duplicate keys, which PyYAML would silently overwrite, are caught.

Only plain YAML values are read: text, numbers, booleans, null and dates, lists and mappings.
A node with any other tag (`!!binary`, `!!set`, `!!python/object`, a local `!tag`) is refused
where it is read, so that no value of a type the reader does not expect passes as text.

`compose` makes the tree from libyaml's events in about half the memory of `yaml.compose` (the
tree was the peak of loading a large base): the same node classes, tags, values, anchors and
errors, each node with a mark of the start of its line (the checks report lines) instead of
two of its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from bot.core.problems import Problem

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]|  ")  # what `_SPACES.sub(" ", text)` would change
_YAML = "tag:yaml.org,2002:"
# What PyYAML's safe resolver gives plain values, and the same tags written out (`!!str 10`).
SCALAR_TAGS = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value")
)
SEQUENCE_TAG = _YAML + "seq"
MAPPING_TAG = _YAML + "map"

T = TypeVar("T")


class NodeReader:
    """Typed values out of YAML nodes, collecting problems instead of stopping at the first."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._nodes: dict[str, Node] = {}  # record path ("facts[3]") -> its node, for later checks

    def problem(self, node: Node | None, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.file, line, field, message))

    def at(self, field: str, name: str, index: int | None, message: str) -> None:
        """Report a problem on a field of an already-read record, found by its path."""
        node = self._nodes.get(field)
        child = child_node(node, name)
        target = item_node(child, index) if index is not None else child
        label = f"{field}.{name}" + (f"[{index}]" if index is not None else "")
        self.problem(target or node, label, message)

    def items(
        self,
        node: Node | None,
        field: str,
        read: Callable[[Node, str], T | None],
        non_empty: bool = False,
    ) -> list[tuple[T, str]]:
        """Read each item of a sequence; returns (record, field path) for the good ones."""
        if node is None:
            return []
        if self.refused_tag(node, field):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "must be a list")
            return []
        if non_empty and not node.value:
            self.problem(node, field, "must not be empty")
        records = []
        for index, item in enumerate(node.value):
            path = f"{field}[{index}]"
            self._nodes[path] = item
            record = read(item, path)
            if record is not None:
                records.append((record, path))
        return records

    def mapping(
        self,
        node: Node | None,
        field: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        if node is not None and self.refused_tag(node, field):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, field, "must be a mapping of fields")
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else "?"
            if self.refused_tag(key_node, f"{field}.{key}"):
                continue
            if key in fields:
                self.problem(key_node, f"{field}.{key}", "is given twice")
            elif key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.problem(key_node, f"{field}.{key}", f"unknown field (allowed: {allowed})")
            fields[key] = value_node
        for key in required:
            if key not in fields:
                self.problem(node, f"{field}.{key}", "is missing")
        return fields

    def string(self, node: Node | None, field: str, required: bool = True) -> str | None:
        if node is None:
            return None  # a missing field is reported once, by `mapping`
        if is_null(node):
            if required:
                self.problem(node, field, "is empty")
            return None
        if self.refused_tag(node, field):
            return None
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, field, "must be non-empty text")
            return None
        text = str(node.value)
        if _ODD_SPACE.search(text):  # most text has none: then it is kept, not copied
            text = _SPACES.sub(" ", text)
        return text.strip()

    def strings(self, node: Node | None, field: str, required: bool = True) -> tuple[str, ...]:
        if node is None:
            return ()  # a missing field is reported once, by `mapping`
        if is_null(node):
            if required:
                self.problem(node, field, "is empty")
            return ()
        if self.refused_tag(node, field):
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "must be a list of text")
            return ()
        if required and not node.value:
            self.problem(node, field, "must not be empty")
        values = (self.string(item, f"{field}[{i}]") for i, item in enumerate(node.value))
        return tuple(value for value in values if value is not None)

    def refused_tag(self, node: Node, field: str) -> bool:
        """Whether `node` has a tag other than a plain value's of its kind (reported if so)."""
        if isinstance(node, ScalarNode):
            if node.tag in SCALAR_TAGS:
                return False
        elif node.tag == (SEQUENCE_TAG if isinstance(node, SequenceNode) else MAPPING_TAG):
            return False
        message = f"the tag {node.tag} is not allowed: write plain text, lists and mappings"
        self.problem(node, field, message)
        return True

    def identifier(self, node: Node | None, field: str) -> str | None:
        value = self.string(node, field)
        if value is not None and not _ID.match(value):
            self.problem(node, field, f"'{value}' must be lower-case letters, digits, - or _")
            return None
        return value

    def integer(self, node: Node | None, field: str) -> int | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            self.problem(node, field, "must be a whole number")
            return None
        return int(node.value)

    def boolean(self, node: Node | None, field: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.problem(node, field, "must be true or false")
            return False
        return node.value.lower() in ("true", "yes", "on")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def child_node(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                child: Node = value_node
                return child
    return None


def item_node(node: Node | None, index: int) -> Node | None:
    if isinstance(node, SequenceNode) and 0 <= index < len(node.value):
        item: Node = node.value[index]
        return item
    return node


# -- composing the tree ---------------------------------------------------------------------------


class _Scalar(ScalarNode):
    """A `ScalarNode` in slots, with no end mark."""

    __slots__ = ("start_mark", "style", "tag", "value")
    end_mark = None


class _Sequence(SequenceNode):
    """A `SequenceNode` in slots, with no end mark."""

    __slots__ = ("flow_style", "start_mark", "tag", "value")
    end_mark = None


class _Mapping(MappingNode):
    """A `MappingNode` in slots, with no end mark."""

    __slots__ = ("flow_style", "start_mark", "tag", "value")
    end_mark = None


def compose(source: str, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> Node | None:
    """The node tree of the one document in `source`, as `yaml.compose(source, Loader=loader)`
    makes it (the same node classes, tags, values, styles, shared anchored nodes and errors), in
    about half the memory where `loader` is libyaml's: its nodes keep their values in slots,
    have no end mark, and the nodes on one line share one start mark, of the start of the line
    (line right, column 0). Other loaders (PyYAML's own parser) get `yaml.compose` itself."""
    if not yaml.__with_libyaml__ or not issubclass(loader, yaml.CSafeLoader):
        return yaml.compose(source, Loader=loader)
    if loader.yaml_path_resolvers:  # none unless someone adds them: they need the C composer
        return yaml.compose(source, Loader=loader)
    parser = loader(source)
    try:
        return _compose_events(parser)
    finally:
        parser.dispose()


def _compose_events(parser: yaml.CSafeLoader) -> Node | None:
    """What `CParser.get_single_node` does, in Python from the parser's events, without
    recursion (libyaml refuses nesting past its limit before it gets here)."""
    from yaml._yaml import Mark  # libyaml's: a third the size of PyYAML's

    get = parser.get_event
    resolve: Callable[[type[Node], str | None, Any], str] = parser.resolve
    text_tag, new = parser.DEFAULT_SCALAR_TAG, object.__new__
    get()  # the stream's start
    if parser.check_event(StreamEndEvent):
        return None
    get()  # the document's start
    plain: dict[str, tuple[str, str]] = {}  # plain scalar -> its tag and one copy of the text
    anchors: dict[str, tuple[Node, Any]] = {}  # anchor -> its node, and the node's own mark
    document: list[Node] = []  # the root, once read
    items: list[Node] = document  # where the next node goes: the items of the innermost
    # collection being read (a mapping's keys and values in turn), or the document
    open_nodes: list[tuple[CollectionNode, list[Node]]] = []  # the ones around it, with theirs
    line_mark: Any = None  # the start of the line of the last node: its nodes share it
    root_mark: Any = None
    while True:
        event: Any = get()
        kind = event.__class__
        if kind is SequenceEndEvent or kind is MappingEndEvent:
            done, items = open_nodes.pop()
            if kind is MappingEndEvent:
                pairs = iter(done.value)
                done.value = list(zip(pairs, pairs, strict=True))
            continue
        if kind is DocumentEndEvent:
            break
        mark = event.start_mark
        if kind is AliasEvent:
            if event.anchor not in anchors:
                raise ComposerError(None, None, "found undefined alias", mark)
            items.append(anchors[event.anchor][0])
            continue
        anchor = event.anchor
        if anchor is not None and anchor in anchors:
            message = "found duplicate anchor; first occurrence"
            raise ComposerError(message, anchors[anchor][1], "second occurrence", mark)
        if line_mark is None or mark.line != line_mark.line:  # events come in the file's order
            start = mark.index - mark.column
            line_mark = Mark(mark.name, start, mark.line, 0, None, None)
            if root_mark is None:
                root_mark = mark  # the document's own, for the error of a second one
        tag = event.tag
        node: Node
        if kind is ScalarEvent:
            value = event.value
            if tag is None or tag == "!":
                if event.implicit[0]:  # plain: a number, a date, true... or text
                    known = plain.get(value)
                    if known is None:
                        known = plain[value] = (resolve(ScalarNode, value, event.implicit), value)
                    tag, value = known
                else:
                    tag = text_tag
            node = new(_Scalar)
            node.tag, node.value, node.start_mark = tag, value, line_mark
            node.style = event.style
            items.append(node)
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            sequence = kind is SequenceStartEvent
            if tag is None or tag == "!":
                tag = resolve(SequenceNode if sequence else MappingNode, None, event.implicit)
            collection = new(_Sequence if sequence else _Mapping)
            collection.tag, collection.value, collection.start_mark = tag, [], line_mark
            collection.flow_style = event.flow_style
            items.append(collection)
            open_nodes.append((collection, items))
            items, node = collection.value, collection
        else:
            raise ComposerError(None, None, f"unexpected {kind.__name__}", mark)
        if anchor is not None:
            anchors[anchor] = (node, mark)
    if not parser.check_event(StreamEndEvent):
        after: Any = parser.get_event()
        message = "expected a single document in the stream"
        raise ComposerError(message, root_mark, "but found another document", after.start_mark)
    return document[0]
