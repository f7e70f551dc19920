"""Throughput and latency of the real bot Application against the fake Bot API on loopback.

Usage: python benchmarks/bot_throughput.py [--messages N] [--users N]

Pushes N questions from many users at once into the fake Bot API (tests/fake_bot_api.py), lets
the real python-telegram-bot Application poll and answer them, and prints answered messages per
second and the median and 99th percentile time from an update reaching the Application to its
reply arriving at the Bot API. The rate limiter is switched off for the measurement: with it, the
figure would be capped at Telegram's own limit (about 30 messages a second). Target: 300/s.
The fake server runs in a process of its own, as Telegram would be another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import defaultdict
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path

from telegram import Update
from telegram.ext import Application, TypeHandler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.bundled import bundled_knowledge_path  # noqa: E402
from bot.core.service import KnowledgeService  # noqa: E402
from bot.settings import Secret, Settings  # noqa: E402
from bot.telegram_edge.application import build_application  # noqa: E402
from bot.telegram_edge.runner import run  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402

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
TARGET_PER_SECOND = 300


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fake_api_process(conn: Connection, messages: int, users: int) -> None:
    """The fake Bot API in its own process, so it does not share the bot's interpreter lock.

    Sends (token, base URL), waits for "go", pushes the questions, and sends back the push
    time and (chat id, monotonic time) for every reply; CLOCK_MONOTONIC is shared by processes."""
    with FakeBotApi() as api:
        conn.send((api.token, api.base_url))
        conn.recv()
        pushed_at = time.monotonic()
        for n in range(messages):
            api.push_update(api.private_message(10_000 + n % users, QUESTIONS[n % len(QUESTIONS)]))
        while len(sends := [c for c in api.calls("sendMessage") if c.status == 200]) < messages:
            time.sleep(0.01)
        conn.send((pushed_at, [(c.params["chat_id"], c.time) for c in sends]))
        conn.recv()


async def measure(conn: Connection, messages: int, users: int) -> None:
    token, base_url = conn.recv()
    knowledge = bundled_knowledge_path()
    settings = Settings(
        token=Secret(token),
        knowledge_path=knowledge,
        api_base_url=base_url,
        user_messages_per_minute=1_000_000,
    )
    app: Application = build_application(settings, KnowledgeService(knowledge), rate_limit=False)
    received: dict[int, list[float]] = defaultdict(list)

    async def stamp(update: Update, _context: object) -> None:
        if update.effective_chat is not None:
            received[update.effective_chat.id].append(time.monotonic())

    app.add_handler(TypeHandler(Update, stamp), group=-2)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run(app, settings, stop=stop, handle_signals=False, ready=ready))
    await ready.wait()
    await asyncio.sleep(0.2)
    conn.send("go")
    pushed_at, sends = await asyncio.to_thread(conn.recv)
    stop.set()
    await task
    conn.send("done")

    replies: dict[int, list[float]] = defaultdict(list)
    for chat_id, sent_at in sends:
        replies[chat_id].append(sent_at)
    latencies = [  # each chat's n-th reply answers its n-th question
        1000 * (sent - got)
        for chat_id, sent_times in replies.items()
        for got, sent in zip(received[chat_id], sorted(sent_times), strict=False)
    ]
    rate = messages / (max(t for _, t in sends) - pushed_at)
    print(f"messages: {messages} from {users} users, answered: {len(sends)}")
    print(
        f"answered per second: {rate:.0f}   (target {TARGET_PER_SECOND}; "
        f"ratio {rate / TARGET_PER_SECOND:.2f})"
    )
    print(
        f"update at the Application -> reply at the Bot API: median "
        f"{statistics.median(latencies):.1f} ms   p99 {percentile(latencies, 0.99):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    ours, theirs = Pipe()
    server = Process(target=fake_api_process, args=(theirs, args.messages, args.users))
    server.start()
    try:
        asyncio.run(measure(ours, args.messages, args.users))
    finally:
        server.join(timeout=10)
        server.kill()


if __name__ == "__main__":
    main()
