"""The synthetic bases of benchmarks/large_bases.py are valid knowledge bases, and on them (where
terms are shared by hundreds of entries) the pruned ranking decides exactly as the full one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.large_bases import make_questions, write_base
from bot.core import matching
from bot.core.loader import load_library
from bot.core.matching import Match, Matcher
from bot.core.normalize import fold
from tests.cli.helpers import cli
from tests.conftest import DATA, ROOT


def test_a_generated_base_passes_check(tmp_path: Path) -> None:
    write_base(tmp_path / "synthetic", 60)
    result = cli("check", str(tmp_path / "synthetic"))
    assert result.code == 0, result.err
    assert result.out.startswith(f"ok: {tmp_path / 'synthetic' / 'knowledge.yaml'} (synthetic-60:")


def test_generated_bases_share_words_and_keep_rare_ones(tmp_path: Path) -> None:
    (base,) = load_library(write_base(tmp_path / "synthetic", 400).parent)
    facts = [entry for entry in base.entries if entry.id.startswith("fact-")]
    facts_with: Counter[str] = Counter()
    for fact in facts:
        facts_with.update({word for q in fact.questions for word in fold(q).split()})
    shares = sorted(count / len(facts) for count in facts_with.values())
    assert len(facts) == 400
    assert shares[-1] > 0.5  # words most facts use ("project", "funding")
    assert shares[len(shares) // 2] <= 0.01  # and most words in a handful of facts


@pytest.mark.parametrize(("short", "top"), [(0, 1), (8, 3), (0, matching.TOP)])
def test_pruning_decides_as_the_whole_ranking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short: int, top: int
) -> None:
    """Walking every posting through the bounds (no budget) gives the very decision, score and
    suggestions that scoring every entry gives, whatever is walked whole and however few are
    kept."""
    (base,) = load_library(write_base(tmp_path / "synthetic", 300).parent)
    monkeypatch.setattr(matching, "SHORT_POSTING", short)
    monkeypatch.setattr(matching, "TOP", top)
    monkeypatch.setattr(matching, "WALK_BUDGET", 10**9)
    matcher = Matcher(base)
    for question in make_questions(150, 300):
        assert matcher.match(question) == _unpruned(matcher, question), question


def test_pruning_decides_as_the_whole_ranking_on_the_bundled_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matching, "SHORT_POSTING", 0)  # every term through the bounds
    questions = [
        item["q"]
        for path in [*DATA.glob("*/*.yaml"), *ROOT.glob("knowledge/*/questions.yaml")]
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", [])
        if isinstance(item, dict) and isinstance(item.get("q"), str)
    ]
    assert len(questions) > 500
    for folder in (ROOT / "knowledge", DATA / "second_release"):
        for base in load_library(folder):
            matcher = Matcher(base)
            for question in questions:
                assert matcher.match(question) == _unpruned(matcher, question), question


def _unpruned(matcher: Matcher, question: str) -> Match:
    """`Matcher.match` deciding over `rank`: every entry that shares a term, all scored."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher, "_decisive", matcher.rank)
        return matcher.match(question)
