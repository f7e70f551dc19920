"""`release-bot` itself: the list of commands, usage errors, --help, refused knowledge bases,
Ctrl-C and narrow terminals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import COMMANDS, main
from tests.cli.helpers import COMMAND, broken_copy, clean_env, cli


def lists_every_command(text: str) -> bool:
    return all(re.search(rf"\b{name}\b", text) for name in COMMANDS)


def test_without_a_command_prints_the_commands_and_exits_2() -> None:
    result = cli()
    assert result.code == 2
    assert result.out.startswith("usage: release-bot") and lists_every_command(result.out)
    shown = " ".join(result.out.split())
    assert all(command.summary[:30] in shown for command in COMMANDS.values())


def test_an_unknown_command_exits_2_and_names_the_commands() -> None:
    result = cli("nonsense")
    assert result.code == 2
    assert "invalid choice: 'nonsense'" in result.err and lists_every_command(result.err)


def test_help_lists_the_commands_and_exits_0() -> None:
    result = cli("--help")
    assert result.code == 0 and lists_every_command(result.out)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_commands_help_exits_0(name: str) -> None:
    result = cli(name, "--help")
    assert result.code == 0 and result.err == ""
    assert result.out.startswith(f"usage: release-bot {name} ")
    assert COMMANDS[name].summary.split()[0] in result.out


@pytest.mark.parametrize("argv", [["ask", "--bogus"], ["check", "a", "b"], ["eval", "--sweep=x"]])
def test_bad_arguments_of_a_command_exit_2(argv: list[str]) -> None:
    result = cli(*argv)
    assert result.code == 2 and f"release-bot {argv[0]}: error:" in result.err


def test_a_refused_knowledge_base_exits_1_without_a_traceback(tmp_path: Path) -> None:
    root, line = broken_copy(tmp_path)
    result = cli("ask", "--knowledge", str(root), "who met whom")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("release-bot: the knowledge base was refused:\n")
    assert f"knowledge.yaml:{line}: " in result.err and "Traceback" not in result.err


def test_ctrl_c_exits_130() -> None:
    chat = subprocess.Popen(
        [*COMMAND, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=clean_env()
    )
    assert chat.stdout is not None
    os.set_blocking(chat.stdout.fileno(), False)
    shown, deadline = b"", time.monotonic() + 20
    try:
        while b"you> " not in shown and time.monotonic() < deadline:  # waiting for a question
            shown += chat.stdout.read() or b""
            time.sleep(0.02)
        chat.send_signal(signal.SIGINT)
        assert chat.wait(timeout=20) == 130
    finally:
        chat.kill()
    assert b"you> " in shown


def test_a_narrow_terminal_gets_replacement_characters_not_a_crash() -> None:
    result = cli("ask", "Who is Häkkänen?", env={"PYTHONIOENCODING": "ascii"})
    assert result.code == 0 and "Traceback" not in result.err
    assert "H?kk?nen" in result.out


def test_main_runs_a_command_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "thanks"]) == 0
    assert "welcome" in capsys.readouterr().out


def test_the_installed_script_runs_main() -> None:
    script = Path(sys.executable).parent / "release-bot"
    if not script.exists():
        pytest.skip("the package is not installed in this interpreter's environment")
    done = subprocess.run([script, "--help"], capture_output=True, text=True, env=clean_env())
    assert done.returncode == 0 and lists_every_command(done.stdout)
