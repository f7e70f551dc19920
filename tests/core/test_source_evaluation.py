"""Scoring a set labelled with the release's own sentences: right, honest, declined, wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.source_evaluation import (
    SourceSetError,
    evaluate_sources,
    format_source_report,
    is_source_set,
    load_source_set,
)

MEETING = (
    "Minister of Justice Antti Häkkänen met Minister of Justice of the Russian Federation "
    "Alexander Konovalov in Moscow."
)
CONTACT = "Inquiries: Lauri Koskentausta, Special Adviser, tel. +358 2951 50131"
SET = f"""
release: moj-fi-hakkanen-konovalov-moscow
questions:
  - q: "who met whom?"
    expect: answer
    sources: ["{MEETING}"]
    mention: ["Konovalov"]
  - q: "who met whom?"
    expect: answer
    sources: ["{CONTACT}"]
  - q: "what did he say?"
    kind: followup
    after: "who met whom?"
    expect: answer
    sources:
      - '"As cross-border crime is constantly on the rise, we need ever more and stronger
        cross-border cooperation to tackle it.'
  - q: "when did they meet?"
    expect: unknown
  - q: "what's the weather in Moscow?"
    expect: out_of_scope
  - q: "thanks!"
    expect: smalltalk
  - q: "what's the phone number, and who did Häkkänen meet?"
    expect: answer
    parts:
      - sources: ["{CONTACT}"]
        mention: ["2951 50131"]
      - sources: ["{MEETING}"]
"""


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(SET, encoding="utf-8")
    return path


def test_each_outcome_is_judged(engine: Engine, labelled: Path) -> None:
    report = evaluate_sources(engine, load_source_set(labelled))
    assert report.total == {"answer": 4, "unknown": 1, "out_of_scope": 1, "smalltalk": 1}
    # the second question is labelled with a sentence the reply does not cite
    assert report.right["answer"] == 3
    assert report.right["unknown"] == report.right["out_of_scope"] == 1
    assert report.right["smalltalk"] == 1
    assert report.wrong == 1  # the meeting fact stated where the contact was expected
    (miss, got) = report.misses[0]
    assert miss.text == "who met whom?" and "meeting" in got
    text = format_source_report(report, labelled, misses=True)
    assert "answer: right fact first" in text and "wrong fact stated" in text


def test_fact_id_sets_are_not_mistaken_for_source_sets() -> None:
    assert not is_source_set(
        {"questions": [{"q": "hi", "expect": "smalltalk"}, {"q": "x", "expect": "meeting"}]}
    )
    assert is_source_set({"questions": [{"q": "hi", "expect": "smalltalk"}]})


def test_a_broken_set_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("questions:\n  - q: hi\n    expect: answer\n  - expect: answer\n")
    with pytest.raises(SourceSetError, match=r"bad\.yaml: question 2"):
        load_source_set(path)
