"""Problems print as `file:line: field: message`; KnowledgeError carries every one of them."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from bot.core.problems import KnowledgeError, Problem

FIRST = Problem(Path("knowledge/r/knowledge.yaml"), 12, "facts[3].related[0]", "'x' is not an id")
SECOND = Problem(Path("knowledge/r/knowledge.yaml"), 40, "contacts[0].phone", "is missing")


def test_a_problem_prints_as_file_line_field_message() -> None:
    assert str(FIRST) == "knowledge/r/knowledge.yaml:12: facts[3].related[0]: 'x' is not an id"


def test_problems_are_values() -> None:
    same = Problem(FIRST.file, 12, "facts[3].related[0]", "'x' is not an id")
    assert same == FIRST and hash(same) == hash(FIRST) and same != SECOND
    with pytest.raises(FrozenInstanceError):
        FIRST.line = 13  # type: ignore[misc]


def test_the_error_keeps_every_problem_and_prints_one_per_line() -> None:
    error = KnowledgeError(problem for problem in (FIRST, SECOND))  # any iterable, even once
    assert error.problems == (FIRST, SECOND)
    assert str(error) == f"{FIRST}\n{SECOND}"


def test_importing_it_loads_no_yaml() -> None:
    """Commands report problems without paying for the YAML parser."""
    probe = "import sys, bot.core.problems; print('yaml' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
