"""Settings: the one place that reads the environment (and a `.env` file when one is named).

Every variable is declared once, in `VARIABLES`, with its section, default and meaning; the
README's settings table is checked against it. Each command asks the `SettingsLoader` only for
the sections it needs, so `ask`, `check`, `report` and `healthcheck` never need a token.

Secrets (the bot token, the webhook secret, the database URL with its password) are wrapped in
`Secret`, whose repr and str never show the value. A missing or malformed setting raises
`ConfigError` with a one-line message that names the variable and never its value.

May import: the standard library, python-dotenv (lazily) and `bot.core.bundled`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_plus, urlsplit

from bot.core.bundled import bundled_knowledge_path

# Telegram tokens look like "123456789:AA...". The check catches pasting mistakes early; the
# Bot API has the last word.
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # what Telegram allows for webhook secrets
# How SQLAlchemy (and so psycopg) reads "user:password@" after "://"; urlsplit reads it from the
# last "@" before the first "/", "?" or "#". A password with those characters unencoded is read
# differently by the two, and a part of it would end up in a host name or a database name.
_URL_USERINFO = re.compile(r"^[^:/]*(?::([^@]*))?@")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
# Telegram's documented limit for a bot: about 30 messages a second overall (Bots FAQ,
# "My bot is hitting limits, how do I avoid this?").
DEFAULT_RATE_LIMIT = 30.0


@dataclass(frozen=True)
class Variable:
    """One environment variable the bot reads."""

    name: str
    section: str
    meaning: str
    default: str = ""


VARIABLES: tuple[Variable, ...] = (
    Variable("TELEGRAM_BOT_TOKEN", "telegram", "the token from @BotFather (required to run)"),
    Variable("TELEGRAM_BOT_TOKEN_FILE", "telegram", "a file holding the token"),
    Variable("TELEGRAM_API_BASE_URL", "telegram", "a self-hosted Bot API server"),
    Variable("RELEASE_BOT_REQUEST_TIMEOUT", "telegram", "seconds one Bot API call may take", "10"),
    Variable("RELEASE_BOT_ADMIN_IDS", "telegram", "user ids allowed /reload and /stats"),
    Variable("RELEASE_BOT_USER_MESSAGES_PER_MINUTE", "telegram", "per-user flood guard", "20"),
    Variable("RELEASE_BOT_RATE_LIMIT", "telegram", "messages a second overall; 0: off", "30"),
    Variable("RELEASE_BOT_KNOWLEDGE", "knowledge", "knowledge base path", "the bundled one"),
    Variable("RELEASE_BOT_LOG_LEVEL", "logging", "DEBUG, INFO, WARNING or ERROR", "INFO"),
    Variable("RELEASE_BOT_MODE", "http", "polling or webhook", "polling"),
    Variable("RELEASE_BOT_WEBHOOK_URL", "http", "the public https URL Telegram posts to"),
    Variable("RELEASE_BOT_WEBHOOK_SECRET", "http", "16-256 of A-Z a-z 0-9 _ -"),
    Variable("RELEASE_BOT_WEBHOOK_SECRET_FILE", "http", "a file holding the webhook secret"),
    Variable("RELEASE_BOT_LISTEN", "http", "the address the HTTP server listens on", "0.0.0.0"),
    Variable("RELEASE_BOT_PORT", "http", "the webhook server's port", "8080"),
    Variable("RELEASE_BOT_HEALTH_PORT", "http", "serve /healthz in polling mode"),
    Variable("RELEASE_BOT_METRICS_PORT", "http", "serve /metrics on this port (default: off)"),
    Variable("RELEASE_BOT_DATA_DIR", "storage", "writable folder for the bot's files", "data"),
    Variable("RELEASE_BOT_DATABASE_URL", "storage", "the question log in PostgreSQL"),
    Variable("RELEASE_BOT_LOW_CONFIDENCE", "storage", "answers below this are logged", "60"),
    Variable("RELEASE_BOT_RETENTION_DAYS", "storage", "days logged questions are kept", "90"),
    Variable("RELEASE_BOT_PRIVACY_CONTROLLER", "privacy", "the controller named by /privacy"),
    Variable("RELEASE_BOT_PRIVACY_CONTACT", "privacy", "its data protection officer"),
    Variable("RELEASE_BOT_PRESS_CHAT_ID", "handover", "the press office's Telegram group"),
    Variable("RELEASE_BOT_HANDOVER_DAYS", "handover", "days a handed-over question waits", "14"),
)
VARIABLE_NAMES = frozenset(variable.name for variable in VARIABLES)


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
class KnowledgeSettings:
    path: Path


@dataclass(frozen=True)
class LogSettings:
    level: str = "INFO"


@dataclass(frozen=True)
class TelegramSettings:
    token: Secret
    api_base_url: str | None = None
    request_timeout: float = 10.0  # seconds for one Bot API call (a long poll gets this extra)
    admin_ids: frozenset[int] = frozenset()
    user_messages_per_minute: int = 20
    # Messages a second to the Bot API overall (python-telegram-bot's AIORateLimiter); 0: no
    # limiter (a self-hosted Bot API server, paid broadcasts, a benchmark).
    rate_limit: float = DEFAULT_RATE_LIMIT


@dataclass(frozen=True)
class HttpSettings:
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    listen: str = "0.0.0.0"
    port: int = 8080
    health_port: int | None = None
    metrics_port: int | None = None  # /metrics is served only on its own port, when set

    @property
    def webhook(self) -> bool:
        return self.mode == "webhook"

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to: the path part of the public webhook URL."""
        path = urlsplit(self.webhook_url or "").path
        return path if path not in ("", "/") else DEFAULT_WEBHOOK_PATH

    @property
    def serving_port(self) -> int | None:
        """The port of the HTTP server: the webhook's, or the health port in polling mode."""
        return self.port if self.webhook else self.health_port


