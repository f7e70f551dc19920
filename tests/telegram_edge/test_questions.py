"""Questions as users type them: in a private chat, and addressed to the bot in a group."""

from __future__ import annotations

import unicodedata

from tests.conftest import RunningBot
from tests.fake_bot_api import BOT_USERNAME
from tests.telegram_edge.helpers import GROUP, OTHER_USER, USER, ask, buttons, quiet_for, send


async def test_private_question_gets_answer_with_contact(running_bot: RunningBot) -> None:
    params = await ask(running_bot, "Who met whom?")
    assert "Konovalov" in params["text"]
    assert "Lauri Koskentausta" in params["text"] and "+358 2951 50131" in params["text"]
    assert "<blockquote>" in params["text"]  # the source sentence
    assert params["parse_mode"] == "HTML"
    assert "reply_parameters" not in params  # a private chat needs no quoting
    labels = [b["text"] for b in buttons(params) if b["callback_data"][:2] not in ("y:", "n:")]
    assert 2 <= len(labels) <= 4 and labels[-1] == "📞 Press contact"


# -- groups -----------------------------------------------------------------------------------


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


async def test_a_mention_in_any_case_in_a_supergroup_gets_the_private_answer(
    running_bot: RunningBot,
) -> None:
    api = running_bot.api
    private = (await ask(running_bot, "where was the meeting?"))["text"]
    update = api.group_message(
        GROUP, USER, f"where was @{BOT_USERNAME.upper()} the meeting?", chat_type="supergroup"
    )
    assert (await send(running_bot, update, GROUP))["text"] == private  # the mention is dropped


async def test_group_messages_for_someone_else_are_not_answered(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_update(api.group_message(GROUP, USER, "@some_other_bot who met whom?"))
    update = api.group_message(GROUP, USER, "who met whom?")
    update["message"]["reply_to_message"] = api.group_message(GROUP, OTHER_USER, "hi")["message"]
    api.push_update(update)
    assert await quiet_for(running_bot) == 0


# -- what the bot does not answer, and hostile input -------------------------------------------


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


async def test_html_in_a_question_cannot_break_the_reply(running_bot: RunningBot) -> None:
    for text in ("<b>&x", "</i><script>alert(1)</script>", "who met whom <b>"):
        params = await ask(running_bot, text)
        assert "<script>" not in params["text"]
        assert "Lauri Koskentausta" in params["text"]


async def test_a_very_long_question_is_answered(running_bot: RunningBot) -> None:
    assert "Lauri Koskentausta" in (await ask(running_bot, "who met whom " * 341))["text"]


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
