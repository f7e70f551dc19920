"""Keywords of a stretch of text: the words that set it apart from the rest of the release.

Used to write the questions people would ask about a paragraph or a quote, and the tags the
matcher uses. Words are compared by stem ("prison" = "prisons"); words of the topics discussed
(and of the headline) count more, adverbs in -ly and filler words not at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import snowballstemmer

from bot.ingest.lexicon import STOPWORDS, country_names
from bot.ingest.names import ascii_spelling

_WORD = re.compile(r"[^\W\d_][\w-]*(?:['’]\w+)?")
_POSSESSIVE = re.compile(r"['’]s$")
_MIN_LENGTH = 4
_MAX_TOPIC_COUNT = 3  # a word's weight grows with how often the topics discussed use it
_HEADLINE_BOOST = 0.5
_STEMMER = snowballstemmer.stemmer("english")


class Keywords:
    """Scores words by how often a text uses them and how rare they are in the release."""

    def __init__(
        self, paragraphs: list[str], ignore: set[str], topics: list[str], headline: str = ""
    ) -> None:
        self._ignore = {_key(word) for word in ignore}
        self._count = len(paragraphs) or 1
        self._document_frequency: Counter[str] = Counter()
        for paragraph in paragraphs:
            self._document_frequency.update(set(self._stems(paragraph)))
        self._boost: dict[str, float] = {}
        for stem in self._stems(headline):
            self._boost[stem] = _HEADLINE_BOOST
        for stem, count in Counter(self._stems(" ".join(topics))).items():
            self._boost[stem] = self._boost.get(stem, 0.0) + min(count, _MAX_TOPIC_COUNT)
        self._proper = _capitalised_mid_sentence(" ".join(paragraphs)) | set(country_names())

    def ranked(self, text: str) -> list[str]:
        """Every keyword of `text`, best first."""
        stems = self._stems(text)
        counts = Counter(stems)
        first_seen = {stem: index for index, stem in reversed(list(enumerate(stems)))}
        ranked = sorted(counts, key=lambda stem: (-self._score(stem, counts), first_seen[stem]))
        return [self._surface(stem, text) for stem in ranked]

    def _score(self, stem: str, counts: Counter[str]) -> float:
        rarity = math.log(1 + self._count / (1 + self._document_frequency[stem]))
        return counts[stem] * (1 + self._boost.get(stem, 0.0)) * (1 + rarity / 2)

    def _stems(self, text: str) -> list[str]:
        return [_STEMMER.stemWord(word) for word in _words(text) if word not in self._ignore]

    def _surface(self, stem: str, text: str) -> str:
        """The word as printed: capitalised only if the release capitalises it mid-sentence."""
        for match in _WORD.finditer(text):
            word = _POSSESSIVE.sub("", match.group(0))
            if _STEMMER.stemWord(_key(word)) == stem:
                return word if word in self._proper or word.isupper() else word.lower()
        return stem


def _capitalised_mid_sentence(text: str) -> set[str]:
    """Words printed with a capital where no sentence starts: proper nouns."""
    found = set()
    for match in _WORD.finditer(text):
        before = text[: match.start()].rstrip()
        word = _POSSESSIVE.sub("", match.group(0))
        if word[:1].isupper() and before and before[-1] not in ".!?\"“”'‘’–—-":
            found.add(word)
    return found


def _words(text: str) -> list[str]:
    """The content words of `text`, compared without case, accents or a possessive 's."""
    words = (_key(match.group(0)) for match in _WORD.finditer(text))
    return [
        word
        for word in words
        if len(word) >= _MIN_LENGTH
        and word not in STOPWORDS
        and not (word.endswith("ly") and len(word) > 5)
    ]


def _key(word: str) -> str:
    return ascii_spelling(_POSSESSIVE.sub("", word)).lower()
