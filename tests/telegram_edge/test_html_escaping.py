"""Everything from the knowledge base is HTML-escaped in what the bot sends with parse_mode HTML:
a knowledge base with `<b>&amp;</b>` in its headline, its question titles (the labels of
suggestions and related questions) and its contact must arrive as that literal text."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import RELEASE_ID, RunningBot, start_bot
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import ask, buttons

RAW = "<b>&amp;</b>"
ESCAPED = "&lt;b&gt;&amp;amp;&lt;/b&gt;"
EDITS = [  # (text in knowledge.yaml, the same with RAW in it)
    (
        "    criminal matters in Moscow\n  publisher:",
        f"    criminal matters in Moscow {RAW}\n  publisher:",
    ),
    ("  - name: Lauri Koskentausta", f"  - name: Lauri {RAW} Koskentausta"),
    ("      - What is this release about?", f'      - "What is this release about? {RAW}"'),
    ("      - Who met whom?", f'      - "Who met whom? {RAW}"'),
    ("      - Where was the meeting?", f'      - "Where was the meeting? {RAW}"'),
]


@pytest.fixture
async def marked_bot(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    folder = tmp_path / "knowledge" / RELEASE_ID
    shutil.copytree(knowledge_root / RELEASE_ID, folder)
    path = folder / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    bot = await start_bot(fake_bot_api, tmp_path / "knowledge")
    yield bot
    assert await bot.finish() == 0


def assert_escaped(params: dict[str, object], times: int = 1) -> None:
    text = str(params["text"])
    assert params.get("parse_mode") == "HTML"
    assert RAW not in text
    assert text.count(ESCAPED) >= times, text


async def test_headline_labels_and_contact_arrive_escaped(marked_bot: RunningBot) -> None:
    assert_escaped(await ask(marked_bot, "/start"))  # the headline
    assert_escaped(await ask(marked_bot, "/help"))  # the headline
    assert_escaped(await ask(marked_bot, "/about"))  # the headline
    assert_escaped(await ask(marked_bot, "/contact"))  # the contact line
    # a declined question lists the example questions: three titles, and the contact
    assert_escaped(await ask(marked_bot, "what's the weather in Helsinki?"), times=4)
    answered = await ask(marked_bot, "Who met whom?")
    assert_escaped(answered)  # the contact line
    # related questions are buttons: plain text that Telegram does not parse, kept as written
    labels = [button["text"] for button in buttons(answered)]
    assert f"Where was the meeting? {RAW}" in labels
