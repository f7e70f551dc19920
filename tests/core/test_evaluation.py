"""Question sets: loading errors name the file; evaluate() counts each group right, and the
misses, the one-tap courtesy figure and the facts never hit."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.evaluation import (
    Question,
    QuestionSetError,
    Report,
    evaluate,
    format_report,
    load_question_set,
)
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import load_library
from tests.cli.helpers import SMALL_ID, SMALL_RELEASE

# (question, expect, answered right?) on the small release
QUESTIONS = [
    ("who met whom", "meeting", True),
    ("who did Virta meet", "place", False),  # answered `meeting`, which offers `place`
    ("where did they meet", "[place, meeting]", True),
    ("when was the meeting", "ns_date", True),
    ("what is the weather in Oslo", "fallback", True),
    ("who met whom?", "fallback", False),
    ("thanks", "smalltalk", True),
    ("mayor", "clarify", True),
    ("what did they discuss", "clarify", False),
]


@pytest.fixture(scope="module")
def small() -> Engine:
    return Engine(load_library(SMALL_RELEASE))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def question_set_file(tmp_path: Path) -> Path:
    items = "".join(f"  - q: {q}\n    expect: {expect}\n" for q, expect, _ in QUESTIONS)
    return write(tmp_path, f"release: {SMALL_ID}\nquestions:\n{items}")


def test_evaluate_counts_each_group(small: Engine, tmp_path: Path) -> None:
    base = small.bases[SMALL_ID]
    report = evaluate(small, load_question_set(question_set_file(tmp_path), base))
    counts = {group: (report.correct[group], report.total[group]) for group in report.total}
    assert counts == {
        "fact": (2, 3),
        "not_stated": (1, 1),
        "in_scope": (3, 4),
        "one_tap": (4, 4),
        "out_of_scope": (1, 2),
        "smalltalk": (1, 1),
        "vague": (1, 2),
    }
    assert report.accuracy("in_scope") == 75.0 and report.release == SMALL_ID


def test_evaluate_lists_the_misses_with_what_the_bot_did(small: Engine, tmp_path: Path) -> None:
    report = evaluate(small, load_question_set(question_set_file(tmp_path)))
    assert [m.question.text for m in report.misses] == [q for q, _, right in QUESTIONS if not right]
    assert [m.got for m in report.misses] == ["meeting", "meeting", "topics"]


def test_evaluate_lists_the_facts_no_question_reached(small: Engine, tmp_path: Path) -> None:
    base: KnowledgeBase = small.bases[SMALL_ID]
    report = evaluate(small, load_question_set(question_set_file(tmp_path)))
    hit = {"meeting", "place", "topics"}
    assert report.never_hit == [e.id for e in base.entries_of(EntryKind.FACT) if e.id not in hit]
    assert "quote" in report.never_hit and "contact" in report.never_hit


def test_the_report_prints_groups_misses_and_unused_facts(small: Engine, tmp_path: Path) -> None:
    text = format_report(evaluate(small, load_question_set(question_set_file(tmp_path))))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[0] == f"Release {SMALL_ID}"
    assert "fact 2/3 66.7%" in lines and "vague 1/2 50.0%" in lines
    assert "Misses (3):" in lines
    assert any(line.startswith("'who met whom?': expected fallback, got meeting") for line in lines)
    assert lines[-1].startswith("Facts never hit: quote")


def test_below_ignores_the_one_tap_courtesy_figure() -> None:
    report = Report(
        "r",
        correct=Counter({"fact": 9, "one_tap": 0, "vague": 1}),
        total=Counter({"fact": 10, "one_tap": 10, "vague": 2}),
    )
    assert report.below(95) == ["fact", "vague"]
    assert report.below(90) == ["vague"]
    assert report.below(50) == []
    assert report.accuracy("smalltalk") is None


def test_a_valid_set_keeps_lists_kinds_and_the_release(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "release: r\nquestions:\n"
        "  - q: where?\n    expect: [place, meeting]\n    kind: typo\n"
        "  - q: hi\n    expect: smalltalk\n",
    )
    loaded = load_question_set(path)
    assert loaded.release == "r"
    assert loaded.questions == (
        Question("where?", ("place", "meeting"), "typo"),
        Question("hi", ("smalltalk",), ""),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("questions: [unclosed\n", ": cannot read question set: "),
        ("- just a list\n", ": needs `release:` and a list under `questions:`"),
        ("release: r\nquestions: none\n", ": needs `release:` and a list under `questions:`"),
        ("questions:\n  - q: ok\n    expect: a\n  - expect: a\n", ": questions[1]: needs `q`"),
        ("questions:\n  - q: hi\n", ": questions[0]: `expect` must be an id"),
        ("questions:\n  - q: hi\n    expect: [a, 3]\n", ": questions[0]: `expect` must be an id"),
    ],
)
def test_errors_name_the_file_and_the_question(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(QuestionSetError) as refused:
        load_question_set(path)
    assert str(refused.value).startswith(f"{path}{message}")


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(QuestionSetError, match="cannot read question set") as refused:
        load_question_set(missing)
    assert str(refused.value).startswith(f"{missing}: ")


def test_with_a_base_unknown_ids_are_refused_but_outcomes_are_not(
    small: Engine, tmp_path: Path
) -> None:
    base = small.bases[SMALL_ID]
    outcomes = "".join(f"  - q: x\n    expect: {o}\n" for o in ("fallback", "smalltalk", "clarify"))
    assert len(load_question_set(write(tmp_path, f"questions:\n{outcomes}"), base).questions) == 3
    path = write(tmp_path, "questions:\n  - q: x\n    expect: [meeting, nowhere]\n")
    with pytest.raises(QuestionSetError) as refused:
        load_question_set(path, base)
    assert str(refused.value) == f"{path}: questions[0]: unknown id nowhere"
    assert load_question_set(path).questions[0].expect == ("meeting", "nowhere")  # without a base
