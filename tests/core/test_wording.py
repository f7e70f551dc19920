"""Lists of names in composed answers."""

from __future__ import annotations

from bot.core.wording import listed


def test_names_are_listed_as_english_prose() -> None:
    assert listed([]) == ""
    assert listed(["Tamm"]) == "Tamm"
    assert listed(["Tamm", "Virtanen"]) == "Tamm and Virtanen"
    assert listed(["A", "B", "C"]) == "A, B and C"
