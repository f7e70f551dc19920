import pytest

from bot.core.normalize import clean_text, fold


def test_fold_removes_case_accents_and_punctuation() -> None:
    assert fold("Häkkänen") == "hakkanen"
    assert fold("  WHO met   whom?! ") == "who met whom"
    assert fold("What's the date?") == "whats the date"
    assert fold("Jehovah’s Witnesses") == "jehovahs witnesses"


def test_fold_treats_unicode_variants_alike() -> None:
    plain = fold("who met whom")
    assert fold("ＷＨＯ ｍｅｔ ｗｈｏｍ") == plain  # fullwidth
    assert fold("who\u200bmet whom") == plain  # zero-width space between words
    assert fold("\u202ewho met whom\u202c") == plain  # right-to-left override
    assert fold("Ha\u0308kka\u0308nen") == fold("Häkkänen")  # NFD


def test_clean_text_keeps_letters_and_drops_invisible_controls() -> None:
    assert clean_text("Häkkänen\u200f said\x00\x07") == "Häkkänen said"
    assert clean_text("line\nbreak\ttab") == "line break tab"
    assert clean_text("\u202e\u2066") == ""


def test_the_ascii_fast_path_folds_exactly_as_the_full_path() -> None:
    """Plain ASCII skips the Unicode work; the result must be the same."""
    import random
    import string

    from bot.core import normalize

    def full(text: str) -> str:
        text = normalize._spell_out(normalize.strip_accents(normalize.clean_text(text).casefold()))
        text = normalize._APOSTROPHES.sub("", text)
        return normalize._SPACES.sub(" ", normalize._NOT_WORD.sub(" ", text)).strip()

    alphabet = string.printable + "\x00\x01\x1b\x7f'`_"
    picks = random.Random(7)
    for _ in range(20_000):
        text = "".join(picks.choice(alphabet) for _ in range(picks.randint(0, 30)))
        assert fold(text) == full(text), repr(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("and the other people he'll meet?", "and the other people he will meet"),  # not "hell"
        ("they’re in Moscow", "they are in moscow"),  # not "were"
        ("we've met", "we have met"),
        ("Jehovah's Witnesses", "jehovahs witnesses"),  # a possessive stays one word
        ("didn't", "didnt"),
    ],
)
def test_contractions_that_make_another_word_are_spelt_out(text: str, folded: str) -> None:
    assert fold(text) == folded
