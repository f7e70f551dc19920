"""End to end: the real Application talks HTTP to a fake Bot API on 127.0.0.1.

Each test pushes updates the way Telegram would deliver them and checks what the bot sent.
"""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Any

from bot.core.engine import Engine
from bot.telegram_edge.callback_data import Action, encode, release_key
from tests.conftest import RELEASE_ID, RunningBot, wait_until
from tests.fake_bot_api import BOT_USERNAME

USER = 1001
OTHER_USER = 1002
GROUP = -100123


async def ask(bot: RunningBot, text: str, user: int = USER) -> dict[str, Any]:
    """Send `text` privately and return the parameters of the bot's reply."""
    return await send(bot, bot.api.private_message(user, text), user)


async def send(
    bot: RunningBot, update: dict[str, Any], chat_id: int, method: str = "sendMessage"
) -> dict[str, Any]:
    """Push `update` and return the parameters of the next successful `method` call to `chat_id`."""
    before = len(bot.api.calls(method))

    def delivered() -> list:
        return [
            c
            for c in bot.api.calls(method)[before:]
            if c.status == 200 and c.params.get("chat_id") == chat_id
        ]

    bot.api.push_update(update)
    await wait_until(lambda: bool(delivered()), timeout=10)
    return delivered()[-1].params


def buttons(params: dict[str, Any]) -> list[dict[str, str]]:
    markup = params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


async def quiet_for(bot: RunningBot, seconds: float = 0.5) -> int:
    """How many messages the bot sends during `seconds` (used to prove silence)."""
    before = len(bot.api.calls("sendMessage"))
    await asyncio.sleep(seconds)
    return len(bot.api.calls("sendMessage")) - before


# 1. commands, and a private question and answer ------------------------------------------


async def test_private_question_gets_answer_with_contact(running_bot: RunningBot) -> None:
    params = await ask(running_bot, "Who met whom?")
    assert "Konovalov" in params["text"]
    assert "Lauri Koskentausta" in params["text"] and "+358 2951 50131" in params["text"]
    assert "<blockquote>" in params["text"]  # the source sentence
    assert params["parse_mode"] == "HTML"
    labels = [b["text"] for b in buttons(params)]
    assert 2 <= len(labels) <= 4 and labels[-1] == "📞 Press contact"


async def test_start_greets_with_headline_and_three_questions(running_bot: RunningBot) -> None:
    params = await ask(running_bot, "/start")
    assert "Hello" in params["text"] and "Häkkänen" in params["text"]
    question_buttons = [b for b in buttons(params) if b["callback_data"].startswith("a:")]
    assert len(question_buttons) == 3


async def test_start_contact_deep_link_sends_the_contact(running_bot: RunningBot) -> None:
    before = len(running_bot.api.calls("sendContact"))
    params = await ask(running_bot, "/start contact")
    assert "Lauri Koskentausta" in params["text"]
    await wait_until(lambda: len(running_bot.api.calls("sendContact")) > before)


async def test_contact_sends_text_first_then_the_card(running_bot: RunningBot) -> None:
    api = running_bot.api
    params = await ask(running_bot, "/contact")
    assert "Special Adviser" in params["text"] and "+358 2951 50131" in params["text"]
    (card,) = (await api.wait_for("sendContact"))[-1:]
    assert card.params["phone_number"] == "+358295150131"
    assert card.params["first_name"] == "Lauri" and card.params["last_name"] == "Koskentausta"
    text_call = [c for c in api.calls("sendMessage") if "Special Adviser" in c.params["text"]][-1]
    assert text_call.time < card.time


async def test_contact_text_arrives_even_if_the_card_is_refused(running_bot: RunningBot) -> None:
    running_bot.api.fail_next("sendContact", status=400, description="Bad Request: invalid phone")
    params = await ask(running_bot, "/contact")
    assert "+358 2951 50131" in params["text"]
    assert await quiet_for(running_bot, 0.3) == 0  # no apology: the contact did arrive


async def test_help_about_privacy_and_unknown_command(running_bot: RunningBot) -> None:
    assert "Who met whom?" in (await ask(running_bot, "/help"))["text"]
    about = (await ask(running_bot, "/about"))["text"]
    assert "Ministry of Justice, Finland" in about and "Moscow" in about
    assert (await ask(running_bot, "/release"))["text"] == about
    privacy = (await ask(running_bot, "/privacy"))["text"]
    assert "Controller:</b> Ministry of Justice, Finland" in privacy
    assert "90 days" in privacy and "user id" in privacy and "Data Protection Ombudsman" in privacy
    assert "/help" in (await ask(running_bot, "/nonsense"))["text"]


