"""The ingest corpus (tests/data/ingest_corpus): 16 fictional releases in the style of the Finnish
Government's English releases, each with the records a reader finds in it (NN-slug.expected.yaml,
conventions in its README) and eight questions written before any draft was seen
(NN-slug.questions.yaml, a source-labelled set). Drafts are made once per test session."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_knowledge_base
from bot.ingest import Draft, ingest_text, write_draft
from tests.conftest import DATA

CORPUS = DATA / "ingest_corpus"
SLUGS = sorted(path.stem for path in CORPUS.glob("*.txt"))


@dataclass(frozen=True)
class Drafted:
    """A corpus release, its untouched draft, and the knowledge base the draft loads as."""

    slug: str
    text: str
    expected: dict[str, Any]
    draft: Draft
    base: KnowledgeBase
    folder: Path

    @property
    def questions(self) -> Path:
        return CORPUS / f"{self.slug}.questions.yaml"


@cache
def drafted(slug: str) -> Drafted:
    """Ingest a corpus release (its slug is the release id), write the draft, load it."""
    text = (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((CORPUS / f"{slug}.expected.yaml").read_text(encoding="utf-8"))
    draft = ingest_text(text, slug)
    folder = write_draft(draft, Path(tempfile.mkdtemp(prefix="ingest-corpus-")) / slug)
    base = load_knowledge_base(folder / "knowledge.yaml")
    return Drafted(slug, text, expected, draft, base, folder)


def people(found: Drafted) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "honorific": p.honorific, "role": p.role, "country": p.country}
        for p in found.draft.people
    ]


def offices(found: Drafted) -> list[dict[str, Any]]:
    records = found.draft.extracted.meetings.offices.records
    return [{"office": o.name, "country": o.country} for o in records if not o.is_group]


def meetings(found: Drafted) -> list[dict[str, Any]]:
    return [
        {
            "participants": [party.name for party in m.participants],
            "place": m.place,
            "dates": list(m.when.iso) if m.when else [],
            "date_text": m.when.text if m.when else None,
            "status": m.status,
        }
        for m in found.draft.extracted.meetings.meetings
    ]


def quotes(found: Drafted) -> list[dict[str, Any]]:
    return [{"speaker": q.speaker.name, "text": q.text} for q in found.draft.quotes]


def contacts(found: Drafted) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "title": c.title,
            "organisation": c.printed_organisation,
            "phone": c.printed_phone,
            "phone_e164": c.phone_e164,
            "email": c.email,
        }
        for c in found.draft.contacts
    ]


def topics(found: Drafted) -> list[str]:
    return [topic.text for topic in found.draft.extracted.topics.topics]
