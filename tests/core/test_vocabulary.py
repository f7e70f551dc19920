"""The shared vocabulary: loaded from the file, and used by every release's analyser."""

from __future__ import annotations

from bot.core.analysis import Analyzer
from bot.core.knowledge import KnowledgeBase
from bot.core.vocabulary import shared_synonyms


def test_the_file_maps_words_to_their_equivalents() -> None:
    synonyms = shared_synonyms()
    assert "jail" in synonyms["prison"] and "inmates" in synonyms["prisoner"]
    assert "meddling" in synonyms["interference"]
    # only equivalents: what is merely related is not a synonym
    assert not any("hacking" in variants for variants in synonyms.values())
    assert not any("budapest convention" in variants for variants in synonyms.values())


def test_every_release_understands_the_shared_words(base: KnowledgeBase) -> None:
    analyzer = Analyzer(base)
    assert analyzer.terms("jails") == analyzer.terms("prison")
    assert analyzer.terms("inmates") == analyzer.terms("prisoner")
    assert analyzer.terms("election meddling") == analyzer.terms("election interference")
