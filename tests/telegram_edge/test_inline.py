"""Inline mode: `@bot question` in any chat offers answers to share."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import escape
from bot.core.knowledge import KnowledgeBase
from tests.conftest import RunningBot
from tests.telegram_edge.helpers import USER


async def inline_results(bot: RunningBot, query: str) -> list[dict[str, Any]]:
    """Send an inline query; the results the bot offered."""
    bot.api.push_update(bot.api.inline_query(USER, query))
    (call,) = await bot.api.wait_for("answerInlineQuery")
    return list(call.params["results"])


async def test_inline_query_offers_answers_with_the_contact(running_bot: RunningBot) -> None:
    results = await inline_results(running_bot, "who met whom")
    assert 1 <= len(results) <= 5
    first = results[0]["input_message_content"]["message_text"]
    assert "Konovalov" in first and "+358 2951 50131" in first
    assert len({r["id"] for r in results}) == len(results)


async def test_empty_inline_query_offers_examples(running_bot: RunningBot) -> None:
    results = await inline_results(running_bot, "")
    assert any("Koskentausta" in r["input_message_content"]["message_text"] for r in results)


@pytest.mark.parametrize("query", ["who met whom", "", "minister"])
async def test_each_result_shares_the_answer_it_is_titled_with(
    running_bot: RunningBot, base: KnowledgeBase, query: str
) -> None:
    by_title = {entry.title: entry for entry in base.entries}
    results = await inline_results(running_bot, query)
    assert results
    for result in results:
        entry = by_title[result["title"]]
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        assert escape(entry.answer) in content["message_text"], result["title"]
        assert len(result["id"].encode()) <= 64
