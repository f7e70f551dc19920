"""Three replicas of `release-bot run --webhook`, each its own process, behind HAProxy, sharing a
PostgreSQL server the test starts, all talking to one fake Bot API.

The test plays Telegram: it POSTs updates with the webhook secret through HAProxy (or straight
to a replica's port), and, like Telegram, delivers again every update that did not get a 200,
a bounded number of times with a short pause. It counts the replies the Bot API accepted per
update: group messages are answered as replies, so each reply names the message it answers.

Each test gets its own database (CREATE DATABASE on the session's server) and its own
replicas, HAProxy and Bot API, all stopped even when the test fails. Without PostgreSQL or
HAProxy the tests are skipped with the reason (RELEASE_BOT_REQUIRE_POSTGRES=1 and
RELEASE_BOT_REQUIRE_HAPROXY=1 turn those skips into failures; `.ci/run` sets both).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import random
import re
import shutil
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from bot.telegram_edge import texts
from bot.telegram_edge.callback_data import Action, encode
from tests.conftest import DATA, RELEASE_ID, ROOT
from tests.fake_bot_api import BOT_USERNAME, FakeBotApi
from tests.haproxy import (
    SECRET_HEADER,
    WEBHOOK_PATH,
    HAProxy,
    ReplicaSet,
    haproxy_binary,  # noqa: F401 - the fixture
)
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture
from tests.telegram_edge.helpers import SECRET, webhook_env

REPLICAS = 3
SECOND = "fi-pmo-fictional-trade-talks"  # a second, newer release (tests/data/second_release)
QUESTIONS = [
    "who met whom?",
    "where was the meeting",
    "when was this?",
    "what about cybercrime",
    "phone number?",
    "Konovalof?",
]
DELIVERY_ATTEMPTS = 40
DELIVERY_PAUSE = 0.15  # seconds before an update that did not get a 200 is delivered again


class TelegramApi(FakeBotApi):
    """The fake Bot API, knowing the updates the test posts to the webhooks as if it had issued
    them (their callback query ids, the messages they carry)."""

    def known(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._remember(update)
        return update


@dataclass
class Cluster:
    """The fake Bot API, the replicas, HAProxy in front of them, and Telegram's side of the
    webhook: posting updates and delivering again those that did not get a 200."""

    api: TelegramApi
    replicas: ReplicaSet
    haproxy: HAProxy
    client: httpx.AsyncClient = field(init=False)
    next_update: int = 1000
    statuses: Counter[str] = field(default_factory=Counter)  # every answer to every POST

    def __post_init__(self) -> None:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self.client = httpx.AsyncClient(trust_env=False, limits=limits, timeout=20)

    # -- updates, numbered and known to the Bot API -------------------------------------------

    def numbered(self, update: dict[str, Any]) -> dict[str, Any]:
        self.next_update += 1
        return self.api.known({**update, "update_id": self.next_update})

    def private(self, user: int, text: str) -> dict[str, Any]:
        return self.numbered(self.api.private_message(user, text))

    def group(self, user: int, text: str) -> dict[str, Any]:
        """A question to the bot (a mention) in the user's own supergroup."""
        chat = group_of(user)
        mention = f"@{BOT_USERNAME} {text}"
        return self.numbered(self.api.group_message(chat, user, mention, chat_type="supergroup"))

    def button(self, user: int, data: str) -> dict[str, Any]:
        return self.numbered(self.api.callback_query(user, data))

    # -- Telegram's side of the webhook -------------------------------------------------------

    def url(self, via: str | None) -> str:
        """The webhook through HAProxy (`via` None) or straight at replica `via` ("r1"...)."""
        if via is None:
            return f"{self.haproxy.url}{WEBHOOK_PATH}"
        return f"http://127.0.0.1:{self.replicas.ports[via]}{WEBHOOK_PATH}"

    async def post(self, update: dict[str, Any], via: str | None = None) -> int | str:
        """One delivery: the HTTP status, or the name of the error when there was no answer."""
        headers = {SECRET_HEADER: SECRET}
        try:
            response = await self.client.post(self.url(via), json=update, headers=headers)
        except httpx.HTTPError as error:
            outcome: int | str = type(error).__name__
        else:
            outcome = response.status_code
        self.statuses[str(outcome)] += 1
        return outcome

    async def deliver(self, update: dict[str, Any], via: str | None = None) -> list[int | str]:
        """Deliver until the webhook answers 200, as Telegram does; every outcome, in order."""
        outcomes: list[int | str] = []
        for _attempt in range(DELIVERY_ATTEMPTS):
            outcome = await self.post(update, via)
            outcomes.append(outcome)
            if outcome == 200:
                return outcomes
            await asyncio.sleep(DELIVERY_PAUSE)
        raise AssertionError(
            f"update {update['update_id']} got no 200 in {DELIVERY_ATTEMPTS} deliveries: "
            f"{outcomes}\n{self.replicas.logs()}"
        )

    async def deliver_all(
        self, updates: list[dict[str, Any]], concurrency: int, via: str | None = None
    ) -> None:
        """Deliver every update through HAProxy, `concurrency` at a time (Telegram's
        max_connections), each until it gets its 200."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for update in updates:
            queue.put_nowait(update)

        async def worker() -> None:
            while not queue.empty():
                await self.deliver(queue.get_nowait(), via)

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    # -- what the Bot API was asked to send ---------------------------------------------------

    def texts_to(self, chat_id: int) -> list[str]:
        return [
            c.params["text"]
            for c in self.api.calls("sendMessage")
            if c.ok and c.params.get("chat_id") == chat_id
        ]

    def replies(self) -> Counter[tuple[int, int]]:
        """How many replies each group message got: (chat id, message id) -> count."""
        counts: Counter[tuple[int, int]] = Counter()
        for call in self.api.calls("sendMessage"):
            reply_to = call.params.get("reply_parameters")
            if call.ok and isinstance(reply_to, dict):
                counts[(int(call.params["chat_id"]), int(reply_to["message_id"]))] += 1
        return counts

    def answered(self) -> list[float]:
        """Questions each replica answered (its release_bot_questions_total)."""
        return [replica.metric("release_bot_questions_total") for replica in self.replicas]

    def warnings(self) -> Counter[str]:
        """The replicas' WARNING and ERROR lines, by logger and the start of the message."""
        seen: Counter[str] = Counter()
        for replica in self.replicas:
            for line in replica.log_file.read_text(errors="replace").splitlines():
                _, _, rest = line.partition(" WARNING ")
                if not rest:
                    _, _, rest = line.partition(" ERROR ")
                if rest:
                    seen[re.sub(r"\d+", "N", rest)[:110]] += 1
        return seen

    async def finish(self, killed: tuple[str, ...] = ()) -> None:
        """Stop the replicas: the ones not killed exit 0, without a traceback."""
        codes = await asyncio.to_thread(self.replicas.stop)
        for replica in self.replicas:
            if replica.name in killed:
                assert codes[replica.name] == -signal.SIGKILL
                continue
            assert codes[replica.name] == 0, f"{replica.name}: {codes}\n{replica.log_tail()}"
            assert "Traceback" not in replica.log_file.read_text(errors="replace"), (
                replica.log_tail(200)
            )


