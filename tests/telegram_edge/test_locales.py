"""The bot's own texts in Finnish and Swedish (message catalogues), and the reply language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.core import answers
from bot.telegram_edge import texts
from bot.telegram_edge.locales import (
    SUPPORTED,
    answer_note,
    catalogue_file,
    command_menu,
    reply_language,
    telegram_language,
    translate,
)

FOREIGN = [language for language in SUPPORTED if language != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")


def _messages(language: str) -> dict[str, str]:
    with catalogue_file(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("language", FOREIGN)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    messages = _messages(language)
    assert messages
    for english, translated in messages.items():
        assert translated.strip(), english
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(translated))


def test_finnish_and_swedish_have_the_same_messages() -> None:
    assert set(_messages("fi")) == set(_messages("sv"))


# the fixed English texts the catalogues translate, as the code has them
TRANSLATED_TEXTS = [
    *texts.COMMANDS.values(),
    texts.UNKNOWN_COMMAND,
    texts.NON_TEXT_HINT,
    texts.FLOOD_NOTICE,
    texts.STALE_BUTTON,
    texts.APOLOGY,
    answers.CLARIFY_TEXT,
    answers.FALLBACK_TEXT,
    answers.EMPTY_TEXT,
    answers.SOURCE_LABEL,
    answers.RELEASE_LABEL,
    answers.CONTACT_LABEL,
]


@pytest.mark.parametrize("language", FOREIGN)
def test_the_fixed_texts_of_the_code_have_translations(language: str) -> None:
    """A changed English text needs its translations changed too."""
    messages = _messages(language)
    missing = [text for text in TRANSLATED_TEXTS if text not in messages]
    assert missing == []


def test_translate_falls_back_to_english() -> None:
    assert translate("From the release:", "fi") == "Tiedotteesta:"
    assert translate("From the release:", "sv") == "Ur pressmeddelandet:"
    assert translate("From the release:", "en") == "From the release:"
    assert translate("A text nobody translated", "fi") == "A text nobody translated"
    assert translate("From the release:", "de") == "From the release:"


@pytest.mark.parametrize(
    ("code", "language"),
    [("fi", "fi"), ("sv-FI", "sv"), ("en-US", "en"), ("de", None), (None, None), ("", None)],
)
def test_telegram_language_codes(code: str | None, language: str | None) -> None:
    assert telegram_language(code) == language


def test_the_reply_language_is_the_question_s_then_the_choice_then_telegram_s() -> None:
    assert reply_language("fi", "sv", "en", "en") == "fi"
    assert reply_language(None, "sv", "fi", "en") == "sv"
    assert reply_language(None, None, "fi-FI", "en") == "fi"
    assert reply_language(None, None, "de", "en") == "en"
    assert reply_language(None, None, None, "sv") == "sv"


def test_an_untranslated_answer_says_its_language_in_the_user_s() -> None:
    assert answer_note("en", "fi") == "Tämä vastaus on englanniksi, tiedotteen kielellä."
    assert answer_note("en", "sv") == "Svaret är på engelska, pressmeddelandets språk."
    assert answer_note("en", "en") is None


def test_the_command_menu_per_language() -> None:
    finnish = command_menu(texts.COMMANDS, "fi")
    assert set(finnish) == set(texts.COMMANDS)
    assert finnish["help"] == "Mihin vastaan ja miten kysyä"
    assert command_menu(texts.COMMANDS, "en") == texts.COMMANDS
