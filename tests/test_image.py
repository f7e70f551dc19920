"""The container image, built and run: deploy/Dockerfile built with podman, started with a token
and the fake Bot API, healthy by its own HEALTHCHECK, and answering a question.

No registry of container images can be reached from the machines this runs on, so the base image
is bootstrapped from Debian's packages: ``mmdebstrap --variant=minbase bookworm`` (with the path
excludes and apt settings of Docker's ``debian:bookworm-slim``), imported with ``podman import``
and passed to the build as ``--build-arg BASE_IMAGE=...``. Everything after the base is the
Dockerfile users build on ``debian:bookworm-slim``. The bootstrapped tarball is cached under
``~/.cache/release-bot-image/`` (``$XDG_CACHE_HOME`` if set), keyed by the UTC date and the
mmdebstrap arguments, so it is made at most once a day (about 30 s); the build itself
(``apt-get`` for Debian's python3, ``pip wheel`` from PyPI) runs every time, without the layer
cache, so the test really builds the Dockerfile as it is.

podman here: ``--runtime <runc> --cgroup-manager=cgroupfs`` (no systemd), a containers.conf with
``default_ulimits = []`` (raising the open-files limit is refused in these VMs), ``--network host``
for the build's downloads and for the container to reach the fake Bot API on 127.0.0.1, and the
host's CA bundle as the build secret ``ca-bundle`` (the proxy here re-signs TLS). Without systemd
podman cannot schedule the health check on a timer, so the test runs the image's HEALTHCHECK
itself with ``podman healthcheck run`` until it passes.

Skipped, with the reason, when podman or mmdebstrap is not installed or cannot bootstrap or run
a container here (Debian: ``apt-get install -y mmdebstrap podman runc``); with
RELEASE_BOT_REQUIRE_IMAGE=1 (set by .ci/run, which installs them) that is a failure instead.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fake_bot_api import FakeBotApi

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
IGNOREFILE = REPO / "deploy" / "Dockerfile.dockerignore"
REQUIRE_ENV = "RELEASE_BOT_REQUIRE_IMAGE"
INSTALL_HINT = "Debian: apt-get install -y mmdebstrap podman runc"
BASE_REPOSITORY = "localhost/release-bot-test-base"
UID = 10001

SUITE = "bookworm"
MIRRORS = [
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
]
# What debuerreotype leaves out of Docker's debian:*-slim images, and its apt settings.
SLIM_DPKG_OPTIONS = [
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/groff/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/linda/*",
    "path-exclude=/usr/share/lintian/overrides/*",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/man/*",
]
SLIM_APT_CONF = {
    "docker-clean": (
        'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb'
        ' /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
        'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb'
        ' /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
        'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n'
    ),
    "docker-no-languages": 'Acquire::Languages "none";\n',
    "docker-autoremove-suggests": 'Apt::AutoRemove::SuggestsImportant "false";\n',
}
# The image config Docker's debian images carry.
IMPORT_CHANGES = [
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    'CMD ["bash"]',
]

# caps for a failing machine; a cold run takes about 45 s in all, a warm one about 25 s
BOOTSTRAP_TIMEOUT = 180
BUILD_TIMEOUT = 300
HEALTHY_WITHIN = 60
ANSWER_WITHIN = 30


def unavailable(reason: str) -> None:
    """Skip (or fail under RELEASE_BOT_REQUIRE_IMAGE=1) because the machine cannot do this."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
    pytest.skip(reason)


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def ca_bundle_file() -> Path | None:
    """The host's CA bundle (the one pip here trusts), for the build's download from PyPI."""
    for candidate in (
        os.environ.get("PIP_CERT"),
        os.environ.get("SSL_CERT_FILE"),
        "/etc/ssl/certs/ca-certificates.crt",
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Podman:
    """podman with the global options and containers.conf this machine needs."""

    binary: str
    runtime: str | None
    env: dict[str, str]

    @property
    def argv(self) -> list[str]:
        argv = [self.binary]
        if self.runtime:
            argv += ["--runtime", self.runtime]
        return [*argv, "--cgroup-manager=cgroupfs"]

    def __call__(
        self, *args: str, timeout: float = 60, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [*self.argv, *args]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=self.env, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(command)} exited {result.returncode}:\n"
                f"stderr:\n{tail(result.stderr)}\nstdout:\n{tail(result.stdout)}"
            )
        return result


