"""Chats' choices shared by replicas: a release or language chosen through one holds on all."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.replicas.chat_choices import ChatChoice, PostgresChatChoices
from bot.replicas.database import ANSWERS, CHATS, SharedDatabase
from tests.replicas.conftest import sql

DEFAULT = "newest-release"


async def test_a_release_chosen_through_one_replica_holds_on_another(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    first, second = PostgresChatChoices(replica()), PostgresChatChoices(replica())
    assert await second.chosen(1) == ChatChoice()
    await first.choose_release(1, "older-release", DEFAULT)
    assert await second.chosen(1) == ChatChoice(release="older-release")
    assert await second.chosen(2) == ChatChoice()  # each chat its own
    await second.choose_release(1, DEFAULT, DEFAULT)  # the default again: nothing to keep
    assert await first.chosen(1) == ChatChoice()
    assert sql(database_url, f"SELECT * FROM {CHATS}") == []  # no row left behind


async def test_a_language_is_kept_beside_the_release(
    replica: Callable[[], SharedDatabase],
) -> None:
    choices = PostgresChatChoices(replica())
    await choices.choose_release(5, "older-release", DEFAULT)
    await choices.choose_language(5, "fi")
    assert await choices.chosen(5) == ChatChoice(release="older-release", language="fi")
    await choices.choose_release(5, DEFAULT, DEFAULT)
    assert await choices.chosen(5) == ChatChoice(language="fi")
    await choices.choose_language(5, None)
    assert await choices.chosen(5) == ChatChoice()


async def test_malformed_choices_are_not_kept(replica: Callable[[], SharedDatabase]) -> None:
    choices = PostgresChatChoices(replica())
    await choices.choose_release(6, "../../etc/passwd", DEFAULT)
    await choices.choose_language(6, "<script>")
    assert await choices.chosen(6) == ChatChoice()


async def test_choices_expire_and_are_forgotten(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    choices = PostgresChatChoices(replica())
    await choices.choose_release(7, "older-release", DEFAULT)
    await choices.choose_release(8, "older-release", DEFAULT)
    sql(database_url, f"UPDATE {CHATS} SET chosen_at = now() - interval '31 days' "
        "WHERE chat_id = 7")  # fmt: skip
    assert await choices.chosen(7) == ChatChoice()  # expired, even before the purge
    await choices.choose_language(7, "sv")  # the expired release is not brought back
    assert await choices.chosen(7) == ChatChoice(language="sv")
    sql(database_url, f"UPDATE {CHATS} SET chosen_at = now() - interval '31 days' "
        "WHERE chat_id = 7")  # fmt: skip
    await choices.purge()
    assert sql(database_url, f"SELECT chat_id FROM {CHATS}") == [(8,)]


async def test_without_the_database_a_chat_gets_the_defaults(
    caplog: pytest.LogCaptureFixture,
) -> None:
    database = SharedDatabase("postgresql://bot:hunter2@127.0.0.1:1/nothing")
    try:
        choices = PostgresChatChoices(database)
        with caplog.at_level(logging.WARNING):
            await choices.choose_release(1, "older-release", DEFAULT)  # logged, not raised
            assert await choices.chosen(1) == ChatChoice()
        assert "answering with the defaults" in caplog.text and "hunter2" not in caplog.text
    finally:
        await database.close()


async def test_a_follow_up_on_another_replica_knows_the_last_answer(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    first, second = PostgresChatChoices(replica()), PostgresChatChoices(replica())
    await first.choose_language(9, "fi")
    await first.remember_answer(9, "a-release", "meeting")
    assert await second.chosen(9) == ChatChoice(language="fi", last_answer=("a-release", "meeting"))
    await second.remember_answer(9, "a-release", "location")
    assert (await first.chosen(9)).last_answer == ("a-release", "location")
    sql(database_url, f"UPDATE {ANSWERS} SET answered_at = now() - interval '2 hours'")
    assert await first.chosen(9) == ChatChoice(language="fi")  # too old to follow up on
    await first.purge()
    assert sql(database_url, f"SELECT * FROM {ANSWERS}") == []
