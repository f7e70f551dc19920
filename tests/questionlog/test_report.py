"""The report: paraphrases grouped and ranked by count, and the closest fact for each group."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.questionlog.report import build_report, readable
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


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("weather\x1b[2J\x1b[31m in Moscow", "weather in Moscow"),  # CSI: clear, colour
        ("\x1b]0;pwned\x07title", "title"),  # OSC: the terminal's title
        ("\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\ text", "link text"),  # hyperlink
        ("\x9b31mc1 csi\x9d0;t\x9c", "c1 csi"),  # the same in C1 form
        ("a\rb\nc\r\nd\te\u2028f\u2029g\x85h\x0bi\x0cj", "a b c d e f g h i j"),
        ("nul\x00bell\x07del\x7fesc\x1b", "nul bell del esc"),
        ("\u202eevil\u202c \u2066bidi\u2069\u200f", "evil bidi"),
        ("  spaced\t\tout  ", "spaced out"),
        ("call 040 765 4321", "call [phone]"),  # masked again
        ("Häkkänen’s visit?", "Häkkänen’s visit?"),  # ordinary text as it was
    ],
)
def test_text_read_from_the_log_is_made_readable(stored: str, shown: str) -> None:
    assert readable(stored) == shown
    assert readable(shown) == shown


def test_the_report_shows_readable_text_only() -> None:
    questions = [
        _logged("what\r\nabout\x1b[2J Moscow?"),
        _logged("weird release", release="r\x1b[1m\r1", fact_id="meet\x07ing"),
    ]
    report = build_report(questions)
    shown = {(group.question, group.release_id) for group in report.groups}
    assert shown == {("what about Moscow?", "release-1"), ("weird release", "r 1")}
    (weird,) = [group for group in report.groups if group.release_id == "r 1"]
    assert weird.closest is not None and weird.closest.id == "meet ing"
