"""Turn a question into the terms the matcher compares: folded, synonyms resolved, typos
corrected against the knowledge base's own vocabulary, stemmed, and stripped of filler words.

One `Analyzer` is built per knowledge base, because synonyms, names and vocabulary are per release.
A question in Finnish or Swedish (`bot.core.language`) is first read into the knowledge base's
English words (`bot.core.foreign`), which then go the same way, so both give the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from bot.core.foreign import ForeignReader
from bot.core.knowledge import KnowledgeBase
from bot.core.language import language_of
from bot.core.lexicon import FOREIGN_LANGUAGES, lexicon
from bot.core.normalize import fold
from bot.core.spelling import SpellingIndex, correctable
from bot.core.vocabulary import shared_synonyms

# Words that carry no meaning for telling facts apart. Question words that do carry meaning
# (who, where, when, why, how) are deliberately not here.
STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did done doing to of in on at for with
    about from by as into over this that these those it its i me my mine we us our you your
    he him his she her they them their there here what whats thats theres heres can could would will
    shall may might must tell let lets know any anything some something just really please
    so then than and or but if also more most very much too pls plz kindly give
    get got like wanted wonder wondering need needs have has had im id ive youre dont didnt
    question questions thing things bit maybe actually anyone someone one dear
    abt wat wht u ur r ya pls plz
    """.split()
)
# Talk about the asker's own work, common in journalists' questions and never what they ask about.
META_WORDS = frozenset(
    """
    article story piece editor paper newspaper magazine write writing writer reporter journalist
    quick quickly sorry tomorrow today tonight deadline covering cover working
    regarding regards mention mentioned mentions touch touched come came up release
    """.split()
)
FILLER = STOPWORDS | META_WORDS


class Analyzer:
    """Question text -> matchable terms, for one knowledge base."""

    def __init__(self, base: KnowledgeBase) -> None:
        self._stemmer = snowballstemmer.stemmer("english")
        self._replacements = _replacement_table(base)
        self._phrase_pattern = _phrase_pattern(self._replacements)
        self.vocabulary = frozenset(_vocabulary(base))
        self._spelling = SpellingIndex(sorted(self.vocabulary))
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)
        self._stem = lru_cache(maxsize=8192)(self._stemmer.stemWord)
        self._base = base
        self._readers: dict[str, ForeignReader | None] = {}  # built on the first such question

    def terms(self, text: str) -> list[str]:
        """The distinct meaningful terms of `text`, in order of appearance."""
        reader = self._reader(language_of(text))
        if reader is not None:
            return self._foreign_terms(reader, text)
        seen: dict[str, None] = {}
        for word in self._surface_words(text):
            word = self._correct(word)
            word = self._replacements.get(word, word)
            for part in word.split():
                if part in FILLER:
                    continue
                seen.setdefault(self._stem(part), None)
        return list(seen)

    def _reader(self, language: str) -> ForeignReader | None:
        """The reader of a foreign language, built when a question first needs it: English
        questions, and commands that never see another language, do not pay for it."""
        if language not in FOREIGN_LANGUAGES:
            return None
        if language not in self._readers:
            found = lexicon(language)
            self._readers[language] = (
                ForeignReader(found, self._base, self.vocabulary, self._english_spelling)
                if found is not None
                else None
            )
        return self._readers[language]

    def _foreign_terms(self, reader: ForeignReader, text: str) -> list[str]:
        """The terms of a question in another language: its words read into the knowledge
        base's English, then resolved and stemmed as English words are (multi-word synonyms
        included: "duma" "committee" "chair" is the office)."""
        seen: dict[str, None] = {}
        english: list[str] = []

        def resolve() -> None:
            for word in self._surface_words(" ".join(english)):
                for part in self._replacements.get(word, word).split():
                    if part not in FILLER:
                        seen.setdefault(self._stem(part), None)
            english.clear()

        for word in reader.words(text):
            if word.known:
                english.append(word.text)
                continue
            resolve()
            seen.setdefault(word.text, None)
        resolve()
        return list(seen)

    def _english_spelling(self, word: str) -> str | None:
        """A misspelt English word of the knowledge base in a foreign question, corrected."""
        corrected = self._correct(word)
        return corrected if corrected != word and corrected in self.vocabulary else None

    def _surface_words(self, text: str) -> list[str]:
        """Folded words with multi-word synonyms already joined into their canonical word."""
        folded = fold(text)
        if self._phrase_pattern is not None:
            folded = self._phrase_pattern.sub(lambda m: self._replacements[m.group(0)], folded)
        return folded.split()

    def _correct_uncached(self, word: str) -> str:
        """An unknown word corrected to a known one (see `bot.core.spelling`), or as it is."""
        if word in self.vocabulary or word in FILLER or not correctable(word):
            return word
        return self._spelling.closest(word) or word


def _replacement_table(base: KnowledgeBase) -> dict[str, str]:
    """Folded variant -> what it stands for: shared and release synonyms and people's names are
    replaced by their canonical word (a release's own synonyms win over the shared ones); the
    words people use for an office, organisation, place or topic keep their own words and gain
    the record's name ("top judges" -> "top judges president of the supreme court")."""
    table: dict[str, str] = {}
    groups: list[tuple[str, Iterable[str]]] = [
        *shared_synonyms().items(),
        *base.synonyms.items(),
    ]
    for person in base.people:
        groups.append((person.id, (*person.aliases, *person.name.split(), person.name)))
    for canonical, variants in groups:
        target = fold(canonical)
        for variant in variants:
            folded = fold(variant)
            if folded and folded != target:
                table[folded] = target
    related: list[tuple[str, Iterable[str]]] = [
        *((office.name, office.aliases) for office in base.offices),
        *((named.name, named.aliases) for named in base.organisations),
        *((place.name, place.aliases) for place in base.places),
        *((topic.name, topic.words) for topic in base.topics),
    ]
    for name, words in related:
        for word in words:
            folded = fold(word)
            for form in {folded, _plural(folded)}:
                if form and form != fold(name) and form not in table:
                    table[form] = f"{folded} {fold(name)}"
    return table


def _plural(phrase: str) -> str:
    """The plain English plural of a phrase's last word ("top judge" -> "top judges")."""
    return phrase if phrase.endswith("s") else phrase + "s"


def _phrase_pattern(table: dict[str, str]) -> re.Pattern[str] | None:
    """One regex for all multi-word variants, longest first so the longest phrase wins."""
    phrases = sorted((v for v in table if " " in v), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _vocabulary(base: KnowledgeBase) -> set[str]:
    """Every folded word the knowledge base itself uses: what a typo can be corrected to."""
    texts: list[str] = []
    for entry in base.entries:
        texts.extend(entry.questions)
        texts.extend(entry.tags)
    for person in base.people:
        texts.extend((person.name, person.role, person.country or "", *person.aliases))
    for canonical, variants in base.synonyms.items():
        texts.extend((canonical, *variants))
    vocabulary: set[str] = set()
    for text in texts:
        vocabulary.update(fold(text).split())
    return {word for word in vocabulary if word not in FILLER}
