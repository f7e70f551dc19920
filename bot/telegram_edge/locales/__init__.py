"""The bot's own texts in Finnish and Swedish: gettext message catalogues beside this file
(`<language>/LC_MESSAGES/bot.po`).

The message ids are the English texts themselves, so English needs no catalogue, and a text a
catalogue does not translate stays English. In the code a message is marked with `_()`
(translated at once), `_f()` (translated, then its `{placeholders}` filled with str.format) or
`N_()` (a constant, translated where it is used); `pybabel extract -k _f -k N_` finds them all,
and `tests/telegram_edge/test_locales.py` checks that each has a Finnish and a Swedish
translation with the same placeholders.

The .po files are the only form kept: the first text of a language needed reads its catalogue
with Babel and hands it to Python's gettext compiled in memory (a few milliseconds, once), so
there is no build step and no .mo file to forget, from the repository or from a wheel (the
catalogues are package data). A translation whose placeholders do not fit its English text is
sent in English, never as a failure.
"""

from __future__ import annotations

import gettext
import io
import logging
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SUPPORTED = ("en", "fi", "sv")
SOURCE_LANGUAGE = "en"  # the language of the message ids
DOMAIN = "bot"
LOCALES = Path(__file__).parent

log = logging.getLogger(__name__)


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


def N_(text: str) -> str:
    """Mark `text` as a message, to be translated where it is used; returned as it is."""
    return text


def _(text: str, language: str) -> str:
    """The English message `text` in `language`."""
    return translate(text, language)


def _f(text: str, language: str, /, **values: object) -> str:
    """The English message `text` in `language`, its `{placeholders}` filled with `values`; a
    translation whose placeholders do not fit is replaced by the English text."""
    translated = translate(text, language)
    if translated is not text:
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            log.warning("a %s translation has placeholders that do not fit: English sent", language)
    return text.format(**values)


def all_languages(text: str) -> tuple[str, ...]:
    """`text` in every language the bot speaks (English first), without repeats: for
    recognising a text the bot sent in any of them."""
    return tuple(dict.fromkeys(translate(text, language) for language in SUPPORTED))


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
