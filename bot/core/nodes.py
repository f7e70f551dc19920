"""Reading a YAML node tree (not plain dicts) so that every problem names its line, and
duplicate keys, which PyYAML would silently overwrite, are caught.

Only plain YAML values are read: text, numbers, booleans, null and dates, lists and mappings.
A node with any other tag (`!!binary`, `!!set`, `!!python/object`, a local `!tag`) is refused
where it is read, so that no value of a type the reader does not expect passes as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.problems import Problem

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SPACES = re.compile(r"\s+")
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
        return _SPACES.sub(" ", str(node.value)).strip()

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
