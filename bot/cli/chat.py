"""`release-bot chat`: a conversation in the terminal over the same engine as the bot."""

from __future__ import annotations

import argparse

from bot.cli.common import add_knowledge_options, add_language_option, fail, load_engine
from bot.core.answers import Reply, render_plain
from bot.core.knowledge import Entry, KnowledgeBase
from bot.exit_codes import ExitCode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_language_option(parser)
    add_knowledge_options(parser)


def run(args: argparse.Namespace) -> ExitCode:
    engine = load_engine(args)
    if args.release is not None and args.release not in engine.bases:
        known = ", ".join(engine.bases)
        return fail(f"no release '{args.release}' is loaded (loaded: {known})")
    base = engine.bases[args.release or engine.default_release]
    print(
        f"Ask about: {base.release.headline}\n"
        "(type a number to follow a suggestion; empty line or Ctrl-D to quit)\n"
    )
    offered: tuple[Entry, ...] = ()
    previous: Reply | None = None
    previous_base: KnowledgeBase | None = None
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return ExitCode.OK
        if not question:
            return ExitCode.OK
        if question.isdigit() and 1 <= int(question) <= len(offered) and previous_base:
            # a suggestion is answered from the release it belongs to
            reply = engine.answer_entry(offered[int(question) - 1], previous_base, args.language)
        else:
            reply = engine.ask(question, base.id, previous=previous, language=args.language)
        print("\n" + render_plain(reply) + "\n")
        offered = reply.suggestions
        previous_base = reply.base
        previous = reply if reply.fact_id else previous
        for number, entry in enumerate(offered, 1):
            print(f"  [{number}] {reply.title_of(entry)}")
        print()
