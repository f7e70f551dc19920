"""Load knowledge bases from YAML and refuse broken ones with file, line and field.

The YAML is read as a node tree (not plain dicts) so that every problem can name the line it is
on, and so that duplicate keys, which PyYAML would silently overwrite, are caught. The YAML is
parsed by libyaml where PyYAML was built with it (ten times faster than PyYAML's own Python
parser, and it refuses nesting deeper than 1,000 levels), and the tree composed from its events
by `bot.core.nodes.compose`: `yaml.compose`'s tree in half the memory (the tree was the peak:
at 10,000 facts benchmarks/large_bases.py went from 174 to 134 MB); the checks are the same.

Whatever goes wrong while loading is a problem reported with the file, never a crash: files
over `MAX_KNOWLEDGE_BYTES` or `MAX_RELEASE_TEXT_BYTES`, nesting too deep for the parser, tags
other than plain values, a `text:` that leaves the release folder, and any error in between.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node

from bot.core.derive import with_derived_entries
from bot.core.knowledge import Contact, Entry, EntryKind, KnowledgeBase, Release
from bot.core.model_reader import MODEL_SECTIONS, ModelReader, VerbatimText
from bot.core.nodes import compose, item_node
from bot.core.normalize import fold
from bot.core.problems import KnowledgeError, Problem
from bot.core.release_files import ReleaseFileError, read_release_file
from bot.core.review_check import unreviewed
from bot.core.translations import read_with_languages

KNOWLEDGE_FILE = "knowledge.yaml"
# Far above any real release (the bundled knowledge.yaml is 39 KB, its text 3 KB) and above the
# 50,000-fact bases of benchmarks/large_bases.py (about 30 MB and 6 MB), yet small enough that a
# file sent by mistake is refused before it is read.
MAX_KNOWLEDGE_BYTES = 64 * 1024 * 1024
MAX_RELEASE_TEXT_BYTES = 16 * 1024 * 1024
# libyaml where PyYAML has it: the same node tree, composed in C.
_YAML_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
PLACEHOLDERS = ("{headline}", "{publisher}")
NOT_STATED_MARKER = "release does not say"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https://[^\s/]+\.[^\s]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SPACES = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")  # text with one of these always folds to something

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
    """Load and validate one knowledge file, or raise KnowledgeError; never anything else."""
    try:
        return _load(file)
    except KnowledgeError:
        raise
    except RecursionError:  # PyYAML's own parser, without libyaml, on very deep nesting
        problem = Problem(file, 0, "(yaml)", "nested too deeply to read")
    except Exception as error:  # whatever it is, it is reported: `check` never crashes
        problem = Problem(file, 0, "(file)", f"cannot load: {type(error).__name__}: {error}")
    raise KnowledgeError([problem]) from None


def _load(file: Path) -> KnowledgeBase:
    try:
        source = _read_text(file, MAX_KNOWLEDGE_BYTES)
    except (OSError, UnicodeDecodeError, _TooLarge) as error:
        raise KnowledgeError([Problem(file, 0, "(file)", f"cannot read: {error}")]) from None
    try:
        root = _compose(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        position = getattr(error, "position", None)  # a character YAML does not allow
        if not mark and isinstance(position, int):
            line = source.count("\n", 0, position) + 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]  # one line
        if "got '?'" in reason or "got ':'" in reason:
            reason += " (put list items with ? or : in quotes, or one per line after '- ')"
        raise KnowledgeError([Problem(file, line, "(yaml)", f"syntax error: {reason}")]) from None
    reader = _Reader(file)
    base, problems = read_with_languages(reader, root, file)  # with its translations, versions
    del source, root, reader  # done with the node tree: the derived entries can use its memory
    if problems or base is None:
        raise KnowledgeError(problems)
    return with_derived_entries(base)


def _compose(source: str) -> Node | None:
    """The document's node tree. The collector is paused meanwhile: the tree holds no cycles to
    collect, and its hundreds of thousands of nodes would set it off again and again (a third
    of the time for a 10,000-fact base)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return compose(source, _YAML_LOADER)  # `yaml.compose`'s tree, in half the memory
    finally:
        if enabled:
            gc.enable()


class _TooLarge(ValueError):
    """A file over its size limit."""


def _read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of `path`, refused (before it is read) when over `limit` bytes."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        data = stream.read(limit + 1)  # a file that grows meanwhile, or is no regular file
    if size > limit or len(data) > limit:
        raise _TooLarge(f"it is {max(size, len(data)):,} bytes, over the limit of {limit:,}")
    return data.decode("utf-8")


