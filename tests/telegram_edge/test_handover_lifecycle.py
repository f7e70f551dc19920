"""How a handed-over question ends, end to end: it expires unanswered, the user withdraws it
(/cancel), or it is answered and deleted a day later; and who may see /pending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.questionlog.handovers import HANDOVERS
from bot.questionlog.storage import SQLITE_FILE
from bot.telegram_edge import handover, texts
from bot.telegram_edge.application import bot_data
from tests.conftest import wait_until
from tests.telegram_edge.handover_helpers import (
    ASKER,
    OFFICER,
    OTHER_GROUP,
    PRESS,
    STRANGER,
    PressBotApi,
    delivered,
    exchange,
    hand_over,
    handover_rows,
    officer_reply,
    press,
    press_api_fixture,  # noqa: F401 - the fixture press_api
    silence,
    start_press_bot,
)
from tests.telegram_edge.helpers import ADMIN

SECOND_ASKER = 7002


def set_times(data_dir: Path, **times: datetime) -> None:
    """Move every hand-over's `expires_at` / `answered_at` (as if time had passed)."""
    engine = sa.create_engine(f"sqlite:///{data_dir / SQLITE_FILE}")
    with engine.begin() as connection:
        connection.execute(sa.update(HANDOVERS).values(**times))
    engine.dispose()


@pytest.fixture
def quick_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handover, "SWEEP_INTERVAL", 0.1)


async def test_an_unanswered_question_expires_and_is_deleted(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path, quick_sweeps: None
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path, RELEASE_BOT_HANDOVER_DAYS="3")
    try:
        handed = await hand_over(api)
        assert "Open until" in handed.post["text"]
        assert await silence(api, ASKER, 0.4) == 0  # not yet due
        set_times(tmp_path, expires_at=datetime.now(UTC) - timedelta(seconds=1))
        told = await exchange(api, None, ASKER, "did not answer your question")
        assert f"#{handed.number}</b> within 3 days" in told.params["text"]
        assert "+358 2951 50131" in told.params["text"]  # still the phone
        await wait_until(lambda: handover_rows(tmp_path) == [])
        (edit,) = [c for c in api.calls("editMessageText") if c.params["chat_id"] == PRESS]
        assert edit.params["text"].startswith(f"⌛ Question #{handed.number} expired")
        assert "User7001" not in edit.params["text"]  # the name goes with the question
        assert await silence(api, ASKER, 0.4) == 0  # told once

        closed = await exchange(api, officer_reply(api, handed.post, "Late answer"), PRESS)
        assert closed.params["text"] == texts.PRESS_CLOSED
        assert not any("Late answer" in text for text in api.sent_texts(ASKER))
        metrics = bot_data(bot.app).services.metrics.render().decode()
        assert 'release_bot_handovers_total{event="expired"} 1.0' in metrics
    finally:
        assert await bot.finish() == 0


