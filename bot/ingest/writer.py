"""Write a draft as a release folder: release.txt byte for byte, knowledge.yaml readable."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import yaml

from bot.core.loader import KNOWLEDGE_FILE
from bot.ingest.draft import RELEASE_FILE, Draft

SHORT_ITEM = 30  # list items up to this long, and lists up to SHORT_LIST, are written [a, b, c]
SHORT_LIST = 80
HEADER = """\
# DRAFT knowledge base, written by `release-bot ingest` from release.txt (same folder).
# Nothing here has been reviewed yet. Answers restate or quote the release, and every `source`
# is a verbatim sentence of release.txt, but the rules can misread a sentence: check every entry,
# replace each "REVIEW:" placeholder, add the phrasings people use, then remove `draft: true`.
"""
SECTION_NOTES = {
    "release": "The release. `draft: true` marks it as not yet reviewed.",
    "contacts": "Press contacts as printed; phone_e164 must hold the same digits as phone.",
    "people": (
        "People the release names. `country` only where the text gives it. Aliases are what "
        "people type."
    ),
    "offices": "Offices and groups the release names without naming a person.",
    "places": "Places where meetings and visits take place.",
    "meetings": (
        "Who met (or will meet) whom, where and when (`time` as worded): the bot answers "
        "from these."
    ),
    "topics": "What was (or will be) discussed, as listed in the release.",
    "quotes": "Direct quotes, verbatim, with their speaker.",
    "synonyms": "Generic synonyms: the word the base uses, then what people type instead.",
    "facts": "Facts. Each answer comes from its `source` sentences, copied exactly.",
    "not_stated": "What people ask and the release does not say.",
    "smalltalk": "Greetings, thanks and help.",
}


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, short lists of words on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    """Short lists of short words in flow style ([a, b]); the rest in block style."""
    short = all(isinstance(item, str) and len(item) <= SHORT_ITEM for item in items)
    one_line = short and sum(len(item) + 2 for item in items) <= SHORT_LIST
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=one_line)


_Dumper.add_representer(list, _represent_list)


def render_yaml(draft: Draft) -> str:
    """The knowledge.yaml text for `draft`, with comments for the reviewer."""
    parts = [HEADER, _review_comment(draft.review)]
    for section, value in draft.data.items():
        parts.append(f"# {SECTION_NOTES.get(section, section)}\n{_dump({section: value})}")
    return "\n".join(parts)


def write_draft(draft: Draft, folder: Path) -> Path:
    """Write release.txt and knowledge.yaml into `folder` (made if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RELEASE_FILE).write_bytes(draft.text.encode("utf-8"))
    (folder / KNOWLEDGE_FILE).write_text(render_yaml(draft), encoding="utf-8", newline="\n")
    return folder


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def _review_comment(notes: tuple[str, ...]) -> str:
    if not notes:
        return "# Review list: nothing in particular; still check every entry.\n"
    lines = ["# Review list (what the ingest was unsure about):"]
    for note in notes:
        lines.extend(textwrap.wrap(note, 96, initial_indent="#   - ", subsequent_indent="#     "))
    return "\n".join(lines) + "\n"
