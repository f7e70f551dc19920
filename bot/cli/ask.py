"""`release-bot ask`: one question from the arguments, or one per line from standard input.

With --json each reply is one JSON line (the public protocol: fields are added, never renamed
or removed).
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import add_knowledge_options, add_language_option, load_engine
from bot.core.answers import Reply, render_plain
from bot.exit_codes import ExitCode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="the question (omit to read lines from stdin)")
    parser.add_argument("--json", action="store_true", help="print JSON (JSON Lines for stdin)")
    add_language_option(parser)
    add_knowledge_options(parser)


def run(args: argparse.Namespace) -> ExitCode:
    engine = load_engine(args)
    if args.question:
        reply = engine.ask(" ".join(args.question), args.release, language=args.language)
        print(_render(reply, args.json))
        return ExitCode.OK
    for line in sys.stdin:
        reply = engine.ask(line.rstrip("\r\n"), args.release, language=args.language)
        print(_render(reply, args.json) + ("" if args.json else "\n"), flush=True)
    return ExitCode.OK


def _render(reply: Reply, as_json: bool) -> str:
    return json.dumps(reply.as_json(), ensure_ascii=False) if as_json else render_plain(reply)
