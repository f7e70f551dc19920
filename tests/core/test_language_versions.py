"""Answers in the user's language: reviewed translations, the release's language versions, the
notes that say when an answer has no translation or its sources are in another language, and
`check` refusing what is wrong with them, with file, line and field.

The fictional release (tests/data/language_versions/) is published in English, Finnish and
Swedish; its `staff` record has no Swedish translation on purpose.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from bot.core.answers import Reply, render_html, render_plain
from bot.core.derive import SMALLTALK_FILE
from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import KnowledgeError, load_knowledge_base, load_library
from bot.core.matching import Outcome
from bot.core.phrases import CATALOGUE, LANGUAGES, Phrases, phrases, supported
from tests.conftest import DATA

VERSIONS = DATA / "language_versions"
FOLDER = VERSIONS / "fictional-lakes-lumola-station"


@pytest.fixture(scope="module")
def lakes() -> KnowledgeBase:
    (base,) = load_library(VERSIONS)
    return base


@pytest.fixture(scope="module")
def lakes_engine(lakes: KnowledgeBase) -> Engine:
    return Engine([lakes])


def text_of(base: KnowledgeBase, language: str) -> str:
    version = base.release.version(language)
    return version.text if version else base.release.text


def assert_quoted_from(reply: Reply, language: str) -> None:
    assert reply.sources and reply.sources_language == language
    text = text_of(reply.base, language)
    for sentence in reply.sources:
        assert sentence in text
        assert f"“{sentence}”" in render_plain(reply)


# -- the fictional release in three languages ---------------------------------------------------


def test_a_finnish_question_is_answered_in_finnish_quoting_the_finnish_text(
    lakes_engine: Engine,
) -> None:
    reply = lakes_engine.ask("Mitä Ruokola avasi?")
    assert reply.fact_id == "opening" and reply.asked_language == "fi"
    assert reply.language == "fi" and reply.body_language == "fi" and not reply.untranslated
    assert reply.body.startswith("Järviministeri Helmi Ruokola avasi")
    assert_quoted_from(reply, "fi")
    assert reply.notes == ()
    text = render_plain(reply)
    assert "Tiedotteesta:" in text and "Lisätietoja:" in text and "puh. +358 40 000 0000" in text
    assert reply.as_json()["language"] == "fi"


def test_a_swedish_question_is_answered_in_swedish_from_the_swedish_text(
    lakes_engine: Engine,
) -> None:
    reply = lakes_engine.ask("Vad sade Ruokola?")
    assert reply.fact_id == "quote" and reply.language == "sv"
    assert reply.body.startswith("Ruokola sade: ”Rena sjöar")
    assert_quoted_from(reply, "sv")
    assert reply.notes == ()
    assert "Ur pressmeddelandet:" in render_plain(reply)
    assert reply.as_json()["language"] == "sv"


def test_an_english_question_is_answered_in_english_from_the_english_text(
    lakes_engine: Engine,
) -> None:
    reply = lakes_engine.ask("Who opened the station?")
    assert reply.fact_id == "opening" and reply.language == "en"
    assert reply.entry is not None and reply.body == reply.entry.answer
    assert_quoted_from(reply, "en")
    assert reply.notes == ()
    assert "From the release:" in render_plain(reply)


def test_a_record_without_a_swedish_translation_is_answered_in_english_with_a_swedish_note(
    lakes_engine: Engine,
) -> None:
    reply = lakes_engine.ask("Hur många forskare har stationen?")
    assert reply.fact_id == "staff" and reply.language == "sv"
    assert reply.untranslated and reply.body_language == "en"
    assert reply.body == "The station employs twelve researchers."
    note = phrases("sv").untranslated.format(language="på engelska")
    assert reply.notes == (note,)
    assert_quoted_from(reply, "sv")  # the Swedish version gives its sentence
    for text in (render_plain(reply), render_html(reply)):
        assert note in text
    # the same record has its Finnish translation
    finnish = lakes_engine.ask("Kuinka monta tutkijaa asemalla on?")
    assert finnish.fact_id == "staff" and finnish.body.startswith("Asemalla työskentelee")


def test_not_stated_is_said_in_the_user_s_language(lakes_engine: Engine) -> None:
    reply = lakes_engine.ask("Vad kostade stationen?")
    assert reply.outcome is Outcome.ANSWERED and reply.entry is not None
    assert reply.entry.kind is EntryKind.NOT_STATED
    assert phrases("sv").says_not_stated(reply.body)


def test_the_language_argument_overrides_the_question_s(lakes_engine: Engine) -> None:
    english = "Who opened the station?"
    for asked, expected in (
        ("fi", "fi"),
        ("fi-FI", "fi"),
        ("SV", "sv"),
        ("de", "en"),
        (None, "en"),
    ):
        reply = lakes_engine.ask(english, language=asked)
        assert reply.fact_id == "opening" and reply.asked_language == "en"
        assert reply.language == expected
        assert_quoted_from(reply, expected)
    # an unclear question is read in the user's language when there is no previous question
    assert lakes_engine.ask("Ruokola?", language="sv").asked_language == "sv"


def test_the_fallback_and_the_labels_are_in_the_reply_s_language(lakes_engine: Engine) -> None:
    reply = lakes_engine.ask("Who won the football?", language="fi")
    assert reply.outcome is Outcome.FALLBACK
    text = render_plain(reply)
    assert text.startswith("Tiedotteessa ei kerrota siitä mitään.")
    # the headline as the Finnish version prints it
    assert "“Ministeri Ruokola avasi uuden järvitutkimusaseman Lumolassa”" in text


def test_suggestions_are_offered_in_the_reply_s_language(lakes_engine: Engine) -> None:
    reply = lakes_engine.ask("Vem vann matchen?")
    assert reply.outcome is Outcome.FALLBACK
    offered = [reply.title_of(entry) for entry in reply.suggestions]
    assert offered[0] == "Vem invigde stationen?"
    assert f"• {offered[0]}" in render_plain(reply) and f"• {offered[0]}" in render_html(reply)
    suggestions = reply.as_json()["suggestions"]
    assert isinstance(suggestions, list)
    assert [suggestion["question"] for suggestion in suggestions] == offered
    english = lakes_engine.ask("Who won the match?")
    assert english.title_of(english.suggestions[0]) == "Who opened the station?"


def test_a_button_press_is_answered_in_the_user_s_language(
    lakes_engine: Engine, lakes: KnowledgeBase
) -> None:
    entry = lakes.entry("purpose")
    assert entry is not None
    reply = lakes_engine.answer_entry(entry, lakes, language="sv")
    assert reply.body == "Stationen ska övervaka vattenkvaliteten i 40 sjöar."
    assert_quoted_from(reply, "sv")


# -- the bundled release: English text, reviewed Finnish and Swedish answers --------------------


def test_the_bundled_release_answers_in_finnish_and_says_the_release_is_in_english(
    engine: Engine,
) -> None:
    reply = engine.ask("kenet häkkänen tapasi?")
    assert reply.fact_id == "meeting" and reply.language == "fi" and not reply.untranslated
    assert "tapasi" in reply.body and "Konovalovin" in reply.body
    assert_quoted_from(reply, "en")  # the release has only its English text
    note = phrases("fi").release_in.format(language="englanniksi")
    assert reply.notes == (note,) and note in render_plain(reply)


def test_the_bundled_release_answers_in_swedish(engine: Engine) -> None:
    reply = engine.ask("vem träffade häkkänen i moskva")
    assert reply.fact_id == "meeting" and reply.language == "sv"
    assert reply.body.startswith("Finlands justitieminister Antti Häkkänen träffade")
    assert reply.notes == (phrases("sv").release_in.format(language="på engelska"),)


def test_every_reviewed_answer_of_the_bundled_release_is_translated(base: KnowledgeBase) -> None:
    """Every entry the press office wrote has both translations."""
    assert base.release.translations == ("fi", "sv")
    assert base.path is not None
    data = yaml.safe_load(base.path.read_text(encoding="utf-8"))
    for section in ("facts", "not_stated", "smalltalk"):
        for item in data[section]:
            entry = base.entry(item["id"])
            assert entry is not None
            for language in ("fi", "sv"):
                assert entry.answer_in(language), (entry.id, language)
                assert entry.title_in(language) != entry.title, (entry.id, language)


def test_english_replies_say_nothing_about_languages(engine: Engine) -> None:
    for question in ("who met whom", "when was this", "thanks", "weather?", "is NATO mentioned?"):
        reply = engine.ask(question)
        assert reply.language == "en" and reply.notes == () and not reply.untranslated


def test_is_x_mentioned_is_answered_in_the_user_s_language(engine: Engine) -> None:
    reply = engine.ask("is NATO mentioned?", language="sv")
    assert reply.body == phrases("sv").not_mentioned.format(subject="NATO")  # as it was written


def test_a_compound_question_keeps_each_part_s_language(engine: Engine) -> None:
    reply = engine.ask("who met whom and where?", language="fi")
    for part in reply.parts or (reply,):
        assert part.language == "fi"


# -- derived entries: composed in each language where no English word needs translating ---------


def test_derived_not_stated_entries_are_composed_in_finnish_and_swedish() -> None:
    (second,) = load_library(DATA / "second_release")
    venue = second.entry("meeting_venue")
    assert venue is not None
    assert venue.answer_in("fi") == phrases("fi").venue_unknown
    assert venue.answer_in("sv") == phrases("sv").venue_unknown
    assert "Tallinn" in venue.answer  # English names the place
    # an answer composed from English roles has no translation: it is answered untranslated
    meeting = second.entry("meeting")
    assert meeting is not None and meeting.answer_in("fi") is None
    reply = Engine([second]).answer_entry(meeting, second, language="fi")
    assert reply.untranslated and reply.answer_note is not None


def test_a_derived_date_is_written_as_each_language_writes_it(base: KnowledgeBase) -> None:
    when = base.entry("other_meetings_when")
    assert when is not None
    assert "2 October 2018" in when.answer
    assert "2.10.2018" in (when.answer_in("fi") or "")
    assert "2 oktober 2018" in (when.answer_in("sv") or "")


# -- the catalogue ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_phrase(language: str) -> None:
    said = CATALOGUE[language]
    for field in dataclasses.fields(Phrases):
        value = getattr(said, field.name)
        if (field.name, language) not in {("months", "fi"), ("smalltalk", "en")}:
            assert value, (language, field.name)
    assert set(said.in_language) == set(LANGUAGES)
    assert said.says_not_stated(said.not_stated)


def test_the_bot_s_own_small_talk_is_in_every_language() -> None:
    builtin = yaml.safe_load(SMALLTALK_FILE.read_text(encoding="utf-8"))
    for language in LANGUAGES:
        if language != "en":
            assert set(CATALOGUE[language].smalltalk) == set(builtin), language


def test_language_codes_are_read_as_telegram_sends_them() -> None:
    assert [supported(c) for c in ("fi", "fi-FI", "sv_SE", "EN", "de", "", None)] == [
        "fi",
        "fi",
        "sv",
        "en",
        None,
        None,
        None,
    ]


# -- check: every version and every translation -------------------------------------------------


def broken(tmp_path: Path, old: str, new: str, file: str = "knowledge.yaml") -> Path:
    folder = tmp_path / FOLDER.name
    shutil.copytree(FOLDER, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "knowledge.yaml"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(path)
    return [str(problem) for problem in caught.value.problems]


def line_of(path: Path, needle: str, nth: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][nth]


def test_check_refuses_a_version_quote_that_is_not_in_that_version_s_text(
    tmp_path: Path,
) -> None:
    path = broken(
        tmp_path,
        "        fi: Asema seuraa 40 järven veden laatua.",
        "        fi: Asema seuraa 50 järven veden laatua.",
    )
    line = line_of(path, "fi: Asema seuraa 50")
    assert problems_of(path) == [
        f"{path}:{line}: versions.fi.sources[2].fi: is not verbatim in release.fi.txt "
        "(the release in Finnish)"
    ]


def test_check_refuses_a_sentence_of_another_version(tmp_path: Path) -> None:
    """The Swedish sentence is in release.sv.txt, not in release.fi.txt."""
    path = broken(
        tmp_path,
        "        fi: Asemalla työskentelee kaksitoista tutkijaa.",
        "        fi: [Asemalla työskentelee kaksitoista tutkijaa., Stationen har tolv forskare.]",
    )
    line = line_of(path, "Stationen har tolv forskare.]")
    assert problems_of(path) == [
        f"{path}:{line}: versions.fi.sources[4].fi[1]: is not verbatim in release.fi.txt "
        "(the release in Finnish)"
    ]


def test_check_refuses_a_release_sentence_that_is_not_in_the_release_text(
    tmp_path: Path,
) -> None:
    old = "      - en: The station employs twelve researchers.\n        sv:"
    path = broken(tmp_path, old, old.replace("twelve", "ten"))
    line = line_of(path, "en: The station employs ten researchers.")
    assert problems_of(path) == [
        f"{path}:{line}: versions.sv.sources[4].en: is not verbatim in the release text"
    ]


def test_check_refuses_an_edited_version_text(tmp_path: Path) -> None:
    path = broken(tmp_path, "tolv forskare", "elva forskare", file="release.sv.txt")
    line = line_of(path, "sv: Stationen har tolv forskare.")
    assert problems_of(path) == [
        f"{path}:{line}: versions.sv.sources[4].sv: is not verbatim in release.sv.txt "
        "(the release in Swedish)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        (
            "      sv: Stationen ska övervaka",
            "      de: Stationen ska övervaka",
            "de: Stationen",
            "facts[1].answers.de",
            "'de' is not a language code the bot knows (en, fi, sv)",
        ),
        (
            "      sv: Stationen ska övervaka",
            "      en: Stationen ska övervaka",
            "en: Stationen",
            "facts[1].answers.en",
            "'en' is the release's own language (release.language)",
        ),
        (
            "      fi: Asema seuraa 40 järven veden laatua.\n",
            '      fi: ""\n',
            'fi: ""',
            "facts[1].answers.fi",
            "must be non-empty text",
        ),
        (
            "  translations: [fi, sv]",
            "  translations: [fi]",
            "sv: Sjöminister",
            "facts[0].answers.sv",
            "release.translations does not list 'sv'",
        ),
        (
            "  translations: [fi, sv]",
            "  translations: [fi, sv, xx]",
            "translations: [fi, sv, xx]",
            "release.translations[2]",
            "'xx' is not a language code the bot knows",
        ),
        (
            "      fi: Tiedotteessa ei kerrota, paljonko asema maksoi.",
            "      fi: Asema maksoi paljon.",
            "fi: Asema maksoi paljon.",
            "not_stated[0].answers.fi",
            "must say plainly that the release does not say ('Tiedotteessa ei kerrota')",
        ),
        (
            "      fi: Asema seuraa 40 järven veden laatua.",
            "      fi: Asema {station} seuraa 40 järven veden laatua.",
            "fi: Asema {station}",
            "facts[1].answers.fi",
            "unknown placeholder {station}",
        ),
        (
            "      fi: Kuka avasi aseman?",
            "      de: Kuka avasi aseman?",
            "de: Kuka avasi",
            "facts[0].titles.de",
            "'de' is not a language code the bot knows",
        ),
        (
            "    text: release.fi.txt",
            "    text: ../release.fi.txt",
            "text: ../release.fi.txt",
            "versions.fi.text",
            "'../release.fi.txt' is not a file in the release's folder",
        ),
        (
            "    text: release.sv.txt",
            "    text: release.se.txt",
            "text: release.se.txt",
            "versions.sv.text",
            "cannot read",
        ),
        (
            "  sv:\n    text: release.sv.txt",
            "  en:\n    text: release.sv.txt",
            "  en:",
            "versions.en",
            "'en' is the release's own language (release.language)",
        ),
    ],
)
def test_check_refuses_wrong_translations_with_file_line_and_field(
    tmp_path: Path, old: str, new: str, needle: str, field: str, message: str
) -> None:
    path = broken(tmp_path, old, new)
    found = problems_of(path)
    prefix = f"{path}:{line_of(path, needle)}: {field}: "
    assert any(p.startswith(prefix) and message in p for p in found), found


def test_answers_in_a_release_without_translations_are_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "  translations: [fi, sv]\n", "")
    found = problems_of(path)
    assert found and all("release.translations does not list" in p for p in found)


def test_a_review_marker_in_a_translation_is_refused_outside_a_draft(tmp_path: Path) -> None:
    old = "      fi: Asema seuraa 40 järven veden laatua."
    path = broken(tmp_path, old, "      fi: 'REVIEW: check the Finnish'")
    (problem,) = problems_of(path)
    line = line_of(path, "REVIEW: check the Finnish")
    assert problem.startswith(f"{path}:{line}: facts[1].answers.fi: 'REVIEW: check the Finnish'")


def test_a_release_in_finnish_has_its_composed_answers_in_finnish(tmp_path: Path) -> None:
    (tmp_path / "release.txt").write_text(
        "Ministeri Aalto tapasi ministeri Berg Oulussa.\n"
        "Lisätietoja: Liisa Laine, puh. 040 1234567",
        encoding="utf-8",
    )
    path = tmp_path / "knowledge.yaml"
    path.write_text(
        """\
release:
  id: fictional-fi
  headline: Ministeri Aalto tapasi ministeri Bergin
  publisher: Keksitty ministeriö
  language: fi
  text: release.txt
  summary: Ministeri Aalto tapasi ministeri Bergin.
contacts:
  - {name: Liisa Laine, title: tiedottaja, organisation: Keksitty ministeriö,
     phone: 040 1234567, phone_e164: "+358401234567"}
people:
  - {id: aalto, name: Aino Aalto, role: ministeri}
  - {id: berg, name: Bo Berg, role: ministeri}
places:
  - {id: oulu, name: Oulu, source: [Ministeri Aalto tapasi ministeri Berg Oulussa.]}
meetings:
  - id: meeting
    participants: [aalto, berg]
    place: oulu
    status: held
    source: [Ministeri Aalto tapasi ministeri Berg Oulussa.]
""",
        encoding="utf-8",
    )
    base = load_knowledge_base(path)
    when = base.entry("meeting_when")
    assert when is not None and when.answer == phrases("fi").day_unknown
    assert when.answer_in("en") == phrases("en").day_unknown
    reply = Engine([base]).answer_entry(when, base, language="en")
    assert reply.body == phrases("en").day_unknown and not reply.untranslated
