"""Throughput, CPU and latency of the bot beside a bare python-telegram-bot bot, through the same
fake Bot API on loopback.

Usage: python benchmarks/bot_throughput.py [--messages N] [--users N] [--pairs N]
                                           [--transport httpx|lean] [--without-log]
       python benchmarks/bot_throughput.py --profile FILE.html   (one run of ours, pyinstrument)

Each run pushes N questions from many users at once into the fake Bot API (tests/fake_bot_api.py,
in a process of its own, as Telegram would be another machine), lets the bot poll and answer
them, and measures answered messages per second (first push to last reply), the bot process's
CPU time per answered message, and the time from an update reaching the Application to its
reply reaching the Bot API (median and 99th percentile).

The questions are the development set's (tests/data/dev/bundled_dev.yaml: 387 questions as people
type them, follow-ups left out), in turn, so that every kind of answer, decline and "did you
mean" is asked, and about a quarter of them are written to the question log, as they would be.

"Ours" is the real Application (`build_application`, `run`) with RELEASE_BOT_RATE_LIMIT=0: with
the limiter on, both would be held to Telegram's own limit of about 30 messages a second.
"Bare" is the least python-telegram-bot bot that gives the same replies: its own Updater, one
MessageHandler, the same number of updates at once, and for each question the very text and
buttons ours sends (worked out once, before the runs; the script prints how many of ours' replies
were that text: a chat's earlier answer can change a reply to "what did he say?"). The two
alternate, pair after pair, the first of each pair swapped every time, so that a machine getting
busier or quieter weighs on both; the script prints each pair's ratios (ours / bare: throughput
and CPU per answered message) and their medians. Absolute rates move
with whatever else the machine runs: read the ratios.

`--without-log` adds a third run to every pair: ours with nothing written to the question log
(its recording policy says no to every question), to show what the log's commit before each
reply it records costs; the log stays on in "ours".

Transports (`--transport`): `httpx` (the default) sends with python-telegram-bot's own
HTTPXRequest, as both bots ship; `lean` sends with an experimental transport over asyncio's
streams (benchmarks/lean_transport.py, not shipped), to see how much of each bot's CPU is the
transport. Both bots always use the same one, so the ratios compare the bots' own work.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, MessageHandler, TypeHandler, filters
from telegram.request import HTTPXRequest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lean_transport import StreamRequest  # noqa: E402
from bot.core.answers import render_html  # noqa: E402
from bot.core.bundled import bundled_knowledge_path  # noqa: E402
from bot.core.service import KnowledgeService  # noqa: E402
from bot.settings import Settings, SettingsLoader  # noqa: E402
from bot.telegram_edge import application, questions  # noqa: E402
from bot.telegram_edge.application import (  # noqa: E402
    CONCURRENT_UPDATES,
    POLL_TIMEOUT,
    build_application,
)
from bot.telegram_edge.keyboards import build_reply_keyboard  # noqa: E402
from bot.telegram_edge.runner import run  # noqa: E402
from bot.telegram_edge.sending import NO_PREVIEW  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402

QUESTION_SET = ROOT / "tests" / "data" / "dev" / "bundled_dev.yaml"


def load_questions(path: Path = QUESTION_SET) -> list[str]:
    """The set's questions in its order, without the follow-ups (`after`: they need the
    question before them) and without duplicates."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return list(dict.fromkeys(str(i["q"]) for i in items if "after" not in i))


QUESTIONS = load_questions()
TARGET_RATIO = 0.9  # throughput of ours / bare
TARGET_CPU_RATIO = 1.1  # CPU per answered message of ours / bare


@dataclass(frozen=True)
class Run:
    bot: str
    rate: float  # answered messages a second
    cpu_ms: float  # the bot process's CPU per answered message
    system_ms: float  # of which in the kernel (sending and receiving on sockets)
    median_ms: float  # update at the Application -> reply at the Bot API
    p99_ms: float
    same_text: float  # share of replies whose text is the one the bare bot sends


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
        conn.send((pushed_at, [(c.params["chat_id"], c.time, c.params["text"]) for c in sends]))
        conn.recv()


