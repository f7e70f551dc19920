"""Logged question records: aware UTC times, and the retention cut-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.questionlog.records import retention_cutoff
from tests.questionlog.conftest import NOW, _question


def test_logged_question_times_are_aware_utc() -> None:
    helsinki = datetime(2024, 6, 1, 15, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Helsinki"))
    assert _question(asked_at=helsinki).asked_at == datetime(2024, 6, 1, 15, 0, tzinfo=UTC)
    assert _question(asked_at=helsinki).asked_at.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        _question(asked_at=datetime(2024, 6, 1, 15, 0))


def test_retention_cutoff() -> None:
    assert retention_cutoff(90, NOW) == NOW - timedelta(days=90)
    assert retention_cutoff(now=NOW) == NOW - timedelta(days=90)  # the default
    assert retention_cutoff(1).tzinfo is not None
    with pytest.raises(ValueError):
        retention_cutoff(0, NOW)
    with pytest.raises(ValueError):
        retention_cutoff(90, datetime(2024, 6, 1))
