"""Questions in Finnish and Swedish: which language a question is in, how its words are read
into the knowledge base's English, and what the engine does with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.analysis import Analyzer
from bot.core.engine import Engine
from bot.core.intents import asked_status, intents_of
from bot.core.knowledge import Intent, KnowledgeBase, MeetingStatus
from bot.core.language import asked_in, detect
from bot.core.lexicon import FOREIGN_LANGUAGES, lexicon
from bot.core.source_evaluation import evaluate_sources, format_source_report, load_source_set
from bot.core.understanding import mentioned_subject, resolve_followup, split_compound
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def analyzer(base: KnowledgeBase) -> Analyzer:
    return Analyzer(base)


# -- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Who did Häkkänen meet?", "en"),
        ("Is Häkkänen the justice minister?", "en"),
        ("kenet häkkänen tapasi moskovassa", "fi"),
        ("mikä on yhteyshenkilön puhelinnumero", "fi"),
        ("puhelin?", "fi"),  # one word the Finnish vocabulary lists
        ("yhteyshenklön puhelinumero", "fi"),  # misspelt
        ("vem träffade häkkänen i moskva", "sv"),
        ("mer info?", "sv"),
        ("god morgon", "sv"),  # a phrase of the Swedish vocabulary
        ("är Konovalov finländare?", "sv"),
        ("visit lenght?", "en"),  # "visit" is a word of the shared vocabulary
    ],
)
def test_the_language_of_a_question(question: str, language: str) -> None:
    assert detect(question) == language


@pytest.mark.parametrize(
    "question",
    ["Häkkänen?", "Konovalov", "HAKKANEN KONOVALOV", "Helsinki Tallinn"],
)
def test_names_and_words_every_language_uses_leave_it_unclear(question: str) -> None:
    """Unclear is None: the engine then keeps the previous question's language, or the
    release's; English words a foreign vocabulary happens to stem alike are not evidence."""
    assert detect(question) is None


def test_words_of_the_shared_vocabulary_are_english() -> None:
    # "cross-border" is in the shared vocabulary ("across borders" means the same)
    assert detect("cross-border crme") == "en"


def _questions(path: Path) -> list[str]:
    return [str(q["q"]) for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]


# the questions of the English sets that are in fact written in another language
NOT_ENGLISH = {
    "moi",
    "hei hei",
    "Mitä Häkkänen sanoi Moskovassa?",
    "Mistä ministerit keskustelivat Moskovassa?",
    "Mikä on Suomen pääkaupunki?",
    "Vem träffade justitieministern i Moskva?",
    "Vad diskuterade ministrarna i Moskva?",
    "¿Dónde fue la reunión de los ministros?",
}
ENGLISH_SETS = [
    DATA / "dev" / "bundled_dev.yaml",
    DATA / "dev" / "second_dev.yaml",
    DATA / "blind_questions.yaml",
    DATA / "final_questions.yaml",
    DATA / "vague_questions.yaml",
    ROOT / "knowledge" / "moj-fi-hakkanen-konovalov-moscow" / "questions.yaml",
]


def test_english_questions_are_read_as_english(analyzer: Analyzer) -> None:
    """English questions must be read exactly as before: none may be detected as Finnish or
    Swedish (unclear is fine: it falls back to the release's English), except a misspelt
    name a foreign vocabulary lists ("jehovas"), which must then give the same terms."""
    questions = [q for path in ENGLISH_SETS for q in _questions(path)]
    assert len(questions) > 1000
    foreign = {q: found for q in questions if (found := detect(q)) not in ("en", None)}
    assert set(foreign) - NOT_ENGLISH == {"jehovas witneses"}
    assert _terms(analyzer, "jehovas witneses", "sv") == _terms(analyzer, "jehovas witneses", "en")


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_the_development_sets_are_detected(language: str) -> None:
    questions = _questions(DATA / "dev" / f"bundled_{language}_dev.yaml")
    detected = [detect(q) for q in questions]
    assert detected.count(language) >= 0.97 * len(questions)
    assert all(found in (language, None) for found in detected)


# -- the vocabulary files ----------------------------------------------------------------------


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_no_listed_word_means_two_things(language: str) -> None:
    known = lexicon(language)
    assert known is not None
    assert known.conflicts == []


def test_yes_no_and_on_are_words_not_booleans() -> None:
    finnish = lexicon("fi")
    assert finnish is not None and "on" in finnish.filler  # Finnish "is"


def test_a_form_the_stemmer_misses_is_found_by_its_dictionary_form() -> None:
    finnish = lexicon("fi")
    assert finnish is not None
    assert finnish.lookup("uskontoihin") is None
    assert finnish.lookup_lemma("uskontoihin") == "religion"


def test_english_has_no_lexicon() -> None:
    assert lexicon("en") is None


# -- reading Finnish and Swedish into the same terms as English --------------------------------


def _terms(analyzer: Analyzer, text: str, language: str) -> list[str]:
    with asked_in(language):
        return analyzer.terms(text)


