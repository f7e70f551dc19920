"""The answer engine: every loaded release, one question in, one reply out.

With several releases, a question is matched against each. When the best entries of two
releases score about the same ("who met whom?"), the chat's current release wins; without one,
the newest release (by date, then order) is current.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.answers import Reply, compose
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matching import Match, Matcher, Outcome, Tuning
from bot.core.normalize import clean_text

# Longer messages are matched on their beginning only: no real question is this long, and the
# cost of matching must not grow with what a user pastes.
MAX_QUESTION_CHARS = 1000


class Engine:
    """Answers questions from one or more knowledge bases. Build once; `ask` is cheap."""

    def __init__(self, bases: Sequence[KnowledgeBase], tuning: Tuning | None = None) -> None:
        if not bases:
            raise ValueError("an engine needs at least one knowledge base")
        self.tuning = tuning or Tuning()
        self.bases = {base.id: base for base in bases}
        self.matchers = {base.id: Matcher(base, self.tuning) for base in bases}
        newest = max(bases, key=_newness)
        self.default_release = newest.id

    def ask(self, question: str, release_id: str | None = None) -> Reply:
        """Answer `question`, preferring `release_id` (the chat's current release) on near ties."""
        text = clean_text(question[: MAX_QUESTION_CHARS * 2])[:MAX_QUESTION_CHARS]
        current = release_id if release_id in self.bases else self.default_release
        matches = {rid: matcher.match(text) for rid, matcher in self.matchers.items()}
        chosen = _choose(matches, current, self.tuning.margin)
        reply = compose(text, matches[chosen], self.bases[chosen])
        return replace(reply, name_release=len(self.bases) > 1)

    def answer_entry(self, entry: Entry, base: KnowledgeBase) -> Reply:
        """The reply for a chosen entry (a button press, an inline result): no matching."""
        reply = compose(entry.title, Match(Outcome.ANSWERED, 100.0, entry), base)
        return replace(reply, name_release=len(self.bases) > 1)

    def releases(self) -> list[KnowledgeBase]:
        """The served releases, newest first."""
        return sorted(self.bases.values(), key=_newness, reverse=True)


def _newness(base: KnowledgeBase) -> tuple[str, int]:
    return (base.release.date or "", base.release.order)


def _choose(matches: dict[str, Match], current: str, margin: float) -> str:
    """The release whose match to use: the best one, unless the current release is close."""
    useful = {rid: m for rid, m in matches.items() if m.outcome is not Outcome.FALLBACK}
    if not useful:
        return current
    best = max(useful, key=lambda rid: useful[rid].score)
    if current in useful and useful[best].score - useful[current].score < margin:
        return current
    return best
