"""The `release-bot` command line.

Each command is a module of this package with `add_arguments(parser)` and `run(args) ->
ExitCode`. `main` imports only the module of the command being run, so `release-bot ask` loads
the answering core and nothing of Telegram, the HTTP server, the database or the metrics.
Logging is configured by the commands that log (`run`), never on import.

May import: `bot.exit_codes`, `bot.core.problems`; each command module imports what it needs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.problems import KnowledgeError
from bot.exit_codes import ExitCode


@dataclass(frozen=True)
class Command:
    module: str
    summary: str


COMMANDS: dict[str, Command] = {
    "ask": Command("bot.cli.ask", "Answer one question, or one per line from standard input."),
    "chat": Command("bot.cli.chat", "Talk to the bot in the terminal, without Telegram."),
    "check": Command(
        "bot.cli.check", "Validate a knowledge base; exit 1 and list problems if broken."
    ),
    "eval": Command(
        "bot.cli.evaluate", "Run question sets and report accuracy, misses and unused facts."
    ),
    "ingest": Command(
        "bot.cli.ingest", "Turn a press release text into a DRAFT knowledge base folder to review."
    ),
    "report": Command(
        "bot.cli.report",
        "What to add next: the most frequent unanswered and low-confidence questions.",
    ),
    "run": Command("bot.cli.run", "Run the Telegram bot (settings from the environment)."),
    "healthcheck": Command(
        "bot.cli.healthcheck",
        "Exit 0 if the running bot's /healthz answers 200 (for container health checks).",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in COMMANDS:
        return _top_level(arguments)
    name = arguments[0]
    command = COMMANDS[name]
    module = importlib.import_module(command.module)
    parser = argparse.ArgumentParser(prog=f"release-bot {name}", description=command.summary)
    module.add_arguments(parser)
    args = parser.parse_args(arguments[1:])
    utf8_stdio()
    try:
        return int(module.run(args))
    except KnowledgeError as error:
        print(f"release-bot: the knowledge base was refused:\n{error}", file=sys.stderr)
        return ExitCode.FAILED
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def _top_level(arguments: list[str]) -> int:
    """`release-bot`, `release-bot --help` or an unknown command: the list of commands."""
    parser = argparse.ArgumentParser(
        prog="release-bot",
        description="Answer questions about a press release from its reviewed knowledge base.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, command in COMMANDS.items():
        commands.add_parser(name, help=command.summary, add_help=False)
    parser.parse_args(arguments)  # --help exits 0; an unknown command exits 2 with usage
    parser.print_help()
    return ExitCode.USAGE


def utf8_stdio() -> None:
    """Never crash printing a name like Häkkänen to a terminal with a narrow encoding."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if (
        os.environ.get("PYTHONIOENCODING") is None
        and sys.stdin
        and hasattr(sys.stdin, "reconfigure")
    ):
        sys.stdin.reconfigure(errors="replace")
