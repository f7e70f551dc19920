"""The loader refuses broken knowledge bases with file, line and field; the shipped one passes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import KnowledgeError, load_knowledge_base, load_library
from tests.conftest import ROOT

RELEASE_TEXT = (
    "Alpha met Beta in Paris\n"
    "Minister Alpha met Minister Beta in Paris. They discussed trade.\n"
    "Inquiries: Jane Doe, Adviser, tel. +358 40 123 4567"
)

VALID = """\
release:
  id: test-release
  headline: Alpha met Beta in Paris
  publisher: Ministry of Tests
  language: en
  text: release.txt
  summary: Alpha met Beta.
contacts:
  - name: Jane Doe
    title: Adviser
    organisation: Ministry of Tests
    phone: +358 40 123 4567
    phone_e164: "+358401234567"
facts:
  - id: meeting
    questions: [Who met whom]
    answer: Alpha met Beta.
    source:
      - Minister Alpha met Minister Beta in Paris.
    related: [trade]
  - id: trade
    questions: [What did they discuss]
    answer: Trade.
    source:
      - They discussed trade.
not_stated:
  - id: meeting_when
    questions: [When]
    answer: The release does not say when.
"""


def write_kb(folder: Path, yaml_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.txt").write_text(RELEASE_TEXT, encoding="utf-8")
    path = folder / "knowledge.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(path)
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_knowledge_base_loads(tmp_path: Path) -> None:
    base = load_knowledge_base(write_kb(tmp_path, VALID))
    assert base.id == "test-release"
    ids = [e.id for e in base.entries]
    assert ids[:3] == ["meeting", "trade", "meeting_when"]  # as written, then what is derived
    assert {"contact", "summary", "greeting", "thanks"} <= set(ids[3:])
    assert base.entry("meeting_when").kind is EntryKind.NOT_STATED
    assert base.contact.phone_e164 == "+358401234567"


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = VALID.replace("    questions: [What did they discuss]", "    questions: [What did")
    path = write_kb(tmp_path, broken)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "(yaml): syntax error" in problem
    assert int(problem.split(":")[1]) >= line_of(broken, "questions: [What did")


def test_missing_field_names_its_path_and_the_record_line(tmp_path: Path) -> None:
    broken = VALID.replace("    answer: Trade.\n", "")
    path = write_kb(tmp_path, broken)
    assert problems_of(path) == [
        f"{path}:{line_of(broken, 'id: trade')}: facts[1].answer: is missing"
    ]


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace("    answer: Trade.\n", "    answer: Trade.\n    answr: typo\n")
    path = write_kb(tmp_path, broken)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(broken, 'answr:')}: facts[1].answr: unknown field")


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace("  - id: trade", "  - id: meeting").replace("related: [trade]", "")
    path = write_kb(tmp_path, broken)
    (problem,) = problems_of(path)
    second = [i for i, line in enumerate(broken.splitlines(), 1) if "id: meeting" in line][1]
    assert problem == f"{path}:{second}: facts[1].id: 'meeting' is already used by facts[0]"


def test_related_id_must_exist(tmp_path: Path) -> None:
    broken = VALID.replace("related: [trade]", "related: [trade, weather]")
    path = write_kb(tmp_path, broken)
    (problem,) = problems_of(path)
    line = line_of(broken, "related: [trade, weather]")
    assert problem == f"{path}:{line}: facts[0].related[1]: 'weather' is not the id of any entry"


def test_source_quote_must_be_verbatim(tmp_path: Path) -> None:
    broken = VALID.replace("      - They discussed trade.", "      - They discussed trade deals.")
    path = write_kb(tmp_path, broken)
    (problem,) = problems_of(path)
    line = line_of(broken, "They discussed trade deals.")
    assert problem == f"{path}:{line}: facts[1].source[0]: is not verbatim in the release text"


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    broken = (
        VALID.replace("related: [trade]", "related: [nothing]")
        .replace("      - They discussed trade.", "      - They invented this.")
        .replace("    answer: The release does not say when.", "    answer: It was on Monday.")
    )
    problems = problems_of(write_kb(tmp_path, broken))
    assert len(problems) == 3
    assert any("not_stated[0].answer: must say plainly" in p for p in problems)


def test_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace("    answer: Trade.\n", "    answer: Trade.\n    answer: Other.\n")
    (problem,) = problems_of(write_kb(tmp_path, broken))
    assert "facts[1].answer: is given twice" in problem


def test_phone_e164_must_match_the_printed_number(tmp_path: Path) -> None:
    broken = VALID.replace('"+358401234567"', '"+358401234568"')
    (problem,) = problems_of(write_kb(tmp_path, broken))
    assert "contacts[0].phone_e164" in problem and "differs" in problem


def test_wrong_types_are_refused(tmp_path: Path) -> None:
    broken = VALID.replace("questions: [Who met whom]", "questions: Who met whom")
    (problem,) = problems_of(write_kb(tmp_path, broken))
    assert "facts[0].questions: must be a list of text" in problem


def test_library_reports_problems_across_release_folders(tmp_path: Path) -> None:
    write_kb(tmp_path / "good", VALID)
    write_kb(tmp_path / "also-good", VALID.replace("id: test-release", "id: other-release"))
    write_kb(tmp_path / "dup", VALID)
    with pytest.raises(KnowledgeError) as caught:
        load_library(tmp_path)
    assert "release.id: 'test-release' is also the id of" in str(caught.value)


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"no knowledge\.yaml found"):
        load_library(tmp_path)


# -- the shipped knowledge base -------------------------------------------------------------


def release_sentences(text: str) -> list[str]:
    """Sentences of the release: the headline and contact lines whole, paragraphs split."""
    sentences = []
    for line in text.splitlines():
        sentences.extend(s for s in re.split(r"(?<=[.!?\"”])\s+(?=[\"“A-Z])", line.strip()) if s)
    return sentences


# SHA-256 of ../shared/release/release.txt, the release as the ministry published it.
ORIGINAL_SHA256 = "f77fadedf0c6f44a480e594bce42a87fc2192b1b44ac3e8b86d23004819d2dca"


def test_shipped_release_text_is_the_verbatim_original(base: KnowledgeBase) -> None:
    """Runs in any clone: against the recorded digest, and byte for byte where shared/ is."""
    assert base.path is not None
    shipped = (base.path.parent / "release.txt").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == ORIGINAL_SHA256
    original = ROOT.parent / "shared" / "release" / "release.txt"
    if original.exists():
        assert shipped == original.read_bytes()


def test_every_sentence_of_the_release_is_covered_by_a_fact(base: KnowledgeBase) -> None:
    quotes = [q for entry in base.entries_of(EntryKind.FACT) for q in entry.sources]
    sentences = release_sentences(base.release.text)
    assert len(sentences) >= 19  # the splitter really splits the paragraphs
    uncovered = [s for s in sentences if not any(s in quote for quote in quotes)]
    assert uncovered == []


def test_shipped_knowledge_base_states_no_date(base: KnowledgeBase) -> None:
    assert base.release.date is None
    assert base.entry("meeting_when") is not None


@pytest.mark.parametrize(
    ("printed", "e164", "ok"),
    [
        ("+358 40 123 4567", "+358401234567", True),
        ("040 123 4567", "+358401234567", True),  # national form, trunk 0
        ("(09) 1234 5678", "+358912345678", True),
        ("040 123 4567", "+358401234568", False),
        ("+358 40 123 4567", "+35840123456", False),
    ],
)
def test_printed_phone_may_be_national(tmp_path: Path, printed: str, e164: str, ok: bool) -> None:
    text = VALID.replace("    phone: +358 40 123 4567", f'    phone: "{printed}"').replace(
        '"+358401234567"', f'"{e164}"'
    )
    path = write_kb(tmp_path, text)
    if ok:
        assert load_knowledge_base(path).contact.phone == printed
    else:
        assert "contacts[0].phone_e164" in problems_of(path)[0]
