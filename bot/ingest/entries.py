"""Draft entries (facts, "not stated" entries, small talk) as the knowledge base writes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.names import unique


@dataclass
class DraftEntry:
    """One entry: its questions, its answer and, for facts, its verbatim source sentences."""

    id: str
    questions: list[str]
    answer: str
    source: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def as_yaml(self, with_source: bool = True) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "questions": _questions(self.questions),
            "answer": self.answer,
        }
        if with_source:
            data["source"] = unique(self.source)
        if self.related:
            data["related"] = unique([r for r in self.related if r != self.id])
        if self.tags:
            data["tags"] = unique([tag.lower() for tag in self.tags if fold(tag)])
        return data

    def small_talk(self) -> dict[str, object]:
        return {"id": self.id, "questions": _questions(self.questions), "answer": self.answer}


def _questions(questions: list[str]) -> list[str]:
    """The questions without repeats (ignoring case and accents) or wordless ones."""
    seen: dict[str, str] = {}
    for question in questions:
        key = fold(question)
        if key and key not in seen:
            seen[key] = " ".join(question.split())
    return list(seen.values())
