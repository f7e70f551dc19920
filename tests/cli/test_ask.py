"""`release-bot ask`: one question from the arguments, or JSON lines for the lines of stdin."""

from __future__ import annotations

import json
from pathlib import Path

from bot.core.answers import render_plain
from bot.core.engine import Engine
from tests.cli.helpers import (
    SECOND_RELEASE,
    SECOND_RELEASE_ID,
    SMALL_RELEASE,
    cli,
    copy_knowledge,
)
from tests.conftest import RELEASE_ID

# The public protocol: fields may be added, never renamed or removed.
FIELDS = {"question", "status", "fact_id", "score", "answer", "suggestions", "release"}


def test_prints_the_answer_as_a_user_reads_it() -> None:
    result = cli("ask", "Who met whom?")
    assert result.code == 0
    assert "Konovalov" in result.out and "From the release:" in result.out
    assert "Press contact: Lauri Koskentausta, Special Adviser" in result.out
    assert "<" not in result.out


def test_json_prints_the_documented_fields() -> None:
    data = json.loads(cli("ask", "--json", "Konovalof?").out)
    assert set(data) >= FIELDS
    assert data["status"] == "answered" and data["fact_id"] == "konovalov"
    assert 0 <= data["score"] <= 100 and data["release"] == RELEASE_ID
    assert "+358 2951 50131" in data["answer"]
    assert data["suggestions"] and set(data["suggestions"][0]) == {"fact_id", "question"}


HOSTILE_LINES = [
    b"Who met whom?",
    b"",
    b"   ",
    "😀😀😀".encode(),
    b"x" * 10_000,
    "who\u200bmet whom".encode(),
    "\u202ewho met whom".encode(),
    b"\x00\x01\x1b[31m red",
    b"\xff\xfe\xfd not utf-8",
    b"'; DROP TABLE facts; --",
    b"<script>alert(1)</script>",
    "Кто встречался с кем?".encode(),
    b"thanks",
    b"what's the weather",
    b"minister",
]


def test_stdin_gives_one_json_line_per_input_line_in_order() -> None:
    result = cli("ask", "--json", stdin=b"\n".join(HOSTILE_LINES) + b"\n")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == len(HOSTILE_LINES)
    records = [json.loads(line) for line in lines]
    assert all(set(record) >= FIELDS for record in records)
    statuses = [record["status"] for record in records]
    assert statuses[0] == "answered" and statuses[-3] == "smalltalk"
    assert statuses[1] == statuses[2] == "fallback"
    assert statuses[-2] == "fallback" and statuses[-1] == "clarify"
    assert records[5]["fact_id"] == records[6]["fact_id"] == "meeting"
    assert all("Koskentausta" in record["answer"] for record in records)
    assert "Traceback" not in result.err


def test_stdin_without_a_final_newline_and_crlf() -> None:
    small = ("--knowledge", str(SMALL_RELEASE))
    result = cli("ask", "--json", *small, stdin=b"who met whom\r\nwhere did they meet")
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["fact_id"] for r in records] == ["meeting", "place"]
    assert records[0]["question"] == "who met whom"


def test_stdin_in_plain_text_gives_each_answer_then_a_blank_line(engine: Engine) -> None:
    result = cli("ask", stdin="who met whom\nthanks\n")
    expected = [render_plain(engine.ask(question)) for question in ("who met whom", "thanks")]
    assert result.code == 0
    assert result.out == "".join(f"{answer}\n\n" for answer in expected)


def test_release_option_prefers_that_release_on_a_tie(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path, SECOND_RELEASE / SECOND_RELEASE_ID)
    newest = json.loads(cli("ask", "--json", "--knowledge", str(root), "who met whom").out)
    chosen = json.loads(
        cli("ask", "--json", "--knowledge", str(root), "--release", RELEASE_ID, "who met whom").out
    )
    assert (newest["release"], chosen["release"]) == (SECOND_RELEASE_ID, RELEASE_ID)
    assert "Virtanen" in newest["answer"] and "Konovalov" in chosen["answer"]


def test_help_exits_0_and_names_the_options() -> None:
    result = cli("ask", "--help")
    assert result.code == 0
    assert "--json" in result.out and "--knowledge" in result.out and "--release" in result.out
