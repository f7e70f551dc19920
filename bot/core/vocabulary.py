"""The shared vocabulary (vocabulary.yaml beside this file): synonyms every release uses."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


PLACES = "places"  # the file's group of place names: names, not words of any one language


@cache
def _groups() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def shared_synonyms() -> dict[str, tuple[str, ...]]:
    """Canonical word -> what people type for the same thing, as the file gives them (the
    places' group among them)."""
    groups = dict(_groups())
    places = groups.pop(PLACES, None) or {}
    assert isinstance(places, dict)
    found: dict[str, tuple[str, ...]] = {}
    for word, variants in (*groups.items(), *places.items()):
        assert isinstance(variants, list), word
        found[str(word)] = tuple(str(v) for v in variants)
    return found


@cache
def shared_place_names() -> frozenset[str]:
    """The places the shared vocabulary names ("moscow" for "the Russian capital")."""
    places = _groups().get(PLACES) or {}
    assert isinstance(places, dict)
    return frozenset(str(name) for name in places)
