"""The knowledge service: the engine the bot currently serves, and safe reloading of it.

Handlers read `service.engine` for every question. `reload()` builds a complete new engine first
and swaps it in only if the knowledge base is valid, so a broken edit never replaces the last
good one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_library
from bot.core.problems import KnowledgeError, Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    message: str


def reviewed(bases: tuple[KnowledgeBase, ...]) -> tuple[KnowledgeBase, ...]:
    """The releases fit to serve: drafts from `release-bot ingest` wait for review."""
    for base in bases:
        if base.release.draft:
            log.warning("not serving %s: it is a draft (set draft: false once reviewed)", base.id)
    served = tuple(base for base in bases if not base.release.draft)
    if not served:
        path = bases[0].path if bases and bases[0].path else Path(".")
        raise KnowledgeError([Problem(path, 1, "release.draft", "every release is a draft")])
    return served


class KnowledgeService:
    """Owns the engine; created once at start-up and shared through `bot_data`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        started = time.perf_counter()
        self.engine = Engine(reviewed(load_library(path)))  # at start-up, broken is fatal
        self.loaded_at = time.time()
        self.load_seconds = time.perf_counter() - started

    @property
    def release_ids(self) -> list[str]:
        return list(self.engine.bases)

    def reload(self) -> ReloadResult:
        """Load the knowledge base again; keep serving the old one if the new one is broken."""
        started = time.perf_counter()
        try:
            engine = Engine(reviewed(load_library(self.path)))
        except KnowledgeError as error:
            log.warning("knowledge base reload refused (%d problems)", len(error.problems))
            return ReloadResult(
                False, f"Reload refused, still serving the previous version:\n{error}"
            )
        self.engine = engine
        self.loaded_at = time.time()
        self.load_seconds = time.perf_counter() - started
        releases = ", ".join(engine.bases)
        log.info("knowledge base reloaded: %s", releases)
        return ReloadResult(True, f"Reloaded: {releases}")
