"""👍 / 👎 under answers, end to end: stored without anyone's ids, the question behind a 👎
and what was missing kept masked, counted in /metrics and in `release-bot report`."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from pathlib import Path

import httpx
import pytest

from bot.cli.report import add_arguments, run
from bot.questionlog.storage import SQLITE_FILE
from bot.telegram_edge import texts
from bot.telegram_edge.application import bot_data
from tests.conftest import start_bot, wait_until
from tests.telegram_edge.handover_helpers import (
    ASKER,
    PressBotApi,
    button,
    delivered,
    exchange,
    press,
    press_api_fixture,  # noqa: F401 - the fixture press_api
    silence,
)
from tests.telegram_edge.helpers import GROUP

IDENTIFYING = ("user", "chat", "name", "sender", "from")


def feedback_rows(data_dir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(data_dir / SQLITE_FILE) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM answer_feedback ORDER BY id").fetchall()


def report(data_dir: Path, monkeypatch: pytest.MonkeyPatch, *argv: str) -> None:
    """`release-bot report ARGV` over the bot's data folder (its output is captured)."""
    monkeypatch.setenv("RELEASE_BOT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("RELEASE_BOT_DATABASE_URL", raising=False)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args(argv)) == 0


async def test_votes_are_stored_anonymously_and_counted(
    press_api: PressBotApi,
    knowledge_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api = press_api
    env = {"RELEASE_BOT_DATA_DIR": str(tmp_path), "RELEASE_BOT_METRICS_PORT": "0"}
    bot = await start_bot(api, knowledge_root, env=env)
    try:
        answer = await exchange(api, api.private_message(ASKER, "Who met whom?"), ASKER)
        assert button(answer, "y:").endswith(":meeting") and button(answer, "n:")
        api.push_update(press(api, ASKER, answer, "y:"))
        notice = await api.wait_for("answerCallbackQuery", lambda p: "text" in p)
        assert notice[-1].params["text"] == texts.FEEDBACK_THANKS
        edited = await api.wait_for("editMessageReplyMarkup", lambda p: p["chat_id"] == ASKER)
        left = [
            b["callback_data"]
            for row in edited[-1].params["reply_markup"]["inline_keyboard"]
            for b in row
            if "callback_data" in b
        ]
        assert left and not [data for data in left if data[:2] in ("y:", "n:")]  # voted once

        question = "Where was the meeting?"  # (the store masks it too: tests/questionlog)
        answer = await exchange(api, api.private_message(ASKER, question), ASKER)
        prompt = await exchange(api, press(api, ASKER, answer, "n:"), ASKER, "What was missing")
        assert prompt.params["reply_markup"]["force_reply"] is True
        missing = api.private_message(ASKER, "The exact address, mail me at jane@example.org")
        missing["message"]["reply_to_message"] = prompt.result
        thanks = await exchange(api, missing, ASKER)
        assert thanks.params["text"] == texts.FEEDBACK_COMMENT_THANKS  # not answered as a question

        answer = await exchange(api, api.private_message(ASKER, "Who met whom?"), ASKER)
        await exchange(api, press(api, ASKER, answer, "n:"), ASKER, "What was missing")

        port = bot_data(bot.app).metrics_port
        async with httpx.AsyncClient(trust_env=False) as client:
            metrics = (await client.get(f"http://127.0.0.1:{port}/metrics", timeout=10)).text
        assert 'release_bot_feedback_total{vote="helpful"} 1.0' in metrics
        assert 'release_bot_feedback_total{vote="unhelpful"} 2.0' in metrics
    finally:
        assert await bot.finish() == 0

    # the votes are stored from worker threads, so their rows may be in another order
    rows = sorted(
        feedback_rows(tmp_path), key=lambda r: (-r["helpful"], r["fact_id"] != "location")
    )
    assert [(r["fact_id"], r["helpful"]) for r in rows] == [
        ("meeting", 1),
        ("location", 0),
        ("meeting", 0),
    ]
    assert rows[0]["question"] is None  # a 👍 keeps no question
    assert rows[1]["question"] == "Where was the meeting?"
    assert "[email]" in rows[1]["comment"] and "jane@" not in rows[1]["comment"]
    assert rows[2]["question"] == "Who met whom?" and rows[2]["comment"] is None
    columns = rows[0].keys()  # a sqlite3.Row iterates over its values
    assert not [c for c in columns if any(word in c for word in IDENTIFYING)]
    # no value is the asker's id, nor holds it as a number of its own (a timestamp's digits may)
    values = [value for row in rows for value in tuple(row)]
    assert ASKER not in values
    assert not [v for v in values if isinstance(v, str) and re.search(rf"\b{ASKER}\b", v)]

    report(tmp_path, monkeypatch)
    text = capsys.readouterr().out
    assert "Feedback on answers, all time: 3 votes, 1 helpful (33 %)" in text
    assert "meeting “Who met whom?”" in text and "50 %" in text
    assert "👎 after: “Who met whom?”" in text and "missing: “The exact address" in text

    report(tmp_path, monkeypatch, "--json")
    document = json.loads(capsys.readouterr().out)
    facts = {f["fact_id"]: f for f in document["feedback"]["facts"]}
    assert (facts["meeting"]["helpful"], facts["meeting"]["unhelpful"]) == (1, 1)
    assert facts["location"]["helpful_share"] == 0.0
    assert document["groups"] is not None  # the question log's report is still there

    report(tmp_path, monkeypatch, "--feedback", "--csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith('"release","fact_id","question","helpful","unhelpful"')
    assert len(lines) == 3


async def test_a_forged_vote_or_prompt_is_refused(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_bot(api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        answer = await exchange(api, api.private_message(ASKER, "Who met whom?"), ASKER)
        forged = button(answer, "y:").rsplit(":", 1)[0] + ":no_such_fact"
        api.push_update(api.callback_query(ASKER, forged, message_id=answer.result["message_id"]))
        notice = await api.wait_for("answerCallbackQuery", lambda p: "text" in p)
        assert notice[-1].params["text"] == texts.STALE_BUTTON
        # a reply to a message that only looks like the bot's prompt (it is the user's own)
        fake_prompt = api.private_message(ASKER, texts.feedback_prompt(1))["message"]
        reply = api.private_message(ASKER, "sneaky")
        reply["message"]["reply_to_message"] = fake_prompt
        answered = await exchange(api, reply, ASKER)
        assert answered.params["text"] != texts.FEEDBACK_COMMENT_THANKS
        await wait_until(lambda: not api.pending_updates)
    finally:
        assert await bot.finish() == 0
    assert not (tmp_path / SQLITE_FILE).exists() or feedback_rows_or_none(tmp_path) == []


def feedback_rows_or_none(data_dir: Path) -> list[sqlite3.Row]:
    try:
        return feedback_rows(data_dir)
    except sqlite3.OperationalError:  # the table was never needed
        return []


async def test_in_a_group_a_vote_asks_nothing_and_keeps_the_quoted_question(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_bot(api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        asked = api.group_message(GROUP, ASKER, f"@{api.username} where did they meet?")
        answer = await exchange(api, asked, GROUP)
        vote = api.callback_query(
            ASKER,
            button(answer, "n:"),
            message_chat_id=GROUP,
            message_id=answer.result["message_id"],
        )
        api.push_update(vote)
        await api.wait_for("answerCallbackQuery", lambda p: "text" in p)
        assert await silence(api, GROUP) == 0  # no "what was missing?" for the whole group
        assert not delivered(api, ASKER)
    finally:
        assert await bot.finish() == 0
    (row,) = feedback_rows(tmp_path)
    assert row["question"] == "where did they meet?" and row["helpful"] == 0


async def test_a_vote_on_an_older_answer_keeps_no_unrelated_question(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    """The chat's last question is kept for a 👎 only if it is the one that got this fact."""
    api = press_api
    bot = await start_bot(api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        older = await exchange(api, api.private_message(ASKER, "Who met whom?"), ASKER)
        await exchange(api, api.private_message(ASKER, "Where was the meeting?"), ASKER)
        await exchange(api, press(api, ASKER, older, "n:"), ASKER, "What was missing")
    finally:
        assert await bot.finish() == 0
    (row,) = feedback_rows(tmp_path)
    assert (row["fact_id"], row["question"]) == ("meeting", None)
