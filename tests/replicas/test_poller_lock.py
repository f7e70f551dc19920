"""One poller at a time: a second one stands by, says so once, and takes over."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.replicas.poller_lock import AdvisoryLock, FileLock, PollerLock
from tests.replicas.conftest import sql


async def takes(lock: PollerLock, seconds: float) -> bool:
    try:
        await asyncio.wait_for(lock.acquire(), seconds)
    except TimeoutError:
        return False
    return True


async def test_a_second_poller_on_the_same_data_folder_waits_for_the_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = FileLock(tmp_path, retry_s=0.05), FileLock(tmp_path, retry_s=0.05)
    assert await takes(first, 1)
    with caplog.at_level(logging.INFO):
        waiting = asyncio.ensure_future(second.acquire())
        await asyncio.sleep(0.3)
        assert not waiting.done()
        await first.release()
        await asyncio.wait_for(waiting, 2)
    said = [r.getMessage() for r in caplog.records]
    assert sum("standing by" in m for m in said) == 1 and any("took over" in m for m in said)
    await second.release()


def advisory(url: str, bot_id: int, folder: Path, **timing: float) -> AdvisoryLock:
    folder.mkdir(exist_ok=True)
    return AdvisoryLock(url, bot_id, FileLock(folder, retry_s=0.05), retry_s=0.05, **timing)


async def test_the_advisory_lock_admits_one_poller_per_bot(
    database_url: str, tmp_path: Path
) -> None:
    """Each on its own machine (data folder): only the database keeps them apart."""
    first = advisory(database_url, 111, tmp_path / "a")
    second = advisory(database_url, 111, tmp_path / "b")
    other_bot = advisory(database_url, 222, tmp_path / "c")
    try:
        assert await takes(first, 2)
        assert not await takes(second, 0.3)
        assert await takes(other_bot, 2)  # another bot's poller is not in the way
        await first.release()
        assert await takes(second, 2)
    finally:
        for lock in (first, second, other_bot):
            await lock.release()


async def test_a_poller_that_dies_lets_the_lock_go(database_url: str, tmp_path: Path) -> None:
    first = advisory(database_url, 333, tmp_path / "a", check_s=0.05)
    second = advisory(database_url, 333, tmp_path / "b")
    try:
        assert await takes(first, 2)
        sql(database_url, "SELECT pg_terminate_backend(pid) FROM pg_locks "
            "WHERE locktype = 'advisory' AND granted")  # fmt: skip
        await asyncio.wait_for(first.wait_lost(), 2)  # the holder notices that it lost it
        assert await takes(second, 2)
    finally:
        await first.release()
        await second.release()


async def test_without_the_database_pollers_on_one_machine_still_take_turns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    down = "postgresql://bot:hunter2@127.0.0.1:1/nothing"
    first, second = advisory(down, 444, tmp_path), advisory(down, 444, tmp_path)
    with caplog.at_level(logging.WARNING):
        assert await takes(first, 5)
    assert "using the file lock" in caplog.text and "hunter2" not in caplog.text
    assert not await takes(second, 0.3)
    await first.release()
    assert await takes(second, 5)
    await second.release()
