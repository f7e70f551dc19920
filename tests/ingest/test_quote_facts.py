"""Facts for quotes (bot.ingest.quote_facts): one per quote, one per speaker, and who is quoted."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.keywords import Keywords
from bot.ingest.names import IdMaker
from bot.ingest.quote_facts import (
    GENERAL_QUOTE_QUESTIONS,
    quote_facts,
    render_quote,
    speaker_facts,
)
from tests.ingest.conftest import CONTACT_LINE, extracted

TWO_SPEAKERS = (
    "Aalto and Tamm met in Turku\n\n"
    "Minister of Culture Sanni Aalto met Estonian Minister of Culture Mari Tamm.\n"
    "“Libraries matter to every town,” Aalto said.\n"
    "“Museums keep our memory alive,” Tamm said. “Archives too.”\n"
    "The new library cost ten million euros.\n"
    f"{CONTACT_LINE}"
)


def facts_of(text: str) -> tuple[list[DraftEntry], list[DraftEntry]]:
    """The per-quote facts and the per-speaker facts of `text`."""
    found, _ = extracted(text)
    paragraphs = [p.clean for p in found.document.body if not p.is_contact]
    names = {word for person in found.people for word in person.name.split()}
    keywords = Keywords(paragraphs, names, [], found.document.headline.clean)
    ids = IdMaker()
    per_quote = quote_facts(found.quotes, keywords, ids)
    return list(per_quote.values()), speaker_facts(found.quotes, per_quote, ids)


def test_one_fact_per_quote_asked_about_by_its_keywords() -> None:
    aalto, tamm = facts_of(TWO_SPEAKERS)[0]
    assert aalto.id == "quote_aalto_matter"
    assert aalto.answer == "Aalto said: “Libraries matter to every town.”"
    assert aalto.source == ["“Libraries matter to every town,” Aalto said."]
    assert aalto.questions[:2] == [
        "What did Aalto say about matter?",
        "What did Aalto say about town?",
    ]
    assert "What did Sanni Aalto say about matter?" in aalto.questions
    assert aalto.tags[:2] == ["say", "quote"]
    assert tamm.answer == "Tamm said: “Museums keep our memory alive. Archives too.”"
    assert tamm.source == ["“Museums keep our memory alive,” Tamm said.", "“Archives too.”"]


def test_each_speaker_gets_all_their_quotes_and_several_speakers_a_who_is_quoted_fact() -> None:
    per_quote, speakers = facts_of(TWO_SPEAKERS)
    assert [f.id for f in speakers] == ["aalto_quotes", "tamm_quotes", "quotes"]
    aalto = speakers[0]
    assert aalto.questions[0] == "What did Aalto say?"
    assert aalto.related == [per_quote[0].id]
    assert not set(GENERAL_QUOTE_QUESTIONS) & set(aalto.questions)
    everyone = speakers[-1]
    assert everyone.answer == "The release quotes Sanni Aalto and Mari Tamm."
    assert everyone.questions == GENERAL_QUOTE_QUESTIONS
    assert everyone.related == [f.id for f in per_quote]


def test_a_single_speaker_answers_the_general_quote_questions() -> None:
    per_quote, speakers = facts_of(TWO_SPEAKERS.replace("Tamm said", "Aalto said"))
    (aalto,) = speakers
    assert aalto.id == "aalto_quotes"
    assert aalto.questions[-len(GENERAL_QUOTE_QUESTIONS) :] == GENERAL_QUOTE_QUESTIONS
    assert aalto.answer == " ".join(f.answer for f in per_quote)
    assert aalto.source == [f.source[0] for f in per_quote]


def test_no_quotes_no_quote_facts() -> None:
    assert facts_of("H\n\nNobody said anything.\n") == ([], [])


def test_render_quote() -> None:
    found, _ = extracted(TWO_SPEAKERS.replace("Aalto said", "Aalto pointed out"))
    assert render_quote(found.quotes[0]) == "Aalto pointed out: “Libraries matter to every town.”"
