"""The press office's report: what people asked that the bot could not answer well.

Logged questions (`bot.questionlog`) are grouped so that near-identical phrasings count together,
ranked by how often they were asked, and shown with a few example phrasings, their outcomes and
the closest existing fact: the best candidate most often recorded for the group, or else the best
fact the engine finds for the group's question. Text, JSON and CSV renderings.

How phrasings are grouped, and why:
- Each question becomes weighted words: folded, typos merged into the more frequent spelling with
  rapidfuzz (at most one edit, two for long words, same first letter, as in `bot.analysis`), then
  stemmed. Filler words ("what", "is", "the", "for my article") weigh a quarter of the others,
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

import argparse
import csv
import io
import json
import os
import re
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.analysis import FILLER
from bot.config import load_dotenv_file
from bot.engine import Engine
from bot.knowledge import EntryKind
from bot.loader import KnowledgeError
from bot.questionlog import (
    LoggedQuestion,
    QuestionLogError,
    open_question_log,
    sqlite_path,
)

DATABASE_URL_ENV = "RELEASE_BOT_DATABASE_URL"
DATA_DIR_ENV = "RELEASE_BOT_DATA_DIR"
DEFAULT_DATA_DIR = Path("data")
DEFAULT_SIMILARITY = 80.0
DEFAULT_LIMIT = 20
EXAMPLES = 3
FILLER_WEIGHT = 0.25
QUESTION_WORD_WEIGHT = 0.5  # "where" and "when" differ, but a fragment is the same question
QUESTION_WORDS = frozenset({"who", "whom", "whose", "where", "when", "why", "how", "which"})
_CONTRACTIONS = {"whos": "who", "wheres": "where", "whens": "when", "whys": "why", "hows": "how"}
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
OUTCOME_LABELS = {"answered": "low confidence"}  # in the text report; JSON and CSV keep values
TEXT_WIDTH = 100

_MIN_CORRECTABLE = 5  # shorter words are not merged as typos ("who" and "how")
_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_DURATION_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ClosestFact:
    """The existing fact nearest to a group: `source` is "log" (the best candidate most often
    recorded for it) or "engine" (matched now, for groups of fallbacks)."""

    id: str
    question: str | None  # the fact's first question, if its knowledge base is loaded
    score: float | None
    source: str


@dataclass(frozen=True)
class QuestionGroup:
    """Near-identical phrasings of one question and how often they were asked."""

    release_id: str
    question: str  # the most asked phrasing
    count: int
    examples: tuple[str, ...]  # other phrasings, most asked first
    outcomes: dict[str, int]  # outcome value -> count, most frequent first
    closest: ClosestFact | None
    first_asked: datetime
    last_asked: datetime


@dataclass(frozen=True)
class Report:
    groups: tuple[QuestionGroup, ...]  # ranked, most asked first
    total: int  # questions in the period
    since: datetime | None
    generated_at: datetime


# ---------------------------------------------------------------------------------------------
# Grouping


class _Vocabulary:
    """Folded words -> weighted canonical terms, for one batch of questions."""

    def __init__(self, word_counts: Counter[str]) -> None:
        stemmer = snowballstemmer.stemmer("english")
        self._canonical: dict[str, str] = {}
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word, _count in sorted(word_counts.items(), key=lambda item: (-item[1], item[0])):
            target = word
            if word not in FILLER and len(word) >= _MIN_CORRECTABLE and word.isalpha():
                limit = 1 if len(word) < 8 else 2
                bucket = by_initial[word[0]]
                found = process.extractOne(word, bucket, scorer=OSA.distance, score_cutoff=limit)
                if found is None:
                    bucket.append(word)
                else:
                    target = found[0]
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


# ---------------------------------------------------------------------------------------------
# The report


def build_report(
    questions: Sequence[LoggedQuestion],
    engine: Engine | None = None,
    *,
    threshold: float = DEFAULT_SIMILARITY,
    since: datetime | None = None,
    now: datetime | None = None,
) -> Report:
    """Group, summarise and rank `questions`. `engine` supplies fact titles, and the closest
    fact of groups whose log names none; without it those stay unknown."""
    groups = [_summarise(members, engine) for members in group_questions(questions, threshold)]
    groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.question))
    return Report(tuple(groups), len(questions), since, now or datetime.now(UTC))


def _summarise(members: list[LoggedQuestion], engine: Engine | None) -> QuestionGroup:
    forms = Counter(member.normalized for member in members)
    first_asked: dict[str, datetime] = {}
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    for member in sorted(members, key=lambda member: member.asked_at):
        first_asked.setdefault(member.normalized, member.asked_at)
        texts[member.normalized][member.question] += 1
    # the most asked phrasing, and of equally asked ones the first; the same for its spelling
    ranked_forms = sorted(forms, key=lambda form: (-forms[form], first_asked[form]))
    phrasings = [texts[form].most_common(1)[0][0] for form in ranked_forms]
    outcomes = Counter(member.outcome.value for member in members)
    release_id = members[0].release_id
    return QuestionGroup(
        release_id=release_id,
        question=phrasings[0],
        count=len(members),
        examples=tuple(phrasings[1 : 1 + EXAMPLES]),
        outcomes=dict(sorted(outcomes.items(), key=lambda item: (-item[1], item[0]))),
        closest=_closest_fact(members, phrasings[0], release_id, engine),
        first_asked=min(member.asked_at for member in members),
        last_asked=max(member.asked_at for member in members),
    )


def _closest_fact(
    members: list[LoggedQuestion], question: str, release_id: str, engine: Engine | None
) -> ClosestFact | None:
    scores: dict[str, list[float]] = defaultdict(list)
    for member in members:
        if member.fact_id is not None:
            scores[member.fact_id].append(member.score)
    base = engine.bases.get(release_id) if engine is not None else None
    if scores:
        fact_id = max(scores, key=lambda fid: (len(scores[fid]), max(scores[fid]), fid))
        entry = base.entry(fact_id) if base is not None else None
        title = entry.title if entry is not None else None
        return ClosestFact(fact_id, title, round(max(scores[fact_id]), 1), "log")
    if engine is None or release_id not in engine.matchers:
        return None
    for candidate in engine.matchers[release_id].rank(question):
        if candidate.entry.kind is not EntryKind.SMALLTALK:
            entry = candidate.entry
            return ClosestFact(entry.id, entry.title, round(candidate.score, 1), "engine")
    return None


# ---------------------------------------------------------------------------------------------
# Renderers


def render_text(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """A human-readable table."""
    shown = _top(report, limit)
    period = f"since {_when(report.since)}" if report.since else "all time"
    lines = [
        f"Questions the bot could not answer well, {period} (as of {_when(report.generated_at)})",
    ]
    if not report.groups:
        return "\n".join([*lines, "No questions logged in this period."]) + "\n"
    lines.append(
        f"{report.total} questions in {len(report.groups)} groups"
        + (f"; the {len(shown)} most asked:" if len(shown) < len(report.groups) else ":")
    )
    many_releases = len({group.release_id for group in report.groups}) > 1
    outcome_width = max(len("outcomes"), *(len(_outcomes_text(g)) for g in shown))
    left = f"{'#':>3}  {'asked':>5}  {'outcomes':<{outcome_width}}  "
    lines += ["", left + "question, other phrasings, closest fact"]
    indent = " " * len(left)
    for rank, group in enumerate(shown, 1):
        cells = f"{rank:>3}  {group.count:>5}  {_outcomes_text(group):<{outcome_width}}  "
        lines += _wrapped(cells, indent, group.question)
        if group.examples:
            lines += _wrapped(indent, indent, "also: " + " · ".join(group.examples))
        closest = _closest_text(group)
        if many_releases:
            closest += f" [release {group.release_id}]"
        lines += _wrapped(indent, indent, closest)
    return "\n".join(lines) + "\n"


def render_json(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """One JSON document."""
    document = {
        "generated_at": report.generated_at.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "total_questions": report.total,
        "total_groups": len(report.groups),
        "groups": [_group_json(rank, group) for rank, group in enumerate(_top(report, limit), 1)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "rank",
    "count",
    "release",
    "question",
    "examples",
    "outcomes",
    "closest_fact",
    "closest_fact_question",
    "closest_fact_score",
    "first_asked",
    "last_asked",
)


def render_csv(report: Report, limit: int = DEFAULT_LIMIT) -> str:
    """A header, then one row per group. Cells that a spreadsheet would run as a formula are
    prefixed with an apostrophe: the questions come from the public."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for rank, group in enumerate(_top(report, limit), 1):
        closest = group.closest
        writer.writerow(
            [
                rank,
                group.count,
                group.release_id,
                _csv_cell(group.question),
                _csv_cell(" | ".join(group.examples)),
                "; ".join(f"{outcome}={count}" for outcome, count in group.outcomes.items()),
                closest.id if closest else "",
                _csv_cell(closest.question or "") if closest else "",
                "" if closest is None or closest.score is None else closest.score,
                group.first_asked.isoformat(),
                group.last_asked.isoformat(),
            ]
        )
    return buffer.getvalue()


