"""Splitting an English list into its items (bot.ingest.lists)."""

from __future__ import annotations

import pytest

from bot.ingest.lists import split_items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("A, B and C", ["A", "B", "C"]),
        ("A, B, and C", ["A", "B", "C"]),
        ("prisoners in Finnish and Russian prisons", ["prisoners in Finnish and Russian prisons"]),
        ("the EU budget and tax cooperation", ["the EU budget", "tax cooperation"]),
        ("trade and security", ["trade and security"]),
        (
            "A, State Building and Legislation, and civil society",
            ["A", "State Building and Legislation", "civil society"],
        ),
        (
            "energy security, support for Ukraine and the state of the Baltic Sea",
            ["energy security", "support for Ukraine", "the state of the Baltic Sea"],
        ),
        ("A, B and C, and D", ["A", "B and C", "D"]),
        (  # with a serial comma, the last item keeps its "and"
            "tax, trade, and research and development",
            ["tax", "trade", "research and development"],
        ),
        ("", []),
    ],
)
def test_list_items(text: str, items: list[str]) -> None:
    assert split_items(text) == items
