"""A question in Finnish or Swedish turned into the English words of the knowledge base, so that
the matcher scores it over the same records as an English one.

Word by word (`ForeignReader.words`):
1. a phrase of the language's vocabulary ("rajat ylittävä", "våld i nära relationer") or a
   filler word is taken first;
2. a word of the vocabulary, by its stems (`bot.core.lexicon`);
3. a name or word of the release itself (people, places, the press contact, the English words
   of the knowledge base), as typed or by its stem in the language: "Konovalovin" -> konovalov;
4. a compound split into two known words ("dumautskottets" -> duma + committee);
5. a typo corrected to the closest known word or name, as in English (`bot.core.spelling`),
   which also joins a Finnish name's inflected stem to its own ("Häkkäsen" -> Häkkänen);
6. a long word that is a misspelt English word of the release ("witneses");
7. anything else stays as it is: a word the release never uses, which counts against the
   question as an unknown word does in English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.core.knowledge import KnowledgeBase
from bot.core.lexicon import Lexicon, tokens
from bot.core.normalize import fold
from bot.core.spelling import SpellingIndex, correctable

MIN_PART = 3  # the shortest head or tail of a compound
MIN_COMPOUND = 7  # shorter unknown words are not split
MIN_CORRECTED_STEM = 5  # shorter stems are too alike to correct ("väli" is not "vaali")
MIN_ENGLISH_TYPO = 6  # shorter foreign words are not taken for misspelt English ones


@dataclass(frozen=True)
class Word:
    """One word of the question: English the analyser knows, or a word left as it is."""

    text: str
    known: bool = True


class ForeignReader:
    """Reads questions in one language against one knowledge base."""

    def __init__(
        self,
        lexicon: Lexicon,
        base: KnowledgeBase,
        english: Iterable[str],
        english_spelling: Callable[[str], str | None] = lambda word: None,
    ) -> None:
        self.lexicon = lexicon
        self._english_spelling = english_spelling
        # the release's own words and names, under their stems in this language
        self._release: dict[str, str] = {}
        names: dict[str, str] = {}
        for word in english:
            self._enter(self._release, word)
        for name in _names(base):
            self._enter(names, name)
        self._release.update(names)
        listed = {key for key in (*lexicon.surface, *lexicon.stems) if lexicon.meaning(key)}
        spelling_keys = listed | set(names)
        self._spelling = SpellingIndex(
            sorted(k for k in spelling_keys if len(k) >= MIN_PART and k == fold(k))
        )
        self._word = lru_cache(maxsize=8192)(self._word_uncached)

    def _enter(self, table: dict[str, str], word: str) -> None:
        folded = fold(word)
        for key in self.lexicon.keys(word.casefold()):
            table.setdefault(key, folded)

    def words(self, text: str) -> list[Word]:
        """The English words (or unknown words) of `text`, in order."""
        found: list[Word] = []
        typed = tokens(text)
        index = 0
        while index < len(typed):
            word = typed[index]
            phrase = self.lexicon.phrase_at(typed, index)
            if phrase is not None:
                if phrase[0].canonical:
                    found.append(Word(phrase[0].canonical))
                index += phrase[1]
                continue
            index += 1
            if self._is_filler(word):
                continue
            found.extend(self._word(word))
        return found

    def _is_filler(self, word: str) -> bool:
        return word in self.lexicon.filler or fold(word) in self.lexicon.filler

    def _word_uncached(self, word: str) -> tuple[Word, ...]:
        known = self._known(word)
        if known is not None:
            return (Word(known),) if known else ()
        parts = self._compound(word)
        if parts:
            return tuple(Word(part) for part in parts)
        corrected = self._corrected(word)
        if corrected is None and len(word) >= MIN_ENGLISH_TYPO:
            corrected = self._english_spelling(fold(word))
        if corrected is not None:
            return (Word(corrected),)
        return (Word(fold(self.lexicon.stem(word)) or fold(word), known=False),)

    def _known(self, word: str) -> str | None:
        """The English for `word` from the vocabulary, the release, or the vocabulary by the
        word's dictionary form; or None."""
        english = self.lexicon.lookup(word)
        if english is not None:
            return english
        for key in self.lexicon.keys(word):
            found = self._release.get(key)
            if found is not None:
                return found
        return self.lexicon.lookup_lemma(word)

    def _compound(self, word: str) -> list[str]:
        """`word` as a known head and a known tail (the longest head first), or []. The
        tail keeps its diacritics, which the stemmer needs."""
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return []
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            english_head = self._known(head) or self._known_linked(head)
            if not english_head:
                continue
            english_tail = self._known(tail)
            if english_tail:
                return [english_head, english_tail]
            if len(tail) > MIN_PART and self._is_filler(tail):  # "pressfrågor": press
                return [english_head]
        return []

    def _known_linked(self, head: str) -> str | None:
        """A head with a linking letter ("fångs-" in "fångsstatistik"), or None."""
        if len(head) > MIN_PART + 1 and head.endswith("s"):
            return self._known(head[:-1])
        return None

    def _corrected(self, word: str) -> str | None:
        """The closest known word to a misspelt one (as typed, else by its stem), or None."""
        folded = fold(word)
        if not correctable(folded):
            return None
        closest = self._spelling.closest(folded)
        stem = fold(self.lexicon.stem(folded))
        if closest is None and len(stem) >= MIN_CORRECTED_STEM:
            closest = self._spelling.closest(stem)
        if closest is None:
            return None
        return self.lexicon.meaning(closest) or self._release.get(closest)


def _names(base: KnowledgeBase) -> list[str]:
    """The names a question may use, each word of them: people, the press contacts, places."""
    names: list[str] = []
    for person in base.people:
        names.extend((*person.name.split(), *person.aliases))
    for contact in base.contacts:
        names.extend(contact.name.split())
    for place in base.places:
        names.extend((place.name, *place.aliases))
    return [name for name in names if " " not in name.strip()]