def group_of(user: int) -> int:
    return -1_000_000_000_000 - user


def key(update: dict[str, Any]) -> tuple[int, int]:
    message = update["message"]
    return int(message["chat"]["id"]), int(message["message_id"])


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:  # noqa: F811 - the fixture
    """A database of its own on the session's server: the URL for the replicas."""
    name = f"replicas_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:{postgres_server.port}/{name}"
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def library(tmp_path: Path, knowledge_root: Path) -> Path:
    """A knowledge folder with the bundled release and a fictional newer one (the default)."""
    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, root)
    shutil.copytree(DATA / "second_release" / SECOND, root / SECOND)
    return root


@pytest.fixture
async def start_cluster(
    haproxy_binary: Path,  # noqa: F811 - the fixture
    database: str,
    knowledge_root: Path,
    tmp_path: Path,
) -> AsyncIterator[Callable[..., Cluster]]:
    """`start_cluster(knowledge=None, **settings)`: three replicas over `database` behind
    HAProxy, with a Bot API of their own; everything is stopped after the test."""
    started: list[Cluster] = []
    parts: list[Any] = []

    def start(knowledge: Path | None = None, **settings: str) -> Cluster:
        api = TelegramApi()
        api.start()
        parts.append(api)
        env = webhook_env(
            api,
            0,
            **{
                "RELEASE_BOT_DATABASE_URL": database,
                "RELEASE_BOT_KNOWLEDGE": str(knowledge or knowledge_root),
                "RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "100000",  # no flood guard but where asked
                "RELEASE_BOT_RATE_LIMIT": "0",
                **settings,
            },
        )
        replicas = ReplicaSet(REPLICAS, env, tmp_path / "replicas")
        parts.append(replicas)
        replicas.start()
        haproxy = HAProxy(haproxy_binary, replicas.ports)
        parts.append(haproxy)
        haproxy.start()
        cluster = Cluster(api, replicas, haproxy)
        started.append(cluster)
        return cluster

    try:
        yield start
    finally:
        for cluster in started:
            await cluster.client.aclose()
        for part in reversed(parts):  # HAProxy, the replicas, then the Bot API
            with suppress(Exception):
                part.stop()


