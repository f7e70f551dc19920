"""Where something happens (bot.ingest.places)."""

from __future__ import annotations

import pytest

from bot.ingest.places import headline_place, place_in


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("met in Tromsø on 1–2 October.", "Tromsø"),
        ("met in Washington D.C. from 1 to 2 February.", "Washington D.C."),
        ("While in Brussels, the Minister will also meet", "Brussels"),
        ("During his visit to Moscow, Häkkänen will also meet", "Moscow"),
        ("met in New York.", "New York"),
        ("last met in Tartu in November, when", "Tartu"),
        ("last met in November in Tartu", "Tartu"),  # a month is no place
        ("representatives of law firms based in Moscow", None),
        ("prisoners in Finnish and Russian prisons", None),
        ("met at the Narva border crossing point", None),  # no known place yet
    ],
)
def test_place_in_a_sentence(text: str, place: str | None) -> None:
    assert place_in(text, [], ["Sari Kettunen"]) == place


def test_a_known_place_in_the_sentence_and_a_name_that_is_no_place() -> None:
    assert place_in("met at the Narva border crossing point", ["Narva"], []) == "Narva"
    assert place_in("met her in Tamm Hall", [], ["Mari Tamm", "Tamm"]) is None


def test_the_place_at_the_end_of_a_headline() -> None:
    assert headline_place("Ministers discussed cooperation in Moscow", []) == "Moscow"
    assert headline_place("Ministers met in Moscow to discuss trade", []) is None
    assert headline_place("Minister Kask met Minister Tamm", []) is None
