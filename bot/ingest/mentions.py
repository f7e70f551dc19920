"""Mentions of people in a sentence, with the title and courtesy title printed with the name:

    Minister of Justice Antti Häkkänen          Sweden's Prime Minister Stefan Ahlgren
    the Prime Minister of Sweden, Stefan Ahlgren,   Gennady Volkonov, Prosecutor General of Russia
    Secretary of Commerce Howard T. Brennigan   the UK Foreign Secretary Rt Hon Alistair Pembury MP
    Mr Eirik Sandvold (no title)                Dr Liepiņš (a family name only)

A mention is found in a run of capitalised words (with "of", "for", "the", "and", "on", "to" and
name particles in between). The name is the run's tail of capitalised words that are no title,
portfolio or country words, after a courtesy title if there is one; the title is what comes
before it. A title and a name may also stand on either side of a comma. The country comes from
the title ("of the Russian Federation", "Sweden's", "British"); `role` is the title without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    POSTNOMINALS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_VOCABULARY,
    country_names,
)

_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ]\.(?=\s)|\w+(?:[-'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_CONNECTORS = frozenset({"of", "for", "the", "and", "on", "to"})
_RUN_CONNECTORS = _CONNECTORS | NAME_PARTICLES
_COUNTRIES = country_names()


def _is_adjective_name(name: str) -> bool:
    """'Russian', 'Finnish': a name of a country that is an adjective, not the country."""
    return name not in _COUNTRIES.values() and " " not in name and not name.isupper()


_NOUNS = {name: country for name, country in _COUNTRIES.items() if not _is_adjective_name(name)}
_MAX_NAME_WORDS = 3  # not counting particles ("van") and initials ("T.")
_OF_COUNTRY = re.compile(
    r",?\s+(?:of|for)\s+(?:the\s+)?(?P<country>"
    + "|".join(re.escape(name) for name in _NOUNS)
    + r")(?![\w'’])"
)
_HONORIFIC_WORDS = {tuple(h.split()): h for h in HONORIFICS}


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

    @property
    def initial(self) -> bool:
        return len(self.text) == 2 and self.text.endswith(".")


@dataclass(frozen=True)
class Mention:
    """One mention of a person as printed: title (may be ""), courtesy title, name, country."""

    title: str  # as printed, country words included ("Sweden's Prime Minister")
    role: str  # the title without its country words ("Prime Minister")
    name_words: tuple[str, ...]
    country: str | None
    honorific: str | None
    start: int
    end: int
    country_from_title: bool = True

    @property
    def name(self) -> str:
        return " ".join(self.name_words)

    @property
    def is_full_name(self) -> bool:
        """A first name and a family name, not a family name alone ("Van Dijk")."""
        return len(self.name_words) >= 2 and self.name_words[0].lower() not in NAME_PARTICLES

    @property
    def surname(self) -> str:
        """The family name: the last word, with the particles before it ("Van Dijk")."""
        words = list(self.name_words)
        start = len(words) - 1
        while start > 0 and words[start - 1].lower() in NAME_PARTICLES:
            start -= 1
        if not self.is_full_name:
            start = 0
        return " ".join(words[start:])

    @property
    def given_name(self) -> str:
        """The name before the family name ("Howard T."), or "" for a family name alone."""
        if not self.is_full_name:
            return ""
        return " ".join(self.name_words[: len(self.name_words) - len(self.surname.split())])


@dataclass(frozen=True)
class _Part:
    """A stretch of a run: its title tokens and its name tokens (either may be empty)."""

    tokens: list[Token]
    title: list[Token]
    honorific: str | None
    name: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def find_mentions(sentence: str) -> list[Mention]:
    """Every mention of a named person in `sentence`, in order; a family name alone counts only
    with a title or a courtesy title ("Minister Aarnio", "Ms Salo")."""
    parts = [part for run in _runs(sentence) for part in _split_at_and(run)]
    parsed = [_parse(part) for part in parts]
    mentions: list[Mention] = []
    used: set[int] = set()
    for index, part in enumerate(parsed):
        if index in used:
            continue
        partner = _comma_partner(sentence, parsed, index)
        if partner is not None:
            used.add(partner)
            title_part, name_part = sorted((part, parsed[partner]), key=lambda p: not p.title)
            start = min(_start(title_part), _start(name_part))
            end = max(part.end, parsed[partner].end)
            mentions.append(_mention(sentence, title_part.title, name_part, start, end))
        elif part.name and (part.title or part.honorific):
            mentions.append(_mention(sentence, part.title, part, _start(part), part.end))
    return mentions


def _start(part: _Part) -> int:
    """Where the mention in a part begins: its title, else its courtesy title, else its name."""
    if part.title:
        return part.title[0].start
    if part.honorific:
        first = part.honorific.split()[0]
        return next(t.start for t in part.tokens if t.text.rstrip(".") == first)
    return part.name[0].start if part.name else part.start


def role_and_country(title: str) -> tuple[str, str | None]:
    """A title without its country words, and that country: "Sweden's Prime Minister" and "Prime
    Minister of Sweden" -> ("Prime Minister", "Sweden"); "the Latvian Minister of Defence" ->
    ("Minister of Defence", "Latvia"). Words that name no country ("European") stay."""
    role = re.sub(r"^(?:the|a|an)\s+", "", title.strip(), flags=re.IGNORECASE)
    country = None
    of_country = _OF_COUNTRY.search(role)
    if of_country:
        country = _NOUNS[of_country["country"]]
        role = (role[: of_country.start()] + role[of_country.end() :]).strip(" ,")
    words = role.split()
    while len(words) > 2 and " ".join(words[:2]) in _COUNTRIES:  # "United Kingdom Minister"
        country = country or _COUNTRIES[" ".join(words[:2])]
        words = words[2:]
    while len(words) > 1 and country_of_adjective(words[0]) is not None:
        country = country or country_of_adjective(words[0])
        words = words[1:]
    return " ".join(words), country


def country_in(text: str) -> str | None:
    """The country a title names with "of <Country>" or "of the <Country>", if any."""
    found = _OF_COUNTRY.search(text)
    return _NOUNS[found["country"]] if found else None


def country_of_adjective(word: str) -> str | None:
    """'Russian' -> 'Russia', 'Finland's' -> 'Finland', 'US' -> 'United States', else None."""
    return _COUNTRIES.get(_POSSESSIVE.sub("", word))


