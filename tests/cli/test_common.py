"""What the commands share: which knowledge base they load (--knowledge, then
RELEASE_BOT_KNOWLEDGE, then the bundled one), the engine, the settings file and `fail`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.cli.common import (
    add_env_file_option,
    add_knowledge_options,
    fail,
    knowledge_path,
    load_engine,
)
from bot.core.bundled import bundled_knowledge_path
from bot.exit_codes import ExitCode
from tests.cli.helpers import (
    SECOND_RELEASE,
    SECOND_RELEASE_ID,
    SMALL_ID,
    SMALL_RELEASE,
    broken_copy,
    cli,
    copy_knowledge,
)
from tests.conftest import RELEASE_ID

OPTION = Path("/from/the/option")
SETTING = Path("/from/the/environment")


def parse(*argv: str, path_argument: bool = False) -> argparse.Namespace:
    """The arguments of a command with the knowledge options (or check's PATH) and --env-file."""
    parser = argparse.ArgumentParser()
    if path_argument:
        parser.add_argument("path", nargs="?", type=Path)
    else:
        add_knowledge_options(parser)
    add_env_file_option(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def no_setting(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("RELEASE_BOT_KNOWLEDGE", raising=False)
    return monkeypatch


def test_the_option_wins_over_the_setting(no_setting: pytest.MonkeyPatch) -> None:
    no_setting.setenv("RELEASE_BOT_KNOWLEDGE", str(SETTING))
    assert knowledge_path(parse("--knowledge", str(OPTION))) == OPTION


def test_checks_path_argument_wins_over_the_setting(no_setting: pytest.MonkeyPatch) -> None:
    no_setting.setenv("RELEASE_BOT_KNOWLEDGE", str(SETTING))
    assert knowledge_path(parse(str(OPTION), path_argument=True)) == OPTION


def test_the_setting_wins_over_the_bundled_base(no_setting: pytest.MonkeyPatch) -> None:
    no_setting.setenv("RELEASE_BOT_KNOWLEDGE", str(SETTING))
    assert knowledge_path(parse()) == SETTING
    assert knowledge_path(parse(path_argument=True)) == SETTING


@pytest.mark.parametrize("setting", [None, "", "   "])
def test_without_either_the_bundled_base(
    no_setting: pytest.MonkeyPatch, setting: str | None
) -> None:
    if setting is not None:
        no_setting.setenv("RELEASE_BOT_KNOWLEDGE", setting)
    assert knowledge_path(parse()) == bundled_knowledge_path()


def test_an_env_file_sets_it_beneath_the_environment(
    no_setting: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = tmp_path / "bot.env"
    settings.write_text(f"RELEASE_BOT_KNOWLEDGE={OPTION}\n", encoding="utf-8")
    assert knowledge_path(parse("--env-file", str(settings))) == OPTION
    no_setting.setenv("RELEASE_BOT_KNOWLEDGE", str(SETTING))
    assert knowledge_path(parse("--env-file", str(settings))) == SETTING


def released(result_out: str) -> str:
    return str(json.loads(result_out)["release"])


def test_commands_follow_the_same_precedence(tmp_path: Path) -> None:
    broken, _ = broken_copy(tmp_path)
    in_env = {"RELEASE_BOT_KNOWLEDGE": str(broken)}
    option = ("--knowledge", str(SMALL_RELEASE))
    assert released(cli("ask", "--json", *option, "who met whom", env=in_env).out) == SMALL_ID
    assert cli("ask", "who met whom", env=in_env).code == 1  # the setting was used: refused
    assert released(cli("ask", "--json", "who met whom").out) == RELEASE_ID


def test_load_engine_serves_every_release_of_a_folder(
    no_setting: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = copy_knowledge(tmp_path, SECOND_RELEASE / SECOND_RELEASE_ID)
    engine = load_engine(parse("--knowledge", str(root)))
    assert sorted(engine.bases) == sorted([RELEASE_ID, SECOND_RELEASE_ID])


def test_fail_prints_one_line_and_returns_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail("no such thing") is ExitCode.USAGE
    assert fail("worse", ExitCode.FAILED) is ExitCode.FAILED
    assert capsys.readouterr().err == "release-bot: no such thing\nrelease-bot: worse\n"