# -- the tests ----------------------------------------------------------------------------------


def test_the_operators_example_config_is_valid(
    haproxy_binary: Path,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    """deploy/haproxy.cfg passes `haproxy -c` (with a throwaway certificate) and retries on
    another replica as the test config does."""
    text = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    for needed in (
        "retry-on conn-failure empty-response",
        "option redispatch",
        "option http-buffer-request",
        "http-check send meth GET uri /healthz",
        "balance roundrobin",
    ):
        assert needed in text, needed
    certificate = tmp_path / "release-bot.pem"
    openssl = shutil.which("openssl")
    if openssl is not None:
        made = subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=bot.example.org", "-keyout", str(tmp_path / "key.pem"),
             "-out", str(tmp_path / "cert.pem")],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        pem = (tmp_path / "cert.pem").read_text() + (tmp_path / "key.pem").read_text()
        certificate.write_text(pem)
        text = text.replace("/etc/haproxy/certs/release-bot.pem", str(certificate))
    else:  # no way to make a certificate here: check the rest of the config
        text = re.sub(r" ssl crt \S+", "", text)
    try:
        pwd.getpwnam("haproxy")
    except KeyError:  # HAProxy not installed from Debian's package: no haproxy user
        text = re.sub(r"(?m)^\s*(user|group) haproxy$", "", text)
    config = tmp_path / "haproxy.cfg"
    config.write_text(text)
    checked = subprocess.run(
        [str(haproxy_binary), "-c", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_one_update_delivered_to_every_replica_is_answered_once(
    start_cluster: Callable[..., Cluster],
) -> None:
    cluster = start_cluster()
    everywhere: list[str | None] = [replica.name for replica in cluster.replicas]
    everywhere.append(None)  # and through HAProxy
    for n in range(5):
        user = 9100 + n
        update = cluster.private(user, QUESTIONS[n % len(QUESTIONS)])
        # at the same moment to each replica's port and through HAProxy
        outcomes = await asyncio.gather(*(cluster.post(update, via) for via in everywhere))
        assert set(outcomes) <= {200, 503}, outcomes
        # Telegram delivers again whatever did not get a 200
        for via, outcome in zip(everywhere, outcomes, strict=True):
            if outcome != 200:
                await cluster.deliver(update, via)
        # and once more, one after another
        for via in everywhere:
            assert await cluster.post(update, via) == 200
        await asyncio.sleep(0.2)
        assert len(cluster.texts_to(user)) == 1, (outcomes, cluster.texts_to(user))

    # a new update delivered one after another: answered by the first, acknowledged by the rest
    user = 9200
    update = cluster.private(user, "who met whom?")
    for via in everywhere:
        assert await cluster.deliver(update, via) == [200]
    await asyncio.sleep(0.2)
    assert len(cluster.texts_to(user)) == 1, cluster.texts_to(user)
    await cluster.finish()


async def test_300_updates_from_30_users_are_each_answered_once(
    start_cluster: Callable[..., Cluster],
) -> None:
    cluster = start_cluster()
    users = range(20_001, 20_031)
    updates = [
        cluster.group(user, QUESTIONS[n % len(QUESTIONS)]) for n in range(10) for user in users
    ]
    random.Random(13).shuffle(updates)
    await cluster.deliver_all(updates, concurrency=24)
    await asyncio.sleep(0.3)
    replies = cluster.replies()
    assert set(replies) == {key(update) for update in updates}
    twice = {k: count for k, count in replies.items() if count != 1}
    assert not twice, f"answered more than once: {twice}"
    answered = cluster.answered()
    print(f"answered by each replica: {answered}; statuses {dict(cluster.statuses)}")
    print("replicas' warnings:", dict(cluster.warnings()))
    assert all(count > 0 for count in answered), answered  # spread over the replicas
    assert sum(answered) == len(updates)
    await cluster.finish()


async def test_a_release_chosen_through_one_replica_holds_on_the_others(
    start_cluster: Callable[..., Cluster], library: Path
) -> None:
    cluster = start_cluster(library)
    user, other = 7101, 7102
    names = [replica.name for replica in cluster.replicas]

    async def answer_on(via: str | None, asker: int = user) -> str:
        before = len(cluster.texts_to(asker))
        await cluster.deliver(cluster.private(asker, "who met whom?"), via)
        (text,) = cluster.texts_to(asker)[before:]
        return text

    # the default is the newest release, on every replica
    assert "Virtanen" in await answer_on("r1")

    await cluster.deliver(cluster.private(user, f"/start {RELEASE_ID}"), "r1")  # a deep link
    for via in [*names[1:], None]:
        assert "Konovalov" in await answer_on(via), via

    # a button pressed on another replica switches back, for every replica
    choose_second = encode(Action.RELEASE, SECOND)
    assert choose_second is not None
    await cluster.deliver(cluster.button(user, choose_second), "r3")
    for via in [*names, None]:
        assert "Virtanen" in await answer_on(via), via

    # another chat's choice is its own
    for via in names:
        assert "Virtanen" in await answer_on(via, other), via
    await cluster.finish()


async def test_one_users_flood_across_replicas_is_limited_as_on_one(
    start_cluster: Callable[..., Cluster],
) -> None:
    cluster = start_cluster(RELEASE_BOT_USER_MESSAGES_PER_MINUTE="6")  # bursts of 3
    flooder, bystander = 8101, 8102
    names = [replica.name for replica in cluster.replicas]
    for n in range(12):  # one after another, each to the next replica
        await cluster.deliver(cluster.private(flooder, f"who met whom {n}"), names[n % len(names)])
    await asyncio.sleep(0.3)
    sent = cluster.texts_to(flooder)
    notices = [text for text in sent if text == texts.FLOOD_NOTICE]
    print(f"to the flooder: {len(sent) - len(notices)} answers, {len(notices)} notices")
    assert len(notices) == 1, sent
    assert len(sent) - len(notices) == 3, sent  # the burst, as one replica allows it

    # the flooder's bucket does not hold anyone else up, on any replica
    for via in names:
        before = len(cluster.texts_to(bystander))
        await cluster.deliver(cluster.private(bystander, "where was the meeting"), via)
        assert "Moscow" in cluster.texts_to(bystander)[before], via
    await cluster.finish()


async def test_a_replica_killed_in_a_burst_loses_nothing(
    start_cluster: Callable[..., Cluster],
) -> None:
    cluster = start_cluster()
    users = range(30_001, 30_011)
    updates = [
        cluster.group(user, QUESTIONS[n % len(QUESTIONS)]) for n in range(10) for user in users
    ]
    victim = cluster.replicas[1]
    in_hand = -1

    async def kill_midway() -> None:
        nonlocal in_hand
        while len(cluster.replies()) < 25:
            await asyncio.sleep(0.005)
        # stopped first, so that what it has in hand can be counted (HAProxy's open sessions to
        # it: an update it holds has its request open), then killed
        assert victim.process is not None
        victim.process.send_signal(signal.SIGSTOP)
        await asyncio.sleep(0.05)
        in_hand = int(cluster.haproxy.stats()[victim.name]["scur"])
        victim.kill()

    killer = asyncio.create_task(kill_midway())
    await cluster.deliver_all(updates, concurrency=16)
    await killer
    await asyncio.sleep(0.3)
    replies = cluster.replies()
    missing = {key(update) for update in updates} - set(replies)
    assert not missing, f"never answered: {sorted(missing)}"
    duplicates = sum(count - 1 for count in replies.values())
    print(
        f"killed {victim.name} with {in_hand} requests open to it; {duplicates} updates "
        f"answered twice; statuses {dict(cluster.statuses)}"
    )
    print("replicas' warnings:", dict(cluster.warnings()))
    assert 0 <= duplicates <= in_hand
    assert max(replies.values()) <= 2
    cluster.haproxy.wait_server_down(victim.name)
    await cluster.finish(killed=(victim.name,))


async def test_a_replica_stalled_while_claiming_does_not_hold_the_update(
    start_cluster: Callable[..., Cluster], database: str
) -> None:
    """A replica that stalls for a moment (CPU starvation, a VM pause; here SIGSTOP) just as
    its claim is committed: Telegram's next deliveries are answered, once, by some replica."""
    cluster = start_cluster()
    for via in ("r1", "r2", "r3"):  # the tables exist; every replica has its connections
        await cluster.deliver(cluster.private(7400, "who met whom?"), via)
    user = 7401
    update = cluster.private(user, "who met whom?")
    stalled = cluster.replicas[0]
    assert stalled.process is not None
    with (
        psycopg.connect(database) as blocker,
        psycopg.connect(database, autocommit=True) as watcher,
    ):
        # an uncommitted row with the same update id holds the replica's claim on the server
        blocker.execute(
            "INSERT INTO release_bot_update_claims VALUES (%s, 'claimed', 1, now(), 1)",
            (update["update_id"],),
        )
        posted = asyncio.create_task(cluster.post(update, stalled.name))
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        deadline = time.monotonic() + 5
        while not watcher.execute(waiting).fetchall()[0][0]:
            assert time.monotonic() < deadline, "the replica's claim never waited"
            await asyncio.sleep(0.002)
        os.kill(stalled.process.pid, signal.SIGSTOP)
        blocker.rollback()  # the claim goes ahead on the server, while the replica is stopped
        await asyncio.sleep(0.7)
        os.kill(stalled.process.pid, signal.SIGCONT)
        first = await posted
    outcomes: list[int | str] = [first]
    deadline = time.monotonic() + 8  # longer than a replica's pause after a failed statement
    while outcomes[-1] != 200 and time.monotonic() < deadline:
        await asyncio.sleep(0.3)
        outcomes.append(await cluster.post(update))
    print(f"deliveries: {outcomes}")
    assert outcomes[-1] == 200, outcomes
    await asyncio.sleep(0.2)
    assert len(cluster.texts_to(user)) == 1
    await cluster.finish()
