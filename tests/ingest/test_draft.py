"""`ingest_text` (bot.ingest.draft): every draft is a knowledge base the loader accepts, covers
every sentence and answers basic questions through the real engine; and how the draft is put
together: the release section, the order of the facts, their links, the placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import load_knowledge_base
from bot.ingest import Draft, IngestError, ingest_text, write_draft
from bot.ingest.draft import PLACEHOLDER_PHONE
from bot.ingest.sentences import parse_document, squash
from tests.ingest.conftest import (
    BUNDLED,
    CONTACT_LINE,
    NORRBACK,
    RELEASES,
    SALONEN,
    checked,
    fact,
    fact_ids,
    ingest,
    notes_with,
    release_text,
)


def written(draft: Draft, tmp_path: Path) -> KnowledgeBase:
    folder = write_draft(draft, tmp_path / draft.release_id)
    return load_knowledge_base(folder / "knowledge.yaml")


def test_there_are_at_least_five_fictional_releases() -> None:
    assert len(list(RELEASES.glob("*.txt"))) >= 5


@pytest.mark.parametrize("publisher", [None, "Ministry of Tests, Finland"])
def test_every_draft_passes_the_loader(release_file: Path, publisher: str | None, tmp_path: Path):
    draft = ingest_text(release_file.read_text(encoding="utf-8"), None, publisher=publisher)
    base = written(draft, tmp_path)
    assert base.release.draft is True
    assert base.id == draft.release_id
    assert base.contacts and base.entries_of(EntryKind.FACT)


def test_every_sentence_is_some_facts_source(release_file: Path, tmp_path: Path) -> None:
    text = release_file.read_text(encoding="utf-8")
    base = written(ingest_text(text, None), tmp_path)
    sources = {squash(s) for e in base.entries_of(EntryKind.FACT) for s in e.sources}
    sentences = [sentence.clean for sentence in parse_document(text).sentences]
    assert [s for s in sentences if s not in sources] == []


def test_every_sentence_is_covered_by_the_loader_tests_splitter(
    release_file: Path, tmp_path: Path
) -> None:
    """The same check as tests/test_loader.py makes for the reviewed base."""
    text = release_file.read_text(encoding="utf-8")
    base = written(ingest_text(text, None), tmp_path)
    sources = [s for e in base.entries_of(EntryKind.FACT) for s in e.sources]
    sentences = [
        s
        for line in text.splitlines()
        for s in re.split(r"(?<=[.!?\"”])\s+(?=[\"“A-Z])", line.strip())
        if s
    ]
    assert [s for s in sentences if not any(s in source for source in sources)] == []


def test_no_entry_answer_uses_an_unknown_placeholder(release_file: Path, tmp_path: Path) -> None:
    base = written(ingest_text(release_file.read_text(encoding="utf-8"), None), tmp_path)
    for entry in base.entries:
        assert set(re.findall(r"\{[^{}]*\}", entry.answer)) <= {"{headline}", "{publisher}"}


QUESTIONS = {
    "pm-salonen-albrecht-helsinki.txt": {
        "who met whom?": "meeting",
        "Where was the meeting?": "meeting",
        "When did they meet?": "meeting",
        "What did they discuss?": "topics",
        "What did Salonen say?": "quote_salonen_energy",  # her only quote
        "What did Albrecht say about energy?": "quote_albrecht_energy",
        "Who else will Albrecht meet?": "meeting_2",
        "Who do I contact?": "contact",
        "Who is Katrin Albrecht?": "albrecht",
        "Which country is Salonen from?": "salonen_country",  # not stated
    },
    "moj-norrback-oslo-undated.txt": {
        "who met whom?": "meeting",
        "When was the meeting?": "meeting_when",
        "What did Dahl say?": "dahl_said",
        "Was anything agreed?": "ns_agreement",
        "Who is the press contact?": "contact",
        "What is the name of the President of the Supreme Court?": "president_supreme_court_name",
    },
    "vm-koski-brussels-noyear.txt": {
        "who met whom?": "meeting",
        "Where did they meet?": "meeting",
        "What year was it?": "ns_year",
        "Did they discuss tax cooperation?": "topic_tax_cooperation",
        "How long did the meeting last?": "about_meeting",  # "The meeting lasted about an hour."
    },
}


@pytest.mark.parametrize(
    ("name", "question", "fact_id"),
    [(name, q, f) for name, asked in QUESTIONS.items() for q, f in asked.items()],
)
def test_a_draft_answers_basic_questions(
    name: str, question: str, fact_id: str, tmp_path: Path
) -> None:
    base = written(ingest_text((RELEASES / name).read_text(encoding="utf-8"), None), tmp_path)
    assert Engine([base]).ask(question).fact_id == fact_id


def test_the_bundled_release_draft_answers_from_its_records(tmp_path: Path) -> None:
    base = written(ingest_text(BUNDLED.read_text(encoding="utf-8"), None), tmp_path)
    engine = Engine([base])
    assert engine.ask("who met whom?").fact_id == "meeting"
    assert engine.ask("Where was the meeting?").fact_id == "meeting"
    assert engine.ask("When did they meet?").fact_id == "meeting_when"  # not stated
    assert engine.ask("What did Konovalov say?").fact_id == "konovalov_said"  # not quoted
    assert str(engine.ask("What did Häkkänen say about cybercrime?").fact_id).startswith("quote_")
    assert engine.ask("hello").outcome.value == "smalltalk"


# -- how the draft is put together ---------------------------------------------------------------


def test_release_section_is_a_draft_with_id_from_the_headline_and_order() -> None:
    draft = ingest_text((RELEASES / SALONEN).read_text(encoding="utf-8"), None, order=7)
    release = draft.data["release"]
    assert release["draft"] is True
    assert release["order"] == 7
    assert (
        release["id"] == draft.release_id == "prime-minister-salonen-and-german-federal-chancellor"
    )
    assert release["headline"] == parse_document((RELEASES / SALONEN).read_text()).headline.clean
    assert release["publisher"] == "REVIEW: publisher"


def test_release_id_can_be_given_but_must_be_valid() -> None:
    text = (RELEASES / SALONEN).read_text(encoding="utf-8")
    assert ingest_text(text, "pm-2024-08-19").release_id == "pm-2024-08-19"
    with pytest.raises(IngestError, match="must be lower-case"):
        ingest_text(text, "Not Valid")


def test_empty_text_is_refused() -> None:
    with pytest.raises(IngestError, match="empty"):
        ingest_text(" \n\n", None)


def test_a_headline_without_letters_or_digits_needs_an_id() -> None:
    with pytest.raises(IngestError, match="give --id"):
        ingest_text("!!!\n\nMinister Aalto spoke.\n", None)
    assert ingest_text("!!!\n\nMinister Aalto spoke.\n", "given").release_id == "given"


def test_sections_in_the_order_the_knowledge_base_reads_best() -> None:
    assert list(ingest(SALONEN).data) == [
        "release",
        "contacts",
        "people",
        "offices",
        "places",
        "meetings",
        "topics",
        "quotes",
        "synonyms",
        "facts",
        "not_stated",
        "smalltalk",
    ]


def test_facts_come_in_the_order_a_reader_meets_them() -> None:
    assert fact_ids(ingest(SALONEN)) == [
        "summary",
        "meeting_2_details",  # Albrecht's meetings "during her visit to Helsinki"
        "topics",
        "contact",
    ]
    assert fact_ids(ingest(NORRBACK))[-2:] == ["about_annex", "contact"]


def test_related_links_point_to_what_a_reader_asks_next() -> None:
    draft = ingest(SALONEN)
    meetings = {m["id"]: m.get("related", []) for m in draft.data["meetings"]}
    assert meetings == {
        "meeting": ["meeting_2_details", "meeting_2"],
        "meeting_2": ["meeting_2_details", "meeting"],
    }
    facts = {f["id"]: f.get("related", []) for f in draft.data["facts"]}
    assert facts["topics"] == [
        "topic_energy_security",
        "topic_support_ukraine",
        "topic_state_baltic_sea",
    ]
    assert facts["meeting_2_details"] == ["meeting_2"]


def test_related_links_only_go_to_entries_the_base_has(release_file: Path, tmp_path: Path):
    base = written(ingest_text(release_file.read_text(encoding="utf-8"), None), tmp_path)
    ids = {entry.id for entry in base.entries}
    assert all(set(entry.related) <= ids for entry in base.entries)


def test_release_without_contact_line_gets_a_placeholder_contact() -> None:
    text = "Minister Aalto visited Turku\n\nMinister of Culture Sanni Aalto opened a library.\n"
    draft = checked(text)
    (contact,) = draft.contacts
    assert contact.name.startswith("REVIEW:")
    assert notes_with(draft, "no press contact with a phone found")
    assert notes_with(draft, "no contact lines found")


def test_the_placeholder_contact_is_a_number_no_country_has() -> None:
    text = "Minister Aalto visited Turku\n\nMinister of Culture Sanni Aalto opened a library.\n"
    (contact,) = ingest_text(text, None, publisher="Ministry of Culture").contacts
    assert (contact.phone, contact.phone_e164) == (PLACEHOLDER_PHONE, "+9990000000")
    assert contact.organisation == "Ministry of Culture"


def test_without_people_the_people_section_is_left_out_and_listed() -> None:
    draft = checked(f"Library opens\n\nThe new library opens on Monday.\n{CONTACT_LINE}")
    assert "people" not in draft.data and draft.people == ()
    assert notes_with(draft, "no people with titles found")


@pytest.mark.parametrize("publisher", [None, "", "   "])
def test_a_blank_publisher_is_none(publisher: str | None) -> None:
    draft = ingest_text(release_text(SALONEN), None, publisher=publisher)
    assert draft.data["release"]["publisher"] == "REVIEW: publisher"
    assert notes_with(draft, "publisher not given (--publisher)")


def test_the_publisher_is_written_trimmed() -> None:
    draft = ingest_text(release_text(SALONEN), None, publisher="  Finnish Government ")
    assert draft.data["release"]["publisher"] == "Finnish Government"
    assert not notes_with(draft, "publisher not given")


def test_the_draft_carries_the_text_and_what_the_rules_found() -> None:
    text = release_text(SALONEN)
    draft = ingest_text(text, None)
    assert draft.text == text
    assert [p.id for p in draft.people] == [p["id"] for p in draft.data["people"]]
    assert [c.as_yaml() for c in draft.contacts] == draft.data["contacts"]
    assert fact(draft, "summary")["answer"] == draft.data["release"]["summary"]


def test_braces_in_the_text_do_not_become_placeholders() -> None:
    text = (
        "Ministry publishes template {name}\n\n"
        "The new form has fields such as {name} and {date}.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    answers = [f["answer"] for f in draft.data["facts"]]
    assert any("(name) and (date)" in answer for answer in answers)
    assert notes_with(draft, "braces from the text written as ( )")


def test_text_that_is_no_press_release_still_makes_a_loadable_draft() -> None:
    text = (
        "Notes\n\n"
        "* item one\n* item two\n"
        "x = {a: 1}; y = [1, 2, 3]\n"
        '"unbalanced quote\n'
        "– dash without speaker.\n"
        "12.13.2024 is no date. On 31 February 2024 nothing happened.\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "no sentence says who met whom: no meeting written")
    assert notes_with(draft, "no press contact with a phone found")
