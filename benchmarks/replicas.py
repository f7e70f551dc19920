"""Answered messages a second through three replicas behind HAProxy against one replica behind
the same HAProxy, in the same run, and the PostgreSQL round trips per answered update.

Usage: python benchmarks/replicas.py [--updates N] [--users N] [--pairs N] [--concurrency N]

The script starts everything itself, on 127.0.0.1: a PostgreSQL server (tests/postgres.py, with
pg_stat_statements preloaded when the server has it), the fake Bot API (tests/fake_bot_api.py)
in a process of its own, and for each round HAProxy over fresh `release-bot run --webhook`
processes (tests/haproxy.py) sharing one database, with the flood guard out of the way and the
rate limiter off (RELEASE_BOT_RATE_LIMIT=0). It plays Telegram: N updates from many users,
`--concurrency` requests at a time (Telegram's max_connections is 40), each delivered again
until it gets a 200. A round's rate is the updates answered divided by the time from the first
post to the last 200 (a 200 comes after the reply reached the Bot API).

Rounds alternate, three replicas then one, the order swapped every pair, so that a machine
getting busier or quieter weighs on both; the script prints each round, the medians and the
ratio. PostgreSQL's own counters give the round trips: the statements the replicas ran during
the measured updates (pg_stat_statements `calls`, BEGIN and COMMIT included), and the
transactions (pg_stat_database xact_commit + xact_rollback, from before the replicas start to
after they stop, so start-up and shutdown are in it), each per answered update. On a machine
with two cores, three replicas share the same two cores (with HAProxy, PostgreSQL, the Bot API
and this script): read the ratio with that in mind.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import FakeBotApi  # noqa: E402
from tests.haproxy import (  # noqa: E402
    SECRET_HEADER,
    WEBHOOK_PATH,
    HAProxy,
    ReplicaSet,
    require_haproxy,
)
from tests.postgres import PostgresServer, start_postgres  # noqa: E402

SECRET = "benchmark-secret-0123456789abcdef"
PUBLIC_URL = "https://bot.example.test/telegram/webhook"
DATABASE = "bench"
WARM_UP = 60  # updates each round before the measured ones
# the replicas' own count of the statements they send to the shared database (bot/replicas)
ROUND_TRIPS_METRIC = "release_bot_shared_database_round_trips_total"
QUESTIONS = [
    "Who met whom?",
    "where was the meeting",
    "Konovalof?",
    "what about cybercrime",
    "phone number?",
    "when was this?",
    "what's the weather",
    "thanks",
]


class Undelivered(RuntimeError):
    """An update that never got a 200."""

    def __init__(self, update_id: int, outcomes: list[int | str]) -> None:
        super().__init__(f"update {update_id} never got a 200: {outcomes}")
        self.update_id = update_id


@dataclass(frozen=True)
class Round:
    replicas: int
    answered: int
    seconds: float
    cpu_ms: float  # the replicas' CPU per answered update, all of them together
    statements: int | None  # pg_stat_statements calls during the measured updates
    transactions: int  # pg_stat_database, the whole round (start-up to shutdown)
    counted_updates: int  # the updates the transactions are for (warm-up and measured)
    bot_round_trips: float | None  # the replicas' own count during the measured updates
    top: list[tuple[int, str]]  # the statements run most, with their calls

    @property
    def rate(self) -> float:
        return self.answered / self.seconds


# -- the fake Bot API, in a process of its own ------------------------------------------------


def fake_api_process(conn: Connection) -> None:
    """Sends (token, base URL), then answers "count" (replies accepted so far) until "stop"."""
    with FakeBotApi() as api:
        conn.send((api.token, api.base_url))
        while (command := conn.recv()) != "stop":
            if command == "count":
                conn.send(sum(1 for call in api.calls("sendMessage") if call.ok))
            elif command == "clear":
                api.clear_calls()
                conn.send(True)


class BotApi:
    def __init__(self) -> None:
        self.conn, theirs = Pipe()
        self.process = Process(target=fake_api_process, args=(theirs,), daemon=True)
        self.process.start()
        self.token, self.base_url = self.conn.recv()

    def ask(self, command: str) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def stop(self) -> None:
        self.conn.send("stop")
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


# -- PostgreSQL ---------------------------------------------------------------------------------


def restart(server: PostgresServer) -> Any:
    """`pg_ctl restart`, with the options the server was started with (postmaster.opts)."""
    data, log = str(server.data_dir), str(server.log_file)
    return server.run("pg_ctl", "-D", data, "-l", log, "-w", "-t", "30", "restart")


def with_pg_stat_statements(server: PostgresServer) -> bool:
    """Preload pg_stat_statements and restart; False (and the server as it was) if it fails."""
    with psycopg.connect(server.url, autocommit=True) as connection:
        connection.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    restarted = restart(server)
    if restarted.returncode == 0:
        try:
            with psycopg.connect(server.url, autocommit=True) as connection:
                connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            return True
        except psycopg.Error as error:
            print(f"pg_stat_statements not available: {error}".strip())
    with psycopg.connect(server.url, autocommit=True) as connection:
        connection.execute("ALTER SYSTEM RESET shared_preload_libraries")
    restart(server)
    return False


class Counters:
    """PostgreSQL's own counters for the benchmark's database, read from another database."""

    def __init__(self, server: PostgresServer, statements: bool) -> None:
        self.connection = psycopg.connect(server.url, autocommit=True)
        self.connection.execute(f'CREATE DATABASE "{DATABASE}"')
        self.statements = statements
        row = self.connection.execute(
            "SELECT oid FROM pg_database WHERE datname = %s", (DATABASE,)
        ).fetchone()
        assert row is not None
        self.oid = int(row[0])

    def transactions(self) -> int:
        self.connection.execute("SELECT pg_stat_clear_snapshot()")
        row = self.connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datid = %s",
            (self.oid,),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def reset_statements(self) -> None:
        if self.statements:
            self.connection.execute("SELECT pg_stat_statements_reset()")

    def statement_calls(self) -> tuple[int | None, list[tuple[int, str]]]:
        if not self.statements:
            return None, []
        rows = self.connection.execute(
            "SELECT calls, query FROM pg_stat_statements WHERE dbid = %s ORDER BY calls DESC",
            (self.oid,),
        ).fetchall()
        top = [(int(calls), " ".join(str(query).split())[:90]) for calls, query in rows[:8]]
        return sum(int(calls) for calls, _ in rows), top

    def close(self) -> None:
        self.connection.close()


# -- Telegram's side ----------------------------------------------------------------------------


class Telegram:
    """Posts updates through HAProxy and delivers again whatever did not get a 200."""

    def __init__(self, users: int) -> None:
        self.users = users
        self.next_update = 0

    def updates(self, count: int) -> list[dict[str, Any]]:
        made = []
        for _ in range(count):
            self.next_update += 1
            n = self.next_update
            user = 100_000 + n % self.users
            person = {"id": user, "is_bot": False, "first_name": f"U{user}", "language_code": "en"}
            message = {
                "message_id": n,
                "from": person,
                "chat": {"id": user, "type": "private", "first_name": f"U{user}"},
                "date": int(time.time()),
                "text": QUESTIONS[n % len(QUESTIONS)],
            }
            made.append({"update_id": n, "message": message})
        return made

    async def deliver_all(
        self, url: str, updates: list[dict[str, Any]], concurrency: int
    ) -> tuple[float, float, int]:
        """(first post, last 200, deliveries that were not a 200), in time.monotonic()."""
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for update in updates:
            queue.put_nowait(update)
        last = 0.0
        again = 0
        async with httpx.AsyncClient(trust_env=False, limits=limits, timeout=30) as client:

            async def worker() -> None:
                nonlocal last, again
                while not queue.empty():
                    update = queue.get_nowait()
                    outcomes: list[int | str] = []
                    for _attempt in range(50):
                        try:
                            response = await client.post(
                                url, json=update, headers={SECRET_HEADER: SECRET}
                            )
                            outcomes.append(response.status_code)
                            if response.status_code == 200:
                                last = max(last, time.monotonic())
                                break
                        except httpx.HTTPError as error:
                            outcomes.append(type(error).__name__)
                        again += 1
                        await asyncio.sleep(0.1)
                    else:
                        raise Undelivered(update["update_id"], outcomes)

            first = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
        return first, last, again


# -- a round ------------------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes, from /proc."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def replica_env(api: BotApi, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "RELEASE_BOT_"))}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1",
            "RELEASE_BOT_WEBHOOK_URL": PUBLIC_URL,
            "RELEASE_BOT_WEBHOOK_SECRET": SECRET,
            "RELEASE_BOT_DATABASE_URL": database_url,
            "RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "1000000",
            "RELEASE_BOT_RATE_LIMIT": "0",
            "RELEASE_BOT_LOG_LEVEL": "WARNING",
        }
    )
    return env


def one_round(
    replicas: int,
    haproxy_binary: Path,
    api: BotApi,
    counters: Counters,
    env: dict[str, str],
    telegram: Telegram,
    updates: int,
    concurrency: int,
) -> Round:
    transactions_before = counters.transactions()
    cluster = ReplicaSet(replicas, env)
    haproxy: HAProxy | None = None
    try:
        cluster.start()
        haproxy = HAProxy(haproxy_binary, cluster.ports).start()
        url = f"{haproxy.url}{WEBHOOK_PATH}"
        asyncio.run(telegram.deliver_all(url, telegram.updates(WARM_UP), concurrency))
        time.sleep(0.3)
        counters.reset_statements()
        sent_before = api.ask("count")
        pids = [r.process.pid for r in cluster if r.process is not None]
        cpu_before = cpu_seconds(pids)
        trips_before = sum(replica.metric(ROUND_TRIPS_METRIC) for replica in cluster)
        batch = telegram.updates(updates)
        first, last, _again = asyncio.run(telegram.deliver_all(url, batch, concurrency))
        cpu = cpu_seconds(pids) - cpu_before
        trips = sum(replica.metric(ROUND_TRIPS_METRIC) for replica in cluster) - trips_before
        statements, top = counters.statement_calls()
        answered = api.ask("count") - sent_before
    except Undelivered as error:
        print(f"  {error}; what the replicas logged about it:")
        for replica in cluster:
            for line in replica.log_file.read_text(errors="replace").splitlines():
                if f"update {error.update_id}" in line:
                    print(f"  {replica.name}: {line}")
        raise
    finally:
        if haproxy is not None:
            haproxy.stop()
        codes = cluster.stop()
        cluster.remove()
    if any(code != 0 for code in codes.values()):
        print(f"  replicas exited with {codes}:\n{cluster.logs()}")
    time.sleep(0.5)  # the replicas' sessions have ended and flushed their statistics
    transactions = counters.transactions() - transactions_before
    api.ask("clear")
    if answered != updates:
        print(f"  {answered} replies for {updates} updates")
    return Round(
        replicas=replicas,
        answered=answered,
        seconds=last - first,
        cpu_ms=1000 * cpu / max(answered, 1),
        statements=statements,
        transactions=transactions,
        counted_updates=updates + WARM_UP,
        bot_round_trips=trips if trips_before or trips else None,
        top=top,
    )


def describe(r: Round) -> str:
    per = (
        f"{r.statements / r.answered:5.2f} statements"
        if r.statements is not None and r.answered
        else "statements n/a"
    )
    own = (
        f", {r.bot_round_trips / r.answered:5.2f} by the bot's count"
        if r.bot_round_trips is not None and r.answered
        else ""
    )
    return (
        f"{r.replicas} replica{'s' if r.replicas > 1 else ' '}: {r.rate:7.1f} answered/s "
        f"({r.answered} in {r.seconds:5.2f} s), CPU {r.cpu_ms:4.2f} ms/update, {per}/update"
        f"{own}, {r.transactions / r.counted_updates:5.2f} transactions/update"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=2000, help="measured updates a round")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3, help="rounds of each (at least 3)")
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--replicas", type=int, default=3)
    args = parser.parse_args()

    haproxy_binary = require_haproxy()
    server = start_postgres()
    api: BotApi | None = None
    try:
        statements = with_pg_stat_statements(server)
        counters = Counters(server, statements)
        database_url = f"postgresql://postgres@127.0.0.1:{server.port}/{DATABASE}"
        api = BotApi()
        env = replica_env(api, database_url)
        telegram = Telegram(args.users)
        print(
            f"{args.updates} updates from {args.users} users a round, {args.concurrency} at a "
            f"time, through HAProxy; {os.cpu_count()} CPUs; pg_stat_statements: "
            f"{'on' if statements else 'off'}"
        )
        rounds: list[Round] = []
        for pair in range(args.pairs):
            order = [args.replicas, 1] if pair % 2 == 0 else [1, args.replicas]
            for replicas in order:
                done = one_round(
                    replicas, haproxy_binary, api, counters, env, telegram,
                    args.updates, args.concurrency,
                )  # fmt: skip
                rounds.append(done)
                print(f"pair {pair + 1}  {describe(done)}", flush=True)
        counters.close()
        many = [r for r in rounds if r.replicas == args.replicas]
        one = [r for r in rounds if r.replicas == 1]
        many_rate = statistics.median(r.rate for r in many)
        one_rate = statistics.median(r.rate for r in one)
        print()
        print(f"median, {args.replicas} replicas: {many_rate:7.1f} answered/s")
        print(f"median, 1 replica:  {one_rate:7.1f} answered/s")
        print(f"ratio {args.replicas} / 1: {many_rate / one_rate:.2f}")
        for label, group in ((f"{args.replicas} replicas", many), ("1 replica", one)):
            cpu = statistics.median(r.cpu_ms for r in group)
            xacts = statistics.median(r.transactions / r.counted_updates for r in group)
            line = f"{label}: CPU {cpu:.2f} ms/update, {xacts:.2f} transactions/update"
            if all(r.statements is not None for r in group):
                calls = statistics.median((r.statements or 0) / r.answered for r in group)
                line += f", {calls:.2f} statements (round trips)/update"
            if all(r.bot_round_trips is not None for r in group):
                own = statistics.median((r.bot_round_trips or 0) / r.answered for r in group)
                line += f" ({own:.2f} by the bot's own count)"
            print(line)
        if rounds[-1].top:
            print("\nthe statements run most in the last round (calls per answered update):")
            for calls, query in rounds[-1].top:
                print(f"  {calls / rounds[-1].answered:6.2f}  {query}")
    finally:
        if api is not None:
            api.stop()
        server.stop()


if __name__ == "__main__":
    main()
