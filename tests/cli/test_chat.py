"""`release-bot chat`, driven through stdin: questions, numbered suggestions, and how it ends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.helpers import (
    SECOND_RELEASE,
    SECOND_RELEASE_ID,
    SMALL_RELEASE,
    cli,
    copy_knowledge,
)
from tests.conftest import RELEASE_ID

SMALL = ("--knowledge", str(SMALL_RELEASE))


def test_answers_in_the_terminal_until_an_empty_line() -> None:
    result = cli("chat", stdin="who met whom\ncybercrime?\n\nthanks\n")
    assert result.code == 0
    assert result.out.startswith("Ask about: Minister Häkkänen and Russian Minister")
    assert result.out.count("Press contact:") == 2 and "Konovalov" in result.out
    assert "[1] Where was the meeting?" in result.out
    assert "welcome" not in result.out  # the line after the empty one was never read


def replies(out: str) -> list[str]:
    """What the chat printed after each question, in order."""
    return out.split("you> ")[1:]


def test_a_number_follows_the_suggestion_it_names() -> None:
    result = cli("chat", *SMALL, stdin="who met whom\n1\n\n")
    first, second, _ = replies(result.out)
    assert "[1] Where did they meet?" in first and "[2] What did they discuss?" in first
    assert second.strip().startswith("They met in Turku.")


def test_a_number_refers_to_the_latest_suggestions() -> None:
    result = cli("chat", *SMALL, stdin="who met whom\n2\n1\n\n")
    _, topics, quote, _ = replies(result.out)
    assert topics.strip().startswith("Tram lines, bicycle lanes") and "[1] What did Virta" in topics
    assert quote.strip().startswith('Virta said: "Trams make a city quieter."')


def test_a_number_without_such_a_suggestion_is_asked_as_a_question() -> None:
    result = cli("chat", *SMALL, stdin="who met whom\n9\n\n")
    assert "The release does not say anything about that" in replies(result.out)[1]


def test_ends_on_end_of_input() -> None:
    result = cli("chat", stdin="thanks\n")
    assert result.code == 0 and "welcome" in result.out
    assert result.out.endswith("you> \n")


def test_chooses_the_release_to_talk_about(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path, SECOND_RELEASE / SECOND_RELEASE_ID)
    newest = cli("chat", "--knowledge", str(root), stdin="\n")
    chosen = cli("chat", "--knowledge", str(root), "--release", SECOND_RELEASE_ID, stdin="\n")
    older = cli("chat", "--knowledge", str(root), "--release", RELEASE_ID)
    assert newest.out.startswith("Ask about: Prime Minister Virtanen") and newest.code == 0
    assert chosen.out == newest.out
    assert older.out.startswith("Ask about: Minister Häkkänen")


def test_an_unknown_release_is_a_usage_error() -> None:
    result = cli("chat", "--release", "no-such-release", stdin="\n")
    assert result.code == 2 and "Traceback" not in result.err


def two_releases(tmp_path: Path) -> Path:
    """The bundled release (the chat's, being the newer) and the small one beside it."""
    root = copy_knowledge(tmp_path)
    shutil.copytree(SMALL_RELEASE, root / SMALL_RELEASE.name)
    return root


def test_a_question_only_another_release_answers_comes_from_it(tmp_path: Path) -> None:
    result = cli("chat", "--knowledge", str(two_releases(tmp_path)), stdin="bicycle lanes\n\n")
    assert result.out.startswith("Ask about: Minister Häkkänen")
    answer = replies(result.out)[0]
    assert answer.lstrip().startswith("Release: Mayor Virta")
    assert "Press contact: Jane Doe" in answer and "[1] What did Virta say about trams?" in answer


def test_its_suggestions_are_answered_from_it_too(tmp_path: Path) -> None:
    root = two_releases(tmp_path)
    followed = replies(cli("chat", "--knowledge", str(root), stdin="bicycle lanes\n1\n\n").out)[1]
    assert followed.lstrip().startswith("Release: Mayor Virta")
    assert "Press contact: Jane Doe" in followed


def test_help_exits_0() -> None:
    result = cli("chat", "--help")
    assert result.code == 0 and "--knowledge" in result.out and "--release" in result.out


def test_replies_in_the_language_asked_for() -> None:
    result = cli("chat", "--language", "fi", stdin="who is the press contact?\n1\n\n")
    first, second, _ = replies(result.out)
    assert result.code == 0
    assert "Lisätietoja:" in first and "Press contact:" not in first
    assert "[1] Mistä tiedotteessa on kyse?" in first  # the suggestions' questions too
    assert "Tiedotteesta:" in second and "Press contact:" not in second  # and what they open
    assert cli("chat", "--language", "xx", stdin="\n").code == 2
