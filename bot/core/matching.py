"""Match a question to the knowledge base's entries and decide what kind of reply it gets.

Scoring, for each entry, from the analysed terms of the question (`bot.core.analysis`):
- `closeness`: weighted Dice overlap with the entry's best-fitting alternative question: high when
  the question and one of the phrasings share their meaningful words and little else;
- `coverage`: the weighted share of the question's terms that the entry knows at all (any of its
  phrasings or tags): high when nothing in the question is foreign to the entry.
Terms are weighted by how rare they are across entries (idf), so "konovalov" or "cybercrime"
count for more than "minister". Words the knowledge base has never seen still count against
coverage, with a lower weight, so that a question about the weather in Moscow is not "about Moscow".

Beyond the scores (`Matcher.match`): a follow-up's subjects from the previous answer ("he",
"it") weigh less than the asker's own words and count only for entries that share one of those;
"is X the prosecutor general?" is answered with who X is; a yes-or-no question is not answered
with a fact that lacks one of its words the release uses elsewhere ("did he meet the Russian
president?"), nor a question with a word the release never uses unless it fits well (and never
when that word follows the name of a thing or a country: "the ferry timetable"), and when only
"not stated" entries fit, the best of them says so instead of asking back. The bot's own
opinion, or a role ("pretend you are Häkkänen"), is nothing the release says: declined. What
someone the release never quotes said is "not stated", whatever the topic named. A place
guessed ("was it in Tallinn or Helsinki?", "oliko tapaaminen Turussa?") is answered with
where it was.

The scores are 0 to 100. The weights and the thresholds that turn scores into outcomes were
calibrated on the bundled question sets (see `release-bot eval --sweep`), not guessed.

`rank` scores every entry that shares a term with the question. Deciding needs far fewer: the
best, those within reach of it, three suggestions and a rival. `match` walks the question's
terms rarest first and stops scoring once an upper bound of what the terms not yet walked can
give an entry falls below the entries it needs (see `Matcher._pruned`). The decision is the one
`rank` gives, to the last bit of the score, with one exception kept on purpose: on a base where
a word of the question is on more than SHORT_POSTING entries ("project" in a base of thousands
of projects), the entries that share only such words with the question are looked at lightest
phrasing first and at most WALK_BUDGET of them, so that a question of common words costs
milliseconds, not a walk over the whole base.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from bot.core.analysis import Analyzer
from bot.core.intents import (
    AT_THE_SAME_MEETING,
    CUE_WORDS,
    CUES,
    asked_status,
    asks_the_bots_own_view,
    asks_what_one_is,
    asks_yes_or_no,
    fit,
    intents_of,
)
from bot.core.knowledge import Entry, EntryKind, Intent, KnowledgeBase, MeetingStatus
from bot.core.language import language_of
from bot.core.lexicon import FOREIGN_LANGUAGES
from bot.core.normalize import fold
from bot.core.understanding import split_context
from bot.core.vocabulary import shared_synonyms


class Outcome(StrEnum):
    ANSWERED = "answered"
    CLARIFY = "clarify"
    FALLBACK = "fallback"
    SMALLTALK = "smalltalk"


@dataclass(frozen=True)
class Tuning:
    """How scores are made and where they turn into outcomes.

    Calibrated with `release-bot eval --sweep` on the bundled question sets, not guessed."""

    closeness_weight: float = 0.4  # share of the score from the best phrasing; rest: coverage
    unknown_weight: float = 1.25  # weight of a word the release never uses, times the mean idf
    answer: float = 50.0  # at or above: one entry clearly fits ...
    margin: float = 8.0  # ... and leads the next-best entry by at least this much
    clarify: float = 50.0  # at or above (but not clearly answered): offer suggestions
    suggest_window: float = 15.0  # suggestions are the entries within this of the best
    intent_bonus: float = 1.08  # an entry that answers what is asked (who, where, said ...)
    intent_penalty: float = 0.82  # an entry that answers something else
    status_penalty: float = 0.8  # a held meeting for "who will he meet", and the reverse
    status_bonus: float = 1.05  # the planned meetings for "who will he meet", and the reverse
    exact_bonus: float = 0.1  # the question has exactly the terms of one of the phrasings
    subject_bonus: float = 1.05  # an entry about the person the question names ...
    subject_penalty: float = 0.85  # ... and one about other people only
    foreign_answer: float = 60.0  # with a word the release never uses, answer only above this
    context_weight: float = 0.7  # of a term brought in from the previous answer ("he")


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float


@dataclass(frozen=True)
class Match:
    """The decision for one question: the outcome, the chosen entry (if any), and the runners-up."""

    outcome: Outcome
    score: float
    entry: Entry | None = None
    suggestions: tuple[Entry, ...] = ()


ACKNOWLEDGEMENT = re.compile(
    "[\U0001f44d\U0001f44c\U0001f64f\U0001f642\U0001f60a\u2764\u2705\\s!.]+"
)
QUESTION_TERMS = frozenset({"who", "where", "when", "how", "which", "whi"})  # as analysed
# Words of a yes-or-no question's grammar, not of what it names ("does he want to ...", "should
# prisoners be able to ..."): a fact lacking them still answers it.
_MODAL_WORDS = "want wants wanted should able need needs wish wishes"
# how a number moves ("growing", "going up": the shared vocabulary's words for them)
_TREND_WORDS = "increase decrease"
# how people name a meeting
_MEETING_WORDS = "meet visit trip itinerary schedule programme calendar counterpart"
MAX_SUGGESTIONS = 3
COMMON_SHARE = 0.2  # a term on this share of the entries is the release's setting, not a claim
ATTRIBUTE_FLOOR = 40.0  # a name or title asked for is answered from a person's record from here
NEAR_ENOUGH = 25.0  # a declined question's candidates at or above this are offered instead
SMALLTALK_PHRASE_CUTOFF = 88  # rapidfuzz ratio for a whole message to be a small-talk phrase
TOP = 8  # entries kept when ranking to decide: enough for the best, three suggestions, a rival
SHORT_POSTING = 256  # a term on at most this many entries is walked whole, at once
WALK_BUDGET = 400  # entries looked at, at most, through the terms on more entries than that


# "was it in X?", "was the meeting held in X or Y?", "did it take place in X?" (as folded)
_PLACE_GUESS = re.compile(
    r"^(?:and |so )?(?:(?:was|is|were) (?:it|this|that|the meeting|the talks|they)"
    r"(?: held| hosted)?|did (?:it|the meeting|the talks) take place|did they meet)"
    r" in(?: the city of)? (?!(?:the|a|an|his|her|their|its|this|that|any|which|what|january"
    r"|february|march|april|may|june|july|august|september|october|november|december|spring"
    r"|summer|autumn|fall|winter|person|public|private|secret|english|finnish|swedish)\b)"
    r"[^\W\d]\w*(?: \w+)?(?: or(?: in)? [^\W\d]\w*(?: \w+)?)?$"
)


# the same in Finnish ("oliko tapaaminen Helsingissä?", a place in -ssa/-ssä) and Swedish ("var
# mötet i Helsingfors?", "hölls det i Moskva eller i Helsingfors?"), as folded
_PLACE_GUESSES = {
    "fi": re.compile(
        r"^(?:oliko|pidettiinko) (?:se|tapaaminen|kokous|tapaamiset|neuvottelut)(?: pidetty)?"
        r" (?!\w*kuussa\b)\w+ssa(?: vai \w+ssa)?$"  # not a month: "syyskuussa"
    ),
    "sv": re.compile(
        r"^(?:var|holls|agde) (?:det|motet|moten|traffen|samtalen)(?: rum)? i (?!(?:januari"
        r"|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
        r"|somras|vintras|varas|hostas|persona)\b)\w+"
        r"(?: eller(?: i)? \w+)?$"
    ),
}

# a meeting still to come, in so many words (not "else" or "also": "who else did he meet?")
_FUTURE_MEETING = re.compile(
    r"\b(?:will|wont|planned|plans|planning|scheduled|upcoming|going to|again|in the future)\b"
)

# "what percentage of crime is committed online?": a figure, which a fact without one cannot give
_ASKS_FOR_A_FIGURE = re.compile(
    r"\b(?:percentage|percent|per cent|proportion|how big a share|how large a share"
    r"|what share|how much of)\b"
)
# "how many ...?": a figure, or else an entry saying the release gives none
_HOW_MANY = re.compile(r"\bhow (?:many|much)\b")
# what a "how ...?" asks: "how much" is not "how long"
_HOW_WHAT = re.compile(r"\bhow (many|much|long|often|far|big|large|old|soon)\b")


# what was said, in one word, as the asker puts it ("what did the Russians say ...?")
_SAID_WORDS = frozenset(
    (*(cue for cue in CUES[Intent.SAID] if " " not in cue), "respond", "response", "reply")
)


@dataclass(frozen=True)
class _Question:
    """A question as scoring sees it: its known terms with their weights, in order, and what
    else the score of an entry depends on."""

    known: list[tuple[str, float]]
    weight: float  # of every term, the unknown ones included
    asked_terms: frozenset[str]  # its terms but question words: for "word for word"
    asked_known: bool  # every one of those is a term of some entry
    smalltalk_only: bool
    intents: frozenset[Intent]
    status: MeetingStatus | None
    named: set[str]  # ids of the people it names
    intent_weights: tuple[float, float, float]  # the tuning's, as `fit` takes them
    own: int = -1  # with subjects from the previous answer: `known` from here on are those
    anchors: frozenset[str] = frozenset()  # its own terms but question words


class _Index:
    """Entries by term, and each entry's phrasings in a compact form.

    For entry i: `masks[i]` maps each of its terms to the bits of its phrasings that hold it (0:
    only its tags do; `bits(mask)` lists them); `phrasing_weights[i]` and `plain_counts[i]` are
    each phrasing's total weight and number of terms other than question words. `postings[term]`
    is the entries that have the term, with the weight of their lightest phrasing holding it
    (infinite: only in the tags), lightest first."""

    def __init__(
        self, phrasings: list[list[list[str]]], keywords: list[set[str]], weights: dict[str, float]
    ) -> None:
        self.masks: list[dict[str, int]] = []
        self.phrasing_weights: list[array[float]] = []
        self.plain_counts: list[array[int]] = []
        lists: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for entry, (entry_phrasings, entry_keywords) in enumerate(
            zip(phrasings, keywords, strict=True)
        ):
            masks = dict.fromkeys(entry_keywords, 0)
            lightest = dict.fromkeys(entry_keywords, math.inf)
            totals = array("d", (sum(weights[t] for t in terms) for terms in entry_phrasings))
            for at, terms in enumerate(entry_phrasings):
                bit, total = 1 << at, totals[at]
                for term in terms:
                    masks[term] |= bit
                    lightest[term] = min(lightest[term], total)
            self.masks.append(masks)
            self.phrasing_weights.append(totals)
            self.plain_counts.append(
                array("I", (len(set(terms) - QUESTION_TERMS) for terms in entry_phrasings))
            )
            for term, weight in lightest.items():
                lists[term].append((weight, entry))
        self.question_words_weight = sum(weights.get(term, 0.0) for term in QUESTION_TERMS)
        self.bits = lru_cache(maxsize=65536)(_bits)
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        for term, found in lists.items():
            found.sort()
            self.postings[term] = (
                array("i", (e for _, e in found)),
                array("d", (w for w, _ in found)),
            )


def _bits(mask: int) -> tuple[int, ...]:
    """The positions of the bits set in `mask`, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return tuple(found)