async def test_start_up_sets_commands_and_descriptions(running_bot: RunningBot) -> None:
    (commands,) = running_bot.api.calls("setMyCommands")
    names = [c["command"] for c in commands.params["commands"]]
    assert {"start", "help", "contact", "about", "privacy"} <= set(names)
    assert running_bot.api.calls("setMyDescription") and running_bot.api.calls(
        "setMyShortDescription"
    )


# 2. groups ---------------------------------------------------------------------------------


async def test_group_silence_mention_and_reply(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_update(api.group_message(GROUP, USER, "who met whom?"))
    assert await quiet_for(running_bot) == 0

    params = await send(
        running_bot, api.group_message(GROUP, USER, f"@{BOT_USERNAME} who met whom?"), GROUP
    )
    assert "Konovalov" in params["text"]
    assert params["reply_parameters"]["message_id"]

    params = await send(
        running_bot, api.group_message(GROUP, OTHER_USER, "and where?", reply_to_bot=True), GROUP
    )
    assert "Moscow" in params["text"]


async def test_group_commands_are_answered(running_bot: RunningBot) -> None:
    params = await send(running_bot, running_bot.api.group_message(GROUP, USER, "/help"), GROUP)
    assert "Who met whom?" in params["text"]


# 3. buttons --------------------------------------------------------------------------------


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
    data = encode(Action.CONTACT, RELEASE_ID)
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
        await wait_until(lambda b=before: len(api.calls("answerCallbackQuery")) > b)
        notice = api.calls("answerCallbackQuery")[-1].params
        assert "out of date" in notice.get("text", ""), data
    assert await quiet_for(running_bot, 0.2) == 0


# 4. inline mode ----------------------------------------------------------------------------


async def test_inline_query_offers_answers_with_the_contact(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_update(api.inline_query(USER, "who met whom"))
    (call,) = await api.wait_for("answerInlineQuery")
    results = call.params["results"]
    assert 1 <= len(results) <= 5
    first = results[0]["input_message_content"]["message_text"]
    assert "Konovalov" in first and "+358 2951 50131" in first
    assert len({r["id"] for r in results}) == len(results)


async def test_empty_inline_query_offers_examples(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_update(api.inline_query(USER, ""))
    (call,) = await api.wait_for("answerInlineQuery")
    assert any(
        "Koskentausta" in r["input_message_content"]["message_text"] for r in call.params["results"]
    )


# 5-7. hostile and unusual input ---------------------------------------------------------------


async def test_html_in_a_question_cannot_break_the_reply(running_bot: RunningBot) -> None:
    for text in ("<b>&x", "</i><script>alert(1)</script>", "who met whom <b>"):
        params = await ask(running_bot, text)
        assert "<script>" not in params["text"]
        assert "Lauri Koskentausta" in params["text"]


async def test_long_question_and_non_text_messages(running_bot: RunningBot) -> None:
    api = running_bot.api
    assert "Lauri Koskentausta" in (await ask(running_bot, "who met whom " * 341))["text"]
    for fields in (
        {"sticker": api.sticker()},
        {"photo": api.photo()},
        {"photo": api.photo(), "caption": ""},
        {"location": api.location()},
    ):
        params = await send(running_bot, api.message(USER, **fields), USER)
        assert params["text"].startswith("I can only read text")


async def test_edited_message_is_not_answered_again(running_bot: RunningBot) -> None:
    api = running_bot.api
    await ask(running_bot, "Who met whom?")
    api.push_update(api.edited_message(USER, "Where was the meeting?"))
    assert await quiet_for(running_bot) == 0


async def test_channel_posts_and_userless_updates_are_ignored(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_update(
        {
            "channel_post": {
                "message_id": 5,
                "date": 0,
                "text": "who met whom",
                "chat": {"id": -1005, "type": "channel", "title": "c"},
            }
        }
    )
    assert await quiet_for(running_bot) == 0
    assert "Konovalov" in (await ask(running_bot, "who met whom"))["text"]  # still serving


async def test_unicode_variants_get_the_same_answer(running_bot: RunningBot) -> None:
    plain = "Who did Häkkänen meet?"
    variants = [
        unicodedata.normalize("NFD", plain),
        "Who did\u200bHäkkänen meet?".replace("did\u200b", "did \u200b"),
        "Who\u200b did Häkkänen meet?",
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in plain),  # fullwidth
        "\u202e" + plain + "\u202c",
    ]
    expected = (await ask(running_bot, plain))["text"]
    for variant in variants:
        text = (await ask(running_bot, variant))["text"]
        assert text == expected, variant
        assert "\u202e" not in text and "\u200b" not in text
