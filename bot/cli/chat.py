"""`release-bot chat`: a conversation in the terminal over the same engine as the bot."""

from __future__ import annotations

import argparse

from bot.cli.common import add_knowledge_options, load_engine
from bot.core.answers import render_plain
from bot.core.knowledge import Entry
from bot.exit_codes import ExitCode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_knowledge_options(parser)


def run(args: argparse.Namespace) -> ExitCode:
    engine = load_engine(args)
    base = engine.bases[args.release or engine.default_release]
    print(
        f"Ask about: {base.release.headline}\n"
        "(type a number to follow a suggestion; empty line or Ctrl-D to quit)\n"
    )
    offered: tuple[Entry, ...] = ()
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return ExitCode.OK
        if not question:
            return ExitCode.OK
        if question.isdigit() and 1 <= int(question) <= len(offered):
            reply = engine.answer_entry(offered[int(question) - 1], base)
        else:
            reply = engine.ask(question, base.id)
        print("\n" + render_plain(reply) + "\n")
        offered = reply.suggestions
        for number, entry in enumerate(offered, 1):
            print(f"  [{number}] {entry.title}")
        print()
