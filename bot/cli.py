"""The `release-bot` command: ask, chat, check and eval over the bundled or a chosen knowledge base.

Each subcommand lives in a small function; `main` only parses arguments and dispatches. Logging is
configured here (the entry point) and nowhere else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import ingest, report
from bot.answers import render_plain
from bot.config import ConfigError, load_dotenv_file, load_settings
from bot.engine import Engine
from bot.evaluation import (
    QuestionSet,
    QuestionSetError,
    evaluate,
    format_report,
    format_sweep,
    load_question_set,
    sweep,
)
from bot.knowledge import Entry, KnowledgeBase
from bot.loader import KnowledgeError, load_library
from bot.logs import configure_logging
from bot.paths import KNOWLEDGE_ENV, default_knowledge_path
from bot.runner import serve
from bot.service import KnowledgeService

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
QUESTIONS_FILE = "questions.yaml"

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _utf8_stdio()
    try:
        return args.command(args)
    except KnowledgeError as error:
        print(f"release-bot: the knowledge base was refused:\n{error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="release-bot",
        description="Answer questions about a press release from its reviewed knowledge base.",
    )
    parser.set_defaults(command=lambda _args: parser.print_help() or EXIT_USAGE)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=handler)
        return sub

    ask = add("ask", cmd_ask, "Answer one question, or one per line from standard input.")
    ask.add_argument("question", nargs="*", help="the question (omit to read lines from stdin)")
    ask.add_argument("--json", action="store_true", help="print JSON (JSON Lines for stdin)")
    _knowledge_options(ask)

    chat = add("chat", cmd_chat, "Talk to the bot in the terminal, without Telegram.")
    _knowledge_options(chat)

    check = add(
        "check", cmd_check, "Validate a knowledge base; exit 1 and list problems if broken."
    )
    check.add_argument(
        "path",
        nargs="?",
        type=Path,
        help=f"file or folder (default: ${KNOWLEDGE_ENV} or the bundled knowledge base)",
    )

    run = add("run", cmd_run, "Run the Telegram bot (settings from the environment and .env).")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve a webhook instead of long polling (see README)",
    )

    health = add(
        "healthcheck",
        cmd_healthcheck,
        "Exit 0 if the running bot's /healthz answers 200 (for container health checks).",
    )
    health.add_argument("--timeout", type=float, default=3.0, help="seconds to wait (default 3)")

    rep = add(
        "report",
        cmd_report,
        "What to add next: the most frequent unanswered and low-confidence questions.",
    )
    report.add_arguments(rep)
    _knowledge_options(rep)

    ing = add(
        "ingest",
        ingest.run,
        "Turn a press release text into a DRAFT knowledge base folder to review.",
    )
    ingest.add_arguments(ing)

    ev = add("eval", cmd_eval, "Run question sets and report accuracy, misses and unused facts.")
    ev.add_argument(
        "questions",
        nargs="*",
        type=Path,
        help="question set YAML file(s) (default: each release's questions.yaml)",
    )
    ev.add_argument(
        "--min-accuracy",
        type=float,
        default=None,
        metavar="PERCENT",
        help="exit 1 if any group's accuracy is below this",
    )
    ev.add_argument(
        "--sweep",
        action="store_true",
        help="calibrate: score a grid of weights and thresholds, best first",
    )
    _knowledge_options(ev)
    return parser


def _knowledge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"knowledge base file or folder (default: ${KNOWLEDGE_ENV} or the bundled one)",
    )
    parser.add_argument(
        "--release", default=None, metavar="ID", help="the release to prefer (default: the newest)"
    )


def knowledge_path(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "knowledge", None) or getattr(args, "path", None)
    return explicit or default_knowledge_path()


def load_engine(args: argparse.Namespace) -> Engine:
    return Engine(load_library(knowledge_path(args)))


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    if args.question:
        reply = engine.ask(" ".join(args.question), args.release)
        if args.json:
            print(json.dumps(reply.as_json(), ensure_ascii=False))
        else:
            print(render_plain(reply))
        return EXIT_OK
    for line in sys.stdin:
        reply = engine.ask(line.rstrip("\r\n"), args.release)
        if args.json:
            print(json.dumps(reply.as_json(), ensure_ascii=False), flush=True)
        else:
            print(render_plain(reply) + "\n", flush=True)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    base = engine.bases[args.release or engine.default_release]
    print(f"Ask about: {base.release.headline}\n"
          "(type a number to follow a suggestion; empty line or Ctrl-D to quit)\n")
    offered: tuple[Entry, ...] = ()
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return EXIT_OK
        if not question:
            return EXIT_OK
        if question.isdigit() and 1 <= int(question) <= len(offered):
            reply = engine.answer_entry(offered[int(question) - 1], base)
        else:
            reply = engine.ask(question, base.id)
        print("\n" + render_plain(reply) + "\n")
        offered = reply.suggestions
        for number, entry in enumerate(offered, 1):
            print(f"  [{number}] {entry.title}")
        print()


def cmd_run(args: argparse.Namespace) -> int:
    load_dotenv_file()
    try:
        settings = load_settings(webhook=True if args.webhook else None)
    except ConfigError as error:
        print(f"release-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    secrets = [settings.token.reveal()]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.reveal())
    configure_logging(settings.log_level, secrets)
    service = KnowledgeService(settings.knowledge_path)
    code = asyncio.run(serve(settings, service))
    if code != EXIT_OK:
        print(f"release-bot: stopped with exit code {code} (see the log above)", file=sys.stderr)
    return code


def cmd_report(args: argparse.Namespace) -> int:
    return report.run(args, lambda: load_engine(args))


def cmd_healthcheck(args: argparse.Namespace) -> int:
    """GET /healthz on this machine: the webhook port, or the health port in polling mode."""
    load_dotenv_file()
    mode = os.environ.get("RELEASE_BOT_MODE", "polling").strip().lower()
    port = os.environ.get("RELEASE_BOT_PORT" if mode == "webhook" else "RELEASE_BOT_HEALTH_PORT")
    port = (port or "").strip() or ("8080" if mode == "webhook" else "")
    if not port.isdigit():
        print("release-bot: no health port (set RELEASE_BOT_HEALTH_PORT)", file=sys.stderr)
        return EXIT_USAGE
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            healthy = response.status == 200
    except (OSError, ValueError) as error:
        print(f"release-bot: unhealthy: {type(error).__name__}", file=sys.stderr)
        return EXIT_FAILED
    print("healthy" if healthy else "unhealthy")
    return EXIT_OK if healthy else EXIT_FAILED


def cmd_check(args: argparse.Namespace) -> int:
    path = knowledge_path(args)
    bases = load_library(path)  # KnowledgeError is reported by main()
    for base in bases:
        print(f"ok: {base.path} ({base.id}: {_summary(base)})")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    paths = args.questions or shipped_question_sets(engine)
    if not paths:
        print("release-bot: no question set given and no release ships one", file=sys.stderr)
        return EXIT_USAGE
    try:
        sets = [_question_set(engine, path) for path in paths]
    except QuestionSetError as error:
        print(f"release-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.sweep:
        for release in sorted({s.release for s in sets}):
            print(
                format_sweep(
                    sweep(engine.bases[release], [s for s in sets if s.release == release])
                )
            )
        return EXIT_OK
    failed = False
    for question_set in sets:
        result = evaluate(engine, question_set)
        print(format_report(result))
        below = result.below(args.min_accuracy) if args.min_accuracy is not None else []
        if below:
            print(f"below {args.min_accuracy:g}%: {', '.join(below)}")
            failed = True
    return EXIT_FAILED if failed else EXIT_OK


def shipped_question_sets(engine: Engine) -> list[Path]:
    """The questions.yaml beside each loaded release's knowledge.yaml."""
    files = (base.path.parent / QUESTIONS_FILE for base in engine.bases.values() if base.path)
    return [path for path in files if path.is_file()]


def _question_set(engine: Engine, path: Path) -> QuestionSet:
    question_set = load_question_set(path)
    release = question_set.release or engine.default_release
    if release not in engine.bases:
        raise QuestionSetError(f"{path}: release '{release}' is not loaded")
    return load_question_set(path, engine.bases[release])


def _summary(base: KnowledgeBase) -> str:
    counts: dict[str, int] = {}
    for entry in base.entries:
        counts[entry.kind.value] = counts.get(entry.kind.value, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())


def _utf8_stdio() -> None:
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