# -- runs and their parts ---------------------------------------------------------------------


def _runs(sentence: str) -> list[list[Token]]:
    """Maximal runs of capitalised words, initials and connectors, separated by spaces only."""
    tokens = [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        joinable = token.capitalised or token.text in _RUN_CONNECTORS
        gap = sentence[current[-1].end : token.start] if current else ""
        if current and (not joinable or gap.strip()):
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


def _parse(tokens: list[Token]) -> _Part:
    """Split a part of a run into its title (from the first title head, with the modifiers and
    country words before it), courtesy title and name."""
    tokens = [t for t in tokens if t.text not in POSTNOMINALS] or tokens
    honorific_at, honorific, length = _honorific(tokens)
    head = next((i for i, t in enumerate(tokens) if t.text in TITLE_HEADS), None)
    if honorific is not None:
        name = [t for t in tokens[honorific_at + length :] if _could_be_name(t)]
        name = name if len(name) == len(tokens[honorific_at + length :]) else []
        title = tokens[:honorific_at] if head is not None and head < honorific_at else []
        return _Part(tokens, _with_modifiers(tokens, title), honorific, name)
    if head is None:
        name = tokens if _is_bare_name(tokens) else []
        return _Part(tokens, [], None, name)
    name_start = _name_start(tokens, head)
    title = tokens[:name_start] if name_start is not None else tokens
    name = tokens[name_start:] if name_start is not None else []
    return _Part(tokens, _with_modifiers(tokens, title, head), None, name)


def _with_modifiers(
    tokens: list[Token], title: list[Token], head: int | None = None
) -> list[Token]:
    """The title from its first modifier or country word before the head."""
    if not title:
        return []
    if head is None:
        head = next((i for i, t in enumerate(title) if t.text in TITLE_HEADS), None)
        if head is None:
            return []
    start = head
    while start > 0 and (
        tokens[start - 1].text in TITLE_MODIFIERS
        or tokens[start - 1].bare in TITLE_MODIFIERS
        or country_of_adjective(tokens[start - 1].text) is not None
    ):
        start -= 1
    return title[start:]


def _honorific(tokens: list[Token]) -> tuple[int, str | None, int]:
    """Where a courtesy title is in `tokens`, the title, and how many tokens it takes."""
    for index in range(len(tokens)):
        for words, honorific in _HONORIFIC_WORDS.items():
            candidate = tuple(t.text.rstrip(".") for t in tokens[index : index + len(words)])
            if candidate == words and index + len(words) < len(tokens):
                return index, honorific, len(words)
    return -1, None, 0


def _name_start(tokens: list[Token], head: int) -> int | None:
    """Index of the first word of the name at the end of the run, or None if there is none."""
    index = len(tokens)
    words = 0
    while index - 1 > head:
        token = tokens[index - 1]
        if words and token.text.lower() in NAME_PARTICLES:
            index -= 1  # "van", "Van" inside a name
            continue
        if token.initial and words:
            index -= 1
            continue
        if words == _MAX_NAME_WORDS or not _could_be_name(token):
            break
        words += 1
        index -= 1
    while index < len(tokens) and tokens[index - 1].text in _CONNECTORS:
        index += 1  # "Minister for Europe": a word right after "for" is no name
    if index >= len(tokens) or words == 0:
        return None
    return index


def _could_be_name(token: Token) -> bool:
    bare = token.bare
    if token.initial:
        return True
    return (
        token.capitalised
        and bare not in TITLE_VOCABULARY
        and bare not in _COUNTRIES
        and not bare.isupper()
        and not any(char.isdigit() for char in bare)
    )


def _is_bare_name(tokens: list[Token]) -> bool:
    """Two to four name words and nothing else ("Gennady Volkonov")."""
    words = [t for t in tokens if not t.initial and t.text.lower() not in NAME_PARTICLES]
    return 2 <= len(words) <= 4 and all(
        _could_be_name(t) or t.text in NAME_PARTICLES for t in tokens
    )


def _comma_partner(sentence: str, parts: list[_Part], index: int) -> int | None:
    """The part on the other side of a comma that completes this one: a title without a name
    and a name without a title ("the Prime Minister of Sweden, Stefan Ahlgren," and "Gennady
    Volkonov, Prosecutor General of Russia")."""
    if index + 1 >= len(parts):
        return None
    here, there = parts[index], parts[index + 1]
    if sentence[here.end : there.start].strip() != ",":
        return None
    title_first = here.title and not here.name and there.name and not there.title
    name_first = here.name and not here.title and not here.honorific and there.title
    if name_first and there.name:
        return None
    if title_first or name_first:
        return index + 1
    return None


def _mention(sentence: str, title: list[Token], named: _Part, start: int, end: int) -> Mention:
    printed = sentence[title[0].start : title[-1].end] if title else ""
    role, country = role_and_country(printed) if printed else ("", None)
    words = tuple(t.bare if i == len(named.name) - 1 else t.text for i, t in enumerate(named.name))
    return Mention(printed, role, words, country, named.honorific, start, end)
