"""Split an English list into its items: 'A, B and C', 'A, B, and C', 'A and B'.

"and" inside an item stays: 'the number of prisoners in Finnish and Russian prisons' is one item,
and so is every item of a list written with a serial comma ('A, B and C, and D').
"""

from __future__ import annotations

import re

from bot.ingest.lexicon import country_names

_COMMA = re.compile(r",\s+")
_ADJECTIVES = {name for name, country in country_names().items() if name != country}


def split_items(text: str) -> list[str]:
    """The items of a list, as printed."""
    parts = [part.strip() for part in _COMMA.split(text) if part.strip()]
    if not parts:
        return []
    serial_comma = len(parts) > 1 and parts[-1].startswith("and ")
    parts = [part.removeprefix("and ").strip() for part in parts]
    if not serial_comma and _splittable(parts[-1], several=len(parts) > 1):
        head, _, tail = parts[-1].rpartition(" and ")
        parts[-1:] = [head, tail]
    return parts


def _splittable(item: str, several: bool) -> bool:
    """Whether 'X and Y' at the end of a list is two items."""
    if " and " not in item:
        return False
    head, _, tail = item.rpartition(" and ")
    if not head.split() or head.split()[-1] in _ADJECTIVES:
        return False  # "Finnish and Russian prisons"
    if several:
        return True
    return item.count(" and ") == 1 and len(head.split()) >= 2 and len(tail.split()) >= 2
