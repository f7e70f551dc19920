"""Every draft `ingest` writes is a knowledge base the loader accepts, covers every sentence,
keeps the release text byte for byte, and answers basic questions through the real engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import load_knowledge_base
from bot.ingest import Draft, ingest_text, render_yaml, write_draft
from bot.ingest.sentences import parse_document, squash
from tests.conftest import DATA, ROOT

RELEASES = DATA / "releases"
KNOWLEDGE = ROOT / "knowledge"
BUNDLED = KNOWLEDGE / "moj-fi-hakkanen-konovalov-moscow" / "release.txt"
RELEASE_FILES = [*sorted(RELEASES.glob("*.txt")), BUNDLED]


def release_ids(path: Path) -> str:
    return path.stem if path != BUNDLED else "bundled"


@pytest.fixture(params=RELEASE_FILES, ids=release_ids)
def release_file(request: pytest.FixtureRequest) -> Path:
    return request.param


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


def test_release_text_is_kept_byte_for_byte(release_file: Path, tmp_path: Path) -> None:
    original = release_file.read_bytes()
    draft = ingest_text(original.decode("utf-8"), None)
    folder = write_draft(draft, tmp_path / "out")
    assert (folder / "release.txt").read_bytes() == original


def test_crlf_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = "\ufeff" + (RELEASES / "pm-salonen-albrecht-helsinki.txt").read_text().replace(
        "\n", "\r\n"
    )
    draft = ingest_text(text, None)
    folder = write_draft(draft, tmp_path / "out")
    assert (folder / "release.txt").read_bytes() == text.encode("utf-8")
    base = load_knowledge_base(folder / "knowledge.yaml")
    assert base.release.headline.startswith("Prime Minister Salonen")
    assert len(draft.quotes) == 2


def test_hard_wrapped_lines_are_joined_into_sentences(tmp_path: Path) -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto met Minister of Culture of\n"
        "Estonia Mari Tamm in Turku. They discussed museums.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = ingest_text(text, None)
    base = written(draft, tmp_path)
    assert base.entry("meeting") is not None
    assert {p.name: p.country for p in base.people}["Mari Tamm"] == "Estonia"


def test_yaml_is_block_style_commented_and_lists_the_review(tmp_path: Path) -> None:
    draft = ingest_text((RELEASES / "moj-norrback-oslo-undated.txt").read_text(), None)
    text = render_yaml(draft)
    assert text.startswith("# DRAFT knowledge base")
    assert "# Review list" in text and "REVIEW: organisation" in text
    assert "\nrelease:\n  id: " in text and "\nfacts:\n  - id: summary\n" in text
    assert yaml.safe_load(text) == draft.data


def test_no_entry_answer_uses_an_unknown_placeholder(release_file: Path, tmp_path: Path) -> None:
    base = written(ingest_text(release_file.read_text(encoding="utf-8"), None), tmp_path)
    for entry in base.entries:
        assert set(re.findall(r"\{[^{}]*\}", entry.answer)) <= {"{headline}", "{publisher}"}


QUESTIONS = {
    "pm-salonen-albrecht-helsinki.txt": {
        "who met whom?": "meeting",
        "Where was the meeting?": "location",
        "When did they meet?": "date",
        "What did they discuss?": "topics",
        "What did Salonen say?": "salonen_quotes",
        "What did Albrecht say about energy?": "quote_albrecht_energy",
        "Who else will Albrecht meet?": "other_meetings",
        "Who do I contact?": "contact",
        "Who is Katrin Albrecht?": "albrecht",
    },
    "moj-norrback-oslo-undated.txt": {
        "who met whom?": "meeting",
        "When was the meeting?": "ns_date",
        "What did Dahl say?": "ns_dahl_said",
        "Was anything agreed?": "ns_agreement",
        "Who is the press contact?": "contact",
    },
    "vm-koski-brussels-noyear.txt": {
        "who met whom?": "meeting",
        "Where did they meet?": "location",
        "What year was it?": "ns_year",
        "Did they discuss tax cooperation?": "topic_tax_cooperation",
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


def test_the_bundled_release_draft_answers_who_met_whom(tmp_path: Path) -> None:
    base = written(ingest_text(BUNDLED.read_text(encoding="utf-8"), None), tmp_path)
    engine = Engine([base])
    assert engine.ask("who met whom?").fact_id == "meeting"
    assert engine.ask("Where was the meeting?").fact_id == "location"
    assert engine.ask("When did they meet?").fact_id == "ns_date"
    assert engine.ask("What did Konovalov say?").fact_id == "ns_konovalov_said"
    assert engine.ask("hello").outcome.value == "smalltalk"
