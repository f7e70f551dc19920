"""Handing a question to the press office, end to end against the fake Bot API: the preview and
the confirmation, the post in the press group, the officers' replies passed on once, replies
from elsewhere ignored, the group unreachable, and a restart between question and reply."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.questionlog.storage import SQLITE_FILE
from bot.telegram_edge import texts
from bot.telegram_edge.application import bot_data
from tests.conftest import start_bot, wait_until
from tests.telegram_edge.handover_helpers import (
    ASKER,
    OFFICER,
    OTHER_GROUP,
    PRESS,
    SECOND_OFFICER,
    UNANSWERABLE,
    PressBotApi,
    button,
    confirm,
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

ANSWER = "The ministers met on 12 September; the date was left out of the release by mistake."


async def test_a_question_is_shown_sent_posted_and_answered_once(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        reply = await exchange(api, api.private_message(ASKER, UNANSWERABLE), ASKER, "does not say")
        preview = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, texts.PREVIEW_START)
        shown = preview.params["text"]
        assert UNANSWERABLE in shown and f"User{ASKER}" in shown  # the question, and the name
        assert "Ministry of Justice, Finland" in shown and "parse_mode" not in preview.params
        assert not delivered(api, PRESS)  # nothing is sent before "Send it"
        assert handover_rows(tmp_path) == []  # nor stored

        handed = await confirm(api, preview)
        post = handed.post["text"]
        assert post.startswith(f"🟡 Question #{handed.number}: open")
        assert UNANSWERABLE in post  # as typed: the phone number is not masked for them
        assert "Minister Häkkänen and Russian Minister of Justice Konovalov" in post  # release
        assert f"From: User{ASKER}" in post and "closest facts" in post
        (row,) = handover_rows(tmp_path)
        assert (row["chat_id"], row["state"], row["question"]) == (ASKER, "open", UNANSWERABLE)
        with sqlite3.connect(tmp_path / SQLITE_FILE) as db:  # the question log still masks it
            (logged,) = db.execute("SELECT question FROM question_log").fetchone()
        assert "[phone]" in logged and "123 4567" not in logged

        reply = officer_reply(api, handed.post, ANSWER)
        relayed = await exchange(api, reply, ASKER, ANSWER)
        assert relayed.params["text"].startswith("<b>📨 Answer from the press office</b>")
        assert f"#{handed.number}" in relayed.params["text"]
        marked = await api.wait_for("editMessageText", lambda p: p["chat_id"] == PRESS)
        assert marked[-1].params["text"].startswith(f"✅ Question #{handed.number}: answered")
        assert UNANSWERABLE in marked[-1].params["text"]  # the post keeps its question

        api.push_update(reply)  # the same reply again (a redelivery): not passed on again
        # a colleague adds something: passed on too, once
        addition = "Further details will follow in a separate release."
        await exchange(
            api, officer_reply(api, handed.post, addition, SECOND_OFFICER), ASKER, addition
        )
        assert await silence(api, ASKER) == 0
        answers = [t for t in api.sent_texts(ASKER) if "Answer from the press office" in t]
        assert len(answers) == 2
        await api.wait_for(
            "editMessageText", lambda p: "(2 replies passed on)" in p["text"], timeout=10
        )
    finally:
        assert await bot.finish() == 0


async def test_replies_from_outside_the_group_are_not_passed_on(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        handed = await hand_over(api)
        for chat in (OTHER_GROUP, OFFICER):  # another group, and a private chat with the bot
            update = officer_reply(api, handed.post, "Forged answer", chat=chat)
            update["message"]["chat"] = api.chat(chat)
            api.push_update(update)
        assert await silence(api, ASKER, 1.0) == 0
        assert not any("Forged" in text for text in api.sent_texts(ASKER))
        assert handover_rows(tmp_path)[0]["state"] == "open"  # still waiting for the office
    finally:
        assert await bot.finish() == 0


async def test_an_unreachable_group_is_said_at_once_with_the_contact(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    api.block_chat(PRESS)  # the bot was removed from the group, or the id is wrong
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        reply = await exchange(api, api.private_message(ASKER, UNANSWERABLE), ASKER, "does not say")
        preview = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, texts.PREVIEW_START)
        started = time.monotonic()
        failed = await exchange(api, press(api, ASKER, preview, "s:"), ASKER, "not</b> sent")
        await api.wait_for("sendContact", lambda p: p["chat_id"] == ASKER)  # the card, to call
        assert time.monotonic() - started < 3
        assert failed.params["text"].startswith(texts.HANDOVER_FAILED)
        assert "+358 2951 50131" in api.sent_texts(ASKER)[-1]  # the contact as text too
        assert handover_rows(tmp_path) == []  # nothing kept that nobody will answer
        metrics = bot_data(bot.app).services.metrics.render().decode()
        assert 'release_bot_handovers_total{event="failed"} 1.0' in metrics
    finally:
        assert await bot.finish() == 0


async def test_an_unreachable_database_is_said_at_once_with_the_contact(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    url = "postgresql://bot:pw@127.0.0.1:1/questions"  # nothing listens there
    bot = await start_press_bot(api, knowledge_root, tmp_path, RELEASE_BOT_DATABASE_URL=url)
    try:
        reply = await exchange(api, api.private_message(ASKER, UNANSWERABLE), ASKER, "does not say")
        preview = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, texts.PREVIEW_START)
        started = time.monotonic()
        await exchange(api, press(api, ASKER, preview, "s:"), ASKER, "not</b> sent")
        assert time.monotonic() - started < 8
        assert not delivered(api, PRESS)  # not posted: no one could pass the answer back
    finally:
        assert await bot.finish() == 0


async def test_a_restart_between_question_and_reply_loses_nothing(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    first = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        handed = await hand_over(api)
    finally:
        assert await first.finish() == 0
    second = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        relayed = await exchange(api, officer_reply(api, handed.post, ANSWER), ASKER, ANSWER)
        assert f"#{handed.number}" in relayed.params["text"]
    finally:
        assert await second.finish() == 0


async def test_a_double_tap_on_send_sends_once(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        handed = await hand_over(api)
        already = await exchange(api, press(api, ASKER, handed.preview, "s:"), ASKER, "already")
        assert already.params["text"] == texts.HANDOVER_ALREADY_SENT
        assert len(delivered(api, PRESS)) == 1 and len(handover_rows(tmp_path)) == 1
    finally:
        assert await bot.finish() == 0


async def test_change_and_dont_send(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        reply = await exchange(api, api.private_message(ASKER, UNANSWERABLE), ASKER, "does not say")
        preview = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, texts.PREVIEW_START)
        prompt = await exchange(api, press(api, ASKER, preview, "q:"), ASKER, "What would you")
        assert prompt.params["reply_markup"]["force_reply"] is True
        changed = "When exactly did the ministers meet?\n\nAnd who else was there?"
        update = api.private_message(ASKER, changed)
        update["message"]["reply_to_message"] = prompt.result
        second = await exchange(api, update, ASKER, texts.PREVIEW_START)
        assert changed in second.params["text"]
        await exchange(api, press(api, ASKER, second, "d:"), ASKER, method="editMessageText")
        assert api.calls("editMessageText")[-1].params["text"] == texts.HANDOVER_NOT_SENT
        handed = await confirm(api, preview)  # the first preview can still be sent, as shown
        assert UNANSWERABLE in handed.post["text"] and changed not in handed.post["text"]
    finally:
        assert await bot.finish() == 0


async def test_a_long_question_is_sent_back_to_shorten(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        reply = await exchange(api, api.private_message(ASKER, "/contact"), ASKER, "written")
        prompt = await exchange(api, press(api, ASKER, reply, "q:"), ASKER, "What would you")
        update = api.private_message(ASKER, "why " * 300)
        update["message"]["reply_to_message"] = prompt.result
        shorter = await exchange(api, update, ASKER, "longer than 1000")
        update = api.private_message(ASKER, "Why was the date left out?")
        update["message"]["reply_to_message"] = shorter.result
        preview = await exchange(api, update, ASKER, texts.PREVIEW_START)
        handed = await confirm(api, preview)
        assert "Why was the date left out?" in handed.post["text"]
    finally:
        assert await bot.finish() == 0


async def test_without_a_press_group_the_button_gives_the_contact(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_bot(api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        reply = await exchange(api, api.private_message(ASKER, UNANSWERABLE), ASKER, "does not say")
        api.push_update(press(api, ASKER, reply, "p:"))
        await api.wait_for("sendContact", lambda p: p["chat_id"] == ASKER)
        assert texts.HANDOVER_BY_PHONE in api.sent_texts(ASKER)
        await wait_until(lambda: not api.pending_updates)
        assert await silence(api, ASKER, 0.3) == 0
        contact = await exchange(
            api, api.private_message(ASKER, "/contact"), ASKER, "Press contact"
        )
        assert "written question" not in str(contact.params)  # no offer without a group
    finally:
        assert await bot.finish() == 0


async def test_a_reply_that_cannot_be_delivered_is_said_in_the_group(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        handed = await hand_over(api)
        reply = officer_reply(api, handed.post, ANSWER)
        api.fail_next("sendMessage", 502)  # the Bot API hiccups while passing it on
        failed = await exchange(api, reply, PRESS, "could not be passed on just now")
        assert "Please send it again" in failed.params["text"]
        # delivered again (a webhook redelivery): this time it goes through, once
        await exchange(api, reply, ASKER, ANSWER)
        assert sum(ANSWER in text for text in api.sent_texts(ASKER)) == 1

        api.block_chat(ASKER)  # the asker blocked the bot
        blocked = officer_reply(api, handed.post, "Anything else?", SECOND_OFFICER)
        told = await exchange(api, blocked, PRESS, "blocked the bot")
        assert told.params["text"] == texts.PRESS_ASKER_GONE
    finally:
        assert await bot.finish() == 0


async def test_in_a_group_the_button_asks_for_a_private_chat(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        asked = api.group_message(OTHER_GROUP, ASKER, f"@{api.username} {UNANSWERABLE}")
        reply = await exchange(api, asked, OTHER_GROUP, "does not say")
        data = button(reply, "p:")
        pressed = api.callback_query(
            ASKER, data, message_chat_id=OTHER_GROUP, message_id=reply.result["message_id"]
        )
        api.push_update(pressed)
        notice = await api.wait_for("answerCallbackQuery", lambda p: "text" in p)
        assert notice[-1].params["text"] == texts.HANDOVER_PRIVATE_ONLY
        assert await silence(api, OTHER_GROUP) == 0 and not delivered(api, PRESS)
    finally:
        assert await bot.finish() == 0
