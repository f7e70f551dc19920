"""Sending: HTML with a plain-text fallback, the contact as text then card, and message limits."""

from __future__ import annotations

import pytest

from bot.core.answers import MAX_MESSAGE_CHARS, escape
from bot.core.knowledge import KnowledgeBase
from bot.telegram_edge import texts
from bot.telegram_edge.sending import fit_text, strip_tags
from tests.conftest import RunningBot
from tests.telegram_edge.helpers import ask, quiet_for

PARSE_ERROR = "Bad Request: can't parse entities: unsupported start tag at byte offset 3"
HOSTILE = ["<b>&amp;</b>", "a < b && c > d", "&lt;i&gt;", "</blockquote>", "plain"]


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


async def test_parse_error_falls_back_once_to_plain_text(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=400, description=PARSE_ERROR)
    params = await ask(running_bot, "Who met whom?")
    attempts = api.calls("sendMessage")
    assert [c.status for c in attempts[-2:]] == [400, 200]
    assert "parse_mode" not in params and "<b>" not in params["text"]
    assert "Lauri Koskentausta" in params["text"]
    assert await quiet_for(running_bot, 0.3) == 0


async def test_other_bad_requests_are_not_resent_as_plain_text(running_bot: RunningBot) -> None:
    """Only a parse error means the HTML was at fault; anything else is an error (apologised)."""
    running_bot.api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    assert (await ask(running_bot, "Who met whom?"))["text"] == texts.APOLOGY


@pytest.mark.parametrize("data", HOSTILE)
def test_strip_tags_gives_back_the_literal_text_of_escaped_data(data: str) -> None:
    assert strip_tags(f"<b>{escape(data)}</b>\n<i>x</i>") == f"{data}\nx"


def test_strip_tags_leaves_no_tag_of_the_bots_own_texts(base: KnowledgeBase) -> None:
    for html in (texts.start_text(base), texts.help_text(base), texts.about_text(base)):
        plain = strip_tags(html)
        assert "<b>" not in plain and "</b>" not in plain and "&amp;" not in plain


@pytest.mark.parametrize("length", [0, 1, MAX_MESSAGE_CHARS - 1, MAX_MESSAGE_CHARS])
def test_fit_text_keeps_what_fits(length: int) -> None:
    text = "x" * length
    assert fit_text(text) == text


@pytest.mark.parametrize("length", [MAX_MESSAGE_CHARS + 1, 3 * MAX_MESSAGE_CHARS])
def test_fit_text_cuts_to_the_limit_and_says_so(length: int) -> None:
    text = "".join(str(n % 10) for n in range(length))
    fitted = fit_text(text)
    assert len(fitted) == MAX_MESSAGE_CHARS
    assert fitted.endswith("…") and text.startswith(fitted[:-1])
