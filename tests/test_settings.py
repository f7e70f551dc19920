"""Settings from the environment: one loader, sections per command, one-line errors, secrets
that never show, and a .env file only when named and always beneath the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import VARIABLES, ConfigError, Secret, SettingsLoader

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def load_settings(env: dict[str, str], webhook: bool | None = None):  # type: ignore[no-untyped-def]
    return SettingsLoader(env).all(webhook=webhook)


def test_minimal_polling_settings() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.http.mode == "polling" and settings.telegram.token.reveal() == TOKEN
    assert settings.telegram.admin_ids == frozenset() and settings.http.port == 8080
    assert settings.http.serving_port is None  # no health port unless asked


def test_secrets_never_show_in_repr_or_str() -> None:
    url = "postgresql://bot:hunter2-password@db.example.org/questions"
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "RELEASE_BOT_DATABASE_URL": url})
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.telegram.token)
    assert "hunter2" not in repr(settings)
    assert settings.secrets() == [TOKEN, "hunter2-password"]
    assert Secret("x") == Secret("x") and Secret("x") != Secret("y")


def test_commands_that_need_no_token_get_their_sections_without_one() -> None:
    loader = SettingsLoader({"RELEASE_BOT_DATA_DIR": "/srv/bot", "RELEASE_BOT_HEALTH_PORT": "9"})
    assert str(loader.storage().data_dir) == "/srv/bot"
    assert loader.http().serving_port == 9
    assert loader.knowledge().path.name == "knowledge"  # the bundled one
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        loader.telegram()


def test_an_undeclared_variable_cannot_be_read() -> None:
    with pytest.raises(KeyError):
        SettingsLoader({}).get("RELEASE_BOT_SOMETHING_ELSE")


def test_env_file_fills_in_but_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nTELEGRAM_API_BASE_URL=http://planted.example/bot\n"
    )
    loader = SettingsLoader({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot"}, env_file)
    telegram = loader.telegram()
    assert telegram.token.reveal() == TOKEN
    assert telegram.api_base_url == "http://127.0.0.1:8081/bot"
    with pytest.raises(ConfigError, match="does not exist"):
        SettingsLoader({}, tmp_path / "missing.env")


def test_the_readme_settings_table_matches_the_declared_variables() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1] for line in readme.splitlines() if line.startswith("| `")]
    documented = set(re.findall(r"`((?:TELEGRAM|RELEASE_BOT)_[A-Z_]+)`", " ".join(rows)))
    assert documented == {variable.name for variable in VARIABLES}


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
    assert settings.telegram.token.reveal() == TOKEN
    secret = settings.http.webhook_secret
    assert secret is not None and secret.reveal() == "s" * 32
    assert settings.http.webhook_path == "/hook/path" and settings.http.serving_port == 8080


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
    assert settings.telegram.admin_ids == frozenset({12, 34, 56})
    with pytest.raises(ConfigError, match="needs RELEASE_BOT_WEBHOOK_URL"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, webhook=True)


@pytest.mark.parametrize(
    "url", ["http://bot.example.org/hook", "HTTP://bot.example.org/hook", "ftp://x.org/h"]
)
def test_a_webhook_url_that_is_not_https_is_refused(url: str) -> None:
    env = {**WEBHOOK, "RELEASE_BOT_WEBHOOK_URL": url, "RELEASE_BOT_WEBHOOK_SECRET": "s" * 32}
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert "\n" not in str(caught.value)
    assert "RELEASE_BOT_WEBHOOK_URL must be" in str(caught.value)


def test_metrics_have_their_own_port_off_by_default() -> None:
    assert load_settings(T).http.metrics_port is None
    http = load_settings({**T, "RELEASE_BOT_METRICS_PORT": "9100"}).http
    assert http.metrics_port == 9100 and http.serving_port is None
    same = {**T, "RELEASE_BOT_HEALTH_PORT": "9100", "RELEASE_BOT_METRICS_PORT": "9100"}
    with pytest.raises(ConfigError, match="RELEASE_BOT_METRICS_PORT must differ"):
        load_settings(same)
    with pytest.raises(ConfigError, match="must be a port number"):
        load_settings({**T, "RELEASE_BOT_METRICS_PORT": "metrics"})


def test_the_rate_limit_is_telegrams_unless_set() -> None:
    from telegram.constants import FloodLimit

    assert load_settings(T).telegram.rate_limit == FloodLimit.MESSAGES_PER_SECOND == 30
    assert load_settings({**T, "RELEASE_BOT_RATE_LIMIT": "120"}).telegram.rate_limit == 120
    assert load_settings({**T, "RELEASE_BOT_RATE_LIMIT": "0.5"}).telegram.rate_limit == 0.5
    assert load_settings({**T, "RELEASE_BOT_RATE_LIMIT": "0"}).telegram.rate_limit == 0


@pytest.mark.parametrize("value", ["-1", "fast", "nan", "inf", "30/s"])
def test_a_rate_limit_that_is_no_rate_is_refused(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**T, "RELEASE_BOT_RATE_LIMIT": value})
    assert str(caught.value) == (
        "RELEASE_BOT_RATE_LIMIT must be messages a second, 0 or more (0 turns it off)"
    )


@pytest.mark.parametrize(("value", "rate"), [("", 30), ("45", 45), ("0", None)])
def test_the_rate_limit_reaches_the_application(
    tmp_path: Path, value: str, rate: float | None
) -> None:
    """What `release-bot run` builds: python-telegram-bot's limiter at the rate set, or none."""
    from telegram.ext import AIORateLimiter

    from bot.core.service import KnowledgeService
    from bot.telegram_edge.application import build_application

    env = {**T, "RELEASE_BOT_DATA_DIR": str(tmp_path / "data"), "RELEASE_BOT_RATE_LIMIT": value}
    settings = load_settings(env)
    app = build_application(settings, KnowledgeService(settings.knowledge.path))
    limiter = app.bot.rate_limiter
    if rate is None:
        assert limiter is None
    else:
        assert isinstance(limiter, AIORateLimiter)
        assert limiter._base_limiter.max_rate == rate  # the overall limit, not per group