def _decides(ranked: list[Candidate]) -> bool:
    """Whether the first entries of a ranking are enough for `decide`: three that can be
    suggested, and a rival that the best does not link to."""
    if not ranked:
        return True
    best = ranked[0].entry
    suggestible = sum(1 for c in ranked if c.entry.kind is not EntryKind.SMALLTALK)
    rival = any(c.entry.id not in best.related for c in ranked[1:])
    return suggestible >= MAX_SUGGESTIONS and rival


class Matcher:
    """Scores questions against one knowledge base. Everything question-independent is
    computed once here, at load time."""

    def __init__(self, base: KnowledgeBase, tuning: Tuning | None = None) -> None:
        self.base = base
        self.tuning = tuning or Tuning()
        self.analyzer = Analyzer(base)
        self._entries = base.entries
        self._smalltalk_entries = {
            fold(question): entry
            for entry in base.entries_of(EntryKind.SMALLTALK)
            for question in entry.questions
        }
        self._smalltalk_phrases = list(self._smalltalk_entries)
        self._longest_smalltalk = max(map(len, self._smalltalk_phrases), default=0) + 3
        phrasings = [
            [self.analyzer.terms(question) for question in entry.questions]
            for entry in self._entries
        ]
        keywords = [
            set().union(*terms, self.analyzer.terms(" ".join(entry.tags)))
            for entry, terms in zip(self._entries, phrasings, strict=True)
        ]
        self._weights = _idf(keywords)
        # the setting of the release (its place, the meeting, its countries): on many entries
        self._common_terms = frozenset(
            term
            for term, count in Counter(t for terms in keywords for t in terms).items()
            if count >= COMMON_SHARE * len(keywords)
        )
        self._text_terms = frozenset(self.analyzer.terms(base.release.text))
        person_ids = {person.id for person in base.people}
        self._person_terms = {
            term: person.id for person in base.people for term in self.analyzer.terms(person.id)
        }
        self._contact_terms = frozenset(
            term for contact in base.contacts for term in self.analyzer.terms(contact.name)
        )
        self._contact_entries = [
            index
            for index, entry in enumerate(self._entries)
            if entry.kind is EntryKind.FACT and Intent.CONTACT in entry.intents
        ]
        self._role_terms = frozenset(
            self.analyzer.terms(" ".join(" ".join((k, *v)) for k, v in shared_synonyms().items()))
        )
        self._positions = {entry.id: index for index, entry in enumerate(self._entries)}
        self._record_terms = {  # what names each record of the release, as analysed
            record.id: names
            for group in (base.people, base.offices, base.places, base.organisations, base.topics)
            for record in group
            if (names := frozenset(self.analyzer.terms(record.name)))
        }
        self._naming_terms = frozenset().union(  # of things and countries: not "Häkkänen already"
            *(names for record, names in self._record_terms.items() if record not in person_ids),
            *(self.analyzer.terms(p.country) for p in base.people if p.country),
        )
        self._said_of: dict[str, list[int]] = defaultdict(list)  # a person's words, by entry
        for index, entry in enumerate(self._entries):
            if Intent.SAID in entry.intents:
                for record in entry.about:
                    self._said_of[record].append(index)
        self._people_roles = frozenset(  # the words of the roles people hold ("minister")
            term for person in base.people for term in self.analyzer.terms(person.role)
        )
        # word by word: joined, neighbours in a set's (per-process) order could make a phrase
        self._cue_terms = frozenset(t for word in CUE_WORDS for t in self.analyzer.terms(word))
        self._modal_terms = frozenset(self.analyzer.terms(_MODAL_WORDS))
        self._trend_terms = frozenset(self.analyzer.terms(_TREND_WORDS))
        self._particle_terms = frozenset(self.analyzer.terms(_PARTICLES, expand=False))
        # words that tell what is asked (what was said or discussed, a summary, the contact, and
        # for a release that records meetings, a meeting), not about what: never words the
        # release lacks ("who is the spokesperson I can ring?")
        self._asking_terms = frozenset(
            self.analyzer.terms(
                " ".join(
                    CUES[Intent.SAID]
                    + CUES[Intent.DISCUSSED]
                    + CUES[Intent.SUMMARY]
                    + CUES[Intent.CONTACT]
                )
            )
        ) | (frozenset(self.analyzer.terms(_MEETING_WORDS)) if base.meetings else frozenset())
        self._descriptions = {
            person.id: (country, frozenset(self.analyzer.terms(person.role)) - country)
            for person in base.people
            if person.country and (country := frozenset(self.analyzer.terms(person.country)))
        }
        self._person_ids = frozenset(person_ids)
        self._summary = next(
            (
                index
                for index, entry in enumerate(self._entries)
                if entry.kind is EntryKind.FACT and Intent.SUMMARY in entry.intents
            ),
            None,
        )
        self._planned = next(  # the meetings still to come, when one fact tells them
            (
                index
                for index, entry in enumerate(self._entries)
                if entry.kind is EntryKind.FACT
                and entry.status is MeetingStatus.PLANNED
                and Intent.WHO in entry.intents
            ),
            None,
        )
        in_meetings = {p for meeting in base.meetings for p in meeting.participants}
        self._else_terms = frozenset(self.analyzer.terms("else after"))
        self._setting_of_meetings = (
            self._else_terms
            | self._asking_terms
            | self._modal_terms
            | QUESTION_TERMS
            | frozenset(self.analyzer.terms(f"{_VISIT_WORDS} {_MEETING_WORDS} {_PLANNED_WORDS}"))
            | frozenset(
                term
                for words in _named_in_meetings(base, in_meetings)
                for term in self.analyzer.terms(words)
            )
        )
        held_places = {m.place for m in base.meetings if m.status is MeetingStatus.HELD}
        self._visit_terms = (  # a question about going somewhere, or a meeting, or its place
            frozenset(self.analyzer.terms(f"{_VISIT_WORDS} {_MEETING_WORDS}"))
            | frozenset(
                term
                for place in base.places
                if place.id in held_places
                for term in self.analyzer.terms(" ".join((place.name, *place.aliases)))
            )
        )
        self._setting_of_visit = (  # ... and those who took part in it
            self._visit_terms
            | self._asking_terms
            | QUESTION_TERMS
            | frozenset(self.analyzer.terms(_PURPOSE_WORDS))
            | frozenset(
                term
                for person in base.people
                if person.id in base.held_participants
                for term in self.analyzer.terms(
                    " ".join((person.name, person.role, person.country or "", *person.aliases))
                )
            )
        )
        topic_ids = {topic.id for topic in base.topics}
        self._topics_of = {
            entry.id: topics
            for entry in base.entries
            if (topics := frozenset(record for record in entry.about if record in topic_ids))
        }
        topic_terms: dict[str, set[str]] = defaultdict(set)
        for topic in base.topics:
            for term in self.analyzer.terms(topic.name, expand=False):
                topic_terms[term].add(topic.id)
        self._topic_terms = {  # the words of a topic's name that no other topic's name has
            term: frozenset(topics)
            for term, topics in topic_terms.items()
            if len(topics) == 1 and term not in QUESTION_TERMS
        }
        self._people_of = {  # only entries about someone: most are not
            entry.id: people
            for entry in base.entries
            if (people := frozenset(record for record in entry.about if record in person_ids))
        }
        self._smalltalk_terms = frozenset().union(
            *(
                terms
                for terms, entry in zip(keywords, self._entries, strict=True)
                if entry.kind is EntryKind.SMALLTALK
            )
        )
        self._unknown_weight = self.tuning.unknown_weight * (
            sum(self._weights.values()) / max(len(self._weights), 1)
        )
        self._index = _Index(phrasings, keywords, self._weights)
        tuning = self.tuning
        self._intent_weights = (tuning.intent_bonus, tuning.intent_penalty, tuning.status_penalty)
        # a question is analysed once, however many of the methods below look at it
        self._terms = lru_cache(maxsize=1024)(self._analysed)

    def _analysed(self, text: str) -> tuple[str, ...]:
        return tuple(self.analyzer.terms(text))

    def _topics_discussed(self, question: str, terms: Collection[str], followup: bool) -> set[str]:
        """The topics a question about what was discussed names by a word only they have."""
        if followup:
            return set()
        asked = intents_of(self.analyzer.surface(question))
        if Intent.DISCUSSED not in asked or Intent.SAID in asked:
            return set()
        return {topic for term in terms for topic in self._topic_terms.get(term, ())}

    def _described(self, terms: Collection[str]) -> set[str]:
        """The people a question names by country and role ("the Estonian prime minister",
        "the Russian minister"): each whose country and a word of whose role it has."""
        asked = set(terms)
        if any(term not in self._weights for term in asked):
            return set()  # "the Finnish defence minister": a role the release does not name
        return {
            person
            for person, (country, role) in self._descriptions.items()
            if country <= asked and role & asked
        }

    def _subject_fit(self, entry: Entry, named: set[str]) -> float:
        """More for an entry about the person the question names, less for one about others;
        more for an entry about a topic it names, when it asks what was discussed ("what was
        discussed about prisoners?": the prisoners, not the list of every topic)."""
        people = self._people_of.get(entry.id)
        if people and named & self._person_ids:
            return self.tuning.subject_bonus if people & named else self.tuning.subject_penalty
        if named & self._topics_of.get(entry.id, frozenset()):
            return self.tuning.subject_bonus
        return 1.0

    def best_fact(self, text: str) -> Match | None:
        """The fact that best fits `text` (a subject: "the Supreme Court"), if one clearly does."""
        clarify = self.tuning.clarify
        question = self._question(text)
        ranked = self._pruned(question, lambda _best: clarify)[0] if question else []
        facts = [c for c in ranked if c.entry.kind is EntryKind.FACT]
        if not facts or facts[0].score < clarify:
            return None
        return Match(Outcome.ANSWERED, min(facts[0].score, 100.0), facts[0].entry)

    def has_terms(self, text: str) -> bool:
        """Whether `text` has any meaningful word at all (not only filler)."""
        return bool(self._terms(text))

    def knows(self, text: str) -> bool:
        """Whether any meaningful word of `text` is one the release or its entries use."""
        return any(term in self._weights or term in self._text_terms for term in self._terms(text))

    def rank(self, question: str) -> list[Candidate]:
        """Every entry that shares a term with the question, best first."""
        asked = self._question(question)
        if asked is None:
            return []
        scored: dict[int, tuple[float, int] | None] = {}
        for term, _ in asked.known:
            for index in self._index.postings[term][0]:
                if index not in scored:
                    scored[index] = self._score(index, asked)
        return self._ordered(scored, -math.inf)

    def _question(self, question: str) -> _Question | None:
        """What scoring needs of a question, or None when it has no terms."""
        asked, context = split_context(question)
        terms = self._terms(asked) if context else self._terms(question)
        # the subjects a pronoun stands for help choose among entries, at a lower weight: "who
        # chairs it?" after a list of six meetings is not a question about all six
        brought = [t for t in self._terms(context) if t not in terms] if context else []
        if not terms and not brought:
            return None
        weights = self._weights
        # a reporting word ("according to") or a meeting word tells what is asked, not about what
        unknown = sum(1 for term in terms if term not in weights and term not in self._asking_terms)
        share = self.tuning.context_weight
        # Unknown words count against the question with a diminishing total: one foreign word
        # ("weather") weighs fully, while a chatty question's many asides do not drown it.
        question_weight = (
            sum(weights.get(t, 0.0) for t in terms)
            + share * sum(weights.get(t, 0.0) for t in brought)
            + self._unknown_weight * math.sqrt(unknown)
        )
        asked_terms = frozenset((*terms, *brought)) - QUESTION_TERMS
        return _Question(
            known=[(term, weights[term]) for term in terms if term in weights]
            + [(term, share * weights[term]) for term in brought if term in weights],
            weight=question_weight,
            asked_terms=asked_terms,
            asked_known=bool(asked_terms) and all(term in weights for term in asked_terms),
            smalltalk_only=all(
                term in self._smalltalk_terms or len(term) <= 2 for term in (*terms, *brought)
            ),
            intents=intents_of(self.analyzer.surface(question)),
            status=asked_status(self.analyzer.surface(question)),
            named={self._person_terms[t] for t in (*terms, *brought) if t in self._person_terms}
            | self._described(terms)
            | self._topics_discussed(question, terms, bool(brought)),
            intent_weights=self._intent_weights,
            own=sum(1 for term in terms if term in weights) if brought else -1,
            anchors=frozenset(t for t in terms if t in weights) - QUESTION_TERMS
            if brought
            else frozenset(),
        )

    def _score(self, index: int, asked: _Question) -> tuple[float, int] | None:
        """The score of entry `index` for the question, with the position of the first question
        term it has (ties keep that order, then the entries' order); None for small talk when
        the question is not small talk only.

        The sums are made in the order of the question's terms, as a walk over every posting
        would make them, so the scores are the same to the last bit however entries are found."""
        masks = self._index.masks[index]
        phrasing_weights = self._index.phrasing_weights[index]
        bits = self._index.bits
        overlap = [0.0] * len(phrasing_weights)
        known_weight = 0.0
        first = -1
        hit = 0  # the phrasings that share a term with the question
        anchored = not asked.anchors
        for position, (term, weight) in enumerate(asked.known):
            if position == asked.own and not anchored:
                break  # the previous answer's subjects count only for an entry on what is asked
            mask = masks.get(term)
            if mask is None:
                continue
            if not anchored and term in asked.anchors:
                anchored = True
            if first < 0:
                first = position
            known_weight += weight
            hit |= mask
            for at in bits(mask):
                overlap[at] += weight
        entry = self._entries[index]
        if entry.kind is EntryKind.SMALLTALK and not asked.smalltalk_only:
            return None  # "hi, who met whom?" is a question, not a greeting
        closeness = 0.0
        question_weight = asked.weight
        for at in bits(hit):
            dice = 2 * overlap[at] / (question_weight + phrasing_weights[at])
            if dice > closeness:
                closeness = dice
        exact = False
        if asked.asked_known:
            same = hit
            for term in asked.asked_terms:
                same &= masks.get(term, 0)
            if same:
                plain = self._index.plain_counts[index]
                exact = any(plain[at] == len(asked.asked_terms) for at in bits(same))
        tuning = self.tuning
        coverage = known_weight / question_weight
        share = tuning.closeness_weight
        score = share * closeness + (1 - share) * coverage
        score *= fit(  # may pass 1
            entry, asked.intents, asked.status, asked.intent_weights, tuning.status_bonus
        )
        if asked.named:
            score *= self._subject_fit(entry, asked.named)
        if exact:  # the question is one of its phrasings, word for word
            score += tuning.exact_bonus
        return 100 * score, first

    def _ordered(
        self, scored: dict[int, tuple[float, int] | None], floor: float
    ) -> list[Candidate]:
        """The scored entries at or above `floor`, best first; ties in the order of the question
        term they share first, then in the knowledge base's order."""
        kept = [
            (-found[0], found[1], index, found[0])
            for index, found in scored.items()
            if found is not None and found[0] >= floor
        ]
        kept.sort()
        return [Candidate(self._entries[index], score) for _, _, index, score in kept]

    def _decisive(self, question: str) -> list[Candidate]:
        """The best-ranked entries, as many as `decide` looks at: the same decision as over the
        whole `rank`, without scoring entries that cannot change it.

        `decide` reads the best entry; entries within `margin` and `suggest_window` of it (or, if
        it is declined, those at or above NEAR_ENOUGH); and of those, three suggestions and one
        rival. So the first try keeps the best few (`TOP`) and stops scoring once no entry left
        can reach them; if those few do not hold three suggestions and a rival, the second keeps
        everything within reach of the best."""
        asked = self._question(question)
        if asked is None:
            return []
        tuning = self.tuning
        reach = max(tuning.margin, tuning.suggest_window, 0.0)

        def floor(best: float) -> float:
            return min(best, NEAR_ENOUGH if best < tuning.clarify else best - reach)

        ranked, complete = self._pruned(asked, floor, keep=TOP)
        if complete or _decides(ranked):
            return ranked
        return self._pruned(asked, floor)[0]

    def _pruned(
        self, asked: _Question, floor: Callable[[float], float], keep: int | None = None
    ) -> tuple[list[Candidate], bool]:
        """Every entry scoring at or above `floor(best score)`, or, with `keep`, at or above the
        `keep`-th best score if that is higher; and whether `floor` alone set the cut.

        Entries are scored as the question's terms are walked, rarest first (MaxScore). Before
        each term, an upper bound of what the terms not yet walked can give an entry that has
        none of the walked ones stops the walk when it is below the cut. A term that most
        entries share ("project", "minister", "say") is walked in the order of its entries'
        lightest phrasing holding it: an entry whose phrasings are heavier cannot be close to
        the question, so the bound falls as the walk goes on, and it stops long before the end
        (or, whatever the bound, after WALK_BUDGET entries: the one place where the result may
        differ from scoring every entry, and only on bases with terms on hundreds of entries).
        """
        tuning = self.tuning
        index = self._index
        share = tuning.closeness_weight
        weight = asked.weight
        prune = 0.0 <= share <= 1.0 and weight > 0
        intents = max(1.0, tuning.intent_bonus, tuning.intent_penalty) if asked.intents else 1.0
        status = (
            max(1.0, tuning.status_penalty, tuning.status_bonus)
            if asked.status is not None
            else 1.0
        )
        subject = max(1.0, tuning.subject_bonus, tuning.subject_penalty) if asked.named else 1.0
        most = intents * status * subject  # the largest factor any entry's fit can give
        bonus = max(0.0, tuning.exact_bonus)
        exact_heaviest = (
            sum(self._weights[t] for t in asked.asked_terms if t in self._weights)
            + index.question_words_weight
        ) * (1 + 1e-9) + 1e-9
        scored: dict[int, tuple[float, int] | None] = {}
        tops: list[float] = []  # the `keep` best scores, as a heap
        best = -math.inf
        cut = -math.inf

        def bound(rest: float, lightest: float, terms: Collection[str]) -> float:
            """The most an entry can score whose shared terms weigh `rest` together and whose
            phrasings holding them weigh at least `lightest`."""
            close = 2 * rest / (weight + max(rest, lightest))
            # a phrasing word for word has the asked terms and perhaps question words only
            exact = (
                bonus
                if asked.asked_known
                and lightest <= exact_heaviest
                and asked.asked_terms.issubset(terms)
                else 0.0
            )
            score = 100 * ((share * close + (1 - share) * rest / weight) * most + exact)
            return score * (1 + 1e-9) + 1e-9  # never below, whatever the rounding

        def add(entry: int) -> None:
            nonlocal best, cut
            found = self._score(entry, asked)
            scored[entry] = found
            if found is None:
                return
            best = max(best, found[0])
            cut = floor(best)
            if keep:
                if len(tops) < keep:
                    heapq.heappush(tops, found[0])
                elif found[0] > tops[0]:
                    heapq.heapreplace(tops, found[0])
                if len(tops) == keep:
                    cut = max(cut, tops[0])

        order = sorted(asked.known, key=lambda known: len(index.postings[known[0]][0]))
        remaining = dict(order)
        while order and len(index.postings[order[0][0]][0]) <= SHORT_POSTING:
            if prune and bound(sum(remaining.values()), 0.0, remaining) < cut:
                return self._ordered(scored, cut), cut <= floor(best)
            term, _ = order.pop(0)
            del remaining[term]
            for entry in index.postings[term][0]:
                if entry not in scored:
                    add(entry)
        # the terms most entries share, together, lightest phrasing first
        frontier = [(index.postings[term][1][0], term, 0) for term, _ in order]
        heapq.heapify(frontier)
        budget = WALK_BUDGET
        while frontier:
            if prune and bound(sum(remaining.values()), frontier[0][0], remaining) < cut:
                break
            budget -= 1
            if budget < 0:
                break
            _, term, at = frontier[0]
            entries, lightest = index.postings[term]
            if at + 1 < len(entries):
                heapq.heapreplace(frontier, (lightest[at + 1], term, at + 1))
            else:
                heapq.heappop(frontier)
                del remaining[term]
            if entries[at] not in scored:
                add(entries[at])
        return self._ordered(scored, cut), cut <= floor(best)

    def match(self, question: str) -> Match:
        smalltalk = self.smalltalk_phrase(question)
        if smalltalk is not None:
            return smalltalk
        if asks_the_bots_own_view(split_context(question)[0]):
            return Match(Outcome.FALLBACK, 0.0)  # an opinion or a role, not a fact of the release
        question, other = self._the_other(question)
        if other is not None:
            return other
        about_one = self._about_one(question)
        if about_one is not None:
            return about_one
        guessed = self._place_guessed(question)
        if guessed is not None:
            return guessed
        spokesman = self._who_spoke_for(question)
        if spokesman is not None:
            return spokesman
        purpose = self._purpose_of_visit(question)
        if purpose is not None:
            return purpose
        others = self._others_to_meet(question)
        if others is not None:
            return others
        ranked = self._decisive(question)
        match = decide(ranked, self.tuning)
        named_only = self._office_named_only(question, match)
        if named_only is not None:
            return named_only
        not_names = self._not_asking_names(question, match)
        if not_names is not None:
            return not_names
        attribute = self._attribute_of_one(question, match, ranked)
        if attribute is not None:
            return attribute
        trend = self._trend_not_a_figure(question, match)
        if trend is not None:
            return trend
        unquoted = self._unquoted(question, match)
        if unquoted is not None:
            return unquoted
        held = _held_for_a_future_meeting(question, match)
        if held is not None:
            # "are they planning to meet again?" is not answered by the meeting that was held
            return Match(Outcome.FALLBACK, match.score, suggestions=(held,))
        figureless = _figureless_answer(question, match)
        if figureless is not None:
            # "the release does not say", with the fact that says what it does say
            return Match(Outcome.FALLBACK, match.score, suggestions=(figureless,))
        not_given = _figure_not_given(question, match)
        if not_given is not None:
            return not_given
        foreign = self.foreign_terms(question)
        if (
            foreign
            and match.outcome is Outcome.ANSWERED
            and match.entry is not None
            and match.entry.kind is EntryKind.FACT
            and (match.score < self.tuning.foreign_answer or self.names_a_part(question))
        ):
            # it asks about something the release never names ("his party", "which month"):
            # the nearest fact is offered, not stated as if it answered
            return Match(Outcome.FALLBACK, match.score, suggestions=(match.entry,))
        if foreign and match.outcome is Outcome.CLARIFY:
            # not "did you mean ...?" but "the release does not say", with the same facts
            return Match(Outcome.FALLBACK, match.score, suggestions=match.suggestions)
        if _asks_another_how(question, match):
            # "how much did the trip cost?" is not "how long was the visit?": the release does
            # not say, not that it does not say something else
            return Match(Outcome.FALLBACK, match.score)
        both = self._meeting_of_both(question, match)
        if both is not None:
            return both
        unconfirmed = self._unconfirmed(question, match)
        if unconfirmed is not None:
            # "did he meet the Russian president?" answered with the meeting would say yes to
            # what the release never says: the fact is offered instead
            return Match(Outcome.FALLBACK, match.score, suggestions=(unconfirmed,))
        return match

    def _meeting_of_both(self, question: str, match: Match) -> Match | None:
        """ "Who were the two ministers?" fits each of them as well as the other: when the
        question asks who in the plural and its first two "did you mean" choices are the own
        records of two people who met, the meeting names both; else None."""
        if match.outcome is not Outcome.CLARIFY or len(match.suggestions) < 2:
            return None
        asked, _ = split_context(question)
        if not _PLURAL_WHO.search(fold(asked)):
            return None
        first, second = match.suggestions[:2]
        people = {entry.about[0] for entry in (first, second) if len(entry.about) == 1}
        if len(people) != 2 or not all(_own_record(e, e.about[0]) for e in (first, second)):
            return None
        held = (
            entry
            for entry in self._entries
            if entry.kind is EntryKind.FACT
            and entry.status is MeetingStatus.HELD
            and people <= set(entry.about)
        )
        meeting = next(held, None)
        return Match(Outcome.ANSWERED, match.score, meeting) if meeting is not None else None

    def _attribute_of_one(
        self, question: str, match: Match, ranked: list[Candidate]
    ) -> Match | None:
        """ "What's the press contact's surname?", "how is Häkkänen's name spelled?": when the
        question asks for a name or a title and the entry it fits best, if not clearly, is the
        record of who that person is (or the press contact), that record; else None."""
        if match.outcome is Outcome.ANSWERED or match.score < ATTRIBUTE_FLOOR:
            return None
        best = ranked[0].entry if ranked else None
        if best is None or not (
            (best.about and _own_record(best, best.about[0]))
            or (best.kind is EntryKind.FACT and best.intents == {Intent.CONTACT})
        ):
            return None
        asked = fold(split_context(question)[0])
        if not _ATTRIBUTE_ASKED.search(asked) or _OTHER_NAME.search(asked):
            return None
        return Match(Outcome.ANSWERED, match.score, best)

    def _trend_not_a_figure(self, question: str, match: Match) -> Match | None:
        """ "Are inmate numbers going up?" asks whether, not how many: the fact that says how a
        number moves, not the entry saying the release gives no figure. Only for a yes-or-no
        question on a trend that asks for no figure, and a fact among the nearest that tells
        that trend; else None."""
        entry = match.entry
        if match.outcome is not Outcome.ANSWERED or entry is None:
            return None
        if entry.kind is not EntryKind.NOT_STATED:
            return None
        if not any(_asks_a_figure(fold(q)) for q in entry.questions):
            return None
        asked, _ = split_context(question)
        folded = fold(self.analyzer.surface(asked))
        if not asks_yes_or_no(folded) or _asks_a_figure(folded) or any(c.isdigit() for c in folded):
            return None
        trend = set(self._terms(asked)) & self._trend_terms
        if not trend:
            return None
        nearest = self.rank(question)[1:MAX_SUGGESTIONS]  # a clear decision ranked only one
        fact = next((c for c in nearest if c.entry.kind is EntryKind.FACT), None)
        if fact is None or fact.score < self.tuning.clarify:
            return None
        has = self._index.masks[self._positions[fact.entry.id]]
        if not trend <= has.keys():
            return None
        return Match(Outcome.ANSWERED, min(fact.score, 100.0), fact.entry)

    def _not_asking_names(self, question: str, match: Match) -> Match | None:
        """For "will he meet NGOs?", torn between the fact that he will meet civil society and
        that the release names none of them: the fact, since only whom he meets was asked, no
        names; else None."""
        if match.outcome is not Outcome.CLARIFY or len(match.suggestions) < 2:
            return None
        fact, unnamed = match.suggestions[:2]
        if (
            fact.kind is not EntryKind.FACT
            or unnamed.kind is not EntryKind.NOT_STATED
            or Intent.ATTRIBUTE not in unnamed.intents
            or len(unnamed.about) != 1
            or unnamed.about[0] not in fact.about
        ):
            return None
        asked = self._question(question)
        if asked is None or asked.intents != {Intent.WHO}:  # whom he meets, nothing else
            return None
        return Match(Outcome.ANSWERED, match.score, fact)

    def _office_named_only(self, question: str, match: Match) -> Match | None:
        """For "supreme court" or "civil society" alone, words of the office's name and nothing
        else: the best fact about that office or group, not that the release does not name who
        holds it (whose phrasings are little more than the office's name); else None."""
        entry = match.entry
        if (
            match.outcome is not Outcome.ANSWERED
            or entry is None
            or entry.kind is not EntryKind.NOT_STATED
            or Intent.ATTRIBUTE not in entry.intents
            or len(entry.about) != 1
        ):
            return None
        office = entry.about[0]
        named = self._record_terms.get(office, frozenset())
        asked = self._question(question)
        if asked is None or not set(self._terms(split_context(question)[0])) <= named:
            return None
        facts = {
            index: self._score(index, asked)
            for index, fact in enumerate(self._entries)
            if fact.kind is EntryKind.FACT and office in fact.about
        }
        about = next(iter(self._ordered(facts, -math.inf)), None)
        if about is None:
            return None
        return Match(Outcome.ANSWERED, min(about.score, 100.0), about.entry)

    def _who_spoke_for(self, question: str) -> Match | None:
        """ "Who represented Finland?", "who spoke for Russia at the meeting?": the own record
        of the one person of that country who took part in a meeting that was held. None when
        the question names anything but the country, a meeting and the release's setting
        ("who represented Russia's civil society?")."""
        asked, _ = split_context(question)
        found = _SPOKE_FOR.match(fold(asked))
        if found is None:
            return None
        terms = set(self._terms(asked[found.end() :]))
        of_country = [
            person
            for person, (country, _) in self._descriptions.items()
            if person in self.base.held_participants and country <= terms
        ]
        if len(of_country) != 1:
            return None
        country = self._descriptions[of_country[0]][0]
        if terms - country - self._asking_terms - self._common_terms:
            return None
        own = next((i for i, e in enumerate(self._entries) if _own_record(e, of_country[0])), None)
        asked_for = self._question(question)
        scored = self._score(own, asked_for) if own is not None and asked_for else None
        if own is None or scored is None:
            return None
        return Match(Outcome.ANSWERED, min(scored[0], 100.0), self._entries[own])

    def _purpose_of_visit(self, question: str) -> Match | None:
        """ "Why did he go to Moscow?", "what was the purpose of the trip?": the release's own
        summary (who met whom and what they discussed), when the question names nothing but
        the visit, its place and those who took part in it. None for the reason of anything
        else ("why does he say more cooperation is needed?") or of a meeting still to come."""
        if self._summary is None:
            return None
        asked, _ = split_context(question)
        if not _PURPOSE.search(fold(asked)):
            return None
        terms = set(self._terms(asked))
        if not terms & self._visit_terms or terms - self._setting_of_visit:
            return None
        return self._answered_by(self._summary, question)

    def _answered_by(self, index: int, question: str) -> Match:
        """Entry `index` as the answer a rule chose, scored as ranking would score it but never
        below the answer threshold (the rule, not the words, decided)."""
        found = self._question(question)
        scored = self._score(index, found) if found is not None else None
        score = scored[0] if scored is not None else 0.0
        return Match(
            Outcome.ANSWERED, min(max(score, self.tuning.answer), 100.0), self._entries[index]
        )

    def _others_to_meet(self, question: str) -> Match | None:
        """ "Who will he meet besides Konovalov?", "has he met anyone apart from the justice
        minister?": the meetings still to come, when the release records some, and the
        question names nothing but meetings, their places and those in them. Not "who else
        attended the meeting?" (others at the same meeting: the release may not say); else
        None."""
        if self._planned is None:
            return None
        asked, _ = split_context(question)
        folded = fold(self.analyzer.surface(asked))
        if not _MEETS_SOMEONE_ELSE.search(folded) or AT_THE_SAME_MEETING.search(folded):
            return None
        terms = set(self._terms(asked))
        known = {term for term in terms if term in self._weights}
        if not terms & self._else_terms or known - self._setting_of_meetings:
            return None
        return self._answered_by(self._planned, question)

    def _the_other(self, question: str) -> tuple[str, Match | None]:
        """For "the other one" after an answer about one person, who met one other person only:
        the question about that other person instead ("what did the other one say?"), and for
        "and the other one?", "what about the other minister?", who that person is; else the
        question as it is."""
        asked, context = split_context(question)
        if not context or "other" not in fold(asked).split():
            return question, None
        before = {self._person_terms[t] for t in self._terms(context) if t in self._person_terms}
        if len(before) != 1:
            return question, None
        person = next(iter(before))
        others = {
            other
            for meeting in self.base.meetings
            if person in meeting.participants
            for other in meeting.participants
            if other != person and other in self._person_ids
        }
        if len(others) != 1:
            return question, None
        other = next(iter(others))
        instead = f"{asked} ({self.base.named(other)})"
        if any(t != "other" and t not in self._people_roles for t in self._terms(asked)):
            return instead, None  # "what did the other one say?" asks something of them
        found = self._question(instead)
        own = next((i for i, entry in enumerate(self._entries) if _own_record(entry, other)), None)
        if found is None or own is None:
            return instead, None
        scored = self._score(own, found)
        score = scored[0] if scored is not None else 0.0
        return instead, Match(Outcome.ANSWERED, min(score, 100.0), self._entries[own])

    def _place_guessed(self, question: str) -> Match | None:
        """For "was it in Tallinn or Helsinki?", "was the meeting held in Helsinki?", a place
        guessed and nothing else asked: where it was (the best fact that says where), not the
        topic the places are in (the ferry between them); else None."""
        asked, _ = split_context(question)  # "it" after the last answer: the same question
        guess = _PLACE_GUESSES.get(language_of(asked), _PLACE_GUESS)
        if not guess.match(fold(self.analyzer.surface(asked))):
            return None
        found = self._question(question)
        if found is None:
            return None
        where = {
            index: self._score(index, found)
            for index, entry in enumerate(self._entries)
            if Intent.WHERE in entry.intents and entry.kind is EntryKind.FACT
        }
        ranked = self._ordered(where, -math.inf)
        if not ranked:
            return None
        return Match(Outcome.ANSWERED, min(ranked[0].score, 100.0), ranked[0].entry)

    def _unquoted(self, question: str, match: Match) -> Match | None:
        """For what one person the release never quotes said ("what did Konovalov say about
        election interference?"), unless the match found is someone's words: that the release
        does not quote them (their "not stated" entry), not what was discussed nor asking back."""
        if match.outcome is Outcome.SMALLTALK or (
            match.entry is not None and Intent.SAID in match.entry.intents
        ):
            return None
        found = self._question(question)
        if found is None or Intent.SAID not in found.intents:
            return None
        named = found.named & self._person_ids or self._speakers_by_country(question)
        if len(named) != 1:
            return None
        person = next(iter(named))
        said = self._said_of.get(person, [])
        if not said or any(self._entries[i].kind is not EntryKind.NOT_STATED for i in said):
            return None
        ranked = self._ordered({index: self._score(index, found) for index in said}, -math.inf)
        best = ranked[0]
        return Match(Outcome.ANSWERED, min(best.score, 100.0), best.entry)

    def _speakers_by_country(self, question: str) -> set[str]:
        """The people of the country a question names before what was said ("what did the
        Russians say?", "what was Russia's response?"), not after it ("what did they say
        about Russia?": a subject)."""
        asked, _ = split_context(question)
        words = self.analyzer.surface(asked).split()
        cue = next((at for at, word in enumerate(words) if word in _SAID_WORDS), None)
        if cue is None:
            return set()
        before = set(self._terms(" ".join(words[:cue])))
        return {person for person, (country, _) in self._descriptions.items() if country <= before}

    def _unconfirmed(self, question: str, match: Match) -> Entry | None:
        """The fact chosen for a yes-or-no question if the question names something it does
        not: a word that the release uses elsewhere ("president", "treaty"), other than the cue
        words of what is asked ("agenda", "discussed"), the words of aliases and the words of
        the release's setting; else None."""
        entry = match.entry
        if match.outcome is not Outcome.ANSWERED or entry is None:
            return None
        asked, _ = split_context(question)
        if entry.kind is not EntryKind.FACT or not asks_yes_or_no(self.analyzer.surface(asked)):
            return None
        has = self._index.masks[self._positions[entry.id]]
        missing = any(
            term not in has
            and term in self._weights
            and term not in QUESTION_TERMS
            and term not in self._cue_terms
            and term not in self._modal_terms
            and term not in self._common_terms
            and term not in self.analyzer.alias_terms
            for term in self.analyzer.terms(asked, expand=False)
        )
        return entry if missing else None

    def _about_one(self, question: str) -> Match | None:
        """For "is X the prosecutor general?" about one person the release names, and in words
        the release uses: the person's own record (who X is, and so whether the guess is right),
        unless another entry about X clearly fits better ("was Häkkänen in Moscow?": the
        meeting); None for any other question. The nearest fact about someone else ("the
        Prosecutor General's name is not given") would answer a question nobody asked."""
        asked, _ = split_context(question)
        if not asks_what_one_is(self.analyzer.surface(asked)):
            return None
        # a guess in the words of government releases ("the prime minister") is still a guess
        # at who X is; any other word the release never uses ("married") asks something else
        if any(term not in self._role_terms for term in self.foreign_terms(asked)):
            return None
        terms = self._terms(asked)
        named = {self._person_terms[t] for t in terms if t in self._person_terms}
        found = self._question(question)
        if len(named) > 1 or found is None:
            return None
        person = next(iter(named), None)
        if person is not None:
            about = [
                index
                for index, entry in enumerate(self._entries)
                if person in self._people_of.get(entry.id, ())
            ]
        elif any(term in self._contact_terms for term in terms):  # "is Koskentausta a minister?"
            about = self._contact_entries
        else:
            return None
        ranked = self._ordered({index: self._score(index, found) for index in about}, -math.inf)
        own = next((c for c in ranked if person is None or _own_record(c.entry, person)), None)
        if own is None:
            return None
        # another entry about X answers only what the question asks for ("is Konovalov
        # quoted?") or another record it names ("was Häkkänen in Moscow?"); a word that
        # happens to be in it ("foreign" minister, "foreign" prisoners) is no reason
        named_records = [
            names
            for record, names in self._record_terms.items()
            if record != person and names <= set(terms)
        ]
        fitting = [
            c
            for c in ranked
            if c is own
            or found.intents & c.entry.intents
            or any(
                names <= self._index.masks[self._positions[c.entry.id]].keys()
                for names in named_records
            )
        ]
        best = fitting[0]
        if best.score - own.score < self.tuning.margin or best.score < self.tuning.clarify:
            best = own
        return Match(Outcome.ANSWERED, min(best.score, 100.0), best.entry)

    def names_a_part(self, question: str) -> bool:
        """Whether the question asks for something of a record that the release never names:
        a word the release never uses right after a record's name ("the ferry timetable", "the
        Estonian president")."""
        asked, _ = split_context(question)
        if language_of(asked) in FOREIGN_LANGUAGES:
            return False
        foreign = set(self.foreign_terms(asked))
        surface = self.analyzer.surface(asked)
        words = [self.analyzer.terms(word, expand=False) for word in surface.split()]
        # "jails filling up", "sending prisoners back": what they do, no part of them; "prison
        # overcrowding" is one
        verbs = {
            term
            for found in _PHRASAL_VERB.finditer(surface)
            for term in self.analyzer.terms(found[1], expand=False)
        } | self._particle_terms
        return any(
            first
            and second
            and second[0] in foreign
            and second[0] not in verbs
            and first[-1] in self._naming_terms
            for first, second in pairwise(words)
        )

    def foreign_terms(self, question: str) -> list[str]:
        """The meaningful words of a question that neither the release nor its entries use."""
        return [
            term
            for term in self._terms(question)
            if term not in self._weights
            and term not in self._text_terms
            and term not in self._asking_terms
            and term not in QUESTION_TERMS
            and len(term) > 2
        ]

    def smalltalk_phrase(self, question: str) -> Match | None:
        """A whole message that is (nearly) one of the small-talk phrasings, typos included.

        Checked before scoring because phrases like "what can you do" are all filler words."""
        folded = fold(question)
        if not folded and question.strip() and ACKNOWLEDGEMENT.fullmatch(question.strip()):
            folded = "thanks"  # 👍 🙏 👌: an acknowledgement, answered like thanks
        if not folded or len(folded) > self._longest_smalltalk:
            return None
        found = process.extractOne(
            folded,
            self._smalltalk_phrases,
            scorer=fuzz.ratio,
            score_cutoff=SMALLTALK_PHRASE_CUTOFF,
        )
        if found is None:
            return None
        phrase, score, _ = found
        return Match(Outcome.SMALLTALK, score, self._smalltalk_entries[phrase])


