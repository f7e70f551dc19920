"""Several releases: cross-release matching with a current release, /releases, deep links, and
the chat's choice surviving a restart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.core.answers import render_plain
from bot.core.engine import Engine
from bot.core.loader import load_library
from bot.telegram_edge.callback_data import Action, encode
from bot.telegram_edge.chat_state import CHAT_STATE_FILE
from tests.conftest import DATA, RELEASE_ID, start_bot
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import ask, buttons, send

SECOND = "fi-pmo-fictional-trade-talks"
SECOND_DIR = DATA / "second_release" / SECOND
USER = 7001


@pytest.fixture
def library(tmp_path: Path, knowledge_root: Path) -> Path:
    """A knowledge folder with the bundled release and a fictional newer one."""
    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, root)
    shutil.copytree(SECOND_DIR, root / SECOND)
    return root


@pytest.fixture
def engine2(library: Path) -> Engine:
    return Engine(load_library(library))


def test_newest_release_is_current_by_default(engine2: Engine) -> None:
    assert engine2.default_release == SECOND  # it has a date; the bundled one has none
    assert [b.id for b in engine2.releases()] == [SECOND, RELEASE_ID]


def test_a_question_both_answer_goes_to_the_current_release(engine2: Engine) -> None:
    assert engine2.ask("who met whom?").base.id == SECOND
    assert engine2.ask("who met whom?", RELEASE_ID).base.id == RELEASE_ID


def test_a_question_only_one_release_answers_goes_there(engine2: Engine) -> None:
    reply = engine2.ask("what did they say about cybercrime", SECOND)
    assert reply.base.id == RELEASE_ID
    reply = engine2.ask("what did Virtanen say about trade", RELEASE_ID)
    assert reply.base.id == SECOND and reply.fact_id == "quote_trade"


def test_answers_name_their_release_and_carry_its_contact(engine2: Engine) -> None:
    text = render_plain(engine2.ask("what did Virtanen say about trade"))
    assert text.startswith("Release: Prime Minister Virtanen")
    assert "Aino Laine" in text and "Koskentausta" not in text
    text = render_plain(engine2.ask("who is konovalov"))
    assert "Release: Minister Häkkänen" in text and "Koskentausta" in text


def test_one_release_does_not_name_itself(engine: Engine) -> None:
    assert not render_plain(engine.ask("who met whom")).startswith("Release:")


async def test_releases_command_buttons_and_deep_link(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path
) -> None:
    bot = await start_bot(
        fake_bot_api, library, env={"RELEASE_BOT_DATA_DIR": str(tmp_path / "state")}
    )
    try:
        listing = await ask(bot, "/releases", USER)
        assert "Virtanen" in listing["text"] and "Häkkänen" in listing["text"]
        choices = buttons(listing)
        assert len(choices) == 2
        assert (await ask(bot, "who met whom?", USER))["text"].find("Virtanen") >= 0

        choose_bundled = encode(Action.RELEASE, RELEASE_ID)
        assert choose_bundled in [b["callback_data"] for b in choices]
        await send(bot, fake_bot_api.callback_query(USER, choose_bundled), USER)
        assert "Konovalov" in (await ask(bot, "who met whom?", USER))["text"]

        other = USER + 1
        assert "Konovalov" in (await ask(bot, f"/start {RELEASE_ID}", other))["text"]
        assert "Konovalov" in (await ask(bot, "who met whom?", other))["text"]
    finally:
        assert await bot.finish() == 0


async def test_the_chosen_release_survives_a_restart(
    fake_bot_api: FakeBotApi, library: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    bot = await start_bot(fake_bot_api, library, env={"RELEASE_BOT_DATA_DIR": str(state)})
    try:
        await ask(bot, f"/start {RELEASE_ID}", USER)
    finally:
        assert await bot.finish() == 0
    assert (state / CHAT_STATE_FILE).exists()

    bot = await start_bot(fake_bot_api, library, env={"RELEASE_BOT_DATA_DIR": str(state)})
    try:
        assert "Konovalov" in (await ask(bot, "who met whom?", USER))["text"]
        assert "Virtanen" in (await ask(bot, "who met whom?", USER + 5))["text"]
    finally:
        assert await bot.finish() == 0


# -- drafts from release-bot ingest ----------------------------------------------------------


def test_ingested_draft_is_checked_and_askable_but_not_served(
    tmp_path: Path, knowledge_root: Path
) -> None:
    import subprocess
    import sys

    from bot.core.service import KnowledgeService

    library = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, library)
    release = sorted((DATA / "releases").glob("*.txt"))[0]
    run = [sys.executable, "-m", "bot"]
    made = subprocess.run(
        [*run, "ingest", str(release), "--id", "draft-one", "--out", str(library / "draft-one")],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    assert subprocess.run([*run, "check", str(library)], capture_output=True).returncode == 0
    asked = subprocess.run(
        [*run, "ask", "--json", "--knowledge", str(library / "draft-one"), "who met whom?"],
        capture_output=True,
        text=True,
    )
    assert asked.returncode == 0 and '"release": "draft-one"' in asked.stdout

    service = KnowledgeService(library)
    assert service.release_ids == [RELEASE_ID]  # the draft waits for review
    draft = library / "draft-one" / "knowledge.yaml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    if "REVIEW:" in text:  # published with its review items open: refused, the rest serves on
        refused = service.reload()
        assert not refused.ok and "REVIEW" in refused.message
        assert service.release_ids == [RELEASE_ID]
        reviewed = re.sub(r"REVIEW: ?", "", text.replace("draft: true", "draft: false"))
        draft.write_text(reviewed, encoding="utf-8")
    assert service.reload().ok and sorted(service.release_ids) == sorted([RELEASE_ID, "draft-one"])