# --------------------------------------------------------------------------- the base image


def cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "release-bot-image"


def bootstrap_command(target: Path, apt_conf_dir: Path) -> list[str]:
    command = ["mmdebstrap", "--variant=minbase", "--format=tar", "--quiet"]
    # merged /usr set up by mmdebstrap, with usr-is-merged instead of usrmerge (and its Perl),
    # as in debian:bookworm-slim
    command.append("--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr")
    command += [f"--dpkgopt={option}" for option in SLIM_DPKG_OPTIONS]
    for name in SLIM_APT_CONF:
        command.append(f"--customize-hook=upload {apt_conf_dir / name} /etc/apt/apt.conf.d/{name}")
    # docker-clean keeps apt's clean-up from emptying the cache; do what it would have done
    command.append(
        '--customize-hook=rm -f "$1"/var/cache/apt/archives/*.deb "$1"/var/cache/apt/*.bin'
    )
    return [*command, SUITE, str(target), *MIRRORS]


def base_key() -> str:
    """UTC date plus a hash of everything that shapes the bootstrap."""
    command = bootstrap_command(Path("TARGET"), Path("APT-CONF"))
    recipe = json.dumps([command, SLIM_APT_CONF, IMPORT_CHANGES], sort_keys=True)
    day = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")
    return f"{SUITE}-{day}-{hashlib.sha256(recipe.encode()).hexdigest()[:10]}"