# a name or a title asked for; not a name the release never gives ("his middle name"), nor a
# position on something (a view)
_ATTRIBUTE_ASKED = re.compile(
    r"\b(?:name|names|surname|first name|last name|family name|given name|full name|spelled"
    r"|spelt|spell|spelling|title|job|role|position|nationality)\b"
    r"(?! (?:on|about|regarding|towards?)\b)"
)
_OTHER_NAME = re.compile(r"\b(?:middle|patronymic|maiden|nickname|former|previous|birth)\b")
# "who represented Finland?", "who spoke for Russia?", "who was there on behalf of Estonia?"
_SPOKE_FOR = re.compile(
    r"^(?:so\s+|and\s+)?who\s+(?:(?:was|were|is)\s+)?(?:represented|represents|representing"
    r"|spoke for|speaks for|was there for|was there on behalf of|on behalf of|attended for"
    r"|went for|came for)\b"
)
# a verb's particle, and a verb with its particle ("filling up", "handed over")
_PARTICLES = "up down out over off away back"
_PHRASAL_VERB = re.compile(rf"\b(\w+(?:ing|ed))\s+(?:{'|'.join(_PARTICLES.split())}|with|into)\b")
# someone met besides those named ("who will he meet besides Konovalov?", "anyone else on his
# schedule?"); not others at the same meeting (`AT_THE_SAME_MEETING`)
_MEETS_SOMEONE_ELSE = re.compile(
    r"\b(?:meet|meets|meeting|met|see|sees|seeing|visit|visits|visiting|sit down with"
    r"|on (?:his|her|their|the) (?:list|schedule|calendar|agenda|programme|program|itinerary))\b"
)
# what a visit was for ("why did he go?", "the purpose of the trip", "what brought him there?")
_PURPOSE = re.compile(
    r"^(?:(?:so|and|but|ok)\s+)?(?:why|how come)\b|\bwhat\s+(?:brought|took)\b"
    r"|\b(?:purpose|aim|aims|goal|goals|objective|objectives|reason|reasons|motive|point of)\b"
)
# words of going somewhere, and the neutral words of a question about why someone went
_VISIT_WORDS = "go went going gone travel came come fly flew head headed brought took journey"
_PLANNED_WORDS = (
    "will also next later planned scheduled list anyone someone everyone official people"
)
_PURPOSE_WORDS = "purpose aim goal objective reason motive point chief boss top"
# "who were the two ministers?", "who are both men?", "who were they?"
_PLURAL_WHO = re.compile(r"^(?:so\s+|and\s+)?who\s+(?:were|are)\b|\b(?:the two|both)\b")


