"""The engine's answer cache: a question asked again the same way is not matched again, and
nothing that changes an answer (the previous reply, the release, the language) is ignored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.answer_cache import AnswerCache, answer_key
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.matching import Matcher


@pytest.fixture
def engine(base: KnowledgeBase) -> Engine:
    return Engine([base])


@pytest.fixture
def matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions the engine's matchers were asked, in order."""
    asked: list[str] = []
    original = Matcher.match

    def counting(self: Matcher, question: str) -> object:
        asked.append(question)
        return original(self, question)

    monkeypatch.setattr(Matcher, "match", counting)
    return asked


def test_the_same_question_again_is_answered_without_matching(
    engine: Engine, matched: list[str]
) -> None:
    first = engine.ask("who is the press contact?")
    again = engine.ask("who is the press contact?")
    assert again is first
    assert len(matched) == 1
    assert engine.ask("who is the press contact?\u200b") == first  # the same once cleaned


def test_a_question_that_never_reads_the_previous_answer_is_shared_by_every_chat(
    engine: Engine, matched: list[str]
) -> None:
    meeting = engine.ask("who did Häkkänen meet?")
    contact = engine.ask("who is the press contact?")
    first = engine.ask("what was discussed in Moscow?", previous=meeting)
    assert engine.ask("what was discussed in Moscow?", previous=contact) is first
    assert engine.ask("what was discussed in Moscow?") is first
    assert matched.count("what was discussed in Moscow?") == 1


def test_a_follow_up_is_answered_for_the_previous_answer_it_follows(engine: Engine) -> None:
    konovalov = engine.ask("who is Konovalov?")
    contact = engine.ask("who is the press contact?")
    about_konovalov = engine.ask("what is his first name?", previous=konovalov)
    about_contact = engine.ask("what is his first name?", previous=contact)
    assert "Alexander" in about_konovalov.body
    assert "Lauri" in about_contact.body
    assert engine.ask("what is his first name?", previous=konovalov) is about_konovalov
    assert engine.ask("what is his first name?") is not about_konovalov


def test_the_wanted_language_and_the_release_are_part_of_the_key(engine: Engine) -> None:
    english = engine.ask("who is the press contact?")
    finnish = engine.ask("who is the press contact?", language="fi")
    assert finnish is not english
    assert finnish.language == "fi"
    assert engine.ask("who is the press contact?", language="fi") is finnish


def test_a_question_of_unclear_language_follows_the_previous_questions(engine: Engine) -> None:
    finnish = engine.ask("kuka on yhteyshenkilö?")
    english = engine.ask("who is the press contact?")
    after_finnish = engine.ask("Koskentausta?", previous=finnish)
    after_english = engine.ask("Koskentausta?", previous=english)
    assert after_finnish.asked_language == finnish.asked_language == "fi"
    assert after_english.asked_language == "en"


def test_an_engine_that_keeps_no_answers_matches_every_time(
    base: KnowledgeBase, matched: list[str]
) -> None:
    engine = Engine([base], answers_kept=0)
    assert engine.ask("who met whom?") is not engine.ask("who met whom?")
    assert len(matched) == 2
    assert len(engine.answers) == 0


def test_the_cache_keeps_the_answers_used_last(base: KnowledgeBase) -> None:
    cache = AnswerCache(2)
    reply = Engine([base], answers_kept=0).ask("who met whom?")
    keys = [answer_key(q, base.id, None, None, False) for q in ("a", "b", "c")]
    cache.put(keys[0], reply)
    cache.put(keys[1], reply)
    assert cache.get(keys[0]) is reply  # used: "b" is now the oldest
    cache.put(keys[2], reply)
    assert len(cache) == 2
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is reply and cache.get(keys[2]) is reply


def test_an_entrys_reply_is_made_once_per_language(engine: Engine, base: KnowledgeBase) -> None:
    entry = base.entry("contact")
    assert entry is not None
    english = engine.answer_entry(entry, base)
    assert engine.answer_entry(entry, base, "en") is english  # the release's language
    finnish = engine.answer_entry(entry, base, "fi-FI")
    assert finnish is not english and finnish.language == "fi"
    assert engine.answer_entry(entry, base, "fi") is finnish
    # an entry the base does not hold (made up by a caller) is never kept in its place
    made_up = replace(entry, answer="Someone else, somewhere else.")
    assert engine.answer_entry(made_up, base).body == "Someone else, somewhere else."
    assert engine.answer_entry(entry, base) is english
