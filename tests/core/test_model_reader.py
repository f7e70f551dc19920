"""The structured model in knowledge.yaml: read, cross-checked, and refused with file, line and
field when a record is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.knowledge import MeetingStatus
from bot.core.loader import KnowledgeError, load_knowledge_base
from bot.core.model_reader import VerbatimText, squash
from tests.conftest import DATA

SECOND = DATA / "second_release" / "fi-pmo-fictional-trade-talks"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(SECOND, tmp_path / "release")
    return tmp_path / "release"


def edit(folder: Path, old: str, new: str) -> Path:
    path = folder / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_base(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_structured_records_are_read(folder: Path) -> None:
    base = load_knowledge_base(folder / "knowledge.yaml")
    (meeting,) = base.meetings
    assert meeting.participants == ("virtanen", "tamm") and meeting.place == "tallinn"
    assert meeting.status is MeetingStatus.HELD and meeting.time == "on Monday 2 September 2024"
    assert [t.id for t in base.topics] == ["trade", "energy_links", "ferry_connection"]
    (quote,) = base.quotes
    assert quote.speaker == "virtanen" and quote.topic == "trade"
    assert base.person("tamm") is not None and base.person("tamm").country == "Estonia"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "participants: [virtanen, tamm]",
            "participants: [virtanen, nobody]",
            "meetings[0].participants[1]: 'nobody' is no person or office",
        ),
        ("    place: tallinn\n", "    place: riga\n", "meetings[0].place: 'riga' is not the id"),
        (
            "    status: held",
            "    status: cancelled",
            "meetings[0].status: must be held or planned",
        ),
        ("    speaker: virtanen", "    speaker: tamm2", "quotes[0].speaker: 'tamm2' is not the id"),
        ("    topic: trade", "    topic: tourism", "quotes[0].topic: 'tourism' is not the id"),
        (
            "text: Our economies are closely linked",
            "text: Our economies are loosely linked",
            "quotes[0].text: is not verbatim",
        ),
        ("  - id: energy_links", "  - id: trade", "topics[1].id: 'trade' is already used"),
        (
            "participants: [virtanen, tamm]",
            "participants: [virtanen]",
            "meetings[0].participants: needs two or more",
        ),
    ],
)
def test_broken_records_are_refused_with_line_and_field(
    folder: Path, old: str, new: str, expected: str
) -> None:
    path = edit(folder, old, new)
    found = problems(path)
    assert any(expected in problem for problem in found), found
    assert all(problem.startswith(f"{path}:") for problem in found)


def test_a_source_that_is_not_in_the_release_is_refused(folder: Path) -> None:
    path = edit(
        folder,
        "      - The Prime Ministers discussed trade, energy links",
        "      - The Prime Ministers discussed tariffs, energy links",
    )
    assert any("topics[0].source[0]: is not verbatim" in p for p in problems(path))


def test_release_url_and_publication_date_are_checked(folder: Path) -> None:
    path = edit(folder, "  order: 2\n", '  order: 2\n  url: ftp://x\n  published: "2 Sept"\n')
    found = problems(path)
    assert any("release.url: 'ftp://x' is not an https:// address" in p for p in found)
    assert any("release.published: '2 Sept' is not a date" in p for p in found)


def test_squash_straightens_quotes_and_spaces() -> None:
    assert squash("“Our  economies”\n are ’linked’") == "\"Our economies\" are 'linked'"


@pytest.mark.parametrize(
    "quote",
    [
        "Prime Minister Maija Virtanen met Prime Minister of Estonia Kalle Tamm",  # at the start
        "met Prime Minister of Estonia Kalle Tamm in Tallinn",  # from a word inside a sentence
        "inister of Estonia",  # from inside a word
        "They",  # shorter than a chunk
        "“Prime  Minister\n Maija Virtanen met",  # spaces and curly quotes as squash makes them
    ],
)
def test_verbatim_text_finds_what_in_finds(quote: str) -> None:
    text = (SECOND / "release.txt").read_text(encoding="utf-8")
    verbatim = VerbatimText(text)
    assert (squash(quote) in squash(text)) is (quote not in verbatim.missing([quote]))


def test_verbatim_text_finds_many_quotes_at_once() -> None:
    text = "\n".join(f'Sentence {n} says "{n} is a number", and "so on".' for n in range(3000))
    quotes = [f'Sentence {n} says "{n} is a number",' for n in range(0, 3000, 7)]
    quotes += [f"{n} is a number" for n in range(0, 3000, 11)]  # after a quotation mark
    wrong = ["Sentence 12 says 13", "so on and on", 'ber", and']
    assert VerbatimText(text).missing([*quotes, *wrong]) == set(wrong[:2])
