"""Run a question set against the engine and report accuracy, misses and unused facts.

A question set is YAML: `release: <id>` and `questions:`, each with `q` (the question), `expect`
(an entry id, a list of acceptable ids, `fallback` or `smalltalk`) and optionally `kind`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.matching import Candidate, Match, Matcher, Outcome, Tuning, decide

FALLBACK = "fallback"
SMALLTALK = "smalltalk"
CLARIFY = "clarify"
OUTCOMES = (FALLBACK, SMALLTALK, CLARIFY)
GROUPS = ("fact", "not_stated", "in_scope", "one_tap", "out_of_scope", "smalltalk", "vague")


class QuestionSetError(ValueError):
    """A question set that cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class Question:
    text: str
    expect: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class QuestionSet:
    release: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Miss:
    question: Question
    got: str
    score: float


@dataclass
class Report:
    """Correct and total counts per group, the misses, and facts no question reached."""

    release: str
    correct: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    never_hit: list[str] = field(default_factory=list)

    def accuracy(self, group: str) -> float | None:
        return 100 * self.correct[group] / self.total[group] if self.total[group] else None

    def below(self, floor: float) -> list[str]:
        """The groups whose accuracy is under `floor` percent."""
        return [
            group
            for group in GROUPS
            if group != "one_tap"  # a courtesy figure (answered, or offered as a button)
            and (accuracy := self.accuracy(group)) is not None
            and accuracy < floor
        ]


