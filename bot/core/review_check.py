"""What a reviewer still has to fix in a knowledge base: every value holding a "REVIEW:" marker
and every placeholder phone number (+999, which is no country's calling code), as `release-bot
ingest` writes them into a draft.

In a draft (`release.draft: true`) they are warnings; a knowledge base that is not a draft is
refused while it has one, so that a placeholder never reaches users. Each is a `Problem` with
the file, the line and the field it is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.knowledge import KnowledgeBase, Release
from bot.core.problems import Problem

MARKER = "REVIEW:"
_PLACEHOLDER_PHONE = re.compile(r"^\+\s*999")


def review_items(root: Node | None, file: Path) -> list[Problem]:
    """Every review marker and placeholder phone in the YAML node tree, in file order."""
    problems = []
    for field, node in _scalars(root, "(document)"):
        value = str(node.value)
        line = node.start_mark.line + 1
        if MARKER in value:
            problems.append(Problem(file, line, field, f"'{value}' is a review marker: replace it"))
        elif _PLACEHOLDER_PHONE.match(value.strip()):
            message = f"'{value}' is a placeholder phone: give the press contact's number"
            problems.append(Problem(file, line, field, message))
    return problems


def unreviewed(root: Node | None, file: Path, release: Release | None) -> list[Problem]:
    """What refuses a knowledge base that is not a draft: each of its review items. None for a
    draft (its items are warnings, see `draft_warnings`) or a release that could not be read."""
    if release is None or release.draft:
        return []
    return [
        Problem(p.file, p.line, p.field, f"{p.message} (or mark the release draft: true)")
        for p in review_items(root, file)
    ]


def draft_warnings(base: KnowledgeBase) -> list[Problem]:
    """The review items of a loaded draft, read again from its file."""
    if not base.release.draft or base.path is None:
        return []
    try:
        root = yaml.compose(base.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # it loaded a moment ago; if it changed since, the next check says why
    return review_items(root, base.path)


def _scalars(node: Node | None, field: str) -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar value under `node` with its field path ("contacts[0].phone")."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            yield from _scalars(value, name if field == "(document)" else f"{field}.{name}")
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, f"{field}[{index}]")
    elif isinstance(node, ScalarNode) and isinstance(node.value, str):
        yield field, node
