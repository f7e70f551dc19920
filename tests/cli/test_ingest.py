"""`release-bot ingest`: arguments, the folder it writes, overwriting, unreadable input, and the
draft passing `release-bot check` as it stands."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli.ingest import add_arguments, run
from bot.core.loader import load_knowledge_base
from tests.cli.helpers import cli
from tests.conftest import DATA

RELEASE = DATA / "releases" / "pm-salonen-albrecht-helsinki.txt"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="release-bot ingest")
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults() -> None:
    args = parse("release.txt")
    assert args.release == Path("release.txt")
    assert (args.release_id, args.out, args.order, args.publisher, args.force) == (
        None,
        None,
        0,
        None,
        False,
    )


def test_writes_the_folder_and_prints_it_with_the_review_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "salonen"
    assert run(parse(str(RELEASE), "--out", str(out), "--order", "3", "--id", "pm-salonen")) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed
    assert "Review (" in printed and "organisation of contact Paavo Niemelä unknown" in printed
    base = load_knowledge_base(out / "knowledge.yaml")
    assert (base.id, base.release.order, base.release.draft) == ("pm-salonen", 3, True)
    assert (out / "release.txt").read_bytes() == RELEASE.read_bytes()


def test_default_folder_is_knowledge_slash_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(parse(str(RELEASE))) == 0
    folder = tmp_path / "knowledge" / "prime-minister-salonen-and-german-federal-chancellor"
    assert (folder / "knowledge.yaml").is_file()
    assert "knowledge/prime-minister-salonen" in capsys.readouterr().out


def test_publisher_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x"
    assert run(parse(str(RELEASE), "--out", str(out), "--publisher", "Finnish Government")) == 0
    base = load_knowledge_base(out / "knowledge.yaml")
    assert base.release.publisher == "Finnish Government"
    assert base.contacts[0].organisation == "Finnish Government"


def test_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x"
    out.mkdir()
    (out / "knowledge.yaml").write_text("reviewed: true\n", encoding="utf-8")
    assert run(parse(str(RELEASE), "--out", str(out))) == 1
    error = capsys.readouterr().err
    assert "already exists" in error and "--force" in error and len(error.splitlines()) == 1
    assert (out / "knowledge.yaml").read_text(encoding="utf-8") == "reviewed: true\n"
    assert run(parse(str(RELEASE), "--out", str(out), "--force")) == 0
    load_knowledge_base(out / "knowledge.yaml")


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert run(parse(str(RELEASE), "--out", str(out))) == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "cannot read"), (b"\xff\xfe\x00bad", "not UTF-8"), (b"  \n\n", "empty")],
)
def test_unreadable_input_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    source = tmp_path / "release.txt"
    if content is not None:
        source.write_bytes(content)
    assert run(parse(str(source), "--out", str(tmp_path / "out"))) == 1
    error = capsys.readouterr().err
    assert reason in error and error.startswith("release-bot ingest: ")
    assert len(error.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_bad_id_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(parse(str(RELEASE), "--id", "Bad Id", "--out", str(tmp_path / "o"))) == 1
    assert "must be lower-case" in capsys.readouterr().err


def test_the_draft_passes_check_and_can_be_tried(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    written = cli("ingest", str(RELEASE), "--id", "pm-salonen", "--out", str(folder))
    assert written.code == 0, written.err
    assert written.out.splitlines()[-1] == f"Then check it with: release-bot check {folder}"
    checked = cli("check", str(folder))
    assert checked.code == 0 and "(pm-salonen: " in checked.out
    tried = cli("ask", "--knowledge", str(folder), "who met whom")
    assert tried.code == 0 and "Albrecht" in tried.out


def test_a_missing_release_file_exits_1_as_a_process(tmp_path: Path) -> None:
    result = cli("ingest", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert result.code == 1 and result.err.startswith("release-bot ingest: cannot read")
    assert "Traceback" not in result.err and not (tmp_path / "out").exists()


def test_help_exits_0() -> None:
    result = cli("ingest", "--help")
    assert result.code == 0 and "--out" in result.out and "--publisher" in result.out
