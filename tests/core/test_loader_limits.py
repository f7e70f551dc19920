"""`release-bot check` on knowledge bases made to break the loader: too large, too deep, tagged
with types it does not read, pointing outside the release folder, or not text at all. Each is
refused with `file:line: field: message` and exit 1; none crashes the command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from bot.core import loader
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import (
    MAX_KNOWLEDGE_BYTES,
    MAX_RELEASE_TEXT_BYTES,
    KnowledgeError,
    load_knowledge_base,
)
from tests.cli.helpers import cli
from tests.core.test_loader import VALID, line_of, write_kb


def check(path: Path) -> tuple[int, list[str]]:
    """Exit code and problem lines of `release-bot check PATH`; never a traceback."""
    result = cli("check", str(path))
    assert "Traceback" not in result.err, result.err
    lines = result.err.strip().splitlines()[1:]  # after "the knowledge base was refused:"
    return result.code, lines


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on the disk."""
    with path.open("wb") as stream:
        stream.truncate(size)


def test_a_100_mb_knowledge_base_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write_kb(tmp_path, VALID)
    sparse(path, 100 * 1024 * 1024)
    code, problems = check(path)
    assert code == 1
    assert problems == [
        f"{path}:0: (file): cannot read: it is 104,857,600 bytes, "
        f"over the limit of {MAX_KNOWLEDGE_BYTES:,}"
    ]


def test_a_release_text_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = write_kb(tmp_path, VALID)
    sparse(tmp_path / "release.txt", MAX_RELEASE_TEXT_BYTES + 1)
    code, problems = check(path)
    assert code == 1
    assert problems == [
        f"{path}:{line_of(VALID, 'text: release.txt')}: release.text: cannot read release text "
        f"{tmp_path / 'release.txt'}: it is {MAX_RELEASE_TEXT_BYTES + 1:,} bytes, "
        f"over the limit of {MAX_RELEASE_TEXT_BYTES:,}"
    ]


@pytest.mark.parametrize(
    "deep",
    [
        "facts: " + "[" * 20_000 + "]" * 20_000 + "\n",  # a 20,000-deep list
        "facts:\n  " + "- " * 20_000 + "x\n",  # the same in block style
        "facts: " + "{a: " * 20_000 + "b" + "}" * 20_000 + "\n",
    ],
    ids=["flow-list", "block-list", "mapping"],
)
def test_a_20000_deep_structure_is_a_problem_not_a_crash(tmp_path: Path, deep: str) -> None:
    path = write_kb(tmp_path, VALID.replace("facts:\n", deep + "old_facts:\n", 1))
    code, problems = check(path)
    assert code == 1 and len(problems) == 1
    assert problems[0].startswith(f"{path}:") and ": (yaml): " in problems[0]


def test_without_libyaml_deep_nesting_is_reported_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML's own parser recurses, and runs out of stack: that is a problem like any other."""
    monkeypatch.setattr(loader, "_YAML_LOADER", yaml.SafeLoader)
    path = write_kb(tmp_path, VALID.replace("facts:\n", "x: " + "[" * 20_000 + "\nfacts:\n", 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:0: (yaml): nested too deeply to read"
    ]


def test_any_error_while_loading_becomes_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(base: KnowledgeBase) -> KnowledgeBase:
        raise ValueError("derived entries went wrong")

    monkeypatch.setattr(loader, "with_derived_entries", broken)
    path = write_kb(tmp_path, VALID)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:0: (file): cannot load: ValueError: derived entries went wrong"
    ]


@pytest.mark.parametrize(
    ("old", "new", "field", "tag"),
    [
        ("answer: Trade.", "answer: !!binary VHJhZGUu", "facts[1].answer", "binary"),
        ("questions: [When]", "questions: !!set {When: null}", "not_stated[0].questions", "set"),
        ("id: trade", "id: !custom trade", "facts[1].id", "!custom"),
        (
            "  - id: trade",
            "  - !!python/object:os.system\n    id: trade",
            "facts[1]",
            "python/object:os.system",
        ),
        ("publisher: Ministry of Tests", "!!python/name:os.system publisher: x", "release", "os"),
    ],
    ids=["binary", "set", "local", "python-object", "tagged-key"],
)
def test_tags_other_than_plain_values_are_refused(
    tmp_path: Path, old: str, new: str, field: str, tag: str
) -> None:
    broken = VALID.replace(old, new, 1)
    assert broken != VALID
    path = write_kb(tmp_path, broken)
    code, problems = check(path)
    assert code == 1
    tagged = [p for p in problems if "the tag" in p and "is not allowed" in p]
    assert tagged, problems
    assert tagged[0].startswith(f"{path}:{line_of(broken, new.splitlines()[0])}: {field}")
    assert tag in tagged[0]