def cpu_since(started: os.times_result) -> tuple[float, float]:
    """CPU seconds of this process (every thread) since `started`: (user + system, system)."""
    now = os.times()
    system = now.system - started.system
    return now.user - started.user + system, system


def our_settings(token: str, base_url: str, data_dir: str) -> Settings:
    return SettingsLoader(
        {
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": base_url,
            "RELEASE_BOT_KNOWLEDGE": str(bundled_knowledge_path()),
            "RELEASE_BOT_DATA_DIR": data_dir,
            "RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "1000000",
            "RELEASE_BOT_RATE_LIMIT": "0",
        }
    ).all()


def bare_replies() -> dict[str, tuple[str, InlineKeyboardMarkup]]:
    """For each question, the text and buttons our bot sends for it (to a chat without an
    earlier answer)."""
    engine = KnowledgeService(bundled_knowledge_path()).engine
    return {
        q: (render_html(reply), build_reply_keyboard(reply))
        for q in QUESTIONS
        if (reply := engine.ask(q))
    }


def logged_share() -> tuple[Counter[str], float]:
    """The outcomes of the questions, and the share of them the question log records."""
    from bot.questionlog.policy import DEFAULT_LOW_CONFIDENCE, should_record

    engine = KnowledgeService(bundled_knowledge_path()).engine
    replies = [engine.ask(q) for q in QUESTIONS]
    logged = sum(should_record(r.question, r.match, DEFAULT_LOW_CONFIDENCE) for r in replies)
    return Counter(r.outcome.value for r in replies), logged / len(replies)


def bare_application(
    token: str,
    base_url: str,
    replies: dict[str, tuple[str, InlineKeyboardMarkup]],
    lean: bool = False,
) -> Application:  # type: ignore[type-arg]
    """The least python-telegram-bot bot that answers as ours does: python-telegram-bot's
    default transport for sending, or the lean one, and ours' pool sizes."""

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text in replies:
            text, buttons = replies[message.text]
            await message.reply_html(text, reply_markup=buttons, link_preview_options=NO_PREVIEW)

    app = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .concurrent_updates(CONCURRENT_UPDATES)
        .request(
            (StreamRequest if lean else HTTPXRequest)(connection_pool_size=CONCURRENT_UPDATES + 4)
        )
        .get_updates_request(HTTPXRequest(connection_pool_size=2, read_timeout=POLL_TIMEOUT + 10))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, answer))
    return app


async def serve_ours(
    conn: Connection,
    stamp: Callable[[Update, object], Any],
    profile: Path | None,
    transport: str = "httpx",
) -> tuple[float, list[tuple[int, float, str]], tuple[float, float]]:
    token, base_url = conn.recv()
    if transport == "lean":  # ours sending through the experiment (polling stays on httpx)
        application.HTTPXRequest = _lean_for_sending  # type: ignore[misc,assignment]
    with tempfile.TemporaryDirectory() as data_dir:
        settings = our_settings(token, base_url, data_dir)
        app = build_application(settings, KnowledgeService(settings.knowledge.path))
        app.add_handler(TypeHandler(Update, stamp), group=-2)
        stop, ready = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(run(app, settings, stop=stop, handle_signals=False, ready=ready))
        await ready.wait()
        await asyncio.sleep(0.3)
        profiler = start_profiler() if profile else None
        started = os.times()
        conn.send("go")
        pushed_at, sends = await asyncio.to_thread(conn.recv)
        cpu = cpu_since(started)
        if profiler is not None and profile is not None:
            stop_profiler(profiler, profile, len(sends))
        stop.set()
        await task
    return pushed_at, sends, cpu


