"""Checks for the deployment files under deploy/.

Two kinds of checks:

* the real linters/validators: hadolint (Dockerfile), kubernetes-validate (Kubernetes
  manifests), ``systemd-analyze verify`` and ``security --offline`` (systemd unit);
* plain-Python assertions for regressions no linter notices: a root final image stage, a
  missing HEALTHCHECK, a single-replica Deployment, probes on the wrong path, a token taken
  from a ConfigMap, a compose default that is not polling, a misspelt setting name, ...

A tool that is not installed makes its test skip with the reason; a tool that is installed
but fails makes the test fail.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
import yaml

from bot.settings import VARIABLE_NAMES

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = DEPLOY / "Dockerfile.dockerignore"
COMPOSE = DEPLOY / "compose.yaml"
UNIT = DEPLOY / "release-bot.service"
UNIT_ENV_EXAMPLE = DEPLOY / "release-bot.env.example"
DOTENV_EXAMPLE = DEPLOY / ".env.example"
K8S = DEPLOY / "kubernetes"
KUSTOMIZATION = K8S / "kustomization.yaml"

# Kubernetes version the manifests are validated against. Pinned so a newer
# kubernetes-validate does not silently change what "valid" means; needs
# kubernetes-validate >= 1.35 (its schemas go up to its own version).
KUBERNETES_VERSION = "1.35.0"

# Every setting the application reads (bot.settings). Any TELEGRAM_* / RELEASE_BOT_* name used in
# deploy/ must be one of these (catches typos such as RELEASE_BOT_WEBHOOK_SECERT,
# which the bot would silently ignore).
DOCUMENTED_SETTINGS = VARIABLE_NAMES
# Environment variables for the Python interpreter / pip, not for the bot.
INTERPRETER_ENV = frozenset(
    {
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "PIP_DISABLE_PIP_VERSION_CHECK",
        "PIP_NO_CACHE_DIR",
    }
)
SECRET_SETTINGS = frozenset(
    {"TELEGRAM_BOT_TOKEN", "RELEASE_BOT_WEBHOOK_SECRET", "RELEASE_BOT_DATABASE_URL"}
)
DATA_DIR = "/var/lib/release-bot"
HTTP_PORT = 8080
APP_LABEL = ("app.kubernetes.io/name", "release-bot")

SETTING_NAME_RE = re.compile(r"\b(?:TELEGRAM|RELEASE_BOT)_[A-Z0-9_]+\b")
# Shape of a real bot token (<bot id>:<35 chars>); no deploy file may contain one.
BOT_TOKEN_RE = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b")


# --------------------------------------------------------------------------- helpers


def find_tool(name: str) -> str | None:
    """A tool on PATH, or next to the running interpreter (the virtualenv's bin/)."""
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(sys.executable).parent / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


def require_tool(name: str) -> str:
    tool = find_tool(name)
    if tool is None:
        pytest.skip(f"{name} is not installed (not on PATH nor next to {sys.executable})")
    return tool


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, **kwargs)


def deploy_text_files() -> list[Path]:
    """Every text file under deploy/."""
    files = [p for p in sorted(DEPLOY.rglob("*")) if p.is_file()]
    assert files, "deploy/ is empty"
    return files


def k8s_manifests() -> list[Path]:
    """Kubernetes API objects (kustomization.yaml is kustomize's config, not an API object)."""
    manifests = sorted(p for p in K8S.glob("*.yaml") if p != KUSTOMIZATION)
    assert manifests, "no manifests in deploy/kubernetes"
    return manifests


def k8s_docs() -> list[tuple[Path, dict]]:
    docs = []
    for path in k8s_manifests():
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                docs.append((path, doc))
    return docs


def k8s_object(kind: str) -> dict:
    found = [doc for _, doc in k8s_docs() if doc["kind"] == kind]
    assert len(found) == 1, f"expected exactly one {kind}, found {len(found)}"
    return found[0]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comments may sit between continuation lines
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, args = line.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends inside a line continuation"
    return instructions


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, args))
    return stages


def env_pairs(args: str) -> dict[str, str]:
    """Arguments of ENV/LABEL in KEY=VALUE form."""
    pairs = {}
    for token in shlex.split(args):
        key, sep, value = token.partition("=")
        assert sep, f"use KEY=VALUE form, not {args!r}"
        pairs[key] = value
    return pairs


