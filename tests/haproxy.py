"""HAProxy in front of replicas of `release-bot run --webhook`, each its own process.

`find_haproxy()` finds the binary (PATH, else /usr/sbin/haproxy); `HAProxy` writes a config
(roundrobin over the replicas' webhook ports, health checks on /healthz, a retry on another
replica when a connection fails or a replica dies before answering, short timeouts), runs
`haproxy -db` on a free 127.0.0.1 port and reads its runtime API (a stats socket) for the
servers' states and open sessions. `Replica` is one `release-bot run --webhook` with its own data
folder, port, metrics port and log file; `ReplicaSet` starts several at once.

Tests that use the `haproxy_binary` fixture are skipped, with the reason, when HAProxy is not
installed (Debian: `apt-get install -y haproxy`); set RELEASE_BOT_REQUIRE_HAPROXY=1 to make that
a failure instead (CI, where the package is installed), as tests/postgres.py does with
RELEASE_BOT_REQUIRE_POSTGRES. A binary that is there but refuses the config or does not start
is always an error, with its output.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REQUIRE_ENV = "RELEASE_BOT_REQUIRE_HAPROXY"
INSTALL_HINT = "install Debian's haproxy package: apt-get install -y haproxy"
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class HAProxyUnavailable(Exception):
    """HAProxy is not installed on this machine (the message says why)."""


def find_haproxy() -> Path | None:
    found = shutil.which("haproxy")
    if found:
        return Path(found)
    for candidate in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy"):
        if os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def require_haproxy() -> Path:
    """The binary; HAProxyUnavailable when there is none."""
    binary = find_haproxy()
    if binary is None:
        raise HAProxyUnavailable(f"haproxy not found on PATH nor in /usr/sbin; {INSTALL_HINT}")
    return binary


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def config(port: int, servers: Mapping[str, int], stats_socket: Path) -> str:
    """The test config: one frontend on 127.0.0.1:`port`, `servers` (name -> port) behind it."""
    lines = [
        "global",
        "    maxconn 1024",
        "    nbthread 2",
        f"    stats socket {stats_socket} mode 600 level admin",
        "    log stderr format raw local0 info",
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option dontlognull",
        "    option httplog",
        "    timeout connect 1s",
        "    timeout client 30s",
        "    timeout server 25s",  # longer than an update takes, shorter than a test
        "    timeout http-request 5s",
        "    timeout http-keep-alive 5s",
        "    timeout check 1s",
        # a connection that fails, or a replica that dies before it answers (SIGKILL), is
        # retried on another replica: the update is claimed in PostgreSQL, so a retry of an
        # update that was answered just before the replica died is not answered twice
        "    retries 3",
        "    option redispatch 1",
        "    retry-on conn-failure empty-response",
        "    option http-buffer-request",  # kept whole, so that it can be sent again
        "",
        "frontend telegram",
        f"    bind 127.0.0.1:{port}",
        "    default_backend replicas",
        "",
        "backend replicas",
        "    balance roundrobin",
        "    option httpchk",
        "    http-check send meth GET uri /healthz",
        "    http-check expect status 200",
        "    default-server check inter 300ms fastinter 200ms downinter 500ms fall 1 rise 1",
    ]
    lines += [f"    server {name} 127.0.0.1:{server_port}" for name, server_port in servers.items()]
    return "\n".join(lines) + "\n"


@dataclass
class HAProxy:
    """A running `haproxy -db` over `servers` (name -> port); `url` is its frontend."""

    binary: Path
    servers: dict[str, int]
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="release-bot-ha-")))
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_file(self) -> Path:
        return self.root / "haproxy.cfg"

    @property
    def log_file(self) -> Path:
        return self.root / "haproxy.log"

    @property
    def stats_socket(self) -> Path:
        return self.root / "stats.sock"

    def start(self, timeout: float = 10) -> HAProxy:
        """Check the config, start, and wait until every server is seen UP."""
        for _attempt in range(3):
            self.port = free_port()
            self.config_file.write_text(config(self.port, self.servers, self.stats_socket))
            checked = subprocess.run(
                [str(self.binary), "-c", "-q", "-f", str(self.config_file)],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if checked.returncode != 0:
                raise RuntimeError(f"haproxy refused its config:\n{checked.stdout}{checked.stderr}")
            with self.log_file.open("ab") as log:
                self.process = subprocess.Popen(
                    [str(self.binary), "-db", "-f", str(self.config_file)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            if self._wait_listening(timeout):
                self.wait_servers_up(timeout)
                return self
            self._kill()  # the port was taken meanwhile: try another one
        raise RuntimeError(f"haproxy did not start:\n{self.log_tail()}")

    def _wait_listening(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                if self.stats_socket.exists():
                    return True
            time.sleep(0.05)
        return False

    def command(self, line: str) -> str:
        """One command on the runtime API (the stats socket)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.stats_socket))
            sock.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode(errors="replace")

    def stats(self) -> dict[str, dict[str, str]]:
        """`show stat` of the backend's servers: name -> column -> value (status, scur, stot...)."""
        text = self.command("show stat")
        lines = [line for line in text.splitlines() if line.strip()]
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
        return {
            row["svname"]: row
            for row in rows
            if row.get("pxname") == "replicas" and row.get("svname") in self.servers
        }

    def wait_servers_up(self, timeout: float = 10, names: list[str] | None = None) -> None:
        wanted = names if names is not None else list(self.servers)
        deadline = time.monotonic() + timeout
        while True:
            states = {name: row.get("status", "") for name, row in self.stats().items()}
            if all(states.get(name, "").startswith("UP") for name in wanted):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"haproxy does not see every replica up: {states}")
            time.sleep(0.05)

    def wait_server_down(self, name: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self.stats()[name].get("status", "").startswith("DOWN"):
            if time.monotonic() > deadline:
                raise AssertionError(f"haproxy does not see {name} down: {self.stats()[name]}")
            time.sleep(0.05)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no haproxy log)"

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def haproxy_binary() -> Path:
    """The haproxy binary; skips (or fails, see above) without one."""
    try:
        return require_haproxy()
    except HAProxyUnavailable as reason:
        if os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0"):
            pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
        pytest.skip(f"no HAProxy: {reason}")


