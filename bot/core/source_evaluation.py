"""Score a question set labelled with the release's own sentences, not with entry ids.

Such a set can be written by someone who has seen only the release text: each question says
what a right reply is (`expect`) and, for answers, which sentences of the release answer it
(`sources`, any one of them) and what the reply must name (`mention`). Compound questions give
`parts`, each labelled the same way (a part may be `expect: unknown`). A `followup` is asked
right after the question named by `after`, in the same conversation.

Outcomes, per question:
- answer: right when the reply states a fact citing one of the sources (every part, for a
  compound question) and names every mention; "one tap" when a right entry is offered;
- unknown: honest when the reply says the release does not say or mention it;
- out_of_scope: declined (the release does not say) rather than answered with a fact;
- smalltalk: answered as small talk.
A "wrong fact" is a stated fact citing none of the expected sources, or any fact stated for an
unknown or out-of-scope question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.answers import Reply, render_plain
from bot.core.engine import Engine
from bot.core.knowledge import EntryKind
from bot.core.matching import Outcome
from bot.core.model_reader import squash
from bot.core.normalize import fold

EXPECTED = ("answer", "unknown", "out_of_scope", "smalltalk")


class SourceSetError(ValueError):
    """A set that cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class Part:
    expect: str
    sources: tuple[str, ...] = ()
    mention: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    expect: str
    kind: str
    parts: tuple[Part, ...]
    after: str | None = None


@dataclass(frozen=True)
class SourceSet:
    release: str
    questions: tuple[LabelledQuestion, ...]
    path: Path | None = None


@dataclass
class SourceReport:
    release: str
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    one_tap: int = 0
    wrong: int = 0
    misses: list[tuple[LabelledQuestion, str]] = field(default_factory=list)

    def percent(self, group: str) -> float:
        return 100.0 * self.right[group] / self.total[group] if self.total[group] else 100.0

    @property
    def questions(self) -> int:
        return sum(self.total.values())

    @property
    def wrong_percent(self) -> float:
        return 100.0 * self.wrong / self.questions if self.questions else 0.0


def is_source_set(data: object) -> bool:
    """Whether loaded YAML is a source-labelled set (its questions expect answer, unknown...)."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return False
    questions = data["questions"]
    return bool(questions) and all(
        isinstance(q, dict) and q.get("expect") in EXPECTED for q in questions
    )


def load_source_set(path: Path) -> SourceSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SourceSetError(f"{path}: cannot read: {type(error).__name__}") from None
    if not is_source_set(data):
        raise SourceSetError(f"{path}: not a source-labelled question set")
    questions = [_question(path, n, item) for n, item in enumerate(data["questions"])]
    return SourceSet(str(data.get("release") or ""), tuple(questions), path)


def _question(path: Path, number: int, item: object) -> LabelledQuestion:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise SourceSetError(f"{path}: question {number + 1} needs a text `q`")
    expect = item.get("expect")
    if expect not in EXPECTED:
        raise SourceSetError(f"{path}: question {number + 1}: expect must be one of {EXPECTED}")
    raw_parts = item.get("parts") or [item]
    parts = tuple(
        Part(
            str(part.get("expect", "answer")),
            tuple(part.get("sources") or ()),
            tuple(part.get("mention") or ()),
        )
        for part in raw_parts
    )
    return LabelledQuestion(item["q"], expect, str(item.get("kind", "")), parts, item.get("after"))


def evaluate_sources(engine: Engine, question_set: SourceSet) -> SourceReport:
    release = question_set.release or engine.default_release
    report = SourceReport(release)
    previous: dict[str, Reply] = {}
    for question in question_set.questions:
        context = previous.get(question.after) if question.after else None
        if question.after and context is None:
            context = engine.ask(question.after, release)
        reply = engine.ask(question.text, release, previous=context)
        previous[question.text] = reply
        right, wrong, tap = judge(question, reply)
        report.total[question.expect] += 1
        report.right[question.expect] += right
        report.wrong += wrong
        report.one_tap += question.expect == "answer" and (right or tap)
        if not right:
            report.misses.append((question, describe(reply)))
    return report


def judge(question: LabelledQuestion, reply: Reply) -> tuple[bool, bool, bool]:
    """(right, wrong fact stated, right entry one tap away) for one reply."""
    stated = _stated(reply)
    if question.expect == "smalltalk":
        return reply.outcome is Outcome.SMALLTALK, bool(stated), False
    if question.expect in ("unknown", "out_of_scope"):
        return _declined(reply) and not stated, bool(stated), False
    text = fold(render_plain(reply))
    cited = [{squash(s) for s in part.sources} for part in stated]
    satisfied = [_part_met(part, cited, text) for part in question.parts if part.expect == "answer"]
    expected_sources = {squash(s) for part in question.parts for s in part.sources}
    wrong = any(not (sources & expected_sources) for sources in cited)
    tap = any({squash(s) for s in entry.sources} & expected_sources for entry in reply.suggestions)
    return bool(satisfied) and all(satisfied) and not wrong, wrong, tap


def _part_met(part: Part, cited: list[set[str]], text: str) -> bool:
    wanted = {squash(s) for s in part.sources}
    return any(sources & wanted for sources in cited) and all(
        fold(mention) in text for mention in part.mention
    )


def _stated(reply: Reply) -> list[Reply]:
    """The parts of a reply that state a fact (a compound reply has several)."""
    parts = reply.parts or (reply,)
    return [
        part
        for part in parts
        if part.outcome is Outcome.ANSWERED
        and part.entry is not None
        and part.entry.kind is EntryKind.FACT
    ]


def _declined(reply: Reply) -> bool:
    parts = reply.parts or (reply,)
    return all(
        part.outcome is Outcome.FALLBACK
        or (part.entry is not None and part.entry.kind is EntryKind.NOT_STATED)
        for part in parts
    )


def describe(reply: Reply) -> str:
    parts = reply.parts or (reply,)
    return " + ".join(
        f"{part.outcome.value}:{part.entry.id if part.entry else '-'}({part.score:.0f})"
        for part in parts
    )


def format_source_report(report: SourceReport, path: Path | None, misses: bool) -> str:
    lines = [f"Release {report.release}" + (f" — {path}" if path else "")]
    labels = {
        "answer": "answer: right fact first",
        "unknown": "unknown: said honestly",
        "out_of_scope": "out of scope: declined",
        "smalltalk": "small talk",
    }
    for group in EXPECTED:
        if report.total[group]:
            lines.append(
                f"  {labels[group]:28s} {report.right[group]:4d}/{report.total[group]:<4d}"
                f" {report.percent(group):5.1f}%"
            )
    if report.total["answer"]:
        share = 100.0 * report.one_tap / report.total["answer"]
        lines.append(
            f"  {'answer: right or one tap away':28s} {report.one_tap:4d}/"
            f"{report.total['answer']:<4d} {share:5.1f}%"
        )
    lines.append(
        f"  {'wrong fact stated':28s} {report.wrong:4d}/{report.questions:<4d}"
        f" {report.wrong_percent:5.1f}%"
    )
    if misses:
        lines += [f"  miss [{q.expect}/{q.kind}] {q.text!r}: {got}" for q, got in report.misses]
    return "\n".join(lines)


def below(report: SourceReport, floor: float) -> Sequence[str]:
    """The groups whose share is under `floor` percent."""
    return [group for group in EXPECTED if report.total[group] and report.percent(group) < floor]
