"""The bot's own texts in Finnish and Swedish (message catalogues), and the choice of language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.telegram_edge import texts
from bot.telegram_edge.languages import resolve
from bot.telegram_edge.locales import (
    SUPPORTED,
    _,
    _f,
    all_languages,
    catalogue_file,
    command_menu,
    telegram_language,
    translate,
)
from bot.telegram_edge.locales.catalogues import used_messages

FOREIGN = [language for language in SUPPORTED if language != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")
TAG = re.compile(r"</?[a-z]+>")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")


def _messages(language: str) -> dict[str, str]:
    """The catalogue's translated messages (fuzzy ones are not used, so not counted)."""
    with catalogue_file(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def test_the_code_marks_its_messages() -> None:
    used = used_messages()
    assert texts.UNKNOWN_COMMAND in used and texts.COMMANDS["language"] in used
    assert "📞 Press contact" in used  # keyboards.py
    assert any(m.startswith("I answer questions about the release <b>") for m in used)


@pytest.mark.parametrize("language", FOREIGN)
def test_every_message_the_code_uses_is_translated(language: str) -> None:
    """A new or changed English text needs its Finnish and Swedish too (see
    `python -m bot.telegram_edge.locales.catalogues`)."""
    messages = _messages(language)
    missing = [message for message in used_messages() if message not in messages]
    assert missing == []


@pytest.mark.parametrize("language", FOREIGN)
def test_the_catalogues_hold_only_messages_the_code_uses(language: str) -> None:
    assert sorted(set(_messages(language)) - set(used_messages())) == []


@pytest.mark.parametrize("language", FOREIGN)
def test_translations_keep_placeholders_tags_and_commands(language: str) -> None:
    for english, translated in _messages(language).items():
        assert translated.strip(), english
        assert translated != english or len(english) < 12, english  # "OK" may stay "OK"
        for pattern in (PLACEHOLDER, TAG, COMMAND):
            assert sorted(pattern.findall(english)) == sorted(pattern.findall(translated)), english


def test_translate_falls_back_to_english() -> None:
    assert translate(texts.UNKNOWN_COMMAND, "fi").startswith("En tunne")
    assert translate(texts.UNKNOWN_COMMAND, "sv").startswith("Det kommandot")
    assert translate(texts.UNKNOWN_COMMAND, "en") == texts.UNKNOWN_COMMAND
    assert translate("A text nobody translated", "fi") == "A text nobody translated"
    assert translate(texts.UNKNOWN_COMMAND, "de") == texts.UNKNOWN_COMMAND


def test_a_translation_with_wrong_placeholders_is_sent_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "bot.telegram_edge.locales.translate",
        lambda text, language: "Julkaisija: {julkaisija}" if language == "fi" else text,
    )
    assert _f("Publisher: {publisher}", "fi", publisher="X") == "Publisher: X"
    assert _("Publisher: {publisher}", "sv") == "Publisher: {publisher}"


def test_texts_the_bot_recognises_are_known_in_every_language() -> None:
    assert len(all_languages(texts.PREVIEW_START)) == 3
    for language in SUPPORTED:
        preview = texts.handover_preview("Kysymys?", "Matti", "OM", language)
        assert texts.previewed_question(preview) == "Kysymys?"
        assert texts.preview_language(preview) == language
        assert texts.prompted_feedback(texts.feedback_prompt(7, language)) == 7
        assert texts.prompt_language(texts.ask_press_prompt(language)) == language
    assert texts.prompt_language("Something else") is None


@pytest.mark.parametrize(
    ("code", "language"),
    [("fi", "fi"), ("sv-FI", "sv"), ("en-US", "en"), ("de", None), (None, None), ("", None)],
)
def test_telegram_language_codes(code: str | None, language: str | None) -> None:
    assert telegram_language(code) == language


def test_the_question_s_language_then_the_choice_then_telegram_s_then_the_release_s() -> None:
    finnish, swedish = "kenet Häkkänen tapasi Moskovassa?", "Vem träffade Häkkänen i Moskva?"
    assert resolve(finnish, "sv", "en", "en") == "fi"  # a clear question wins over a choice
    assert resolve(swedish, None, "fi", "en") == "sv"
    assert resolve("Häkkänen?", "sv", "fi", "en") == "sv"  # unclear: the choice ...
    assert resolve("/help", None, "fi-FI", "en") == "fi"  # ... else Telegram's
    assert resolve(None, None, "de", "sv") == "sv"  # ... else the release's
    assert resolve(None, None, None, "de") == "en"  # (a language the bot has no texts in)


def test_the_command_menu_per_language() -> None:
    finnish = command_menu(texts.COMMANDS, "fi")
    assert set(finnish) == set(texts.COMMANDS)
    assert finnish["help"] == "Mihin vastaan ja miten kysyä"
    assert command_menu(texts.COMMANDS, "en") == texts.COMMANDS
    for language in SUPPORTED:
        menu = command_menu(texts.COMMANDS, language)
        assert all(1 <= len(text) <= 256 for text in menu.values())