# -- replicas of `release-bot run --webhook` ----------------------------------------------------


@dataclass
class Replica:
    """One `release-bot run --webhook` process on 127.0.0.1:`port`, logging to `log_file`."""

    name: str
    env: dict[str, str]
    root: Path
    port: int = 0
    metrics_port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.root / f"{self.name}.log"

    def start(self) -> None:
        self.port, self.metrics_port = free_port(), free_port()
        env = {
            **self.env,
            "RELEASE_BOT_LISTEN": "127.0.0.1",
            "RELEASE_BOT_PORT": str(self.port),
            "RELEASE_BOT_METRICS_PORT": str(self.metrics_port),
            "RELEASE_BOT_DATA_DIR": str(self.root / f"{self.name}-data"),
        }
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--webhook"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def healthy(self) -> bool:
        try:
            url = f"{self.url}/healthz"
            return httpx.get(url, timeout=1, trust_env=False).status_code == 200
        except httpx.HTTPError:
            return False

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def metric(self, name: str) -> float:
        """The sum of every sample of metric `name` on /metrics."""
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        text = httpx.get(url, timeout=5, trust_env=False).text
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name) and line[len(name) : len(name) + 1] in ("{", " "):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, timeout: float = 30) -> int | None:
        """Wait for the exit (SIGKILL after `timeout`); the exit code."""
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            return None


class ReplicaSet:
    """`count` replicas with the same environment, started at once."""

    def __init__(self, count: int, env: Mapping[str, str], root: Path | None = None) -> None:
        self.root = root or Path(tempfile.mkdtemp(prefix="release-bot-replicas-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self._own_root = root is None
        self.replicas = [Replica(f"r{n + 1}", dict(env), self.root) for n in range(count)]
        atexit.register(self.stop)

    def __iter__(self) -> Iterator[Replica]:
        return iter(self.replicas)

    def __getitem__(self, index: int) -> Replica:
        return self.replicas[index]

    def __len__(self) -> int:
        return len(self.replicas)

    @property
    def ports(self) -> dict[str, int]:
        return {replica.name: replica.port for replica in self.replicas}

    def start(self, timeout: float = 60) -> ReplicaSet:
        for replica in self.replicas:
            replica.start()
        deadline = time.monotonic() + timeout
        waiting = list(self.replicas)
        while waiting:
            for replica in list(waiting):
                if replica.healthy():
                    waiting.remove(replica)
                elif replica.process is not None and replica.process.poll() is not None:
                    code = replica.process.returncode
                    raise RuntimeError(
                        f"replica {replica.name} exited with {code}:\n{replica.log_tail()}"
                    )
            if waiting and time.monotonic() > deadline:
                names = ", ".join(replica.name for replica in waiting)
                tails = "\n".join(replica.log_tail() for replica in waiting)
                raise RuntimeError(f"replicas {names} did not become healthy:\n{tails}")
            time.sleep(0.05)
        return self

    def stop(self) -> dict[str, int | None]:
        """SIGTERM to all at once, then wait; each one's exit code (None: had to be killed;
        -9 for a replica that was killed before)."""
        for replica in self.replicas:
            replica.terminate()
        codes = {replica.name: replica.wait() for replica in self.replicas}
        atexit.unregister(self.stop)
        return codes

    def logs(self) -> str:
        return "\n".join(f"--- {r.name}\n{r.log_tail()}" for r in self.replicas)

    def remove(self) -> None:
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
