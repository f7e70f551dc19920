"""Titled mentions of people in a sentence: "Minister of Justice Antti Häkkänen",
"Federal Chancellor of Germany Katrin Albrecht", "Russian Minister of Justice Konovalov".

A mention is a run of capitalised words (with "of", "for", "the", "and" and name particles in
between) that holds a title head ("Minister"). The name is the run's tail of capitalised words that
are not title, portfolio or country words; the title is what comes before it, back to the first
modifier of the head. A nationality adjective or a country's possessive before the title, or
"of <Country>" inside it, gives the country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lexicon import (
    NAME_PARTICLES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_VOCABULARY,
    country_names,
)

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_RUN_CONNECTORS = frozenset({"of", "for", "the", "and"}) | NAME_PARTICLES
_COUNTRIES = country_names()
_MAX_NAME_WORDS = 2  # not counting particles such as "van"


@dataclass(frozen=True)
class Token:
    """A word of a sentence and where it is."""

    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        """The word without a possessive 's."""
        return _POSSESSIVE.sub("", self.text)

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True)
class Mention:
    """One titled mention of a person as printed in a sentence."""

    title: str
    name_words: tuple[str, ...]
    country: str | None
    country_from_title: bool
    start: int
    end: int

    @property
    def name(self) -> str:
        return " ".join(self.name_words)

    @property
    def is_full_name(self) -> bool:
        """A first name and a family name, not a family name alone ("Van Dijk")."""
        return len(self.name_words) >= 2 and self.name_words[0].lower() not in NAME_PARTICLES

    @property
    def surname(self) -> str:
        return " ".join(self.name_words[1:] if self.is_full_name else self.name_words)


def find_mentions(sentence: str) -> list[Mention]:
    """Every titled mention of a named person in `sentence`, in order."""
    mentions = []
    for run in _runs(sentence, _tokens(sentence)):
        for part in _split_at_and(run):
            mention = _mention(sentence, part)
            if mention is not None:
                mentions.append(mention)
    return mentions


def country_in(text: str) -> str | None:
    """The country a title names with "of <Country>" or "of the <Country>", if any."""
    for name, country in _COUNTRIES.items():
        if (
            name[0].isupper()
            and not _is_adjective(name)
            and re.search(rf"\b(?:of|for)\s+(?:the\s+)?{re.escape(name)}(?!\w)", text)
        ):
            return country
    return None


def country_of_adjective(word: str) -> str | None:
    """'Russian' -> 'Russia', 'Finland's' -> 'Finland', 'US' -> 'United States', else None."""
    return _COUNTRIES.get(_POSSESSIVE.sub("", word))


def _is_adjective(name: str) -> bool:
    return name not in _COUNTRIES.values() and " " not in name and not name.isupper()


def _tokens(sentence: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _runs(sentence: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised words and connectors, separated by spaces only."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        joinable = token.capitalised or token.text in _RUN_CONNECTORS
        if current and (not joinable or sentence[current[-1].end : token.start].strip()):
            runs.append(current)
            current = []
        if joinable:
            current.append(token)
    if current:
        runs.append(current)
    return [trimmed for trimmed in map(_trim, runs) if trimmed]


def _trim(run: list[Token]) -> list[Token]:
    """The run without connectors at either end."""
    start, end = 0, len(run)
    while start < end and not run[start].capitalised:
        start += 1
    while end > start and not run[end - 1].capitalised:
        end -= 1
    return run[start:end]


def _split_at_and(run: list[Token]) -> list[list[Token]]:
    """Split "Minister A and Minister B" in two, but not "Economic Affairs and Employment"."""
    parts: list[list[Token]] = [[]]
    for index, token in enumerate(run):
        if token.text == "and" and 0 < index < len(run) - 1:
            before, after = run[index - 1].bare, run[index + 1].bare
            if not (before in TITLE_VOCABULARY and after in TITLE_VOCABULARY):
                parts.append([])
                continue
        parts[-1].append(token)
    return [_trim(part) for part in parts if _trim(part)]


def _mention(sentence: str, run: list[Token]) -> Mention | None:
    head = next((i for i, t in enumerate(run) if t.text in TITLE_HEADS), None)
    if head is None:
        return None
    name_start = _name_start(run, head)
    if name_start is None:
        return None
    title_start = _title_start(run, head)
    title = sentence[run[title_start].start : run[name_start - 1].end]
    country, from_title = _country(run, title_start, title)
    name_words = tuple(token.bare for token in run[name_start:])
    return Mention(title, name_words, country, from_title, run[title_start].start, run[-1].end)


def _name_start(run: list[Token], head: int) -> int | None:
    """Index of the first word of the name at the end of the run, or None if there is none."""
    index = len(run)
    words = 0
    while index - 1 > head:
        token = run[index - 1]
        if words and token.text.lower() in NAME_PARTICLES:
            index -= 1  # "van", "Van" inside a name
            continue
        if words == _MAX_NAME_WORDS or not _could_be_name(token):
            break
        words += 1
        index -= 1
    if words == 0 or run[index - 1].text == "the":
        return None
    return index


def _could_be_name(token: Token) -> bool:
    bare = token.bare
    return (
        token.capitalised
        and bare not in TITLE_VOCABULARY
        and bare not in _COUNTRIES
        and not bare.isupper()
        and not any(char.isdigit() for char in bare)
    )


def _title_start(run: list[Token], head: int) -> int:
    """Index where the title starts: the head, or the modifiers just before it."""
    start = head
    while start > 0 and run[start - 1].text in TITLE_MODIFIERS:
        start -= 1
    return start


def _country(run: list[Token], title_start: int, title: str) -> tuple[str | None, bool]:
    """The country of a mention, and whether the title itself names it."""
    named = country_in(title)
    if named:
        return named, True
    adjective = country_of_adjective(title.split()[0])
    if adjective:
        return adjective, True
    if title_start > 0:
        before = country_of_adjective(run[title_start - 1].text)
        if before:
            return before, False
    return None, False
