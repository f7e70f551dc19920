"""Ingest of the bundled release against its reviewed knowledge base: the contacts, the people and
the quotes (text and speaker) must come out the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_knowledge_base
from bot.core.normalize import fold
from bot.ingest import Draft, ingest_text, write_draft
from tests.conftest import ROOT

FOLDER = ROOT / "knowledge" / "moj-fi-hakkanen-konovalov-moscow"
_SPACES = re.compile(r"\s+")
# '"As cross-border ... as well, Häkkänen said.' -> the quote and "Häkkänen"
_RENDERED = re.compile(
    r"^[\"“”](?P<text>.*?)(?P<punct>[,.!?]?)[\"”]?\s+(?P<speaker>\w+)\s+(?:said|stated)\.$"
)


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@pytest.fixture(scope="module")
def reviewed() -> KnowledgeBase:
    return load_knowledge_base(FOLDER / "knowledge.yaml")


@pytest.fixture(scope="module")
def draft() -> Draft:
    return ingest_text((FOLDER / "release.txt").read_text(encoding="utf-8"), None)


@pytest.fixture(scope="module")
def drafted(draft: Draft, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = write_draft(draft, tmp_path_factory.mktemp("bundled") / draft.release_id)
    return load_knowledge_base(folder / "knowledge.yaml")


def speaker_name(base: KnowledgeBase, surname: str) -> str:
    """The full name of the person a surname in an attribution stands for."""
    (person,) = [p for p in base.people if fold(surname) in {fold(a) for a in (*p.aliases, p.name)}]
    return person.name


def reviewed_quotes(base: KnowledgeBase) -> set[tuple[str, str]]:
    """(speaker, quote text) as the reviewed base renders them in its quote_ facts' sources."""
    quotes = set()
    for entry in base.entries:
        if not entry.id.startswith("quote_"):
            continue
        match = _RENDERED.match(squash(" ".join(entry.sources)))
        assert match, entry.id
        punct = match["punct"] if match["punct"] in (".", "!", "?") else "."
        text = match["text"] + punct
        quotes.add((speaker_name(base, match["speaker"]), squash(text)))
    return quotes


def test_contacts_equal_the_reviewed_ones(reviewed: KnowledgeBase, drafted: KnowledgeBase):
    def key(base: KnowledgeBase) -> list[tuple[str, str, str, str]]:
        return [(c.name, c.title, c.phone, c.phone_e164) for c in base.contacts]

    assert key(drafted) == key(reviewed)


def test_people_equal_the_reviewed_ones(reviewed: KnowledgeBase, drafted: KnowledgeBase):
    def key(base: KnowledgeBase) -> list[tuple[str, str, str]]:
        return sorted((p.name, p.role, p.country) for p in base.people)

    assert key(drafted) == key(reviewed)


def test_people_ids_and_aliases(drafted: KnowledgeBase) -> None:
    people = {p.id: p for p in drafted.people}
    assert set(people) == {"hakkanen", "konovalov"}
    assert {"Häkkänen", "Hakkanen", "Haekkaenen", "Antti Häkkänen"} <= set(
        people["hakkanen"].aliases
    )
    assert {"Konovalov", "Alexander Konovalov"} <= set(people["konovalov"].aliases)


def test_quotes_equal_the_reviewed_ones(
    reviewed: KnowledgeBase, draft: Draft, drafted: KnowledgeBase
) -> None:
    expected = reviewed_quotes(reviewed)
    assert len(expected) == 3
    assert {(q.speaker.name, squash(q.text)) for q in draft.quotes} == expected
    assert reviewed_quotes(drafted) == expected


def test_quote_facts_have_the_reviewed_sources(reviewed: KnowledgeBase, drafted: KnowledgeBase):
    def key(base: KnowledgeBase) -> set[tuple[str, ...]]:
        return {
            tuple(squash(s) for s in e.sources) for e in base.entries if e.id.startswith("quote_")
        }

    assert key(drafted) == key(reviewed)


def test_quote_answers_render_speaker_and_text(draft: Draft) -> None:
    answers = [f["answer"] for f in draft.data["facts"] if f["id"].startswith("quote_")]
    assert answers[1] == (
        "Häkkänen stated: “In my opinion, enabling convicted persons to serve their prison "
        "sentences in their home countries is an important goal. We must, together, strive to "
        "handle these matters more effectively.”"
    )


def test_no_date_and_the_meeting_in_moscow(draft: Draft) -> None:
    facts = {f["id"]: f for f in draft.data["facts"]}
    assert "date" not in draft.data["release"]
    assert "ns_date" in [e["id"] for e in draft.data["not_stated"]]
    assert facts["location"]["answer"] == "Antti Häkkänen and Alexander Konovalov met in Moscow."


def test_topics_are_the_releases(draft: Draft) -> None:
    topics = [f["answer"] for f in draft.data["facts"] if f["id"].startswith("topic_")]
    assert topics == [
        "The Ministers discussed election interference as a phenomenon.",
        "Häkkänen and Konovalov discussed the number of foreign prisoners in Finnish and Russian "
        "prisons and their extradition to their home countries.",
        "The Ministers discussed cross-border cybercrime.",
        "The Ministers discussed the position of Jehovah's Witnesses in Russia.",
        "The Ministers discussed the work being carried out against domestic violence.",
    ]


def test_other_meetings(draft: Draft) -> None:
    (other,) = [f for f in draft.data["facts"] if f["id"] == "other_meetings"]
    assert "Will Häkkänen meet the Prosecutor General of Russia?" in other["questions"]
    assert (
        "Will Häkkänen meet representatives of the civil society and business life?"
        in other["questions"]
    )


def test_review_list_of_the_bundled_release(draft: Draft) -> None:
    assert draft.review == (
        "country of Antti Häkkänen not stated: Finland assumed from the country code of the "
        "press contact's phone",
        "organisation of contact Lauri Koskentausta unknown: 'REVIEW: organisation' written "
        "(give --publisher or fix it)",
        "paragraph 3 kept as a plain fact ('Häkkänen and Konovalov also discussed…'): check its "
        "questions",
        "paragraph 5 kept as a plain fact ('An increasingly significant share of…'): check its "
        "questions",
        "publisher not given (--publisher): 'REVIEW: publisher' written",
    )


def test_with_the_publisher_the_organisation_and_country_come_from_it(tmp_path: Path) -> None:
    text = (FOLDER / "release.txt").read_text(encoding="utf-8")
    draft = ingest_text(text, None, publisher="Ministry of Justice, Finland")
    assert draft.contacts[0].organisation == "Ministry of Justice, Finland"
    assert any("Finland assumed from the publisher" in note for note in draft.review)
    assert not any("REVIEW: organisation" in note for note in draft.review)
