"""`release-bot eval`: the report, the exit codes of --min-accuracy, bad question sets, --sweep."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import SECOND_RELEASE, SMALL_ID, SMALL_RELEASE, cli

SMALL = ("--knowledge", str(SMALL_RELEASE))

# Three of four facts right (75 %), the out-of-scope question declined (100 %).
THREE_OF_FOUR = f"""\
release: {SMALL_ID}
questions:
  - q: who met whom
    expect: meeting
  - q: where did they meet
    expect: place
  - q: who is the press contact
    expect: contact
  - q: who did Virta meet
    expect: place
  - q: what is the weather in Oslo
    expect: fallback
"""


@pytest.fixture
def three_of_four(tmp_path: Path) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(THREE_OF_FOUR, encoding="utf-8")
    return path


def test_reports_accuracy_by_group_and_the_misses(three_of_four: Path) -> None:
    result = cli("eval", *SMALL, str(three_of_four))
    assert result.code == 0  # no floor: misses do not fail the run
    lines = [" ".join(line.split()) for line in result.out.splitlines()]
    assert lines[0] == f"Release {SMALL_ID}"
    assert "fact 3/4 75.0%" in lines and "out_of_scope 1/1 100.0%" in lines
    assert "Misses (1):" in lines
    assert "'who did Virta meet': expected place, got meeting" in result.out
    assert lines[-1].startswith("Facts never hit: ") and "topics" in lines[-1]


@pytest.mark.parametrize(("floor", "code"), [("50", 0), ("75", 0), ("75.1", 1), ("100", 1)])
def test_min_accuracy_fails_only_below_the_floor(
    three_of_four: Path, floor: str, code: int
) -> None:
    result = cli("eval", *SMALL, str(three_of_four), "--min-accuracy", floor)
    assert result.code == code
    assert (f"below {floor}%: " in result.out) is (code == 1)


def test_names_the_groups_below_the_floor(three_of_four: Path) -> None:
    result = cli("eval", *SMALL, str(three_of_four), "--min-accuracy", "80")
    assert result.code == 1
    assert result.out.splitlines()[-1] == "below 80%: fact, in_scope"


def test_one_set_below_the_floor_fails_the_run(three_of_four: Path) -> None:
    shipped = SMALL_RELEASE / "questions.yaml"
    result = cli("eval", *SMALL, str(shipped), str(three_of_four), "--min-accuracy", "80")
    assert result.code == 1 and result.out.count(f"Release {SMALL_ID}") == 2
    assert result.out.count("below 80%") == 1


def test_without_files_runs_each_releases_shipped_set() -> None:
    result = cli("eval", *SMALL, "--min-accuracy", "100")
    assert result.code == 0, result.out
    assert result.out.startswith(f"Release {SMALL_ID}") and "in_scope" in result.out


def test_without_files_and_without_a_shipped_set_exits_2() -> None:
    result = cli("eval", "--knowledge", str(SECOND_RELEASE))
    assert result.code == 2 and "no question set given" in result.err


def test_refuses_a_question_set_naming_unknown_facts(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text(f"release: {SMALL_ID}\nquestions:\n  - q: hi\n    expect: no_such_fact\n")
    result = cli("eval", *SMALL, str(bad))
    assert result.code == 2 and result.out == ""
    assert result.err == f"release-bot: {bad}: questions[0]: unknown id no_such_fact\n"


def test_refuses_a_set_for_a_release_that_is_not_loaded(tmp_path: Path) -> None:
    other = tmp_path / "q.yaml"
    other.write_text("release: elsewhere\nquestions:\n  - q: hi\n    expect: meeting\n")
    result = cli("eval", *SMALL, str(other))
    assert result.code == 2 and "release 'elsewhere' is not loaded" in result.err


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = cli("eval", *SMALL, str(missing))
    assert result.code == 2 and result.err.startswith(f"release-bot: {missing}: cannot read")
    assert "Traceback" not in result.err


def test_sweep_prints_the_grid_best_first(three_of_four: Path) -> None:
    result = cli("eval", *SMALL, "--sweep", str(three_of_four))
    header, *rows = result.out.splitlines()
    assert result.code == 0 and header.startswith("unknown closeness answer margin clarify")
    assert len(rows) == 15
    columns = [row.split("|")[1].split() for row in rows]  # in_scope out_of_scope vague overall
    worst = [min(float(c[0]), float(c[1])) for c in columns]
    assert worst == sorted(worst, reverse=True)


def test_help_exits_0() -> None:
    result = cli("eval", "--help")
    assert result.code == 0 and "--min-accuracy" in result.out and "--sweep" in result.out
