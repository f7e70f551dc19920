"""Two replicas (webhook mode, one Bot API) sharing PostgreSQL: a question shown by one can be
sent by the other, and an officer's reply that reaches both is passed on once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.questionlog.feedback import metadata as feedback_tables
from bot.questionlog.handovers import metadata as handover_tables
from bot.questionlog.storage import TABLE
from bot.telegram_edge import texts
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture
from tests.telegram_edge.handover_helpers import (
    ASKER,
    OFFICER,
    PRESS,
    SECOND_OFFICER,
    UNANSWERABLE,
    PressBotApi,
    delivered,
    officer_reply,
    press,
    press_api_fixture,  # noqa: F401 - the fixture press_api
    start_press_webhook_bot,
)
from tests.telegram_edge.helpers import WebhookBot


def empty_database(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        handover_tables.drop_all(connection)
        feedback_tables.drop_all(connection)
        TABLE.drop(connection, checkfirst=True)
    engine.dispose()


class Updates:
    """Update ids for updates posted to the replicas' webhooks."""

    def __init__(self) -> None:
        self.next = 5000

    def __call__(self, update: dict[str, Any]) -> dict[str, Any]:
        self.next += 1
        return {**update, "update_id": self.next}


async def posted(bot: WebhookBot, update: dict[str, Any]) -> None:
    response = await bot.post(update)
    assert response.status_code == 200, response.text


async def delivered_as_telegram_does(bot: WebhookBot, update: dict[str, Any]) -> None:
    """Post until the answer is 200: a replica says 503 while another one handles the update."""
    for _ in range(50):
        response = await bot.post(update)
        if response.status_code == 200:
            return
        assert response.status_code == 503, response.text
        await asyncio.sleep(0.1)
    raise AssertionError("the update was never acknowledged")


async def test_two_replicas_pass_each_reply_on_once(
    press_api: PressBotApi,
    knowledge_root: Path,
    tmp_path: Path,
    postgres_server: PostgresServer,  # noqa: F811 - the imported fixture
) -> None:
    api = press_api
    empty_database(postgres_server.url)
    shared = {"RELEASE_BOT_DATABASE_URL": postgres_server.url}
    one = await start_press_webhook_bot(
        api, knowledge_root, RELEASE_BOT_DATA_DIR=str(tmp_path / "one"), **shared
    )
    two = await start_press_webhook_bot(
        api, knowledge_root, RELEASE_BOT_DATA_DIR=str(tmp_path / "two"), **shared
    )
    numbered = Updates()
    try:
        await posted(one, numbered(api.private_message(ASKER, UNANSWERABLE)))
        reply = delivered(api, ASKER)[-1]
        await posted(one, numbered(api.known(press(api, ASKER, reply, "p:"))))
        preview = delivered(api, ASKER)[-1]
        assert preview.params["text"].startswith(texts.PREVIEW_START)
        await posted(two, numbered(api.known(press(api, ASKER, preview, "s:"))))  # the other one
        (post_call,) = delivered(api, PRESS)
        post = post_call.result
        assert UNANSWERABLE in post["text"]

        # one reply, delivered to both replicas at the same moment (and once more to each)
        update = numbered(api.known(officer_reply(api, post, "Answer from the office.")))
        again = numbered(update)
        await asyncio.gather(
            delivered_as_telegram_does(one, update), delivered_as_telegram_does(two, update)
        )
        await asyncio.gather(
            delivered_as_telegram_does(two, again), delivered_as_telegram_does(one, again)
        )
        answers = [t for t in api.sent_texts(ASKER) if "Answer from the office." in t]
        assert len(answers) == 1

        # a colleague's reply reaching only the second replica is passed on by it
        addition = officer_reply(api, post, "And a detail.", SECOND_OFFICER)
        addition = numbered(api.known(addition))
        await posted(two, addition)
        assert sum("And a detail." in t for t in api.sent_texts(ASKER)) == 1
        edits = [c for c in api.calls("editMessageText") if c.ok and c.params["chat_id"] == PRESS]
        assert "(2 replies passed on)" in edits[-1].params["text"]

        # both see the same questions
        await posted(one, numbered(api.known(api.group_message(PRESS, OFFICER, "/pending"))))
        assert delivered(api, PRESS)[-1].params["text"] == texts.PENDING_NONE
    finally:
        assert await one.finish() == 0
        assert await two.finish() == 0
