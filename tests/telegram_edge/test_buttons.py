"""Presses on the bot's buttons: related questions, "did you mean", the contact, and forgeries."""

from __future__ import annotations

import time
from pathlib import Path

from bot.core.engine import Engine
from bot.telegram_edge.application import bot_data
from bot.telegram_edge.callback_data import Action, encode, release_key
from tests.conftest import RELEASE_ID, RunningBot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import (
    USER,
    ask,
    buttons,
    cli_env,
    quiet_for,
    send,
    start_process,
    stop_process,
    texts_to,
)


async def press(bot: RunningBot, button: dict[str, str]) -> str:
    """Press an inline button; the text of the bot's answer."""
    update = bot.api.callback_query(USER, button["callback_data"])
    return str((await send(bot, update, USER))["text"])


def entry_answer(engine: Engine, callback_data: str) -> str:
    """The answer of the entry a button names, as the knowledge base words it."""
    entry_id = callback_data.rsplit(":", 1)[1]
    entry = engine.bases[RELEASE_ID].entry(entry_id)
    assert entry is not None, callback_data
    return entry.answer


async def test_each_related_button_answers_its_own_question(
    running_bot: RunningBot, engine: Engine
) -> None:
    api = running_bot.api
    first = await ask(running_bot, "Who met whom?")
    related = [b for b in buttons(first) if b["callback_data"].startswith("a:")]
    assert [b["callback_data"].rsplit(":", 1)[1] for b in related] == [
        "location",
        "topics",
        "other_meetings",
    ]
    for button in related:
        text = await press(running_bot, button)
        assert text.startswith(entry_answer(engine, button["callback_data"]))
    await wait_until(lambda: len(api.calls("answerCallbackQuery")) >= len(related))


async def test_clarify_buttons_offer_the_candidates_and_answer_the_one_pressed(
    running_bot: RunningBot, engine: Engine
) -> None:
    params = await ask(running_bot, "minister")
    assert params["text"].startswith("I'm not sure which part of the release you mean.")
    choices = [b for b in buttons(params) if b["callback_data"].startswith("a:")]
    expected = [entry.id for entry in engine.ask("minister").choices]
    assert [b["callback_data"].rsplit(":", 1)[1] for b in choices] == expected
    for button in choices:
        text = await press(running_bot, button)
        assert text.startswith(entry_answer(engine, button["callback_data"]))
        assert "Lauri Koskentausta" in text


async def test_contact_button_sends_the_card(running_bot: RunningBot) -> None:
    data = str(encode(Action.CONTACT, RELEASE_ID))
    await send(running_bot, running_bot.api.callback_query(USER, data), USER, "sendContact")


async def test_forged_and_stale_callback_data_get_a_notice(running_bot: RunningBot) -> None:
    api = running_bot.api
    forged = [
        "nonsense",
        "a:zzzzzzzz:meeting",
        "x:1:2",
        "a:" + release_key("other") + ":meeting",
        f"a:{release_key(RELEASE_ID)}:no_such_fact",
        "",
        "a:" + "f" * 62,
    ]
    for data in forged:
        before = len(api.calls("answerCallbackQuery"))
        api.push_update(api.callback_query(USER, data))
        notice = (await api.wait_for("answerCallbackQuery", count=before + 1))[-1].params
        assert "out of date" in notice.get("text", ""), data
    assert await quiet_for(running_bot, 0.2) == 0


async def test_a_press_without_a_message_is_answered_and_nothing_is_sent(
    running_bot: RunningBot,
) -> None:
    """A button on a message the bot can no longer see (only an inline message id)."""
    api = running_bot.api
    update = api.callback_query(USER, str(encode(Action.ANSWER, RELEASE_ID, "meeting")))
    del update["callback_query"]["message"]
    update["callback_query"]["inline_message_id"] = "inline-1"
    api.push_update(update)
    await api.wait_for("answerCallbackQuery")
    assert await quiet_for(running_bot, 0.3) == 0
    counts = bot_data(running_bot.app).services.metrics.counts()
    assert not [name for name in counts if name.startswith("release_bot_errors")]


# -- attacks through `release-bot run` (issue 11, item 14) --------------------------------------


def test_a_press_too_old_to_answer_still_gets_its_content_and_a_timeout_no_apology(
    fake_bot_api: FakeBotApi, engine: Engine, tmp_path: Path
) -> None:
    api = fake_bot_api
    env = cli_env(api, RELEASE_BOT_REQUEST_TIMEOUT="1", RELEASE_BOT_DATA_DIR=str(tmp_path))
    process = start_process(env, "run")
    meeting = str(encode(Action.ANSWER, RELEASE_ID, "meeting"))
    location = str(encode(Action.ANSWER, RELEASE_ID, "location"))
    try:
        api.wait_for_sync("setMyCommands", timeout=20)
        api.fail_next(
            "answerCallbackQuery",
            status=400,
            description="Bad Request: query is too old and response timeout expired",
        )
        api.push_update(api.callback_query(USER, meeting))
        api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == USER, timeout=15)

        api.delay_next("sendMessage", 2.5)  # the answer arrives after the bot gave up waiting
        api.push_update(api.callback_query(USER, location))
        api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == USER, count=2, timeout=15)
        time.sleep(1.5)  # when an apology would follow
    finally:
        stderr = stop_process(process)
    answers = texts_to(api, USER)
    assert len(answers) == 2  # the content of each press, and no apology
    assert answers[0].startswith(entry_answer(engine, meeting))
    assert answers[1].startswith(entry_answer(engine, location))
    assert [c.status for c in api.calls("answerCallbackQuery")] == [400, 200]
    assert "could not answer a button press (BadRequest)" in stderr
