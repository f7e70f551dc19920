"""Typed values from YAML nodes, with the line and field of every problem."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.nodes import NodeReader, child_node, is_null, item_node

DOC = """\
name: Example
count: three
flags: [a, b]
empty:
nested:
  inner: 1
"""


def read() -> tuple[NodeReader, dict[str, yaml.Node]]:
    reader = NodeReader(Path("k.yaml"))
    fields = reader.mapping(
        yaml.compose(DOC),
        "doc",
        required=("name", "count", "missing"),
        optional=("flags", "empty", "nested"),
    )
    assert fields is not None
    return reader, fields


def test_values_of_the_right_kind_are_read() -> None:
    reader, fields = read()
    assert reader.string(fields["name"], "doc.name") == "Example"
    assert reader.strings(fields["flags"], "doc.flags") == ("a", "b")


def test_every_problem_names_file_line_and_field() -> None:
    reader, fields = read()
    reader.integer(fields["count"], "doc.count")
    reader.string(fields["empty"], "doc.empty")
    found = [str(problem) for problem in reader.problems]
    assert "k.yaml:1: doc.missing: is missing" in found
    assert "k.yaml:2: doc.count: must be a whole number" in found
    assert "k.yaml:4: doc.empty: is empty" in found


def test_an_unknown_or_repeated_field_is_refused() -> None:
    reader = NodeReader(Path("k.yaml"))
    reader.mapping(yaml.compose("a: 1\nb: 2\na: 3\n"), "doc", required=("a",))
    found = [str(problem) for problem in reader.problems]
    assert any("doc.b: unknown field (allowed: a)" in p for p in found)
    assert any("k.yaml:3: doc.a: is given twice" in p for p in found)


def test_child_and_item_nodes() -> None:
    root = yaml.compose(DOC)
    flags = child_node(root, "flags")
    assert flags is not None and item_node(flags, 1).value == "b"
    assert item_node(flags, 9) is flags  # out of range: the list itself, for its line
    assert child_node(root, "nope") is None
    empty = child_node(root, "empty")
    assert empty is not None and is_null(empty)


def test_text_is_read_with_white_space_made_single_spaces() -> None:
    """Runs of any white space become one space and the ends are stripped; text that has none
    to change is kept as it is, not copied."""
    import random
    import re

    reader = NodeReader(Path("k.yaml"))
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice("ab  \t\n\u00a0\u2003\r.x") for _ in range(rng.randrange(1, 12)))
        node = yaml.ScalarNode("tag:yaml.org,2002:str", text, yaml.Mark("k", 0, 0, 0, None, 0))
        expected = re.sub(r"\s+", " ", text).strip() or None
        assert reader.string(node, "f", required=False) == expected, repr(text)
    kept = yaml.ScalarNode("tag:yaml.org,2002:str", "one two three" + "!" * 10)
    assert reader.string(kept, "f") is kept.value
