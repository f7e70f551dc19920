"""Knowledge-base records: contacts' names, entries' titles, entries looked up by id and kind."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.knowledge import Contact, Entry, EntryKind, KnowledgeBase, Release


def contact(name: str) -> Contact:
    return Contact(
        name=name,
        title="Special Adviser",
        organisation="Ministry of Tests",
        phone="+358 40 123 4567",
        phone_e164="+358401234567",
    )


def entry(entry_id: str, kind: EntryKind = EntryKind.FACT) -> Entry:
    return Entry(
        id=entry_id,
        kind=kind,
        questions=(f"What about {entry_id}?", f"{entry_id}?"),
        answer=f"The answer about {entry_id}.",
    )


ENTRIES = (
    entry("meeting"),
    entry("ns_date", EntryKind.NOT_STATED),
    entry("thanks", EntryKind.SMALLTALK),
    entry("location"),
)
BASE = KnowledgeBase(
    release=Release(
        id="test-release",
        headline="Alpha met Beta",
        publisher="Ministry of Tests",
        language="en",
        summary="Alpha met Beta.",
        text="Alpha met Beta.",
    ),
    contacts=(contact("Jane Doe"), contact("John Roe")),
    people=(),
    entries=ENTRIES,
)


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Lauri Koskentausta", "Lauri", "Koskentausta"),
        ("Anna Maria van der Berg", "Anna", "Maria van der Berg"),
        ("Madonna", "Madonna", ""),
    ],
)
def test_a_contacts_first_and_last_name(name: str, first: str, last: str) -> None:
    assert (contact(name).first_name, contact(name).last_name) == (first, last)


def test_an_entry_is_titled_by_its_first_question() -> None:
    assert entry("meeting").title == "What about meeting?"


def test_the_base_is_known_by_its_release_id_and_its_first_contact() -> None:
    assert BASE.id == "test-release"
    assert BASE.contact.name == "Jane Doe"


def test_entries_are_found_by_id() -> None:
    assert BASE.entry("location") is ENTRIES[3]
    assert BASE.entry("ns_date") is ENTRIES[1]
    assert BASE.entry("nowhere") is None


def test_entries_of_a_kind_keep_their_order() -> None:
    assert BASE.entries_of(EntryKind.FACT) == (ENTRIES[0], ENTRIES[3])
    assert BASE.entries_of(EntryKind.NOT_STATED) == (ENTRIES[1],)
    assert BASE.entries_of(EntryKind.SMALLTALK) == (ENTRIES[2],)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("fact", EntryKind.FACT),
        ("not_stated", EntryKind.NOT_STATED),
        ("smalltalk", EntryKind.SMALLTALK),
    ],
)
def test_kinds_have_the_names_check_counts_them_by(name: str, kind: EntryKind) -> None:
    assert EntryKind(name) is kind and f"{kind}" == name


def test_records_cannot_be_changed() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ENTRIES[0].answer = "something else"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.release.draft = True  # type: ignore[misc]
