"""Fixed texts the Telegram bot sends, as HTML with everything from data escaped.

No Telegram import: these are plain functions of the knowledge base, testable on their own.
"""

from __future__ import annotations

from bot.answers import contact_line, escape
from bot.knowledge import KnowledgeBase

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
    if release.date:
        lines.append(f"Date: {escape(release.date)}")
    if release.source_note:
        lines.append(f"Source: {escape(release.source_note)}")
    return "\n".join(lines)


def privacy_text() -> str:
    return (
        "<b>Privacy</b>\n"
        "This bot answers from a published press release. It does not store your name, "
        "username, user id, chat id or messages. Its logs record only technical events "
        "(such as an error's type), never what you wrote. To answer you, Telegram passes your "
        "message to the bot; Telegram's own privacy policy applies to Telegram."
    )


def commands_description(base: KnowledgeBase) -> str:
    """The bot's description (shown before a user starts it), at most 512 characters."""
    text = (
        f"I answer questions about the press release “{base.release.headline}” "
        f"({base.release.publisher}), only from its text, and give you the press contact."
    )
    return text[:512]


def short_description(base: KnowledgeBase) -> str:
    """The bot's short description (profile page), at most 120 characters."""
    return f"Answers questions about a {base.release.publisher} press release."[:120]
