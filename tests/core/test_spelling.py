"""Typo correction: one edit for short words, two from seven letters, the same first letter,
transpositions counted once; and which words are safe to correct at all."""

from __future__ import annotations

import pytest

from bot.core.spelling import MIN_CORRECTABLE, SpellingIndex, correctable, edit_limit

KNOWN = ["moscow", "meeting", "minister", "extradition", "cybercrime", "deport", "konovalov"]


@pytest.fixture
def index() -> SpellingIndex:
    return SpellingIndex(KNOWN)


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("moscow", "moscow"),  # known words are their own closest
        ("moskow", "moscow"),  # one substitution, 6 letters
        ("meetinn", "meeting"),  # one substitution, 7 letters
        ("extradtion", "extradition"),  # one deletion
        ("konovalof", "konovalov"),
        ("mimistr", "minister"),  # two edits: 7 letters allow it
        ("mimistar", "minister"),  # two edits, 8 letters
        ("cybrcrine", "cybercrime"),  # two edits, 9 letters
    ],
)
def test_corrects_within_the_edit_limit(index: SpellingIndex, typed: str, known: str) -> None:
    assert index.closest(typed) == known


@pytest.mark.parametrize(
    "typed",
    [
        "mascaw",  # two edits, 6 letters: one allowed
        "mettin",  # two edits, 6 letters
        "ekstradicion",  # three edits, 12 letters: two allowed
    ],
)
def test_refuses_beyond_the_edit_limit(index: SpellingIndex, typed: str) -> None:
    assert index.closest(typed) is None


def test_the_limit_depends_on_the_length_of_the_typed_word() -> None:
    assert [edit_limit("x" * n) for n in (1, 4, 6, 7, 12)] == [1, 1, 1, 2, 2]


@pytest.mark.parametrize(("typed", "known"), [("noscow", "moscow"), ("report", "deport")])
def test_needs_the_same_first_letter(index: SpellingIndex, typed: str, known: str) -> None:
    assert index.closest(known) == known  # the known word is there, one edit away
    assert index.closest(typed) is None


@pytest.mark.parametrize(
    ("typed", "known"),
    [("mocsow", "moscow"), ("meetign", "meeting"), ("cyebrcrmie", "cybercrime")],
)
def test_a_transposition_counts_as_one_edit(index: SpellingIndex, typed: str, known: str) -> None:
    assert index.closest(typed) == known


def test_the_closest_of_several_wins_and_the_first_of_equals() -> None:
    assert SpellingIndex(["minster", "minister"]).closest("minister") == "minister"
    assert SpellingIndex(["moscon", "moscow"]).closest("moscox") == "moscon"
    assert SpellingIndex(["moscow", "moscon"]).closest("moscox") == "moscow"


def test_add_grows_the_index() -> None:
    index = SpellingIndex()
    assert index.closest("moskow") is None
    index.add("moscow")
    assert index.closest("moskow") == "moscow"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("hello", True),
        ("häkkänen", True),  # letters, not only ASCII
        ("what", True),
        ("who", False),  # shorter than MIN_CORRECTABLE: "who" and "how" are one edit apart
        ("abc12", False),
        ("co-op", False),
        ("12345", False),
    ],
)
def test_correctable(word: str, expected: bool) -> None:
    assert correctable(word) is expected


def test_min_correctable_is_the_boundary() -> None:
    assert not correctable("a" * (MIN_CORRECTABLE - 1)) and correctable("a" * MIN_CORRECTABLE)


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("party", "part"),  # a letter too many in a short word: an ordinary word, not a typo
        ("means", "mean"),
    ],
)
def test_a_short_word_is_not_corrected_to_a_shorter_one(typed: str, known: str) -> None:
    index = SpellingIndex([known])
    assert index.closest(known) == known
    assert index.closest(typed) is None


def test_nothing_is_corrected_to_a_word_too_short_to_correct() -> None:
    # "code" is one edit from the acronym "coe" (Council of Europe), as "who" is from "how"
    assert SpellingIndex(["coe", "codes"]).closest("code") == "codes"
    assert SpellingIndex(["coe"]).closest("code") is None


def test_a_short_word_missing_a_letter_is_still_corrected() -> None:
    assert SpellingIndex(["court", "meet"]).closest("cort") == "court"
    assert SpellingIndex(["minister"]).closest("minsiters") == "minister"  # two edits allowed


@pytest.mark.parametrize(("typed", "known"), [("personal", "person"), ("officers", "officer")])
def test_a_word_is_not_corrected_to_its_own_beginning(typed: str, known: str) -> None:
    # another word, or a form of the same one that the stemmer reads anyway
    assert SpellingIndex([known]).closest(typed) is None
