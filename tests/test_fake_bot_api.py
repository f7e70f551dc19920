"""Tests for the fake Telegram Bot API, driven by the real ``telegram.Bot`` over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

try:
    from tests.fake_bot_api import (
        BOT_USERNAME,
        FakeBotApi,
        UploadedFile,
        check_html,
        check_markdown_v2,
    )
except ImportError:  # tests/ itself is on sys.path (rootdir-less invocation)
    from fake_bot_api import (  # type: ignore[no-redef]
        BOT_USERNAME,
        FakeBotApi,
        UploadedFile,
        check_html,
        check_markdown_v2,
    )

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="answer:yes")]])


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2.0, connect_timeout=2.0)
    async with api.make_bot(request=request, get_updates_request=HTTPXRequest()) as b:
        yield b


# ------------------------------------------------------------------ basics


async def test_get_me_over_http(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == BOT_USERNAME
    assert me.id == api.bot_id
    assert me.is_bot and me.can_join_groups and me.supports_inline_queries
    # Bot.initialize() already called getMe once; both are recorded with a timestamp.
    calls = api.calls("getMe")
    assert len(calls) == 2
    assert all(c.ok and c.params == {} and c.fault is None for c in calls)
    assert calls[0].time <= calls[1].time


async def test_application_builder_is_wired(api: FakeBotApi) -> None:
    app = api.application_builder().build()
    assert app.bot.base_url == f"{api.url}/bot{api.token}"
    async with app:
        assert app.bot.username == BOT_USERNAME


async def test_send_message_records_and_returns_message(api: FakeBotApi, bot: Bot) -> None:
    first = await bot.send_message(
        42, "hello <b>world</b>", parse_mode="HTML", reply_markup=KEYBOARD
    )
    second = await bot.send_message(42, "42")
    assert first.message_id < second.message_id
    assert first.chat.id == 42 and first.chat.type == "private"
    assert first.from_user is not None and first.from_user.id == api.bot_id
    assert first.text == "hello <b>world</b>"
    assert first.reply_markup == KEYBOARD
    assert isinstance(first.date, dtm.datetime)

    call = api.calls("sendMessage")[0]
    assert call.ok
    assert call.params == {
        "chat_id": 42,
        "text": "hello <b>world</b>",
        "parse_mode": "HTML",
        "reply_markup": KEYBOARD.to_dict(),
    }
    # A numeric-looking text must stay a string (PTB sends strings raw).
    assert api.sent_messages(42)[1] == {"chat_id": 42, "text": "42"}
    assert api.sent_texts(42) == ["hello <b>world</b>", "42"]
    assert api.sent_messages(7) == []


async def test_entities_are_echoed(bot: Bot) -> None:
    entity = MessageEntity(MessageEntity.BOLD, 0, 5)
    msg = await bot.send_message(1, "hello", entities=[entity])
    assert msg.entities == (entity,)


# ------------------------------------------------------------------ getUpdates


async def test_get_updates_returns_pushed_updates_and_honours_offset(
    api: FakeBotApi, bot: Bot
) -> None:
    first = api.push_update(api.private_message(7, "/start now"))
    second = api.push_update(
        api.group_message(
            -100123, 7, "hi @release_test_bot", chat_type="supergroup", reply_to_bot=True
        )
    )
    assert second == first + 1

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, second]
    start = updates[0].message
    assert start is not None and start.text == "/start now"
    assert start.chat.type == "private" and start.from_user is not None
    assert start.from_user.id == 7 and not start.from_user.is_bot
    assert start.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 6),)
    group = updates[1].message
    assert group is not None and group.chat.type == "supergroup"
    assert group.entities[0].type == MessageEntity.MENTION
    assert group.reply_to_message is not None
    assert group.reply_to_message.from_user.id == api.bot_id

    # Without a new offset the same updates are delivered again; limit is honoured.
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [first]
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == ()
    assert api.pending_updates == []
    assert api.calls("getUpdates")[-1].params["offset"] == second + 1


async def test_long_poll_returns_early_when_update_is_pushed(api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    api.push_update(api.private_message(7, "ping"))
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1.5
    assert updates[0].message.text == "ping"


async def test_long_poll_waits_for_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert 0.25 <= time.monotonic() - started < 2


async def test_newer_get_updates_terminates_waiting_one(api: FakeBotApi, bot: Bot) -> None:
    old = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert await bot.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(old, 2)


async def test_allowed_updates_filters_and_persists(api: FakeBotApi, bot: Bot) -> None:
    await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    api.push_update(api.private_message(7, "ignored"))
    query_id = api.push_update(api.callback_query(7, "answer:yes"))
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [query_id]
    assert len(api.discarded_updates) == 1
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 1
    assert info.allowed_updates == ("callback_query",)


async def test_chat_member_updates_need_to_be_requested(api: FakeBotApi, bot: Bot) -> None:
    chat_member = {"chat_member": {"chat": {"id": -5, "type": "group", "title": "g"}}}
    api.push_update(chat_member)
    assert api.pending_updates == [] and len(api.discarded_updates) == 1


async def test_all_builders_produce_parseable_updates(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(7, "pick one", reply_markup=KEYBOARD)
    builders = [
        api.callback_query(7, "answer:yes", message_chat_id=7, message_id=sent.message_id),
        api.inline_query(7, "release date"),
        api.edited_message(7, "fixed typo"),
        api.message(7, sticker=api.sticker()),
        api.message(7, chat=-42, photo=api.photo(), caption="see https://example.org"),
        api.message(7, location=api.location()),
        api.message(7, document=api.document()),
        api.message(7, voice=api.voice()),
    ]
    ids = [api.push_update(b) for b in builders]
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == ids
    query = updates[0].callback_query
    assert query.data == "answer:yes" and query.message.message_id == sent.message_id
    assert query.message.reply_markup == KEYBOARD
    assert updates[1].inline_query.query == "release date"
    assert updates[2].edited_message.text == "fixed typo"
    assert updates[2].edited_message.edit_date is not None
    assert updates[3].message.sticker.emoji == "👍"
    photo = updates[4].message
    assert photo.chat.type == "group" and len(photo.photo) == 3
    assert photo.caption_entities[0].type == MessageEntity.URL
    assert updates[5].message.location.latitude == pytest.approx(52.52)
    assert updates[6].message.document.file_name == "release.pdf"
    assert updates[7].message.voice.mime_type == "audio/ogg"
    assert all(isinstance(Update.de_json(u.to_dict(), bot), Update) for u in updates)


async def test_callback_flow_edit_and_answer(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(7, "pick one", reply_markup=KEYBOARD)
    api.push_update(api.callback_query(7, "answer:yes", message_id=sent.message_id))
    (update,) = await bot.get_updates()
    assert await update.callback_query.answer("ok") is True
    edited = await bot.edit_message_text("picked yes", chat_id=7, message_id=sent.message_id)
    assert edited.text == "picked yes" and edited.reply_markup is None
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("picked yes", chat_id=7, message_id=sent.message_id)
    with_markup = await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=KEYBOARD)
    assert with_markup.reply_markup == KEYBOARD
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=7, message_id=999_999)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("unknown-id")
    assert await bot.delete_message(7, sent.message_id) is True
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(7, sent.message_id)


async def test_other_methods(api: FakeBotApi, bot: Bot) -> None:
    commands = [BotCommand("start", "Start"), BotCommand("help", "Help")]
    assert await bot.set_my_commands(commands) is True
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="de") == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "bad")])
    assert await bot.set_my_description("Answers questions") is True
    assert (await bot.get_my_description()).description == "Answers questions"
    assert await bot.set_my_short_description("Release bot") is True
    contact = await bot.send_contact(7, phone_number="+49301234567", first_name="Press")
    assert contact.contact.phone_number == "+49301234567"
    assert await bot.send_chat_action(7, "typing") is True
    api.push_update(api.inline_query(7, "q"))
    (update,) = await bot.get_updates()
    assert await update.inline_query.answer([]) is True
    assert await bot.set_webhook("https://example.invalid/hook") is True
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert await bot.close() is True
    assert await bot.log_out() is True
    assert [p.get("phone_number") for p in api.sent_messages(7)] == ["+49301234567"]


# ------------------------------------------------------------------ errors and faults


# PTB itself reads the deprecated int-valued RetryAfter.retry_after in __init__.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_raises_retry_after(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=429, retry_after=2)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1, "x")
    assert info.value._retry_after == dtm.timedelta(seconds=2)
    call = api.calls("sendMessage")[0]
    assert call.fault == "fail" and call.status == 429 and not call.ok
    assert call.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 2",
        "parameters": {"retry_after": 2},
    }
    # The fault was consumed: the next call succeeds.
    assert (await bot.send_message(1, "x")).text == "x"


async def test_400_parse_entities_raises_bad_request(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next(
        "sendMessage",
        status=400,
        description="Bad Request: can't parse entities: Unsupported start tag",
    )
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(1, "x")


async def test_invalid_markup_is_rejected_like_telegram(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br" at byte offset 1'):
        await bot.send_message(1, "a<br>b", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)character '.' is reserved"):
        await bot.send_message(1, "Version 1.2", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(
            1,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("b", callback_data="d" * 65)]]
            ),
        )
    ok = await bot.send_message(
        1, r"*Version 1\.2* [link](https://x.org/a.b) `a.b`", parse_mode="MarkdownV2"
    )
    assert ok.message_id > 0


def test_markup_checkers() -> None:
    assert check_html('<b>bold</b> <a href="https://x.org/?a=1&b=2">l</a> &amp; 1 &lt; 2') is None
    assert check_html("<b>x") == 'Can\'t find end tag corresponding to start tag "b"'
    assert check_html("x</b>") == "Unexpected end tag at byte offset 1"
    assert check_html("<b><i>x</b></i>").startswith("Unmatched end tag at byte offset 7")
    assert check_html("ä < b") == 'Unsupported start tag "" at byte offset 3'
    assert check_markdown_v2("```\na.b!\n``` \\. _it_ ![👍](tg://emoji?id=1)") is None
    assert check_markdown_v2("a-b") is not None


async def test_403_raises_forbidden(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1, "x")
    api.block_chat(5)
    with pytest.raises(Forbidden):
        await bot.send_message(5, "x")


async def test_faults_are_consumed_in_order(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=500, times=2)
    api.fail_next("sendMessage", status=502)
    for expected in ("Internal Server Error", "Internal Server Error", "Bad Gateway"):
        with pytest.raises(NetworkError, match=expected):
            await bot.send_message(1, "x")
    await bot.send_message(1, "x")
    assert [c.status for c in api.calls("sendMessage")] == [500, 500, 502, 200]


async def test_drop_raises_network_error(api: FakeBotApi, bot: Bot) -> None:
    api.drop_next("sendMessage")
    with pytest.raises(NetworkError) as info:
        await bot.send_message(1, "x")
    assert not isinstance(info.value, TimedOut)
    assert api.calls("sendMessage")[0].fault == "drop"
    assert api.calls("sendMessage")[0].status is None
    assert (await bot.send_message(1, "after")).text == "after"


async def test_delay_causes_client_timeout(api: FakeBotApi) -> None:
    api.delay_next("getMe", 1.0)
    fast = api.make_bot(request=HTTPXRequest(read_timeout=0.2))
    started = time.monotonic()
    with pytest.raises(TimedOut):
        async with fast:  # initialize() calls getMe
            pass
    assert time.monotonic() - started < 0.9
    assert api.calls("getMe")[0].fault == "delay"


async def test_faults_apply_to_get_updates(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("getUpdates", status=502, body=b"<html>502 Bad Gateway</html>")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_updates()


async def test_wrong_token_raises_invalid_token(api: FakeBotApi) -> None:
    other = Bot("987654321:wrong-token", base_url=api.base_url)
    with pytest.raises(InvalidToken):
        async with other:
            pass
    assert api.calls("getMe")[0].status == 401
    assert not api.calls("getMe")[0].token_ok


async def test_unknown_method_is_404(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTeleportation", {"chat_id": 1})


# ------------------------------------------------------------------ helpers


async def test_wait_for_finds_calls_and_times_out_helpfully(api: FakeBotApi, bot: Bot) -> None:
    async def later() -> None:
        await asyncio.sleep(0.1)
        for i in range(3):
            await bot.send_message(9, f"answer {i}")

    task = asyncio.create_task(later())
    calls = await api.wait_for("sendMessage", lambda p: p["chat_id"] == 9, count=3)
    await task
    assert [c.params["text"] for c in calls] == ["answer 0", "answer 1", "answer 2"]

    started = time.monotonic()
    with pytest.raises(AssertionError) as info:
        await api.wait_for("sendMessage", lambda p: p["text"] == "never", timeout=0.2)
    assert time.monotonic() - started < 1
    message = str(info.value)
    assert "0 matched" in message and "answer 2" in message and "sendMessage" in message


async def test_json_get_and_multipart_requests_are_decoded(api: FakeBotApi) -> None:
    base = f"{api.base_url}{api.token}"
    async with httpx.AsyncClient() as client:
        r = await client.post(f"{base}/sendMessage", json={"chat_id": 3, "text": "json"})
        assert r.json()["result"]["text"] == "json"
        r = await client.get(f"{base}/sendMessage", params={"chat_id": "3", "text": "7"})
        assert r.json()["result"]["text"] == "7"
        r = await client.post(
            f"{base}/sendMessage",
            data={"chat_id": "3", "text": "multi\nline"},
            files={"document": ("a.txt", b"hello", "text/plain")},
        )
        assert r.status_code == 200
    params = [c.params for c in api.calls("sendMessage")]
    assert params[0] == {"chat_id": 3, "text": "json"}
    assert params[1] == {"chat_id": 3, "text": "7"}
    assert params[2]["text"] == "multi\nline"
    assert params[2]["document"] == UploadedFile("a.txt", "text/plain", b"hello")


async def test_stop_is_clean_while_long_poll_waits() -> None:
    api = FakeBotApi().start()
    bot = api.make_bot(get_updates_request=HTTPXRequest(read_timeout=2))
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    while not api.calls("getUpdates"):
        await asyncio.sleep(0.01)
    started = time.monotonic()
    await asyncio.to_thread(api.stop)
    assert time.monotonic() - started < 1.5
    try:
        result = await asyncio.wait_for(poll, 2)
    except NetworkError:
        pass
    else:
        assert result == ()
    assert api.calls("getUpdates")[0].status in (200, None)
    await bot.shutdown()


async def test_real_application_polls_and_replies(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"hi {update.effective_user.first_name}")

    app = api.application_builder().build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=2, drop_pending_updates=True)
        update_id = api.push_update(api.private_message(7, "/start"))
        (call,) = await api.wait_for("sendMessage", timeout=3)
        assert call.params == {"chat_id": 7, "text": "hi User7"}
        started = time.monotonic()
        await app.updater.stop()
        await app.stop()
        assert time.monotonic() - started < 1.5
    assert api.calls("deleteWebhook")[0].params == {"drop_pending_updates": True}
    # Updater.stop() confirmed the handled update with a final getUpdates(offset=...).
    assert api.pending_updates == []
    assert api.calls("getUpdates")[-1].params["offset"] == update_id + 1
