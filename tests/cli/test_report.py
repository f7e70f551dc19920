"""`release-bot report` over a real SQLite log: formats, --since, no log, database problems."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.report import add_arguments, parse_since, run
from bot.core.engine import Engine
from bot.questionlog.storage import open_question_log, sqlite_path
from tests.cli.helpers import cli
from tests.questionlog.logged import NOW, _log_questions, _logged


@pytest.fixture
def report_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment `release-bot report` reads; returns the data folder."""
    data_dir = tmp_path / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELEASE_BOT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("RELEASE_BOT_DATABASE_URL", raising=False)
    return data_dir


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="release-bot report")
    add_arguments(parser)
    return parser.parse_args(argv)


def test_command_renders_each_format(
    engine: Engine, report_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log_questions(engine, report_env)

    assert run(_args("--json", "--limit", "1")) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["total_groups"] == 5 and len(document["groups"]) == 1

    assert run(_args("--csv")) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [int(row["count"]) for row in rows] == [5, 4, 3, 1, 1]

    assert run(_args()) == 0
    assert "What's the weather in Moscow?" in capsys.readouterr().out


def test_command_since_filters_by_time(
    engine: Engine, report_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    with open_question_log(None, report_env) as log:
        log.record(_logged("old question about Moscow", asked_at=now - timedelta(days=10)))
        log.record(_logged("new question about Moscow", asked_at=now - timedelta(days=2)))

    for since, expected in [
        ("7d", ["new question about Moscow"]),
        ("3w", ["new question about Moscow", "old question about Moscow"]),
        ((now - timedelta(days=5)).date().isoformat(), ["new question about Moscow"]),
    ]:
        assert run(_args("--json", "--since", since)) == 0
        groups = json.loads(capsys.readouterr().out)["groups"]
        assert sorted(g["question"] for g in groups) == expected, since


def test_command_without_a_log_reports_nothing_and_creates_nothing(
    report_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(report_env / "no-knowledge-here")  # not loaded: there is nothing to name
    assert run(_args("--knowledge", missing)) == 0
    out, err = capsys.readouterr()
    assert "No questions logged" in out and err == ""
    assert not sqlite_path(report_env).exists()
    assert run(_args("--json", "--knowledge", missing)) == 0
    assert json.loads(capsys.readouterr().out)["groups"] == []


def test_command_reports_database_problems(
    report_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELEASE_BOT_DATABASE_URL", "mysql://bot:hunter2@db/q")
    assert run(_args()) == 2
    assert "postgresql://" in capsys.readouterr().err

    monkeypatch.setenv("RELEASE_BOT_DATABASE_URL", "postgresql://bot:hunter2@127.0.0.1:1/q")
    assert run(_args()) == 1
    err = capsys.readouterr().err
    assert "cannot read the question log" in err and "hunter2" not in err


def test_parse_since() -> None:
    assert parse_since("7d", NOW) == NOW - timedelta(days=7)
    assert parse_since("12h", NOW) == NOW - timedelta(hours=12)
    assert parse_since("2W", NOW) == NOW - timedelta(weeks=2)
    assert parse_since("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_since("2024-05-01T10:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_since("2024-05-01T13:00+03:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    for bad in ("yesterday", "7", "7y", "2024-13-01"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_since(bad)


def test_arguments_are_validated(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--json", "--csv"], ["--since", "soon"], ["--limit", "-1"]):
        with pytest.raises(SystemExit) as exit_info:
            _args(*argv)
        assert exit_info.value.code == 2
    capsys.readouterr()
    defaults = _args()
    assert (defaults.since, defaults.json, defaults.csv, defaults.limit) == (None, False, False, 20)


def test_as_a_process_without_a_log(tmp_path: Path) -> None:
    result = cli("report", "--json", env={"RELEASE_BOT_DATA_DIR": str(tmp_path / "data")})
    assert result.code == 0 and json.loads(result.out)["groups"] == []
    assert not (tmp_path / "data").exists()


def test_a_bad_since_exits_2_as_a_process(tmp_path: Path) -> None:
    result = cli("report", "--since", "soon", env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    assert result.code == 2 and "argument --since: 'soon' is not a date" in result.err


def test_help_exits_0() -> None:
    result = cli("report", "--help")
    assert result.code == 0 and "--since" in result.out and "--csv" in result.out
