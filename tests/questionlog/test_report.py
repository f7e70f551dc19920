"""The report: paraphrases grouped and ranked by count, and the closest fact for each group."""

from __future__ import annotations

from pathlib import Path

from bot.core.engine import Engine
from bot.questionlog.report import build_report
from tests.questionlog.logged import LOW_CONFIDENCE_QUESTION, _logged, _report


def test_report_groups_paraphrases_and_ranks_by_count(engine: Engine, tmp_path: Path) -> None:
    report = _report(engine, tmp_path)

    summary = [(g.question, g.count, g.outcomes) for g in report.groups]
    assert summary == [
        ("What's the weather in Moscow?", 5, {"fallback": 5}),
        ("minister", 4, {"clarify": 4}),
        ("Will Häkkänen visit Helsinki?", 3, {"fallback": 3}),
        (LOW_CONFIDENCE_QUESTION, 1, {"answered": 1}),  # equal counts: the most recent first
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
    score = round(engine.ask("minister").score, 1)  # the log keeps the score it was asked with
    assert (minister.id, minister.question, minister.score) == (expected.id, expected.title, score)

    abuse = groups[LOW_CONFIDENCE_QUESTION].closest
    assert abuse is not None and (abuse.id, abuse.source) == ("quote_cooperation", "log")

    weather = groups["What's the weather in Moscow?"].closest  # fallbacks name no fact
    assert weather is not None and weather.source == "engine"
    best = engine.matchers[engine.default_release].rank("What's the weather in Moscow?")[0]
    assert (weather.id, weather.score) == (best.entry.id, round(best.score, 1))

    assert groups["What is the weather in Helsinki?"].closest is None  # nothing comes close
    without_engine = build_report([_logged("What is the weather in Moscow?")], engine=None)
    assert without_engine.groups[0].closest is None
