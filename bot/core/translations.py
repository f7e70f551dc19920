"""A knowledge base in several languages: its reviewed translations and the release's language
versions, read and checked with file, line and field.

    release:
      language: en                  # the language of release.txt and of every `answer:`
      translations: [fi, sv]        # the languages the press office reviewed answers in
    facts:                          # (and not_stated, smalltalk)
      - id: meeting
        answer: Minister A met Minister B in Paris.
        answers:                    # the same answer, reviewed, in each listed language
          fi: Ministeri A tapasi ministeri B:n Pariisissa.
          sv: Minister A träffade minister B i Paris.
        titles:                     # (optional) its first question, as buttons show it
          fi: Kuka tapasi kenet?
          sv: Vem träffade vem?
    versions:                       # the release as published in other languages
      fi:
        text: release.fi.txt        # verbatim, beside release.txt
        sources:                    # sentences of release.txt, and the same in release.fi.txt
          - en: Minister A met Minister B in Paris.
            fi: Ministeri A tapasi ministeri B:n Pariisissa.    # one sentence or a list

These fields are taken out of the YAML node tree before the loader reads it (`read_with_languages`,
one call from `bot.core.loader`), so the loader's own reading is unchanged; they are checked
once the base is read. Refused, each with file, line and field: an unknown language code, the
release's own language given as a translation or a version, a translation in a language
`release.translations` does not list, empty text, an unknown placeholder, a "not stated"
translation that does not say so plainly in its language, a version's text that is not a file
of the release's folder, and a version's source on either side that is not verbatim in its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.knowledge import EntryKind, KnowledgeBase, Release, Version
from bot.core.model_reader import VerbatimText
from bot.core.nodes import MAPPING_TAG, NodeReader, child_node, item_node
from bot.core.phrases import ENGLISH, LANGUAGES, in_language, phrases
from bot.core.problems import Problem
from bot.core.release_files import ReleaseFileError, read_release_file
from bot.core.review_check import unreviewed

ENTRY_SECTIONS = ("facts", "not_stated", "smalltalk")
MAX_VERSION_TEXT_BYTES = 16 * 1024 * 1024  # as for the release's own text


class _BaseReader(Protocol):
    """What `read_with_languages` needs of the loader's reader."""

    problems: list[Problem]

    def knowledge_base(self, root: Node | None) -> KnowledgeBase | None: ...


@dataclass
class _Taken:
    """The language fields taken out of the node tree, each with its key node (for its line)."""

    translations: list[tuple[Node, Node]] = field(default_factory=list)
    versions: list[tuple[Node, Node]] = field(default_factory=list)
    # (record path, entry id, key node, value node)
    answers: list[tuple[str, str | None, Node, Node]] = field(default_factory=list)
    titles: list[tuple[str, str | None, Node, Node]] = field(default_factory=list)


