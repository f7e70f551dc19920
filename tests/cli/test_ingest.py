"""`release-bot ingest`: arguments, the folder it writes, overwriting, unreadable input, the
draft passing `release-bot check` as it stands (its review markers as warnings), and refused once
it is marked reviewed with a marker left."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli.ingest import add_arguments, run
from bot.core.loader import load_knowledge_base
from tests.cli.helpers import cli
from tests.conftest import DATA

RELEASE = DATA / "releases" / "pm-salonen-albrecht-helsinki.txt"
CORPUS_RELEASE = DATA / "ingest_corpus" / "06-pm-kettunen-riga.txt"
PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")


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


def test_check_warns_of_each_review_marker_of_a_draft_and_passes(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    assert cli("ingest", str(RELEASE), "--id", "pm-salonen", "--out", str(folder)).code == 0
    checked = cli("check", str(folder))
    assert checked.code == 0, checked.err
    *warnings, ok = checked.out.splitlines()
    assert ok.startswith(f"ok: {folder / 'knowledge.yaml'} (pm-salonen: ")
    found = [PROBLEM.match(line.removeprefix("warning: ")) for line in warnings]
    assert all(found) and len(found) == 3
    assert [m["field"] for m in found if m] == [
        "release.publisher",
        "contacts[0].organisation",
        "contacts[1].organisation",
    ]
    lines = (folder / "knowledge.yaml").read_text(encoding="utf-8").splitlines()
    assert all("REVIEW:" in lines[int(m["line"]) - 1] for m in found if m)


def test_check_refuses_a_marker_once_draft_true_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    assert cli("ingest", str(RELEASE), "--out", str(folder)).code == 0
    file = folder / "knowledge.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("  draft: true\n", ""), "utf-8")
    refused = cli("check", str(folder))
    assert refused.code == 1 and refused.out == ""
    heading, *problems = refused.err.strip().splitlines()
    assert heading == "release-bot: the knowledge base was refused:"
    matches = [PROBLEM.match(line) for line in problems]
    assert all(matches) and {m["file"] for m in matches if m} == {str(file)}
    assert "release.publisher" in {m["field"] for m in matches if m}


def test_a_release_with_every_marker_resolved_needs_no_draft_flag(tmp_path: Path) -> None:
    """A corpus release with a publisher line, a contact block and nothing left to review."""
    folder = tmp_path / "riga"
    written = cli("ingest", str(CORPUS_RELEASE), "--id", "riga", "--out", str(folder))
    assert written.code == 0 and "Review (" in written.out
    assert (
        "REVIEW:"
        not in (folder / "knowledge.yaml").read_text(encoding="utf-8").split("# The release.")[1]
    )
    file = folder / "knowledge.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("  draft: true\n", ""), "utf-8")
    checked = cli("check", str(folder))
    assert checked.code == 0 and checked.out.startswith("ok: ") and "warning" not in checked.out
    asked = cli("ask", "--knowledge", str(folder), "What is the press secretary's phone number?")
    assert asked.code == 0 and "+358 295 160 412" in asked.out
