"""What is recorded: questions the bot could not answer well, decided on the engine's match."""

from __future__ import annotations

from datetime import datetime

from bot.core.matching import Match, Outcome
from bot.core.normalize import fold
from bot.questionlog.records import LoggedQuestion

DEFAULT_LOW_CONFIDENCE = 60.0  # about the lowest tenth of answers on the bundled question sets


def should_record(
    question: str, match: Match, low_confidence: float = DEFAULT_LOW_CONFIDENCE
) -> bool:
    """True for a question the bot could not answer well: fallback, clarify, or an answer scored
    below `low_confidence`. Never for small talk or a message without words."""
    poor = match.outcome in (Outcome.FALLBACK, Outcome.CLARIFY) or (
        match.outcome is Outcome.ANSWERED and match.score < low_confidence
    )
    return poor and bool(fold(question))  # folded only for the few that may be recorded


def best_candidate(match: Match) -> str | None:
    """The fact the match came closest to: the answered entry, else the first "did you mean"
    choice. A fallback's nearest entries are only offered, so a fallback claims none."""
    if match.outcome is Outcome.ANSWERED and match.entry is not None:
        return match.entry.id
    if match.outcome is Outcome.CLARIFY and match.suggestions:
        return match.suggestions[0].id
    return None


def logged_question(
    question: str, match: Match, release_id: str, asked_at: datetime | None = None
) -> LoggedQuestion:
    """The record for one question and the engine's match in `release_id`."""
    return LoggedQuestion.build(
        question,
        match.outcome,
        release_id,
        fact_id=best_candidate(match),
        score=match.score,
        asked_at=asked_at,
    )