@dataclass(frozen=True)
class StorageSettings:
    data_dir: Path = Path("data")
    database_url: Secret | None = None  # it may hold a password
    low_confidence: float = 60.0  # answers scoring below this are logged for review
    retention_days: int = 90  # logged questions older than this are deleted


@dataclass(frozen=True)
class PrivacySettings:
    controller: str | None = None  # who is responsible for the data (GDPR controller)
    contact: str | None = None  # how to reach the controller's data protection officer


@dataclass(frozen=True)
class HandoverSettings:
    press_chat_id: int | None = None  # the press office's group; None: no hand-over
    days: int = 14  # a handed-over question unanswered this long expires


@dataclass(frozen=True)
class Settings:
    """Everything `release-bot run` needs."""

    telegram: TelegramSettings
    knowledge: KnowledgeSettings
    http: HttpSettings
    storage: StorageSettings
    privacy: PrivacySettings
    logging: LogSettings
    handover: HandoverSettings = HandoverSettings()

    def secrets(self) -> list[str]:
        """The values that must never reach a log line."""
        values = [self.telegram.token.reveal()]
        if self.http.webhook_secret is not None:
            values.append(self.http.webhook_secret.reveal())
        if self.storage.database_url is not None:
            values.extend(database_secrets(self.storage.database_url.reveal()))
        return values


def database_secrets(url: str) -> list[str]:
    """The password in a database URL, as written and percent-decoded, from its user information
    and from `password=` query parameters (libpq takes both), to redact it from logs."""
    found: set[str] = set()
    userinfo = _URL_USERINFO.match(url.partition("://")[2])
    if userinfo and userinfo.group(1):
        found.add(userinfo.group(1))
    try:
        parts = urlsplit(url)
        if parts.password:
            found.add(parts.password)
    except ValueError:
        return sorted(found | {unquote(value) for value in found})
    for item in parts.query.split("&"):
        key, _, value = item.partition("=")
        if unquote_plus(key).strip() == "password" and value:
            found.update({value, unquote_plus(value)})
    found |= {unquote(value) for value in found}
    return sorted(value for value in found if value)


