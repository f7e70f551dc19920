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