def load_compose() -> dict:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict) and data.get("services"), "compose.yaml has no services"
    return data


def compose_env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {key: str(value) for key, value in env.items()}


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """systemd unit as {section: {key: [values...]}} (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: setting outside a section: {line}"
        assert not line.endswith("\\"), "keep unit lines unwrapped so tests can read them"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=VALUE: {line}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def env_file_keys(path: Path) -> tuple[set[str], set[str]]:
    """(active keys, all keys incl. commented-out examples) of a KEY=VALUE env file."""
    active, every = set(), set()
    for raw in path.read_text().splitlines():
        line = raw.strip()
        m = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=", line)
        if m:
            every.add(m.group(2))
            if not m.group(1):
                active.add(m.group(2))
    return active, every


def container_port(container: dict, port: int | str) -> int:
    if isinstance(port, int):
        return port
    by_name = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    assert port in by_name, f"named port {port!r} is not declared by the container"
    return by_name[port]


# --------------------------------------------------------------------------- Dockerfile


def test_hadolint_dockerfile(tmp_path: Path) -> None:
    hadolint = require_tool("hadolint")
    # Run from an empty directory with an empty HOME/XDG_CONFIG_HOME so a stray
    # .hadolint.yaml elsewhere cannot relax the rules; no rule is ignored.
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    result = run(
        [hadolint, "--no-color", "--failure-threshold", "warning", str(DOCKERFILE)],
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, f"hadolint:\n{result.stdout}{result.stderr}"


def dockerfile_global_args() -> dict[str, str]:
    """Defaults of the ARGs declared before the first FROM (the ones a FROM line may use)."""
    defaults: dict[str, str] = {}
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            break
        if keyword == "ARG":
            name, _, default = args.partition("=")
            defaults[name.strip()] = default.strip().strip("\"'")
    return defaults


# Docker's Debian bookworm slim images: debian:bookworm-slim, debian:bookworm-20250520-slim,
# debian:12-slim, debian:12.11-slim, optionally pinned to a digest; never :latest.
DEBIAN_SLIM_RE = re.compile(
    r"debian:(?:bookworm(?:-\d{8})?|12(?:\.\d+)?)-slim(?:@sha256:[0-9a-f]{64})?"
)


def test_dockerfile_is_multi_stage_on_debian_bookworm_slim_with_debians_python() -> None:
    stages = dockerfile_stages()
    assert len(stages) >= 2, "expected a builder stage and a runtime stage"
    defaults = dockerfile_global_args()
    names: list[str] = []
    bases: set[str] = set()
    for stage in stages:
        words = stage[0][1].split()
        image = next(w for w in words if not w.startswith("--"))
        if image not in names:  # not FROM <earlier stage>
            resolved = re.sub(
                r"\$\{(\w+)\}|\$(\w+)",
                lambda m: defaults.get(m[1] or m[2], m[0]),
                image,
            )
            assert "$" not in resolved, f"FROM {image}: the build argument needs a default"
            assert DEBIAN_SLIM_RE.fullmatch(resolved), (
                f"base image {resolved!r} must be Debian bookworm slim (debian:bookworm-slim, "
                "debian:bookworm-<date>-slim or debian:12[.N]-slim), never :latest"
            )
            bases.add(image)
        if len(words) >= 3 and words[-2].upper() == "AS":
            names.append(words[-1])
    assert len(bases) == 1, f"every stage starts from one base (a build argument names it): {bases}"

    runs = [args for stage in stages for kw, args in stage if kw == "RUN"]
    # Debian's own Python from the archive, not a python:* image or a python.org build.
    assert any(
        re.search(r"apt-get install\b.*\bpython3(=\S+)?\s.*\bpython3-venv\b", args) for args in runs
    ), "install Debian's python3 and python3-venv with apt-get"
    builder_runs = " ".join(args for stage in stages[:-1] for kw, args in stage if kw == "RUN")
    assert "pip wheel" in builder_runs, "a builder stage must build the wheel(s)"
    final_from = stages[-1][0][1].split()
    assert next(w for w in final_from if not w.startswith("--")) in names, (
        "the runtime stage starts from the Debian Python stage, not from a second base"
    )


def test_dockerfile_final_stage_runtime_properties() -> None:
    final = dockerfile_stages()[-1]
    users = [args for kw, args in final if kw == "USER"]
    assert users, "final stage must switch to a non-root USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}, f"final stage runs as {users[-1]!r}"
    assert user.isdigit(), "use a fixed numeric uid so Kubernetes runAsNonRoot can verify it"

    healthchecks = [args for kw, args in final if kw == "HEALTHCHECK"]
    assert healthchecks, "final stage needs a HEALTHCHECK"
    assert re.search(r'CMD \["release-bot",\s*"healthcheck"\]', healthchecks[-1]), healthchecks

    exposed = " ".join(args for kw, args in final if kw == "EXPOSE").split()
    assert str(HTTP_PORT) in exposed

    env: dict[str, str] = {}
    for kw, args in final:
        if kw == "ENV":
            env.update(env_pairs(args))
    assert env.get("PYTHONDONTWRITEBYTECODE") == "1"
    assert env.get("PYTHONUNBUFFERED") == "1"
    assert env.get("RELEASE_BOT_DATA_DIR") == DATA_DIR
    assert env.get("RELEASE_BOT_PORT") == str(HTTP_PORT)
    volumes = " ".join(args for kw, args in final if kw == "VOLUME")
    assert DATA_DIR in volumes, "the data directory must be a volume"

    # Only wheels reach the final stage: no source tree, no build tools.
    for kw, args in final:
        if kw in {"COPY", "ADD"}:
            pytest.fail(f"final stage copies files ({kw} {args}); install wheels only")
        if kw == "RUN":
            assert not re.search(r"apt-get|apk |gcc|build-essential|hatch", args), args
            if "pip install" in args:
                assert "--no-index" in args and ".whl" in args, args
    assert [a for kw, a in final if kw == "ENTRYPOINT"] == ['["release-bot"]']


def test_dockerfile_has_no_baked_in_secrets() -> None:
    for kw, args in dockerfile_instructions():
        if kw in {"ARG", "ENV"}:
            names = set(env_pairs(args)) if "=" in args else set(args.split())
            leaked = names & SECRET_SETTINGS
            assert not leaked, f"{kw} {args}: secrets must come from run time, not the image"
            assert not any("TOKEN" in n or "SECRET" in n for n in names), f"{kw} {args}"


def test_dockerignore_excludes_clutter_but_not_sources() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for required in [".venv", ".git", "tests", ".pytest_cache", "**/__pycache__", ".env"]:
        assert required in patterns, f"{DOCKERIGNORE.name} should exclude {required}"
    # What the builder stage COPYs must stay in the context.
    for needed in ["pyproject.toml", "README.md", "bot/cli/__init__.py", "knowledge/x.yaml"]:
        for pattern in patterns:
            if pattern.startswith("!"):
                continue
            hit = fnmatch.fnmatch(needed, pattern) or PurePosixPath(needed).parts[0] == pattern
            assert not hit, f"{pattern!r} would drop {needed} from the build context"


# --------------------------------------------------------------------------- Compose


def test_compose_default_service_polls_once() -> None:
    compose = load_compose()
    services = compose["services"]
    default = {name: svc for name, svc in services.items() if not svc.get("profiles")}
    assert len(default) == 1, f"exactly one service must start by default, got {list(default)}"
    (service,) = default.values()

    command = service.get("command")
    assert command == ["run"], f"default service must run polling mode, got {command!r}"
    env = compose_env(service)
    assert env.get("RELEASE_BOT_MODE", "polling") == "polling"
    assert "replicas" not in (service.get("deploy") or {}), "polling must not be scaled"
    assert service.get("env_file"), "settings come from an env_file"
    assert service.get("restart") in {"unless-stopped", "always", "on-failure"}
    assert service.get("read_only") is True
    assert any(str(t).split(":")[0] == "/tmp" for t in service.get("tmpfs", []))
    test = service["healthcheck"]["test"]
    assert test[1:] == ["release-bot", "healthcheck"], test

    named_volumes = set(compose.get("volumes") or {})
    mounts = [str(v).split(":") for v in service.get("volumes", [])]
    assert [src for src, dst, *_ in mounts if dst == DATA_DIR and src in named_volumes], (
        "the data dir must be a named volume"
    )
    assert env.get("RELEASE_BOT_DATA_DIR", DATA_DIR) == DATA_DIR


def test_compose_secrets_come_from_files() -> None:
    compose = load_compose()
    declared = compose.get("secrets") or {}
    for name, service in compose["services"].items():
        env = compose_env(service)
        assert not SECRET_SETTINGS & set(env), f"{name}: pass secrets as *_FILE, not values"
        used = {s if isinstance(s, str) else s["source"] for s in service.get("secrets", [])}
        assert used <= set(declared), f"{name}: undeclared secrets {used - set(declared)}"
        token_file = env.get("TELEGRAM_BOT_TOKEN_FILE", "")
        assert token_file.startswith("/run/secrets/"), f"{name}: token must come from a secret"
        assert PurePosixPath(token_file).name in used, f"{name}: {token_file} is not mounted"
        if env.get("RELEASE_BOT_MODE") == "webhook":
            secret_file = env.get("RELEASE_BOT_WEBHOOK_SECRET_FILE", "")
            assert PurePosixPath(secret_file).name in used, f"{name}: webhook secret missing"
            assert "--webhook" in service.get("command", [])
    for name, secret in declared.items():
        assert "file" in secret, f"secret {name} should be a file on the host"
        assert (COMPOSE.parent / secret["file"]).resolve().is_relative_to(DEPLOY / "secrets")
    build = next(iter(compose["services"].values()))["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    gitignore = (DEPLOY / ".gitignore").read_text().split()
    assert "secrets/" in gitignore and ".env" in gitignore


# --------------------------------------------------------------------------- systemd


def _unit_copy_with_existing_binary(tmp_path: Path) -> Path:
    """The unit with ExecStart's binary replaced by one that exists here.

    `systemd-analyze verify` fails when ExecStart's executable is missing, and
    /usr/local/bin/release-bot only exists where the wheel is installed. Everything
    else (every other key, the arguments, the file name) is verified unchanged.
    """
    text = UNIT.read_text()
    binary = parse_unit(UNIT)["Service"]["ExecStart"][0].split()[0]
    assert text.count(f"ExecStart={binary} ") == 1
    copy = tmp_path / UNIT.name
    copy.write_text(text.replace(f"ExecStart={binary} ", f"ExecStart={sys.executable} "))
    return copy


def _unit_messages(result: subprocess.CompletedProcess[str]) -> list[str]:
    # verify exits 0 even for unknown keys or unparsable values ("..., ignoring"),
    # so any message about our unit counts as a failure. Other lines are noise
    # from the environment (e.g. no running systemd in a container).
    return [line for line in (result.stdout + result.stderr).splitlines() if UNIT.name in line]


def test_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = require_tool("systemd-analyze")
    copy = _unit_copy_with_existing_binary(tmp_path)
    result = run([analyze, "verify", "--man=no", str(copy)])
    messages = _unit_messages(result)
    assert result.returncode == 0 and not messages, "\n".join(
        messages or [result.stdout, result.stderr]
    )

    binary = parse_unit(UNIT)["Service"]["ExecStart"][0].split()[0]
    if Path(binary).exists():  # the real unit too, where the bot is installed
        result = run([analyze, "verify", "--man=no", str(UNIT)])
        assert result.returncode == 0 and not _unit_messages(result), result.stderr


def test_systemd_security_exposure(tmp_path: Path) -> None:
    analyze = require_tool("systemd-analyze")
    copy = _unit_copy_with_existing_binary(tmp_path)
    # Exposure is 0.0 (locked down) .. 10.0 (unsandboxed); threshold is 10x that.
    result = run([analyze, "security", "--offline=yes", "--threshold=20", str(copy)])
    if "--offline" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("this systemd-analyze has no `security --offline` (needs systemd >= 250)")
    assert result.returncode == 0, f"exposure above 2.0:\n{result.stdout[-3000:]}"


def test_systemd_unit_settings() -> None:
    unit = parse_unit(UNIT)
    service = unit["Service"]

    def one(key: str) -> str:
        values = service.get(key)
        assert values, f"[Service] {key}= is missing"
        return values[-1]

    exec_start = one("ExecStart").split()
    assert exec_start[0] == "/usr/local/bin/release-bot" and exec_start[1:] == ["run"]
    assert one("ExecReload") == "/bin/kill -HUP $MAINPID"
    assert one("Restart") == "on-failure"
    assert one("RestartSec")
    assert one("TimeoutStopSec")
    assert one("EnvironmentFile") == "/etc/release-bot/release-bot.env"
    assert one("StateDirectory") == "release-bot"
    assert one("DynamicUser") == "yes" or one("User") not in {"root", "0"}
    expected = {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "ProtectKernelLogs": "yes",
        "ProtectControlGroups": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "RestrictNamespaces": "yes",
        "LockPersonality": "yes",
        "MemoryDenyWriteExecute": "yes",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }
    for key, value in expected.items():
        assert one(key) == value, f"{key}={one(key)!r}, expected {value!r}"
    assert "@system-service" in service["SystemCallFilter"]
    # The data dir the app uses is the StateDirectory systemd creates.
    env = dict(v.partition("=")[::2] for v in service.get("Environment", []))
    assert env.get("RELEASE_BOT_DATA_DIR") == "%S/release-bot"
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_memory_deny_write_execute_is_safe_for_the_dependencies() -> None:
    """MemoryDenyWriteExecute=yes breaks code that needs W+X memory (JITs).

    CPython 3.11 has no JIT; this imports and exercises the bot's dependencies from
    the current environment under the kernel's equivalent prctl(PR_SET_MDWE,
    PR_MDWE_REFUSE_EXEC_GAIN) and expects no failure.
    """
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_MDWE is Linux-only")
    script = r"""
