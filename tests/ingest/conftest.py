"""What the ingest tests share: the fictional releases in tests/data (and the `release_file`
fixture over them and the bundled release), an ingest whose draft must load and cover every
sentence, and short ways to look into a draft."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from bot.core.knowledge import EntryKind
from bot.core.loader import load_knowledge_base
from bot.ingest import Draft, ingest_text, write_draft
from bot.ingest.extraction import Extracted, extract
from bot.ingest.review import Review
from bot.ingest.sentences import Sentence, parse_document
from tests.conftest import DATA, ROOT

RELEASES = DATA / "releases"
SALONEN = "pm-salonen-albrecht-helsinki.txt"
VAARA = "mfa-vaara-ekdahl-stockholm.txt"
LEHTOLA = "env-lehtola-tallinn.txt"
NORRBACK = "moj-norrback-oslo-undated.txt"
KOSKI = "vm-koski-brussels-noyear.txt"
CONTACT_LINE = "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
BUNDLED = ROOT / "knowledge" / "moj-fi-hakkanen-konovalov-moscow" / "release.txt"
RELEASE_FILES = [*sorted(RELEASES.glob("*.txt")), BUNDLED]


def release_ids(path: Path) -> str:
    return path.stem if path != BUNDLED else "bundled"


@pytest.fixture(params=RELEASE_FILES, ids=release_ids)
def release_file(request: pytest.FixtureRequest) -> Path:
    """Each fictional release, then the bundled one."""
    return request.param


def release_text(name: str) -> str:
    return (RELEASES / name).read_text(encoding="utf-8")


def ingest(name: str, publisher: str | None = None) -> Draft:
    return checked(release_text(name), publisher=publisher)


def checked(text: str, publisher: str | None = None) -> Draft:
    """`ingest_text`, and the draft must load and cover every sentence of the text."""
    draft = ingest_text(text, None, publisher=publisher)
    with tempfile.TemporaryDirectory() as folder:
        base = load_knowledge_base(write_draft(draft, Path(folder) / "d") / "knowledge.yaml")
    sources = {source for entry in base.entries_of(EntryKind.FACT) for source in entry.sources}
    assert [s.clean for s in parse_document(text).sentences if s.clean not in sources] == []
    return draft


def extracted(text: str, publisher: str | None = None) -> tuple[Extracted, Review]:
    """What the readers find in `text`, and the review list they wrote."""
    review = Review()
    return extract(parse_document(text), publisher, review), review


def sentences(*texts: str) -> tuple[Sentence, ...]:
    """Body sentences with the given texts, in order (one paragraph)."""
    return tuple(Sentence(text, 0, 1, index) for index, text in enumerate(texts))


def quotes_of(draft: Draft) -> list[tuple[str, str, str]]:
    """(speaker's name, verb, quote text) for every quote, in order."""
    return [(q.speaker.name, q.verb, q.text) for q in draft.quotes]


def people_of(draft: Draft) -> dict[str, tuple[str, str]]:
    return {p.name: (p.role, p.country) for p in draft.people}


def contacts_of(draft: Draft) -> list[tuple[str, str, str, str, str]]:
    return [(c.name, c.title, c.organisation, c.phone, c.phone_e164) for c in draft.contacts]


def fact(draft: Draft, fact_id: str) -> dict:
    return next(f for f in draft.data["facts"] if f["id"] == fact_id)


def fact_ids(draft: Draft) -> list[str]:
    return [f["id"] for f in draft.data["facts"]]


def entry_ids(draft: Draft, section: str) -> list[str]:
    return [entry["id"] for entry in draft.data[section]]


def notes_with(draft: Draft | Review, words: str) -> list[str]:
    notes = draft.review if isinstance(draft, Draft) else draft.notes
    return [note for note in notes if words in note]
