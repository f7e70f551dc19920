"""Where the knowledge base bundled with the bot is: inside an installed wheel, or at the top of
a source checkout (and of an editable install)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_BUNDLED = (_PACKAGE / "bundled_knowledge", _PACKAGE.parent / "knowledge")


def bundled_knowledge_path() -> Path:
    """The bundled knowledge folder (the checkout's `knowledge/` when no wheel copy exists)."""
    for candidate in _BUNDLED:
        if candidate.is_dir():
            return candidate
    return _BUNDLED[-1]
