"""Feedback on answers: a 👍 or 👎 for a fact, in the question log's database.

Nothing identifies who gave it: the release, the fact, the vote and when, and for a 👎 the
question that got the answer (when the bot still knows it) and what the user said was missing,
both masked like the question log's questions. Kept, and purged, like the question log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.questionlog.masking import mask_personal_data
from bot.questionlog.side_tables import SideTables
from bot.questionlog.storage import UTCDateTime

MAX_TEXT_CHARS = 1000
COMMENT_WINDOW = timedelta(days=1)  # "what was missing" is taken this long after the 👎
_SCHEMA_LOCK_KEY = 7_146_201_307

metadata = sa.MetaData()
FEEDBACK = sa.Table(
    "answer_feedback",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("given_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("release_id", sa.String(200), nullable=False),
    sa.Column("fact_id", sa.String(200), nullable=False),
    sa.Column("helpful", sa.Boolean(), nullable=False),
    sa.Column("question", sa.Text(), nullable=True),
    sa.Column("comment", sa.Text(), nullable=True),
)


@dataclass(frozen=True)
class Feedback:
    """One vote. Deliberately nothing that identifies who gave it."""

    release_id: str
    fact_id: str
    helpful: bool
    given_at: datetime
    question: str | None = None  # masked
    comment: str | None = None  # masked: what was missing, for a 👎
    id: int | None = field(default=None, compare=False)


def _masked(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return mask_personal_data(text.strip()[:MAX_TEXT_CHARS])


class FeedbackStore(SideTables):
    """The votes, over the question log's engine. Blocking: call it from a thread."""

    def __init__(self, engine: sa.Engine) -> None:
        super().__init__(engine, metadata, _SCHEMA_LOCK_KEY)

    def record(
        self,
        release_id: str,
        fact_id: str,
        helpful: bool,
        question: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Store a vote (the question masked here, whoever built it); its id."""
        row = {
            "given_at": now or datetime.now(UTC),
            "release_id": release_id,
            "fact_id": fact_id,
            "helpful": helpful,
            "question": _masked(question),
        }
        with self.transaction("record feedback") as connection:
            key = connection.execute(sa.insert(FEEDBACK).values(**row)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def add_comment(self, feedback_id: int, comment: str, now: datetime | None = None) -> bool:
        """What was missing, for a recent 👎 that has none yet; False if it cannot take one."""
        masked = _masked(comment)
        if masked is None:
            return False
        since = (now or datetime.now(UTC)) - COMMENT_WINDOW
        statement = (
            sa.update(FEEDBACK)
            .where(
                FEEDBACK.c.id == feedback_id,
                FEEDBACK.c.helpful.is_(False),
                FEEDBACK.c.comment.is_(None),
                FEEDBACK.c.given_at >= since,
            )
            .values(comment=masked)
        )
        with self.transaction("record a comment") as connection:
            return bool(connection.execute(statement).rowcount == 1)

    def fetch(self, since: datetime | None = None) -> list[Feedback]:
        """Votes given at or after `since` (all if None), oldest first."""
        query = sa.select(FEEDBACK).order_by(FEEDBACK.c.given_at, FEEDBACK.c.id)
        if since is not None:
            query = query.where(FEEDBACK.c.given_at >= since)
        with self.transaction("read feedback") as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Feedback(
                release_id=row["release_id"],
                fact_id=row["fact_id"],
                helpful=bool(row["helpful"]),
                given_at=row["given_at"],
                question=row["question"],
                comment=row["comment"],
                id=row["id"],
            )
            for row in rows
        ]

    def purge(self, older_than: datetime) -> int:
        """Delete votes given before `older_than`; how many."""
        statement = sa.delete(FEEDBACK).where(FEEDBACK.c.given_at < older_than)
        with self.transaction("purge old feedback") as connection:
            return int(connection.execute(statement).rowcount)
