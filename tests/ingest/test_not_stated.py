"""What the release does not say, and the small talk every base answers (bot.ingest.not_stated)."""

from __future__ import annotations

import pytest

from bot.ingest.names import IdMaker
from bot.ingest.not_stated import not_stated_entries, small_talk
from bot.ingest.review import Review
from tests.ingest.conftest import (
    CONTACT_LINE,
    NORRBACK,
    SALONEN,
    VAARA,
    checked,
    entry_ids,
    extracted,
    ingest,
    notes_with,
)

QUOTED_BOTH = (
    "Aalto and Tamm met in Turku\n\n"
    "Minister of Culture Sanni Aalto met Estonian Minister of Culture Mari Tamm on 3 May.\n"
    "“Libraries matter to every town,” Aalto said.\n"
    "“Museums keep our memory alive,” Tamm said.\n"
    f"{CONTACT_LINE}"
)


def not_stated(text: str) -> list[tuple[str, str]]:
    found, _ = extracted(text)
    return [(e.id, e.answer) for e in not_stated_entries(found, IdMaker(), Review())]


@pytest.mark.parametrize("name", [VAARA, NORRBACK])
def test_no_date_means_a_not_stated_date_entry(name: str) -> None:
    draft = ingest(name)
    assert "date" not in draft.data["release"]
    assert "date" not in [f["id"] for f in draft.data["facts"]]
    (entry,) = [e for e in draft.data["not_stated"] if e["id"] == "ns_date"]
    assert "The release does not say" in entry["answer"]


def test_not_stated_entries_say_so_plainly() -> None:
    draft = ingest(NORRBACK)
    assert entry_ids(draft, "not_stated") == [
        "ns_date",
        "ns_outcome",
        "ns_agreement",
        "ns_dahl_said",
    ]
    for entry in draft.data["not_stated"]:
        assert "The release does not say" in entry["answer"]
    assert "it quotes only Norrback" in draft.data["not_stated"][-1]["answer"]


def test_no_outcome_entries_when_the_release_reports_an_agreement() -> None:
    text = (
        "Ministers signed a memorandum\n\n"
        "Minister of Culture Sanni Aalto met Minister of Culture of Estonia Mari Tamm in Turku.\n"
        "The ministers signed a memorandum on museum cooperation.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert "ns_outcome" not in entry_ids(draft, "not_stated")
    assert "ns_agreement" not in entry_ids(draft, "not_stated")
    assert notes_with(draft, "the release mentions memorandum, signed")


def test_small_talk_like_the_bundled_base() -> None:
    assert entry_ids(ingest(SALONEN), "smalltalk") == [
        "greeting",
        "thanks",
        "bye",
        "help",
        "identity",
    ]


def test_a_date_without_a_year_makes_a_no_year_entry_and_nobody_unquoted() -> None:
    assert not_stated(QUOTED_BOTH) == [
        ("ns_year", "The release does not say the year; it gives the date only as 3 May."),
        ("ns_outcome", "The release does not say what the outcome was; it reports no decision."),
        ("ns_agreement", "The release does not say that anything was agreed or signed."),
    ]


def test_a_full_date_makes_no_date_entry() -> None:
    assert [e for e, _ in not_stated(QUOTED_BOTH.replace("3 May", "3 May 2024"))] == [
        "ns_outcome",
        "ns_agreement",
    ]


def test_when_nobody_is_quoted_the_entry_says_so() -> None:
    entries = dict(not_stated(QUOTED_BOTH.replace("Aalto said", "Aalto").replace("Tamm said", "")))
    assert entries["ns_aalto_said"] == (
        "The release does not say what Sanni Aalto said; it quotes no one."
    )


@pytest.mark.parametrize("word", ["agreed", "decision", "treaty"])
def test_any_outcome_word_leaves_the_outcome_entries_out(word: str) -> None:
    found, _ = extracted(f"H\n\nThe ministers spoke of a {word}.\n")
    review = Review()
    ids = [e.id for e in not_stated_entries(found, IdMaker(), review)]
    assert "ns_outcome" not in ids and "ns_agreement" not in ids
    assert notes_with(review, f"the release mentions {word}")


def test_small_talk_suggests_the_first_questions_and_keeps_the_headline_placeholder() -> None:
    entries = {e.id: e for e in small_talk(["Who met whom?", "Where?"], IdMaker())}
    assert entries["help"].answer.endswith("Try: “Who met whom?”, “Where?”.")
    assert "“{headline}”" in entries["greeting"].answer
    assert all(e.questions and e.source == [] for e in entries.values())
