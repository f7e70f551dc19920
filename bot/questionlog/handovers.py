"""Questions handed over to the press office, kept in the question log's database until they are
answered or expire, so that they survive restarts and every replica sees the same ones.

A hand-over holds what is needed to pass the answer back, and nothing longer than that: the
question as the user wrote it (they chose to send it, so it is not masked), their chat id and
Telegram name. Rows are deleted a day after the first answer (so that a colleague's further
replies still reach the user), when they expire unanswered, or when the user withdraws them.

Everything that two replicas could both try is decided by the database: a reply is relayed by
whoever inserts its row into `handover_replies` first, and an expiry is handled by whoever moves
the row to `closing` first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.questionlog.side_tables import SideTables, database_error
from bot.questionlog.storage import UTCDateTime

ANSWERED_KEEP = timedelta(days=1)  # after the first answer, colleagues' replies still go through
POSTING_TIMEOUT = timedelta(minutes=10)  # a row still "posting" this long was never posted
CLOSING_TIMEOUT = timedelta(minutes=10)  # a replica that claimed a row and vanished
MAX_QUESTION_CHARS = 1000
_SCHEMA_LOCK_KEY = 7_146_201_306

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
metadata = sa.MetaData()
HANDOVERS = sa.Table(
    "handovers",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("release_id", sa.String(200), nullable=False),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("chat_id", sa.BigInteger(), nullable=False, index=True),
    sa.Column("user_name", sa.String(300), nullable=False),
    sa.Column("preview_message_id", sa.BigInteger(), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("press_chat_id", sa.BigInteger(), nullable=True),
    sa.Column("post_message_id", sa.BigInteger(), nullable=True),
    sa.Column("answered_at", UTCDateTime(), nullable=True),
    sa.Column("closed_at", UTCDateTime(), nullable=True),
    sa.Column("replies", sa.Integer(), nullable=False, default=0),
    # one confirmation sends one question, however often "Send" is tapped and on any replica
    sa.UniqueConstraint("chat_id", "preview_message_id", name="handovers_once_per_preview"),
    sa.UniqueConstraint("press_chat_id", "post_message_id", name="handovers_one_per_post"),
)
REPLIES = sa.Table(
    "handover_replies",
    metadata,
    sa.Column("handover_id", _ID, primary_key=True),
    sa.Column("reply_message_id", sa.BigInteger(), primary_key=True),
    sa.Column("relayed_at", UTCDateTime(), nullable=False),
)


class State(StrEnum):
    POSTING = "posting"  # stored, being posted to the press group
    OPEN = "open"  # posted, waiting for an answer
    ANSWERED = "answered"  # answered; further replies are still relayed for a while
    CLOSING = "closing"  # claimed by one replica, which tells the user and deletes it


LIVE = (State.OPEN.value, State.ANSWERED.value)


class Closing(StrEnum):
    """Why a hand-over is being closed by the sweep."""

    EXPIRED = "expired"  # no answer in time: the user is told
    DONE = "done"  # answered, and kept long enough for further replies
    UNDELIVERED = "undelivered"  # never reached the group (a replica stopped while posting)
    ABANDONED = "abandoned"  # a replica claimed it and stopped before deleting it


@dataclass(frozen=True)
class Handover:
    id: int
    release_id: str
    question: str
    chat_id: int
    user_name: str
    created_at: datetime
    expires_at: datetime
    state: State
    press_chat_id: int | None = None
    post_message_id: int | None = None
    answered_at: datetime | None = None
    replies: int = 0

    @property
    def reference(self) -> str:
        return f"#{self.id}"


@dataclass(frozen=True)
class Due:
    handover: Handover
    reason: Closing


class HandoverStore(SideTables):
    """The hand-overs, over the question log's engine. Blocking: call it from a thread.
    Every method takes `now` (aware), so tests and the sweep agree on the time."""

    def __init__(self, engine: sa.Engine) -> None:
        super().__init__(engine, metadata, _SCHEMA_LOCK_KEY)

    def create(
        self,
        *,
        chat_id: int,
        user_name: str,
        preview_message_id: int,
        question: str,
        release_id: str,
        days: int,
        now: datetime,
    ) -> Handover | None:
        """Store a confirmed question (state `posting`); None if this preview was sent already."""
        row: dict[str, Any] = {
            "created_at": now,
            "expires_at": now + timedelta(days=days),
            "release_id": release_id,
            "question": question[:MAX_QUESTION_CHARS],
            "chat_id": chat_id,
            "user_name": user_name[:300],
            "preview_message_id": preview_message_id,
            "state": State.POSTING.value,
            "replies": 0,
        }
        key = self._insert_once(HANDOVERS, row, "store a hand-over")
        if key is None:
            return None
        return _from_row({**row, "id": key})

    def posted(self, handover_id: int, press_chat_id: int, post_message_id: int) -> bool:
        """The question is in the group: it is open for answers."""
        statement = (
            sa.update(HANDOVERS)
            .where(HANDOVERS.c.id == handover_id, HANDOVERS.c.state == State.POSTING.value)
            .values(
                state=State.OPEN.value,
                press_chat_id=press_chat_id,
                post_message_id=post_message_id,
            )
        )
        with self.transaction("mark a hand-over posted") as connection:
            return bool(connection.execute(statement).rowcount == 1)

    def live_by_post(
        self, press_chat_id: int, post_message_id: int, now: datetime
    ) -> Handover | None:
        """The open (or lately answered) hand-over posted as that message, if any."""
        query = sa.select(HANDOVERS).where(
            HANDOVERS.c.press_chat_id == press_chat_id,
            HANDOVERS.c.post_message_id == post_message_id,
            *_live(now),
        )
        with self.transaction("find a hand-over") as connection:
            row = connection.execute(query).mappings().first()
        return _from_row(row) if row is not None else None

    def claim_reply(self, handover_id: int, reply_message_id: int, now: datetime) -> bool:
        """True for the one caller (on any replica) that is to relay this reply."""
        row = {"handover_id": handover_id, "reply_message_id": reply_message_id, "relayed_at": now}
        return self._insert_once(REPLIES, row, "claim a reply") is not None

    def release_reply(self, handover_id: int, reply_message_id: int) -> None:
        """The reply could not be relayed: let a later delivery try again."""
        statement = sa.delete(REPLIES).where(
            REPLIES.c.handover_id == handover_id, REPLIES.c.reply_message_id == reply_message_id
        )
        with self.transaction("release a reply") as connection:
            connection.execute(statement)

    def answered(self, handover_id: int, now: datetime) -> int:
        """Count a relayed reply; the number relayed so far (0 if the hand-over is gone)."""
        statement = (
            sa.update(HANDOVERS)
            .where(HANDOVERS.c.id == handover_id, HANDOVERS.c.state.in_(LIVE))
            .values(
                state=State.ANSWERED.value,
                answered_at=sa.func.coalesce(HANDOVERS.c.answered_at, now),
                replies=HANDOVERS.c.replies + 1,
            )
        )
        query = sa.select(HANDOVERS.c.replies).where(HANDOVERS.c.id == handover_id)
        with self.transaction("mark a hand-over answered") as connection:
            if connection.execute(statement).rowcount != 1:
                return 0
            return int(connection.execute(query).scalar_one())

    def of_chat(self, chat_id: int, now: datetime) -> list[Handover]:
        """The chat's hand-overs that can still be answered, oldest first."""
        query = (
            sa.select(HANDOVERS)
            .where(HANDOVERS.c.chat_id == chat_id, *_live(now))
            .order_by(HANDOVERS.c.id)
        )
        with self.transaction("read a chat's hand-overs") as connection:
            return [_from_row(row) for row in connection.execute(query).mappings()]

    def pending(self, now: datetime) -> list[Handover]:
        """Every hand-over still waiting for a first answer, oldest first."""
        query = (
            sa.select(HANDOVERS)
            .where(HANDOVERS.c.state == State.OPEN.value, HANDOVERS.c.expires_at > now)
            .order_by(HANDOVERS.c.id)
        )
        with self.transaction("read the pending hand-overs") as connection:
            return [_from_row(row) for row in connection.execute(query).mappings()]

    def withdraw(self, handover_id: int, chat_id: int, now: datetime) -> Handover | None:
        """Delete the chat's hand-over at once; it, or None if it was not the chat's or is gone."""
        query = sa.select(HANDOVERS).where(
            HANDOVERS.c.id == handover_id, HANDOVERS.c.chat_id == chat_id, *_live(now)
        )
        with self.transaction("withdraw a hand-over") as connection:
            row = connection.execute(query).mappings().first()
            if row is None:
                return None
            deleted = connection.execute(
                sa.delete(HANDOVERS).where(
                    HANDOVERS.c.id == handover_id, HANDOVERS.c.state.in_(LIVE)
                )
            ).rowcount
            connection.execute(sa.delete(REPLIES).where(REPLIES.c.handover_id == handover_id))
        return _from_row(row) if deleted == 1 else None

    def claim_due(self, now: datetime) -> list[Due]:
        """Claim what is to be closed now: each row is claimed by one caller only."""
        keep_from = now - ANSWERED_KEEP
        conditions = {
            Closing.EXPIRED: sa.and_(
                HANDOVERS.c.state == State.OPEN.value, HANDOVERS.c.expires_at <= now
            ),
            Closing.DONE: sa.and_(
                HANDOVERS.c.state == State.ANSWERED.value,
                sa.or_(HANDOVERS.c.answered_at <= keep_from, HANDOVERS.c.expires_at <= now),
            ),
            Closing.UNDELIVERED: sa.and_(
                HANDOVERS.c.state == State.POSTING.value,
                HANDOVERS.c.created_at <= now - POSTING_TIMEOUT,
            ),
            Closing.ABANDONED: sa.and_(
                HANDOVERS.c.state == State.CLOSING.value,
                HANDOVERS.c.closed_at <= now - CLOSING_TIMEOUT,
            ),
        }
        claimed: list[Due] = []
        with self.transaction("claim due hand-overs") as connection:
            for reason, condition in conditions.items():
                rows = connection.execute(sa.select(HANDOVERS).where(condition)).mappings().all()
                for row in rows:
                    claim = (
                        sa.update(HANDOVERS)
                        .where(HANDOVERS.c.id == row["id"], HANDOVERS.c.state == row["state"])
                        .values(state=State.CLOSING.value, closed_at=now)
                    )
                    if connection.execute(claim).rowcount == 1:
                        claimed.append(Due(_from_row(row), reason))
        return claimed

    def delete(self, handover_id: int) -> None:
        """Delete a hand-over and the record of its relayed replies."""
        with self.transaction("delete a hand-over") as connection:
            connection.execute(sa.delete(REPLIES).where(REPLIES.c.handover_id == handover_id))
            connection.execute(sa.delete(HANDOVERS).where(HANDOVERS.c.id == handover_id))

    def _insert_once(self, table: sa.Table, row: dict[str, Any], doing: str) -> int | None:
        """Insert `row`; its first primary-key value, or None if a unique key already held it."""
        self.ensure_schema()
        try:
            with self._engine.begin() as connection:
                key = connection.execute(sa.insert(table).values(**row)).inserted_primary_key
        except IntegrityError:
            return None
        except SQLAlchemyError as error:
            raise database_error(doing, error) from error
        assert key is not None
        return int(key[0])


def _live(now: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    """Hand-overs whose answers are still relayed."""
    return (
        HANDOVERS.c.state.in_(LIVE),
        HANDOVERS.c.expires_at > now,
        sa.or_(HANDOVERS.c.answered_at.is_(None), HANDOVERS.c.answered_at > now - ANSWERED_KEEP),
    )


def _from_row(row: Any) -> Handover:
    return Handover(
        id=int(row["id"]),
        release_id=row["release_id"],
        question=row["question"],
        chat_id=int(row["chat_id"]),
        user_name=row["user_name"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        state=State(row["state"]),
        press_chat_id=row.get("press_chat_id"),
        post_message_id=row.get("post_message_id"),
        answered_at=row.get("answered_at"),
        replies=int(row.get("replies") or 0),
    )
