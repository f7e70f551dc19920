"""The shared vocabulary (vocabulary.yaml beside this file): synonyms every release uses."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


@cache
def shared_synonyms() -> dict[str, tuple[str, ...]]:
    """Canonical word -> what people type for the same thing, as the file gives them."""
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return {str(word): tuple(str(v) for v in variants) for word, variants in data.items()}
