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
    "cancel": "Withdraw your question to the press office",
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
        PRIVACY_HANDOVER.format(days=settings.handover.days),
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
    "<b>Never stored with a question:</b> your name, username, user id or chat id; nor the "
    "questions it answered well. If you choose another release than the newest (/releases), "
    "the bot keeps your chat id with that choice for 30 days after you last chose, and nothing "
    "else about you. The bot's logs record only technical events (which Bot API method was "
    "called, an update's number, errors), never what you wrote, your name or your ids, at any "
    "log level. Nothing is shared with anyone else or used for automated decisions about you."
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


# -- the press office: hand-overs and feedback ---------------------------------------------------
# Texts with the user's own words in them are sent as plain text (no parse mode), so that what
# Telegram gives back (the preview, when "Send it" is tapped) is exactly what was shown.

PRIVACY_HANDOVER = (
    "<b>Only if you send a question to the press office</b> (after seeing it and tapping "
    "“Send it”): your question as you wrote it, nothing masked, goes with your Telegram name "
    "to the press office's Telegram group. To bring you the answer, the bot keeps the question, "
    "your name and your chat id until a day after the first answer, or {days} days if none "
    "comes, then deletes them; /cancel withdraws an open question and deletes them at once. "
    "<b>👍 / 👎</b> are stored with the answer they rate and, after a 👎, your question and what "
    "you say was missing, masked like the questions above and never with who you are."
)
HANDOVER_MAX_CHARS = 1000
ASK_PRESS_PROMPT = (
    "What would you like to ask the press office? Reply to this message with your question, "
    f"in one message of at most {HANDOVER_MAX_CHARS} characters."
)
ASK_PRESS_PLACEHOLDER = "Your question to the press office"
PREVIEW_START = "This is what I will send to the press office"
PREVIEW_END = (
    "A press officer answers by replying to it, and I bring you the answer here. Nothing is "
    "sent or stored until you tap “Send it”."
)
HANDOVER_TOO_LONG = (
    f"That is longer than {HANDOVER_MAX_CHARS} characters. Please shorten it and reply to my "
    "question again."
)
HANDOVER_PRIVATE_ONLY = "To send a question to the press office, write to me in a private chat."
HANDOVER_STALE = "I no longer have that question. Please type it again, then tap the button."
HANDOVER_NOT_SENT = "Not sent. Nothing was stored."
HANDOVER_ALREADY_SENT = "That question has been sent already."
HANDOVER_FAILED = (
    "I could not reach the press office just now, so your question was <b>not</b> sent. "
    "Please contact them directly:"
)
HANDOVER_BY_PHONE = "Questions to the press office go to them directly:"
CONTACT_HANDOVER = (
    "You can also send a written question to the press office through me; I will bring you "
    "their answer here."
)
CANCEL_NONE = "You have no open questions to the press office."
CANCEL_WHICH = "Which question do you want to withdraw?"
CANCEL_GONE = "That question is no longer open."
PENDING_NONE = "No questions are waiting for the press office."
PRESS_CLOSED = (
    "This question is closed (answered a day ago or more, withdrawn, or expired), so your reply "
    "was not passed on."
)
PRESS_NOT_TEXT = "Only text replies (or captions) can be passed on; this one was not."
PRESS_ASKER_GONE = (
    "⚠️ Your reply could not be delivered: the person who asked has blocked the bot or "
    "deleted the chat."
)
FEEDBACK_THANKS = "Thank you for the feedback!"
FEEDBACK_PROMPT_START = "Sorry that did not help. What was missing?"
FEEDBACK_COMMENT_THANKS = "Thank you, that goes to the press office."
QUOTE_CHARS = 200  # of the question, when it is quoted back


def handover_preview(question: str, name: str, organisation: str) -> str:
    """Exactly what will be sent, and with which name (plain text)."""
    header = f"{PREVIEW_START} ({organisation}), with your Telegram name “{one_line(name)}”:"
    return f"{header}\n\n{question}\n\n{PREVIEW_END}"


def previewed_question(text: str | None) -> str | None:
    """The question in a preview the bot sent (as Telegram gives it back), or None."""
    if not text or not text.startswith(PREVIEW_START) or not text.endswith(PREVIEW_END):
        return None
    _, _, rest = text.partition("\n\n")
    question, _, _ = rest.rpartition("\n\n")
    return question.strip() or None


