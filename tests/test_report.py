"""The press office's report: near-identical phrasings grouped and ranked, the closest fact, the
text, JSON and CSV renderings, and the `report` command over a real SQLite log."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.matching import Outcome
from bot.questionlog import (
    DEFAULT_LOW_CONFIDENCE,
    LoggedQuestion,
    open_question_log,
    should_record,
    sqlite_path,
)
from bot.report import (
    CSV_FIELDS,
    Report,
    add_arguments,
    build_report,
    group_questions,
    parse_since,
    render_csv,
    render_json,
    render_text,
    run,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
# (question, times asked): three groups of paraphrases, and look-alikes that must stay apart
ASKED = [
    ("What's the weather in Moscow?", 3),
    ("whats the wether in moskow", 1),
    ("What is the weather in Moscow today?", 1),
    ("minister", 2),
    ("Minister?", 2),
    ("Will Häkkänen visit Helsinki?", 2),
    ("will hakkanen visit helsinki next", 1),
    ("What is the weather in Helsinki?", 1),
    ("domestic abuse", 1),  # answered with low confidence
    ("Who met whom?", 4),  # answered well: never logged
    ("Thanks!", 2),  # small talk: never logged
]


def _log_questions(engine: Engine, data_dir: Path, asked: list[tuple[str, int]] = ASKED) -> None:
    """Ask the engine as users would, and log what the bot logs, one minute apart."""
    moment = NOW - timedelta(days=1)
    with open_question_log(None, data_dir) as log:
        for text, times in asked:
            for _ in range(times):
                reply = engine.ask(text)
                moment += timedelta(minutes=1)
                if should_record(reply, DEFAULT_LOW_CONFIDENCE):
                    log.record(LoggedQuestion.from_reply(reply, asked_at=moment))


def _report(engine: Engine, data_dir: Path) -> Report:
    _log_questions(engine, data_dir)
    with open_question_log(None, data_dir) as log:
        questions = log.fetch()
    return build_report(questions, engine, now=NOW)


def _logged(text: str, release: str = "release-1", **fields: object) -> LoggedQuestion:
    values: dict[str, object] = {"outcome": Outcome.FALLBACK, "asked_at": NOW}
    values.update(fields)
    return LoggedQuestion.build(text, release_id=release, **values)  # type: ignore[arg-type]


def test_report_groups_paraphrases_and_ranks_by_count(engine: Engine, tmp_path: Path) -> None:
    report = _report(engine, tmp_path)

    summary = [(g.question, g.count, g.outcomes) for g in report.groups]
    assert summary == [
        ("What's the weather in Moscow?", 5, {"fallback": 5}),
        ("minister", 4, {"clarify": 4}),
        ("Will Häkkänen visit Helsinki?", 3, {"fallback": 3}),
        ("domestic abuse", 1, {"answered": 1}),  # equal counts: the most recent first
        ("What is the weather in Helsinki?", 1, {"fallback": 1}),
    ]
    assert report.total == 14
    weather = report.groups[0]
    assert weather.examples == (
        "whats the wether in moskow",
        "What is the weather in Moscow today?",
    )
    assert report.groups[1].examples == ()  # "Minister?" folds to the same phrasing
    assert weather.first_asked < weather.last_asked


def test_closest_fact_comes_from_the_log_or_else_the_engine(engine: Engine, tmp_path: Path) -> None:
    groups = {g.question: g for g in _report(engine, tmp_path).groups}

    minister = groups["minister"].closest
    expected = engine.ask("minister").choices[0]
    assert minister is not None and minister.source == "log"
    assert (minister.id, minister.question, minister.score) == (expected.id, expected.title, 85.0)

    abuse = groups["domestic abuse"].closest
    assert abuse is not None and (abuse.id, abuse.source) == ("domestic_violence", "log")

    weather = groups["What's the weather in Moscow?"].closest  # fallbacks name no fact
    assert weather is not None and weather.source == "engine"
    best = engine.matchers[engine.default_release].rank("What's the weather in Moscow?")[0]
    assert (weather.id, weather.score) == (best.entry.id, round(best.score, 1))

    assert groups["What is the weather in Helsinki?"].closest is None  # nothing comes close
    without_engine = build_report([_logged("What is the weather in Moscow?")], engine=None)
    assert without_engine.groups[0].closest is None


@pytest.mark.parametrize(
    "phrasings",
    [
        ["Who is Konovalov's wife?", "konovalovs wife", "Who's Konovalof's wife??"],
        ["How many prisoners were transferred?", "how many prisoners where transfered"],
        ["Is there a video of the meeting?", "is there video of the meeting", "video of meeting?"],
    ],
)
def test_near_identical_phrasings_form_one_group(phrasings: list[str]) -> None:
    groups = group_questions([_logged(text) for text in phrasings])
    assert [len(group) for group in groups] == [len(phrasings)]


@pytest.mark.parametrize(
    "different",
    [
        ["where did they meet", "when did they meet", "why did they meet"],
        ["where did the meeting take place", "when did the meeting take place"],
        ["what is the weather in moscow", "what is the weather in helsinki"],
        ["what is 2 2", "what is this press release about"],
        ["who did hakkanen meet", "who is antti hakkanen"],
        ["minister", "who is the russian minister of justice"],
    ],
)
def test_different_questions_stay_apart(different: list[str]) -> None:
    groups = group_questions([_logged(text) for text in different])
    assert len(groups) == len(different)


def test_groups_are_per_release_and_members_stay_close_to_the_leader() -> None:
    same = [_logged("weather in moscow", "release-a"), _logged("weather in moscow", "release-b")]
    assert len(group_questions(same)) == 2
    # a chain of small steps does not pull distant questions into one group
    chain = ["a b c d e", "a b c d f", "a b c g f", "a b h g f", "a i h g f"]
    words = {"a": "alpha", "b": "bravo", "c": "charlie", "d": "delta", "e": "echo"}
    words |= {"f": "foxtrot", "g": "golf", "h": "hotel", "i": "india"}
    texts = [" ".join(words[letter] for letter in step.split()) for step in chain]
    groups = group_questions([_logged(text) for text in texts])
    assert len(groups) > 1
    assert {q.question for q in groups[0]} >= {texts[0], texts[1]}


def test_text_report_is_a_ranked_table(engine: Engine, tmp_path: Path) -> None:
    text = render_text(_report(engine, tmp_path), limit=2)
    lines = text.splitlines()
    assert "14 questions in 5 groups; the 2 most asked:" in text
    header = next(line for line in lines if line.lstrip().startswith("#"))
    assert "asked" in header and "outcomes" in header
    first = lines.index(next(line for line in lines if "What's the weather in Moscow?" in line))
    assert lines[first].split()[:3] == ["1", "5", "fallback"]
    assert "also: whats the wether in moskow · What is the weather in Moscow today?" in text
    assert "2      4  clarify 4" in text and "closest fact:" in text
    assert "Helsinki?" not in text  # beyond the limit


def test_json_report_is_one_document(engine: Engine, tmp_path: Path) -> None:
    document = json.loads(render_json(_report(engine, tmp_path), limit=3))
    assert (document["total_questions"], document["total_groups"]) == (14, 5)
    assert [(g["rank"], g["count"]) for g in document["groups"]] == [(1, 5), (2, 4), (3, 3)]
    first = document["groups"][0]
    assert first["outcomes"] == {"fallback": 5}
    assert first["closest_fact"]["source"] == "engine"
    assert datetime.fromisoformat(first["last_asked"]).tzinfo is not None
    assert len(json.loads(render_json(_report(engine, tmp_path / "all"), 0))["groups"]) == 5


def test_csv_report_has_one_row_per_group_and_defuses_formulas() -> None:
    questions = [_logged('=HYPERLINK("http://x","hi")')] * 2 + [_logged("-2+3 weather")]
    rows = list(csv.reader(io.StringIO(render_csv(build_report(questions)))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) == 3
    record = dict(zip(CSV_FIELDS, rows[1], strict=True))
    assert record["question"] == '\'=HYPERLINK("http://x","hi")'
    assert (record["rank"], record["count"], record["outcomes"]) == ("1", "2", "fallback=2")
    assert rows[2][CSV_FIELDS.index("question")].startswith("'")


# ---------------------------------------------------------------------------------------------
# The command


@pytest.fixture
def report_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment `release-bot report` reads; returns the data folder."""
    data_dir = tmp_path / "data"
    monkeypatch.chdir(tmp_path)  # no stray .env
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

    assert run(_args("--json", "--limit", "1"), lambda: engine) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["total_groups"] == 5 and len(document["groups"]) == 1

    assert run(_args("--csv"), lambda: engine) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [int(row["count"]) for row in rows] == [5, 4, 3, 1, 1]

    assert run(_args(), lambda: engine) == 0
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
        assert run(_args("--json", "--since", since), lambda: engine) == 0
        groups = json.loads(capsys.readouterr().out)["groups"]
        assert sorted(g["question"] for g in groups) == expected, since


def test_command_without_a_log_reports_nothing_and_creates_nothing(
    report_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_engine() -> Engine:
        raise AssertionError("no questions: the knowledge base is not needed")

    assert run(_args(), no_engine) == 0
    assert "No questions logged" in capsys.readouterr().out
    assert not sqlite_path(report_env).exists()
    assert run(_args("--json"), no_engine) == 0
    assert json.loads(capsys.readouterr().out)["groups"] == []


def test_command_reports_database_problems(
    report_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELEASE_BOT_DATABASE_URL", "mysql://bot:hunter2@db/q")
    assert run(_args(), lambda: pytest.fail("not reached")) == 2
    assert "postgresql://" in capsys.readouterr().err

    monkeypatch.setenv("RELEASE_BOT_DATABASE_URL", "postgresql://bot:hunter2@127.0.0.1:1/q")
    assert run(_args(), lambda: pytest.fail("not reached")) == 1
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