class _Reader(ModelReader):
    """Turns a YAML node tree into a knowledge base, collecting every problem."""

    def __init__(self, file: Path) -> None:
        super().__init__(file)
        self._declared_ids: set[str] = set()

    # -- the document ---------------------------------------------------------------------------

    def knowledge_base(self, root: Node | None) -> KnowledgeBase | None:
        """The base as written (no derived entries yet), or None if it cannot be made."""
        top = self.mapping(
            root,
            "(document)",
            required=("release", "contacts"),
            optional=("people", "facts", "not_stated", "smalltalk", "synonyms", *MODEL_SECTIONS),
        )
        if top is None:
            return None
        release = self.release(top.get("release"))
        self.problems.extend(unreviewed(root, self.file, release))
        contacts = self.items(top.get("contacts"), "contacts", self.contact, non_empty=True)
        model = self.model(top)
        entries = [
            *self.items(top.get("facts"), "facts", self.fact),
            *self.items(top.get("not_stated"), "not_stated", self.not_stated),
            *self.items(top.get("smalltalk"), "smalltalk", self.smalltalk),
        ]
        if not entries and not model.meetings and not model.topics and not model.quotes:
            self.problem(root, "facts", "there is nothing to answer: no facts, meetings or topics")
        synonyms = self.synonyms(top.get("synonyms"))
        if release is None:
            return None
        self._declared_ids.update(
            record.id
            for group in (model.meetings, model.topics, model.quotes, model.people)
            for record, _ in group
        )
        verbatim = VerbatimText(release.text)
        self.check_entries(entries, verbatim)
        self.check_model(model, verbatim)
        base = KnowledgeBase(
            release=release,
            contacts=tuple(contact for contact, _ in contacts),
            people=tuple(person for person, _ in model.people),
            entries=tuple(entry for entry, _ in entries),
            synonyms=synonyms,
            path=self.file,
            offices=tuple(record for record, _ in model.offices),
            organisations=tuple(record for record, _ in model.organisations),
            places=tuple(record for record, _ in model.places),
            meetings=tuple(record for record, _ in model.meetings),
            topics=tuple(record for record, _ in model.topics),
            quotes=tuple(record for record, _ in model.quotes),
        )
        return base  # the records as written; `_load` adds the derived entries

    def release(self, node: Node | None) -> Release | None:
        fields = self.mapping(
            node,
            "release",
            required=("id", "headline", "publisher", "language", "text", "summary"),
            optional=("source_note", "order", "date", "draft", "url", "published"),
        )
        if fields is None:
            return None
        release_id = self.identifier(fields.get("id"), "release.id")
        text_name = self.string(fields.get("text"), "release.text")
        text = self.release_text(fields.get("text"), text_name)
        date = self.string(fields.get("date"), "release.date", required=False)
        if date and not _ISO_DATE.match(date):
            self.problem(fields["date"], "release.date", f"'{date}' is not a date like 2019-08-19")
        published = self.string(fields.get("published"), "release.published", required=False)
        if published and not _ISO_DATE.match(published):
            message = f"'{published}' is not a date like 2019-08-19"
            self.problem(fields["published"], "release.published", message)
        url = self.string(fields.get("url"), "release.url", required=False)
        if url and not _URL.match(url):
            self.problem(fields["url"], "release.url", f"'{url}' is not an https:// address")
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
            url=url,
            published=published,
            **values,  # type: ignore[arg-type]
        )

    def release_text(self, node: Node | None, name: str | None) -> str | None:
        if name is None or node is None:
            return None
        try:
            return read_release_file(self.file.parent, name, MAX_RELEASE_TEXT_BYTES)
        except ReleaseFileError as error:
            self.problem(node, "release.text", str(error))
            return None

    def contact(self, node: Node, field: str) -> Contact | None:
        names = ("name", "title", "organisation", "phone", "phone_e164")
        fields = self.mapping(node, field, required=names, optional=("email",))
        if fields is None:
            return None
        values = {name: self.string(fields.get(name), f"{field}.{name}") for name in names}
        email = self.string(fields.get("email"), f"{field}.email", required=False)
        if email and not _EMAIL.match(email):
            self.problem(fields["email"], f"{field}.email", f"'{email}' is not an e-mail address")
        e164, printed = values["phone_e164"], values["phone"]
        if e164 and not _E164.match(e164):
            self.problem(fields["phone_e164"], f"{field}.phone_e164", f"'{e164}' is not E.164")
        elif e164 and printed and not _same_number(printed, e164):
            self.problem(
                fields["phone_e164"], f"{field}.phone_e164", f"'{e164}' differs from '{printed}'"
            )
        if None in values.values():
            return None
        return Contact(**values, email=email)  # type: ignore[arg-type]

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
            if not _ASCII_WORD.search(question) and not fold(question):  # the search is cheaper
                item = item_node(fields.get("questions"), index)
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
                        item_node(value_node, index),
                        f"{field}[{index}]",
                        f"'{variant}' is already a synonym of '{owner[folded]}'",
                    )
                owner[folded] = canonical
            result[canonical] = variants
        return result

    # -- checks across records --------------------------------------------------------------

    def check_entries(self, entries: list[tuple[Entry, str]], text: VerbatimText) -> None:
        self.check_unique(entries, "entries")
        ids = self._declared_ids
        missing = text.missing(quote for entry, _ in entries for quote in entry.sources)
        for entry, field in entries:
            for index, related in enumerate(entry.related):
                if related not in ids:
                    self.at(field, "related", index, f"'{related}' is not the id of any entry")
            for index, quote in enumerate(entry.sources):
                if quote in missing:
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


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _same_number(printed: str, e164: str) -> bool:
    """Same digits, or a national number ("040 123 4567") whose trunk 0 the country code
    replaces ("+35840 1234567"). Country codes are 1 to 3 digits."""
    national, international = _digits(printed), _digits(e164)
    if printed.lstrip().startswith("+") or not national.startswith("0"):
        return national == international
    return any(international == international[:cc] + national[1:] for cc in (1, 2, 3))
