"""Writing a draft as a release folder (bot.ingest.writer): release.txt byte for byte, and a
commented knowledge.yaml that `release-bot check` accepts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core.loader import load_knowledge_base
from bot.ingest import ingest_text, render_yaml, write_draft
from tests.ingest.conftest import NORRBACK, RELEASES, SALONEN, release_text


def test_release_check_accepts_every_draft(
    release_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = ingest_text(release_file.read_text(encoding="utf-8"), None)
    folder = write_draft(draft, tmp_path / "drafts" / draft.release_id)
    assert folder == tmp_path / "drafts" / draft.release_id
    assert main(["check", str(folder)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1].startswith(f"ok: {folder / 'knowledge.yaml'} ({draft.release_id}: ")
    assert all(line.startswith("warning: ") for line in printed[:-1])  # the review markers


def test_the_yaml_reads_back_as_the_drafts_data(release_file: Path) -> None:
    draft = ingest_text(release_file.read_text(encoding="utf-8"), None, publisher="Ministry: Tests")
    assert yaml.safe_load(render_yaml(draft)) == draft.data


def test_release_text_is_kept_byte_for_byte(release_file: Path, tmp_path: Path) -> None:
    original = release_file.read_bytes()
    draft = ingest_text(original.decode("utf-8"), None)
    folder = write_draft(draft, tmp_path / "out")
    assert (folder / "release.txt").read_bytes() == original


def test_crlf_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = "\ufeff" + (RELEASES / "pm-salonen-albrecht-helsinki.txt").read_text().replace(
        "\n", "\r\n"
    )
    draft = ingest_text(text, None)
    folder = write_draft(draft, tmp_path / "out")
    assert (folder / "release.txt").read_bytes() == text.encode("utf-8")
    base = load_knowledge_base(folder / "knowledge.yaml")
    assert base.release.headline.startswith("Prime Minister Salonen")
    assert len(draft.quotes) == 2


def test_yaml_is_block_style_commented_and_lists_the_review(tmp_path: Path) -> None:
    draft = ingest_text((RELEASES / "moj-norrback-oslo-undated.txt").read_text(), None)
    text = render_yaml(draft)
    assert text.startswith("# DRAFT knowledge base")
    assert "# Review list" in text and "REVIEW: organisation" in text
    assert "\nrelease:\n  id: " in text and "\nfacts:\n  - id: summary\n" in text
    assert yaml.safe_load(text) == draft.data


def test_knowledge_yaml_has_unix_line_ends_whatever_the_release_has(tmp_path: Path) -> None:
    text = release_text(SALONEN).replace("\n", "\r\n")
    folder = write_draft(ingest_text(text, None), tmp_path / "out")
    written = (folder / "knowledge.yaml").read_bytes().decode("utf-8")
    assert "\r" not in written and written.count("\n") > 100


def test_short_lists_of_short_words_on_one_line_the_rest_as_blocks() -> None:
    written = render_yaml(ingest_text(release_text(SALONEN), None))
    assert "    participants: [salonen, albrecht]\n" in written
    assert "\n    questions:\n      - What is this release about?\n" in written
    assert "[Who met whom?" not in written  # questions are never run together


def test_names_and_quote_marks_are_written_as_printed_not_escaped() -> None:
    written = render_yaml(ingest_text(release_text(SALONEN), None))
    assert "name: Paavo Niemelä\n" in written
    assert "“" in written and "\\x" not in written and "\\u" not in written


def test_every_section_has_its_comment() -> None:
    written = render_yaml(ingest_text(release_text(SALONEN), None))
    for comment, section in [
        ("# The release. `draft: true` marks it as not yet reviewed.", "release"),
        ("# Press contacts as printed; phone_e164 must hold the same digits as phone.", "contacts"),
        ("# Facts. Each answer comes from its `source` sentences, copied exactly.", "facts"),
        ("# Direct quotes, verbatim, with their speaker.", "quotes"),
        ("# What people ask and the release does not say.", "not_stated"),
        ("# Greetings, thanks and help.", "smalltalk"),
    ]:
        assert f"\n{comment}\n{section}:\n" in written


def test_the_review_list_is_wrapped_as_comments() -> None:
    draft = ingest_text(release_text(SALONEN), None)
    lines = render_yaml(draft).splitlines()
    assert lines.index("# Review list (what the ingest was unsure about):") < 10
    start = next(i for i, line in enumerate(lines) if "organisation of contact Paavo" in line)
    listed = lines[start : start + 2]
    assert listed == [
        "#   - organisation of contact Paavo Niemelä unknown: 'REVIEW: organisation' written (give",
        "#     --publisher or fix it)",
    ]


def test_a_draft_with_nothing_to_review_still_says_to_check_every_entry() -> None:
    draft = dataclasses.replace(ingest_text(release_text(NORRBACK), None), review=())
    nothing = "# Review list: nothing in particular; still check every entry."
    assert f"\n{nothing}\n" in render_yaml(draft)


def test_write_draft_into_an_existing_folder_replaces_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "knowledge.yaml").write_text("old", encoding="utf-8")
    draft = ingest_text((RELEASES / SALONEN).read_text(encoding="utf-8"), "x-1")
    write_draft(draft, folder)
    assert load_knowledge_base(folder / "knowledge.yaml").id == "x-1"
