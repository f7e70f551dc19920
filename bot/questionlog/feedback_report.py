"""The feedback part of `release-bot report`: per fact, how many found its answer helpful, and
the questions (and what was missing) behind the 👎s. Text, a JSON object, or CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.engine import Engine
from bot.core.normalize import fold
from bot.questionlog.feedback import Feedback, FeedbackStore
from bot.questionlog.render import csv_cell, when, wrapped
from bot.questionlog.storage import open_question_log, sqlite_path

EXAMPLES = 5


@dataclass(frozen=True)
class FactFeedback:
    release_id: str
    fact_id: str
    title: str | None  # the fact's first question, if its knowledge base is loaded
    helpful: int
    unhelpful: int
    questions: tuple[tuple[str, int], ...]  # behind the 👎s: (question, times), most first
    missing: tuple[str, ...]  # what 👎 users said was missing, newest first

    @property
    def votes(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.votes if self.votes else 0.0


@dataclass(frozen=True)
class FeedbackReport:
    facts: tuple[FactFeedback, ...]  # most 👎 first
    since: datetime | None

    @property
    def helpful(self) -> int:
        return sum(fact.helpful for fact in self.facts)

    @property
    def votes(self) -> int:
        return sum(fact.votes for fact in self.facts)


def build_feedback_report(
    votes: Sequence[Feedback], engine: Engine | None = None, since: datetime | None = None
) -> FeedbackReport:
    by_fact: dict[tuple[str, str], list[Feedback]] = defaultdict(list)
    for vote in votes:
        by_fact[(vote.release_id, vote.fact_id)].append(vote)
    facts = [_fact(key, members, engine) for key, members in by_fact.items()]
    facts.sort(key=lambda f: (-f.unhelpful, f.helpful_share, -f.votes, f.release_id, f.fact_id))
    return FeedbackReport(tuple(facts), since)


def _fact(key: tuple[str, str], votes: list[Feedback], engine: Engine | None) -> FactFeedback:
    release_id, fact_id = key
    base = engine.bases.get(release_id) if engine is not None else None
    entry = base.entry(fact_id) if base is not None else None
    unhelpful = [vote for vote in votes if not vote.helpful]
    forms: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for vote in unhelpful:
        if vote.question:
            form = fold(vote.question) or vote.question
            forms[form] += 1
            spelling.setdefault(form, vote.question)
    newest_first = sorted(unhelpful, key=lambda vote: vote.given_at, reverse=True)
    return FactFeedback(
        release_id=release_id,
        fact_id=fact_id,
        title=entry.title if entry is not None else None,
        helpful=len(votes) - len(unhelpful),
        unhelpful=len(unhelpful),
        questions=tuple((spelling[form], n) for form, n in forms.most_common(EXAMPLES)),
        missing=tuple(vote.comment for vote in newest_first if vote.comment)[:EXAMPLES],
    )


def read_feedback(
    database_url: str | None, data_dir: Path, since: datetime | None = None
) -> list[Feedback]:
    """The votes; none (and no file created) if the SQLite database does not exist yet."""
    if not database_url and not sqlite_path(data_dir).exists():
        return []
    with open_question_log(database_url, data_dir) as question_log:
        return FeedbackStore(question_log.engine).fetch(since)


def render_feedback_text(report: FeedbackReport, limit: int = 0) -> str:
    """A section for the text report; empty when nobody gave feedback."""
    if not report.facts:
        return ""
    period = f"since {when(report.since)}" if report.since else "all time"
    lines = [
        f"Feedback on answers, {period}: {report.votes} votes, {report.helpful} helpful "
        f"({_percent(report.helpful / report.votes)})",
        "",
        f"{'👍':>4} {'👎':>4}  {'helpful':>7}  fact",
    ]
    indent = " " * 20
    for fact in _top(report, limit):
        name = fact.fact_id + (f" “{fact.title}”" if fact.title else "")
        if len({f.release_id for f in report.facts}) > 1:
            name += f" [release {fact.release_id}]"
        cells = f"{fact.helpful:>4} {fact.unhelpful:>4}  {_percent(fact.helpful_share):>7}  "
        lines += wrapped(cells, indent, name)
        if fact.questions:
            asked = " · ".join(_counted(question, n) for question, n in fact.questions)
            lines += wrapped(indent, indent, "👎 after: " + asked)
        if fact.missing:
            lines += wrapped(
                indent, indent, "missing: " + " · ".join(f"“{m}”" for m in fact.missing)
            )
    return "\n".join(lines) + "\n"


def feedback_json(report: FeedbackReport, limit: int = 0) -> dict[str, object]:
    """The feedback as a JSON object (the `feedback` member of `report --json`)."""
    return {
        "votes": report.votes,
        "helpful": report.helpful,
        "facts": [
            {
                "release": fact.release_id,
                "fact_id": fact.fact_id,
                "question": fact.title,
                "helpful": fact.helpful,
                "unhelpful": fact.unhelpful,
                "helpful_share": round(fact.helpful_share, 3),
                "unhelpful_questions": [{"question": q, "count": n} for q, n in fact.questions],
                "missing": list(fact.missing),
            }
            for fact in _top(report, limit)
        ],
    }


CSV_FIELDS = (
    "release",
    "fact_id",
    "question",
    "helpful",
    "unhelpful",
    "helpful_share",
    "unhelpful_questions",
    "missing",
)


def render_feedback_csv(report: FeedbackReport, limit: int = 0) -> str:
    """A header, then one row per fact; cells a spreadsheet would run as formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_FIELDS)
    for fact in _top(report, limit):
        writer.writerow(
            [
                fact.release_id,
                fact.fact_id,
                csv_cell(fact.title or ""),
                fact.helpful,
                fact.unhelpful,
                round(fact.helpful_share, 3),
                csv_cell(" | ".join(question for question, _ in fact.questions)),
                csv_cell(" | ".join(fact.missing)),
            ]
        )
    return buffer.getvalue()


def _top(report: FeedbackReport, limit: int) -> tuple[FactFeedback, ...]:
    return report.facts[:limit] if limit > 0 else report.facts


def _counted(question: str, times: int) -> str:
    return f"“{question}”" + (f" ({times})" if times > 1 else "")


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"