def test_plain_values_keep_working_tagged_or_not(tmp_path: Path) -> None:
    """`!!str` and the types plain YAML resolves to (a date, a number) are still read."""
    text = VALID.replace("answer: Trade.", "answer: !!str Trade.").replace(
        "  summary: Alpha met Beta.", "  summary: Alpha met Beta.\n  date: 2019-08-19\n  order: 3"
    )
    base = load_knowledge_base(write_kb(tmp_path, text))
    assert base.release.date == "2019-08-19" and base.entry("trade").answer == "Trade."


@pytest.mark.parametrize("name", ["/etc/hostname", "../outside.txt", "sub/../../outside.txt"])
def test_release_text_must_be_in_the_release_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "outside.txt").write_text("Alpha met Beta in Paris", encoding="utf-8")
    release = tmp_path / "release"
    broken = VALID.replace("text: release.txt", f"text: {name}")
    path = write_kb(release, broken)
    code, problems = check(path)
    assert code == 1
    assert problems == [
        f"{path}:{line_of(broken, 'text: ')}: release.text: "
        f"'{name}' is not a file in the release's folder"
    ]


def test_a_link_out_of_the_release_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("Alpha met Beta in Paris", encoding="utf-8")
    release = tmp_path / "release"
    broken = VALID.replace("text: release.txt", "text: linked.txt")
    path = write_kb(release, broken)
    os.symlink(tmp_path / "outside.txt", release / "linked.txt")
    code, problems = check(path)
    assert code == 1 and problems[0].endswith("'linked.txt' is not a file in the release's folder")


def test_a_release_text_in_a_subfolder_is_fine(tmp_path: Path) -> None:
    path = write_kb(tmp_path, VALID.replace("text: release.txt", "text: texts/release.txt"))
    (tmp_path / "texts").mkdir()
    (tmp_path / "release.txt").rename(tmp_path / "texts" / "release.txt")
    assert load_knowledge_base(path).release.text.startswith("Alpha met Beta")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02", b"\xff\xfe\x00r\x00e\x00", b"- just\n- a list\n", b"release: [\n"],
    ids=["empty", "binary", "not-utf8", "a-list", "unclosed"],
)
def test_whatever_the_file_holds_check_reports_it(tmp_path: Path, content: bytes) -> None:
    path = write_kb(tmp_path, VALID)
    path.write_bytes(content)
    code, problems = check(path)
    assert code == 1 and problems and all(p.startswith(f"{path}:") for p in problems)


def test_libyaml_and_pyyaml_read_the_same_tree() -> None:
    """The fast parser gives the very nodes, tags and lines the checks were written against."""
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("knowledge/*/knowledge.yaml"), *root.glob("tests/data/**/knowledge.yaml")]
    assert files
    for file in files:
        source = file.read_text(encoding="utf-8")
        fast = yaml.compose(source, Loader=yaml.CSafeLoader)
        slow = yaml.compose(source, Loader=yaml.SafeLoader)
        assert _shape(fast) == _shape(slow), file


def _shape(node: yaml.Node | None) -> object:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, node.start_mark.line, [_shape(item) for item in node.value])
    assert isinstance(node, yaml.MappingNode)
    pairs = [(_shape(key), _shape(value)) for key, value in node.value]
    return (node.tag, node.start_mark.line, pairs)


def test_a_release_text_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """A named pipe would hang the loader (and a reload would never finish)."""
    path = write_kb(tmp_path, VALID)
    (tmp_path / "release.txt").unlink()
    os.mkfifo(tmp_path / "release.txt")
    code, problems = check(path)
    assert code == 1
    assert problems == [
        f"{path}:{line_of(VALID, 'text: release.txt')}: release.text: cannot read release text "
        f"{tmp_path / 'release.txt'}: it is not a regular file"
    ]


def test_a_release_text_name_with_a_nul_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = VALID.replace("text: release.txt", 'text: "release\\0.txt"')
    path = write_kb(tmp_path, broken)
    code, problems = check(path)
    assert code == 1
    assert problems == [
        f"{path}:{line_of(broken, 'text: ')}: release.text: 'release\\x00.txt' is not a file name"
    ]
