"""What the user reads: contact on every reply, sources with facts, escaping, the length limit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.answers import MAX_MESSAGE_CHARS, compose, render_html, render_plain
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.matching import Match, Outcome

QUESTIONS = ["who met whom", "when was this", "thanks", "weather?", "minister", ""]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_reply_carries_the_press_contact(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    for text in (render_plain(reply), render_html(reply)):
        assert "Lauri Koskentausta" in text
        assert "Special Adviser" in text
        assert "+358 2951 50131" in text


def test_facts_quote_their_source_sentence(engine: Engine) -> None:
    reply = engine.ask("who met whom")
    text = render_plain(reply)
    for quote in reply.entry.sources:
        assert quote in reply.base.release.text
        assert quote in text


def test_not_stated_says_so_plainly(engine: Engine) -> None:
    text = render_plain(engine.ask("when did they meet?"))
    assert "release does not say" in text


def test_fallback_says_the_release_does_not_say_and_suggests(engine: Engine) -> None:
    reply = engine.ask("who will win the football tonight")
    assert reply.outcome is Outcome.FALLBACK
    assert "release does not say" in render_plain(reply)
    assert len(reply.suggestions) == 3


def test_html_escapes_knowledge_base_text(base: KnowledgeBase) -> None:
    entry = replace(base.entry("meeting"), answer="<b>bold</b> & <script>x</script>")
    reply = compose("q", Match(Outcome.ANSWERED, 90.0, entry), base)
    html = render_html(reply)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html


def test_long_answers_are_cut_to_the_limit_but_keep_the_contact(base: KnowledgeBase) -> None:
    entry = replace(base.entry("meeting"), answer="word & <x> " * 900)
    reply = compose("q", Match(Outcome.ANSWERED, 90.0, entry), base)
    for text in (render_plain(reply), render_html(reply)):
        assert len(text) <= MAX_MESSAGE_CHARS
        assert "+358 2951 50131" in text
    assert render_html(reply).count("<b>") == render_html(reply).count("</b>")


def test_json_keeps_every_documented_field_and_adds_the_sources(engine: Engine) -> None:
    """The protocol only grows: fields are added, never renamed or removed."""
    data = engine.ask("who met whom").as_json()
    assert set(data) == {
        "question",
        "status",
        "fact_id",
        "score",
        "answer",
        "suggestions",
        "release",
        "sources",
        "parts",
        "language",
    }
    assert data["sources"] == list(engine.ask("who met whom").sources) and data["parts"] == []
    assert data["status"] == "answered" and data["fact_id"] == "meeting"
    assert "<" not in data["answer"]
    assert all(set(s) == {"fact_id", "question"} for s in data["suggestions"])


def test_fact_id_is_null_unless_answered(engine: Engine) -> None:
    for question in ("thanks", "weather?", "minister"):
        reply = engine.ask(question)
        assert reply.outcome is not Outcome.ANSWERED
        assert reply.as_json()["fact_id"] is None


def test_declined_question_offers_the_nearest_facts_first(engine: Engine) -> None:
    reply = engine.ask("how do I become a prison guard")
    assert reply.outcome is Outcome.FALLBACK
    offered = [entry.id for entry in reply.suggestions]
    assert len(offered) == 3 and "foreign_prisoners" in offered
    assert reply.as_json()["fact_id"] is None
