"""Plain facts (bot.ingest.plain): paragraphs no rule explained, kept verbatim and listed."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.keywords import Keywords
from bot.ingest.names import IdMaker
from bot.ingest.plain import MAX_TAGS, plain_facts
from bot.ingest.review import Review
from tests.ingest.conftest import CONTACT_LINE, NORRBACK, extracted, ingest, notes_with

TEXT = (
    "Aalto visited Turku\n\n"
    "“Libraries matter to every town,” Aalto said. The new library cost ten million euros.\n"
    "Construction took three years.\n"
    f"{CONTACT_LINE}"
)


def plain(text: str, covered: set[str]) -> tuple[list[DraftEntry], Review]:
    found, _ = extracted(text)
    paragraphs = [p.clean for p in found.document.text_paragraphs]
    keywords = Keywords(paragraphs, {"Aalto"}, [], found.document.headline.clean)
    review = Review()
    return plain_facts(found, covered, keywords, IdMaker(), review), review


def test_unparseable_lines_are_kept_as_plain_facts_and_listed() -> None:
    draft = ingest(NORRBACK)
    plain = [f for f in draft.data["facts"] if f["id"].startswith("about_")]
    assert [f["source"] for f in plain] == [["### ANNEX 2b // tbl. 4 (rev.) -- n/a ###"]]
    assert notes_with(draft, "kept as a plain fact ('### ANNEX 2b // tbl. 4 (rev.) -- n/a")


def test_each_paragraph_with_an_uncovered_sentence_is_one_fact() -> None:
    facts, review = plain(TEXT, {"Construction took three years."})
    (fact,) = facts
    assert fact.id == "about_library"
    assert fact.answer == "The new library cost ten million euros."  # the quote is not in it
    assert fact.source == ["The new library cost ten million euros."]
    assert fact.questions[:3] == ["What about library?", "Tell me about library", "library"]
    assert fact.questions[-1] == "library and cost"
    assert not any("say" in question for question in fact.questions)  # "say" asks for a quote
    assert fact.tags == ["library", "cost", "million", "euros"]
    assert notes_with(review, "paragraph 1 kept as a plain fact ('The new library cost ten million")


def test_covered_paragraphs_make_no_fact() -> None:
    sentences = {
        "“Libraries matter to every town,” Aalto said.",
        "The new library cost ten million euros.",
        "Construction took three years.",
    }
    facts, review = plain(TEXT, sentences)
    assert facts == [] and review.notes == ()


def test_a_paragraph_without_keywords_is_asked_about_by_its_start() -> None:
    facts, _ = plain("Aalto\n\nIt is so.\n", set())
    (fact,) = facts
    assert fact.id == "about_paragraph"
    assert fact.questions == ["Tell me about “It is so.”"]


def test_only_the_sentences_no_record_covers_are_kept() -> None:
    facts, _ = plain(TEXT, {"The new library cost ten million euros."})
    (fact,) = facts
    assert fact.source == ["Construction took three years."]


def test_the_people_a_paragraph_names_are_its_tags_by_name_and_title() -> None:
    text = (
        "H\n\nMinister of Culture Sanni Aalto met Estonia's Minister of Culture Mari Tamm. "
        "Dr Tamm briefed Aalto on museums.\n"
    )
    facts, _ = plain(
        text, {"Minister of Culture Sanni Aalto met Estonia's Minister of Culture Mari Tamm."}
    )
    (fact,) = facts
    assert {"Tamm", "Aalto", "Minister", "Culture"} <= set(fact.tags)


def test_a_sentence_on_how_long_something_lasted_is_asked_about_so() -> None:
    facts, _ = plain("H\n\nThe meeting lasted about an hour.\n", set())
    assert "How long did the meeting last?" in facts[0].questions


def test_tags_are_the_keywords_at_most_max_tags() -> None:
    words = " ".join(f"word{chr(97 + i)}x" for i in range(MAX_TAGS + 5))
    facts, _ = plain(f"Aalto\n\n{words}.\n", set())
    (fact,) = facts
    assert len(fact.tags) == MAX_TAGS and fact.tags[0] == "wordax"


def test_a_sentence_about_something_is_asked_about_by_its_subject() -> None:
    facts, _ = plain(
        "H\n\nThe working group will report next spring. The visit is the first in years.\n",
        set(),
    )
    questions = facts[0].questions
    assert {"What about the working group?", "What will the working group do?"} <= set(questions)
    assert "What about the visit?" in questions and "What did the visit do?" not in questions
