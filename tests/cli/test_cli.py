"""The release-bot command, run as a user would: a real process, its output and exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RELEASE_ID, ROOT

FIELDS = {"question", "status", "fact_id", "score", "answer", "suggestions", "release"}


def cli(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASE_BOT_")}
    base_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        env=base_env,
        capture_output=True,
        timeout=timeout,
    )


def test_ask_prints_the_answer_as_a_user_reads_it() -> None:
    result = cli("ask", "Who met whom?")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "Konovalov" in out and "From the release:" in out
    assert "Press contact: Lauri Koskentausta, Special Adviser" in out
    assert "<" not in out


def test_ask_json_prints_exactly_the_documented_fields() -> None:
    result = cli("ask", "--json", "Konovalof?")
    data = json.loads(result.stdout)
    assert set(data) == FIELDS
    assert data["status"] == "answered" and data["fact_id"] == "konovalov"
    assert 0 <= data["score"] <= 100 and data["release"] == RELEASE_ID
    assert "+358 2951 50131" in data["answer"]


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
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert len(lines) == len(HOSTILE_LINES)
    records = [json.loads(line) for line in lines]
    assert all(set(record) == FIELDS for record in records)
    statuses = [record["status"] for record in records]
    assert statuses[0] == "answered" and statuses[-3] == "smalltalk"
    assert statuses[1] == statuses[2] == "fallback"
    assert statuses[-2] == "fallback" and statuses[-1] == "clarify"
    assert records[5]["fact_id"] == records[6]["fact_id"] == "meeting"
    assert all("Koskentausta" in record["answer"] for record in records)
    assert b"Traceback" not in result.stderr


def test_stdin_without_a_final_newline_and_crlf() -> None:
    result = cli("ask", "--json", stdin=b"who met whom\r\nwhere was the meeting")
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["fact_id"] for r in records] == ["meeting", "location"]
    assert records[0]["question"] == "who met whom"


def test_chat_answers_in_the_terminal_until_an_empty_line() -> None:
    result = cli("chat", stdin=b"who met whom\ncybercrime?\n\n")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert out.count("Press contact:") == 2 and "Konovalov" in out
    assert "[1] Where was the meeting?" in out


def test_chat_ends_on_end_of_input() -> None:
    result = cli("chat", stdin=b"thanks\n")
    assert result.returncode == 0 and "welcome" in result.stdout.decode()


def test_check_accepts_the_shipped_knowledge_base() -> None:
    result = cli("check")
    assert result.returncode == 0
    assert "ok: " in result.stdout.decode() and RELEASE_ID in result.stdout.decode()


def broken_copy(tmp_path: Path, knowledge_root: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, target)
    path = target / RELEASE_ID / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    related: [location, topics, other_meetings]", "    related: [location, nowhere]", 1
    )
    path.write_text(text, encoding="utf-8")
    return target


def test_check_refuses_a_broken_base_with_file_line_and_field(
    tmp_path: Path, knowledge_root: Path
) -> None:
    target = broken_copy(tmp_path, knowledge_root)
    result = cli("check", str(target))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "knowledge.yaml:" in err and ".related[1]: 'nowhere' is not the id of any entry" in err
    assert "Traceback" not in err


def test_knowledge_option_and_environment_variable_choose_the_base(
    tmp_path: Path, knowledge_root: Path
) -> None:
    target = broken_copy(tmp_path, knowledge_root)
    assert cli("ask", "--knowledge", str(target), "who met whom").returncode == 1
    assert cli("ask", "who met whom", env={"RELEASE_BOT_KNOWLEDGE": str(target)}).returncode == 1
    good = cli("ask", "who met whom", env={"RELEASE_BOT_KNOWLEDGE": str(knowledge_root)})
    assert good.returncode == 0


def test_eval_reports_and_guards_a_floor() -> None:
    questions = ROOT / "knowledge" / RELEASE_ID / "questions.yaml"
    result = cli("eval", str(questions), "--min-accuracy", "90")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "in_scope" in out and "out_of_scope" in out and "Facts never hit" in out
    failing = cli("eval", str(questions), "--min-accuracy", "99.9")
    assert failing.returncode == 1 and "below 99.9%" in failing.stdout.decode()


def test_eval_without_files_runs_the_shipped_question_sets() -> None:
    result = cli("eval", "--min-accuracy", "90")
    assert result.returncode == 0
    assert f"Release {RELEASE_ID}" in result.stdout.decode()


def test_eval_refuses_a_question_set_naming_unknown_facts(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text(f"release: {RELEASE_ID}\nquestions:\n  - q: hi\n    expect: no_such_fact\n")
    result = cli("eval", str(bad))
    assert result.returncode == 2 and "unknown id no_such_fact" in result.stderr.decode()


@pytest.mark.parametrize("args", [[], ["nonsense"], ["ask", "--bogus"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert cli(*args).returncode == 2


def test_chat_follows_a_numbered_suggestion() -> None:
    result = cli("chat", stdin=b"who met whom\n1\n")
    out = result.stdout.decode()
    assert "[1] Where was the meeting?" in out
    assert "The ministers met in Moscow" in out
