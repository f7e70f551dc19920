"""Review markers and placeholder contacts (bot.core.review_check): warnings in a draft,
refused with file, line and field once the knowledge base is no longer a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.bundled import bundled_knowledge_path
from bot.core.loader import load_knowledge_base
from bot.core.problems import KnowledgeError
from bot.core.review_check import draft_warnings, review_items, unreviewed
from bot.ingest import ingest_text, write_draft
from bot.ingest.draft import PLACEHOLDER_PHONE

NO_CONTACT = "Minister Aalto visited Turku\n\nMinister of Culture Sanni Aalto opened a library.\n"


def draft_folder(tmp_path: Path, text: str = NO_CONTACT) -> Path:
    return write_draft(ingest_text(text, "aalto"), tmp_path / "aalto")


def items(text: str) -> list[tuple[int, str, str]]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return [(p.line, p.field, p.message) for p in review_items(root, Path("k.yaml"))]


def test_every_marker_and_placeholder_phone_with_its_line_and_field() -> None:
    text = (
        "release:\n"
        "  publisher: 'REVIEW: publisher'\n"
        "contacts:\n"
        "  - name: Eero Mäki\n"
        "    phone: +999 000 0000\n"
        "    phone_e164: '+9990000000'\n"
        "people:\n"
        "  - role: Minister\n"
        "  - role: 'REVIEW: role'\n"
        "# a REVIEW: note in a comment is no marker\n"
    )
    assert items(text) == [
        (2, "release.publisher", "'REVIEW: publisher' is a review marker: replace it"),
        (
            5,
            "contacts[0].phone",
            "'+999 000 0000' is a placeholder phone: give the press contact's number",
        ),
        (
            6,
            "contacts[0].phone_e164",
            "'+9990000000' is a placeholder phone: give the press contact's number",
        ),
        (9, "people[1].role", "'REVIEW: role' is a review marker: replace it"),
    ]


def test_real_numbers_and_plain_values_are_no_review_items() -> None:
    assert items("contacts:\n  - phone: +358 9 999 000\n    name: Review Board\n") == []


def test_only_a_release_that_is_no_draft_is_refused() -> None:
    root = yaml.compose("release:\n  publisher: 'REVIEW: publisher'\n", Loader=yaml.SafeLoader)
    assert unreviewed(root, Path("k.yaml"), None) == []  # the release could not be read


def test_a_draft_loads_and_its_markers_are_warnings(tmp_path: Path) -> None:
    folder = draft_folder(tmp_path)
    base = load_knowledge_base(folder / "knowledge.yaml")
    fields = [p.field for p in draft_warnings(base)]
    assert fields == [
        "release.publisher",
        "contacts[0].name",
        "contacts[0].title",
        "contacts[0].organisation",
        "contacts[0].phone",
        "contacts[0].phone_e164",
    ]
    assert base.contact.phone == PLACEHOLDER_PHONE


def test_without_draft_true_the_placeholders_are_refused(tmp_path: Path) -> None:
    folder = draft_folder(tmp_path)
    file = folder / "knowledge.yaml"
    text = file.read_text(encoding="utf-8").replace("  draft: true\n", "")
    file.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge_base(file)
    problems = refused.value.problems
    assert [p.field for p in problems][:2] == ["release.publisher", "contacts[0].name"]
    phone = next(p for p in problems if p.field == "contacts[0].phone")
    assert text.splitlines()[phone.line - 1].strip() == f"phone: {PLACEHOLDER_PHONE}"
    assert all(p.message.endswith("(or mark the release draft: true)") for p in problems)


def test_a_reviewed_base_has_nothing_to_warn_about(tmp_path: Path) -> None:
    (file,) = sorted(bundled_knowledge_path().glob("*/knowledge.yaml"))
    base = load_knowledge_base(file)
    assert base.release.draft is False and draft_warnings(base) == []
