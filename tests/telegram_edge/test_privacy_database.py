"""The PostgreSQL password never shows: not in the repr of any settings object, not in any log
line of `release-bot run` at DEBUG while the database fails, and a URL whose password would be
read differently by SQLAlchemy and by the redaction is refused before anything connects."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.questionlog.storage import open_question_log
from bot.settings import Settings, SettingsLoader, database_secrets
from tests.fake_bot_api import FakeBotApi
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture
from tests.telegram_edge.helpers import cli_env, run_cli, start_process, stop_process

PASSWORD = "Pa$$/w@rd#Hunter2?x"  # every character that must be percent-encoded in a URL
ENCODED = quote(PASSWORD, safe="")
FORMS = (PASSWORD, ENCODED, "Hunter2")  # as typed, as written in the URL, and a fragment
TOKEN = "123456789:AAPrivacyTestTokenPrivacyTestToken12"
WEBHOOK_SECRET = "webhook-secret-for-repr-0123456789"
USER = 8002


def _settings(url: str) -> tuple[SettingsLoader, Settings]:
    loader = SettingsLoader(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "RELEASE_BOT_DATABASE_URL": url,
            "RELEASE_BOT_MODE": "webhook",
            "RELEASE_BOT_WEBHOOK_URL": "https://bot.example.org/hook",
            "RELEASE_BOT_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
    )
    return loader, loader.all()


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://bot:{ENCODED}@db.example.org:5432/questions",
        f"postgresql://bot@db.example.org/questions?sslmode=require&password={ENCODED}",
    ],
)
def test_no_settings_object_shows_the_password(url: str) -> None:
    loader, settings = _settings(url)
    sections = [getattr(settings, field.name) for field in dataclasses.fields(settings)]
    question_log = open_question_log(url, Path("unused"))  # does not connect
    shown_objects = [loader, settings, *sections, settings.storage.database_url, question_log]
    try:
        for shown in shown_objects:
            for text in (repr(shown), str(shown), f"{shown!r:>10}"):
                leaked = [form for form in (*FORMS, TOKEN, WEBHOOK_SECRET) if form in text]
                assert leaked == [], f"{type(shown).__name__}: {text}"
    finally:
        question_log.close()
    assert {PASSWORD, ENCODED} <= set(settings.secrets())  # what the log redacts


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://bot:hunter2@db/q", {"hunter2"}),
        ("postgresql://bot:p%40ss%2Fw@db/q", {"p%40ss%2Fw", "p@ss/w"}),
        ("postgresql://bot:a:b@db/q", {"a:b"}),
        (
            "postgresql://bot@db/q?password=hun%20ter+2&x=1",
            {"hun%20ter+2", "hun ter 2", "hun ter+2"},
        ),
        ("postgresql://bot@db/q", set()),
        ("postgresql://db/q?x=a@b", set()),
    ],
)
def test_database_secrets_are_every_form_of_the_password(url: str, expected: set[str]) -> None:
    assert set(database_secrets(url)) == expected


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bot:Pa$$w@rd-Hunter2@127.0.0.1:1/q",  # an unencoded @
        "postgresql://bot:Pa/ss-Hunter2@127.0.0.1:1/q",  # an unencoded /
        "postgresql://bot:Pa?ss-Hunter2@127.0.0.1:1/q",  # an unencoded ?
        "postgresql://bot:Pa#ss-Hunter2@127.0.0.1:1/q",  # an unencoded #
    ],
)
def test_a_password_that_is_not_percent_encoded_is_refused(
    url: str, fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """SQLAlchemy would take a part of such a password for the host or the database, psycopg
    would quote it in its errors, and the redaction would not know that part: refuse it."""
    env = cli_env(fake_bot_api, RELEASE_BOT_DATABASE_URL=url, RELEASE_BOT_DATA_DIR=str(tmp_path))
    for command in ("run", "report"):
        done = run_cli(env, command)
        assert done.returncode == 2, done.stderr
        assert "RELEASE_BOT_DATABASE_URL: percent-encode" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Hunter2" not in done.stderr + done.stdout
    assert not fake_bot_api.calls()  # refused before anything connected


def _ask_while_the_database_fails(api: FakeBotApi, url: str, data_dir: Path) -> str:
    env = cli_env(
        api,
        RELEASE_BOT_LOG_LEVEL="DEBUG",
        RELEASE_BOT_DATABASE_URL=url,
        RELEASE_BOT_DATA_DIR=str(data_dir),
    )
    process = start_process(env, "run")
    try:
        deadline = time.monotonic() + 20
        while not api.calls("getUpdates"):
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the bot never polled"
            time.sleep(0.05)
        api.push_update(api.private_message(USER, "what's the weather in Helsinki?"))
        api.wait_for_sync("sendMessage", lambda params: params.get("chat_id") == USER, timeout=15)
        time.sleep(0.5)  # the purge at start-up and the write fail in the log's own threads
    finally:
        stderr = stop_process(process)
    assert "DEBUG" in stderr
    assert "question log: a question was not recorded" in stderr  # the database did fail
    return stderr


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://bot:{ENCODED}@127.0.0.1:1/questions",
        f"postgresql://bot@127.0.0.1:1/questions?password={ENCODED}",
    ],
)
def test_an_unreachable_database_logs_no_password_at_debug(
    url: str, fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    stderr = _ask_while_the_database_fails(fake_bot_api, url, tmp_path / "data")
    assert [form for form in FORMS if form in stderr] == []


def test_a_refusing_database_logs_no_password_at_debug(
    postgres_server: PostgresServer,  # noqa: F811 - the imported fixture
    fake_bot_api: FakeBotApi,
    tmp_path: Path,
) -> None:
    """A real server that refuses the login: the role and the database do not exist."""
    url = f"postgresql://no_such_role:{ENCODED}@127.0.0.1:{postgres_server.port}/no_such_db"
    stderr = _ask_while_the_database_fails(fake_bot_api, url, tmp_path / "data")
    assert [form for form in FORMS if form in stderr] == []
