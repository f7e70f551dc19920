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


def test_people_equal_the_reviewed_ones_but_for_what_the_text_does_not_print(
    reviewed: KnowledgeBase, drafted: KnowledgeBase
) -> None:
    """The reviewer gave Häkkänen Finland and kept "of the Russian Federation" in Konovalov's
    title; the draft gives only the country the text prints, and the role without it."""

    def key(base: KnowledgeBase) -> list[tuple[str, str | None]]:
        return sorted((p.name, p.country) for p in base.people)

    assert key(drafted) == [("Alexander Konovalov", "Russia"), ("Antti Häkkänen", None)]
    assert key(reviewed) == [("Alexander Konovalov", "Russia"), ("Antti Häkkänen", "Finland")]
    assert {p.role for p in drafted.people} == {"Minister of Justice"}
    assert [p.role for p in reviewed.people if p.id == "konovalov"] == [
        "Minister of Justice of the Russian Federation"
    ]


def test_people_ids_and_aliases(drafted: KnowledgeBase) -> None:
    people = {p.id: p for p in drafted.people}
    assert set(people) == {"hakkanen", "konovalov"}
    assert {"Häkkänen", "Hakkanen", "Haekkaenen", "Antti Häkkänen"} <= set(
        people["hakkanen"].aliases
    )
    assert {"Konovalov", "Alexander Konovalov"} <= set(people["konovalov"].aliases)


def test_quotes_equal_the_reviewed_ones(reviewed: KnowledgeBase, drafted: KnowledgeBase) -> None:
    def key(base: KnowledgeBase) -> list[tuple[str, str, tuple[str, ...]]]:
        return [(q.speaker, squash(q.text), tuple(map(squash, q.sources))) for q in base.quotes]

    assert len(reviewed.quotes) == 3
    assert key(drafted) == key(reviewed)


def test_quote_facts_have_the_reviewed_sources(reviewed: KnowledgeBase, drafted: KnowledgeBase):
    def key(base: KnowledgeBase) -> set[tuple[str, ...]]:
        return {
            tuple(squash(s) for s in e.sources) for e in base.entries if e.id.startswith("quote_")
        }

    assert key(drafted) == key(reviewed)


def test_the_meetings_are_the_reviewed_ones(reviewed: KnowledgeBase, drafted: KnowledgeBase):
    def key(base: KnowledgeBase) -> list[tuple[str, str | None, str | None, str, int]]:
        return [
            (
                m.participants[0],
                base.named(m.place or ""),
                m.time,
                m.status.value,
                len(m.participants),
            )
            for m in base.meetings
        ]

    # the reviewer split "representatives of the civil society and business life" in two
    assert key(drafted) == [
        ("hakkanen", "Moscow", None, "held", 2),
        ("hakkanen", "Moscow", None, "planned", 5),
    ]
    assert [k[:4] for k in key(reviewed)] == [k[:4] for k in key(drafted)]
    offices = {o.name: o.country for o in drafted.offices}
    assert offices["Prosecutor General"] == "Russia"
    assert offices["representatives of the civil society and business life"] is None


def test_no_date_and_the_meeting_in_moscow(draft: Draft, drafted: KnowledgeBase) -> None:
    assert "date" not in draft.data["release"] and "published" not in draft.data["release"]
    held = drafted.entry("meeting")
    assert held is not None and held.answer == (
        "Minister of Justice Antti Häkkänen met Minister of Justice Alexander Konovalov in Moscow."
    )
    unknown = drafted.entry("meeting_when")
    assert unknown is not None and "does not say" in unknown.answer


def test_topics_are_the_releases(draft: Draft) -> None:
    assert [t["name"] for t in draft.data["topics"]] == [
        "election interference as a phenomenon",
        "the number of foreign prisoners in Finnish and Russian prisons and their extradition "
        "to their home countries",
        "cross-border cybercrime",
        "the position of Jehovah's Witnesses in Russia",
        "the work being carried out against domestic violence",
    ]


def test_review_list_of_the_bundled_release(draft: Draft) -> None:
    assert draft.review == (
        "country of Antti Häkkänen not stated: none written (add it if known)",
        "organisation of contact Lauri Koskentausta unknown: 'REVIEW: organisation' written "
        "(give --publisher or fix it)",
        "paragraph 3 kept as a plain fact ('The number of foreign prisoners in…'): check its "
        "questions",
        "paragraph 5 kept as a plain fact ('An increasingly significant share of…'): check its "
        "questions",
        "publisher not given (--publisher): 'REVIEW: publisher' written",
    )


def test_with_the_publisher_the_organisation_comes_from_it_but_no_country(tmp_path: Path) -> None:
    text = (FOLDER / "release.txt").read_text(encoding="utf-8")
    draft = ingest_text(text, None, publisher="Ministry of Justice, Finland")
    assert draft.contacts[0].organisation == "Ministry of Justice, Finland"
    assert [p.country for p in draft.people] == [None, "Russia"]
    assert not any("REVIEW: organisation" in note for note in draft.review)
