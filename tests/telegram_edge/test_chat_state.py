"""The data folder and the chats' chosen releases: JSON that cannot run code, written
atomically; damaged files moved aside; a folder others can write to refused; choices bounded and
expiring. The attacks run `release-bot run` in its own process over two releases."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.replicas.chat_choices import FOLLOW_UP_S
from bot.telegram_edge import chat_state
from bot.telegram_edge.chat_state import (
    CHAT_STATE_FILE,
    LEGACY_PICKLE,
    ChatChoice,
    ChatChoices,
    DataDirError,
    RecentAnswers,
    prepare_data_dir,
)
from tests.conftest import DATA, RELEASE_ID
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import cli_env, run_cli, start_process, stop_process, texts_to

SECOND = "fi-pmo-fictional-trade-talks"  # dated, so the default
USER = 7101


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


class Planted:
    """Unpickling this makes a folder: proof that the pickle ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def library(tmp_path: Path, knowledge_root: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, root)
    shutil.copytree(DATA / "second_release" / SECOND, root / SECOND)
    return root


def start(api: FakeBotApi, library: Path, data: Path) -> subprocess.Popen[str]:
    env = cli_env(api, RELEASE_BOT_KNOWLEDGE=str(library), RELEASE_BOT_DATA_DIR=str(data))
    process = start_process(env, "run")
    deadline = time.monotonic() + 20
    while not api.calls("getUpdates"):
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the bot never polled"
        time.sleep(0.05)
    return process


def ask(api: FakeBotApi, text: str, user: int = USER) -> str:
    """Push a question; the text of the answer."""
    before = len(texts_to(api, user))
    api.push_update(api.private_message(user, text))
    api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == user, count=before + 1, timeout=15)
    return texts_to(api, user)[before]


def saved(data: Path) -> dict[str, dict[str, object]]:
    chats: dict[str, dict[str, object]] = json.loads((data / CHAT_STATE_FILE).read_text())["chats"]
    return chats


# -- attacks, through `release-bot run` --------------------------------------------------------


def test_a_planted_pickle_is_never_run_and_the_choice_survives_a_restart(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path
) -> None:
    data, marker = tmp_path / "data", tmp_path / "pwned"
    data.mkdir(mode=0o700)
    (data / LEGACY_PICKLE).write_bytes(pickle.dumps(Planted(marker)))
    process = start(fake_bot_api, library, data)
    try:
        assert "Virtanen" in ask(fake_bot_api, "who met whom?")  # the default release
        ask(fake_bot_api, f"/start {RELEASE_ID}")
    finally:
        stderr = stop_process(process)
    assert not marker.exists()
    assert f"ignoring {LEGACY_PICKLE}" in stderr
    assert list(saved(data)) == [str(USER)]
    assert stat.S_IMODE((data / CHAT_STATE_FILE).stat().st_mode) == 0o600

    process = start(fake_bot_api, library, data)
    try:
        assert "Konovalov" in ask(fake_bot_api, "who met whom?")  # the choice was kept
    finally:
        stop_process(process)
    assert not marker.exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"format": "release-bot chat releases", "version": 1, "chats": {"7101": {"rel',
        b"\x00\xff\x13garbage",
        "pickle",
        b'{"format": "release-bot chat releases", "version": 1, "chats": {"7101": ["x"]}}',
    ],
    ids=["empty", "truncated", "corrupted", "pickle", "wrong-shape"],
)
def test_a_damaged_state_file_is_moved_aside_and_the_bot_starts_empty(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path, damage: bytes | str
) -> None:
    data, marker = tmp_path / "data", tmp_path / "pwned"
    data.mkdir(mode=0o700)
    planted = pickle.dumps(Planted(marker)) if damage == "pickle" else damage
    assert isinstance(planted, bytes)
    (data / CHAT_STATE_FILE).write_bytes(planted)
    process = start(fake_bot_api, library, data)
    try:
        assert "Virtanen" in ask(fake_bot_api, "who met whom?")  # no choice: the default
        ask(fake_bot_api, f"/start {RELEASE_ID}")
        deadline = time.monotonic() + 10
        while not (data / CHAT_STATE_FILE).exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # written within about a second of the choice
        assert "Konovalov" in ask(fake_bot_api, "who met whom?")
    finally:
        stderr = stop_process(process)
    (aside,) = data.glob(f"{CHAT_STATE_FILE}.damaged-*")
    assert aside.read_bytes() == planted  # kept for a look, never read again
    assert "is damaged" in stderr and "moved aside" in stderr
    assert list(saved(data)) == [str(USER)]
    assert not marker.exists()


def test_a_choice_survives_the_process_being_killed(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    process = start(fake_bot_api, library, data)
    try:
        ask(fake_bot_api, f"/start {RELEASE_ID}")
        time.sleep(2)  # the choice is written within about a second
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    assert list(saved(data)) == [str(USER)]
    assert not list(data.glob(f".{CHAT_STATE_FILE}.*"))  # no half-written file left


def test_the_data_folder_is_created_private(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path
) -> None:
    data = tmp_path / "new" / "data"
    process = start(fake_bot_api, library, data)
    try:
        ask(fake_bot_api, "what's the weather in Oulu?")  # logged: the question log is created
        ask(fake_bot_api, f"/start {RELEASE_ID}")
    finally:
        stop_process(process)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [path for path in data.iterdir() if path.is_file()]
    assert {path.name for path in files} >= {CHAT_STATE_FILE, "questions.sqlite3"}
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}


