"""`release-bot check`: "ok" for a valid base; a broken one: exit 1, `file:line: field: message`."""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.knowledge import KnowledgeBase
from tests.cli.helpers import (
    RELATED,
    SECOND_RELEASE,
    SECOND_RELEASE_ID,
    broken_copy,
    cli,
    copy_knowledge,
    knowledge_file,
    replace_line,
)
from tests.conftest import RELEASE_ID

PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")


def problems(err: str) -> list[re.Match[str]]:
    """The `file:line: field: message` lines of the error output (after its heading)."""
    heading, *lines = err.strip().splitlines()
    assert heading == "release-bot: the knowledge base was refused:"
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(matches), lines
    return [match for match in matches if match]


def test_accepts_the_bundled_base_and_counts_its_entries(base: KnowledgeBase) -> None:
    result = cli("check")
    kinds = [entry.kind.value for entry in base.entries]
    counts = ", ".join(f"{kinds.count(kind)} {kind}" for kind in dict.fromkeys(kinds))
    assert result.code == 0 and result.err == ""
    assert result.out == f"ok: {base.path} ({RELEASE_ID}: {counts})\n"


def test_refuses_a_broken_base_with_file_line_and_field(tmp_path: Path) -> None:
    root, line = broken_copy(tmp_path)
    result = cli("check", str(root))
    assert result.code == 1 and result.out == ""
    (problem,) = problems(result.err)
    assert problem["file"] == str(knowledge_file(root))
    assert int(problem["line"]) == line
    assert re.fullmatch(r"\w+\[\d+\]\.related\[0\]", problem["field"])
    assert problem["message"] == "'nowhere' is not the id of any entry"


def test_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    root, related_line = broken_copy(tmp_path)
    path = knowledge_file(root)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\ncolour: blue\n", encoding="utf-8")  # an unknown field, last
    result = cli("check", str(root))
    lines = {problem["field"]: int(problem["line"]) for problem in problems(result.err)}
    assert result.code == 1 and len(lines) == 2
    assert lines["(document).colour"] == text.count("\n") + 2
    (related,) = (field for field in lines if ".related[" in field)
    assert lines[related] == related_line


def test_reports_a_yaml_syntax_error_with_its_line(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    line = replace_line(knowledge_file(root), RELATED, "    related: [location, topics")
    result = cli("check", str(root))
    (problem,) = problems(result.err)
    assert result.code == 1 and problem["field"] == "(yaml)"
    assert int(problem["line"]) >= line and problem["message"].startswith("syntax error")


def test_a_folder_without_a_knowledge_base_is_refused(tmp_path: Path) -> None:
    result = cli("check", str(tmp_path))
    (problem,) = problems(result.err)
    assert result.code == 1
    assert (problem["file"], problem["message"]) == (str(tmp_path), "no knowledge.yaml found here")


def test_checks_every_release_of_a_folder(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path, SECOND_RELEASE / SECOND_RELEASE_ID)
    result = cli("check", str(root))
    ids = re.findall(r"^ok: \S+ \((\S+): ", result.out, re.MULTILINE)
    assert result.code == 0 and sorted(ids) == sorted([RELEASE_ID, SECOND_RELEASE_ID])


def test_the_path_argument_wins_over_the_environment(tmp_path: Path) -> None:
    root, _ = broken_copy(tmp_path)
    broken = {"RELEASE_BOT_KNOWLEDGE": str(root)}
    assert cli("check", env=broken).code == 1
    assert cli("check", str(SECOND_RELEASE), env=broken).code == 0


def test_help_exits_0() -> None:
    result = cli("check", "--help")
    assert result.code == 0 and "path" in result.out
