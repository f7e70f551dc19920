"""Feedback on answers: stored masked and without anyone's ids (SQLite and PostgreSQL), purged,
and reported per fact (`release-bot report`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.engine import Engine
from bot.questionlog.feedback import COMMENT_WINDOW, FEEDBACK, Feedback, FeedbackStore, metadata
from bot.questionlog.feedback_report import (
    build_feedback_report,
    feedback_json,
    read_feedback,
    render_feedback_csv,
    render_feedback_text,
)
from bot.questionlog.storage import open_question_log, sqlite_path
from tests.questionlog.conftest import IDENTIFYING, NOW, _sqlalchemy_url

RELEASE = "moj-fi-hakkanen-konovalov-moscow"


@pytest.fixture
def feedback(database_url: str | None, data_dir: Path) -> Iterator[FeedbackStore]:
    if database_url is not None:
        engine = sa.create_engine(_sqlalchemy_url(database_url))
        with engine.begin() as connection:
            metadata.drop_all(connection)
        engine.dispose()
    log = open_question_log(database_url, data_dir)
    yield FeedbackStore(log.engine)
    log.close()


def test_votes_are_stored_masked_and_without_ids(feedback: FeedbackStore) -> None:
    first = feedback.record(RELEASE, "meeting", True, None, NOW)
    second = feedback.record(RELEASE, "location", False, "where? +358 40 123 4567", NOW)
    assert second > first
    assert feedback.add_comment(second, "the street, write to jane@example.org", NOW)
    assert not feedback.add_comment(second, "again", NOW)  # one comment per vote
    assert not feedback.add_comment(first, "a 👍 takes none", NOW)
    assert not feedback.add_comment(second + 1, "no such vote", NOW)
    votes = feedback.fetch()
    assert [(v.fact_id, v.helpful) for v in votes] == [("meeting", True), ("location", False)]
    assert votes[1].question == "where? [phone]"
    assert votes[1].comment == "the street, write to [email]"
    assert not [c.name for c in FEEDBACK.columns if any(w in c.name for w in IDENTIFYING)]


def test_a_comment_comes_within_a_day_or_not_at_all(feedback: FeedbackStore) -> None:
    vote = feedback.record(RELEASE, "meeting", False, None, NOW)
    assert not feedback.add_comment(vote, "late", NOW + COMMENT_WINDOW + timedelta(seconds=1))
    assert not feedback.add_comment(vote, "   ", NOW)
    assert feedback.add_comment(vote, "in time", NOW + COMMENT_WINDOW)


def test_fetch_since_and_purge(feedback: FeedbackStore) -> None:
    feedback.record(RELEASE, "meeting", True, now=NOW - timedelta(days=100))
    feedback.record(RELEASE, "meeting", False, now=NOW)
    assert len(feedback.fetch(NOW - timedelta(days=1))) == 1
    assert feedback.purge(NOW - timedelta(days=90)) == 1
    assert [v.helpful for v in feedback.fetch()] == [False]


def votes() -> list[Feedback]:
    at = NOW
    made = [
        Feedback(RELEASE, "meeting", True, at),
        Feedback(RELEASE, "meeting", True, at),
        Feedback(RELEASE, "meeting", False, at, "who met who", None),
        Feedback(RELEASE, "location", False, at, "Where was it?", "the building"),
        Feedback(RELEASE, "location", False, at + timedelta(minutes=1), "where was it", "=cmd"),
        Feedback(RELEASE, "location", True, at),
    ]
    return made


def test_the_report_ranks_facts_by_their_thumbs_down(engine: Engine) -> None:
    report = build_feedback_report(votes(), engine)
    assert [(f.fact_id, f.helpful, f.unhelpful) for f in report.facts] == [
        ("location", 1, 2),
        ("meeting", 2, 1),
    ]
    location = report.facts[0]
    assert location.questions == (("Where was it?", 2),)  # near-identical ones counted together
    assert location.missing == ("=cmd", "the building")  # newest first
    assert location.title == engine.bases[RELEASE].entry("location").title  # type: ignore[union-attr]
    assert (report.votes, report.helpful) == (6, 3)

    text = render_feedback_text(report)
    assert text.startswith("Feedback on answers, all time: 6 votes, 3 helpful (50 %)")
    assert "👎 after: “Where was it?” (2)" in text and "missing: “=cmd” · “the building”" in text
    assert "67 %" in text and "33 %" in text
    document = feedback_json(report, limit=1)
    assert len(document["facts"]) == 1  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(render_feedback_csv(report))))
    assert rows[0]["missing"] == "'=cmd | the building"  # a spreadsheet formula defused
    assert render_feedback_text(build_feedback_report([])) == ""


def test_reading_without_a_database_creates_nothing(data_dir: Path) -> None:
    assert read_feedback(None, data_dir) == []
    assert not sqlite_path(data_dir).exists()
