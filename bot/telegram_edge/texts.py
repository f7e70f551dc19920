"""Fixed texts the Telegram bot sends, as HTML with everything from data escaped, in the
language of the reply.

No Telegram import: these are plain functions of the knowledge base, testable on their own.
Every text is a gettext message (its English words are the message id, marked `_`, `_f` or
`N_`; see `bot.telegram_edge.locales`), so its Finnish and Swedish live in the catalogues, and
a function's `language` (default English) says which to send.
"""

from __future__ import annotations

import html
import re

from bot.core.answers import contact_line, escape
from bot.core.knowledge import KnowledgeBase
from bot.core.phrases import in_language, phrases
from bot.settings import Settings
from bot.telegram_edge.locales import N_, SUPPORTED, _, _f, all_languages

ENGLISH = "en"

COMMANDS = {
    "start": N_("Start and see example questions"),
    "help": N_("What I can answer and how to ask"),
    "contact": N_("The press contact, with a contact card"),
    "about": N_("About the release"),
    "privacy": N_("What this bot stores"),
    "releases": N_("The releases I can answer about"),
    "language": N_("Choose the language of my replies"),
    "cancel": N_("Withdraw your question to the press office"),
}

UNKNOWN_COMMAND = N_("I don't know that command. Type a question, or see /help.")
NON_TEXT_HINT = N_("I can only read text. Please type your question about the release.")
FLOOD_NOTICE = N_(
    "You are sending messages very fast. Please wait a moment before the next question."
)
STALE_BUTTON = N_("That button is out of date. Please type your question instead.")
APOLOGY = N_("Sorry, something went wrong on my side. Please try again in a moment.")


def headline_in(base: KnowledgeBase, language: str) -> str:
    """The release's headline as published in `language`, if it was; else its own."""
    version = base.release.version(language)
    return version.headline if version else base.release.headline


def start_text(base: KnowledgeBase, language: str = ENGLISH) -> str:
    return "\n".join(
        [
            _("Hello! I answer questions about this press release:", language),
            f"<b>{escape(headline_in(base, language))}</b>",
            "",
            _("Ask in your own words, or tap a question below.", language),
        ]
    )


def releases_text(
    bases: list[KnowledgeBase], current: KnowledgeBase, language: str = ENGLISH
) -> str:
    lines = [_("<b>Releases I can answer about</b> (newest first):", language)]
    for base in bases:
        mark = " " + _("← current", language) if base.id == current.id else ""
        date = f" ({escape(base.release.date)})" if base.release.date else ""
        lines.append(f"• {escape(headline_in(base, language))}{date}{mark}")
    lines.append("\n" + _("Tap one to ask about it.", language))
    return "\n".join(lines)


def help_text(base: KnowledgeBase, language: str = ENGLISH) -> str:
    headline = escape(headline_in(base, language))
    return "\n\n".join(
        [
            _f(
                "I answer questions about the release <b>{headline}</b>, using only what the "
                "release says, and I quote the sentence each answer comes from. If the release "
                "does not say, I tell you so and give you the press contact.",
                language,
                headline=headline,
            ),
            _(
                "Ask in your own words, for example:\n• Who met whom?\n• Where was the meeting?\n"
                "• What did they discuss about cybercrime?\n• Who is the press contact?",
                language,
            ),
            _(
                "Commands: /contact the press contact, /about the release, /privacy what I "
                "store, /language the language of my replies.\nIn groups, mention me or reply "
                "to my message. In any chat you can type my name and a question to share an "
                "answer.",
                language,
            ),
        ]
    )


def contact_text(base: KnowledgeBase, language: str = ENGLISH) -> str:
    label = phrases(language).contact_label  # as under every reply
    return f"<b>{escape(label)}</b> {escape(contact_line(base.contact, language))}"


def about_text(base: KnowledgeBase, language: str = ENGLISH) -> str:
    release = base.release
    lines = [f"<b>{escape(headline_in(base, language))}</b>", "", escape(release.summary)]
    if release.language != language:
        said = in_language(release.language, language)
        lines.append(
            _f(
                "<i>The summary is {language}, the language of the release.</i>",
                language,
                language=escape(said),
            )
        )
    lines += ["", _f("Publisher: {publisher}", language, publisher=escape(release.publisher))]
    if release.published:
        lines.append(_f("Published: {date}", language, date=escape(release.published)))
    elif release.date:
        lines.append(_f("Date: {date}", language, date=escape(release.date)))
    if release.url:
        read = escape(_("Read the release", language))
        lines.append(f'<a href="{escape_attribute(release.url)}">{read}</a>')
    if release.source_note:
        lines.append(_f("Source: {source}", language, source=escape(release.source_note)))
    return "\n".join(lines)