def decide(ranked: list[Candidate], thresholds: Tuning) -> Match:
    """Turn ranked candidates into an outcome."""
    if not ranked or ranked[0].score < thresholds.clarify:
        return Match(
            Outcome.FALLBACK, ranked[0].score if ranked else 0.0, suggestions=_nearest(ranked)
        )
    best = ranked[0]
    # A close runner-up that the best entry itself links to (the fact and the minister's quote on
    # it) is no reason to ask back: the answer offers it as a related question anyway.
    # Nor is another fact that cites a sentence the best one cites: both say what it says.
    cited = set(best.entry.sources) if best.entry.kind is EntryKind.FACT else set()
    rivals = (
        c
        for c in ranked[1:]
        if c.entry.id not in best.entry.related
        and not (c.entry.kind is EntryKind.FACT and cited.intersection(c.entry.sources))
    )
    runner_up = next(rivals, Candidate(best.entry, 0.0)).score
    if best.entry.kind is EntryKind.SMALLTALK:
        # only possible when every word is small talk ("ok thanks, that helped"): no question to
        # answer, so no need for a clear lead over the other small-talk entries
        return Match(Outcome.SMALLTALK, min(best.score, 100.0), best.entry)
    if best.score >= thresholds.answer and best.score - runner_up >= thresholds.margin:
        return Match(Outcome.ANSWERED, min(best.score, 100.0), best.entry)
    suggestions = tuple(
        candidate.entry
        for candidate in ranked
        if candidate.entry.kind is not EntryKind.SMALLTALK
        and best.score - candidate.score <= thresholds.suggest_window
    )[:MAX_SUGGESTIONS]
    score = min(best.score, 100.0)
    if not suggestions:
        return Match(Outcome.FALLBACK, score, suggestions=_nearest(ranked))
    if all(entry.kind is EntryKind.NOT_STATED for entry in suggestions):
        # whichever was meant, the release does not say it: the best one says so, no need to
        # ask back ("which month?": neither the day of the meeting nor the length of the visit)
        return Match(Outcome.ANSWERED, score, best.entry)
    return Match(Outcome.CLARIFY, score, suggestions=suggestions)


