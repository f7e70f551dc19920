"""What is wrong with a knowledge base: `Problem` (file, line, field, message) and the error that
carries them. Kept apart from the loader so that commands can report them without importing YAML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge base, located precisely enough to fix it."""

    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class KnowledgeError(Exception):
    """A knowledge base was refused; `problems` says every reason, one per line of `str()`."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
