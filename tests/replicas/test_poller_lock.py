"""One poller at a time: a second one stands by, says so once, and takes over."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.replicas.poller_lock import AdvisoryLock, FileLock, PollerLock
from tests.replicas.conftest import FreezingProxy, sql
from tests.telegram_edge.helpers import free_port


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
        lost = asyncio.ensure_future(first.wait_lost())
        sql(database_url, "SELECT pg_terminate_backend(pid) FROM pg_locks "
            "WHERE locktype = 'advisory' AND granted")  # fmt: skip
        assert await takes(second, 2)  # its session ended: the lock is free
        await asyncio.wait_for(lost, 2)  # and the first one learns that it lost it
    finally:
        await first.release()
        await second.release()


async def test_a_poller_back_from_a_database_outage_stops_if_another_took_the_lock(
    database_url: str, tmp_path: Path, postgres_url_parts: tuple[str, int, str]
) -> None:
    host, port, name = postgres_url_parts
    proxy_port = free_port()
    cut_off = advisory(
        f"postgresql://postgres@127.0.0.1:{proxy_port}/{name}", 555, tmp_path / "a", check_s=0.05
    )
    other = advisory(database_url, 555, tmp_path / "b")
    proxy = FreezingProxy(host, port)
    try:
        assert await takes(cut_off, 5)  # the database is away: polling on the file lock
        assert cut_off.on_file_lock_only
        assert await takes(other, 2)  # elsewhere, the database answers
        lost = asyncio.ensure_future(cut_off.wait_lost())
        await asyncio.sleep(0.2)
        assert not lost.done()
        await proxy.start(proxy_port)  # the database answers the first one again
        await asyncio.wait_for(lost, 3)  # and it stops polling: the other holds the lock
    finally:
        proxy.close()
        await cut_off.release()
        await other.release()


async def test_pollers_on_one_machine_are_kept_apart_whichever_lock_they_can_get(
    database_url: str, tmp_path: Path
) -> None:
    down = "postgresql://bot:hunter2@127.0.0.1:1/nothing"
    cut_off, connected = advisory(down, 666, tmp_path), advisory(database_url, 666, tmp_path)
    try:
        assert await takes(cut_off, 5)  # on the data folder's lock alone
        waiting = asyncio.ensure_future(connected.acquire())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # the folder keeps the second one out
        assert connected.standing_by  # and /healthz says it is standing by, healthy
        waiting.cancel()
    finally:
        await cut_off.release()
        await connected.release()


async def test_without_the_database_pollers_on_one_machine_still_take_turns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    down = "postgresql://bot:hunter2@127.0.0.1:1/nothing"
    first, second = advisory(down, 444, tmp_path), advisory(down, 444, tmp_path)
    with caplog.at_level(logging.WARNING):
        assert await takes(first, 5)
    assert "polling on the data folder's lock" in caplog.text and "hunter2" not in caplog.text
    assert not await takes(second, 0.3)
    await first.release()
    assert await takes(second, 5)
    await second.release()
