"""A throwaway PostgreSQL server for the test session.

`initdb` into a new temporary folder, `pg_ctl start` on a free 127.0.0.1 port (its socket in the
same folder), and at the end `pg_ctl stop` and the folder deleted. PostgreSQL refuses to run as
root, so under root the server runs as the `postgres` user (Debian's package creates it), or else
`nobody`.

Tests that use the `postgres_server` fixture are skipped, with the reason, when no server
binaries are installed (Debian: `apt-get install -y postgresql`); set RELEASE_BOT_REQUIRE_POSTGRES=1
to make that a failure instead (CI, where the package is installed). Binaries that are there but
fail to start a server are always an error, with the server's log.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_ENV = "RELEASE_BOT_REQUIRE_POSTGRES"
INSTALL_HINT = "install Debian's postgresql package: apt-get install -y postgresql"
_START_ATTEMPTS = 3


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be started on this machine (the message says why)."""


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: _version(Path(path).parent.name),
        reverse=True,
    )
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _server_user() -> str | None:
    """The unprivileged user to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailable("running as root and there is no postgres or nobody user")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; `url` connects as the superuser `postgres` (trust authentication)."""

    bin_dir: Path
    root: Path
    port: int
    os_user: str | None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=self.os_user,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )

    def initdb(self) -> None:
        done = self.run(
            "initdb", "-D", str(self.data_dir), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--no-locale", "--no-sync", "--no-instructions",
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> bool:
        """Start on `self.port`; False if the server did not come up (the port may be taken)."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c fsync=off"  # a test server: no fsync
        )
        done = self.run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-t", "30",
            "-o", options, "start",
        )  # fmt: skip
        return done.returncode == 0

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def start_postgres() -> PostgresServer:
    """Initialise and start a server in a new temporary folder. Raises PostgresUnavailable when
    this machine has no server binaries, RuntimeError when they fail."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under "
            f"/usr/lib/postgresql/*/bin or on PATH; {INSTALL_HINT}"
        )
    os_user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="release-bot-pg-"))
    if os_user is not None:
        account = pwd.getpwnam(os_user)
        os.chown(root, account.pw_uid, account.pw_gid)
    server = PostgresServer(bin_dir, root, _free_port(), os_user)
    try:
        server.initdb()
        for _attempt in range(_START_ATTEMPTS):
            if server.start():
                return server
            server.port = _free_port()
        raise RuntimeError(f"pg_ctl could not start the server:\n{server.log_tail()}")
    except BaseException:
        server.stop()
        raise


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session; skips (or fails, see above) without one."""
    try:
        server = start_postgres()
    except PostgresUnavailable as reason:
        if os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0"):
            pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
        pytest.skip(f"no PostgreSQL server: {reason}")
    atexit.register(server.stop)  # also if the session dies before the fixture's teardown
    try:
        yield server
    finally:
        server.stop()
        atexit.unregister(server.stop)