def handover_sent(reference: str, days: int) -> str:
    return (
        f"Sent to the press office as question <b>{escape(reference)}</b>. Their answer will "
        f"come here, marked as theirs; a question waits for an answer up to {days} days. "
        "/cancel withdraws it."
    )


def press_post(
    status: str,
    headline: str,
    name: str,
    open_until: str,
    question: str,
    candidates: list[tuple[str, float]],
) -> str:
    """The question as the press office's group sees it (plain text); `status` is its first
    line, replaced when it is answered."""
    lines = [
        status,
        f"Release: {headline}",
        f"From: {one_line(name)}, through the bot. Your reply to this message goes to them "
        "as the press office's answer.",
        f"Open until {open_until}",
        "",
        question,
        "",
    ]
    if candidates:
        lines.append("The bot's closest facts:")
        lines += [f"• {title} (score {score:.0f})" for title, score in candidates]
    else:
        lines.append("The bot found no fact close to it.")
    return "\n".join(lines)


def post_status_open(reference: str) -> str:
    return f"🟡 Question {reference}: open. Reply to this message to answer it."


def post_status_answered(reference: str, replies: int) -> str:
    passed = "1 reply" if replies == 1 else f"{replies} replies"
    return f"✅ Question {reference}: answered ({passed} passed on)."


def post_withdrawn(reference: str) -> str:
    return (
        f"↩️ Question {reference} was withdrawn by the person who asked; their question and "
        "details were removed."
    )


def post_expired(reference: str, days: int) -> str:
    return (
        f"⌛ Question {reference} expired unanswered after {days} days; the question and the "
        "asker's details were deleted."
    )


def press_relay_failed(kind: str) -> str:
    return (
        f"⚠️ Your reply could not be passed on just now ({kind}). Please send it again as a "
        "reply to the question."
    )


def relayed_answer(reference: str, organisation: str, question: str, answer: str) -> str:
    """A press officer's reply as the user gets it (HTML)."""
    return (
        f"<b>📨 Answer from the press office</b> ({escape(organisation)}) to your question "
        f"{escape(reference)}:\n<i>{escape(shortened(question))}</i>\n\n{escape(answer)}"
    )


def handover_expired(reference: str, days: int, contact: str) -> str:
    return (
        f"The press office did not answer your question <b>{escape(reference)}</b> within "
        f"{days} days, so it has been withdrawn and your details deleted. You can still reach "
        f"them directly: {escape(contact)}"
    )


def handover_undelivered(reference: str, contact: str) -> str:
    return (
        f"Your question <b>{escape(reference)}</b> did not reach the press office. Please "
        f"contact them directly: {escape(contact)}"
    )


def withdrawn(references: list[str]) -> str:
    which = ", ".join(escape(reference) for reference in references)
    plural = "s" if len(references) > 1 else ""
    return (
        f"Withdrawn: question{plural} <b>{which}</b>. The press office will not answer here, "
        "and your details were deleted."
    )


def pending_line(reference: str, asked: str, days_left: int, name: str, question: str) -> str:
    left = "less than a day left" if days_left < 1 else f"{days_left} days left"
    return f"{reference} · asked {asked} · {left} · {one_line(name)}\n“{shortened(question)}”"


def pending_text(lines: list[str]) -> str:
    """The questions waiting for the press office (plain text)."""
    if not lines:
        return PENDING_NONE
    return f"Questions waiting for the press office ({len(lines)}):\n\n" + "\n\n".join(lines)


def feedback_prompt(feedback_id: int) -> str:
    return (
        f"{FEEDBACK_PROMPT_START} If you like, reply to this message in a few words; it helps "
        f"the press office improve the answers. (feedback {feedback_id})"
    )


def prompted_feedback(text: str | None) -> int | None:
    """The feedback number in a "what was missing?" message the bot sent, or None."""
    if not text or not text.startswith(FEEDBACK_PROMPT_START):
        return None
    head, _, number = text.rstrip(")").rpartition("(feedback ")
    return int(number) if head and number.isdigit() else None


def one_line(text: str) -> str:
    return " ".join(text.split())


def shortened(text: str, limit: int = QUOTE_CHARS) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
