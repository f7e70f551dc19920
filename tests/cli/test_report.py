"""`release-bot report` over a real SQLite log: formats, --since, no log, database problems."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
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


# -- what people typed, as the report shows it --------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example","weather")\rnext,"row"',  # a formula and a bare CR
    "weather\x1b[2J\x1b]0;pwned\x07 in \x1b[31mMoscow",  # clear the screen, set the title
    "\x1b]8;;http://evil.example\x1b\\minister\x1b]8;;\x1b\\ link",  # a terminal hyperlink
    "line one\nline two\u2028line three\x85line four\tend",  # line breaks of every kind
    "\u202eevil bidi\u202c override\u200f question",  # text that reads backwards
    "nul\x00 bell\x07 delete\x7f c1\x9b31m csi",  # C0, DEL and C1 controls
    "\t=1+1 tab formula",
    " -2+3 spaced formula",
    "+358 is a formula too",
]
# what no line of a report may contain: C0 (except the line break) and C1 controls, DEL, bidi
FORBIDDEN = {chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c != 0x0A}
FORBIDDEN |= set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _hostile_log(data_dir: Path) -> None:
    """The questions as the bot records them, and one row as an older version or another writer
    left it: an unmasked phone number, controls in the release id and the fact id."""
    with open_question_log(None, data_dir) as log:
        for minute, text in enumerate(HOSTILE):
            log.record(_logged(text, asked_at=NOW + timedelta(minutes=minute)))
    with sqlite3.connect(sqlite_path(data_dir)) as db:
        db.execute(
            "INSERT INTO question_log (asked_at, release_id, question, normalized, outcome,"
            " fact_id, score) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                "2024-06-01 13:00:00",
                "release-1\r\x1b[1m",
                "old row: call me on 040 765 4321\r\n=2+2",
                "old row call me on 040 765 4321 2 2",
                "clarify",
                "-meeting\x07",
                50.0,
            ),
        )


def test_report_of_hostile_questions_as_a_process(tmp_path: Path) -> None:
    """`release-bot report --csv`, `--json` and the text table over a real SQLite log: no
    control character, one line per CSV row, every field quoted, formulas defused."""
    data_dir = tmp_path / "data"
    _hostile_log(data_dir)
    env = {"RELEASE_BOT_DATA_DIR": str(data_dir)}

    csv_out = cli("report", "--csv", "--limit", "0", env=env)
    assert csv_out.code == 0, csv_out.err
    assert not FORBIDDEN & set(csv_out.out)
    lines = csv_out.out.splitlines()
    rows = list(csv.reader(io.StringIO(csv_out.out)))
    assert len(rows) == len(lines) == 1 + len(HOSTILE) + 1  # a header and one line per row
    assert all(line.startswith('"') and line.endswith('"') for line in lines)  # all quoted
    assert all(len(row) == len(rows[0]) for row in rows)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    questions = {record["question"] for record in records}
    for cell in (record[field] for record in records for field in record):
        assert not cell.startswith(("=", "+", "-", "@", "\t")), cell  # defused
    assert '\'=HYPERLINK("http://evil.example","weather") next,"row"' in questions
    assert "'=1+1 tab formula" in questions and "'-2+3 spaced formula" in questions
    assert "weather in Moscow" in questions and "minister link" in questions
    assert "line one line two line three line four end" in questions
    assert "evil bidi override question" in questions
    assert "old row: call me on [phone] =2+2" in questions  # masked again when read
    (old,) = [record for record in records if record["question"].startswith("old row")]
    assert (old["release"], old["closest_fact"]) == ("release-1", "'-meeting")

    for args in (("report", "--limit", "0"), ("report", "--json", "--limit", "0")):
        shown = cli(*args, env=env)
        assert shown.code == 0, shown.err
        assert not FORBIDDEN & set(shown.out), args
        assert "\x1b" not in shown.out and "pwned" not in shown.out and "765 4321" not in shown.out
        assert "weather in Moscow" in shown.out
    document = json.loads(cli("report", "--json", "--limit", "0", env=env).out)
    assert len(document["groups"]) == len(HOSTILE) + 1