def escape_attribute(text: str) -> str:
    return html.escape(text, quote=True)


def privacy_text(settings: Settings, base: KnowledgeBase, language: str = ENGLISH) -> str:
    """What the bot stores, in the terms of GDPR Article 13 (information to the data subject)."""
    controller = settings.privacy.controller or base.release.publisher
    contact = settings.privacy.contact or _f(
        "the data protection officer of {controller}", language, controller=controller
    )
    lines = [
        _("<b>Privacy</b>", language),
        _f(
            "<b>Controller:</b> {controller}. Data protection questions: {contact}.",
            language,
            controller=escape(controller),
            contact=escape(contact),
        ),
        _(PRIVACY_PURPOSE, language),
        _f(PRIVACY_STORED, language, days=settings.storage.retention_days),
        _(PRIVACY_NEVER, language),
        _f(PRIVACY_HANDOVER, language, days=settings.handover.days),
        _(PRIVACY_RIGHTS, language),
        _(
            "Telegram carries your messages to the bot; Telegram's own privacy policy applies "
            "to it.",
            language,
        ),
    ]
    return "\n".join(lines)


PRIVACY_PURPOSE = N_(
    "<b>Purpose:</b> answering questions about the press release, and improving the answers. "
    "Legal basis: the controller's public task of communicating with the public "
    "(GDPR Article 6(1)(e))."
)
PRIVACY_STORED = N_(
    "<b>What is stored:</b> questions the bot could not answer well (no answer, a "
    "“did you mean”, or a low-confidence answer): the question text with phone numbers, "
    "e-mail addresses and similar details masked, how it was answered, and when. "
    "They are kept for {days} days, then deleted automatically."
)
PRIVACY_NEVER = N_(
    "<b>Never stored with a question:</b> your name, username, user id or chat id; nor the "
    "questions it answered well. If you choose another release than the newest (/releases) or "
    "a language (/language), the bot keeps your chat id with that choice for 30 days after you "
    "last chose. To understand a follow-up question (“what did he say?”), it keeps which of its "
    "answers your chat got last, for an hour. Nothing else about you is kept. The bot's logs "
    "record only technical events "
    "(which Bot API method was called, an update's number, errors), never what you wrote, your "
    "name or your ids, at any log level. Nothing is shared with anyone else or used for "
    "automated decisions about you."
)
PRIVACY_RIGHTS = N_(
    "<b>Your rights:</b> access, rectification, erasure, restriction and objection "
    "(Articles 15-21). Because nothing links a stored question to you, the controller can "
    "act on a request only if you tell us the question's text and date. You may also "
    "complain to the data protection supervisory authority (in Finland, the Data "
    "Protection Ombudsman)."
)


def bot_description(base: KnowledgeBase, language: str = ENGLISH) -> str:
    """The bot's description (shown before a user starts it), at most 512 characters."""
    text = _f(
        "I answer questions about the press release “{headline}” ({publisher}), only from its "
        "text, and give you the press contact.",
        language,
        headline=headline_in(base, language),
        publisher=base.release.publisher,
    )
    return text[:512]


def short_description(base: KnowledgeBase, language: str = ENGLISH) -> str:
    """The bot's short description (profile page), at most 120 characters."""
    text = _f(
        "Answers questions about a {publisher} press release.",
        language,
        publisher=base.release.publisher,
    )
    return text[:120]


# -- /language ------------------------------------------------------------------------------------

LANGUAGE_PROMPT = N_(
    "Choose the language of my replies. Now: {current}. Automatic means the language of your "
    "question, else your Telegram language."
)
LANGUAGE_AUTOMATIC = N_("Automatic")
LANGUAGE_NAMES = {"en": N_("English"), "fi": N_("Finnish"), "sv": N_("Swedish")}
LANGUAGE_CHOSEN = {
    "en": N_("I will reply in English, unless you write a question in Finnish or Swedish."),
    "fi": N_("I will reply in Finnish, unless you write a question in English or Swedish."),
    "sv": N_("I will reply in Swedish, unless you write a question in English or Finnish."),
}
LANGUAGE_AUTOMATIC_CHOSEN = N_(
    "I will reply in the language of your question, else in your Telegram language."
)


def language_prompt(current: str | None, language: str) -> str:
    """/language: which language is chosen now (`current`: None for automatic)."""
    name = _(LANGUAGE_NAMES[current], language) if current in LANGUAGE_NAMES else None
    return _f(LANGUAGE_PROMPT, language, current=name or _(LANGUAGE_AUTOMATIC, language))