def bootstrap_tarball(folder: Path, key: str) -> tuple[Path, float | None]:
    """The cached base tarball for `key`, made with mmdebstrap when missing (seconds taken)."""
    tarball = folder / f"base-{key}.tar"
    if tarball.is_file():
        return tarball, None
    apt_conf_dir = folder / f"apt-conf-{key}"
    apt_conf_dir.mkdir(exist_ok=True)
    for name, text in SLIM_APT_CONF.items():
        (apt_conf_dir / name).write_text(text)
    partial = folder / f".base-{key}.{os.getpid()}.tar"
    started = time.monotonic()
    try:
        result = subprocess.run(
            bootstrap_command(partial, apt_conf_dir),
            capture_output=True,
            text=True,
            timeout=BOOTSTRAP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        partial.unlink(missing_ok=True)
        unavailable(f"mmdebstrap did not finish within {BOOTSTRAP_TIMEOUT}s")
    finally:
        shutil.rmtree(apt_conf_dir, ignore_errors=True)
    if result.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        unavailable(
            f"mmdebstrap could not bootstrap {SUITE} (exit {result.returncode}):\n"
            + tail(result.stderr or result.stdout, 15)
        )
    partial.rename(tarball)  # atomic: a concurrent run sees the whole file or none
    for old in folder.glob("base-*.tar"):
        if old != tarball:
            old.unlink(missing_ok=True)
    return tarball, time.monotonic() - started


def base_image(podman: Podman, timings: dict[str, float]) -> str:
    """A Debian bookworm minbase image in podman's store, imported from the cached tarball."""
    if shutil.which("mmdebstrap") is None:
        unavailable(f"mmdebstrap is not installed ({INSTALL_HINT})")
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = base_key()
    name = f"{BASE_REPOSITORY}:{key}"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one bootstrap at a time on this machine
        if podman("image", "exists", name, check=False).returncode == 0:
            return name
        tarball, seconds = bootstrap_tarball(folder, key)
        if seconds is not None:
            timings["bootstrap (mmdebstrap)"] = seconds
        started = time.monotonic()
        changes = [arg for change in IMPORT_CHANGES for arg in ("--change", change)]
        podman("import", *changes, str(tarball), name, timeout=180)
        timings["podman import"] = time.monotonic() - started
        listed = podman("images", "--format", "{{.Repository}}:{{.Tag}}", BASE_REPOSITORY)
        for old in listed.stdout.split():
            if old != name:
                podman("rmi", old, check=False)  # still in use elsewhere: leave it
    return name


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def podman(tmp_path_factory: pytest.TempPathFactory) -> Podman:
    binary = shutil.which("podman")
    if binary is None:
        unavailable(f"podman is not installed ({INSTALL_HINT})")
    runtime = next(
        (
            path
            for path in ("/usr/sbin/runc", shutil.which("runc"))
            if path and os.path.exists(path)
        ),
        None,
    )
    conf = tmp_path_factory.mktemp("podman") / "containers.conf"
    conf.write_text("[containers]\ndefault_ulimits = []\n")
    env = {**os.environ, "CONTAINERS_CONF": str(conf)}
    tool = Podman(binary, runtime, env)
    info = tool("info", "--format", "{{.Host.OCIRuntime.Name}}", check=False)
    if info.returncode != 0:
        unavailable(f"podman cannot run here: {tail(info.stderr, 5)}")
    return tool


@dataclass
class BuiltImage:
    name: str
    base: str
    timings: dict[str, float]


@pytest.fixture(scope="module")
def image(podman: Podman) -> Iterator[BuiltImage]:
    timings: dict[str, float] = {}
    base = base_image(podman, timings)
    probe = podman("run", "--rm", "--network", "host", base, "true", check=False)
    if probe.returncode != 0:
        unavailable(f"podman cannot start a container here: {tail(probe.stderr, 5)}")

    name = f"localhost/release-bot-test:{uuid.uuid4().hex[:12]}"
    build = [
        "build",
        "--format", "docker",  # keeps HEALTHCHECK (the OCI format has none)
        "--layers=false",  # build every step, leave no intermediate images
        "--pull=never",
        "--network", "host",
        "--ignorefile", str(IGNOREFILE),
        "--build-arg", f"BASE_IMAGE={base}",
        "-f", str(DOCKERFILE),
        "-t", name,
    ]  # fmt: skip
    ca_bundle = ca_bundle_file()
    if ca_bundle is not None:
        build += ["--secret", f"id=ca-bundle,src={ca_bundle}"]
    started = time.monotonic()
    podman(*build, str(REPO), timeout=BUILD_TIMEOUT)
    timings["podman build"] = time.monotonic() - started
    try:
        yield BuiltImage(name, base, timings)
    finally:
        podman("rmi", "--force", name, check=False)
        print("\nimage test timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))


# --------------------------------------------------------------------------- tests


def image_config(podman: Podman, name: str) -> dict:
    (inspected,) = json.loads(podman("image", "inspect", name).stdout)
    return inspected


def test_image_is_debian_bookworm_with_debians_python(podman: Podman, image: BuiltImage) -> None:
    inspected = image_config(podman, image.name)
    config = inspected["Config"]
    assert config["User"] == f"{UID}:{UID}"
    assert config["Entrypoint"] == ["release-bot"] and config["Cmd"] == ["run"]
    assert "/var/lib/release-bot" in config["Volumes"]
    # podman shows the Docker-format HEALTHCHECK beside Config
    assert inspected["Healthcheck"]["Test"] == ["CMD", "release-bot", "healthcheck"]
    assert "8080/tcp" in config["ExposedPorts"]

    script = (
        ". /etc/os-release && echo $VERSION_CODENAME"
        " && readlink -f /opt/release-bot/bin/python"
        " && dpkg-query -W -f '${Package} ${Version}\\n' python3 python3.11"
        " && python3 -c 'import sys; print(sys.version.split()[0])'"
        " && (/opt/release-bot/bin/python -m pip --version 2>&1 || true)"
        " && (command -v gcc || echo no-gcc)"
    )
    result = podman(
        "run", "--rm", "--network", "host", "--entrypoint", "sh", image.name, "-c", script
    )
    lines = result.stdout.splitlines()
    assert lines[0] == SUITE, lines
    assert lines[1] == "/usr/bin/python3.11", "the virtual environment runs Debian's python3.11"
    assert lines[2].startswith("python3 3.11") and lines[3].startswith("python3.11 3.11"), lines
    assert lines[4].startswith("3.11."), lines
    assert "No module named pip" in lines[5], "pip is removed from the runtime environment"
    assert lines[6] == "no-gcc"


def test_container_turns_healthy_and_answers_a_question(
    podman: Podman, image: BuiltImage, tmp_path: Path
) -> None:
    port = free_port()
    token_file = tmp_path / "telegram_bot_token"
    name = f"release-bot-test-{uuid.uuid4().hex[:12]}"
    with FakeBotApi() as api:
        token_file.write_text(api.token)
        token_file.chmod(0o644)  # the container runs as uid 10001
        run = [
            "run", "--detach", "--name", name,
            "--network", "host",
            "--init",  # as compose.yaml's init: true (catatonit forwards SIGTERM)
            # no systemd to run the check on a timer: the test runs it (podman healthcheck run)
            "--health-interval", "disable",
            # as compose.yaml runs it: read-only root, no capabilities, no new privileges
            "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "-v", f"{token_file}:/run/secrets/telegram_bot_token:ro",
            "-e", "TELEGRAM_BOT_TOKEN_FILE=/run/secrets/telegram_bot_token",
            "-e", f"TELEGRAM_API_BASE_URL={api.base_url}",
            "-e", "RELEASE_BOT_LISTEN=127.0.0.1",
            "-e", f"RELEASE_BOT_PORT={port}",
            "-e", f"RELEASE_BOT_HEALTH_PORT={port}",
            image.name,
        ]  # fmt: skip
        started = time.monotonic()
        podman(*run)
        try:
            wait_healthy(podman, name, started)
            image.timings["container healthy after"] = time.monotonic() - started
            status = podman("inspect", "--format", "{{.State.Health.Status}}", name)
            assert status.stdout.strip() == "healthy"

            asked = time.monotonic()
            api.push_update(api.private_message(4242, "Who met whom?"))
            try:
                (call,) = api.wait_for_sync(
                    "sendMessage", lambda p: p["chat_id"] == 4242, timeout=ANSWER_WITHIN
                )
            except AssertionError as error:
                raise AssertionError(f"{error}\n{logs(podman, name)}") from None
            image.timings["question answered in"] = time.monotonic() - asked
            text = call.params["text"]
            assert "Konovalov" in text and "Häkkänen" in text, text

            # the health endpoint the HEALTHCHECK probes, from outside the container
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                assert r.status == 200

            podman("stop", "--time", "20", name, timeout=40)
            exit_code = podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout
            assert exit_code.strip() == "0", f"exit {exit_code.strip()}\n{logs(podman, name)}"
            assert "Traceback" not in logs(podman, name)
        finally:
            podman("rm", "--force", "--volumes", name, check=False)


def wait_healthy(podman: Podman, name: str, started: float) -> None:
    """Run the image's HEALTHCHECK until it passes; fail with the container's log if it does not."""
    while True:
        check = podman("healthcheck", "run", name, check=False)
        if check.returncode == 0:
            return
        state = podman("inspect", "--format", "{{.State.Status}}", name, check=False).stdout
        if state.strip() not in {"running", "created", "configured"}:
            raise AssertionError(f"the container stopped ({state.strip()}):\n{logs(podman, name)}")
        if time.monotonic() - started > HEALTHY_WITHIN:
            raise AssertionError(
                f"not healthy within {HEALTHY_WITHIN}s: {check.stdout}{check.stderr}\n"
                + logs(podman, name)
            )
        time.sleep(0.5)


def logs(podman: Podman, name: str) -> str:
    with contextlib.suppress(subprocess.TimeoutExpired):
        result = podman("logs", name, check=False, timeout=20)
        return f"container log:\n{tail(result.stdout + result.stderr, 60)}"
    return "container log: (podman logs timed out)"