async def test_an_answered_question_is_deleted_a_day_after_the_answer(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path, quick_sweeps: None
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        handed = await hand_over(api)
        await exchange(api, officer_reply(api, handed.post, "The answer."), ASKER, "The answer.")
        await wait_until(lambda: handover_rows(tmp_path)[0]["state"] == "answered")
        set_times(tmp_path, answered_at=datetime.now(UTC) - timedelta(days=1, seconds=1))
        await wait_until(lambda: handover_rows(tmp_path) == [])
        assert await silence(api, ASKER, 0.3) == 0  # nothing to tell: they have the answer
        late = officer_reply(api, handed.post, "One more thing.")
        assert (await exchange(api, late, PRESS)).params["text"] == texts.PRESS_CLOSED
    finally:
        assert await bot.finish() == 0


async def test_cancel_withdraws_one_and_asks_which_of_several(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        none = await exchange(api, api.private_message(ASKER, "/cancel"), ASKER)
        assert none.params["text"] == texts.CANCEL_NONE
        first = await hand_over(api)
        second = await hand_over(api, "How much did the trip cost?")
        other = await hand_over(api, "Who paid for the trip to Moscow?", SECOND_ASKER)

        which = await exchange(api, api.private_message(ASKER, "/cancel"), ASKER, "Which")
        withdrawn = await exchange(
            api, press(api, ASKER, which, f"w:{_key(which)}:{first.number}"), ASKER, "Withdrawn"
        )
        assert f"#{first.number}" in withdrawn.params["text"]
        edit = [c for c in api.calls("editMessageText") if c.params["chat_id"] == PRESS][-1]
        assert edit.params["text"].startswith(f"↩️ Question #{first.number} was withdrawn")
        assert "Moscow" not in edit.params["text"] and "User" not in edit.params["text"]
        assert [row["id"] for row in handover_rows(tmp_path)] == [second.number, other.number]

        closed = await exchange(api, officer_reply(api, first.post, "Too late"), PRESS)
        assert closed.params["text"] == texts.PRESS_CLOSED

        # the same button again: that one is gone
        gone = await exchange(
            api, press(api, ASKER, which, f"w:{_key(which)}:{first.number}"), ASKER, "no longer"
        )
        assert gone.params["text"] == texts.CANCEL_GONE
        # another user's question cannot be withdrawn with a forged button
        forged = api.callback_query(ASKER, f"w:{_key(which)}:{other.number}")
        assert (await exchange(api, forged, ASKER)).params["text"] == texts.CANCEL_GONE
        # one left: /cancel withdraws it at once
        last = await exchange(api, api.private_message(ASKER, "/cancel"), ASKER, "Withdrawn")
        assert f"#{second.number}" in last.params["text"]
        assert [row["chat_id"] for row in handover_rows(tmp_path)] == [SECOND_ASKER]
        metrics = bot_data(bot.app).services.metrics.render().decode()
        assert 'release_bot_handovers_total{event="withdrawn"} 2.0' in metrics
    finally:
        assert await bot.finish() == 0


def _key(call: object) -> str:
    """The release key in a withdraw button's data."""
    data = str(call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    return data.split(":")[1]


async def test_pending_for_the_group_its_members_and_admins_only(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        empty = await exchange(api, api.group_message(PRESS, OFFICER, "/pending"), PRESS)
        assert empty.params["text"] == texts.PENDING_NONE
        handed = await hand_over(api)
        listing = await exchange(api, api.group_message(PRESS, OFFICER, "/pending"), PRESS)
        text = listing.params["text"]
        assert f"#{handed.number}" in text and "User7001" in text and "weather" in text
        assert f"https://t.me/c/1234567890/{handed.post['message_id']}" in text
        for user in (ADMIN, OFFICER):  # privately: an admin, and a member of the group
            private = await exchange(api, api.private_message(user, "/pending"), user)
            assert f"#{handed.number}" in private.params["text"], user
        stranger = await exchange(api, api.private_message(STRANGER, "/pending"), STRANGER)
        assert stranger.params["text"] == texts.UNKNOWN_COMMAND
        api.push_update(api.group_message(OTHER_GROUP, STRANGER, "/pending"))
        assert await silence(api, OTHER_GROUP) == 0
        assert not any("weather" in text for text in api.sent_texts(STRANGER))

        await exchange(api, officer_reply(api, handed.post, "Answered."), ASKER, "Answered.")
        # the hand-over is marked answered just after the answer reaches the asker
        await wait_until(lambda: handover_rows(tmp_path)[0]["state"] == "answered")
        after = await exchange(api, api.group_message(PRESS, OFFICER, "/pending"), PRESS)
        assert after.params["text"] == texts.PENDING_NONE  # answered: no longer waiting
    finally:
        assert await bot.finish() == 0


async def test_a_replica_that_never_saw_the_question_asks_for_it(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    """The chat's last question is kept in memory; after a restart "Ask the press office"
    asks for the question instead of guessing."""
    api = press_api
    first = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        reply = await exchange(api, api.private_message(ASKER, "What about sanctions?"), ASKER)
    finally:
        assert await first.finish() == 0
    second = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        prompt = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, "What would you")
        update = api.private_message(ASKER, "What about sanctions?")
        update["message"]["reply_to_message"] = prompt.result
        preview = await exchange(api, update, ASKER, texts.PREVIEW_START)
        assert "What about sanctions?" in preview.params["text"]
        assert not delivered(api, PRESS)
    finally:
        assert await second.finish() == 0
