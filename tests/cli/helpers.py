"""Run `release-bot` as a user would (a real process), and make knowledge bases to run it on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.core.bundled import bundled_knowledge_path
from tests.conftest import DATA, RELEASE_ID

COMMAND = (sys.executable, "-m", "bot")
SECOND_RELEASE = DATA / "second_release"
SECOND_RELEASE_ID = "fi-pmo-fictional-trade-talks"
SMALL_RELEASE = Path(__file__).parent / "data" / "small-release"  # with its questions.yaml
SMALL_ID = SMALL_RELEASE.name
# Broken copies change the first line of the bundled base that starts so.
RELATED = "    related: ["


@dataclass(frozen=True)
class Result:
    """What a finished command left: its exit code and its output, decoded."""

    code: int
    out: str
    err: str


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any bot setting, plus `extra`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("RELEASE_BOT_", "TELEGRAM_"))
    }
    env.update({"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    env.update(extra or {})
    return env


def cli(
    *args: str,
    stdin: bytes | str = b"",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Result:
    """Run `release-bot ARGS...` to the end; `env` adds to a clean environment. Standard input
    is `stdin` (empty by default: a command never reads the test runner's terminal)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*COMMAND, *args],
        input=data,
        env=clean_env(env),
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
    )
    return Result(done.returncode, _text(done.stdout), _text(done.stderr))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def copy_knowledge(tmp_path: Path, *extra_releases: Path) -> Path:
    """A folder of releases in `tmp_path`: the bundled one, plus copies of `extra_releases`."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_path(), target)
    for release in extra_releases:
        shutil.copytree(release, target / release.name)
    return target


def knowledge_file(root: Path, release_id: str = RELEASE_ID) -> Path:
    return root / release_id / "knowledge.yaml"


def replace_line(path: Path, start: str, new: str) -> int:
    """Replace the first line of `path` that starts with `start` by `new`; returns its line
    number (from 1)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def broken_copy(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the bundled base where an entry relates to an id that does not exist; returns
    the folder and the line of the broken `related`."""
    root = copy_knowledge(tmp_path)
    line = replace_line(knowledge_file(root), RELATED, "    related: [nowhere]")
    return root, line


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
