"""`related` links: the entries a reader would ask about next, offered as buttons."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted


def link_related(facts: list[DraftEntry], extracted: Extracted) -> None:
    """Fill `related` with the facts a reader would ask about next."""
    known = {fact.id for fact in facts} | ({"ns_date"} if extracted.date is None else set())
    date_id = "date" if "date" in known else "ns_date"
    topic_ids = [fact.id for fact in facts if fact.id.startswith("topic_")]
    wanted = {
        "summary": ["meeting", "topics", "contact"],
        "meeting": ["location", "topics", "other_meetings", date_id],
        "location": ["meeting", date_id],
        "date": ["meeting", "location"],
        "topics": topic_ids[:3],
        "other_meetings": ["meeting", "location"],
        **{person.id: ["meeting", f"{person.id}_quotes"] for person in extracted.people},
    }
    for fact in facts:
        if fact.id.startswith("topic_"):
            wanted[fact.id] = ["topics"]
        for listed in fact.related:  # a speaker's quotes point back to the speaker's fact
            if listed.startswith("quote_"):
                wanted.setdefault(listed, []).append(fact.id)
    for fact in facts:
        fact.related = [r for r in [*fact.related, *wanted.get(fact.id, [])] if r in known]