@pytest.mark.parametrize(
    ("question", "language", "english"),
    [
        ("kenet häkkänen tapasi moskovassa", "fi", "whom did Häkkänen meet in Moscow"),
        ("Häkkäsen puhelinnumero", "fi", "Häkkänen's phone number"),  # inflected name
        ("konovalovin", "fi", "Konovalov"),
        ("Häkkäseltä", "fi", "Häkkänen"),
        ("hakkasen", "fi", "Häkkänen"),  # no diacritics
        ("vangeista", "fi", "prisoners"),  # consonant gradation
        ("uskontoihin", "fi", "religion"),  # found by its dictionary form (simplemma) only
        ("uttalandena", "sv", "statements"),
        (
            "mitä häkkänen sanoi kyberrikollisuudesta",
            "fi",
            "what did Häkkänen say about cybercrime",
        ),
        ("yhteyshenklön puhelinumero", "fi", "contact phone number"),  # typos
        ("vem träffade häkkänen i moskva", "sv", "who met Häkkänen in Moscow"),
        ("vad sa häkkänen om it-brottslighet", "sv", "what did Häkkänen say about cybercrime"),
        ("presskontaktens telfonnumer", "sv", "contact phone"),  # a typo
        ("overforing av fangar", "sv", "transfer of prisoners"),  # no diacritics
        ("våld i nära relationer", "sv", "domestic violence"),  # a phrase
    ],
)
def test_a_foreign_question_gets_the_terms_of_its_english(
    analyzer: Analyzer, question: str, language: str, english: str
) -> None:
    assert sorted(_terms(analyzer, question, language)) == sorted(_terms(analyzer, english, "en"))


def test_swedish_compounds_are_split_against_the_vocabulary(analyzer: Analyzer) -> None:
    assert _terms(analyzer, "dumautskottets ordförande", "sv") == _terms(
        analyzer, "Duma committee chairperson", "en"
    )
    assert _terms(analyzer, "duuman valiokunnan puheenjohtaja", "fi") == _terms(
        analyzer, "Duma committee chairperson", "en"
    )
    assert _terms(analyzer, "nätbrott", "sv") == _terms(analyzer, "online crime", "en")


def test_swedish_said_is_not_the_filler_so(analyzer: Analyzer) -> None:
    """'så' is filler; without its ring it is 'sa', said, which is not."""
    assert _terms(analyzer, "vad sa han", "sv") == _terms(analyzer, "say", "en")
    assert _terms(analyzer, "så", "sv") == []


def test_a_word_the_release_never_uses_stays_foreign(analyzer: Analyzer) -> None:
    """It counts against the question as an unknown English word does."""
    terms = _terms(analyzer, "millainen sää moskovassa on huomenna", "fi")
    assert _terms(analyzer, "Moscow", "en")[0] in terms and len(terms) >= 2


# -- intents and understanding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "language", "intent"),
    [
        ("kenet häkkänen tapasi", "fi", Intent.WHO),
        ("missä tapaaminen oli", "fi", Intent.WHERE),
        ("milloin he tapasivat", "fi", Intent.WHEN),
        ("mitä häkkänen sanoi", "fi", Intent.SAID),
        ("mistä ministerit keskustelivat", "fi", Intent.DISCUSSED),
        ("mikä häkkäsen titteli on", "fi", Intent.ATTRIBUTE),
        ("puhelinnumero?", "fi", Intent.CONTACT),
        ("kuka on konovalov", "fi", Intent.ATTRIBUTE),  # who X is, not whom X met
        ("vem träffade häkkänen", "sv", Intent.WHO),
        ("var hölls mötet", "sv", Intent.WHERE),
        ("när var mötet", "sv", Intent.WHEN),
        ("vad sa häkkänen", "sv", Intent.SAID),
        ("vad diskuterade ministrarna", "sv", Intent.DISCUSSED),
        ("telefon?", "sv", Intent.CONTACT),
        ("vem är konovalov", "sv", Intent.ATTRIBUTE),
    ],
)
def test_foreign_cue_words_show_what_is_asked(question: str, language: str, intent: Intent) -> None:
    with asked_in(language):
        assert intent in intents_of(question)


def test_the_passive_asks_what_the_release_says_not_for_a_quote() -> None:
    with asked_in("fi"):
        assert intents_of("mitä ulkomaalaisista vangeista sanottiin") == {Intent.DISCUSSED}
    with asked_in("sv"):
        assert intents_of("vad sades om utländska fångar") == {Intent.DISCUSSED}


@pytest.mark.parametrize(
    ("question", "language", "status"),
    [
        ("ketä muita häkkänen tapaa", "fi", MeetingStatus.PLANNED),
        ("kenet häkkänen tapasi", "fi", MeetingStatus.HELD),
        ("vilka andra ska häkkänen träffa", "sv", MeetingStatus.PLANNED),
        ("vem träffade häkkänen", "sv", MeetingStatus.HELD),
    ],
)
def test_a_meeting_to_come_or_one_held(question: str, language: str, status: MeetingStatus) -> None:
    with asked_in(language):
        assert asked_status(question) is status


