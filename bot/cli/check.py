"""`release-bot check`: validate a knowledge base; every problem as `file:line: field: message`."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import knowledge_path
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_library
from bot.core.review_check import draft_warnings
from bot.core.translations import missing_translations
from bot.exit_codes import ExitCode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="file or folder (default: $RELEASE_BOT_KNOWLEDGE or the bundled knowledge base)",
    )


def run(args: argparse.Namespace) -> ExitCode:
    for base in load_library(knowledge_path(args)):  # a KnowledgeError is reported by main()
        for warning in draft_warnings(base):  # a draft's review items; refused in a non-draft
            print(f"warning: {warning}")
        for warning in missing_translations(base):  # answered untranslated, with a note
            print(f"warning: {warning}")
        print(f"ok: {base.path} ({base.id}: {summary(base)})")
    return ExitCode.OK


def summary(base: KnowledgeBase) -> str:
    """How many entries of each kind: "19 fact, 8 not_stated, 5 smalltalk"."""
    counts: dict[str, int] = {}
    for entry in base.entries:
        counts[entry.kind.value] = counts.get(entry.kind.value, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())