def language_chosen(chosen: str | None, language: str) -> str:
    """The confirmation of a /language choice (None: automatic), in `language`."""
    if chosen in LANGUAGE_CHOSEN:
        return _(LANGUAGE_CHOSEN[chosen], language)
    return _(LANGUAGE_AUTOMATIC_CHOSEN, language)


# -- the press office: hand-overs and feedback ---------------------------------------------------
# Texts with the user's own words in them are sent as plain text (no parse mode), so that what
# Telegram gives back (the preview, when "Send it" is tapped) is exactly what was shown. What the
# user reads is in their language; what the press office's group reads (its posts, /pending, the
# notes to a press officer) stays in English, the language of its staff's tools.

PRIVACY_HANDOVER = N_(
    "<b>Only if you send a question to the press office</b> (after seeing it and tapping "
    "“Send it”): your question as you wrote it, nothing masked, goes with your Telegram name "
    "to the press office's Telegram group. To bring you the answer, the bot keeps the question, "
    "your name and your chat id until a day after the first answer, or {days} days if none "
    "comes, then deletes them; /cancel withdraws an open question and deletes them at once. "
    "<b>👍 / 👎</b> are stored with the answer they rate and, after a 👎, your question and what "
    "you say was missing, masked like the questions above and never with who you are."
)
HANDOVER_MAX_CHARS = 1000
_ASK_PRESS_PROMPT = N_(
    "What would you like to ask the press office? Reply to this message with your question, "
    "in one message of at most {limit} characters."
)
_HANDOVER_TOO_LONG = N_(
    "That is longer than {limit} characters. Please shorten it and reply to my question again."
)
ASK_PRESS_PLACEHOLDER = N_("Your question to the press office")
PREVIEW_START = N_("This is what I will send to the press office")
PREVIEW_END = N_(
    "A press officer answers by replying to it, and I bring you the answer here. Nothing is "
    "sent or stored until you tap “Send it”."
)
HANDOVER_PRIVATE_ONLY = N_("To send a question to the press office, write to me in a private chat.")
HANDOVER_STALE = N_("I no longer have that question. Please type it again, then tap the button.")
HANDOVER_NOT_SENT = N_("Not sent. Nothing was stored.")
HANDOVER_ALREADY_SENT = N_("That question has been sent already.")
HANDOVER_FAILED = N_(
    "I could not reach the press office just now, so your question was <b>not</b> sent. "
    "Please contact them directly:"
)
HANDOVER_BY_PHONE = N_("Questions to the press office go to them directly:")
CONTACT_HANDOVER = N_(
    "You can also send a written question to the press office through me; I will bring you "
    "their answer here."
)
CANCEL_NONE = N_("You have no open questions to the press office.")
CANCEL_WHICH = N_("Which question do you want to withdraw?")
CANCEL_GONE = N_("That question is no longer open.")
FEEDBACK_THANKS = N_("Thank you for the feedback!")
FEEDBACK_PROMPT_START = N_("Sorry that did not help. What was missing?")
FEEDBACK_COMMENT_THANKS = N_("Thank you, that goes to the press office.")
FEEDBACK_PLACEHOLDER = N_("What was missing?")
# for the press office's group, in English
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
QUOTE_CHARS = 200  # of the question, when it is quoted back


def ask_press_prompt(language: str = ENGLISH) -> str:
    return _f(_ASK_PRESS_PROMPT, language, limit=HANDOVER_MAX_CHARS)


def handover_too_long(language: str = ENGLISH) -> str:
    return _f(_HANDOVER_TOO_LONG, language, limit=HANDOVER_MAX_CHARS)


ASK_PRESS_PROMPT = ask_press_prompt()
HANDOVER_TOO_LONG = handover_too_long()


def question_prompts() -> tuple[str, ...]:
    """The bot's requests for a question to the press office, in every language: a reply to
    one of them is that question."""
    return tuple(
        prompt(language)
        for language in SUPPORTED
        for prompt in (ask_press_prompt, handover_too_long)
    )


def prompt_language(text: str | None) -> str | None:
    """The language of the bot's request for a question (`question_prompts`), or None."""
    for language in SUPPORTED:
        if text in (ask_press_prompt(language), handover_too_long(language)):
            return language
    return None


def preview_language(text: str | None) -> str | None:
    """The language of a preview the bot sent (`handover_preview`), or None."""
    for language in SUPPORTED:
        if text and text.startswith(_(PREVIEW_START, language)):
            return language
    return None


