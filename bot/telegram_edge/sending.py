"""Sending what the user reads: HTML with a plain-text fallback, replies with their buttons, and
the press contact as text and as a card."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import unescape
from typing import Any

from telegram import LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.core.answers import MAX_MESSAGE_CHARS, Reply, render_html, render_plain
from bot.core.knowledge import KnowledgeBase
from bot.telegram_edge import texts
from bot.telegram_edge.keyboards import reply_keyboard

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAG = re.compile(r"</?[a-z][^>]*>")


async def send_html(
    message: Message, html: str, plain: str | Callable[[], str], **kwargs: Any
) -> None:
    """Reply with HTML; if Telegram cannot parse it, send the plain text once instead (`plain`
    may be a function making it, called only then)."""
    try:
        await message.reply_html(html, link_preview_options=NO_PREVIEW, **kwargs)
    except BadRequest as error:
        if "parse entities" not in str(error).lower():
            raise
        log.warning("HTML refused by Telegram; sent as plain text instead")
        text = plain if isinstance(plain, str) else plain()
        await message.reply_text(text, link_preview_options=NO_PREVIEW, **kwargs)


async def send_text(message: Message, html: str, **kwargs: Any) -> None:
    """Send one of the bot's own HTML texts; its plain fallback is the same text untagged."""
    await send_html(message, html, strip_tags(html), **kwargs)


def strip_tags(html: str) -> str:
    return unescape(_TAG.sub("", html))


def fit_text(text: str) -> str:
    """Plain text cut to Telegram's message limit."""
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


async def send_reply(message: Message, reply: Reply) -> None:
    """An answer with its buttons; in groups, as a reply to the question."""
    kwargs: dict[str, Any] = {"reply_markup": reply_keyboard(reply)}
    if message.chat.type != ChatType.PRIVATE:
        kwargs["reply_parameters"] = ReplyParameters(
            message.message_id, allow_sending_without_reply=True
        )
    await send_html(message, render_html(reply), lambda: render_plain(reply), **kwargs)


async def send_contact(message: Message, base: KnowledgeBase, language: str = "en") -> None:
    """The contact as text first (it always arrives, in `language`), then as a card that can be
    saved."""
    await send_text(message, texts.contact_text(base, language))
    contact = base.contact
    try:
        await message.reply_contact(
            phone_number=contact.phone_e164,
            first_name=contact.first_name,
            last_name=contact.last_name or None,
        )
    except BadRequest:
        log.warning("contact card refused by Telegram; the text was sent")
