"""The press office's report: what people asked that the bot could not answer well.

Logged questions are grouped (`bot.questionlog.grouping`), ranked by how often they were asked,
and shown with a few example phrasings, their outcomes and the closest existing fact: the best
candidate most often recorded for the group, or else the best fact the engine finds for the
group's question. `bot.questionlog.render` turns a `Report` into text, JSON or CSV.

What the log holds came from the public, and from whatever wrote to the database: every text read
from it is made `readable` first (terminal escape sequences, control and format characters out,
line breaks and tabs turned into spaces, personal data masked again), so no report shows a raw
control character and no line break splits a row.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from bot.core.engine import Engine
from bot.core.knowledge import EntryKind
from bot.core.normalize import clean_text
from bot.questionlog.grouping import DEFAULT_SIMILARITY, group_questions
from bot.questionlog.masking import mask_personal_data
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.storage import open_question_log, sqlite_path

EXAMPLES = 3
# ANSI and other terminal escape sequences: CSI (colours, clearing the screen), OSC (window
# titles, hyperlinks), and two-character escapes; in their 7-bit and C1 forms.
_TERMINAL_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)


def readable(text: str) -> str:
    """`text` from the log as a report may show it: terminal escape sequences removed, then
    `bot.core.normalize.clean_text` (C0 and C1 controls, bidi and other format characters out;
    CR, LF, tabs and line separators become spaces), then masked again, for rows written before
    the masking knew a form."""
    return mask_personal_data(_plain(text))


def _plain(text: str) -> str:
    return clean_text(_TERMINAL_ESCAPE.sub("", text))


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
    questions = [_readable_record(question) for question in questions]
    groups = [_summarise(members, engine) for members in group_questions(questions, threshold)]
    groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.question))
    return Report(tuple(groups), len(questions), since, now or datetime.now(UTC))


def _readable_record(question: LoggedQuestion) -> LoggedQuestion:
    return replace(
        question,
        question=readable(question.question),
        release_id=_plain(question.release_id),
        fact_id=_plain(question.fact_id) if question.fact_id is not None else None,
    )


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


def read_questions(
    database_url: str | None, data_dir: Path, since: datetime | None = None
) -> list[LoggedQuestion]:
    """The logged questions; none (and no file created) if the SQLite log does not exist yet."""
    if not database_url and not sqlite_path(data_dir).exists():
        return []
    with open_question_log(database_url, data_dir) as question_log:
        return question_log.fetch(since)