def handover_preview(question: str, name: str, organisation: str, language: str = ENGLISH) -> str:
    """Exactly what will be sent, and with which name (plain text)."""
    header = _f(
        "{start} ({organisation}), with your Telegram name “{name}”:",
        language,
        start=_(PREVIEW_START, language),
        organisation=organisation,
        name=one_line(name),
    )
    return f"{header}\n\n{question}\n\n{_(PREVIEW_END, language)}"


def previewed_question(text: str | None) -> str | None:
    """The question in a preview the bot sent (as Telegram gives it back, in any language), or
    None."""
    if not text:
        return None
    starts, ends = all_languages(PREVIEW_START), all_languages(PREVIEW_END)
    if not text.startswith(starts) or not text.endswith(ends):
        return None
    _head, _sep, rest = text.partition("\n\n")
    question, _sep, _tail = rest.rpartition("\n\n")
    return question.strip() or None


def handover_sent(reference: str, days: int, language: str = ENGLISH) -> str:
    return _f(
        "Sent to the press office as question <b>{reference}</b>. Their answer will come here, "
        "marked as theirs; a question waits for an answer up to {days} days. /cancel withdraws "
        "it.",
        language,
        reference=escape(reference),
        days=days,
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


def relayed_answer(
    reference: str, organisation: str, question: str, answer: str, language: str = ENGLISH
) -> str:
    """A press officer's reply as the user gets it (HTML)."""
    heading = _f(
        "<b>📨 Answer from the press office</b> ({organisation}) to your question {reference}:",
        language,
        organisation=escape(organisation),
        reference=escape(reference),
    )
    return f"{heading}\n<i>{escape(shortened(question))}</i>\n\n{escape(answer)}"


def handover_expired(reference: str, days: int, contact: str, language: str = ENGLISH) -> str:
    return _f(
        "The press office did not answer your question <b>{reference}</b> within {days} days, "
        "so it has been withdrawn and your details deleted. You can still reach them directly: "
        "{contact}",
        language,
        reference=escape(reference),
        days=days,
        contact=escape(contact),
    )


def handover_undelivered(reference: str, contact: str, language: str = ENGLISH) -> str:
    return _f(
        "Your question <b>{reference}</b> did not reach the press office. Please contact them "
        "directly: {contact}",
        language,
        reference=escape(reference),
        contact=escape(contact),
    )


def withdrawn(references: list[str], language: str = ENGLISH) -> str:
    which = ", ".join(escape(reference) for reference in references)
    one = N_(
        "Withdrawn: question <b>{which}</b>. The press office will not answer here, and your "
        "details were deleted."
    )
    several = N_(
        "Withdrawn: questions <b>{which}</b>. The press office will not answer here, and your "
        "details were deleted."
    )
    if len(references) > 1:
        return _f(several, language, which=which)
    return _f(one, language, which=which)


def pending_line(reference: str, asked: str, days_left: int, name: str, question: str) -> str:
    left = "less than a day left" if days_left < 1 else f"{days_left} days left"
    return f"{reference} · asked {asked} · {left} · {one_line(name)}\n“{shortened(question)}”"


def pending_text(lines: list[str]) -> str:
    """The questions waiting for the press office (plain text)."""
    if not lines:
        return PENDING_NONE
    return f"Questions waiting for the press office ({len(lines)}):\n\n" + "\n\n".join(lines)


def feedback_prompt(feedback_id: int, language: str = ENGLISH) -> str:
    return _f(
        "{start} If you like, reply to this message in a few words; it helps the press office "
        "improve the answers. (feedback {number})",
        language,
        start=_(FEEDBACK_PROMPT_START, language),
        number=feedback_id,
    )


def feedback_prompt_language(text: str | None) -> str | None:
    """The language of a "what was missing?" message the bot sent, or None."""
    for language in SUPPORTED:
        if text and text.startswith(_(FEEDBACK_PROMPT_START, language)):
            return language
    return None


def prompted_feedback(text: str | None) -> int | None:
    """The feedback number in a "what was missing?" message the bot sent (in any language), or
    None. The number is the last "(… N)" of the text."""
    if not text or not text.startswith(all_languages(FEEDBACK_PROMPT_START)):
        return None
    found = _FEEDBACK_NUMBER.search(text)
    return int(found.group(1)) if found else None


_FEEDBACK_NUMBER = re.compile(r"\(\w+ (\d+)\)$")


def one_line(text: str) -> str:
    return " ".join(text.split())


def shortened(text: str, limit: int = QUOTE_CHARS) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