def read_with_languages(
    reader: _BaseReader, root: Node | None, file: Path
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """The base `reader` reads from `root`, with its translations and language versions, and
    every problem of both."""
    taken = _take(root)
    base = reader.knowledge_base(root)
    if base is None:
        return None, list(reader.problems)
    languages = LanguageReader(file)
    base = languages.apply(base, taken)
    return base, [*reader.problems, *languages.problems, *_unreviewed(taken, file, base)]


def _unreviewed(taken: _Taken, file: Path, base: KnowledgeBase) -> list[Problem]:
    """The review markers and placeholder phones in the fields taken out of the tree, which
    `bot.core.review_check` no longer sees there; refused unless the release is a draft."""
    pairs = [
        *(("release", key, value) for key, value in taken.translations),
        *(("", key, value) for key, value in taken.versions),
        *((path, key, value) for path, _, key, value in (*taken.answers, *taken.titles)),
    ]
    problems = []
    for path, key, value in pairs:
        wrapper = MappingNode(MAPPING_TAG, [(key, value)])
        for problem in unreviewed(wrapper, file, base.release):
            field = f"{path}.{problem.field}" if path else problem.field
            problems.append(replace(problem, field=field))
    return problems


def _take(root: Node | None) -> _Taken:
    taken = _Taken()
    if not isinstance(root, MappingNode):
        return taken
    taken.versions = _pop(root, "versions")
    release = child_node(root, "release")
    if isinstance(release, MappingNode):
        taken.translations = _pop(release, "translations")
    for key, section in root.value:
        if not isinstance(key, ScalarNode) or key.value not in ENTRY_SECTIONS:
            continue
        if not isinstance(section, SequenceNode):
            continue
        for index, item in enumerate(section.value):
            if not isinstance(item, MappingNode):
                continue
            id_node = child_node(item, "id")
            entry_id = str(id_node.value) if isinstance(id_node, ScalarNode) else None
            path = f"{key.value}[{index}]"
            for answer_key, value in _pop(item, "answers"):
                taken.answers.append((path, entry_id, answer_key, value))
            for title_key, value in _pop(item, "titles"):
                taken.titles.append((path, entry_id, title_key, value))
    return taken


def _pop(mapping: MappingNode, name: str) -> list[tuple[Node, Node]]:
    """Remove the `name:` fields of `mapping` (more than one if it is given twice)."""
    found: list[tuple[Node, Node]] = [
        (k, v) for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == name
    ]
    if found:
        mapping.value = [pair for pair in mapping.value if pair not in found]
    return found


@dataclass(frozen=True)
class _Pair:
    """One of a version's `sources`: a sentence of the release's text and the same words in the
    version's, with the nodes they were read from."""

    path: str
    source: str
    words: tuple[str, ...]
    source_node: Node
    words_node: Node


class LanguageReader(NodeReader):
    """Reads and checks the language fields taken out of a knowledge file."""

    def apply(self, base: KnowledgeBase, taken: _Taken) -> KnowledgeBase:
        release = base.release
        translations = self.translations(taken.translations, release)
        versions = self.versions(taken.versions, release)
        kinds = {entry.id: entry.kind for entry in base.entries}
        answers = self.translated(taken.answers, "answers", release, translations, kinds)
        titles = self.translated(taken.titles, "titles", release, translations, kinds)
        entries = tuple(
            replace(
                entry,
                answers=tuple(answers.get(entry.id, entry.answers)),
                titles=tuple(titles.get(entry.id, entry.titles)),
            )
            if entry.id in answers or entry.id in titles
            else entry
            for entry in base.entries
        )
        release = replace(release, translations=translations, versions=versions)
        return replace(base, release=release, entries=entries)

    # -- release.translations -------------------------------------------------------------

    def translations(self, taken: list[tuple[Node, Node]], release: Release) -> tuple[str, ...]:
        if not taken:
            return ()
        for key, _ in taken[1:]:
            self.problem(key, "release.translations", "is given twice")
        node = taken[0][1]
        codes = self.strings(node, "release.translations")
        result: list[str] = []
        for index, code in enumerate(codes):
            label = f"release.translations[{index}]"
            if self.known(item_node(node, index), label, code, release):
                if code in result:
                    self.problem(item_node(node, index), label, f"'{code}' is listed twice")
                else:
                    result.append(code)
        return tuple(result)

    def known(self, node: Node | None, label: str, code: str, release: Release) -> bool:
        """Whether `code` is a language the core replies in, other than the release's own."""
        if code not in LANGUAGES:
            known = ", ".join(LANGUAGES)
            self.problem(node, label, f"'{code}' is not a language code the bot knows ({known})")
            return False
        if code == release.language:
            self.problem(node, label, f"'{code}' is the release's own language (release.language)")
            return False
        return True

    # -- answers and titles -----------------------------------------------------------------

    def translated(
        self,
        taken: list[tuple[str, str | None, Node, Node]],
        name: str,
        release: Release,
        translations: tuple[str, ...],
        kinds: dict[str, EntryKind],
    ) -> dict[str, list[tuple[str, str]]]:
        """Each entry's translations in `name` (answers, titles), by entry id."""
        result: dict[str, list[tuple[str, str]]] = {}
        seen: set[str] = set()
        for path, entry_id, key, value in taken:
            if path in seen:
                self.problem(key, f"{path}.{name}", "is given twice")
                continue
            seen.add(path)
            kind = kinds.get(entry_id or "")
            answer = name == "answers"
            found = self.answers(value, f"{path}.{name}", release, translations, kind, answer)
            if entry_id is not None and kind is not None and found:
                result.setdefault(entry_id, []).extend(found)
        return result

    def answers(
        self,
        node: Node,
        field: str,
        release: Release,
        translations: tuple[str, ...],
        kind: EntryKind | None,
        answer: bool = True,
    ) -> list[tuple[str, str]]:
        """One entry's `answers:` (or, not `answer`, its `titles:`)."""
        if self.refused_tag(node, field):
            return []
        if not isinstance(node, MappingNode):
            what = "answer" if answer else "title"
            self.problem(node, field, f"must be a mapping of language: {what} (fi: ..., sv: ...)")
            return []
        found: list[tuple[str, str]] = []
        for key, value in node.value:
            code = str(key.value) if isinstance(key, ScalarNode) else "?"
            label = f"{field}.{code}"
            if any(code == seen for seen, _ in found):
                self.problem(key, label, "is given twice")
                continue
            if not self.known(key, label, code, release):
                continue
            if code not in translations:
                self.problem(
                    key,
                    label,
                    f"release.translations does not list '{code}': add it there (once the "
                    "press office has reviewed the translations), or remove this one",
                )
                continue
            text = self.string(value, label)
            if text is None:
                continue
            if answer:
                self.check_answer(value, label, text, code, kind)
            found.append((code, text))
        return found

    def check_answer(
        self, node: Node, label: str, text: str, code: str, kind: EntryKind | None
    ) -> None:
        from bot.core.loader import _PLACEHOLDER, PLACEHOLDERS  # the loader imports this module

        for placeholder in _PLACEHOLDER.findall(text):
            if placeholder not in PLACEHOLDERS:
                self.problem(node, label, f"unknown placeholder {placeholder}")
        words = phrases(code)
        if kind is EntryKind.NOT_STATED and not words.says_not_stated(text):
            self.problem(
                node,
                label,
                f"must say plainly that the release does not say ('{words.not_stated}')",
            )

    # -- versions -----------------------------------------------------------------------------

    def versions(self, taken: list[tuple[Node, Node]], release: Release) -> tuple[Version, ...]:
        if not taken:
            return ()
        for key, _ in taken[1:]:
            self.problem(key, "versions", "is given twice")
        node = taken[0][1]
        if self.refused_tag(node, "versions"):
            return ()
        if not isinstance(node, MappingNode):
            self.problem(node, "versions", "must be a mapping of language: {text, sources}")
            return ()
        result: list[Version] = []
        own = VerbatimText(release.text)
        for key, value in node.value:
            code = str(key.value) if isinstance(key, ScalarNode) else "?"
            label = f"versions.{code}"
            if any(code == version.language for version in result):
                self.problem(key, label, "is given twice")
                continue
            if not self.known(key, label, code, release):
                continue
            version = self.version(value, label, code, release, own)
            if version is not None:
                result.append(version)
        return tuple(result)

    def version(
        self, node: Node, label: str, code: str, release: Release, own: VerbatimText
    ) -> Version | None:
        fields = self.mapping(node, label, required=("text",), optional=("sources",))
        if fields is None:
            return None
        name = self.string(fields.get("text"), f"{label}.text")
        text = self.text(fields.get("text"), f"{label}.text", name)
        if name is None or text is None:
            return None
        mine = VerbatimText(text)
        items = fields.get("sources")
        sentences: list[_Pair] = []
        if items is not None and not self.refused_tag(items, f"{label}.sources"):
            if not isinstance(items, SequenceNode):
                self.problem(items, f"{label}.sources", "must be a list")
            else:
                for index, item in enumerate(items.value):
                    path = f"{label}.sources[{index}]"
                    pair = self.mapping(item, path, required=(release.language, code))
                    if pair is None:
                        continue
                    ours, theirs = pair.get(release.language), pair.get(code)
                    source = self.string(ours, f"{path}.{release.language}")
                    words = self.texts(theirs, f"{path}.{code}")
                    if source is not None and words and ours is not None and theirs is not None:
                        sentences.append(_Pair(path, source, words, ours, theirs))
        self.check_sources(sentences, release, code, name, own, mine)
        return Version(
            language=code,
            text=text,
            sentences=tuple((pair.source, pair.words) for pair in sentences),
        )

    def check_sources(
        self,
        pairs: list[_Pair],
        release: Release,
        code: str,
        name: str,
        own: VerbatimText,
        mine: VerbatimText,
    ) -> None:
        """Each pair's release sentence verbatim in the release's text, its words verbatim in
        the version's, and no release sentence given twice."""
        missing_own = own.missing(pair.source for pair in pairs)
        missing_mine = mine.missing(word for pair in pairs for word in pair.words)
        seen: dict[str, str] = {}
        for pair in pairs:
            label = f"{pair.path}.{release.language}"
            if pair.source in missing_own:
                self.problem(pair.source_node, label, "is not verbatim in the release text")
            elif pair.source in seen:
                self.problem(pair.source_node, label, f"is already given in {seen[pair.source]}")
            seen.setdefault(pair.source, pair.path)
            many = isinstance(pair.words_node, SequenceNode)
            for index, word in enumerate(pair.words):
                if word in missing_mine:
                    self.problem(
                        item_node(pair.words_node, index) if many else pair.words_node,
                        f"{pair.path}.{code}" + (f"[{index}]" if many else ""),
                        f"is not verbatim in {name} (the release {in_language(code, 'en')})",
                    )

    def texts(self, node: Node | None, field: str) -> tuple[str, ...]:
        """One text, or a list of them."""
        if isinstance(node, SequenceNode):
            return self.strings(node, field)
        text = self.string(node, field)
        return (text,) if text is not None else ()

    def text(self, node: Node | None, label: str, name: str | None) -> str | None:
        """A version's verbatim text: a file in the release's folder, within the size limit."""
        if node is None or name is None:
            return None
        try:
            folder = self.file.parent
            return read_release_file(folder, name, MAX_VERSION_TEXT_BYTES, "the version's text")
        except ReleaseFileError as error:
            self.problem(node, label, str(error))
            return None


def missing_translations(base: KnowledgeBase) -> list[Problem]:
    """Warnings for `check`: each reviewed entry (facts, not_stated, smalltalk) without an
    answer in a language `release.translations` lists; it is answered in the release's
    language, with a note. Read again from the file, for the lines."""
    wanted = base.release.translations
    if not wanted or base.path is None:
        return []
    try:
        root = yaml.compose(base.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # it loaded a moment ago; if it changed since, the next check says why
    warnings = []
    for section in ENTRY_SECTIONS:
        items = child_node(root, section) if isinstance(root, MappingNode) else None
        if not isinstance(items, SequenceNode):
            continue
        for index, item in enumerate(items.value):
            id_node = child_node(item, "id")
            entry = base.entry(str(id_node.value)) if isinstance(id_node, ScalarNode) else None
            if entry is None:
                continue
            for code in wanted:
                if entry.answer_in(code) is None:
                    node = _key(item, "answers") or _key(item, "answer") or item
                    own = in_language(base.release.language, ENGLISH)
                    note = in_language(code, ENGLISH)
                    message = f"no '{code}' translation: answered {own}, with a note {note}"
                    line = node.start_mark.line + 1
                    warnings.append(
                        Problem(base.path, line, f"{section}[{index}].answers", message)
                    )
    return warnings


def _key(mapping: Node, name: str) -> Node | None:
    """The key node of `name:` in `mapping` (its line is the field's)."""
    if isinstance(mapping, MappingNode):
        for key, _ in mapping.value:
            if isinstance(key, ScalarNode) and key.value == name:
                found: Node = key
                return found
    return None
