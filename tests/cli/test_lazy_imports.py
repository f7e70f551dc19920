"""Commands load only what they use: `ask` and `check` never import Telegram, the HTTP server,
the database layer or the metrics library; `report` needs the database but not Telegram."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HEAVY = ("telegram", "tornado", "sqlalchemy", "prometheus_client", "httpx")
PROBE = """
import contextlib, io, json, sys
from bot.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def imported_by(*argv: str, data_dir: Path | None = None) -> tuple[int, str, set[str]]:
    """Run the real command in a fresh interpreter; its exit code, output and loaded modules."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASE_BOT_")}
    if data_dir is not None:
        env["RELEASE_BOT_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return data["code"], data["out"], {name.split(".")[0] for name in data["modules"]}


@pytest.mark.parametrize("argv", [["ask", "who met whom"], ["check"]])
def test_ask_and_check_import_nothing_of_the_bot_edge(argv: list[str]) -> None:
    code, out, modules = imported_by(*argv)
    assert code == 0 and out  # it really answered / checked
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))


def test_report_imports_the_database_layer_but_not_telegram(tmp_path: Path) -> None:
    code, out, modules = imported_by("report", "--json", data_dir=tmp_path)
    assert code == 0 and json.loads(out)["groups"] is not None
    assert "sqlalchemy" in modules
    assert modules.isdisjoint({"telegram", "tornado", "prometheus_client"})
