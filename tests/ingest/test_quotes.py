"""Direct quotes and their speakers (bot.ingest.quotes), in the styles governments write them:
the text verbatim between the marks, without the comma that leads into the attribution."""

from __future__ import annotations

import pytest

from bot.ingest.people import find_people
from bot.ingest.quotes import find_quotes
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import (
    CONTACT_LINE,
    KOSKI,
    LEHTOLA,
    NORRBACK,
    SALONEN,
    VAARA,
    checked,
    ingest,
    notes_with,
    people_of,
    quotes_of,
)


def quotes_in(line: str) -> tuple[list[tuple[str, str, str]], Review]:
    """(speaker, verb, text) of the quotes in `line`, after a sentence introducing Sanni Aalto."""
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        f"{line}\n{CONTACT_LINE}"
    )
    document = parse_document(text)
    review = Review()
    found = find_quotes(document, find_people(document, review), review)
    return [(q.speaker.name, q.verb, q.text) for q in found], review


def test_curly_quotes_over_two_sentences_and_with_a_title_before_the_speaker() -> None:
    assert quotes_of(ingest(SALONEN)) == [
        (
            "Mervi Salonen",
            "said",
            "Our countries share the same goals in the Baltic Sea region. We want to deepen our "
            "cooperation on clean energy and hydrogen",
        ),
        (
            "Katrin Albrecht",
            "stated",
            "Finland is an important partner for Germany in the energy transition",
        ),
    ]


def test_straight_and_single_quotes_with_speaker_after_or_before_the_verb() -> None:
    assert quotes_of(ingest(VAARA)) == [
        (
            "Elina Vaara",
            "stated",
            "The Nordic countries must act together when the security environment changes",
        ),
        (
            "Johan Ekdahl",
            "says",
            "Sweden and Finland have never been closer partners than they are today",
        ),
    ]


def test_dash_opened_quotes_and_an_unattributed_paragraph_before_an_attributed_one() -> None:
    draft = ingest(LEHTOLA)
    assert quotes_of(draft) == [
        (
            "Kaisa Lehtola",
            "says",
            "The Gulf of Finland is a shared sea. No single country can protect it alone. "
            "We will continue our joint monitoring programme",
        ),
        ("Mart Kask", "said", "Estonia is ready to invest in new treatment plants"),
        ("Kaisa Lehtola", "said", "Cleaner water is a long-term project."),
        (
            "Kaisa Lehtola",
            "said",
            "It needs funding that lasts beyond one electoral term, and it needs the trust of "
            "farmers",
        ),
    ]
    assert [len(q.sentences) for q in draft.quotes] == [3, 1, 1, 1]


def test_quote_opened_and_never_closed_ends_at_the_attribution() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        '"Libraries are the living rooms of our towns. They belong to everyone, Aalto said.\n'
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert quotes_of(draft) == [
        (
            "Sanni Aalto",
            "said",
            "Libraries are the living rooms of our towns. They belong to everyone",
        )
    ]


def test_speaker_first_with_a_colon_pronoun_and_a_quote_split_by_its_attribution() -> None:
    draft = ingest(KOSKI)
    assert quotes_of(draft) == [
        (
            "Aino Koski",
            "said",
            "Finland supports a budget that focuses on security and competitiveness.",
        ),
        ("Aino Koski", "said", "We have to keep public finances sustainable"),
        ("Aino Koski", "said", "Otherwise we will have no room to act in the next crisis."),
    ]
    assert notes_with(draft, "speaker 'she' taken to be Aino Koski")


def test_a_closed_quote_right_after_an_attributed_one_is_the_same_speakers() -> None:
    assert quotes_of(ingest(NORRBACK)) == [
        ("Linnea Norrback", "said", "Courts across the Nordic region face the same backlog"),
        ("Linnea Norrback", "said", "Sharing our solutions saves time and money."),
    ]


def test_a_quote_that_lacks_its_opening_mark() -> None:
    found, _ = quotes_in(
        'We cannot build it alone if each country plans its ports alone," Minister Aalto said.'
    )
    assert found == [
        ("Sanni Aalto", "said", "We cannot build it alone if each country plans its ports alone")
    ]


def test_a_dash_paragraph_without_attribution_after_a_dash_quote() -> None:
    found, _ = quotes_in(
        "– Forest owners need rules. The rules must be proportionate, Minister Aalto says.\n"
        "– Our forest owners have shown the way."
    )
    assert found == [
        ("Sanni Aalto", "says", "Forest owners need rules. The rules must be proportionate"),
        ("Sanni Aalto", "says", "Our forest owners have shown the way."),
    ]


def test_apostrophes_inside_single_quotes_and_an_attribution_that_goes_on() -> None:
    found, _ = quotes_in(
        "‘We learn from each other’s solutions’, says Minister Aalto.\n"
        "'Finland's partners matter', Aalto said ahead of the visit."
    )
    assert found == [
        ("Sanni Aalto", "says", "We learn from each other’s solutions"),
        ("Sanni Aalto", "said", "Finland's partners matter"),
    ]


def test_speaker_referred_to_by_surname_or_title_resolves_to_the_person() -> None:
    draft = ingest(SALONEN)
    speakers = {quote.speaker.id for quote in draft.quotes}
    assert speakers == {"salonen", "albrecht"}
    records = draft.data["quotes"]
    assert [(q["id"], q["speaker"]) for q in records] == [
        ("quote_salonen_energy", "salonen"),
        ("quote_albrecht_energy", "albrecht"),
    ]


def test_quote_without_a_speaker_stays_a_plain_fact_on_the_review_list() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "“Reading is a civic skill.”\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "has no speaker: kept as a plain fact")
    sources = [s for f in draft.data["facts"] for s in f["source"]]
    assert "“Reading is a civic skill.”" in sources


def test_dash_line_without_a_speaker_is_not_a_quote() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "- Opening hours are longer on weekdays.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "starts with a dash but names no speaker")


def test_an_unknown_speaker_becomes_a_person_to_review() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "“We waited ten years for this,” Liisa Rantala said.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert quotes_of(draft) == [("Liisa Rantala", "said", "We waited ten years for this")]
    assert people_of(draft)["Liisa Rantala"] == ("REVIEW: role", None)
    assert notes_with(draft, "speaker Liisa Rantala is quoted but never given a title")


@pytest.mark.parametrize(
    "line",
    [
        "“Books matter,” Aalto said.",
        "“Books matter”, Aalto said.",
        "“Books matter,” said Aalto.",
        "“Books matter,” Aalto said in Turku on Monday.",
        "Aalto said: “Books matter.”",
    ],
)
def test_attribution_styles(line: str) -> None:
    (quote,) = quotes_in(line)[0]
    assert quote[:2] == ("Sanni Aalto", "said") and quote[2] in ("Books matter", "Books matter.")


def test_a_two_word_verb_and_a_speaker_named_by_title_only() -> None:
    found, review = quotes_in("“Books matter,” the Minister pointed out.")
    assert found == [("Sanni Aalto", "pointed out", "Books matter")]
    assert notes_with(review, "speaker 'the Minister' taken to be Sanni Aalto")


def test_a_title_nobody_has_is_not_resolved_and_listed() -> None:
    found, review = quotes_in("“Books matter,” the Mayor said.")
    assert found == []
    assert notes_with(review, "speaker 'the Mayor' not resolved")