def _top(report: Report, limit: int) -> tuple[QuestionGroup, ...]:
    return report.groups[:limit] if limit > 0 else report.groups


def _group_json(rank: int, group: QuestionGroup) -> dict[str, object]:
    closest = group.closest
    return {
        "rank": rank,
        "count": group.count,
        "release": group.release_id,
        "question": group.question,
        "examples": list(group.examples),
        "outcomes": group.outcomes,
        "closest_fact": None
        if closest is None
        else {
            "id": closest.id,
            "question": closest.question,
            "score": closest.score,
            "source": closest.source,
        },
        "first_asked": group.first_asked.isoformat(),
        "last_asked": group.last_asked.isoformat(),
    }


def _outcomes_text(group: QuestionGroup) -> str:
    return ", ".join(
        f"{OUTCOME_LABELS.get(outcome, outcome)} {count}"
        for outcome, count in group.outcomes.items()
    )


def _closest_text(group: QuestionGroup) -> str:
    closest = group.closest
    if closest is None:
        return "closest fact: none"
    text = f"closest fact: {closest.id}"
    if closest.question:
        text += f" “{closest.question}”"
    if closest.score is not None:
        text += f" (score {closest.score:.0f})"
    return text


def _wrapped(first: str, indent: str, text: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(TEXT_WIDTH, len(indent) + 30),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=True,
    ) or [first.rstrip()]


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _csv_cell(text: str) -> str:
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text


