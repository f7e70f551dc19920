"""The command line in several languages: `ask --json` says the reply's language, `ask
--language` chooses it, and `check` validates every language version of a release."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.helpers import cli
from tests.conftest import DATA

VERSIONS = DATA / "language_versions"
RELEASE = VERSIONS / "fictional-lakes-lumola-station"
FIELDS = {
    "question",
    "status",
    "fact_id",
    "score",
    "answer",
    "suggestions",
    "release",
    "sources",
    "parts",
    "language",
}


def ask_json(*args: str) -> dict[str, object]:
    result = cli("ask", "--json", *args)
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    assert set(data) == FIELDS  # the protocol gains `language`'s meaning, no other field
    return data


def test_json_language_is_the_reply_s_language() -> None:
    assert ask_json("who met whom?")["language"] == "en"
    finnish = ask_json("kenet häkkänen tapasi?")
    assert finnish["language"] == "fi" and finnish["fact_id"] == "meeting"
    assert isinstance(finnish["answer"], str) and "Tiedotteesta:" in finnish["answer"]
    # the bundled release is in English only: its sentences are quoted as published
    assert finnish["sources"] == ask_json("who met whom?")["sources"]


def test_the_language_option_chooses_the_reply_s_language() -> None:
    data = ask_json("--language", "sv", "who met whom?")
    assert data["language"] == "sv" and data["fact_id"] == "meeting"
    refused = cli("ask", "--language", "xx", "who met whom?")
    assert refused.code == 2 and "--language" in refused.err


def test_a_version_s_sources_come_from_its_own_text() -> None:
    data = ask_json("--knowledge", str(VERSIONS), "Vad sade Ruokola?")
    assert data["language"] == "sv" and data["fact_id"] == "quote"
    swedish = (RELEASE / "release.sv.txt").read_text(encoding="utf-8")
    sources = data["sources"]
    assert isinstance(sources, list) and sources and all(s in swedish for s in sources)


def test_check_accepts_the_three_versions_and_warns_of_a_missing_translation() -> None:
    result = cli("check", str(VERSIONS))
    warning, ok = result.out.splitlines()
    assert result.code == 0 and ok.startswith("ok: ")
    path = RELEASE / "knowledge.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = 1 + next(
        i for i, text in enumerate(lines) if text.startswith("    answers:  # no Swedish")
    )
    assert warning == (
        f"warning: {path}:{line}: facts[3].answers: no 'sv' translation: answered in English, "
        "with a note in Swedish"
    )


def test_check_refuses_a_version_quote_not_in_its_text_with_file_line_and_field(
    tmp_path: Path,
) -> None:
    folder = tmp_path / RELEASE.name
    shutil.copytree(RELEASE, folder)
    path = folder / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = "        sv: Stationen har tolv forskare."
    assert wrong in text
    path.write_text(text.replace(wrong, "        sv: Stationen har tretton forskare."), "utf-8")
    line = 1 + path.read_text(encoding="utf-8").splitlines().index(
        "        sv: Stationen har tretton forskare."
    )
    result = cli("check", str(folder))
    assert result.code == 1
    assert (
        f"{path}:{line}: versions.sv.sources[4].sv: is not verbatim in release.sv.txt "
        "(the release in Swedish)"
    ) in result.err.splitlines()
