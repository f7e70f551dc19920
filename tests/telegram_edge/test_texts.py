"""The bot's fixed texts: they name the release they are about, escape its data, and fit
Telegram's limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.core.answers import escape
from bot.core.knowledge import KnowledgeBase
from bot.settings import Settings, SettingsLoader
from bot.telegram_edge import texts
from tests.fake_bot_api import DEFAULT_TOKEN

HOSTILE = "Tom & Jerry <b>meet</b> in Moscow"
HTML_TEXTS: list[Callable[[KnowledgeBase], str]] = [
    texts.start_text,
    texts.help_text,
    texts.about_text,
    lambda base: texts.releases_text([base], base),
]


def settings(**env: str) -> Settings:
    return SettingsLoader({"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, **env}).all()


def retitled(base: KnowledgeBase, **release: Any) -> KnowledgeBase:
    return replace(base, release=replace(base.release, **release))


@pytest.mark.parametrize("text", HTML_TEXTS)
def test_every_text_names_the_headline_escaped(base: KnowledgeBase, text: Callable) -> None:
    assert escape(base.release.headline) in text(base)
    hostile = text(retitled(base, headline=HOSTILE))
    assert escape(HOSTILE) in hostile and HOSTILE not in hostile


def test_the_profile_names_the_release_within_telegrams_limits(base: KnowledgeBase) -> None:
    assert base.release.headline in texts.bot_description(base)  # plain text, not HTML
    assert base.release.publisher in texts.short_description(base)
    huge = retitled(base, headline="H" * 1000, publisher="P" * 300)
    assert len(texts.bot_description(huge)) <= 512
    assert len(texts.short_description(huge)) <= 120


def test_the_contact_text_gives_name_title_and_phone(base: KnowledgeBase) -> None:
    text = texts.contact_text(base)
    for part in (base.contact.name, base.contact.title, base.contact.phone):
        assert escape(part) in text


def test_the_releases_text_lists_every_release_and_marks_the_current_once(
    base: KnowledgeBase,
) -> None:
    newer = replace(
        base, release=replace(base.release, id="newer", headline="Newer", date="2024-09-01")
    )
    listing = texts.releases_text([newer, base], base).splitlines()
    (newer_line,) = [line for line in listing if "Newer" in line]
    (current_line,) = [line for line in listing if "←" in line]
    assert "2024-09-01" in newer_line and escape(base.release.headline) in current_line
    assert listing.index(newer_line) < listing.index(current_line)  # in the order given


def test_privacy_names_the_publisher_as_controller_by_default(base: KnowledgeBase) -> None:
    text = texts.privacy_text(settings(), base)
    assert f"Controller:</b> {escape(base.release.publisher)}" in text
    assert f"data protection officer of {escape(base.release.publisher)}" in text
    assert "90 days" in text


def test_privacy_names_the_configured_controller_contact_and_retention(
    base: KnowledgeBase,
) -> None:
    configured = settings(
        RELEASE_BOT_PRIVACY_CONTROLLER="Ministry <of> Tests & Co",
        RELEASE_BOT_PRIVACY_CONTACT="dpo@example.org",
        RELEASE_BOT_RETENTION_DAYS="14",
    )
    text = texts.privacy_text(configured, base)
    assert escape("Ministry <of> Tests & Co") in text and "<of>" not in text
    assert "dpo@example.org" in text and "14 days" in text
    assert base.release.publisher not in text


def test_the_command_menu_fits_telegrams_rules() -> None:
    for name, description in texts.COMMANDS.items():
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name), name
        assert 1 <= len(description) <= 256


@pytest.mark.parametrize(
    "text",
    [
        texts.UNKNOWN_COMMAND,
        texts.NON_TEXT_HINT,
        texts.FLOOD_NOTICE,
        texts.STALE_BUTTON,
        texts.APOLOGY,
    ],
)
def test_plain_notices_have_no_markup_and_fit_a_button_answer(text: str) -> None:
    """Sent without a parse mode, and the flood and stale notices as callback answers."""
    assert "<" not in text and "&" not in text
    assert 0 < len(text) <= 200
