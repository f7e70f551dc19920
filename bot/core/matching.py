"""Match a question to the knowledge base's entries and decide what kind of reply it gets.

Scoring, for each entry, from the analysed terms of the question (`bot.core.analysis`):
- `closeness`: weighted Dice overlap with the entry's best-fitting alternative question: high when
  the question and one of the phrasings share their meaningful words and little else;
- `coverage`: the weighted share of the question's terms that the entry knows at all (any of its
  phrasings or tags): high when nothing in the question is foreign to the entry.
Terms are weighted by how rare they are across entries (idf), so "konovalov" or "cybercrime"
count for more than "minister". Words the knowledge base has never seen still count against
coverage, with a lower weight, so that a question about the weather in Moscow is not "about Moscow".

The scores are 0 to 100. The weights and the thresholds that turn scores into outcomes were
calibrated on the bundled question sets (see `release-bot eval --sweep`), not guessed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.core.analysis import Analyzer
from bot.core.intents import asked_status, fit, intents_of
from bot.core.knowledge import Entry, EntryKind, KnowledgeBase
from bot.core.normalize import fold


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
    exact_bonus: float = 0.1  # the question has exactly the terms of one of the phrasings
    subject_bonus: float = 1.05  # an entry about the person the question names ...
    subject_penalty: float = 0.85  # ... and one about other people only
    foreign_answer: float = 60.0  # with a word the release never uses, answer only above this


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
MAX_SUGGESTIONS = 3
NEAR_ENOUGH = 25.0  # a declined question's candidates at or above this are offered instead
SMALLTALK_PHRASE_CUTOFF = 88  # rapidfuzz ratio for a whole message to be a small-talk phrase


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
        self._text_terms = frozenset(self.analyzer.terms(base.release.text))
        person_ids = {person.id for person in base.people}
        self._person_terms = {
            term: person.id for person in base.people for term in self.analyzer.terms(person.id)
        }
        self._people_of = {
            entry.id: frozenset(record for record in entry.about if record in person_ids)
            for entry in base.entries
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
        # term -> [(entry index, phrasing index)] and term -> [entry index]
        self._phrasing_index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._keyword_index: dict[str, list[int]] = defaultdict(list)
        self._phrasing_weight: dict[tuple[int, int], float] = {}
        self._phrasing_terms: dict[tuple[int, int], frozenset[str]] = {}
        for entry_index, entry_phrasings in enumerate(phrasings):
            for phrasing_index, terms in enumerate(entry_phrasings):
                key = (entry_index, phrasing_index)
                self._phrasing_weight[key] = sum(self._weights[t] for t in terms)
                self._phrasing_terms[key] = frozenset(terms) - QUESTION_TERMS
                for term in terms:
                    self._phrasing_index[term].append(key)
            for term in keywords[entry_index]:
                self._keyword_index[term].append(entry_index)

    def _subject_fit(self, entry: Entry, named: set[str]) -> float:
        """More for an entry about the person the question names, less for one about others."""
        people = self._people_of.get(entry.id)
        if not named or not people:
            return 1.0
        return self.tuning.subject_bonus if people & named else self.tuning.subject_penalty

    def best_fact(self, text: str) -> Match | None:
        """The fact that best fits `text` (a subject: "the Supreme Court"), if one clearly does."""
        facts = [c for c in self.rank(text) if c.entry.kind is EntryKind.FACT]
        if not facts or facts[0].score < self.tuning.clarify:
            return None
        return Match(Outcome.ANSWERED, min(facts[0].score, 100.0), facts[0].entry)

    def has_terms(self, text: str) -> bool:
        """Whether `text` has any meaningful word at all (not only filler)."""
        return bool(self.analyzer.terms(text))

    def knows(self, text: str) -> bool:
        """Whether any meaningful word of `text` is one the release or its entries use."""
        return any(
            term in self._weights or term in self._text_terms for term in self.analyzer.terms(text)
        )

    def rank(self, question: str) -> list[Candidate]:
        """Every entry that shares a term with the question, best first."""
        terms = self.analyzer.terms(question)
        if not terms:
            return []
        unknown = sum(1 for term in terms if term not in self._weights)
        # Unknown words count against the question with a diminishing total: one foreign word
        # ("weather") weighs fully, while a chatty question's many asides do not drown it.
        question_weight = sum(self._weights.get(t, 0.0) for t in terms) + (
            self._unknown_weight * math.sqrt(unknown)
        )
        shared: dict[tuple[int, int], float] = defaultdict(float)
        known: dict[int, float] = defaultdict(float)
        for term in terms:
            weight = self._weights.get(term)
            if weight is None:
                continue
            for key in self._phrasing_index.get(term, ()):
                shared[key] += weight
            for entry_index in self._keyword_index.get(term, ()):
                known[entry_index] += weight
        smalltalk_only = all(term in self._smalltalk_terms or len(term) <= 2 for term in terms)
        closeness: dict[int, float] = defaultdict(float)
        asked_terms = frozenset(terms) - QUESTION_TERMS
        exact: set[int] = set()
        for key, overlap in shared.items():
            dice = 2 * overlap / (question_weight + self._phrasing_weight[key])
            closeness[key[0]] = max(closeness[key[0]], dice)
            if asked_terms and self._phrasing_terms[key] == asked_terms:
                exact.add(key[0])
        candidates = []
        asked, status = intents_of(question), asked_status(question)
        named = {self._person_terms[t] for t in terms if t in self._person_terms}
        tuning = self.tuning
        intent_weights = (tuning.intent_bonus, tuning.intent_penalty, tuning.status_penalty)
        for index, known_weight in known.items():
            coverage = known_weight / question_weight
            entry = self._entries[index]
            if entry.kind is EntryKind.SMALLTALK and not smalltalk_only:
                continue  # "hi, who met whom?" is a question, not a greeting
            share = self.tuning.closeness_weight
            score = share * closeness.get(index, 0.0) + (1 - share) * coverage
            score *= fit(entry, asked, status, intent_weights)  # may pass 1: capped later
            score *= self._subject_fit(entry, named)
            if index in exact:  # the question is one of its phrasings, word for word
                score += tuning.exact_bonus
            candidates.append(Candidate(entry, 100 * score))
        candidates.sort(key=lambda candidate: candidate.score, reverse=True)
        return candidates

    def match(self, question: str) -> Match:
        smalltalk = self.smalltalk_phrase(question)
        if smalltalk is not None:
            return smalltalk
        match = decide(self.rank(question), self.tuning)
        foreign = self.foreign_terms(question)
        if (
            foreign
            and match.outcome is Outcome.ANSWERED
            and match.entry is not None
            and match.entry.kind is EntryKind.FACT
            and match.score < self.tuning.foreign_answer
        ):
            # it asks about something the release never names ("his party", "which month"):
            # the nearest fact is offered, not stated as if it answered
            return Match(Outcome.FALLBACK, match.score, suggestions=(match.entry,))
        return match

    def foreign_terms(self, question: str) -> list[str]:
        """The meaningful words of a question that neither the release nor its entries use."""
        return [
            term
            for term in self.analyzer.terms(question)
            if term not in self._weights and term not in self._text_terms and len(term) > 2
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


def decide(ranked: list[Candidate], thresholds: Tuning) -> Match:
    """Turn ranked candidates into an outcome."""
    if not ranked or ranked[0].score < thresholds.clarify:
        return Match(
            Outcome.FALLBACK, ranked[0].score if ranked else 0.0, suggestions=_nearest(ranked)
        )
    best = ranked[0]
    # A close runner-up that the best entry itself links to (the fact and the minister's quote on
    # it) is no reason to ask back: the answer offers it as a related question anyway.
    rivals = (c for c in ranked[1:] if c.entry.id not in best.entry.related)
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
    return Match(Outcome.CLARIFY, score, suggestions=suggestions)


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