def load_question_set(path: Path, base: KnowledgeBase | None = None) -> QuestionSet:
    """Read a question set; with `base`, also check that every expected id exists in it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise QuestionSetError(f"{path}: cannot read question set: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise QuestionSetError(f"{path}: needs `release:` and a list under `questions:`")
    questions = []
    for index, item in enumerate(data["questions"]):
        where = f"{path}: questions[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise QuestionSetError(f"{where}: needs `q` (the question as text)")
        expect = item.get("expect")
        expected = tuple(expect) if isinstance(expect, list) else (expect,)
        if not expected or not all(isinstance(e, str) for e in expected):
            raise QuestionSetError(f"{where}: `expect` must be an id, a list of ids, or an outcome")
        if base is not None:
            unknown = [e for e in expected if e not in OUTCOMES and not base.entry(e)]
            if unknown:
                raise QuestionSetError(f"{where}: unknown id {', '.join(unknown)}")
        questions.append(Question(item["q"], expected, str(item.get("kind", ""))))
    return QuestionSet(str(data.get("release", "")), tuple(questions))


def group_of(question: Question, base: KnowledgeBase) -> str:
    first = question.expect[0]
    if first == FALLBACK:
        return "out_of_scope"
    if first == SMALLTALK:
        return "smalltalk"
    if first == CLARIFY:
        return "vague"
    entry = base.entry(first)
    return "not_stated" if entry and entry.kind is EntryKind.NOT_STATED else "fact"


def outcome_label(outcome: Outcome, entry_id: str | None, suggestions: Iterable[str]) -> str:
    """What the bot did, in the vocabulary of `expect`."""
    if outcome is Outcome.ANSWERED and entry_id:
        return entry_id
    if outcome is Outcome.CLARIFY:
        return "clarify(" + ", ".join(suggestions) + ")"
    return outcome.value


def is_correct(question: Question, label: str) -> bool:
    """Right if the bot did what was expected; `clarify` accepts any "did you mean" reply."""
    if label.startswith(CLARIFY + "("):
        return CLARIFY in question.expect
    return label in question.expect


def evaluate(engine: Engine, question_set: QuestionSet) -> Report:
    """Ask every question through the engine, as users would, and tally the results."""
    release = question_set.release or engine.default_release
    base = engine.bases[release]
    report = Report(release)
    hit: set[str] = set()
    for question in question_set.questions:
        reply = engine.ask(question.text, release)
        label = outcome_label(reply.outcome, reply.fact_id, (e.id for e in reply.choices))
        _tally(report, question, base, label, reply.score)
        if group_of(question, base) in ("fact", "not_stated"):
            offered = {e.id for e in reply.suggestions}
            report.total["one_tap"] += 1
            report.correct["one_tap"] += is_correct(question, label) or bool(
                offered & set(question.expect)
            )
        if reply.fact_id:
            hit.add(reply.fact_id)
    report.never_hit = [e.id for e in base.entries_of(EntryKind.FACT) if e.id not in hit]
    return report


def _tally(
    report: Report, question: Question, base: KnowledgeBase, label: str, score: float
) -> None:
    group = group_of(question, base)
    correct = is_correct(question, label)
    groups = [group, "in_scope"] if group in ("fact", "not_stated") else [group]
    for name in groups:
        report.total[name] += 1
        report.correct[name] += correct
    if not correct:
        report.misses.append(Miss(question, label, score))


def format_report(report: Report) -> str:
    lines = [f"Release {report.release}"]
    for group in GROUPS:
        accuracy = report.accuracy(group)
        if accuracy is not None:
            lines.append(
                f"  {group:<13}{report.correct[group]:>4}/{report.total[group]:<4}{accuracy:6.1f}%"
            )
    if report.misses:
        lines.append(f"Misses ({len(report.misses)}):")
        for miss in report.misses:
            expected = " or ".join(miss.question.expect)
            lines.append(
                f"  {miss.question.text!r}: expected {expected}, got {miss.got}"
                f" (score {miss.score:.1f})"
            )
    lines.append("Facts never hit: " + (", ".join(report.never_hit) or "none"))
    return "\n".join(lines)


# -- calibration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepRow:
    tuning: Tuning
    in_scope: float
    out_of_scope: float
    vague: float | None
    overall: float

    @property
    def worst(self) -> float:
        groups = (self.in_scope, self.out_of_scope, self.vague)
        return min(g for g in groups if g is not None)


SWEEP_GRID: dict[str, Sequence[float]] = {
    "unknown_weight": (0.75, 1.0, 1.25, 1.5),
    "closeness_weight": (0.4, 0.5, 0.6, 0.7),
    "answer": (40.0, 45.0, 50.0, 55.0, 60.0, 65.0),
    "margin": (0.0, 2.0, 4.0, 6.0, 8.0),
    "clarify": (30.0, 35.0, 40.0, 45.0, 50.0),
}


def sweep(base: KnowledgeBase, question_sets: Sequence[QuestionSet]) -> list[SweepRow]:
    """Score every combination of the grid on the question sets, best first.

    Best means the highest worst accuracy of in-scope, out-of-scope and (if the sets have any)
    vague questions, then overall accuracy: answering well is worth nothing if the bot also
    answers what the release does not cover, or guesses where it should ask back."""
    questions = [q for question_set in question_sets for q in question_set.questions]
    rows = []
    for unknown, closeness in itertools.product(
        SWEEP_GRID["unknown_weight"], SWEEP_GRID["closeness_weight"]
    ):
        scoring = Tuning(closeness_weight=closeness, unknown_weight=unknown)
        matcher = Matcher(base, scoring)
        prepared = [(q, matcher.smalltalk_phrase(q.text), matcher.rank(q.text)) for q in questions]
        for answer, margin, clarify in itertools.product(
            SWEEP_GRID["answer"], SWEEP_GRID["margin"], SWEEP_GRID["clarify"]
        ):
            if clarify > answer:
                continue
            tuning = replace(scoring, answer=answer, margin=margin, clarify=clarify)
            rows.append(_sweep_row(base, tuning, prepared))
    rows.sort(key=lambda r: (r.worst, r.overall), reverse=True)
    return rows


def _sweep_row(
    base: KnowledgeBase,
    tuning: Tuning,
    prepared: list[tuple[Question, Match | None, list[Candidate]]],
) -> SweepRow:
    report = Report(base.id)
    for question, smalltalk, ranked in prepared:
        match = smalltalk or decide(ranked, tuning)
        entry_id = match.entry.id if match.entry else None
        label = outcome_label(match.outcome, entry_id, (e.id for e in match.suggestions))
        _tally(report, question, base, label, match.score)
    counted = ("in_scope", "out_of_scope", "smalltalk", "vague")
    overall = (
        100
        * sum(report.correct[g] for g in counted)
        / max(sum(report.total[g] for g in counted), 1)
    )
    return SweepRow(
        tuning,
        report.accuracy("in_scope") or 0.0,
        report.accuracy("out_of_scope") or 0.0,
        report.accuracy("vague"),
        overall,
    )


def format_sweep(rows: Sequence[SweepRow], limit: int = 15) -> str:
    lines = ["unknown closeness answer margin clarify | in_scope out_of_scope vague overall"]
    for row in rows[:limit]:
        t = row.tuning
        lines.append(
            f"{t.unknown_weight:7.2f} {t.closeness_weight:9.2f} {t.answer:6.0f} {t.margin:6.0f}"
            f" {t.clarify:7.0f} | {row.in_scope:8.1f} {row.out_of_scope:12.1f}"
            f" {row.vague if row.vague is not None else float('nan'):5.1f} {row.overall:7.1f}"
        )
    return "\n".join(lines)
