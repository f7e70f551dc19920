"""The matcher on the questions the issue names, and its four outcomes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.core.answers import Reply
from bot.core.engine import Engine
from bot.core.knowledge import Entry, EntryKind, KnowledgeBase
from bot.core.loader import load_library
from bot.core.matching import Candidate, Matcher, Outcome, Tuning, decide
from bot.core.source_evaluation import describe
from tests.conftest import DATA

# (question, expected outcome, expected entry id or None)
TABLE = [
    ("Who met whom?", Outcome.ANSWERED, "meeting"),
    ("who did hakkanen meet", Outcome.ANSWERED, "meeting"),
    ("Who did Häkkänen meet?", Outcome.ANSWERED, "meeting"),
    ("Konovalof?", Outcome.ANSWERED, "konovalov"),
    ("where was the meeting", Outcome.ANSWERED, "location"),
    ("what did they say about cybercrime", Outcome.ANSWERED, "quote_cybercrime"),
    ("phone number?", Outcome.ANSWERED, "contact"),
    ("who do I call about this story", Outcome.ANSWERED, "contact"),
    ("when was this?", Outcome.ANSWERED, "meeting_when"),
    ("What did Konovalov say?", Outcome.ANSWERED, "konovalov_said"),
    ("was an agreement signed", Outcome.ANSWERED, "ns_outcome"),
    ("what's the weather", Outcome.FALLBACK, None),
    ("thanks", Outcome.SMALLTALK, "thanks"),
    ("hello", Outcome.SMALLTALK, "greeting"),
    ("how are you doing today?", Outcome.SMALLTALK, "greeting"),
    ("what can you do?", Outcome.SMALLTALK, "help"),
]


@pytest.mark.parametrize(("question", "outcome", "entry_id"), TABLE)
def test_issue_questions(engine: Engine, question: str, outcome: Outcome, entry_id: str) -> None:
    reply = engine.ask(question)
    assert reply.outcome is outcome, (question, reply.outcome, reply.score)
    assert (reply.entry.id if reply.entry else None) == entry_id


def test_diacritics_and_typos_reach_the_same_fact(engine: Engine) -> None:
    variants = ["Who is Häkkänen?", "who is hakkanen", "who is Haekkaenen", "who is hakanen"]
    assert {engine.ask(v).fact_id for v in variants} == {"hakkanen"}


def test_a_greeting_inside_a_question_does_not_hide_the_question(engine: Engine) -> None:
    reply = engine.ask("hi! who met whom?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "meeting"


def test_vague_question_gets_suggestions_not_a_guess(engine: Engine) -> None:
    reply = engine.ask("minister")
    assert reply.outcome is Outcome.CLARIFY
    assert reply.fact_id is None
    assert 1 <= len(reply.suggestions) <= 3


def test_a_one_word_topic_gets_its_fact(engine: Engine) -> None:
    reply = engine.ask("prisoners")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "foreign_prisoners"


def test_scores_are_between_0_and_100(engine: Engine) -> None:
    for question in ["who met whom", "cybercrime", "weather", "", "hi", "x" * 5000]:
        assert 0 <= engine.ask(question).score <= 100


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "   ",
        "\n\t",
        "😀😀😀",
        "\u200b\u200b",
        "\u202e\u202d",
        "x" * 10_000,
        "a " * 5_000,
        "'; DROP TABLE facts; --",
        "<script>alert(1)</script>",
        "</i><b>&x",
        "Кто встречался с кем?",
        "誰が誰に会ったのか",
        "\x00\x01\x02\x7f",
        "\ud800",
        "%s%s%n{0}",
    ],
)
def test_hostile_input_gets_a_well_formed_reply(engine: Engine, hostile: str) -> None:
    reply = engine.ask(hostile)
    assert reply.outcome is Outcome.FALLBACK
    assert [entry.id for entry in reply.choices] == ["summary", "meeting", "location"]
    assert reply.contact.phone in reply.as_json()["answer"]


@pytest.fixture(scope="module")
def second() -> KnowledgeBase:
    (loaded,) = load_library(DATA / "second_release")
    return loaded


def _states_a_fact(reply: Reply) -> bool:
    return (
        reply.outcome is Outcome.ANSWERED
        and reply.entry is not None
        and reply.entry.kind is EntryKind.FACT
    )


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("is Konovalov the president of the supreme court?", "konovalov"),
        ("is Häkkänen the Russian minister?", "hakkanen"),
        ("Is Häkkänen the prime minister of Finland?", "hakkanen"),  # a role word of releases
        ("is Koskentausta the minister of justice?", "contact"),  # the press contact
        ("was Häkkänen in Moscow?", "meeting"),  # another entry about him fits better
    ],
)
def test_a_guess_at_who_someone_is_is_answered_with_who_they_are(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact, describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "is Häkkänen married?",  # a word the release never uses: not a guess at his role
        "did Häkkänen meet the Finnish president?",  # the release names no such president
        "did Konovalov meet the president of Finland?",
        "did they sign a treaty on cybercrime?",
        "which party does Häkkänen belong to?",  # "party" is not "part"
        "what language did the ministers speak?",
        "did they agree on anything about prisoners?",
        "was the finnish ambassador in the meeting?",  # an ambassador is not "officials met"
    ],
)
def test_a_question_the_release_cannot_answer_gets_no_near_fact(
    engine: Engine, question: str
) -> None:
    assert not _states_a_fact(engine.ask(question)), describe(engine.ask(question))


def test_a_yes_or_no_question_in_the_release_s_words_is_still_answered(engine: Engine) -> None:
    for question, fact in [
        ("did Häkkänen meet Konovalov in Moscow?", "meeting"),
        ("is he seeing the chief prosecutor?", "other_meetings"),  # an alias of the office
        ("was domestic violence discussed in Moscow?", "domestic_violence"),  # the setting
        # the grammar of the question ("want", "should", "able"), not something it names
        ("does he want to make it easier to move prisoners?", "prisoner_transfer"),
        ("should prisoners be able to serve their sentences at home?", "prisoner_transfer"),
    ]:
        reply = engine.ask(question)
        assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact, describe(reply)


def test_a_declined_yes_or_no_question_offers_the_nearest_fact(engine: Engine) -> None:
    reply = engine.ask("did Häkkänen meet the Finnish president?")
    assert reply.outcome is Outcome.FALLBACK
    assert "meeting" in [entry.id for entry in reply.suggestions]


def test_it_in_a_followup_is_what_was_asked_about_not_the_whole_last_answer(
    engine: Engine,
) -> None:
    first = engine.ask("which Duma committee will he meet?")
    assert first.fact_id == "other_meetings"  # the six planned meetings, the committee among them
    reply = engine.ask("who is its chair?", previous=first)
    assert reply.entry is not None and reply.entry.id == "duma_committee_chair_name"
    assert not _states_a_fact(reply)
    # the subjects still tell whom "he" is when what is asked is in the question itself
    said = engine.ask("what did he say?", previous=engine.ask("who is Häkkänen?"))
    assert said.entry is not None and said.entry.id == "hakkanen_quotes"


def test_what_is_asked_is_read_through_the_typos(engine: Engine) -> None:
    # "was siad about" is "was said about": what the release says on cybercrime, not a quote
    reply = engine.ask("what was siad about cybercrime")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "cybercrime", describe(reply)
    # "wher" is "where" (the little words' typos are in the shared vocabulary), not "when"
    assert engine.ask("wher did the ministers meet").fact_id != "meeting_when"


def test_where_in_the_city_asks_for_the_venue(engine: Engine) -> None:
    venue = engine.ask("where in Moscow was the meeting?")
    assert venue.outcome is Outcome.ANSWERED and venue.entry is not None
    assert venue.entry.id == "meeting_venue" and not _states_a_fact(venue)
    # the city itself, asked about the country, is still the answer
    assert engine.ask("where in Russia was the meeting?").fact_id == "location"


def test_when_only_not_stated_entries_fit_the_release_does_not_say_is_the_answer(
    engine: Engine,
) -> None:
    # the day of the meeting and the length of the visit are both not given: no "did you mean?"
    reply = engine.ask("in which month did the visit happen?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert reply.entry is not None and reply.entry.kind is EntryKind.NOT_STATED


def test_a_word_the_release_never_uses_gets_a_decline_not_did_you_mean(engine: Engine) -> None:
    reply = engine.ask("what did the ministers say about the ruble?")
    assert reply.outcome is Outcome.FALLBACK, describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "is Häkkänen the foreign minister?",  # "foreign" is in the quote on foreign prisoners
        "onko Häkkänen ulkoministeri?",
        "är Häkkänen utrikesminister?",
    ],
)
def test_a_guess_at_a_role_is_answered_with_the_role_in_every_language(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "hakkanen", describe(reply)


def test_reporting_words_the_release_never_uses_are_not_unknown_words(engine: Engine) -> None:
    # "according to" asks for what someone said; the release never says "according"
    reply = engine.ask("what is Finland committed to, according to Häkkänen?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert engine.matchers[engine.default_release].foreign_terms("according to him") == []
    # a time or a month is something the release does not give: still unknown
    assert not _states_a_fact(engine.ask("at what time did the ministers meet?"))


def test_besides_is_else(engine: Engine) -> None:
    reply = engine.ask("whom will Häkkänen meet apart from Konovalov?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "other_meetings", describe(reply)


def test_a_question_word_is_not_a_word_the_release_never_uses(second: KnowledgeBase) -> None:
    # the second release never says "why": asking why is still asking in its words
    assert Matcher(second).foreign_terms("why does she want more trade?") == []


def test_two_topics_asked_about_in_one_breath_get_two_answers(engine: Engine) -> None:
    reply = engine.ask("what was said about domestic violence and about cybercrime?")
    assert [part.fact_id for part in reply.parts] == ["domestic_violence", "cybercrime"]


def test_one_question_of_two_the_release_does_not_answer_is_said_so(second: KnowledgeBase) -> None:
    engine = Engine([second])
    reply = engine.ask("Where did they meet, and did they sign any agreement?")
    assert [part.fact_id for part in reply.parts] == ["meeting", "part_not_stated"]
    assert reply.outcome is Outcome.ANSWERED and "Tallinn" in reply.body
    assert "does not say anything about “did they sign any agreement”" in reply.body
    assert reply.sources == reply.parts[0].sources  # only the answered part cites the release
    turned = engine.ask("did they sign any agreement, and where did they meet?")
    assert turned.fact_id == "meeting"  # the answered part, whichever comes first
    assert [part.fact_id for part in turned.parts] == ["part_not_stated", "meeting"]
    finnish = engine.ask("Where did they meet, and did they sign any agreement?", language="fi")
    assert "Tiedotteessa ei kerrota" in finnish.body
    # neither part answered: one decline, not two
    neither = engine.ask("what is the weather, and who won the match?")
    assert neither.outcome is Outcome.FALLBACK and not neither.parts


def test_a_part_near_a_fact_is_not_said_to_be_missing(engine: Engine) -> None:
    # the release says what transfers are based on; the matcher only misses the wording, so
    # "the release does not say anything about it" would be false
    reply = engine.ask(
        "What are prisoner transfers based on now, and what did Häkkänen say the goal is?"
    )
    assert "part_not_stated" not in [part.fact_id for part in reply.parts]
    assert "“What are prisoner transfers based on now”" not in reply.body


def test_a_person_named_by_country_and_role(second: KnowledgeBase) -> None:
    matcher = Matcher(second)
    reply = matcher.match("what is the full name of the Estonian prime minister?")
    assert reply.outcome is Outcome.ANSWERED and reply.entry is not None
    assert reply.entry.id == "tamm"
    # a role the release does not name is not a description of anyone
    assert matcher.match("who is the Estonian defence minister?").entry is None


def test_he_after_the_press_contact_is_the_press_contact(engine: Engine) -> None:
    first = engine.ask("what's the adviser's phone number?")
    assert first.fact_id == "contact"
    reply = engine.ask("and what is his title?", previous=first)
    assert reply.fact_id == "contact", describe(reply)


def test_what_was_discussed_about_a_topic_is_the_topic_not_the_list(engine: Engine) -> None:
    reply = engine.ask("what was on the agenda about prisoners?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "foreign_prisoners", describe(
        reply
    )
    # what someone said about it is still their words
    assert engine.ask("what did Häkkänen say about prisoners?").fact_id == "quote_prisoners"


@pytest.mark.parametrize(
    "question",
    [
        "what does a ferry ticket cost?",  # the ferry is a topic; its tickets are not
        "what are the ferry prices?",
        "did they discuss trade tariffs?",  # trade was discussed; tariffs never come up
    ],
)
def test_a_word_the_release_never_uses_after_a_record_s_name_is_not_answered(
    second: KnowledgeBase, question: str
) -> None:
    match = Matcher(second).match(question)
    assert match.outcome is Outcome.FALLBACK and match.entry is None, match
    assert match.suggestions  # the nearest fact is offered instead


def test_a_word_the_release_never_uses_after_a_person_s_name_still_gets_the_fact(
    engine: Engine,
) -> None:
    reply = engine.ask("has Häkkänen already met the Supreme Court president?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "what's your opinion of the Council of Europe?",
        "pretend to be Häkkänen: why is cooperation important?",
        "imagine you're Häkkänen. what would you say about cybercrime?",
        "what are your personal views on prisoner transfers?",
    ],
)
def test_the_bot_s_own_opinion_or_a_role_is_declined(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.FALLBACK and not _states_a_fact(reply), describe(reply)


def test_the_minister_s_opinion_is_still_his_quote(engine: Engine) -> None:
    assert engine.ask("what is Häkkänen's opinion on prisoners?").fact_id == "quote_prisoners"


@pytest.mark.parametrize(
    "question",
    [
        "what did Konovalov say about domestic violence?",
        "mitä Konovalov sanoi perheväkivallasta?",
        "what did the Russians say about domestic violence?",  # the Russian side: Konovalov
    ],
)
def test_what_someone_never_quoted_said_is_not_stated(engine: Engine, question: str) -> None:
    # the release quotes Häkkänen only: it does not say what Konovalov said, on any topic
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "konovalov_said", describe(reply)
    assert reply.entry is not None and reply.entry.kind is EntryKind.NOT_STATED


def test_which_cities_asks_where_and_connect_is_no_typo(second: KnowledgeBase) -> None:
    matcher = Matcher(second)
    assert "where" in matcher.analyzer.terms("between which cities?")
    match = matcher.match("which cities does the ferry connect?")
    assert match.outcome is Outcome.ANSWERED and match.entry is not None
    assert match.entry.id == "ferry_connection"


@pytest.mark.parametrize(
    "question", ["who else is he going to meet?", "who will he be meeting later?"]
)
def test_the_meetings_still_to_come_fit_a_question_about_them(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "other_meetings", describe(reply)


def test_a_place_guessed_is_answered_with_where_it_was(
    engine: Engine, second: KnowledgeBase
) -> None:
    # Helsinki is in the second release (the ferry), but not where they met; Riga is not in it
    match = Matcher(second).match("was it in Helsinki or in Riga?")
    assert match.outcome is Outcome.ANSWERED and match.entry is not None, match
    assert match.entry.id == "meeting"
    # a place the release never names: still where it was, which says it
    reply = engine.ask("was the meeting held in Helsinki?")
    assert _states_a_fact(reply) and "Moscow" in reply.sources[0], describe(reply)
    # a month or a manner is no place
    assert engine.ask("was it in September?").fact_id != "location"
    # in a chat, "it" after another answer asks the same
    after = engine.ask("was it in Helsinki?", previous=engine.ask("who is Konovalov?"))
    assert _states_a_fact(after) and "Moscow" in after.sources[0], describe(after)


def test_the_other_one_is_the_one_the_last_answer_was_not_about(engine: Engine) -> None:
    first = engine.ask("who is Häkkänen?")
    reply = engine.ask("what about the other minister?", previous=first)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "konovalov", describe(reply)


def test_what_the_other_one_said_is_asked_of_the_other_one(second: KnowledgeBase) -> None:
    engine = Engine([second])
    first = engine.ask("who is Tamm?")
    assert engine.ask("and the other one?", previous=first).fact_id == "virtanen"
    said = engine.ask("what did the other one say?", previous=first)
    assert said.entry is not None and "virtanen" in said.entry.about, describe(said)


def test_a_country_after_what_was_said_is_the_subject_not_the_speaker(engine: Engine) -> None:
    reply = engine.ask("what did Häkkänen say about Russia?")
    assert reply.fact_id != "konovalov_said", describe(reply)
    assert engine.ask("what did they say about Russia?").fact_id != "konovalov_said"


@pytest.mark.parametrize(
    "question", ["oliko tapaaminen Turussa?", "hölls mötet i Stockholm eller i Åbo?"]
)
def test_a_place_guessed_in_finnish_or_swedish(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert _states_a_fact(reply) and "Moscow" in reply.sources[0], describe(reply)
    # a month is no place: "syyskuussa", "i september"
    assert engine.ask("oliko tapaaminen syyskuussa?").fact_id not in ("meeting", "location")


def _fact(entry_id: str, *sources: str, kind: EntryKind = EntryKind.FACT) -> Entry:
    return Entry(entry_id, kind, ("q",), "a", sources=sources)


def test_a_close_second_fact_citing_the_same_sentence_is_no_reason_to_ask_back() -> None:
    tuning = Tuning()
    close = tuning.answer + 20.0, tuning.answer + 19.0  # within the margin of each other
    same = [Candidate(_fact("a", "S1", "S2"), close[0]), Candidate(_fact("b", "S2"), close[1])]
    assert decide(same, tuning).outcome is Outcome.ANSWERED
    other = [Candidate(_fact("a", "S1"), close[0]), Candidate(_fact("b", "S2"), close[1])]
    assert decide(other, tuning).outcome is Outcome.CLARIFY
    # "the release does not name them" is another claim about the same sentence
    unnamed = _fact("b", "S1", kind=EntryKind.NOT_STATED)
    with_unnamed = [Candidate(_fact("a", "S1"), close[0]), Candidate(unnamed, close[1])]
    assert decide(with_unnamed, tuning).outcome is Outcome.CLARIFY


def test_who_the_two_were_is_the_meeting_that_names_both(engine: Engine) -> None:
    """Each minister's own record fits "who were the two ministers?" as well as the other's:
    the meeting names both, so there is nothing to ask back."""
    for question in ("who were the two ministers?", "who are both ministers?"):
        reply = engine.ask(question)
        assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "meeting", question
    one = engine.ask("who is the Russian minister?")
    assert one.fact_id == "konovalov"


def test_a_meeting_word_is_not_a_word_the_release_never_uses(
    engine: Engine, second: KnowledgeBase
) -> None:
    # the second release records a meeting but never says "visit", "trip" or "itinerary"
    assert Matcher(second).foreign_terms("was the trip on her itinerary a visit?") == []
    reply = Engine([second]).ask("who is virtanen's counterpart?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "meeting", describe(reply)
    reply = engine.ask("what else is on his itinerary in moscow?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "other_meetings", describe(reply)
    # travelling to a place is visiting it ("the Russian capital" is Moscow)
    reply = engine.ask("did the finnish minister travel to the russian capital?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "location", describe(reply)


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("who represented finland?", "hakkanen"),
        ("Who represented Russia at the meeting?", "konovalov"),  # not "representatives of"
        ("who spoke for russia at the talks in moscow", "konovalov"),
    ],
)
def test_who_spoke_for_a_country_is_its_minister_at_the_meeting(
    engine: Engine, question: str, person: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == person, describe(reply)


def test_who_spoke_for_a_country_in_the_second_release(second: KnowledgeBase) -> None:
    reply = Engine([second]).ask("who represented estonia?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "tamm", describe(reply)


def test_who_represented_something_else_of_a_country_is_not_its_minister(engine: Engine) -> None:
    reply = engine.ask("who represented russia's civil society?")
    assert reply.fact_id != "konovalov", describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "why did the finnish minister go to the russian capital?",
        "what was the purpose of the trip",
        "haakkanen moscow visit purpose",
        "why did they meet?",
        "what was the point of the visit?",
    ],
)
def test_why_he_went_is_the_release_summary(engine: Engine, question: str) -> None:
    # who met whom and what they discussed: the release's own account of what the visit was for
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "summary", describe(reply)


def test_why_she_went_in_the_second_release(second: KnowledgeBase) -> None:
    reply = Engine([second]).ask("why did Virtanen go to Tallinn?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "summary", describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "why will he meet the prosecutor general?",  # a meeting still to come: not said
        "why does he say more cooperation is needed?",  # the reason for something else
        "why did they discuss prisons?",
    ],
)
def test_why_of_anything_but_the_visit_is_not_the_summary(engine: Engine, question: str) -> None:
    assert engine.ask(question).fact_id != "summary"


def test_a_verb_after_a_name_is_not_a_part_the_release_never_names(engine: Engine) -> None:
    # "filling up" is not a part of the prisons the release is silent on, as a timetable is of
    # the ferry
    reply = engine.ask("Are Finnish jails filling up with foreigners?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert reply.fact_id == "foreign_prisoners", describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "what about the ferry timetable?",
        "what about the ferry ticketing?",
    ],
)
def test_a_part_the_release_never_names_is_not_stated(second: KnowledgeBase, question: str) -> None:
    # a word ending in -ing is a part too ("ticketing"), unless a particle makes it a verb
    reply = Engine([second]).ask(question)
    assert reply.outcome is Outcome.FALLBACK, describe(reply)


def test_words_of_reaching_someone_are_never_words_the_release_lacks(
    second: KnowledgeBase,
) -> None:
    # "ring" asks for the contact, as "call" does: not something the release is silent on
    reply = Engine([second]).ask("Who's the media spokesperson I can ring?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "contact", describe(reply)


def test_whether_a_number_grows_is_the_fact_that_it_does(engine: Engine) -> None:
    # not "the release does not say how many": it says the number keeps growing
    reply = engine.ask("are inmate numbers going up in Finland?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert reply.fact_id == "foreign_prisoners", describe(reply)


@pytest.mark.parametrize(
    "question", ["how many foreign prisoners are there?", "are there figures on foreign prisoners?"]
)
def test_a_figure_asked_for_is_still_not_given(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.fact_id == "ns_prisoner_numbers", describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "who will he meet besides Konovalov?",
        "has he met anyone apart from the justice minister?",
        "besides konovalov, who is on his list",
        "which Russian officials is he scheduled to meet after Konovalov?",
    ],
)
def test_whom_else_he_meets_is_the_meetings_still_to_come(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert reply.fact_id == "other_meetings", describe(reply)


def test_who_else_was_at_the_same_meeting_is_not_the_meetings_to_come(engine: Engine) -> None:
    reply = engine.ask("who else attended the meeting?")
    assert reply.fact_id == "ns_delegation", describe(reply)


def test_whom_else_she_met_when_the_release_records_no_other_meeting(
    second: KnowledgeBase,
) -> None:
    reply = Engine([second]).ask("who else did Virtanen meet?")
    assert reply.outcome is not Outcome.ANSWERED, describe(reply)


@pytest.mark.parametrize("question", ["supreme court", "civil society", "duma comittee"])
def test_an_office_named_alone_gets_the_fact_about_it(engine: Engine, question: str) -> None:
    # not "the release does not name the President of the Supreme Court": nothing was asked
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "other_meetings", describe(reply)


def test_asking_who_holds_an_office_still_gets_that_the_release_does_not_name_them(
    engine: Engine,
) -> None:
    reply = engine.ask("who is the supreme court president?")
    assert reply.fact_id == "supreme_court_president_name", describe(reply)


@pytest.mark.parametrize(
    ("question", "record"),
    [
        ("what's the press contact's surname?", "contact"),
        ("How is Häkkänen's surname spelled with the umlauts?", "hakkanen"),
        ("give me konovalov's exact official title as written", "konovalov"),
    ],
)
def test_a_name_or_title_asked_for_is_the_person_s_record(
    engine: Engine, question: str, record: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == record, describe(reply)


@pytest.mark.parametrize(
    "question",
    [
        "what is konovalov's middle name?",
        "what was the contact's previous job title?",
        "what is the Finnish prime minister's position on NATO?",
    ],
)
def test_a_name_the_release_never_gives_or_a_view_is_not_the_person_s_record(
    engine: Engine, question: str
) -> None:
    assert not _states_a_fact(engine.ask(question)), describe(engine.ask(question))


@pytest.mark.parametrize(
    "question",
    ["will he meet NGOs or activists?", "Will the Finnish minister meet Russia's chief justice?"],
)
def test_whether_he_meets_a_group_is_the_meeting_not_that_no_names_are_given(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "other_meetings", describe(reply)
    # asking for the names is still told the release names none
    assert engine.ask("which NGOs will he meet?").fact_id == "civil_society_names"


def test_the_finnish_side_is_the_one_finn_at_the_meeting(engine: Engine) -> None:
    reply = engine.ask("What did the Finnish side say about online crime?")
    assert reply.outcome is Outcome.ANSWERED, describe(reply)
    assert reply.fact_id == "quote_cybercrime", describe(reply)
    # and the Russian side the one Russian: not quoted
    assert engine.ask("what did the russian side say?").fact_id == "konovalov_said"


@pytest.mark.parametrize(
    "question",
    [
        "How many Russian nationals are serving sentences in Finland?",
        "how many prisoners were transferred between finland and russia last year?",
    ],
)
def test_a_figure_the_release_does_not_give_is_said_so_not_asked_back(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "ns_prisoner_numbers", describe(
        reply
    )


def test_a_figure_about_something_else_is_declined_not_another_figure_unknown(
    engine: Engine,
) -> None:
    reply = engine.ask("how many people live in Moscow?")
    assert reply.outcome is Outcome.FALLBACK, describe(reply)


def test_an_unknown_word_is_not_answered_with_another_thing_the_release_does_not_say(
    engine: Engine,
) -> None:
    # a trip is a visit, but its cost is not its length
    reply = engine.ask("How much did the trip cost?")
    assert reply.outcome is Outcome.FALLBACK, describe(reply)
    assert engine.ask("how long was the trip?").fact_id == "ns_visit_length"


def test_the_same_question_gets_the_same_reply_in_every_process() -> None:
    # sets of strings iterate in an order of their own in each process (hash randomisation):
    # nothing the matcher builds from one may depend on that order. Seeds 1 and 137 once read
    # "process" (corrected to "press") as a cue word in one process and not in the other.
    question = "Does the release say how that process works at the moment?"
    script = (
        "import sys; from bot.core.bundled import bundled_knowledge_path;"
        "from bot.core.engine import Engine; from bot.core.loader import load_library;"
        "r = Engine(list(load_library(bundled_knowledge_path()))).ask(sys.argv[1]);"
        "print(r.outcome.value, r.fact_id)"
    )
    replies = {
        subprocess.run(
            [sys.executable, "-c", script, question],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "137")
    }
    assert len(replies) == 1, replies
