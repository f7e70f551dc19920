"""Settings from the environment: validation with one-line messages, secrets that never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_minimal_polling_settings() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.mode == "polling" and settings.token.reveal() == TOKEN
    assert settings.admin_ids == frozenset() and settings.port == 8080


def test_secrets_never_show_in_repr_or_str() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.token)
    assert Secret("x") == Secret("x") and Secret("x") != Secret("y")


def test_token_and_webhook_secret_from_files(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    (tmp_path / "secret").write_text("s" * 32 + "\n")
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "token"),
            "RELEASE_BOT_MODE": "webhook",
            "RELEASE_BOT_WEBHOOK_URL": "https://bot.example.org/hook/path",
            "RELEASE_BOT_WEBHOOK_SECRET_FILE": str(tmp_path / "secret"),
        }
    )
    assert settings.token.reveal() == TOKEN
    assert settings.webhook_secret is not None and settings.webhook_secret.reveal() == "s" * 32
    assert settings.webhook_path == "/hook/path"


T = {"TELEGRAM_BOT_TOKEN": TOKEN}
WEBHOOK = {**T, "RELEASE_BOT_MODE": "webhook", "RELEASE_BOT_WEBHOOK_URL": "https://x.org/h"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "abc"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent"}, "TELEGRAM_BOT_TOKEN_FILE cannot be read"),
        ({**T, "RELEASE_BOT_MODE": "carrier-pigeon"}, "RELEASE_BOT_MODE must be"),
        ({**T, "RELEASE_BOT_MODE": "webhook"}, "needs RELEASE_BOT_WEBHOOK_URL"),
        (WEBHOOK, "needs RELEASE_BOT_WEBHOOK_SECRET"),
        ({**WEBHOOK, "RELEASE_BOT_WEBHOOK_SECRET": "short"}, "16-256 characters"),
        ({**T, "TELEGRAM_API_BASE_URL": "ftp://x"}, "must be an http(s) URL"),
        ({**T, "RELEASE_BOT_PORT": "99999"}, "must be a port number"),
        ({**T, "RELEASE_BOT_ADMIN_IDS": "12, bob"}, "Telegram user ids"),
        ({**T, "RELEASE_BOT_LOG_LEVEL": "LOUD"}, "RELEASE_BOT_LOG_LEVEL must be one of"),
        ({**T, "RELEASE_BOT_RETENTION_DAYS": "0"}, "must be a whole number above 0"),
    ],
)
def test_bad_settings_are_one_line_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert TOKEN not in text


def test_admin_ids_and_webhook_flag() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "RELEASE_BOT_ADMIN_IDS": "12, 34 56"})
    assert settings.admin_ids == frozenset({12, 34, 56})
    with pytest.raises(ConfigError, match="needs RELEASE_BOT_WEBHOOK_URL"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, webhook=True)
