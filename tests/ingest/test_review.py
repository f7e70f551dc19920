"""The review list (bot.ingest.review)."""

from __future__ import annotations

from bot.ingest.review import Review


def test_notes_once_each_in_the_order_found() -> None:
    review = Review()
    for note in ["b", "a", "b", "c", "a"]:
        review.note(note)
    assert review.notes == ("b", "a", "c")


def test_a_new_review_is_empty() -> None:
    assert Review().notes == ()
