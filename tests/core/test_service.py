"""KnowledgeService: reloading swaps in a new engine only when the new base is valid, and drafts
are never served."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from bot.core.bundled import bundled_knowledge_path
from bot.core.problems import KnowledgeError
from bot.core.service import KnowledgeService
from tests.cli.helpers import SMALL_ID, SMALL_RELEASE
from tests.conftest import RELEASE_ID

TOPICS_ANSWER = "Tram lines, bicycle lanes and winter road maintenance."


def knowledge_file(root: Path, release_id: str = SMALL_ID) -> Path:
    return root / release_id / "knowledge.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_draft(root: Path, release_id: str = SMALL_ID) -> None:
    edit(knowledge_file(root, release_id), "\nrelease:\n", "\nrelease:\n  draft: true\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A folder of releases holding a copy of the small test release only."""
    folder = tmp_path / "knowledge"
    shutil.copytree(SMALL_RELEASE, folder / SMALL_ID)
    return folder


def add_bundled(root: Path) -> None:
    shutil.copytree(bundled_knowledge_path() / RELEASE_ID, root / RELEASE_ID)


def test_serves_the_base_it_was_given(root: Path) -> None:
    service = KnowledgeService(root)
    assert service.release_ids == [SMALL_ID]
    assert TOPICS_ANSWER in service.engine.ask("What did they discuss?").body
    assert service.load_seconds > 0


def test_reload_takes_in_an_edited_base(root: Path) -> None:
    service = KnowledgeService(root)
    edit(knowledge_file(root), TOPICS_ANSWER, "They talked about ferries")
    result = service.reload()
    assert (result.ok, result.message) == (True, f"Reloaded: {SMALL_ID}")
    assert "They talked about ferries" in service.engine.ask("What did they discuss?").body


def test_reload_takes_in_a_new_release(root: Path) -> None:
    service = KnowledgeService(root)
    add_bundled(root)
    assert service.reload().ok
    assert sorted(service.release_ids) == sorted([SMALL_ID, RELEASE_ID])


def test_a_broken_base_is_refused_and_the_last_good_one_kept(root: Path) -> None:
    service = KnowledgeService(root)
    before, loaded_at = service.engine, service.loaded_at
    edit(knowledge_file(root), "    related: [meeting]", "    related: [nowhere]")
    edit(knowledge_file(root), TOPICS_ANSWER, "Broken edit")
    result = service.reload()
    assert not result.ok
    heading, problem = result.message.splitlines()
    assert heading == "Reload refused, still serving the previous version:"
    assert problem.startswith(f"{knowledge_file(root)}:") and "'nowhere' is not the id" in problem
    assert service.engine is before and service.loaded_at == loaded_at
    assert TOPICS_ANSWER in service.engine.ask("What did they discuss?").body


def test_a_base_that_is_broken_at_start_up_is_fatal(root: Path) -> None:
    edit(knowledge_file(root), "release:", "releese:")
    with pytest.raises(KnowledgeError):
        KnowledgeService(root)


def test_drafts_are_not_served(root: Path, caplog: pytest.LogCaptureFixture) -> None:
    add_bundled(root)
    make_draft(root)
    with caplog.at_level(logging.WARNING, logger="bot.core.service"):
        service = KnowledgeService(root)
    assert service.release_ids == [RELEASE_ID]
    assert f"not serving {SMALL_ID}: it is a draft" in caplog.text


def test_only_drafts_cannot_be_served(root: Path) -> None:
    make_draft(root)
    with pytest.raises(KnowledgeError) as refused:
        KnowledgeService(root)
    (problem,) = refused.value.problems
    assert (problem.field, problem.message) == ("release.draft", "every release is a draft")


def test_a_reload_to_only_drafts_keeps_serving(root: Path) -> None:
    service = KnowledgeService(root)
    before = service.engine
    make_draft(root)
    result = service.reload()
    assert not result.ok and "every release is a draft" in result.message
    assert service.engine is before and service.release_ids == [SMALL_ID]


def test_a_reviewed_draft_is_served_after_a_reload(root: Path) -> None:
    add_bundled(root)
    make_draft(root)
    service = KnowledgeService(root)
    edit(knowledge_file(root), "  draft: true\n", "  draft: false\n")
    assert service.reload().ok
    assert sorted(service.release_ids) == sorted([SMALL_ID, RELEASE_ID])
