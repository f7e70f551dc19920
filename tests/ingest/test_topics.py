"""Topics discussed (bot.ingest.topics): one list, near-duplicates merged."""

from __future__ import annotations

from bot.ingest.topics import find_topics
from tests.ingest.conftest import NORRBACK, ingest, sentences


def test_topic_list_without_commas_is_split_on_and() -> None:
    draft = ingest(NORRBACK)
    per_topic = [f["answer"] for f in draft.data["facts"] if f["id"].startswith("topic_")]
    assert per_topic == [
        "The ministers discussed the digitalisation of court proceedings.",
        "The ministers discussed access to electronic evidence.",
    ]


def test_topics_from_every_sentence_that_says_what_was_discussed() -> None:
    found = find_topics(
        sentences(
            "The ministers discussed energy security, support for Ukraine and the Baltic Sea, "
            "among other things.",
            "The ministers met.",
            "They talked about trade.",
        )
    )
    assert [(t.text, t.subject) for t in found.topics] == [
        ("energy security", "The ministers"),
        ("support for Ukraine", "The ministers"),
        ("the Baltic Sea", "The ministers"),
        ("trade", "They"),
    ]
    assert [s.index for s in found.sentences] == [0, 2]
    assert (found.among_other_things, found.subject) == (True, "The ministers")


def test_a_topic_whose_words_hold_another_replaces_it() -> None:
    found = find_topics(
        sentences(
            "The ministers discussed energy security and support for Ukraine.",
            "Salonen and Albrecht also discussed the security of energy supply.",
        )
    )
    merged, ukraine = found.topics
    assert (merged.text, merged.subject) == (
        "the security of energy supply",
        "Salonen and Albrecht",
    )
    assert [s.index for s in merged.sentences] == [0, 1]
    assert merged.ordered_words == ["security", "energy", "supply"]
    assert ukraine.text == "support for Ukraine" and found.among_other_things is False


def test_no_topics() -> None:
    found = find_topics(sentences("The ministers met.", "They agreed."))
    assert (found.topics, found.sentences, found.subject) == ((), (), "")
