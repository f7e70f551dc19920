"""Helpers of the hand-over and feedback tests: a fake Bot API that also answers getChatMember,
bots with a press group, and the steps of handing a question over."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.questionlog.storage import SQLITE_FILE
from bot.telegram_edge import texts
from tests.conftest import RunningBot, start_bot, wait_until
from tests.fake_bot_api import ApiError, Call, FakeBotApi
from tests.telegram_edge.helpers import ADMIN, WebhookBot, free_port, start_webhook_bot

PRESS = -1001234567890  # the press office's supergroup
OFFICER = 5005
SECOND_OFFICER = 5006
STRANGER = 5999
OTHER_GROUP = -100777
ASKER = 7001
UNANSWERABLE = "Can you call me on +358 40 123 4567 about the weather in Helsinki?"


class PressBotApi(FakeBotApi):
    """The fake Bot API, with getChatMember for the press group's `members`, and a way to make
    callback queries known when they are posted to a webhook (not fetched by getUpdates)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members: set[int] = {OFFICER, SECOND_OFFICER}
        self._methods["getChatMember"] = self._m_getChatMember
        self._canonical["getchatmember"] = "getChatMember"

    def _m_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = int(self._require(params, "user_id"))
        if int(self._require(params, "chat_id")) != PRESS:
            raise ApiError(400, "Bad Request: chat not found")
        status = "member" if user_id in self.members else "left"
        return {"status": status, "user": self.user(user_id)}

    def known(self, update: dict[str, Any]) -> dict[str, Any]:
        """`update`, remembered as if Telegram had issued it (its callback query id)."""
        with self._lock:
            self._remember(update)
        return update


@pytest.fixture(name="press_api")
def press_api_fixture() -> Iterator[PressBotApi]:
    with PressBotApi() as api:
        yield api


def press_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "RELEASE_BOT_DATA_DIR": str(data_dir),
        "RELEASE_BOT_PRESS_CHAT_ID": str(PRESS),
        "RELEASE_BOT_ADMIN_IDS": str(ADMIN),
        **extra,
    }


async def start_press_bot(
    api: FakeBotApi, knowledge: Path, data_dir: Path, **extra: str
) -> RunningBot:
    return await start_bot(api, knowledge, env=press_env(data_dir, **extra))


# -- talking to the bot ---------------------------------------------------------------------------


def delivered(api: FakeBotApi, chat_id: int, method: str = "sendMessage") -> list[Call]:
    return [c for c in api.calls(method) if c.ok and c.params.get("chat_id") == chat_id]


async def exchange(
    api: FakeBotApi,
    update: dict[str, Any] | None,
    chat_id: int,
    containing: str = "",
    method: str = "sendMessage",
    timeout: float = 10,
) -> Call:
    """Push `update` (if any) and wait for the next `method` call to `chat_id` whose text holds
    `containing`; that call (its params and the message Telegram returned)."""
    before = len(delivered(api, chat_id, method))

    def new() -> list[Call]:
        calls = delivered(api, chat_id, method)[before:]
        return [c for c in calls if containing in str(c.params.get("text", ""))]

    if update is not None:
        api.push_update(update)
    await wait_until(lambda: bool(new()), timeout=timeout)
    return new()[0]


def button(call: Call, prefix: str) -> str:
    """The callback data of the button of a sent message that starts with `prefix`."""
    rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
    found = [b["callback_data"] for row in rows for b in row if b.get("callback_data", "")]
    matching = [data for data in found if data.startswith(prefix)]
    assert matching, (prefix, found)
    return matching[0]


def press(api: FakeBotApi, user: int, call: Call, prefix: str) -> dict[str, Any]:
    """The update of `user` pressing the `prefix` button of the message `call` sent."""
    return api.callback_query(user, button(call, prefix), message_id=call.result["message_id"])


@dataclass
class HandedOver:
    post: dict[str, Any]  # the message in the press group
    number: int
    preview: Call


async def hand_over(api: FakeBotApi, question: str = UNANSWERABLE, user: int = ASKER) -> HandedOver:
    """Ask a question the bot cannot answer, tap "Ask the press office", then "Send it"."""
    reply = await exchange(api, api.private_message(user, question), user, "release does not say")
    preview = await exchange(api, press(api, user, reply, "p:"), user, texts.PREVIEW_START)
    return await confirm(api, preview, user)


async def confirm(api: FakeBotApi, preview: Call, user: int = ASKER) -> HandedOver:
    """Tap "Send it" under the preview; the post in the press group and its number."""
    before = len(delivered(api, PRESS))
    sent = await exchange(api, press(api, user, preview, "s:"), user, "Sent to the press office")
    await wait_until(lambda: len(delivered(api, PRESS)) > before)
    post = delivered(api, PRESS)[before].result
    number = int(sent.params["text"].split("<b>#", 1)[1].split("</b>", 1)[0])
    return HandedOver(post, number, preview)


def officer_reply(
    api: FakeBotApi,
    post: dict[str, Any],
    text: str,
    officer: int = OFFICER,
    chat: int = PRESS,
    message_id: int | None = None,
) -> dict[str, Any]:
    """A message in `chat` replying to `post` (the same message id again if given)."""
    update = api.group_message(chat, officer, text, chat_type="supergroup")
    update["message"]["reply_to_message"] = post
    if message_id is not None:
        update["message"]["message_id"] = message_id
    return update


async def silence(api: FakeBotApi, chat_id: int, seconds: float = 0.6) -> int:
    """How many messages reach `chat_id` in `seconds`."""
    before = len(delivered(api, chat_id))
    await asyncio.sleep(seconds)
    return len(delivered(api, chat_id)) - before


def handover_rows(data_dir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(data_dir / SQLITE_FILE) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM handovers ORDER BY id").fetchall()


# -- bots in webhook mode (replicas) --------------------------------------------------------------


async def start_press_webhook_bot(api: FakeBotApi, knowledge: Path, **extra: str) -> WebhookBot:
    """The real Application in webhook mode on a free port of 127.0.0.1, with the press group."""
    env = {
        "RELEASE_BOT_WEBHOOK_URL": "https://bot.example.test/telegram/webhook",
        "RELEASE_BOT_PORT": str(free_port()),
        "RELEASE_BOT_PRESS_CHAT_ID": str(PRESS),
        **extra,
    }
    return await start_webhook_bot(api, knowledge, env)
