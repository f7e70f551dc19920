"""`release-bot report`: the most frequent questions the bot could not answer well, from the
question log named by RELEASE_BOT_DATABASE_URL, or else the SQLite file in RELEASE_BOT_DATA_DIR."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, timedelta

from bot.cli import report_feedback
from bot.cli.common import (
    add_env_file_option,
    add_knowledge_options,
    fail,
    load_engine,
    settings_loader,
)
from bot.core.engine import Engine
from bot.core.problems import KnowledgeError
from bot.exit_codes import ExitCode
from bot.questionlog.grouping import DEFAULT_SIMILARITY
from bot.questionlog.render import DEFAULT_LIMIT, render_csv, render_json, render_text
from bot.questionlog.report import build_report, read_questions
from bot.questionlog.storage import QuestionLogError
from bot.settings import ConfigError

_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_DURATION_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        type=parse_since,
        default=None,
        metavar="WHEN",
        help="only questions asked since a date (2024-05-01) or a duration back (12h, 7d, 2w)",
    )
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print one JSON document")
    formats.add_argument("--csv", action="store_true", help="print CSV, one row per group")
    parser.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show the N most asked groups (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument(
        "--similarity",
        type=_positive_percent,
        default=DEFAULT_SIMILARITY,
        metavar="PERCENT",
        help=f"how alike phrasings must be to count together (default {DEFAULT_SIMILARITY:g})",
    )
    report_feedback.add_arguments(parser)
    add_knowledge_options(parser)
    add_env_file_option(parser)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        storage = settings_loader(args).storage()
    except ConfigError as error:
        return fail(str(error))
    url = storage.database_url.reveal() if storage.database_url else None
    try:
        questions = read_questions(url, storage.data_dir, args.since)
    except ValueError as error:
        return fail(f"RELEASE_BOT_DATABASE_URL: {error}")
    except QuestionLogError as error:
        return fail(f"cannot read the question log: {error}", ExitCode.FAILED)
    engine = _engine_or_none(args) if questions else None
    report = build_report(questions, engine, threshold=args.similarity, since=args.since)
    render = render_json if args.json else render_csv if args.csv else render_text
    output = render(report, args.limit)
    sys.stdout.write(report_feedback.with_feedback(output, args, url, storage.data_dir))
    return ExitCode.OK


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`--since`: a date (2024-05-01, midnight UTC), a date and time (naive means UTC), or a
    duration back from now: 12h, 7d, 2w."""
    duration = _DURATION.match(value)
    if duration:
        amount, unit = int(duration.group(1)), duration.group(2).lower()
        return (now or datetime.now(UTC)) - timedelta(**{_DURATION_UNITS[unit]: amount})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (2024-05-01), a date and time, or a duration (12h, 7d, 2w)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _positive_percent(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 100:
        raise argparse.ArgumentTypeError("must be a number above 0, at most 100")
    return number


def _limit(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError("must be a whole number (0 for all)")
    return int(value)


def _engine_or_none(args: argparse.Namespace) -> Engine | None:
    """The engine, for fact titles; without a valid knowledge base the report still runs."""
    try:
        return load_engine(args)
    except KnowledgeError as error:
        print(
            f"release-bot: the knowledge base was refused ({len(error.problems)} problems); "
            "closest facts come from the log only",
            file=sys.stderr,
        )
        return None