def _lean_for_sending(**limits: Any) -> HTTPXRequest | StreamRequest:
    """What `build_application` gets for HTTPXRequest under `--transport lean`: the experiment
    for sending, httpx for the long poll (the only request with a read timeout beyond 30 s)."""
    if limits.get("read_timeout", 0) > POLL_TIMEOUT:
        return HTTPXRequest(**limits)
    return StreamRequest(**limits)


async def serve_bare(
    conn: Connection,
    stamp: Callable[[Update, object], Any],
    replies: dict[str, tuple[str, InlineKeyboardMarkup]],
    transport: str = "httpx",
) -> tuple[float, list[tuple[int, float, str]], tuple[float, float]]:
    token, base_url = conn.recv()
    app = bare_application(token, base_url, replies, lean=transport == "lean")
    app.add_handler(TypeHandler(Update, stamp), group=-2)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=POLL_TIMEOUT, drop_pending_updates=True)
        await app.start()
        await asyncio.sleep(0.3)
        started = os.times()
        conn.send("go")
        pushed_at, sends = await asyncio.to_thread(conn.recv)
        cpu = cpu_since(started)
        await app.updater.stop()
        await app.stop()
    return pushed_at, sends, cpu


def one_run(
    bot: str,
    messages: int,
    users: int,
    replies: dict[str, tuple[str, InlineKeyboardMarkup]],
    profile: Path | None = None,
    transport: str = "httpx",
) -> Run:
    ours, theirs = Pipe()
    server = Process(target=fake_api_process, args=(theirs, messages, users))
    server.start()
    received: dict[int, list[float]] = defaultdict(list)

    async def stamp(update: Update, _context: object) -> None:
        if update.effective_chat is not None:
            received[update.effective_chat.id].append(time.monotonic())

    try:
        if bot == OURS_WITHOUT_LOG:
            with nothing_logged():
                pushed_at, sends, cpu = asyncio.run(serve_ours(ours, stamp, None, transport))
        elif bot == "ours":
            pushed_at, sends, cpu = asyncio.run(serve_ours(ours, stamp, profile, transport))
        else:
            pushed_at, sends, cpu = asyncio.run(serve_bare(ours, stamp, replies, transport))
        ours.send("done")
    finally:
        server.join(timeout=10)
        server.kill()
    replied: dict[int, list[float]] = defaultdict(list)
    for chat_id, sent_at, _text in sends:
        replied[chat_id].append(sent_at)
    expected = {text for text, _buttons in replies.values()}
    latencies = [  # each chat's n-th reply answers its n-th question
        1000 * (sent - got)
        for chat_id, sent_times in replied.items()
        for got, sent in zip(received[chat_id], sorted(sent_times), strict=False)
    ]
    return Run(
        bot=bot,
        rate=messages / (max(t for _, t, _ in sends) - pushed_at),
        cpu_ms=1000 * cpu[0] / len(sends),
        system_ms=1000 * cpu[1] / len(sends),
        median_ms=statistics.median(latencies),
        p99_ms=percentile(latencies, 0.99),
        same_text=sum(text in expected for _, _, text in sends) / len(sends),
    )


OURS_WITHOUT_LOG = "ours without the log"


@contextlib.contextmanager
def nothing_logged() -> Any:
    """Ours with the question log's policy saying no to every question, for `--without-log`."""
    recorded = questions.should_record
    questions.should_record = lambda *_args: False
    try:
        yield
    finally:
        questions.should_record = recorded


def start_profiler() -> Any:
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("--profile needs pyinstrument (pip install pyinstrument)") from None
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    return profiler


def stop_profiler(profiler: Any, path: Path, answered: int) -> None:
    profiler.stop()
    path.write_text(profiler.output_html(), encoding="utf-8")
    print(f"profile of {answered} answered messages written to {path}")
    print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])


