"""`release-bot run`: what it refuses before serving, and the exit code it stops with."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import broken_copy, cli
from tests.conftest import DATA
from tests.fake_bot_api import FakeBotApi


def bot_env(api: FakeBotApi, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "RELEASE_BOT_DATA_DIR": str(tmp_path / "data"),
        **extra,
    }


def test_without_a_token_exits_2_with_one_line() -> None:
    result = cli("run")
    assert result.code == 2
    assert result.err.splitlines() == [
        "release-bot: TELEGRAM_BOT_TOKEN is not set "
        "(or set TELEGRAM_BOT_TOKEN_FILE to a file holding it)"
    ]


def test_an_unknown_mode_exits_2(fake_bot_api: FakeBotApi, tmp_path: Path) -> None:
    env = bot_env(fake_bot_api, tmp_path, RELEASE_BOT_MODE="carrier-pigeon")
    result = cli("run", env=env, timeout=20)
    assert result.code == 2 and "RELEASE_BOT_MODE must be polling or webhook" in result.err
    assert not fake_bot_api.calls("getMe")


def test_the_webhook_flag_overrides_the_mode(fake_bot_api: FakeBotApi, tmp_path: Path) -> None:
    env = bot_env(fake_bot_api, tmp_path, RELEASE_BOT_MODE="polling")
    result = cli("run", "--webhook", env=env, timeout=20)
    assert result.code == 2 and "webhook mode needs RELEASE_BOT_WEBHOOK_URL" in result.err
    assert not fake_bot_api.calls("getMe")


def test_a_refused_token_stops_with_exit_2(fake_bot_api: FakeBotApi, tmp_path: Path) -> None:
    fake_bot_api.fail_next("getMe", status=401, description="Unauthorized")
    result = cli("run", env=bot_env(fake_bot_api, tmp_path))
    assert result.code == 2 and "Traceback" not in result.err
    last = result.err.splitlines()[-1]
    assert last == "release-bot: stopped with exit code 2 (see the log above)"
    assert fake_bot_api.token not in result.err


def test_a_broken_knowledge_base_exits_1_before_calling_telegram(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    root, line = broken_copy(tmp_path)
    result = cli("run", env=bot_env(fake_bot_api, tmp_path, RELEASE_BOT_KNOWLEDGE=str(root)))
    assert result.code == 1
    assert "release-bot: the knowledge base was refused:" in result.err
    assert f"knowledge.yaml:{line}: " in result.err
    assert not fake_bot_api.calls("getMe")


def test_only_drafts_is_refused(fake_bot_api: FakeBotApi, tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    release = DATA / "releases" / "pm-salonen-albrecht-helsinki.txt"
    assert cli("ingest", str(release), "--out", str(draft)).code == 0
    result = cli("run", env=bot_env(fake_bot_api, tmp_path, RELEASE_BOT_KNOWLEDGE=str(draft)))
    assert result.code == 1 and "release.draft: every release is a draft" in result.err
    assert not fake_bot_api.calls("getMe")


def test_help_exits_0() -> None:
    result = cli("run", "--help")
    assert result.code == 0 and "--webhook" in result.out and "--env-file" in result.out
