"""The report rendered as a text table, one JSON document, and CSV with formulas defused."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from bot.core.engine import Engine
from bot.questionlog.render import CSV_FIELDS, render_csv, render_json, render_text
from bot.questionlog.report import ClosestFact, QuestionGroup, Report, build_report
from tests.questionlog.logged import _logged, _report


def test_text_report_is_a_ranked_table(engine: Engine, tmp_path: Path) -> None:
    text = render_text(_report(engine, tmp_path), limit=2)
    lines = text.splitlines()
    assert "14 questions in 5 groups; the 2 most asked:" in text
    header = next(line for line in lines if line.lstrip().startswith("#"))
    assert "asked" in header and "outcomes" in header
    first = lines.index(next(line for line in lines if "What's the weather in Moscow?" in line))
    assert lines[first].split()[:3] == ["1", "5", "fallback"]
    assert "also: whats the wether in moskow · What is the weather in Moscow today?" in text
    assert "2      4  clarify 4" in text and "closest fact:" in text
    assert "Helsinki?" not in text  # beyond the limit


def test_json_report_is_one_document(engine: Engine, tmp_path: Path) -> None:
    document = json.loads(render_json(_report(engine, tmp_path), limit=3))
    assert (document["total_questions"], document["total_groups"]) == (14, 5)
    assert [(g["rank"], g["count"]) for g in document["groups"]] == [(1, 5), (2, 4), (3, 3)]
    first = document["groups"][0]
    assert first["outcomes"] == {"fallback": 5}
    assert first["closest_fact"]["source"] == "engine"
    assert datetime.fromisoformat(first["last_asked"]).tzinfo is not None
    assert len(json.loads(render_json(_report(engine, tmp_path / "all"), 0))["groups"]) == 5


def test_csv_report_has_one_row_per_group_and_defuses_formulas() -> None:
    questions = [_logged('=HYPERLINK("http://x","hi")')] * 2 + [_logged("-2+3 weather")]
    rows = list(csv.reader(io.StringIO(render_csv(build_report(questions)))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) == 3
    record = dict(zip(CSV_FIELDS, rows[1], strict=True))
    assert record["question"] == '\'=HYPERLINK("http://x","hi")'
    assert (record["rank"], record["count"], record["outcomes"]) == ("1", "2", "fallback=2")
    assert rows[2][CSV_FIELDS.index("question")].startswith("'")


def test_every_csv_field_is_quoted_and_every_text_cell_defused() -> None:
    """Cells built by hand (not through `build_report`): full-width formula signs, a formula in
    the release id and the fact id, and a number that must stay a number."""
    moment = datetime(2024, 6, 1, tzinfo=UTC)
    group = QuestionGroup(
        release_id="=release",
        question="＝1+1",
        count=2,
        examples=("＠SUM(A1)", "plain"),
        outcomes={"fallback": 2},
        closest=ClosestFact("-fact", "+question", 12.5, "log"),
        first_asked=moment,
        last_asked=moment,
    )
    text = render_csv(Report((group,), 2, None, moment))
    lines = text.splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    record = dict(zip(CSV_FIELDS, next(csv.reader(io.StringIO(lines[1]))), strict=True))
    assert record["release"] == "'=release" and record["question"] == "'＝1+1"
    assert record["examples"] == "'＠SUM(A1) | plain"
    assert (record["closest_fact"], record["closest_fact_question"]) == ("'-fact", "'+question")
    assert (record["count"], record["closest_fact_score"]) == ("2", "12.5")
