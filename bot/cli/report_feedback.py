"""The feedback section of `release-bot report`: after the text report, as the `feedback` member
of the JSON document, or on its own with `--feedback` (the only way to get it as CSV, which
stays one table)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import load_engine
from bot.core.engine import Engine
from bot.core.problems import KnowledgeError
from bot.questionlog.feedback_report import (
    build_feedback_report,
    feedback_json,
    read_feedback,
    render_feedback_csv,
    render_feedback_text,
)
from bot.questionlog.storage import QuestionLogError

NO_FEEDBACK = "No feedback on answers in this period.\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--feedback",
        action="store_true",
        help="only the feedback on answers: 👍 and 👎 per fact, and the questions behind the 👎s",
    )


def with_feedback(
    output: str, args: argparse.Namespace, database_url: str | None, data_dir: Path
) -> str:
    """The report's `output` with the feedback added (or, with --feedback, the feedback only)."""
    try:
        votes = read_feedback(database_url, data_dir, args.since)
    except QuestionLogError as error:
        print(f"release-bot: cannot read the feedback: {error}", file=sys.stderr)
        return output
    report = build_feedback_report(votes, _engine_or_none(args) if votes else None, args.since)
    if args.feedback:
        if args.json:
            return (
                json.dumps(feedback_json(report, args.limit), ensure_ascii=False, indent=2) + "\n"
            )
        if args.csv:
            return render_feedback_csv(report, args.limit)
        return render_feedback_text(report, args.limit) or NO_FEEDBACK
    if args.json:
        document = json.loads(output)
        document["feedback"] = feedback_json(report, args.limit)
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.csv:
        return output
    section = render_feedback_text(report, args.limit)
    return f"{output}\n{section}" if section else output


def _engine_or_none(args: argparse.Namespace) -> Engine | None:
    try:
        return load_engine(args)
    except KnowledgeError:
        return None  # fact ids stand without their titles
