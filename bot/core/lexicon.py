"""How questions are asked in a language other than English: the words of
`vocabulary.<language>.yaml` (beside this file) mapped to the English words the knowledge base
uses, that language's filler and cue words, and the stemmer that makes inflected forms meet.

A word is looked up by its keys: the word without diacritics, its Snowball stem as typed and
the stem of the word without diacritics. Every variant in the file is entered under all of its
keys, so "vankeja" and "vanki" both find "prisoner", typed with or without diacritics. A word
found by none of its keys is looked up once more by its dictionary form, where simplemma's
dictionary has it ("vangeista" -> "vanki"); the dictionaries load on the first such word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer
import yaml

from bot.core.normalize import clean_text, fold
from bot.core.spelling import SpellingIndex, correctable

if TYPE_CHECKING:
    from simplemma import Lemmatizer

FOREIGN_LANGUAGES = ("fi", "sv")
_HERE = Path(__file__).parent
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NOT_WORD = re.compile(r"[\W_]+")
# Cue lists in the files: a word, a phrase, or a prefix ending in * ("puhel*": puhelin,
# puhelimen, puhelinnumero).
_WILDCARD = "*"
MIN_STEM = 4
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every value as text


def vocabulary_file(language: str) -> Path:
    return _HERE / f"vocabulary.{language}.yaml"


def tokens(text: str) -> list[str]:
    """Lower-case words of `text` with their diacritics kept (the stemmers need them)."""
    text = _APOSTROPHES.sub("", clean_text(text).casefold())
    return [word for word in _NOT_WORD.split(text) if word]


@dataclass(frozen=True)
class Phrase:
    """A multi-word variant: one set of keys per word, and the English it stands for."""

    keys: tuple[frozenset[str], ...]
    canonical: str


@dataclass
class Lexicon:
    """One language's vocabulary, ready for lookups. Built once per language."""

    language: str
    stemmer_name: str
    filler: frozenset[str]
    surface: dict[str, str]  # a word as listed, without diacritics -> English
    stems: dict[str, str]  # a listed word's stems -> English
    phrases: dict[str, list[Phrase]]
    cues: dict[str, re.Pattern[str]]
    pronouns_singular: frozenset[str]
    pronouns_plural: frozenset[str]
    question_words: frozenset[str]
    connectors: tuple[str, ...]
    followup_starts: frozenset[str]
    mentioned: tuple[re.Pattern[str], ...]
    which_of_group: re.Pattern[str] | None
    yes_no: re.Pattern[str] | None = None  # "oliko ...?": a question asking yes or no
    copula: re.Pattern[str] | None = None  # "onko X ...?": yes or no about what X is
    lemmatizer: bool = False
    conflicts: list[str] = field(default_factory=list)
    # variants that are the English word itself ("video", "helsinki"): no sign of the language
    english_like: set[str] = field(default_factory=set)
    keys: Callable[[str], tuple[str, ...]] = field(init=False, repr=False)
    stem: Callable[[str], str] = field(init=False, repr=False)
    _spelling: SpellingIndex | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        stemmer = snowballstemmer.stemmer(self.stemmer_name)
        self.stem = lru_cache(maxsize=16384)(stemmer.stemWord)
        self.keys = lru_cache(maxsize=16384)(self._keys)

    def _keys(self, word: str) -> tuple[str, ...]:
        """The forms under which `word` (lower case, diacritics kept) is looked up, most
        telling first: the word without diacritics, its stem as typed, and the stem of the word
        without diacritics ("fångar" and "fängelse" differ by their stems only as typed).
        Stems under four letters say too little to be keys."""
        folded = fold(word)
        stems = [self.stem(word), fold(self.stem(folded))]
        found = [folded, *(s for s in stems if len(s) >= MIN_STEM or s in (word, folded))]
        return tuple(dict.fromkeys(key for key in found if key))

    def closest(self, folded: str) -> str | None:
        """The English for the listed word closest to a misspelt one (`bot.core.spelling`)."""
        if self._spelling is None:
            known = {key for key in (*self.surface, *self.stems) if self.meaning(key)}
            self._spelling = SpellingIndex(sorted(key for key in known if key == fold(key)))
        found = self._spelling.closest(folded) if correctable(folded) else None
        return self.meaning(found) if found is not None else None

    def meaning(self, key: str) -> str | None:
        """The English for a key: a listed word's, else a stem's."""
        return self.surface.get(key) or self.stems.get(key)

    def lookup_lemma(self, word: str) -> str | None:
        """The English for a word by the keys of its dictionary form (simplemma), which joins
        forms the stemmer does not ("vangeista": "vanki"), or None."""
        if not self.lemmatizer:
            return None
        lemma = _lemma(word, self.language).casefold()
        return self.lookup(lemma) if lemma != word else None

    def lookup(self, word: str) -> str | None:
        """The English for one word by its keys: a listed form first ("sagt", said, before the
        stem of "sagts", is said), then stems; or None."""
        keys = self.keys(word)
        found = self.surface.get(keys[0])
        if found is None:
            found = next((self.stems[key] for key in keys if key in self.stems), None)
        return found

    def phrase_at(self, words: list[str], start: int) -> tuple[Phrase, int] | None:
        """The longest phrase of the vocabulary that begins at `words[start]`, with its length."""
        best: tuple[Phrase, int] | None = None
        for key in self.keys(words[start]):
            for phrase in self.phrases.get(key, ()):
                size = len(phrase.keys)
                if start + size > len(words) or (best is not None and size <= best[1]):
                    continue
                if all(
                    set(self.keys(words[start + offset])) & phrase.keys[offset]
                    for offset in range(1, size)
                ):
                    best = (phrase, size)
        return best


