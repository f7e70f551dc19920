"""What the release does not say, and the small talk every base answers (bot.ingest.not_stated)."""

from __future__ import annotations

import pytest

from bot.ingest.names import IdMaker
from bot.ingest.not_stated import not_stated_entries, small_talk
from bot.ingest.review import Review
from tests.ingest.conftest import (
    CONTACT_LINE,
    KOSKI,
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


def test_no_date_at_all_and_no_meeting_means_a_not_stated_date_entry() -> None:
    draft = checked(f"Library opens\n\nThe new library opens soon.\n{CONTACT_LINE}")
    (entry,) = [e for e in draft.data["not_stated"] if e["id"] == "ns_date"]
    assert entry["answer"] == "The release does not say when this took place; it gives no date."
    assert "ns_date" not in entry_ids(ingest(VAARA), "not_stated")  # the bot says it per meeting


def test_not_stated_entries_say_so_plainly(release_file) -> None:
    draft = checked(release_file.read_text(encoding="utf-8"))
    assert draft.data["not_stated"]
    for entry in draft.data["not_stated"]:
        assert entry["answer"].startswith("The release does not say"), entry


def test_what_the_norrback_release_does_not_say() -> None:
    draft = ingest(NORRBACK)
    assert entry_ids(draft, "not_stated") == [
        "meeting_when",
        "meeting_2_when",
        "ns_outcome",
        "ns_agreement",
        "ns_duration",
        "norrback_country",
        "president_supreme_court_said",
    ]
    said = draft.data["not_stated"][-1]
    assert said["answer"] == (
        "The release does not say what the President of the Supreme Court said; it quotes only "
        "Linnea Norrback."
    )
    assert "What did the President of the Supreme Court say to Norrback?" in said["questions"]


def test_when_no_meeting_of_a_kind_is_dated_the_first_takes_the_general_questions() -> None:
    draft = ingest(NORRBACK)
    held, planned = draft.data["not_stated"][:2]
    assert "When did they meet?" in held["questions"]
    assert held["answer"] == "The release does not say on which day the meeting took place."
    assert "When are the other meetings?" in planned["questions"]
    assert "meeting_when" not in entry_ids(ingest(SALONEN), "not_stated")  # it is dated


def test_a_country_the_release_does_not_give() -> None:
    entries = {e["id"]: e for e in ingest(VAARA).data["not_stated"]}
    assert entries["vaara_country"]["answer"] == (
        "The release does not say which country Elina Vaara represents."
    )
    assert "Which country does Vaara represent?" in entries["vaara_country"]["questions"]
    assert "ekdahl_country" not in entries  # Sweden's


def test_time_of_day_and_how_long_only_when_the_release_says_neither() -> None:
    assert {"ns_time", "ns_duration"} <= set(entry_ids(ingest(SALONEN), "not_stated"))
    koski = entry_ids(ingest(KOSKI), "not_stated")  # "The meeting lasted about an hour."
    assert "ns_duration" not in koski and "ns_time" in koski
    at_ten = QUOTED_BOTH.replace("on 3 May.", "on 3 May at 10.00.")
    assert "ns_time" not in [e for e, _ in not_stated(at_ten)]


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


def test_a_date_without_a_year_makes_a_no_year_entry() -> None:
    entries = dict(not_stated(QUOTED_BOTH))
    assert entries["ns_year"] == (
        "The release does not say the year; it gives the date only as 3 May."
    )
    assert "aalto_said" not in entries and "tamm_said" not in entries  # both quoted


def test_a_full_date_or_a_publication_date_makes_no_year_entry() -> None:
    assert "ns_year" not in dict(not_stated(QUOTED_BOTH.replace("3 May", "3 May 2024")))
    published = QUOTED_BOTH.replace("\n\n", "\n\nPublication date 2.5.2024 10.00\n", 1)
    assert "ns_year" not in dict(not_stated(published))


def test_someone_outside_any_meeting_who_is_never_quoted() -> None:
    text = QUOTED_BOTH.replace(
        "“Museums", "Minister of Justice Olli Berg opened a museum. “Museums"
    ).replace("Tamm said", "Aalto said")
    entries = dict(not_stated(text))
    assert entries["berg_said"] == (
        "The release does not say what Olli Berg said; it quotes only Sanni Aalto."
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