import asyncio, ctypes, sqlite3, ssl, sys
if ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
    sys.exit(77)
import dotenv, httpx, prometheus_client, psycopg, rapidfuzz.fuzz, rapidfuzz.process
import snowballstemmer, sqlalchemy
import telegram, telegram.ext, tornado.web, yaml
assert rapidfuzz.process.extractOne("moscow visit", ["visit to Moscow", "budget"])[0]
assert snowballstemmer.stemmer("finnish").stemWords(["ministeriö"])
assert yaml.load("a: [1, 2]", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
db = sqlite3.connect(":memory:")
db.execute("create table q(x)")
db.execute("insert into q values (1)")
ssl.create_default_context()
prometheus_client.generate_latest()
telegram.ext.ApplicationBuilder().token("1:x").build()
asyncio.run(asyncio.sleep(0))
"""
    result = run([sys.executable, "-c", script])
    if result.returncode == 77:
        pytest.skip("kernel without PR_SET_MDWE (Linux < 6.3)")
    if result.returncode != 0 and "ModuleNotFoundError" in result.stderr:
        pytest.skip(f"dependencies not installed here: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- Kubernetes


def test_kubernetes_validate_strict() -> None:
    tool = require_tool("kubernetes-validate")
    result = run(
        [tool, "--strict", "--kubernetes-version", KUBERNETES_VERSION]
        + [str(p) for p in k8s_manifests()]
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # A kind without a schema only WARNs; make that a failure, not a silent pass.
    assert "WARN" not in output and "ERROR" not in output, output


def test_kustomization_lists_the_manifests() -> None:
    kustomization = yaml.safe_load(KUSTOMIZATION.read_text())
    resources = kustomization["resources"]
    for name in resources:
        assert (K8S / name).is_file(), f"{name} listed in kustomization.yaml does not exist"
    expected = sorted(p.name for p in k8s_manifests() if not p.name.endswith(".example.yaml"))
    assert sorted(resources) == expected, "examples stay out; every real manifest is listed"

    kubectl = find_tool("kubectl")
    if kubectl is None:
        return  # rendering is a bonus; the list check above already ran
    result = run([kubectl, "kustomize", str(K8S)])
    assert result.returncode == 0, result.stderr
    kinds = [d["kind"] for d in yaml.safe_load_all(result.stdout) if d]
    assert sorted(kinds) == ["ConfigMap", "Deployment", "PodDisruptionBudget", "Service"]


def test_kubernetes_labels_and_selectors() -> None:
    key, value = APP_LABEL
    for path, doc in k8s_docs():
        assert doc["metadata"]["labels"].get(key) == value, f"{path.name}: missing {key}"
        assert "namespace" not in doc["metadata"], f"{path.name}: choose the namespace at apply"
    deployment = k8s_object("Deployment")
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector == {key: value}
    template_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= template_labels.items()
    assert k8s_object("Service")["spec"]["selector"] == selector
    assert k8s_object("PodDisruptionBudget")["spec"]["selector"]["matchLabels"] == selector


def test_kubernetes_deployment() -> None:
    deployment = k8s_object("Deployment")
    spec = deployment["spec"]
    assert spec["replicas"] >= 2, "webhook mode runs at least two replicas"
    assert spec["strategy"]["type"] == "RollingUpdate"
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert not container["image"].endswith(":latest") and ":" in container["image"]
    assert container["args"] == ["run", "--webhook"]

    for probe_name in ("readinessProbe", "livenessProbe"):
        probe = container[probe_name]["httpGet"]
        assert probe["path"] == "/healthz", probe_name
        assert container_port(container, probe["port"]) == HTTP_PORT, probe_name

    resources = container["resources"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(resources[kind]), f"resources.{kind}"

    pod_sc = pod["securityContext"]
    assert pod_sc["runAsNonRoot"] is True
    assert pod_sc["runAsUser"] != 0
    assert pod_sc["seccompProfile"]["type"] == "RuntimeDefault"
    sc = container["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["runAsNonRoot"] is True
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert not sc["capabilities"].get("add")
    assert sc["seccompProfile"]["type"] == "RuntimeDefault"
    assert pod.get("automountServiceAccountToken") is False
    # Service links would set RELEASE_BOT_PORT=tcp://... for the Service named release-bot.
    assert pod.get("enableServiceLinks") is False


def test_kubernetes_settings_come_from_configmap_and_secret() -> None:
    deployment = k8s_object("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    configmap = k8s_object("ConfigMap")
    secret = k8s_object("Secret")

    config_refs = [e["configMapRef"]["name"] for e in container["envFrom"] if "configMapRef" in e]
    assert config_refs == [configmap["metadata"]["name"]]
    assert configmap["data"]["RELEASE_BOT_MODE"] == "webhook"
    assert configmap["data"]["RELEASE_BOT_PORT"] == str(HTTP_PORT)
    assert configmap["data"]["RELEASE_BOT_WEBHOOK_URL"].startswith("https://")
    assert not SECRET_SETTINGS & set(configmap["data"]), "secrets do not belong in a ConfigMap"

    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    env = {e["name"]: e for e in container.get("env", [])}

    def from_secret(setting: str) -> None:
        """`setting` comes from the Secret: secretKeyRef, or a file in a Secret volume."""
        if setting in env and "secretKeyRef" in env[setting].get("valueFrom", {}):
            ref = env[setting]["valueFrom"]["secretKeyRef"]
        else:
            entry = env.get(f"{setting}_FILE")
            assert entry and "value" in entry, f"{setting} must come from the Secret"
            path = PurePosixPath(entry["value"])
            volume = volumes[mounts[str(path.parent)]]
            assert "secret" in volume, f"{path} is not in a Secret volume"
            item = {i["path"]: i["key"] for i in volume["secret"].get("items", [])}
            ref = {"name": volume["secret"]["secretName"], "key": item.get(path.name, path.name)}
        assert ref["name"] == secret["metadata"]["name"]
        assert ref["key"] in secret["stringData"], f"Secret has no key {ref['key']}"

    from_secret("TELEGRAM_BOT_TOKEN")
    from_secret("RELEASE_BOT_WEBHOOK_SECRET")
    for name, entry in env.items():
        assert not (name in SECRET_SETTINGS and "value" in entry), f"{name} as plain value"

    # the bot refuses a folder others may write to, as an emptyDir is: its data folder is one
    # it creates inside the emptyDir
    data_dir = PurePosixPath(configmap["data"]["RELEASE_BOT_DATA_DIR"])
    assert str(data_dir) not in mounts, "the data folder must not be the mount itself"
    assert "emptyDir" in volumes[mounts[str(data_dir.parent)]], "data dir should be in an emptyDir"
    metrics_port = int(configmap["data"]["RELEASE_BOT_METRICS_PORT"])
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == metrics_port
    assert container_port(container, "metrics") == metrics_port
    assert "emptyDir" in volumes[mounts["/tmp"]], "read-only root fs needs a writable /tmp"


def test_kubernetes_service_and_pdb() -> None:
    deployment = k8s_object("Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (port,) = k8s_object("Service")["spec"]["ports"]
    assert container_port(container, port["targetPort"]) == HTTP_PORT
    pdb = k8s_object("PodDisruptionBudget")["spec"]
    assert 1 <= pdb["minAvailable"] < deployment["spec"]["replicas"]


def test_kubernetes_secret_example_has_only_placeholders() -> None:
    secret = k8s_object("Secret")
    assert "data" not in secret, "use stringData with placeholders"
    for key, value in secret["stringData"].items():
        assert "REPLACE" in value or "CHANGE_ME" in value, f"{key} looks like a real value"


# --------------------------------------------------------------------------- settings


def test_only_documented_setting_names_are_used() -> None:
    for path in deploy_text_files():
        unknown = set(SETTING_NAME_RE.findall(path.read_text())) - DOCUMENTED_SETTINGS
        assert not unknown, f"{path.relative_to(REPO)} uses undocumented settings {unknown}"


def test_every_env_key_set_in_deploy_files_is_known() -> None:
    allowed = DOCUMENTED_SETTINGS | INTERPRETER_ENV
    keys: dict[str, set[str]] = {}
    keys["Dockerfile"] = {
        k for kw, args in dockerfile_instructions() if kw == "ENV" for k in env_pairs(args)
    }
    keys["compose.yaml"] = {
        k for svc in load_compose()["services"].values() for k in compose_env(svc)
    }
    (container,) = k8s_object("Deployment")["spec"]["template"]["spec"]["containers"]
    keys["deployment.yaml"] = {e["name"] for e in container.get("env", [])}
    keys["configmap.yaml"] = set(k8s_object("ConfigMap")["data"])
    keys["release-bot.service"] = {
        v.partition("=")[0] for v in parse_unit(UNIT)["Service"].get("Environment", [])
    }
    for example in (UNIT_ENV_EXAMPLE, DOTENV_EXAMPLE):
        keys[example.name] = env_file_keys(example)[1]
    for where, names in keys.items():
        assert names, f"no environment variables found in {where}; parser broken?"
        assert names <= allowed, f"{where}: unknown environment variables {names - allowed}"


@pytest.mark.parametrize("example", [UNIT_ENV_EXAMPLE, DOTENV_EXAMPLE], ids=lambda p: p.name)
def test_env_examples_document_every_setting(example: Path) -> None:
    active, every = env_file_keys(example)
    if example == DOTENV_EXAMPLE:  # compose passes the token as a secret file
        assert "TELEGRAM_BOT_TOKEN" not in active
    missing = DOCUMENTED_SETTINGS - every
    assert not missing, f"{example.name} does not document {sorted(missing)}"
    text = example.read_text()
    for name in DOCUMENTED_SETTINGS:
        # Each setting is explained by a comment right above its line.
        block = text.split(f"{name}=")[0].rstrip().splitlines()
        assert block and block[-1].lstrip().startswith("#"), f"{name} has no comment"
    for line in text.splitlines():
        if re.match(r"^#?\s*(TELEGRAM_BOT_TOKEN|RELEASE_BOT_WEBHOOK_SECRET)=", line):
            assert "REPLACE" in line, f"placeholder expected: {line}"


def test_no_real_secrets_in_deploy_files() -> None:
    for path in deploy_text_files():
        match = BOT_TOKEN_RE.search(path.read_text())
        assert not match, f"{path.relative_to(REPO)} contains what looks like a bot token"


def test_every_setting_is_documented_for_operators() -> None:
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    for setting in sorted(VARIABLE_NAMES):
        assert f"`{setting}" in readme or f"{setting}`" in readme, f"README misses {setting}"
        assert setting in example, f"deploy/.env.example misses {setting}"
