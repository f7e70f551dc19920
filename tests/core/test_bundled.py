"""The bundled knowledge base is found inside an installed wheel and in a source checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import bot.core.bundled
from bot.core.bundled import bundled_knowledge_path
from bot.core.loader import load_library
from tests.conftest import RELEASE_ID, ROOT

PROBE = "from bot.core.bundled import bundled_knowledge_path; print(bundled_knowledge_path())"


def located_in(top: Path, *folders: str) -> Path:
    """Where bundled.py, copied into a package at `top` with `folders` made, says the base is."""
    (top / "bot" / "core").mkdir(parents=True)
    for package in (top / "bot", top / "bot" / "core"):
        (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(bot.core.bundled.__file__, top / "bot" / "core" / "bundled.py")
    for folder in folders:
        (top / folder).mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=top,
        env={"PYTHONPATH": str(top)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def test_this_checkout_uses_its_knowledge_folder() -> None:
    assert bundled_knowledge_path() == ROOT / "knowledge"
    assert RELEASE_ID in {base.id for base in load_library(bundled_knowledge_path())}


def test_an_installed_wheel_uses_its_own_copy(tmp_path: Path) -> None:
    assert located_in(tmp_path, "bot/bundled_knowledge") == tmp_path / "bot" / "bundled_knowledge"


def test_the_wheel_copy_wins_over_a_knowledge_folder_beside_it(tmp_path: Path) -> None:
    found = located_in(tmp_path, "bot/bundled_knowledge", "knowledge")
    assert found == tmp_path / "bot" / "bundled_knowledge"


def test_a_checkout_uses_the_folder_at_its_top(tmp_path: Path) -> None:
    assert located_in(tmp_path, "knowledge") == tmp_path / "knowledge"


def test_with_neither_it_names_the_checkout_folder(tmp_path: Path) -> None:
    assert located_in(tmp_path) == tmp_path / "knowledge"  # for the "no knowledge.yaml" error


def test_the_folder_the_wheel_build_writes_is_the_one_looked_for(tmp_path: Path) -> None:
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    in_wheel = build["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["knowledge"]
    assert located_in(tmp_path, in_wheel, "knowledge") == tmp_path / in_wheel
