"""Commands as a user sends them: /start and its deep links, /help, /about, /privacy, the admins'
/reload and /stats, unknown commands and non-text messages."""

from __future__ import annotations

import re

from bot.core.knowledge import KnowledgeBase
from bot.telegram_edge import texts
from bot.telegram_edge.sending import strip_tags
from tests.conftest import RunningBot, wait_until
from tests.telegram_edge.helpers import (
    ADMIN,
    GROUP,
    MEETING_ANSWER,
    USER,
    WebhookBot,
    ask,
    buttons,
    edit_answer,
    quiet_for,
    send,
    texts_to,
)


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


async def test_help_about_privacy_and_unknown_command(running_bot: RunningBot) -> None:
    assert "Who met whom?" in (await ask(running_bot, "/help"))["text"]
    about = (await ask(running_bot, "/about"))["text"]
    assert "Ministry of Justice, Finland" in about and "Moscow" in about
    assert (await ask(running_bot, "/release"))["text"] == about
    privacy = (await ask(running_bot, "/privacy"))["text"]
    assert "Controller:</b> Ministry of Justice, Finland" in privacy
    assert "90 days" in privacy and "user id" in privacy and "Data Protection Ombudsman" in privacy
    assert "/help" in (await ask(running_bot, "/nonsense"))["text"]


async def test_every_command_the_bot_advertises_is_answered(
    running_bot: RunningBot, base: KnowledgeBase
) -> None:
    """The command menu, and every command the bot's own texts tell people to send, exist."""
    said = strip_tags(texts.help_text(base)) + " " + texts.UNKNOWN_COMMAND
    mentioned = re.findall(r"(?:^|\s)/([a-z_]+)\b", said)
    assert mentioned  # the texts do name commands
    for name in sorted(set(texts.COMMANDS) | set(mentioned)):
        reply = (await ask(running_bot, f"/{name}"))["text"]
        assert reply != texts.UNKNOWN_COMMAND, name


async def test_group_commands_are_answered(running_bot: RunningBot) -> None:
    params = await send(running_bot, running_bot.api.group_message(GROUP, USER, "/help"), GROUP)
    assert "Who met whom?" in params["text"]


async def test_edited_command_is_not_answered_again(running_bot: RunningBot) -> None:
    await ask(running_bot, "/about")
    running_bot.api.push_update(running_bot.api.edited_message(USER, "/help"))
    assert await quiet_for(running_bot) == 0


async def test_non_text_messages_get_a_hint(running_bot: RunningBot) -> None:
    api = running_bot.api
    for fields in (
        {"sticker": api.sticker()},
        {"photo": api.photo()},
        {"photo": api.photo(), "caption": ""},
        {"location": api.location()},
        {"voice": api.voice()},
    ):
        params = await send(running_bot, api.message(USER, **fields), USER)
        assert params["text"] == texts.NON_TEXT_HINT, fields


# -- the admins' commands ---------------------------------------------------------------------


async def test_admin_reload_serves_the_new_knowledge_base(webhook_bot: WebhookBot) -> None:
    edit_answer(webhook_bot.knowledge, MEETING_ANSWER, "RELOADED: " + MEETING_ANSWER)
    await webhook_bot.ask("/reload", user=ADMIN)
    assert texts_to(webhook_bot.api, ADMIN)[-1].startswith("Reloaded")
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith("RELOADED: ")


async def test_broken_reload_keeps_the_old_base_and_tells_the_admin(
    webhook_bot: WebhookBot,
) -> None:
    edit_answer(
        webhook_bot.knowledge,
        "    related: [location, topics, other_meetings]",
        "    related: [location, no_such_fact]",
    )
    await webhook_bot.ask("/reload", user=ADMIN)
    message = texts_to(webhook_bot.api, ADMIN)[-1]
    assert "Reload refused" in message
    assert "knowledge.yaml:" in message and ".related[1]: 'no_such_fact'" in message
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith(MEETING_ANSWER)
    metrics = await webhook_bot.metrics()
    assert 'release_bot_knowledge_reloads_total{result="refused"} 1.0' in metrics


async def test_non_admin_reload_changes_nothing(webhook_bot: WebhookBot) -> None:
    edit_answer(webhook_bot.knowledge, MEETING_ANSWER, "RELOADED: " + MEETING_ANSWER)
    await webhook_bot.ask("/reload")
    assert texts_to(webhook_bot.api, USER)[-1] == texts.UNKNOWN_COMMAND
    await webhook_bot.ask("/stats")
    assert texts_to(webhook_bot.api, USER)[-1] == texts.UNKNOWN_COMMAND
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith(MEETING_ANSWER)


async def test_admin_stats_show_the_counts(webhook_bot: WebhookBot) -> None:
    await webhook_bot.ask("Who met whom?")
    await webhook_bot.ask("/stats", user=ADMIN)
    stats = texts_to(webhook_bot.api, ADMIN)[-1]
    assert "moj-fi-hakkanen-konovalov-moscow" in stats and "answered: 1" in stats
