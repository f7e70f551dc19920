"""Turn a question into the terms the matcher compares: folded, synonyms resolved, typos
corrected against the knowledge base's own vocabulary, stemmed, and stripped of filler words.

One `Analyzer` is built per knowledge base, because synonyms, names and vocabulary are per release.
A question in Finnish or Swedish (`bot.core.language`) is first read into the knowledge base's
English words (`bot.core.foreign`), which then go the same way, so both give the same terms.
"""

from __future__ import annotations

import re
from collections import Counter
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
    question questions thing things bit maybe actually anyone someone one dear two both
    everyone everybody anybody
    while ever each every
    hes shes theyre isnt wasnt arent werent doesnt havent hasnt wont cant couldnt wouldnt
    abt wat wht u ur r ya pls plz
    """.split()
)
# Talk about the asker's own work, common in journalists' questions and never what they ask about.
META_WORDS = frozenset(
    """
    article story piece editor paper newspaper magazine write writing writer reporter journalist
    use quick quickly sorry tomorrow today tonight deadline covering cover working
    regarding regards mention mentioned mentions touch touched come came up release
    tweet tweets newsletter blog podcast post radio segment readers listeners viewers audience
    short shorter simple simply plain lines
    direct verbatim precise precisely
    """.split()
)
FILLER = STOPWORDS | META_WORDS


_QUESTION_WORDS = frozenset("who whom whose where when why how which".split())
# The words of the shared vocabulary ("jail", "inmate", "meddling"): what people type, never a
# typo of a word the release happens to use.
_SHARED_WORDS = frozenset(
    word
    for canonical, variants in shared_synonyms().items()
    for phrase in (canonical, *variants)
    for word in fold(phrase).split()
)


class Analyzer:
    """Question text -> matchable terms, for one knowledge base."""

    def __init__(self, base: KnowledgeBase) -> None:
        self._stemmer = snowballstemmer.stemmer("english")
        self._replacements = _replacement_table(base)
        self._phrase_pattern = _phrase_pattern(self._replacements)
        self.vocabulary = frozenset(_vocabulary(base))
        self._spelling = SpellingIndex(sorted(self.vocabulary))
        self._known_stems = frozenset(  # of the words it uses as they are (not "issues": topics)
            self._stemmer.stemWord(word)
            for word in self.vocabulary
            if word not in self._replacements
        )
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)
        self._stem = lru_cache(maxsize=8192)(self._stemmer.stemWord)
        # a question's surface is read by many of the matcher's rules: made once per question
        self.surface = lru_cache(maxsize=1024)(self._surface)
        self._base = base
        self._readers: dict[str, ForeignReader | None] = {}  # built on the first such question
        places = sorted(
            {fold(n) for place in base.places for n in (place.name, *place.aliases)} - {""},
            key=len,
            reverse=True,
        )
        self._where_in = (
            re.compile(
                r"\bwhere(?:abouts)?\b(?= in (?:the city|the capital|"
                + "|".join(map(re.escape, places))
                + r")\b)"
            )
            if places
            else None
        )
        self._little = {  # "wat" -> "what", "ws" -> "was": misspelt function and question words
            variant: canonical
            for variant, canonical in self._replacements.items()
            if " " not in variant and (canonical in FILLER or canonical in _QUESTION_WORDS)
        }
        # the words of an alias ("chief" in "chief prosecutor"): each always brings the name of
        # its record along, so an entry about the record need not have them
        self.alias_terms = frozenset(
            self._stem(part)
            for variant, target in self._replacements.items()
            if target.startswith(variant + " ")
            for part in variant.split()
            if part not in FILLER
        )

    def terms(self, text: str, expand: bool = True) -> list[str]:
        """The distinct meaningful terms of `text`, in order of appearance. With `expand`
        false, the words people use for a record do not bring in the record's name: the terms
        are the asker's own words, synonyms resolved."""
        reader = self._reader(language_of(text))
        if reader is not None:
            return self._foreign_terms(reader, text)
        seen: dict[str, None] = {}
        for word in self._surface_words(text, expand, correct=True):
            replaced = self._replacements.get(word, word)
            if expand or not replaced.startswith(word + " "):
                word = replaced
            for part in word.split():
                if part in FILLER or _filler_with_s(part):
                    continue
                seen.setdefault(self._stem(part), None)
        return list(seen)

    def _surface(self, text: str) -> str:
        """`text` folded, with its typos corrected and the little words people misspell put
        right ("wat did teh PMs discus" -> "what did the pms discuss"): what the cue words of
        `bot.core.intents` are looked for in. A question in another language stays as it is."""
        if language_of(text) in FOREIGN_LANGUAGES:
            return text
        words = (self._correct(word) for word in fold(text).split())
        return " ".join(self._little.get(word, word) for word in words)

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

    def _surface_words(self, text: str, expand: bool = True, correct: bool = False) -> list[str]:
        """Folded words with multi-word synonyms already joined into their canonical word (and,
        unless `expand` is false, multi-word aliases followed by their record's name). With
        `correct`, typos are corrected first, so that a phrase is found with a typo in it
        ("first nmae")."""
        folded = fold(text)
        if correct:
            folded = " ".join(self._correct(word) for word in folded.split())
        if self._where_in is not None:  # "where in Moscow?" asks where in the city
            folded = self._where_in.sub(r"\g<0> exactly", folded)
        if self._phrase_pattern is not None:
            folded = self._phrase_pattern.sub(lambda m: self._phrase(m.group(0), expand), folded)
        return folded.split()

    def _phrase(self, phrase: str, expand: bool) -> str:
        replaced = self._replacements[phrase]
        return phrase if not expand and replaced.startswith(phrase + " ") else replaced

    def _correct_uncached(self, word: str) -> str:
        """An unknown word corrected to a known one (see `bot.core.spelling`), or as it is."""
        if word in self.vocabulary or word in FILLER or word in _SHARED_WORDS:
            return word
        if _filler_with_s(word):  # "articles": the asker's aside, no typo
            return word
        if not correctable(word) or self._stem(word) in self._known_stems:
            return word  # another form of a word it uses ("connect", "connection") is no typo
        return self._spelling.closest(word) or word


def _filler_with_s(word: str) -> bool:
    """A filler word with an s ("the release's" folds to "releases", "articles", "readers'"),
    of four letters or more: not "us" or "is", which are words of their own."""
    return len(word) > 4 and word.endswith("s") and word[:-1] in FILLER


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
    groups.extend(_sides(base))
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


def _sides(base: KnowledgeBase) -> list[tuple[str, tuple[str, ...]]]:
    """ "The Finnish side" for the one person of that country who took part in a meeting the
    release says was held (a country of two participants names neither)."""
    held = [p for p in base.people if p.country and p.id in base.held_participants]
    countries = Counter(fold(person.country or "") for person in held)
    synonyms = shared_synonyms()
    sides = []
    for person in held:
        country = fold(person.country or "")
        if countries[country] == 1:
            names = (country, *(fold(name) for name in synonyms.get(country, ())))
            sides.append((person.id, tuple(f"{name} side" for name in names)))
    return sides


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