# ---------------------------------------------------------------------------------------------
# The command


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`--since`: a date (2024-05-01, midnight UTC), a date and time (naive means UTC), or a
    duration back from now: 12h, 7d, 2w."""
    duration = _DURATION.match(value)
    if duration:
        amount, unit = int(duration.group(1)), duration.group(2).lower()
        return (now or datetime.now(UTC)) - timedelta(**{_DURATION_UNITS[unit]: amount})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (2024-05-01), a date and time, or a duration (12h, 7d, 2w)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _positive_percent(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 100:
        raise argparse.ArgumentTypeError("must be a number above 0, at most 100")
    return number


def _limit(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError("must be a whole number (0 for all)")
    return int(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `release-bot report`."""
    parser.add_argument(
        "--since",
        type=parse_since,
        default=None,
        metavar="WHEN",
        help="only questions asked since a date (2024-05-01) or a duration back (12h, 7d, 2w)",
    )
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print one JSON document")
    formats.add_argument("--csv", action="store_true", help="print CSV, one row per group")
    parser.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show the N most asked groups (default {DEFAULT_LIMIT}; 0 for all)",
    )
    parser.add_argument(
        "--similarity",
        type=_positive_percent,
        default=DEFAULT_SIMILARITY,
        metavar="PERCENT",
        help=f"how alike phrasings must be to count together (default {DEFAULT_SIMILARITY:g})",
    )


def run(args: argparse.Namespace, engine_factory: Callable[[], Engine]) -> int:
    """`release-bot report`: reads the log named by RELEASE_BOT_DATABASE_URL, or else the SQLite
    file in RELEASE_BOT_DATA_DIR (default `data`), from the environment or `.env`."""
    load_dotenv_file()
    database_url = os.environ.get(DATABASE_URL_ENV, "").strip() or None
    data_dir = Path(os.environ.get(DATA_DIR_ENV, "").strip() or DEFAULT_DATA_DIR)
    try:
        questions = read_questions(database_url, data_dir, args.since)
    except ValueError as error:
        print(f"release-bot: {DATABASE_URL_ENV}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except QuestionLogError as error:
        print(f"release-bot: cannot read the question log: {error}", file=sys.stderr)
        return EXIT_FAILED
    engine = _load_engine(engine_factory) if questions else None
    report = build_report(questions, engine, threshold=args.similarity, since=args.since)
    render = render_json if args.json else render_csv if args.csv else render_text
    sys.stdout.write(render(report, args.limit))
    return EXIT_OK


def read_questions(
    database_url: str | None, data_dir: Path, since: datetime | None = None
) -> list[LoggedQuestion]:
    """The logged questions; none (and no file created) if the SQLite log does not exist yet."""
    if not database_url and not sqlite_path(data_dir).exists():
        return []
    with open_question_log(database_url, data_dir) as question_log:
        return question_log.fetch(since)


def _load_engine(engine_factory: Callable[[], Engine]) -> Engine | None:
    try:
        return engine_factory()
    except KnowledgeError as error:
        print(
            f"release-bot: the knowledge base was refused ({len(error.problems)} problems); "
            "closest facts come from the log only",
            file=sys.stderr,
        )
        return None