def _own_record(entry: Entry, person: str) -> bool:
    """Whether `entry` is the one that says who `person` is."""
    kind = entry.kind is EntryKind.FACT and Intent.ATTRIBUTE in entry.intents
    return kind and entry.about == (person,)


def _nearest(ranked: list[Candidate]) -> tuple[Entry, ...]:
    """For a declined question, the closest facts worth offering instead (if any are close)."""
    near = (
        c.entry
        for c in ranked
        if c.entry.kind is not EntryKind.SMALLTALK and c.score >= NEAR_ENOUGH
    )
    return tuple(near)[:MAX_SUGGESTIONS]


def _idf(keywords: list[set[str]]) -> dict[str, float]:
    """Inverse document frequency of each term over entries."""
    counts: dict[str, int] = defaultdict(int)
    for terms in keywords:
        for term in terms:
            counts[term] += 1
    total = len(keywords)
    return {term: math.log(1 + total / count) for term, count in counts.items()}


def _named_in_meetings(base: KnowledgeBase, participants: set[str]) -> Iterator[str]:
    """The names, roles and aliases of those in meetings, the countries of what the release
    names, and its places: what a question about whom someone meets may name."""
    for person in base.people:
        if person.id in participants:
            yield " ".join((person.name, person.role, *person.aliases))
        yield person.country or ""
    for office in base.offices:
        if office.id in participants:
            yield " ".join((office.name, *office.aliases))
        yield office.country or ""
    for place in base.places:
        yield " ".join((place.name, *place.aliases))


