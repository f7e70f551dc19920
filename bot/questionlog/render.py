"""The report as text (a table for people), JSON and CSV (for other tools).

Every text cell comes from the public. The report's texts are already `readable` (no control
characters, no line breaks: `bot.questionlog.report`); on top of that every CSV field is quoted,
and text cells that a spreadsheet would run as a formula are defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from datetime import UTC, datetime

from bot.questionlog.report import QuestionGroup, Report

DEFAULT_LIMIT = 20
OUTCOME_LABELS = {"answered": "low confidence"}  # in the text report; JSON and CSV keep values
TEXT_WIDTH = 100
# what makes a spreadsheet read a cell as a formula (OWASP), with the full-width forms
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def render_text(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """A human-readable table."""
    shown = _top(report, limit)
    period = f"since {when(report.since)}" if report.since else "all time"
    lines = [
        f"Questions the bot could not answer well, {period} (as of {when(report.generated_at)})",
    ]
    if not report.groups:
        return "\n".join([*lines, "No questions logged in this period."]) + "\n"
    lines.append(
        f"{report.total} questions in {len(report.groups)} groups"
        + (f"; the {len(shown)} most asked:" if len(shown) < len(report.groups) else ":")
    )
    many_releases = len({group.release_id for group in report.groups}) > 1
    outcome_width = max(len("outcomes"), *(len(_outcomes_text(g)) for g in shown))
    left = f"{'#':>3}  {'asked':>5}  {'outcomes':<{outcome_width}}  "
    lines += ["", left + "question, other phrasings, closest fact"]
    indent = " " * len(left)
    for rank, group in enumerate(shown, 1):
        cells = f"{rank:>3}  {group.count:>5}  {_outcomes_text(group):<{outcome_width}}  "
        lines += wrapped(cells, indent, group.question)
        if group.examples:
            lines += wrapped(indent, indent, "also: " + " · ".join(group.examples))
        closest = _closest_text(group)
        if many_releases:
            closest += f" [release {group.release_id}]"
        lines += wrapped(indent, indent, closest)
    return "\n".join(lines) + "\n"


def render_json(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """One JSON document."""
    document = {
        "generated_at": report.generated_at.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "total_questions": report.total,
        "total_groups": len(report.groups),
        "groups": [_group_json(rank, group) for rank, group in enumerate(_top(report, limit), 1)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "rank",
    "count",
    "release",
    "question",
    "examples",
    "outcomes",
    "closest_fact",
    "closest_fact_question",
    "closest_fact_score",
    "first_asked",
    "last_asked",
)


def render_csv(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """A header, then one row per group, every field quoted. Text cells that a spreadsheet would
    run as a formula are prefixed with an apostrophe: the questions come from the public."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_FIELDS)
    for rank, group in enumerate(_top(report, limit), 1):
        closest = group.closest
        writer.writerow(
            [
                rank,
                group.count,
                csv_cell(group.release_id),
                csv_cell(group.question),
                csv_cell(" | ".join(group.examples)),
                "; ".join(f"{outcome}={count}" for outcome, count in group.outcomes.items()),
                csv_cell(closest.id) if closest else "",
                csv_cell(closest.question or "") if closest else "",
                "" if closest is None or closest.score is None else closest.score,
                group.first_asked.isoformat(),
                group.last_asked.isoformat(),
            ]
        )
    return buffer.getvalue()


def _top(report: Report, limit: int) -> tuple[QuestionGroup, ...]:
    return report.groups[:limit] if limit > 0 else report.groups


def _group_json(rank: int, group: QuestionGroup) -> dict[str, object]:
    closest = group.closest
    return {
        "rank": rank,
        "count": group.count,
        "release": group.release_id,
        "question": group.question,
        "examples": list(group.examples),
        "outcomes": group.outcomes,
        "closest_fact": None
        if closest is None
        else {
            "id": closest.id,
            "question": closest.question,
            "score": closest.score,
            "source": closest.source,
        },
        "first_asked": group.first_asked.isoformat(),
        "last_asked": group.last_asked.isoformat(),
    }


def _outcomes_text(group: QuestionGroup) -> str:
    return ", ".join(
        f"{OUTCOME_LABELS.get(outcome, outcome)} {count}"
        for outcome, count in group.outcomes.items()
    )


def _closest_text(group: QuestionGroup) -> str:
    closest = group.closest
    if closest is None:
        return "closest fact: none"
    text = f"closest fact: {closest.id}"
    if closest.question:
        text += f" “{closest.question}”"
    if closest.score is not None:
        text += f" (score {closest.score:.0f})"
    return text


def wrapped(first: str, indent: str, text: str) -> list[str]:
    """`text` wrapped to the report's width, its first line after `first`, the rest indented."""
    return textwrap.wrap(
        text,
        width=max(TEXT_WIDTH, len(indent) + 30),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=True,
    ) or [first.rstrip()]


def when(moment: datetime) -> str:
    """A moment as the reports show it: minutes, UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula: the questions come from the public."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text
