"""`bot.core.nodes.compose` makes the tree `yaml.compose` makes with libyaml (classes, tags,
values, lines, styles, shared anchored nodes, errors) in about half the memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml

from benchmarks.large_bases import write_base
from bot.core.nodes import compose
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

DOCUMENTS = [
    "",
    "---\n",
    "# only a comment\n",
    "plain",
    "'quoted'\n",
    "!!str\n",
    "- a\n- b\n",
    "[1, 2.5, true, null, 2019-08-19, ~, '', 0x1f, .inf]\n",
    "a: &x 1\nb: *x\nc: &y [1, *x]\nd: *y\n",
    "a: &r [*r]\n",
    "&m {a: *m}\n",
    "&a a: *a\n",
    "a: !!str 1\nb: !custom x\nc: ! 3\nd: !!binary aGk=\ne: !!set {a, b}\nf: !<tag:x> y\n",
    "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!foo x\n",
    "? [a, b]\n: c\n? {x: 1}\n: d\n[e, f]: g\n",
    "key:\nother: ~\n{a: 1, a: 2}: dup\n",
    "base: &b {a: 1}\nm:\n  <<: *b\n  c: 2\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\nnext: x\n",
    "a: 'multi\n  line'\nb: \"esc\\tx\\u00e9\"\nc: plain\n  continued\n",
    "a: b\r\nc: d\r\n",
    "\ufeffa: 1\n",
    "é: ü\nnested:\n  - [x, {y: z}]\n  - - deep\n    - er\n",
    "--- !!map\na: 1\n",
    "--- !!seq\n- 1\n...\n",
]
BROKEN = [
    "...\n",
    "a: &x 1\nb: &x 2\n",  # a duplicate anchor
    "a: [1, *nope]\n",  # an undefined alias
    "a: 1\n---\nb: 2\n",  # two documents
    "--- a\n--- [b\n",
    "a: 1\n...\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "- x\ny: z\n",
    "a: \x07\n",
    "a:\n  - b\n c\n",
    "a: " + "[" * 2000 + "]" * 2000 + "\n",
]


def shape(node: yaml.Node | None, seen: dict[int, int]) -> object:
    """All that a node tree says but its columns; a node met again is given by its number."""
    if node is None:
        return None
    if id(node) in seen:
        return ("again", seen[id(node)])
    seen[id(node)] = len(seen)
    kinds = (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)
    kind = next(kind.__name__ for kind in kinds if isinstance(node, kind))
    head = (kind, node.tag, node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*head, node.flow_style, [shape(item, seen) for item in node.value])
    pairs = [(shape(key, seen), shape(value, seen)) for key, value in node.value]
    return (*head, node.flow_style, pairs)


def outcome(source: str, make: object) -> object:
    """The tree's shape, or what the error says and where."""
    try:
        if make is compose:
            root = compose(source, yaml.CSafeLoader)
        else:
            root = yaml.compose(source, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        marks = [getattr(error, name, None) for name in ("context_mark", "problem_mark")]
        where = [(mark.line, mark.column) if mark else None for mark in marks]
        said = [getattr(error, name, None) for name in ("context", "problem")]
        return type(error).__name__, said, where, str(error)
    return shape(root, {})


@pytest.mark.parametrize("source", DOCUMENTS)
def test_the_same_tree_as_yaml_compose(source: str) -> None:
    assert outcome(source, compose) == outcome(source, yaml.compose)


@pytest.mark.parametrize("source", BROKEN)
def test_the_same_errors_as_yaml_compose(source: str) -> None:
    found = outcome(source, compose)
    assert isinstance(found, tuple) and found[0].endswith("Error")
    assert found == outcome(source, yaml.compose)


def test_the_same_tree_for_every_knowledge_file(tmp_path: Path) -> None:
    files = [*ROOT.glob("knowledge/*/knowledge.yaml"), *ROOT.glob("tests/data/**/knowledge.yaml")]
    files.append(write_base(tmp_path / "synthetic", 200))
    for file in files:
        source = file.read_text(encoding="utf-8")
        assert outcome(source, compose) == outcome(source, yaml.compose), file


def test_nodes_share_the_mark_of_the_start_of_their_line() -> None:
    root = compose("a: [x, y]\nbb:\n  - z\n", yaml.CSafeLoader)
    assert isinstance(root, yaml.MappingNode)
    (a, xy), (bb, z) = root.value
    assert a.start_mark is xy.start_mark is xy.value[1].start_mark
    assert (a.start_mark.line, a.start_mark.column, a.start_mark.index) == (0, 0, 0)
    assert (bb.start_mark.line, z.value[0].start_mark.line) == (1, 2)
    assert z.value[0].start_mark.index == len("a: [x, y]\nbb:\n")
    assert a.end_mark is None


def test_other_loaders_get_yaml_compose_itself() -> None:
    root = compose("a: 1\n", yaml.SafeLoader)
    assert type(root) is yaml.MappingNode and root.end_mark is not None


def test_the_tree_takes_half_the_memory(tmp_path: Path) -> None:
    source = write_base(tmp_path / "synthetic", 300).read_text(encoding="utf-8")
    sizes = []
    for make in (compose, yaml.compose):
        tracemalloc.start()
        try:
            root = make(source, yaml.CSafeLoader)
            sizes.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
        assert root is not None
        del root
    assert sizes[0] < 0.6 * sizes[1], sizes
