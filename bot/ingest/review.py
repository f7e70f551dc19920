"""The review list: what the ingest was unsure about, for the person who reviews the draft."""

from __future__ import annotations


class Review:
    """Collects review notes once each, in the order they were found."""

    def __init__(self) -> None:
        self._notes: dict[str, None] = {}

    def note(self, message: str) -> None:
        """Add a note (a repeated note is kept once)."""
        self._notes.setdefault(message, None)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(self._notes)