def warm_up() -> None:
    """Load every lexicon and its lemma dictionary now rather than on the first question that
    needs them (simplemma's take seconds to load)."""
    for language in FOREIGN_LANGUAGES:
        found = lexicon(language)
        if found is not None and found.lemmatizer:
            _lemma("a", language)


def _lemma(word: str, language: str) -> str:
    """The dictionary form of `word` where simplemma's dictionary has it, else `word`."""
    return str(_lemmatizer().lemmatize(word, lang=language))


@cache
def _lemmatizer() -> Lemmatizer:
    # dictionary lookups only: its guesses from affixes cut compounds short
    # ("tietoverkkorikos" -> "tietoverkko")
    # imported on first use: loading its dictionaries takes seconds
    import simplemma
    from simplemma.strategies import DictionaryLookupStrategy

    return simplemma.Lemmatizer(lemmatization_strategy=DictionaryLookupStrategy())


@cache
def lexicon(language: str) -> Lexicon | None:
    """The lexicon of `language`, or None for English (the knowledge base's own words)."""
    if language not in FOREIGN_LANGUAGES:
        return None
    return load_lexicon(vocabulary_file(language))


def load_lexicon(path: Path) -> Lexicon:
    # every value is text: "on" (Finnish: is) and "no" are words here, not booleans
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TEXT_LOADER)
    language = str(data["language"])
    understanding = data.get("understanding", {})
    result = Lexicon(
        language=language,
        stemmer_name=str(data["stemmer"]),
        filler=frozenset(),
        surface={},
        stems={},
        phrases={},
        cues={str(name): cue_pattern(cues) for name, cues in data.get("cues", {}).items()},
        pronouns_singular=frozenset(fold(w) for w in understanding.get("singular", ())),
        pronouns_plural=frozenset(fold(w) for w in understanding.get("plural", ())),
        question_words=frozenset(fold(w) for w in understanding.get("question_words", ())),
        connectors=tuple(fold(w) for w in understanding.get("connectors", ())),
        followup_starts=frozenset(fold(w) for w in understanding.get("followup_starts", ())),
        mentioned=tuple(re.compile(p) for p in understanding.get("mentioned", ())),
        which_of_group=(
            re.compile(understanding["which_of_group"])
            if understanding.get("which_of_group")
            else None
        ),
        yes_no=re.compile(understanding["yes_no"]) if understanding.get("yes_no") else None,
        copula=re.compile(understanding["copula"]) if understanding.get("copula") else None,
        lemmatizer=data.get("lemmatizer") == "true",
    )
    for canonical, variants in data["words"].items():
        for variant in variants:
            _enter(result, str(canonical), str(variant))
    result.filler = _filler(result, [str(word) for word in data.get("filler", ())])
    return result


def _filler(lexicon: Lexicon, words: list[str]) -> frozenset[str]:
    """Filler words as typed, and without diacritics unless that is a word with a meaning
    (Swedish "så" is filler; "sa", said, is not). Filler phrases are entered as phrases that
    stand for nothing."""
    single = [word.casefold() for word in words if len(tokens(word)) == 1]
    for phrase in (word for word in words if len(tokens(word)) > 1):
        _enter(lexicon, "", phrase)
    meaningful = {key for key in (*lexicon.surface, *lexicon.stems) if lexicon.meaning(key)}
    return frozenset(single) | frozenset(fold(w) for w in single if fold(w) not in meaningful)


def _enter(lexicon: Lexicon, canonical: str, variant: str) -> None:
    canonical = fold(canonical)
    words = tokens(variant)
    if len(words) > 1:
        keys = tuple(frozenset(lexicon.keys(word)) for word in words)
        phrase = Phrase(keys, canonical)
        for key in keys[0]:
            lexicon.phrases.setdefault(key, []).append(phrase)
        return
    word = words[0]
    folded = fold(word)
    if folded in canonical.split():
        lexicon.english_like.add(folded)
    known = lexicon.surface.setdefault(folded, canonical)
    if known != canonical:
        lexicon.conflicts.append(f"{variant!r} is {known!r}, not {canonical!r}")
    # a stem may be another word's too ("fångar", prisoners, and "fängelse", prison, are both
    # "fang" without diacritics): the first one keeps it, and listed forms come first anyway
    for key in lexicon.keys(word)[1:]:
        lexicon.stems.setdefault(key, canonical)


def cue_pattern(cues: Iterable[str]) -> re.Pattern[str]:
    """One regex over folded text for a list of cue words, phrases and prefixes (`x*`)."""
    parts = []
    for cue in cues:
        prefix = cue.endswith(_WILDCARD)
        words = fold(cue.rstrip(_WILDCARD)).split()
        body = r"\s+".join(re.escape(word) for word in words)
        parts.append(body + (r"\w*" if prefix else r"\b"))
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"\b(?:" + "|".join(parts) + ")")