def describe(run_: Run) -> str:
    return (
        f"{run_.bot:>4}: {run_.rate:6.0f}/s  CPU {run_.cpu_ms:5.2f} ms/message "
        f"({run_.system_ms:4.2f} in the kernel)  "
        f"latency median {run_.median_ms:6.1f} ms  p99 {run_.p99_ms:6.1f} ms"
        + (f"  bare's text {100 * run_.same_text:.0f} %" if run_.bot != "bare" else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--profile", type=Path, help="profile one run of ours into this file")
    parser.add_argument(
        "--without-log",
        action="store_true",
        help="also run ours with nothing written to the question log, in every pair",
    )
    parser.add_argument(
        "--transport",
        choices=("httpx", "lean"),
        default="httpx",
        help="what both bots send with: httpx (as shipped) or the lean experiment",
    )
    args = parser.parse_args()
    replies = bare_replies()
    run_ = functools.partial(one_run, replies=replies, transport=args.transport)
    if args.profile:
        print(describe(run_("ours", args.messages, args.users, profile=args.profile)))
        return
    for bot in ("ours", "bare"):  # warm up: imports, caches, the first connections
        run_(bot, min(args.messages, 500), args.users)
    outcomes, logged = logged_share()
    print(
        f"{len(QUESTIONS)} questions ({', '.join(f'{n} {o}' for o, n in outcomes.most_common())}),"
        f" {100 * logged:.0f} % of them written to the question log"
    )
    ratios, cpu_ratios, runs = [], [], []
    for pair in range(args.pairs):
        order: tuple[str, ...] = ("ours", "bare") if pair % 2 == 0 else ("bare", "ours")
        if args.without_log:
            order = (*order, OURS_WITHOUT_LOG) if pair % 2 == 0 else (OURS_WITHOUT_LOG, *order)
        done = {bot: run_(bot, args.messages, args.users) for bot in order}
        runs.append(done)
        ratios.append(done["ours"].rate / done["bare"].rate)
        cpu_ratios.append(done["ours"].cpu_ms / done["bare"].cpu_ms)
        print(f"pair {pair + 1} ({' then '.join(order)}):", flush=True)
        for bot in order:
            print("  " + describe(done[bot]))
        print(f"  ours / bare: throughput {ratios[-1]:.2f}, CPU {cpu_ratios[-1]:.2f}", flush=True)
        if args.without_log:
            unlogged = done[OURS_WITHOUT_LOG]
            print(
                f"  ours without the log / bare: throughput "
                f"{unlogged.rate / done['bare'].rate:.2f}, "
                f"CPU {unlogged.cpu_ms / done['bare'].cpu_ms:.2f}",
                flush=True,
            )
    cpu = {bot: statistics.median(r[bot].cpu_ms for r in runs) for bot in ("ours", "bare")}
    p99 = {bot: statistics.median(r[bot].p99_ms for r in runs) for bot in ("ours", "bare")}
    print(
        f"messages per run: {args.messages} from {args.users} users; limiter off; "
        f"transport: {args.transport}"
    )
    print(
        f"throughput ours / bare: median {statistics.median(ratios):.2f} "
        f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)}; target >= {TARGET_RATIO})"
    )
    print(
        f"CPU per answered message: ours {cpu['ours']:.2f} ms, bare {cpu['bare']:.2f} ms; "
        f"ratio median {statistics.median(cpu_ratios):.2f} "
        f"(pairs: {', '.join(f'{r:.2f}' for r in cpu_ratios)}; target <= {TARGET_CPU_RATIO})"
    )
    if args.without_log:
        unlogged = [r[OURS_WITHOUT_LOG] for r in runs]
        rate = statistics.median(r[OURS_WITHOUT_LOG].rate / r["bare"].rate for r in runs)
        ratio = statistics.median(r[OURS_WITHOUT_LOG].cpu_ms / r["bare"].cpu_ms for r in runs)
        print(
            f"without the log: throughput / bare median {rate:.2f}, CPU "
            f"{statistics.median(u.cpu_ms for u in unlogged):.2f} ms, ratio median {ratio:.2f}"
        )
    print(
        f"p99 update at the Application -> reply at the Bot API: ours {p99['ours']:.1f} ms, "
        f"bare {p99['bare']:.1f} ms (medians over the runs)"
    )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