def test_two_questions_in_one_are_split_by_the_language_s_and() -> None:
    with asked_in("fi"):
        assert split_compound("mikä on numero ja kenet häkkänen tapasi?") == [
            "mikä on numero",
            "kenet häkkänen tapasi",
        ]
        assert split_compound("mitä häkkänen ja konovalov sopivat") == []  # one question
    with asked_in("sv"):
        assert split_compound("var var mötet och vad pratade de om") == [
            "var var mötet",
            "vad pratade de om",
        ]


def test_is_x_mentioned_in_finnish_and_swedish() -> None:
    with asked_in("fi"):
        assert mentioned_subject("mainitaanko euroopan neuvosto") == "euroopan neuvosto"
        assert mentioned_subject("puhuttiinko jehovan todistajista") == "jehovan todistajista"
    with asked_in("sv"):
        assert mentioned_subject("nämns europarådet") == "europaradet"
        assert mentioned_subject("togs våld i nära relationer upp?") == "vald i nara relationer"


def test_pronouns_refer_to_the_previous_answer() -> None:
    with asked_in("fi"):
        assert resolve_followup("mikä hänen titteli on?", ["Häkkänen", "Konovalov"]).endswith(
            "(Häkkänen)"
        )
    with asked_in("sv"):
        assert resolve_followup("vad sa de", ["Häkkänen", "Konovalov"]).endswith(
            "(Häkkänen Konovalov)"
        )


# -- the engine ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("kenet häkkänen tapasi moskovassa", "meeting"),
        ("mikä on yhteyshenkilön puhelinnumero", "contact"),
        ("mitä häkkänen sanoi kyberrikollisuudesta", "quote_cybercrime"),
        ("vem träffade häkkänen i moskva", "meeting"),
        ("vad är presskontaktens telefonnummer", "contact"),
        ("vad sa häkkänen om cyberbrottslighet", "quote_cybercrime"),
    ],
)
def test_foreign_questions_are_answered_from_the_same_records(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.fact_id == fact


def test_the_reply_says_its_language_and_the_question_s(engine: Engine) -> None:
    finnish = engine.ask("kenet häkkänen tapasi?")
    assert finnish.asked_language == "fi"
    # the reply is in the question's language; its sources are the (English) release's
    assert finnish.as_json()["language"] == "fi"
    assert finnish.sources_language == "en"
    assert engine.ask("who met whom?").as_json()["language"] == "en"


def test_an_unclear_question_keeps_the_previous_question_s_language(engine: Engine) -> None:
    first = engine.ask("kenet häkkänen tapasi?")
    assert engine.ask("Konovalov?", previous=first).asked_language == "fi"
    assert engine.ask("Konovalov?").asked_language == "en"  # the release's


def test_english_terms_are_the_same_with_or_without_detection(analyzer: Analyzer) -> None:
    for question in ("Who met whom?", "What did Häkkänen say about cybercrime?", "phone?"):
        with asked_in("en"):
            expected = analyzer.terms(question)
        assert analyzer.terms(question) == expected


# -- accuracy: the Finnish and Swedish development sets ----------------------------------------

# (set, floors: answer, unknown, out of scope, small talk; most wrong facts %), just under the
# figures; the blind sets (tests/data/blind/bundled_fi.yaml, bundled_sv.yaml) are not for tuning
FOREIGN_DEV = [
    ("dev/bundled_fi_dev.yaml", (96.0, 93.5, 99.0, 99.0, 1.0)),
    ("dev/bundled_sv_dev.yaml", (97.0, 93.5, 99.0, 99.0, 0.1)),
]


@pytest.mark.parametrize(("name", "floors"), FOREIGN_DEV)
def test_the_foreign_development_sets_keep_their_floors(
    engine: Engine, name: str, floors: tuple[float, float, float, float, float]
) -> None:
    report = evaluate_sources(engine, load_source_set(DATA / name))
    shown = format_source_report(report, DATA / name, misses=True)
    answer, unknown, out_of_scope, smalltalk, wrong = floors
    assert report.percent("answer") >= answer, shown
    assert report.percent("unknown") >= unknown, shown
    assert report.percent("out_of_scope") >= out_of_scope, shown
    assert report.percent("smalltalk") >= smalltalk, shown
    assert report.wrong_percent <= wrong, shown


@pytest.mark.parametrize(
    "question",
    [
        "mitä vankien siirrosta kotimaahan sanottiin?",
        "vad sades om överföring av fångar till hemlandet?",
        "what was said about transferring prisoners home?",
    ],
)
def test_what_was_said_about_transferring_prisoners_is_the_transfer(
    engine: Engine, question: str
) -> None:
    reply = engine.ask(question)
    assert reply.entry is not None and reply.entry.id == "prisoner_transfer", reply.body


def test_which_companies_take_part_is_who_they_are_which_the_release_does_not_say(
    engine: Engine,
) -> None:
    for question in ("which companies take part in the meetings?", "vilka företag deltar?"):
        reply = engine.ask(question)
        assert reply.entry is not None and reply.entry.id == "business_life_names", reply.body
