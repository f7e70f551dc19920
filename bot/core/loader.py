"""Load knowledge bases from YAML and refuse broken ones with file, line and field.

The YAML is read as a node tree (not plain dicts) so that every problem can name the line it is
on, and so that duplicate keys, which PyYAML would silently overwrite, are caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.knowledge import Contact, Entry, EntryKind, KnowledgeBase, Person, Release
from bot.core.normalize import fold
from bot.core.problems import KnowledgeError, Problem

KNOWLEDGE_FILE = "knowledge.yaml"
PLACEHOLDERS = ("{headline}", "{publisher}")
NOT_STATED_MARKER = "release does not say"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SPACES = re.compile(r"\s+")

T = TypeVar("T")


def knowledge_files(path: Path) -> list[Path]:
    """The knowledge files at `path`: a file itself, a release folder, or a folder of releases."""
    if path.is_file():
        return [path]
    if (path / KNOWLEDGE_FILE).is_file():
        return [path / KNOWLEDGE_FILE]
    return sorted(path.glob(f"*/{KNOWLEDGE_FILE}"))


def load_library(path: Path) -> tuple[KnowledgeBase, ...]:
    """Load every release under `path`, or raise KnowledgeError listing every problem in all."""
    files = knowledge_files(path)
    if not files:
        raise KnowledgeError([Problem(path, 0, "(path)", f"no {KNOWLEDGE_FILE} found here")])
    bases: list[KnowledgeBase] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for file in files:
        try:
            base = load_knowledge_base(file)
        except KnowledgeError as error:
            problems.extend(error.problems)
            continue
        if base.id in seen:
            problems.append(
                Problem(file, 1, "release.id", f"'{base.id}' is also the id of {seen[base.id]}")
            )
        seen[base.id] = file
        bases.append(base)
    if problems:
        raise KnowledgeError(problems)
    return tuple(bases)


def load_knowledge_base(file: Path) -> KnowledgeBase:
    """Load and validate one knowledge file, or raise KnowledgeError."""
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError([Problem(file, 0, "(file)", f"cannot read: {error}")]) from None
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(error, "problem", None) or str(error)
        if "got '?'" in reason or "got ':'" in reason:
            reason += " (put list items with ? or : in quotes, or one per line after '- ')"
        raise KnowledgeError([Problem(file, line, "(yaml)", f"syntax error: {reason}")]) from None
    reader = _Reader(file)
    base = reader.knowledge_base(root)
    if reader.problems or base is None:
        raise KnowledgeError(reader.problems)
    return base


class _Reader:
    """Turns a YAML node tree into records, collecting problems instead of stopping at the first."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._nodes: dict[str, Node] = {}  # record path ("facts[3]") -> its node, for later checks
        self._declared_ids: set[str] = set()

    def problem(self, node: Node | None, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.file, line, field, message))

    # -- the document ---------------------------------------------------------------------------

    def knowledge_base(self, root: Node | None) -> KnowledgeBase | None:
        top = self.mapping(
            root,
            "(document)",
            required=("release", "contacts", "facts"),
            optional=("people", "not_stated", "smalltalk", "synonyms"),
        )
        if top is None:
            return None
        release = self.release(top.get("release"))
        contacts = self.items(top.get("contacts"), "contacts", self.contact, non_empty=True)
        people = self.items(top.get("people"), "people", self.person)
        entries = [
            *self.items(top.get("facts"), "facts", self.fact, non_empty=True),
            *self.items(top.get("not_stated"), "not_stated", self.not_stated),
            *self.items(top.get("smalltalk"), "smalltalk", self.smalltalk),
        ]
        synonyms = self.synonyms(top.get("synonyms"))
        if release is None:
            return None
        self.check_entries(entries, release)
        self.check_unique(people, "people")
        return KnowledgeBase(
            release=release,
            contacts=tuple(contact for contact, _ in contacts),
            people=tuple(person for person, _ in people),
            entries=tuple(entry for entry, _ in entries),
            synonyms=synonyms,
            path=self.file,
        )

    def release(self, node: Node | None) -> Release | None:
        fields = self.mapping(
            node,
            "release",
            required=("id", "headline", "publisher", "language", "text", "summary"),
            optional=("source_note", "order", "date", "draft"),
        )
        if fields is None:
            return None
        release_id = self.identifier(fields.get("id"), "release.id")
        text_name = self.string(fields.get("text"), "release.text")
        text = self.release_text(fields.get("text"), text_name)
        date = self.string(fields.get("date"), "release.date", required=False)
        if date and not _ISO_DATE.match(date):
            self.problem(fields["date"], "release.date", f"'{date}' is not a date like 2019-08-19")
        values = {
            name: self.string(fields.get(name), f"release.{name}")
            for name in ("headline", "publisher", "language", "summary")
        }
        if release_id is None or text is None or None in values.values():
            return None
        return Release(
            id=release_id,
            text=text,
            source_note=self.string(fields.get("source_note"), "release.source_note", False) or "",
            order=self.integer(fields.get("order"), "release.order") or 0,
            date=date,
            draft=self.boolean(fields.get("draft"), "release.draft"),
            **values,  # type: ignore[arg-type]
        )

    def release_text(self, node: Node | None, name: str | None) -> str | None:
        if name is None:
            return None
        path = self.file.parent / name
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(node, "release.text", f"cannot read release text {path}: {error}")
            return None

    def contact(self, node: Node, field: str) -> Contact | None:
        names = ("name", "title", "organisation", "phone", "phone_e164")
        fields = self.mapping(node, field, required=names)
        if fields is None:
            return None
        values = {name: self.string(fields.get(name), f"{field}.{name}") for name in names}
        e164, printed = values["phone_e164"], values["phone"]
        if e164 and not _E164.match(e164):
            self.problem(fields["phone_e164"], f"{field}.phone_e164", f"'{e164}' is not E.164")
        elif e164 and printed and not _same_number(printed, e164):
            self.problem(
                fields["phone_e164"], f"{field}.phone_e164", f"'{e164}' differs from '{printed}'"
            )
        if None in values.values():
            return None
        return Contact(**values)  # type: ignore[arg-type]

    def person(self, node: Node, field: str) -> Person | None:
        fields = self.mapping(
            node, field, required=("id", "name", "role", "country"), optional=("aliases",)
        )
        if fields is None:
            return None
        person_id = self.identifier(fields.get("id"), f"{field}.id")
        values = {
            n: self.string(fields.get(n), f"{field}.{n}") for n in ("name", "role", "country")
        }
        aliases = self.strings(fields.get("aliases"), f"{field}.aliases", required=False)
        if person_id is None or None in values.values():
            return None
        return Person(id=person_id, aliases=aliases, **values)  # type: ignore[arg-type]

    def fact(self, node: Node, field: str) -> Entry | None:
        return self.entry(
            node,
            field,
            EntryKind.FACT,
            required=("id", "questions", "answer", "source"),
            optional=("related", "tags"),
        )

    def not_stated(self, node: Node, field: str) -> Entry | None:
        return self.entry(
            node,
            field,
            EntryKind.NOT_STATED,
            required=("id", "questions", "answer"),
            optional=("related", "tags"),
        )

    def smalltalk(self, node: Node, field: str) -> Entry | None:
        return self.entry(node, field, EntryKind.SMALLTALK, required=("id", "questions", "answer"))

    def entry(
        self,
        node: Node,
        field: str,
        kind: EntryKind,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> Entry | None:
        fields = self.mapping(node, field, required=required, optional=optional)
        if fields is None:
            return None
        entry_id = self.identifier(fields.get("id"), f"{field}.id")
        if entry_id is not None:
            self._declared_ids.add(entry_id)  # so that `related` to a broken entry is not flagged
        questions = self.strings(fields.get("questions"), f"{field}.questions")
        answer = self.string(fields.get("answer"), f"{field}.answer")
        for index, question in enumerate(questions):
            if not fold(question):
                item = _item(fields.get("questions"), index)
                self.problem(item, f"{field}.questions[{index}]", "has no words to match on")
        if entry_id is None or not questions or answer is None:
            return None
        return Entry(
            id=entry_id,
            kind=kind,
            questions=questions,
            answer=answer,
            sources=self.strings(fields.get("source"), f"{field}.source", required=False),
            related=self.strings(fields.get("related"), f"{field}.related", required=False),
            tags=self.strings(fields.get("tags"), f"{field}.tags", required=False),
        )

    def synonyms(self, node: Node | None) -> dict[str, tuple[str, ...]]:
        if node is None:
            return {}
        if not isinstance(node, MappingNode):
            self.problem(node, "synonyms", "must be a mapping of word: [variants]")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        owner: dict[str, str] = {}
        for key_node, value_node in node.value:
            canonical = self.string(key_node, "synonyms")
            if canonical is None:
                continue
            field = f"synonyms.{canonical}"
            if canonical in result:
                self.problem(key_node, field, "is defined twice")
            variants = self.strings(value_node, field)
            for index, variant in enumerate(variants):
                folded = fold(variant)
                if folded in owner and owner[folded] != canonical:
                    self.problem(
                        _item(value_node, index),
                        f"{field}[{index}]",
                        f"'{variant}' is already a synonym of '{owner[folded]}'",
                    )
                owner[folded] = canonical
            result[canonical] = variants
        return result

    # -- checks across records --------------------------------------------------------------

    def check_entries(self, entries: list[tuple[Entry, str]], release: Release) -> None:
        self.check_unique(entries, "entries")
        ids = self._declared_ids
        text = _squash(release.text)
        for entry, field in entries:
            for index, related in enumerate(entry.related):
                if related not in ids:
                    self.at(field, "related", index, f"'{related}' is not the id of any entry")
            for index, quote in enumerate(entry.sources):
                if _squash(quote) not in text:
                    self.at(field, "source", index, "is not verbatim in the release text")
            if entry.kind is EntryKind.NOT_STATED and NOT_STATED_MARKER not in entry.answer.lower():
                self.at(field, "answer", None, f"must say plainly that the {NOT_STATED_MARKER}")
            for placeholder in _PLACEHOLDER.findall(entry.answer):
                if placeholder not in PLACEHOLDERS:
                    self.at(field, "answer", None, f"unknown placeholder {placeholder}")

    def check_unique(self, records: list[tuple[T, str]], what: str) -> None:
        seen: dict[str, str] = {}
        for record, field in records:
            record_id = record.id  # type: ignore[attr-defined]
            if record_id in seen:
                self.at(field, "id", None, f"'{record_id}' is already used by {seen[record_id]}")
            else:
                seen[record_id] = field

    def at(self, field: str, name: str, index: int | None, message: str) -> None:
        """Report a problem on a field of an already-read record, found by its path."""
        node = self._nodes.get(field)
        child = _child(node, name)
        target = _item(child, index) if index is not None else child
        label = f"{field}.{name}" + (f"[{index}]" if index is not None else "")
        self.problem(target or node, label, message)

    # -- node helpers ---------------------------------------------------------------------------

    def items(
        self,
        node: Node | None,
        field: str,
        read: Callable[[Node, str], T | None],
        non_empty: bool = False,
    ) -> list[tuple[T, str]]:
        """Read each item of a sequence; returns (record, field path) for the good ones."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "must be a list")
            return []
        if non_empty and not node.value:
            self.problem(node, field, "must not be empty")
        records = []
        for index, item in enumerate(node.value):
            path = f"{field}[{index}]"
            self._nodes[path] = item
            record = read(item, path)
            if record is not None:
                records.append((record, path))
        return records

    def mapping(
        self,
        node: Node | None,
        field: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.problem(node, field, "must be a mapping of fields")
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else "?"
            if key in fields:
                self.problem(key_node, f"{field}.{key}", "is given twice")
            elif key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.problem(key_node, f"{field}.{key}", f"unknown field (allowed: {allowed})")
            fields[key] = value_node
        for key in required:
            if key not in fields:
                self.problem(node, f"{field}.{key}", "is missing")
        return fields

    def string(self, node: Node | None, field: str, required: bool = True) -> str | None:
        if node is None:
            return None  # a missing field is reported once, by `mapping`
        if _is_null(node):
            if required:
                self.problem(node, field, "is empty")
            return None
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, field, "must be non-empty text")
            return None
        return _SPACES.sub(" ", str(node.value)).strip()

    def strings(self, node: Node | None, field: str, required: bool = True) -> tuple[str, ...]:
        if node is None:
            return ()  # a missing field is reported once, by `mapping`
        if _is_null(node):
            if required:
                self.problem(node, field, "is empty")
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "must be a list of text")
            return ()
        if required and not node.value:
            self.problem(node, field, "must not be empty")
        values = (self.string(item, f"{field}[{i}]") for i, item in enumerate(node.value))
        return tuple(value for value in values if value is not None)

    def identifier(self, node: Node | None, field: str) -> str | None:
        value = self.string(node, field)
        if value is not None and not _ID.match(value):
            self.problem(node, field, f"'{value}' must be lower-case letters, digits, - or _")
            return None
        return value

    def integer(self, node: Node | None, field: str) -> int | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            self.problem(node, field, "must be a whole number")
            return None
        return int(node.value)

    def boolean(self, node: Node | None, field: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.problem(node, field, "must be true or false")
            return False
        return node.value.lower() in ("true", "yes", "on")


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _child(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                child: Node = value_node
                return child
    return None


def _item(node: Node | None, index: int) -> Node | None:
    if isinstance(node, SequenceNode) and 0 <= index < len(node.value):
        item: Node = node.value[index]
        return item
    return node


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _same_number(printed: str, e164: str) -> bool:
    """Same digits, or a national number ("040 123 4567") whose trunk 0 the country code
    replaces ("+35840 1234567"). Country codes are 1 to 3 digits."""
    national, international = _digits(printed), _digits(e164)
    if printed.lstrip().startswith("+") or not national.startswith("0"):
        return national == international
    return any(international == international[:cc] + national[1:] for cc in (1, 2, 3))


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
