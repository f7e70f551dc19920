"""Group logged questions so that near-identical phrasings count together.

How phrasings are grouped, and why:
- Each question becomes weighted words: folded, typos merged into the more frequent spelling
  (`bot.core.spelling`, as the analyser does), then stemmed. Filler words ("what", "is", "the",
  "for my article") weigh a quarter of the others,
  question words ("who", "where") half, and two questions asked with different question words
  never count together: "where did they meet" is not "when did they meet", yet "Konovalov's
  wife" and "who is Konovalov's wife" are the same question.
- Two questions are near-identical when their weighted word overlap (Dice) is at least
  `--similarity` percent (80). Measured on the 500 phrasings of tests/data at 80, pairs of
  questions labelled with different facts that were put together: rapidfuzz's token_set_ratio
  240 (it scores 100 whenever one question's words are a subset of the other's: "what is 2 2"
  and "what is this press release about"); token_sort_ratio 13 and ratio 15, but being
  character-level they put "where did they meet" with "when did they meet"; the word overlap 12,
  all of them the same words asked about neighbouring facts ("cybercrime" and "what about
  cybercrime").
- Greedy leader grouping: the most frequent phrasing starts a group and takes every not yet
  grouped phrasing near-identical to it; then the next. Every member is close to the group's
  (most asked) question, unlike agglomerative single linkage, which chains paraphrases into one
  group about everything; and an inverted index on words keeps it near-linear, with no numpy
  (which `process.cdist` needs) and no n-by-n matrix.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import snowballstemmer

from bot.core.analysis import FILLER
from bot.core.spelling import SpellingIndex, correctable
from bot.questionlog.records import LoggedQuestion

DEFAULT_SIMILARITY = 80.0
FILLER_WEIGHT = 0.25
QUESTION_WORD_WEIGHT = 0.5  # "where" and "when" differ, but a fragment is the same question
QUESTION_WORDS = frozenset({"who", "whom", "whose", "where", "when", "why", "how", "which"})
_CONTRACTIONS = {"whos": "who", "wheres": "where", "whens": "when", "whys": "why", "hows": "how"}


class _Vocabulary:
    """Folded words -> weighted canonical terms, for one batch of questions."""

    def __init__(self, word_counts: Counter[str]) -> None:
        stemmer = snowballstemmer.stemmer("english")
        self._canonical: dict[str, str] = {}
        spelling = SpellingIndex()
        for word, _count in sorted(word_counts.items(), key=lambda item: (-item[1], item[0])):
            target = word
            if word not in FILLER and correctable(word):
                found = spelling.closest(word)
                if found is None:
                    spelling.add(word)
                else:
                    target = found
            keep = target in QUESTION_WORDS  # unstemmed: "why" would become "whi"
            self._canonical[word] = target if keep else stemmer.stemWord(target)

    def terms(self, normalized: str) -> dict[str, float]:
        terms: dict[str, float] = {}
        for word in normalized.split():
            word = _CONTRACTIONS.get(word, word)  # "who's" folds to "whos"
            term = self._canonical.get(word, word)
            weight = _weight(word)
            terms[term] = max(weight, terms.get(term, 0.0))
        return terms


def _weight(word: str) -> float:
    if word in FILLER:
        return FILLER_WEIGHT
    return QUESTION_WORD_WEIGHT if word in QUESTION_WORDS else 1.0


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice overlap of two term sets, 0-100; 0 when they ask with different question
    words ("where ..." and "when ...")."""
    if _conflicting(_asks(a), _asks(b)):
        return 0.0
    return _dice(a, b, sum(a.values()) + sum(b.values()))


def _asks(terms: dict[str, float]) -> frozenset[str]:
    return frozenset(term for term in terms if term in QUESTION_WORDS)


def _conflicting(asks: frozenset[str], other: frozenset[str]) -> bool:
    return bool(asks and other and asks.isdisjoint(other))


def _dice(a: dict[str, float], b: dict[str, float], total: float) -> float:
    if not total:
        return 100.0
    if len(b) < len(a):
        a, b = b, a
    common = 0.0
    for term, weight in a.items():
        other = b.get(term)
        if other is not None:
            common += weight if weight < other else other
    return 200.0 * common / total


def group_questions(
    questions: Sequence[LoggedQuestion], threshold: float = DEFAULT_SIMILARITY
) -> list[list[LoggedQuestion]]:
    """Near-identical questions together, separately for each release (see the module's doc)."""
    by_release: dict[str, list[LoggedQuestion]] = defaultdict(list)
    for question in questions:
        by_release[question.release_id].append(question)
    groups: list[list[LoggedQuestion]] = []
    for release_id in sorted(by_release):
        groups.extend(_group_release(by_release[release_id], threshold))
    return groups


def _group_release(questions: list[LoggedQuestion], threshold: float) -> list[list[LoggedQuestion]]:
    forms = Counter(question.normalized for question in questions)
    words: Counter[str] = Counter()
    for form, count in forms.items():
        for word in form.split():
            words[word] += count
    vocabulary = _Vocabulary(words)
    form_terms = {form: vocabulary.terms(form) for form in forms}
    key_count: Counter[frozenset[tuple[str, float]]] = Counter()
    for form, count in forms.items():
        key_count[frozenset(form_terms[form].items())] += count
    keys = sorted(key_count, key=lambda key: (-key_count[key], sorted(key)))
    leaders = _leaders([dict(key) for key in keys], threshold)
    members: dict[int, list[LoggedQuestion]] = defaultdict(list)
    index = {key: position for position, key in enumerate(keys)}
    for question in questions:
        key = frozenset(form_terms[question.normalized].items())
        members[leaders[index[key]]].append(question)
    return [members[leader] for leader in sorted(members)]


def _leaders(terms: list[dict[str, float]], threshold: float) -> list[int]:
    """For each term set (most asked first), the index of its group's leader."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, term_set in enumerate(terms):
        for term in _index_terms(term_set):
            postings[term].append(position)
    totals = [sum(term_set.values()) for term_set in terms]
    asks = [_asks(term_set) for term_set in terms]
    # Dice can only reach the threshold when the smaller total is at least this share of the
    # larger: a cheap test that skips most candidates.
    min_ratio = threshold / (200.0 - threshold) if threshold < 200 else 1.0
    leader_of: list[int | None] = [None] * len(terms)
    for leader, term_set in enumerate(terms):
        if leader_of[leader] is not None:
            continue
        leader_of[leader] = leader
        total = totals[leader]
        candidates = {p for term in _index_terms(term_set) for p in postings[term] if p > leader}
        for other in sorted(candidates):
            if leader_of[other] is not None:
                continue
            small, large = sorted((total, totals[other]))
            if small < min_ratio * large or _conflicting(asks[leader], asks[other]):
                continue
            if _dice(term_set, terms[other], total + totals[other]) >= threshold:
                leader_of[other] = leader
    return [leader if leader is not None else position for position, leader in enumerate(leader_of)]


def _index_terms(term_set: dict[str, float]) -> list[str]:
    """The terms a set is found by: its meaningful ones, or all if it has only filler."""
    meaningful = [term for term, weight in term_set.items() if weight > FILLER_WEIGHT]
    return meaningful or list(term_set)
