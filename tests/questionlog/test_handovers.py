"""The hand-over store over SQLite and a real PostgreSQL: what a hand-over keeps and for how long,
and that what two replicas could both try (a reply, an expiry, a withdrawal) happens once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.questionlog.handovers import (
    ANSWERED_KEEP,
    POSTING_TIMEOUT,
    Closing,
    Handover,
    HandoverStore,
    State,
    metadata,
)
from bot.questionlog.storage import QuestionLog, open_question_log
from tests.questionlog.conftest import NOW, _sqlalchemy_url

QUESTION = "Call me on +358 40 123 4567: when was the meeting?"


@pytest.fixture
def clean_url(database_url: str | None) -> str | None:
    """The test database without hand-over tables (PostgreSQL keeps them between tests)."""
    if database_url is not None:
        engine = sa.create_engine(_sqlalchemy_url(database_url))
        with engine.begin() as connection:
            metadata.drop_all(connection)
        engine.dispose()
    return database_url


@pytest.fixture
def logs(clean_url: str | None, data_dir: Path) -> Iterator[list[QuestionLog]]:
    """Two question logs on one database: two replicas."""
    opened = [open_question_log(clean_url, data_dir) for _ in range(2)]
    yield opened
    for log in opened:
        log.close()


@pytest.fixture
def store(logs: list[QuestionLog]) -> HandoverStore:
    return HandoverStore(logs[0].engine)


def stored(store: HandoverStore, chat_id: int = 11, preview: int = 100, days: int = 14) -> Handover:
    handover = store.create(
        chat_id=chat_id,
        user_name="Jane Doe",
        preview_message_id=preview,
        question=QUESTION,
        release_id="release-1",
        days=days,
        now=NOW,
    )
    assert handover is not None
    return handover


def posted(
    store: HandoverStore, chat_id: int = 11, preview: int = 100, post: int = 500
) -> Handover:
    handover = stored(store, chat_id, preview)
    assert store.posted(handover.id, -100, post)
    return handover


def test_a_hand_over_keeps_the_question_as_sent_and_is_found_by_its_post(
    store: HandoverStore,
) -> None:
    handover = stored(store)
    assert handover.state is State.POSTING and handover.reference == f"#{handover.id}"
    assert handover.question == QUESTION  # not masked: the user chose to send it
    assert handover.expires_at == NOW + timedelta(days=14)
    assert store.live_by_post(-100, 500, NOW) is None  # not posted yet
    assert store.posted(handover.id, -100, 500)
    assert not store.posted(handover.id, -100, 501)  # once
    found = store.live_by_post(-100, 500, NOW)
    assert found is not None and (found.chat_id, found.user_name) == (11, "Jane Doe")
    assert found.state is State.OPEN and found.post_message_id == 500
    assert store.live_by_post(-999, 500, NOW) is None  # another chat's message 500
    assert store.of_chat(11, NOW) == [found] and store.pending(NOW) == [found]


def test_one_preview_is_sent_once(store: HandoverStore) -> None:
    stored(store)
    again = store.create(
        chat_id=11,
        user_name="Jane",
        preview_message_id=100,
        question="x",
        release_id="r",
        days=14,
        now=NOW,
    )
    assert again is None
    assert stored(store, chat_id=12, preview=100).chat_id == 12  # another chat's message 100


def test_each_reply_is_claimed_once_and_answers_are_counted(store: HandoverStore) -> None:
    handover = posted(store)
    assert store.claim_reply(handover.id, 900, NOW)
    assert not store.claim_reply(handover.id, 900, NOW)
    assert store.answered(handover.id, NOW) == 1
    store.release_reply(handover.id, 901)  # nothing to release: no error
    assert store.claim_reply(handover.id, 901, NOW + timedelta(hours=1))
    store.release_reply(handover.id, 901)  # it could not be sent: a redelivery may try again
    assert store.claim_reply(handover.id, 901, NOW + timedelta(hours=1))
    assert store.answered(handover.id, NOW + timedelta(hours=1)) == 2
    found = store.live_by_post(-100, 500, NOW + timedelta(hours=1))
    assert found is not None and found.state is State.ANSWERED
    assert found.answered_at == NOW  # the first answer's time
    assert store.pending(NOW) == []  # answered: no longer waiting
    assert store.live_by_post(-100, 500, NOW + ANSWERED_KEEP) is None  # a day later: closed


def test_the_sweep_claims_what_is_due_once(store: HandoverStore, logs: list[QuestionLog]) -> None:
    expiring = posted(store, preview=1, post=501)
    answered = posted(store, preview=2, post=502)
    store.answered(answered.id, NOW)
    never_posted = stored(store, preview=3)
    fresh = posted(store, preview=4, post=504)
    lasting = stored(store, preview=5, days=30)
    assert store.posted(lasting.id, -100, 505)
    assert store.claim_due(NOW) == []
    later = NOW + timedelta(days=14)
    assert store.live_by_post(-100, 501, later) is None  # expired: no longer answered
    other = HandoverStore(logs[1].engine)  # another replica sweeping at the same moment
    due = store.claim_due(later) + other.claim_due(later)
    reasons = {item.handover.id: item.reason for item in due}
    assert reasons == {
        expiring.id: Closing.EXPIRED,
        answered.id: Closing.DONE,
        never_posted.id: Closing.UNDELIVERED,
        fresh.id: Closing.EXPIRED,
    }
    assert store.claim_due(later) == []  # claimed: not again
    for item in due:
        store.delete(item.handover.id)
    assert [h.id for h in store.of_chat(11, later)] == [lasting.id]


def test_a_stuck_posting_and_a_stuck_closing_are_cleaned_up(store: HandoverStore) -> None:
    stuck = stored(store, preview=1)
    assert store.claim_due(NOW + POSTING_TIMEOUT - timedelta(seconds=1)) == []
    (due,) = store.claim_due(NOW + POSTING_TIMEOUT)
    assert (due.handover.id, due.reason) == (stuck.id, Closing.UNDELIVERED)
    # the replica that claimed it stopped before deleting it
    (abandoned,) = store.claim_due(NOW + POSTING_TIMEOUT * 3)
    assert (abandoned.handover.id, abandoned.reason) == (stuck.id, Closing.ABANDONED)


def test_only_the_chat_can_withdraw_and_only_once(store: HandoverStore) -> None:
    handover = posted(store)
    store.claim_reply(handover.id, 900, NOW)
    assert store.withdraw(handover.id, 12, NOW) is None  # another chat
    withdrawn = store.withdraw(handover.id, 11, NOW)
    assert withdrawn is not None and withdrawn.post_message_id == 500
    assert store.withdraw(handover.id, 11, NOW) is None
    assert store.of_chat(11, NOW) == [] and store.live_by_post(-100, 500, NOW) is None


def test_concurrent_replicas_claim_a_reply_once(
    store: HandoverStore, logs: list[QuestionLog]
) -> None:
    handover = posted(store)
    stores = [store, HandoverStore(logs[1].engine)] * 4
    start = threading.Barrier(len(stores))
    results: list[bool] = []

    def claim(each: HandoverStore) -> None:
        start.wait()
        results.append(each.claim_reply(handover.id, 777, NOW))

    threads = [threading.Thread(target=claim, args=(each,)) for each in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * (len(stores) - 1) + [True]


def test_deleted_means_gone_from_the_database(
    store: HandoverStore, logs: list[QuestionLog]
) -> None:
    handover = posted(store)
    store.claim_reply(handover.id, 900, NOW)
    store.delete(handover.id)
    with logs[0].engine.connect() as connection:
        for table in metadata.sorted_tables:
            assert connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
