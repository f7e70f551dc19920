"""Which language a question is in (English, Finnish or Swedish), and the language the current
question is being answered in.

Detection counts the words each language's vocabulary knows:
- a function or question word (English "the", "who"; Finnish "kuka", "on"; Swedish "vem",
  "och") is a point;
- a content word of a foreign vocabulary is half a point as the file lists it ("puhelin"),
  or a word of one of its phrases ("god morgon"); a quarter found by its stems only
  ("vangeista"; English "border" too, by Swedish "borde") or one or two typos away from a
  listed form ("puhelinumero"); nothing if it is English as well ("video", "Helsinki");
- a word counts for the language(s) where it counts most, divided among them if several;
- a letter only Swedish uses (å) is a point for Swedish.
The language with the most points wins when it has a point and the lead, or half a point and
three times any other's; otherwise the question is `None`: unclear, and the caller decides
(the previous question's language, else the release's).

The engine detects once per question and sets the language for everything that analyses it
(`asked_in`), so that a part of the question ("is X mentioned?" -> X) is analysed in the
language of the whole question.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache

from bot.core.lexicon import FOREIGN_LANGUAGES, Lexicon, lexicon, tokens
from bot.core.normalize import fold

ENGLISH = "en"
LANGUAGES = (ENGLISH, *FOREIGN_LANGUAGES)
MIN_EVIDENCE = 1.0  # below this a question's language is unclear ...
MIN_ALONE = 0.5  # ... unless no other language has a third of it
LEAD_ALONE = 3.0
CONTENT_WORD = 0.5  # what a content word counts, against a function word's 1 ...
STEM_ONLY = 0.25  # ... and one found only by its stem, or with a typo
MIN_TYPO = 7  # shorter words are not taken as misspelt foreign words
SWEDISH_LETTER = 1.0  # å: Swedish (and Norwegian, Danish), never Finnish or English
# Words that show a question is English: function words, question words, and the verbs and
# nouns of questions about a release. Finnish "on" (is), "he" (they) and "me" (we), and Swedish
# "i" (in), are in the Finnish and Swedish vocabularies too, so they count for none.
ENGLISH_WORDS = frozenset(
    """
    a an the is are was were be been being am do does did done to of in on at for with about
    from by as into this that these those it its i me my we us our you your he him his she her
    they them their there here what whats who whom whose whos where wheres when which why how
    hows can could would will shall should may might must not no any anything some something
    tell let know please have has had get give say said says stated meet met meeting meetings
    minister ministers release discuss discussed talk talked talks phone number contact call
    hi hello thanks thank you bye and or but also else other more very much many
    dont didnt doesnt isnt wasnt arent werent cant wont youre im ive id whats thats theres
    """.split()
)

_asked: ContextVar[str | None] = ContextVar("asked_language", default=None)


@contextmanager
def asked_in(language: str | None) -> Iterator[None]:
    """Analyse everything within as `language` (None: detect each text by itself)."""
    token = _asked.set(language)
    try:
        yield
    finally:
        _asked.reset(token)


def language_of(text: str) -> str:
    """The language to analyse `text` in: the current question's, else detected, else English."""
    return _asked.get() or detect(text) or ENGLISH


@lru_cache(maxsize=8192)
def detect(text: str) -> str | None:
    """The language of `text` ("en", "fi", "sv"), or None when it is unclear."""
    scores = evidence(text)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_EVIDENCE and top > second:
        return best
    if top >= MIN_ALONE and top >= LEAD_ALONE * second:
        return best
    return None


def evidence(text: str) -> dict[str, float]:
    """Each language's points in `text` (see the module's docstring)."""
    scores = dict.fromkeys(LANGUAGES, 0.0)
    words = tokens(text)
    in_phrase = {language: _phrase_words(words, language) for language in FOREIGN_LANGUAGES}
    for index, word in enumerate(words):
        weights = _weights(word)
        for language in FOREIGN_LANGUAGES:
            if index in in_phrase[language] and ENGLISH not in weights:
                weights = {**weights, language: max(weights.get(language, 0.0), CONTENT_WORD)}
        best = max(weights.values(), default=0.0)
        sharing = [language for language, weight in weights.items() if weight == best]
        for language in sharing:
            scores[language] += best / len(sharing)
        if "å" in word:
            scores["sv"] += SWEDISH_LETTER
    return scores


def _phrase_words(words: list[str], language: str) -> set[int]:
    """The positions of `words` that are part of a phrase of the language's vocabulary."""
    known = _lexicon(language)
    found: set[int] = set()
    for start in range(len(words)):
        phrase = known.phrase_at(words, start)
        if phrase is not None and phrase[0].canonical:
            found.update(range(start, start + phrase[1]))
    return found


@lru_cache(maxsize=16384)
def _weights(word: str) -> dict[str, float]:
    """The languages whose vocabulary has `word`, each with what the word counts for it."""
    folded = fold(word)
    english = folded in english_words()
    found = {ENGLISH: 1.0} if english else {}
    for language in FOREIGN_LANGUAGES:
        known = _lexicon(language)
        if folded in _surface_words(language):
            found[language] = 1.0
        elif not english and (weight := _content_word(known, word)):
            found[language] = weight
    return found


def _content_word(known: Lexicon, word: str) -> float:
    """What `word` counts as a content word of `known` (0 if it is none, or English too)."""
    folded = fold(word)
    if folded in known.english_like or len(folded) < 3:
        return 0.0
    if known.surface.get(folded):
        return CONTENT_WORD
    if len(folded) >= 4 and any(known.stems.get(key) for key in known.keys(word)):
        return STEM_ONLY
    if len(folded) >= MIN_TYPO and known.closest(folded) is not None:
        return STEM_ONLY
    return 0.0


@cache
def english_words() -> frozenset[str]:
    """English words the core knows: function and question words, filler, the intent cues
    and the shared vocabulary."""
    # imported here: the analyser and the intents import this module
    from bot.core.analysis import FILLER
    from bot.core.intents import CUES, HELD_CUES, PLANNED_CUES
    from bot.core.vocabulary import shared_place_names, shared_synonyms

    words = set(ENGLISH_WORDS) | FILLER
    for cue in (*(c for cues in CUES.values() for c in cues), *PLANNED_CUES, *HELD_CUES):
        words.update(fold(cue).split())
    places = shared_place_names()
    for canonical, variants in shared_synonyms().items():
        for text in (*(() if canonical in places else (canonical,)), *variants):
            words.update(fold(text).split())
    return frozenset(words)


@cache
def _surface_words(language: str) -> frozenset[str]:
    known = _lexicon(language)
    return known.filler | known.question_words | known.pronouns_singular | known.pronouns_plural


def _lexicon(language: str) -> Lexicon:
    found = lexicon(language)
    assert found is not None, language
    return found
