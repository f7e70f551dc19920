"""The lock files: every dependency of pyproject.toml pinned, each with its hashes, so CI and
the image install exactly what was reviewed (pip --require-hashes refuses anything else)."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(lock: str) -> dict[str, str]:
    """Package -> the text of its entry (the pin, its hashes and its 'via' lines)."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {normalised(entry.split("==")[0]): entry for entry in entries if "==" in entry}


def requirements(names: list[str]) -> set[str]:
    return {normalised(_NAME.match(spec).group(0)) for spec in names if _NAME.match(spec)}


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [
        ("requirements.lock", requirements(PYPROJECT["project"]["dependencies"])),
        (
            "requirements-test.lock",
            requirements(
                PYPROJECT["project"]["dependencies"]
                + PYPROJECT["project"]["optional-dependencies"]["test"]
            ),
        ),
    ],
)
def test_every_dependency_is_pinned_with_hashes(lock: str, wanted: set[str]) -> None:
    entries = pinned(lock)
    assert wanted <= set(entries), sorted(wanted - set(entries))
    for name, entry in entries.items():
        assert "--hash=sha256:" in entry, f"{lock}: {name} has no hash"


def test_ci_and_the_image_install_from_the_locks() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements-test.lock" in ci
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes" in dockerfile and "requirements.lock" in dockerfile
