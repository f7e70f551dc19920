"""The bot's own texts in Finnish and Swedish, from gettext message catalogues beside this file
(`<language>/LC_MESSAGES/bot.po`), and the choice of the language a user is answered in.

The message ids are the English texts themselves, so English needs no catalogue and a text
without a translation stays English. The catalogues are read with Babel and handed to
Python's gettext as compiled catalogues in memory, so no compiled .mo files are kept.

The language of a reply (`reply_language`): the question's when it is clear, else the one the
user chose with /language, else the user's Telegram `language_code`, else the release's.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SUPPORTED = ("en", "fi", "sv")
SOURCE_LANGUAGE = "en"  # the language of the message ids
DOMAIN = "bot"
LOCALES = Path(__file__).parent
LANGUAGE_NAMES = {"en": "English", "fi": "suomi", "sv": "svenska"}


def catalogue_file(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The translations of `language`; English, or a language without a catalogue, gives the
    texts as they are."""
    path = catalogue_file(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(text: str, language: str) -> str:
    """`text` (an English message id) in `language`, or as it is when it has no translation."""
    return translations(language).gettext(text)


def command_menu(commands: dict[str, str], language: str) -> dict[str, str]:
    """The command menu (command -> description) in `language`, for `setMyCommands` with that
    `language_code`; descriptions without a translation stay English."""
    return {command: translate(text, language) for command, text in commands.items()}


def telegram_language(code: str | None) -> str | None:
    """A supported language from Telegram's `language_code` ("sv", "fi-FI"), or None."""
    if not code:
        return None
    language = code.replace("_", "-").split("-")[0].lower()
    return language if language in SUPPORTED else None


def reply_language(
    question: str | None,
    chosen: str | None,
    telegram_code: str | None,
    release: str,
) -> str:
    """The language to answer in: the question's (when clear), else the user's choice
    (/language), else their Telegram language, else the release's."""
    for candidate in (question, chosen, telegram_language(telegram_code), release):
        if candidate in SUPPORTED:
            return candidate
    return SOURCE_LANGUAGE


def answer_note(release_language: str, language: str) -> str | None:
    """The note for an answer shown in the release's language to a user of another language
    ("This answer is in English, the language of the release."), in the user's language."""
    if release_language == language:
        return None
    name = {"en": "English", "fi": "Finnish", "sv": "Swedish"}.get(release_language)
    if name is None:
        return None
    return translate(f"This answer is in {name}, the language of the release.", language)
