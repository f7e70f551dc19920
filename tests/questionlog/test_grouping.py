"""Grouping: near-identical phrasings together, different questions apart, per release."""

from __future__ import annotations

import pytest

from bot.questionlog.grouping import group_questions
from tests.questionlog.logged import _logged


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
