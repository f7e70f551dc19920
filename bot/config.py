"""Settings from the environment (and an optional .env file), validated once at start-up.

Secrets (the bot token, the webhook secret) are wrapped in `Secret`, whose repr and str never
show the value. A missing or malformed setting raises `ConfigError` with a one-line message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.paths import KNOWLEDGE_ENV, default_knowledge_path

# Telegram tokens look like "123456789:AA...". The check catches pasting mistakes early; the
# Bot API has the last word.
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # what Telegram allows for webhook secrets
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# Every environment variable the bot reads (the _FILE forms read a secret from a file).
ENV_SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BOT_TOKEN_FILE",
    "TELEGRAM_API_BASE_URL",
    KNOWLEDGE_ENV,
    "RELEASE_BOT_LOG_LEVEL",
    "RELEASE_BOT_ADMIN_IDS",
    "RELEASE_BOT_MODE",
    "RELEASE_BOT_WEBHOOK_URL",
    "RELEASE_BOT_WEBHOOK_SECRET",
    "RELEASE_BOT_WEBHOOK_SECRET_FILE",
    "RELEASE_BOT_LISTEN",
    "RELEASE_BOT_PORT",
    "RELEASE_BOT_HEALTH_PORT",
    "RELEASE_BOT_DATA_DIR",
    "RELEASE_BOT_DATABASE_URL",
    "RELEASE_BOT_USER_MESSAGES_PER_MINUTE",
    "RELEASE_BOT_REQUEST_TIMEOUT",
    "RELEASE_BOT_LOW_CONFIDENCE",
    "RELEASE_BOT_RETENTION_DAYS",
    "RELEASE_BOT_PRIVACY_CONTROLLER",
    "RELEASE_BOT_PRIVACY_CONTACT",
)


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line and names the setting."""


class Secret:
    """A string that does not show itself in logs, errors or repr."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    token: Secret
    knowledge_path: Path
    api_base_url: str | None = None
    log_level: str = "INFO"
    admin_ids: frozenset[int] = frozenset()
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    listen: str = "0.0.0.0"
    port: int = 8080
    health_port: int | None = None
    data_dir: Path = Path("data")
    database_url: str | None = None
    user_messages_per_minute: int = 20
    request_timeout: float = 10.0  # seconds for one Bot API call (a long poll gets this extra)
    low_confidence: float = 60.0  # answers scoring below this are logged for review
    retention_days: int = 90  # logged questions older than this are deleted
    privacy_controller: str | None = None  # who is responsible for the data (GDPR controller)
    privacy_contact: str | None = None  # how to reach the controller's data protection officer

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to: the path part of the public webhook URL."""
        path = urlsplit(self.webhook_url or "").path
        return path if path not in ("", "/") else "/telegram/webhook"


def load_dotenv_file(path: Path = Path(".env")) -> None:
    """Read a .env file into the environment without overriding what is already set."""
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def load_settings(env: Mapping[str, str] | None = None, *, webhook: bool | None = None) -> Settings:
    """Build settings from `env` (default: os.environ); `webhook` overrides RELEASE_BOT_MODE."""
    env = os.environ if env is None else env
    token = _secret(env, "TELEGRAM_BOT_TOKEN", required=True)
    assert token is not None
    if not _TOKEN.match(token.reveal()):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected the form 123456789:AAE... from @BotFather"
        )
    mode = env.get("RELEASE_BOT_MODE", "polling").strip().lower() or "polling"
    if webhook is not None:
        mode = "webhook" if webhook else "polling"
    if mode not in ("polling", "webhook"):
        raise ConfigError(f"RELEASE_BOT_MODE must be polling or webhook, not {mode!r}")
    settings = Settings(
        token=token,
        knowledge_path=Path(env[KNOWLEDGE_ENV])
        if env.get(KNOWLEDGE_ENV, "").strip()
        else default_knowledge_path(),
        api_base_url=_url(env, "TELEGRAM_API_BASE_URL"),
        log_level=_log_level(env),
        admin_ids=_ids(env, "RELEASE_BOT_ADMIN_IDS"),
        mode=mode,
        webhook_url=_url(env, "RELEASE_BOT_WEBHOOK_URL"),
        webhook_secret=_secret(env, "RELEASE_BOT_WEBHOOK_SECRET", required=False),
        listen=env.get("RELEASE_BOT_LISTEN", "0.0.0.0").strip() or "0.0.0.0",
        port=_port(env, "RELEASE_BOT_PORT", 8080) or 8080,
        health_port=_port(env, "RELEASE_BOT_HEALTH_PORT", None),
        data_dir=Path(env.get("RELEASE_BOT_DATA_DIR", "").strip() or "data"),
        database_url=env.get("RELEASE_BOT_DATABASE_URL", "").strip() or None,
        user_messages_per_minute=_positive_int(env, "RELEASE_BOT_USER_MESSAGES_PER_MINUTE", 20),
        request_timeout=float(_positive_int(env, "RELEASE_BOT_REQUEST_TIMEOUT", 10)),
        low_confidence=float(_positive_int(env, "RELEASE_BOT_LOW_CONFIDENCE", 60)),
        retention_days=_positive_int(env, "RELEASE_BOT_RETENTION_DAYS", 90),
        privacy_controller=env.get("RELEASE_BOT_PRIVACY_CONTROLLER", "").strip() or None,
        privacy_contact=env.get("RELEASE_BOT_PRIVACY_CONTACT", "").strip() or None,
    )
    if mode == "webhook":
        _check_webhook(settings)
    return settings


def _check_webhook(settings: Settings) -> None:
    if not settings.webhook_url:
        raise ConfigError("webhook mode needs RELEASE_BOT_WEBHOOK_URL (the public https URL)")
    if settings.webhook_secret is None:
        raise ConfigError("webhook mode needs RELEASE_BOT_WEBHOOK_SECRET (or ..._FILE)")
    if not _SECRET_TOKEN.match(settings.webhook_secret.reveal()):
        raise ConfigError(
            "RELEASE_BOT_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -"
        )


def _secret(env: Mapping[str, str], name: str, required: bool) -> Secret | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker and Kubernetes secrets)."""
    value = env.get(name, "").strip()
    file_name = env.get(f"{name}_FILE", "").strip()
    if not value and file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{name}_FILE cannot be read: {error.__class__.__name__}") from None
    if not value:
        if required:
            raise ConfigError(f"{name} is not set (or set {name}_FILE to a file holding it)")
        return None
    return Secret(value)


def _url(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} must be an http(s) URL")
    return value


def _log_level(env: Mapping[str, str]) -> str:
    level = env.get("RELEASE_BOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"RELEASE_BOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
    return level


def _ids(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "")
    try:
        return frozenset(int(part) for part in re.split(r"[,\s]+", raw) if part)
    except ValueError:
        raise ConfigError(f"{name} must be Telegram user ids separated by commas") from None


def _port(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 <= int(raw) <= 65535:
        raise ConfigError(f"{name} must be a port number (0-65535)")
    return int(raw)


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number above 0")
    return int(raw)
