"""Keywords of a paragraph or quote (bot.ingest.keywords): what sets it apart from the release."""

from __future__ import annotations

from bot.ingest.keywords import Keywords

PARAGRAPHS = [
    "The prisons in Finland are full. Prison reform is urgent.",
    "Finland and Estonia discussed cybercrime quickly.",
    "Cybercrime costs money.",
]


def test_words_are_compared_by_stem_and_counted() -> None:
    keywords = Keywords(PARAGRAPHS, set(), [])
    assert keywords.ranked(PARAGRAPHS[0])[:2] == ["prisons", "full"]  # "prison" twice


def test_names_stopwords_short_words_and_adverbs_are_no_keywords() -> None:
    keywords = Keywords(PARAGRAPHS, {"Salonen"}, [])
    ranked = keywords.ranked("Finland and Estonia discussed cybercrime quickly, Salonen said.")
    assert sorted(ranked) == sorted(["discussed", "Estonia", "Finland", "cybercrime"])
    assert keywords.ranked("Salonen's views") == ["views"]
    assert keywords.ranked("the and of a EU") == []


def test_rarer_words_rank_higher() -> None:
    keywords = Keywords(["Alpha beta.", "Alpha gamma.", "Alpha delta."], set(), [])
    assert keywords.ranked("alpha beta") == ["beta", "alpha"]


def test_words_of_the_topics_and_the_headline_count_more() -> None:
    plain = Keywords(["Hydrogen and steel matter.", "Other text."], set(), [])
    assert plain.ranked("hydrogen steel") == ["hydrogen", "steel"]
    by_topic = Keywords(["Hydrogen and steel matter.", "Other text."], set(), ["steel"])
    assert by_topic.ranked("hydrogen steel") == ["steel", "hydrogen"]
    by_headline = Keywords(["Hydrogen and steel matter.", "Other text."], set(), [], "Steel")
    assert by_headline.ranked("hydrogen steel") == ["steel", "hydrogen"]


def test_capitals_only_for_proper_nouns_countries_and_acronyms() -> None:
    keywords = Keywords(["We met NATO and the Estonia team.", "Prison reform matters."], set(), [])
    assert keywords.ranked("Prison NATO Estonia") == ["prison", "NATO", "Estonia"]
    assert Keywords(["Talks went on with Vaara."], set(), []).ranked("Vaara talks") == [
        "Vaara",
        "talks",
    ]
