"""Questions logged as the bot logs them, for the report tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.engine import Engine
from bot.core.matching import Outcome
from bot.questionlog.policy import logged_question, should_record
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.report import Report, build_report
from bot.questionlog.storage import open_question_log

# An answer that scores about 76: below the floor these tests set (the default is 60, and
# the bundled questions rarely score below it).
LOW_CONFIDENCE_QUESTION = "stronger cooperation"
LOW_CONFIDENCE = 80.0
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
# (question, times asked): three groups of paraphrases, and look-alikes that must stay apart
ASKED = [
    ("What's the weather in Moscow?", 3),
    ("whats the wether in moskow", 1),
    ("What is the weather in Moscow today?", 1),
    ("minister", 2),
    ("Minister?", 2),
    ("Will Häkkänen visit Helsinki?", 2),
    ("will hakkanen visit helsinki next", 1),
    ("What is the weather in Helsinki?", 1),
    (LOW_CONFIDENCE_QUESTION, 1),  # answered below the floor the tests use
    ("Who met whom?", 4),  # answered well: never logged
    ("Thanks!", 2),  # small talk: never logged
]


def _log_questions(engine: Engine, data_dir: Path, asked: list[tuple[str, int]] = ASKED) -> None:
    """Ask the engine as users would, and log what the bot logs, one minute apart."""
    moment = NOW - timedelta(days=1)
    with open_question_log(None, data_dir) as log:
        for text, times in asked:
            for _ in range(times):
                reply = engine.ask(text)
                moment += timedelta(minutes=1)
                if should_record(reply.question, reply.match, LOW_CONFIDENCE):
                    log.record(logged_question(reply.question, reply.match, reply.base.id, moment))


def _report(engine: Engine, data_dir: Path) -> Report:
    _log_questions(engine, data_dir)
    with open_question_log(None, data_dir) as log:
        questions = log.fetch()
    return build_report(questions, engine, now=NOW)


def _logged(text: str, release: str = "release-1", **fields: object) -> LoggedQuestion:
    values: dict[str, object] = {"outcome": Outcome.FALLBACK, "asked_at": NOW}
    values.update(fields)
    return LoggedQuestion.build(text, release_id=release, **values)  # type: ignore[arg-type]