def test_a_data_folder_writable_by_others_is_refused(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777)
    result = run_cli(cli_env(fake_bot_api, RELEASE_BOT_DATA_DIR=str(data)), "run")
    assert result.returncode == ExitCode.USAGE
    assert "Traceback" not in result.stderr
    (reason,) = [line for line in result.stderr.splitlines() if "cannot start" in line]
    assert "is writable by other users (mode 0777)" in reason and "chmod 0700" in reason
    assert not fake_bot_api.calls()
    assert list(data.iterdir()) == []  # nothing read, nothing written


# -- the store itself ----------------------------------------------------------------------


async def test_only_non_default_choices_are_kept_and_they_expire(tmp_path: Path) -> None:
    clock = Clock()
    store = ChatChoices.load(tmp_path, clock=clock)
    store.choose(1, RELEASE_ID, default_release=SECOND)
    store.choose(2, SECOND, default_release=SECOND)  # the default: nothing to keep
    store.choose(3, RELEASE_ID, default_release=SECOND)
    store.choose(3, SECOND, default_release=SECOND)  # back to the default: forgotten
    assert (store.get(1), store.get(2), store.get(3)) == (RELEASE_ID, None, None)
    await store.close()
    assert list(saved(tmp_path)) == ["1"]

    clock.now += (chat_state.CHOICE_DAYS + 1) * 86_400
    store = ChatChoices.load(tmp_path, clock=clock)
    assert store.get(1) is None and len(store) == 0  # expired
    await store.close()
    assert saved(tmp_path) == {}


async def test_a_language_is_kept_beside_the_release_across_restarts(tmp_path: Path) -> None:
    store = ChatChoices.load(tmp_path)
    await store.choose_language(1, "fi")
    await store.choose_release(1, RELEASE_ID, default_release=SECOND)
    await store.choose_language(2, "sv")
    await store.choose_language(3, "<b>")  # malformed: nothing kept
    await store.close()
    store = ChatChoices.load(tmp_path)
    assert await store.chosen(1) == ChatChoice(release=RELEASE_ID, language="fi")
    assert await store.chosen(2) == ChatChoice(language="sv")
    assert await store.chosen(3) == ChatChoice()
    await store.choose_language(2, None)  # back to automatic: the chat is forgotten
    await store.choose_release(1, SECOND, default_release=SECOND)
    assert await store.chosen(1) == ChatChoice(language="fi")
    await store.close()
    assert saved(tmp_path) == {
        "1": {"language": "fi", "chosen_at": saved(tmp_path)["1"]["chosen_at"]}
    }


async def test_the_last_answer_is_kept_in_memory_only(tmp_path: Path) -> None:
    store = ChatChoices.load(tmp_path)
    await store.remember_answer(1, RELEASE_ID, "meeting")
    await store.choose_language(2, "fi")
    assert await store.chosen(1) == ChatChoice(last_answer=(RELEASE_ID, "meeting"))
    await store.close()
    assert list(saved(tmp_path)) == ["2"]  # never written: it is for the next question only
    assert await ChatChoices.load(tmp_path).chosen(1) == ChatChoice()


def test_the_last_answer_is_forgotten_after_an_hour() -> None:
    clock = Clock()
    recent = RecentAnswers(clock=clock)
    recent.remember(1, RELEASE_ID, "meeting")
    clock.now += FOLLOW_UP_S - 1
    assert recent.last(1) == (RELEASE_ID, "meeting")
    clock.now += 2
    assert recent.last(1) is None


async def test_a_choice_expires_while_the_bot_runs(tmp_path: Path) -> None:
    clock = Clock()
    store = ChatChoices.load(tmp_path, clock=clock)
    store.choose(1, RELEASE_ID, default_release=SECOND)
    clock.now += chat_state.CHOICE_DAYS * 86_400 - 60
    assert store.get(1) == RELEASE_ID
    clock.now += 120
    assert store.get(1) is None and len(store) == 0
    await store.close()
    assert saved(tmp_path) == {}


def test_the_oldest_choices_go_first_beyond_the_cap(tmp_path: Path) -> None:
    clock = Clock()
    store = ChatChoices(tmp_path / CHAT_STATE_FILE, max_chats=3, clock=clock)
    for chat in range(10):
        clock.now += 1
        store.choose(chat, RELEASE_ID, default_release=SECOND)
    assert [store.get(chat) for chat in range(10)] == [None] * 7 + [RELEASE_ID] * 3


async def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = ChatChoices.load(tmp_path)
    store.choose(1, RELEASE_ID, default_release=SECOND)
    await store.save()
    before = (tmp_path / CHAT_STATE_FILE).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chat_state.os, "fsync", disk_full)
    store.choose(2, RELEASE_ID, default_release=SECOND)
    await store.save()
    assert (tmp_path / CHAT_STATE_FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [CHAT_STATE_FILE]  # no temporary file left
    assert "could not save the chats' releases: No space left on device" in caplog.text

    monkeypatch.undo()
    await store.close()  # tried again, and it works now
    assert sorted(saved(tmp_path)) == ["1", "2"]


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.json"
    secret.write_text('{"format": "release-bot chat releases", "version": 1, "chats": {}}')
    data = tmp_path / "data"
    data.mkdir()
    (data / CHAT_STATE_FILE).symlink_to(secret)
    store = ChatChoices.load(data)
    assert len(store) == 0 and not (data / CHAT_STATE_FILE).is_symlink()
    assert secret.exists()  # the link was moved aside, not its target


def test_prepare_data_dir_refuses_what_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataDirError, match="is not a folder"):
        prepare_data_dir(tmp_path / "file")
    with pytest.raises(DataDirError, match="cannot create"):
        prepare_data_dir(tmp_path / "file" / "below")
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o1777)  # even with the sticky bit: others can plant files
    with pytest.raises(DataDirError, match="writable by other users"):
        prepare_data_dir(shared)
    made = prepare_data_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
