"""Fixed texts the Telegram bot sends, as HTML with everything from data escaped.

No Telegram import: these are plain functions of the knowledge base, testable on their own.
"""

from __future__ import annotations

import html

from bot.core.answers import contact_line, escape
from bot.core.knowledge import KnowledgeBase
from bot.settings import Settings

COMMANDS = {
    "start": "Start and see example questions",
    "help": "What I can answer and how to ask",
    "contact": "The press contact, with a contact card",
    "about": "About the release",
    "privacy": "What this bot stores",
    "releases": "The releases I can answer about",
}

UNKNOWN_COMMAND = "I don't know that command. Type a question, or see /help."
NON_TEXT_HINT = "I can only read text. Please type your question about the release."
FLOOD_NOTICE = "You are sending messages very fast. Please wait a moment before the next question."
STALE_BUTTON = "That button is out of date. Please type your question instead."
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


def start_text(base: KnowledgeBase) -> str:
    return (
        "Hello! I answer questions about this press release:\n"
        f"<b>{escape(base.release.headline)}</b>\n\n"
        "Ask in your own words, or tap a question below."
    )


def releases_text(bases: list[KnowledgeBase], current: KnowledgeBase) -> str:
    lines = ["<b>Releases I can answer about</b> (newest first):"]
    for base in bases:
        mark = " ← current" if base.id == current.id else ""
        date = f" ({escape(base.release.date)})" if base.release.date else ""
        lines.append(f"• {escape(base.release.headline)}{date}{mark}")
    lines.append("\nTap one to ask about it.")
    return "\n".join(lines)


def help_text(base: KnowledgeBase) -> str:
    return (
        f"I answer questions about the release <b>{escape(base.release.headline)}</b>, "
        "using only what the release says, and I quote the sentence each answer comes from. "
        "If the release does not say, I tell you so and give you the press contact.\n\n"
        "Ask in your own words, for example:\n"
        "• Who met whom?\n• Where was the meeting?\n• What did they discuss about cybercrime?\n"
        "• Who is the press contact?\n\n"
        "Commands: /contact the press contact, /about the release, /privacy what I store.\n"
        "In groups, mention me or reply to my message. In any chat you can type my name and a "
        "question to share an answer."
    )


def contact_text(base: KnowledgeBase) -> str:
    return f"<b>Press contact:</b> {escape(contact_line(base.contact))}"


def about_text(base: KnowledgeBase) -> str:
    release = base.release
    lines = [
        f"<b>{escape(release.headline)}</b>",
        "",
        escape(release.summary),
        "",
        f"Publisher: {escape(release.publisher)}",
    ]
    if release.published:
        lines.append(f"Published: {escape(release.published)}")
    elif release.date:
        lines.append(f"Date: {escape(release.date)}")
    if release.url:
        lines.append(f'<a href="{escape_attribute(release.url)}">Read the release</a>')
    if release.source_note:
        lines.append(f"Source: {escape(release.source_note)}")
    return "\n".join(lines)


def escape_attribute(text: str) -> str:
    return html.escape(text, quote=True)


def privacy_text(settings: Settings, base: KnowledgeBase) -> str:
    """What the bot stores, in the terms of GDPR Article 13 (information to the data subject)."""
    controller = settings.privacy.controller or base.release.publisher
    contact = settings.privacy.contact or f"the data protection officer of {controller}"
    lines = [
        "<b>Privacy</b>",
        f"<b>Controller:</b> {escape(controller)}. Data protection questions: {escape(contact)}.",
        PRIVACY_PURPOSE,
        PRIVACY_STORED.format(days=settings.storage.retention_days),
        PRIVACY_NEVER,
        PRIVACY_RIGHTS,
        "Telegram carries your messages to the bot; Telegram's own privacy policy applies to it.",
    ]
    return "\n".join(lines)


PRIVACY_PURPOSE = (
    "<b>Purpose:</b> answering questions about the press release, and improving the answers. "
    "Legal basis: the controller's public task of communicating with the public "
    "(GDPR Article 6(1)(e))."
)
PRIVACY_STORED = (
    "<b>What is stored:</b> questions the bot could not answer well (no answer, a "
    "“did you mean”, or a low-confidence answer): the question text with phone numbers, "
    "e-mail addresses and similar details masked, how it was answered, and when. "
    "They are kept for {days} days, then deleted automatically."
)
PRIVACY_NEVER = (
    "<b>Never stored:</b> your name, username, user id or chat id, and the questions it "
    "answered well. Logs hold only technical events, never what you wrote. Nothing is "
    "shared with anyone else or used for automated decisions about you."
)
PRIVACY_RIGHTS = (
    "<b>Your rights:</b> access, rectification, erasure, restriction and objection "
    "(Articles 15-21). Because nothing links a stored question to you, the controller can "
    "act on a request only if you tell us the question's text and date. You may also "
    "complain to the data protection supervisory authority (in Finland, the Data "
    "Protection Ombudsman)."
)


def bot_description(base: KnowledgeBase) -> str:
    """The bot's description (shown before a user starts it), at most 512 characters."""
    text = (
        f"I answer questions about the press release “{base.release.headline}” "
        f"({base.release.publisher}), only from its text, and give you the press contact."
    )
    return text[:512]


def short_description(base: KnowledgeBase) -> str:
    """The bot's short description (profile page), at most 120 characters."""
    return f"Answers questions about a {base.release.publisher} press release."[:120]