def _figureless_answer(question: str, match: Match) -> Entry | None:
    """The fact chosen if the question asks for a figure (a percentage, a share) and the fact
    gives none: no digit in its answer ("an increasingly significant share of crime")."""
    entry = match.entry
    if (
        match.outcome is Outcome.ANSWERED
        and entry is not None
        and entry.kind is EntryKind.FACT
        and _ASKS_FOR_A_FIGURE.search(fold(split_context(question)[0])) is not None
        and not any(char.isdigit() for char in entry.answer)
    ):
        return entry
    return None


def _figure_not_given(question: str, match: Match) -> Match | None:
    """For "how many prisoners were transferred last year?", torn between facts that give no
    figure and an entry saying the release does not give one: that entry, or the release does
    not say, not "did you mean"; else None."""
    if match.outcome is not Outcome.CLARIFY:
        return None
    if not _asks_a_figure(fold(split_context(question)[0])):
        return None
    unknown = [  # a figure the release does not give: asked for in its own phrasings
        e
        for e in match.suggestions
        if e.kind is EntryKind.NOT_STATED and any(_asks_a_figure(fold(q)) for q in e.questions)
    ]
    facts = [e for e in match.suggestions if e.kind is EntryKind.FACT]
    if not unknown or any(char.isdigit() for fact in facts for char in fact.answer):
        return None
    if unknown[0] in match.suggestions[:2]:
        return Match(Outcome.ANSWERED, match.score, unknown[0])
    # a figure entry far down the list is about something else ("how many people live in
    # Moscow?" is not the length of the visit): the release does not say, with the facts
    return Match(Outcome.FALLBACK, match.score, suggestions=tuple(facts))


def _asks_another_how(question: str, match: Match) -> bool:
    """Whether the not-stated entry chosen answers another "how ...?" than the question asks
    ("how much did it cost?" against "how long was the visit?", "how many days ...?")."""
    entry = match.entry
    if match.outcome is not Outcome.ANSWERED or entry is None:
        return False
    if entry.kind is not EntryKind.NOT_STATED:
        return False
    asked = _HOW_WHAT.search(fold(split_context(question)[0]))
    if asked is None:
        return False
    answered = {found[1] for q in entry.questions if (found := _HOW_WHAT.search(fold(q)))}
    return bool(answered) and asked[1] not in answered


def _asks_a_figure(folded: str) -> bool:
    return bool(_ASKS_FOR_A_FIGURE.search(folded) or _HOW_MANY.search(folded))


def _held_for_a_future_meeting(question: str, match: Match) -> Entry | None:
    """The meeting chosen if it was held and an English question asks about one to come."""
    entry = match.entry
    if match.outcome is not Outcome.ANSWERED or entry is None:
        return None
    asked, _ = split_context(question)
    if (
        entry.status is MeetingStatus.HELD
        and language_of(asked) == "en"
        and _FUTURE_MEETING.search(fold(asked)) is not None
    ):
        return entry
    return None
