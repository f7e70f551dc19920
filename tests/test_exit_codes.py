"""Exit codes: the ones README.md documents are ExitCode's, the commands exit with them, and every
command module returns ExitCode members."""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
from pathlib import Path

import pytest

from bot.cli import COMMANDS, main
from bot.exit_codes import TOKEN_REFUSED, ExitCode
from tests.cli.helpers import SMALL_RELEASE, broken_copy, cli, free_port
from tests.conftest import DATA, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXITS = re.compile(r"\bexits? (\d+)\b")


def command_line_table() -> dict[str, set[int]]:
    """The codes each row of README's command-line table documents, by command."""
    section = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `release-bot (\w+)[^|]*` \|(.*)\|$", section, re.MULTILINE)
    codes: dict[str, set[int]] = {}
    for name, text in rows:
        codes.setdefault(name, set()).update(int(code) for code in EXITS.findall(text))
    return codes


def sentence_with(words: str) -> str:
    """The README sentence (or clause) that contains `words`."""
    (found,) = re.findall(rf"[^.;]*{re.escape(words)}[^.;]*", " ".join(README.split()))
    return found


def documented_code(words: str) -> int:
    (code,) = EXITS.findall(sentence_with(words))
    return int(code)


def test_every_code_readme_mentions_is_an_exit_code() -> None:
    mentioned = {int(code) for code in EXITS.findall(" ".join(README.split()))}
    assert mentioned and mentioned <= {int(code) for code in ExitCode}


def test_the_command_line_table_matches_exit_code() -> None:
    table = command_line_table()
    assert set(table) <= set(COMMANDS)
    assert table["check"] == {ExitCode.FAILED}
    assert table["eval"] == {ExitCode.FAILED}
    assert table["healthcheck"] == {ExitCode.OK}


def test_the_run_section_matches_exit_code() -> None:
    assert documented_code("A missing or malformed token") == ExitCode.USAGE
    assert documented_code("a refused token") == TOKEN_REFUSED == ExitCode.USAGE
    assert documented_code("cannot be reached after five attempts") == ExitCode.UNREACHABLE


def test_commands_exit_with_the_documented_codes(tmp_path: Path) -> None:
    table = command_line_table()
    root, _ = broken_copy(tmp_path)
    assert {cli("check", str(root)).code} == table["check"]
    floor = ("--knowledge", str(SMALL_RELEASE), "--min-accuracy", "101")
    assert {cli("eval", *floor).code} == table["eval"]
    assert cli("run").code == documented_code("A missing or malformed token")


# -- every command module returns ExitCode members, checked by running each -------------------

RELEASE = DATA / "releases" / "pm-salonen-albrecht-helsinki.txt"
SMALL = ("--knowledge", str(SMALL_RELEASE))
CASES: list[tuple[str, list[str], dict[str, str], ExitCode]] = [
    ("ask", ["who met whom"], {}, ExitCode.OK),
    ("chat", [], {}, ExitCode.OK),
    ("check", [], {}, ExitCode.OK),
    ("eval", [*SMALL], {}, ExitCode.OK),
    ("eval", [*SMALL, "--min-accuracy", "101"], {}, ExitCode.FAILED),
    ("eval", [*SMALL, "missing.yaml"], {}, ExitCode.USAGE),
    ("ingest", [str(RELEASE), "--out", "draft"], {}, ExitCode.OK),
    ("ingest", ["missing.txt"], {}, ExitCode.FAILED),
    ("report", ["--json"], {}, ExitCode.OK),
    ("report", [], {"RELEASE_BOT_DATABASE_URL": "mysql://db/q"}, ExitCode.USAGE),
    ("run", [], {}, ExitCode.USAGE),
    ("healthcheck", [], {}, ExitCode.USAGE),
    ("healthcheck", [], {"RELEASE_BOT_HEALTH_PORT": str(free_port())}, ExitCode.FAILED),
]


def test_every_command_is_run_below() -> None:
    assert {name for name, *_ in CASES} == set(COMMANDS)


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No settings from the environment; the working directory and data folder in tmp_path."""
    for name in list(os.environ):
        if name.startswith(("RELEASE_BOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELEASE_BOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO("thanks\n\n"))  # for chat
    return monkeypatch


@pytest.mark.parametrize(("name", "argv", "env", "expected"), CASES)
def test_each_command_module_returns_an_exit_code_member(
    clean: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    argv: list[str],
    env: dict[str, str],
    expected: ExitCode,
) -> None:
    for variable, value in env.items():
        clean.setenv(variable, value)
    module = importlib.import_module(COMMANDS[name].module)
    parser = argparse.ArgumentParser(prog=f"release-bot {name}")
    module.add_arguments(parser)
    code = module.run(parser.parse_args(argv))
    capsys.readouterr()
    assert type(code) is ExitCode and code is expected


def test_main_returns_members_for_a_refused_base_and_for_ctrl_c(
    clean: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = broken_copy(tmp_path)
    assert main(["ask", "--knowledge", str(root), "hi"]) is ExitCode.FAILED

    class CtrlC(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    clean.setattr("sys.stdin", CtrlC())
    assert main(["chat", "--knowledge", str(SMALL_RELEASE)]) is ExitCode.INTERRUPTED
    assert capsys.readouterr().out.startswith("Ask about: Mayor Virta")  # it was chatting
