"""The language the bot speaks to a user in, and the lookup of its own texts in that language.

**Which language.** One rule for every update (`language_for`), first match wins:

1. the question's own language, when the answering core recognises it clearly
   (`bot.core.language.detect`): someone who has just written in Finnish reads Finnish, so a
   clearly Finnish question is answered in Finnish even by a chat that chose Swedish;
2. the language the chat chose with /language (kept for 30 days, across restarts and replicas);
3. the user's Telegram `language_code`, when it is English, Finnish or Swedish ("fi-FI" counts
   as Finnish);
4. the release's language (English when the bot has no texts in it).

A choice wins over the Telegram language (the user said so), but not over a question whose
language is clear. A command, a button press or a question too short to tell ("Häkkänen?") has
no language of its own, so steps 2-4 decide. "Automatic" in /language forgets the choice.

The bot's own texts in that language come from the message catalogues (`bot.telegram_edge.
locales`); the answering core's words (labels, notes, "the release does not say") come with the
reply, from `bot.core.phrases`.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import CallbackQuery, Message, Update, User

from bot.core.language import detect
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.locales import SOURCE_LANGUAGE, SUPPORTED, telegram_language

ENGLISH = SOURCE_LANGUAGE
AUTOMATIC = "auto"  # the /language button that forgets the choice
# each language's name in itself, for the /language buttons
NATIVE_NAMES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}


def supported(language: str | None) -> str | None:
    """`language` if the bot speaks it ("en", "fi", "sv"), else None."""
    return language if language in SUPPORTED else None


def release_language(language: str) -> str:
    """The language of a release, as far as the bot has texts in it."""
    return supported(language) or ENGLISH


def resolve(
    question: str | None,
    chosen: str | None,
    telegram_code: str | None,
    release: str,
) -> str:
    """The language to reply in (see the module docstring): the question's when clear, else the
    chat's choice, else the Telegram language, else the release's."""
    asked = supported(detect(question)) if question and question.strip() else None
    return (
        asked or supported(chosen) or telegram_language(telegram_code) or release_language(release)
    )


def language_for(update: Update, context: BotContext, question: str | None = None) -> str:
    """The language for the reply to `update`, in the chat of `context` (whose choice the
    arrival handler has read), about `question` if it is one."""
    return language_of(update.effective_user, context, question)


def language_of(user: User | None, context: BotContext, question: str | None = None) -> str:
    """`language_for` a message or a press from `user`."""
    code = user.language_code if user is not None else None
    try:
        release = context.current_base().release.language
    except RuntimeError:  # the services are not open (starting or stopping)
        release = ENGLISH
    return resolve(question, context.chosen_language(), code, release)


def language_of_press(
    query: CallbackQuery, context: BotContext, labels_in: Callable[[str], tuple[str, ...]]
) -> str:
    """The language for what a button press brings: the language of the pressed button's
    label (`labels_in(language)`: the labels the bot gives such a button in `language`), so a
    tap under a Finnish reply is answered in Finnish; `language_of` the user when the label does
    not tell."""
    fallback = language_of(query.from_user, context)
    label = pressed_label(query)
    if label is None:
        return fallback
    shown = label.removesuffix("…")  # long labels are cut
    fitting = [
        code for code in SUPPORTED if any(text.startswith(shown) for text in labels_in(code))
    ]
    return fallback if not fitting or fallback in fitting else fitting[0]


def pressed_label(query: CallbackQuery) -> str | None:
    """The text of the button that was pressed, if the message with it is at hand."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None
