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
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.core.analysis import Analyzer
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
        for entry_index, entry_phrasings in enumerate(phrasings):
            for phrasing_index, terms in enumerate(entry_phrasings):
                key = (entry_index, phrasing_index)
                self._phrasing_weight[key] = sum(self._weights[t] for t in terms)
                for term in terms:
                    self._phrasing_index[term].append(key)
            for term in keywords[entry_index]:
                self._keyword_index[term].append(entry_index)

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
        for key, overlap in shared.items():
            dice = 2 * overlap / (question_weight + self._phrasing_weight[key])
            closeness[key[0]] = max(closeness[key[0]], dice)
        candidates = []
        for index, known_weight in known.items():
            coverage = known_weight / question_weight
            entry = self._entries[index]
            if entry.kind is EntryKind.SMALLTALK and not smalltalk_only:
                continue  # "hi, who met whom?" is a question, not a greeting
            share = self.tuning.closeness_weight
            score = share * closeness.get(index, 0.0) + (1 - share) * coverage
            candidates.append(Candidate(entry, 100 * score))
        candidates.sort(key=lambda candidate: candidate.score, reverse=True)
        return candidates

    def match(self, question: str) -> Match:
        smalltalk = self.smalltalk_phrase(question)
        if smalltalk is not None:
            return smalltalk
        return decide(self.rank(question), self.tuning)

    def smalltalk_phrase(self, question: str) -> Match | None:
        """A whole message that is (nearly) one of the small-talk phrasings, typos included.

        Checked before scoring because phrases like "what can you do" are all filler words."""
        folded = fold(question)
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
        return Match(Outcome.SMALLTALK, best.score, best.entry)
    if best.score >= thresholds.answer and best.score - runner_up >= thresholds.margin:
        return Match(Outcome.ANSWERED, best.score, best.entry)
    suggestions = tuple(
        candidate.entry
        for candidate in ranked
        if candidate.entry.kind is not EntryKind.SMALLTALK
        and best.score - candidate.score <= thresholds.suggest_window
    )[:MAX_SUGGESTIONS]
    if not suggestions:
        return Match(Outcome.FALLBACK, best.score, suggestions=_nearest(ranked))
    return Match(Outcome.CLARIFY, best.score, suggestions=suggestions)


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
