"""One logged question, and the retention rule. No field identifies who asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.core.matching import Outcome
from bot.core.normalize import fold
from bot.questionlog.masking import mask_personal_data

DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class LoggedQuestion:
    """One logged question. Deliberately nothing that identifies who asked it."""

    question: str  # personal data masked
    normalized: str  # bot.core.normalize.fold of the masked question
    outcome: Outcome
    fact_id: str | None  # best candidate fact, if any
    score: float  # the best candidate's score, 0-100
    release_id: str
    asked_at: datetime  # UTC, timezone-aware
    id: int | None = field(default=None, compare=False)  # set by the store

    def __post_init__(self) -> None:
        if self.asked_at.tzinfo is None:
            raise ValueError("asked_at must be timezone-aware")
        object.__setattr__(self, "asked_at", self.asked_at.astimezone(UTC))
        object.__setattr__(self, "outcome", Outcome(self.outcome))

    @classmethod
    def build(
        cls,
        question: str,
        outcome: Outcome,
        release_id: str,
        fact_id: str | None = None,
        score: float = 0.0,
        asked_at: datetime | None = None,
    ) -> LoggedQuestion:
        """A record with the question masked and folded, asked now unless `asked_at` is given."""
        masked = mask_personal_data(question)
        return cls(
            question=masked,
            normalized=fold(masked),
            outcome=outcome,
            fact_id=fact_id,
            score=float(score),
            release_id=release_id,
            asked_at=asked_at or datetime.now(UTC),
        )


def retention_cutoff(days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None) -> datetime:
    """The time before which records are purged, for a retention of `days` days."""
    if days < 1:
        raise ValueError("retention must be at least one day")
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC) - timedelta(days=days)
