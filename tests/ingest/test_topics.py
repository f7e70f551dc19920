"""Topics discussed (bot.ingest.topics): one list, near-duplicates merged."""

from __future__ import annotations

import pytest

from bot.ingest.topics import find_topics
from tests.ingest.conftest import NORRBACK, ingest, sentences

NORRBACK_TOPICS = (
    "The ministers discussed the digitalisation of court proceedings and access to electronic "
    "evidence, among other things."
)


def test_topic_list_without_commas_is_split_on_and() -> None:
    draft = ingest(NORRBACK)
    assert [(t["name"], t["source"]) for t in draft.data["topics"]] == [
        ("the digitalisation of court proceedings", [NORRBACK_TOPICS]),
        ("access to electronic evidence", [NORRBACK_TOPICS]),
    ]


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        ("The talks focused on trade, energy and the Arctic.", ["trade", "energy", "the Arctic"]),
        (
            "Topics included cross-border trade and the supply of minerals.",
            ["cross-border trade", "the supply of minerals"],
        ),
        (
            "The ministers will review the joint programme and exchange views on tax policy.",
            ["the joint programme", "tax policy"],
        ),
        (
            "Their discussion is expected to cover border fraud and requests for legal help.",
            ["border fraud", "requests for legal help"],
        ),
        (
            "The ministers reviewed the situation at the border and the lessons learned.",
            ["the situation at the border", "the lessons learned"],
        ),
        (
            "The ministers will discuss shared challenges, such as the recruitment of care "
            "workers and the use of digital tools.",
            ["the recruitment of care workers", "the use of digital tools"],
        ),
        (
            "The visit aims to discuss trade policy questions, such as export controls and the "
            "reform of the World Trade Organization.",
            ["export controls", "the reform of the World Trade Organization"],
        ),
        (
            "The talks focused on defence, the protection of cables and energy connections "
            "between the Baltic states and the Nordic countries.",
            [
                "defence",
                "the protection of cables",
                "energy connections between the Baltic states and the Nordic countries",
            ],
        ),
    ],
)
def test_every_way_a_release_lists_the_topics(sentence: str, items: list[str]) -> None:
    assert [t.text for t in find_topics(sentences(sentence)).topics] == items


@pytest.mark.parametrize(
    "sentence",
    [
        "The regulation applies to products such as timber, cattle, soy and coffee.",
        "Aarnio's programme also includes a visit to the Supreme Court.",
        "The declaration covers, among other things, joint exercises and research.",
    ],
)
def test_lists_that_are_not_about_the_talks_are_no_topics(sentence: str) -> None:
    assert find_topics(sentences(sentence)).topics == ()


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
        ),
        names=("Salonen", "Albrecht"),
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
