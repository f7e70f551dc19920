"""Draft entries as the knowledge base writes them (bot.ingest.entries)."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry


def entry() -> DraftEntry:
    return DraftEntry(
        id="meeting",
        questions=["Who met?", "who  met?", "Whö met?", "???", "Where   did they meet?"],
        answer="A met B.",
        source=["S1", "S1", "S2"],
        related=["meeting", "location", "location"],
        tags=["Who", "who", "—", "Place"],
    )


def test_as_yaml_without_repeats_wordless_questions_or_links_to_itself() -> None:
    assert entry().as_yaml() == {
        "id": "meeting",
        "questions": ["Who met?", "Where did they meet?"],
        "answer": "A met B.",
        "source": ["S1", "S2"],
        "related": ["location"],
        "tags": ["who", "place"],
    }


def test_not_stated_entries_have_no_source_and_empty_lists_are_left_out() -> None:
    assert "source" not in entry().as_yaml(with_source=False)
    bare = DraftEntry("x", ["Q"], "A")
    assert bare.as_yaml() == {"id": "x", "questions": ["Q"], "answer": "A", "source": []}
    assert bare.as_yaml(with_source=False) == {"id": "x", "questions": ["Q"], "answer": "A"}


def test_small_talk_is_id_questions_and_answer() -> None:
    assert entry().small_talk() == {
        "id": "meeting",
        "questions": ["Who met?", "Where did they meet?"],
        "answer": "A met B.",
    }
