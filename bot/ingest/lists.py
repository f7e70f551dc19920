"""Split an English list into its items: 'A, B and C', 'A, B, and C', 'A and B'.

"and" inside an item stays: 'the number of prisoners in Finnish and Russian prisons' is one item,
and so is every item of a list written with a serial comma ('A, B and C, and D').
"""

from __future__ import annotations

import re

from bot.ingest.lexicon import TITLE_VOCABULARY, country_names

_COMMA = re.compile(r",\s+")
_AND = re.compile(r" and ")
_SHORT_PAIR = 4  # "between A and B": B in up to this many words is still part of the item
_ADJECTIVES = {name for name, country in country_names().items() if name != country}


def split_items(text: str) -> list[str]:
    """The items of a list, as printed."""
    parts = [part.strip() for part in _COMMA.split(text) if part.strip()]
    if not parts:
        return []
    serial_comma = len(parts) > 1 and parts[-1].startswith("and ")
    parts = [part.removeprefix("and ").strip() for part in parts]
    if not serial_comma:
        parts[-1:] = _split_last(parts[-1], several=len(parts) > 1)
    return parts


def _split_last(item: str, several: bool) -> list[str]:
    """'X and Y' at the end of a list as two items, if it is two: not "Finnish and Russian
    prisons", "the Police and Border Guard Board", nor "between the Baltic states and the
    Nordic countries"."""
    points = [
        m.start()
        for m in _AND.finditer(item)
        if not _closes_between(item, m.start()) and not _inside_a_name(item, m.start())
    ]
    for point in reversed(points):
        head, tail = item[:point], item[point + len(" and ") :]
        if not head.split() or head.split()[-1] in _ADJECTIVES:
            continue
        if several or (len(points) == 1 and len(head.split()) >= 2 and len(tail.split()) >= 2):
            return [head, tail]
    return [item]


def _inside_a_name(item: str, point: int) -> bool:
    """'the Police and Border Guard Board': words of an institution's name on both sides."""
    before, after = item[:point].split(), item[point + len(" and ") :].split()
    return (
        bool(before and after) and before[-1] in TITLE_VOCABULARY and after[0] in TITLE_VOCABULARY
    )


def _closes_between(item: str, point: int) -> bool:
    """Whether the " and " at `point` is the one of "between A and B", B being short."""
    before = item[:point]
    opened = before.rfind(" between ")
    if opened < 0 or " and " in before[opened:]:
        return False
    tail = item[point + len(" and ") :].split(" and ")[0]
    return len(tail.split()) <= _SHORT_PAIR
