"""Where the bundled knowledge base is, and the setting that overrides it."""

from __future__ import annotations

import os
from pathlib import Path

KNOWLEDGE_ENV = "RELEASE_BOT_KNOWLEDGE"

_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries the knowledge base inside the package; a source checkout (or an
# editable install) has it at the top of the repository.
_BUNDLED = (_PACKAGE / "bundled_knowledge", _PACKAGE.parent / "knowledge")


def bundled_knowledge_path() -> Path:
    for candidate in _BUNDLED:
        if candidate.is_dir():
            return candidate
    return _BUNDLED[-1]


def default_knowledge_path() -> Path:
    """The knowledge base to serve: ${RELEASE_BOT_KNOWLEDGE} if set, else the bundled one."""
    configured = os.environ.get(KNOWLEDGE_ENV, "").strip()
    return Path(configured) if configured else bundled_knowledge_path()