def _check_database_url(url: str) -> None:
    """Refuse a URL whose password SQLAlchemy and urlsplit read differently (unencoded @ / ? #):
    psycopg would get a part of it as the host or the database, and put that in its errors."""
    userinfo = _URL_USERINFO.match(url.partition("://")[2])
    try:
        password = urlsplit(url).password
    except ValueError:
        raise ConfigError("RELEASE_BOT_DATABASE_URL is not a valid URL") from None
    if (userinfo.group(1) if userinfo else None) != password:
        raise ConfigError(
            "RELEASE_BOT_DATABASE_URL: percent-encode the user name and password "
            "(@ as %40, / as %2F, ? as %3F, # as %23)"
        )


class SettingsLoader:
    """Reads settings from `env` (default: os.environ), with `env_file` (a .env file) beneath it:
    what the environment sets always wins over the file."""

    def __init__(self, env: Mapping[str, str] | None = None, env_file: Path | None = None) -> None:
        environ = dict(os.environ if env is None else env)
        if env_file is not None:
            environ = {**_read_env_file(env_file), **environ}
        self._env = environ

    def get(self, name: str, default: str = "") -> str:
        """A declared variable's value, stripped ('' when unset)."""
        if name not in VARIABLE_NAMES:
            raise KeyError(f"{name} is not a declared setting")
        return (self._env.get(name) or default).strip()

    def knowledge(self) -> KnowledgeSettings:
        configured = self.get("RELEASE_BOT_KNOWLEDGE")
        return KnowledgeSettings(Path(configured) if configured else bundled_knowledge_path())

    def logging(self) -> LogSettings:
        level = self.get("RELEASE_BOT_LOG_LEVEL").upper() or "INFO"
        if level not in LOG_LEVELS:
            raise ConfigError(f"RELEASE_BOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return LogSettings(level)

    def telegram(self) -> TelegramSettings:
        token = self._secret("TELEGRAM_BOT_TOKEN")
        if token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set "
                "(or set TELEGRAM_BOT_TOKEN_FILE to a file holding it)"
            )
        if not _TOKEN.match(token.reveal()):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: "
                "expected the form 123456789:AAE... from @BotFather"
            )
        return TelegramSettings(
            token=token,
            api_base_url=self._url("TELEGRAM_API_BASE_URL"),
            request_timeout=float(self._positive_int("RELEASE_BOT_REQUEST_TIMEOUT", 10)),
            admin_ids=self._ids("RELEASE_BOT_ADMIN_IDS"),
            user_messages_per_minute=self._positive_int("RELEASE_BOT_USER_MESSAGES_PER_MINUTE", 20),
            rate_limit=self._rate("RELEASE_BOT_RATE_LIMIT", DEFAULT_RATE_LIMIT),
        )

    def http(self, *, webhook: bool | None = None) -> HttpSettings:
        """The HTTP server's settings; `webhook` overrides RELEASE_BOT_MODE."""
        mode = self.get("RELEASE_BOT_MODE").lower() or "polling"
        if webhook is not None:
            mode = "webhook" if webhook else "polling"
        if mode not in ("polling", "webhook"):
            raise ConfigError(f"RELEASE_BOT_MODE must be polling or webhook, not {mode!r}")
        settings = HttpSettings(
            mode=mode,
            webhook_url=self._url("RELEASE_BOT_WEBHOOK_URL"),
            webhook_secret=self._secret("RELEASE_BOT_WEBHOOK_SECRET"),
            listen=self.get("RELEASE_BOT_LISTEN") or "0.0.0.0",
            port=self._port("RELEASE_BOT_PORT") or 8080,
            health_port=self._port("RELEASE_BOT_HEALTH_PORT"),
            metrics_port=self._port("RELEASE_BOT_METRICS_PORT"),
        )
        if settings.webhook:
            _check_webhook(settings)
        if settings.metrics_port and settings.metrics_port == settings.serving_port:
            raise ConfigError(
                "RELEASE_BOT_METRICS_PORT must differ from the port of /healthz and the webhook"
            )
        return settings

    def storage(self) -> StorageSettings:
        url = self.get("RELEASE_BOT_DATABASE_URL")
        if url:
            _check_database_url(url)
        return StorageSettings(
            data_dir=Path(self.get("RELEASE_BOT_DATA_DIR") or "data"),
            database_url=Secret(url) if url else None,
            low_confidence=float(self._positive_int("RELEASE_BOT_LOW_CONFIDENCE", 60)),
            retention_days=self._positive_int("RELEASE_BOT_RETENTION_DAYS", 90),
        )

    def privacy(self) -> PrivacySettings:
        return PrivacySettings(
            controller=self.get("RELEASE_BOT_PRIVACY_CONTROLLER") or None,
            contact=self.get("RELEASE_BOT_PRIVACY_CONTACT") or None,
        )

    def handover(self) -> HandoverSettings:
        raw = self.get("RELEASE_BOT_PRESS_CHAT_ID")
        if raw and not re.fullmatch(r"-?\d{1,20}", raw):
            raise ConfigError(
                "RELEASE_BOT_PRESS_CHAT_ID must be a Telegram chat id "
                "(a group's is negative, e.g. -1001234567890)"
            )
        return HandoverSettings(
            press_chat_id=int(raw) if raw else None,
            days=self._positive_int("RELEASE_BOT_HANDOVER_DAYS", 14),
        )

    def all(self, *, webhook: bool | None = None) -> Settings:
        """Every section: what `release-bot run` needs."""
        return Settings(
            telegram=self.telegram(),
            knowledge=self.knowledge(),
            http=self.http(webhook=webhook),
            storage=self.storage(),
            privacy=self.privacy(),
            logging=self.logging(),
            handover=self.handover(),
        )

    def _secret(self, name: str) -> Secret | None:
        """A secret from NAME, or from the file named by NAME_FILE (Docker and Kubernetes)."""
        value = self.get(name)
        file_name = self.get(f"{name}_FILE")
        if not value and file_name:
            try:
                value = Path(file_name).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as error:
                raise ConfigError(
                    f"{name}_FILE cannot be read: {error.__class__.__name__}"
                ) from None
        return Secret(value) if value else None

    def _url(self, name: str) -> str | None:
        value = self.get(name)
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{name} must be an http(s) URL")
        return value

    def _ids(self, name: str) -> frozenset[int]:
        try:
            return frozenset(int(part) for part in re.split(r"[,\s]+", self.get(name)) if part)
        except ValueError:
            raise ConfigError(f"{name} must be Telegram user ids separated by commas") from None

    def _port(self, name: str) -> int | None:
        raw = self.get(name)
        if not raw:
            return None
        if not raw.isdigit() or not 0 <= int(raw) <= 65535:
            raise ConfigError(f"{name} must be a port number (0-65535)")
        return int(raw)

    def _rate(self, name: str, default: float) -> float:
        raw = self.get(name)
        if not raw:
            return default
        try:
            rate = float(raw)
        except ValueError:
            rate = math.nan
        if not math.isfinite(rate) or rate < 0:
            raise ConfigError(f"{name} must be messages a second, 0 or more (0 turns it off)")
        return rate

    def _positive_int(self, name: str, default: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError(f"{name} must be a whole number above 0")
        return int(raw)


def _check_webhook(settings: HttpSettings) -> None:
    if not settings.webhook_url:
        raise ConfigError("webhook mode needs RELEASE_BOT_WEBHOOK_URL (the public https URL)")
    if urlsplit(settings.webhook_url).scheme != "https":
        raise ConfigError(
            "RELEASE_BOT_WEBHOOK_URL must be an https:// URL: Telegram posts only to HTTPS"
        )
    if settings.webhook_secret is None:
        raise ConfigError("webhook mode needs RELEASE_BOT_WEBHOOK_SECRET (or ..._FILE)")
    if not _SECRET_TOKEN.match(settings.webhook_secret.reveal()):
        raise ConfigError(
            "RELEASE_BOT_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -"
        )


def _read_env_file(path: Path) -> dict[str, str]:
    """The variables a .env file sets (python-dotenv's parser; nothing is put in os.environ)."""
    if not path.is_file():
        raise ConfigError(f"the settings file {path} does not exist")
    from dotenv import dotenv_values

    return {key: value for key, value in dotenv_values(path).items() if value is not None}
