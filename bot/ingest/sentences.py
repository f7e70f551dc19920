"""Split a release into its headline, paragraphs and sentences, each a verbatim slice of the text.

A paragraph is a line; lines that were hard-wrapped mid-sentence are joined back. The first
non-blank line is the headline. Press-contact lines are never split into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lexicon import CONTACT_LABELS

_SPACES = re.compile(r"\s+")
_BOUNDARY = re.compile(r"[.!?…]+[”\"’'»)\]]*\s+")
_SENTENCE_START = re.compile(r"[“\"‘'«„”(\[–—-]?\s*[A-ZÀ-ÖØ-Þ]")  # not a digit: "tbl. 4"
_LAST_WORD = re.compile(r"([\w.]+)[.]$")
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof tel puh p e.g i.e eg ie no nos st jr sr vs approx ca ltd inc co gen col lt
    rep sen gov hon rev fig art sec ch para
    """.split()
)
_LINE_END = tuple(".!?:;”\"’'»)…")
_LINE_START_NEW = re.compile(r"^\s*(?:[-–—•*]\s|[“\"‘«„”])")
_CONTACT_LINE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(label) for label in CONTACT_LABELS) + r")\s*:", re.IGNORECASE
)


def squash(text: str) -> str:
    """`text` with every run of whitespace turned into one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Sentence:
    """One sentence: where it is in the release and its text as printed."""

    text: str  # the verbatim slice (may hold a line break where a line was hard-wrapped)
    start: int
    paragraph: int
    index: int

    @property
    def clean(self) -> str:
        """The sentence with whitespace collapsed: what goes into a `source` field."""
        return squash(self.text)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph and its sentences. Paragraph 0 is the headline."""

    index: int
    sentences: tuple[Sentence, ...]
    is_contact: bool = False

    @property
    def clean(self) -> str:
        return " ".join(sentence.clean for sentence in self.sentences)


@dataclass(frozen=True)
class Document:
    """A release as headline, paragraphs and sentences."""

    text: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def headline(self) -> Sentence:
        return self.paragraphs[0].sentences[0]

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The paragraphs after the headline, contact lines included."""
        return self.paragraphs[1:]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for paragraph in self.paragraphs for s in paragraph.sentences)

    def body_sentences(self) -> tuple[Sentence, ...]:
        """Sentences after the headline, without the press-contact lines."""
        return tuple(
            s for paragraph in self.body if not paragraph.is_contact for s in paragraph.sentences
        )


def parse_document(text: str) -> Document:
    """Split `text` into paragraphs and sentences. Raises ValueError when it has no words."""
    blocks = _paragraph_spans(text)
    if not blocks:
        raise ValueError("the release text is empty")
    paragraphs: list[Paragraph] = []
    counter = 0
    label_only = False  # the previous line was "Inquiries:" with the contacts on the next lines
    for number, (start, end) in enumerate(blocks):
        line = text[start:end]
        label = _CONTACT_LINE.match(line) if number > 0 else None
        contact = bool(label) or (label_only and any(char.isdigit() for char in line))
        label_only = bool(label and not line[label.end() :].strip()) or (label_only and contact)
        spans = [(start, end)] if number == 0 or contact else _sentence_spans(text, start, end)
        sentences = []
        for sentence_start, sentence_end in spans:
            sentence_text = text[sentence_start:sentence_end]
            sentences.append(Sentence(sentence_text, sentence_start, number, counter))
            counter += 1
        paragraphs.append(Paragraph(number, tuple(sentences), contact))
    return Document(text, tuple(paragraphs))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed, with a leading byte-order mark skipped."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip().lstrip("\ufeff").strip()
        if stripped:
            start = offset + raw.index(stripped)
            spans.append((start, start + len(stripped)))
        offset += len(raw)
    return spans


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Lines as paragraphs, a hard-wrapped line joined to the one before it."""
    paragraphs: list[tuple[int, int]] = []
    previous_end = 0
    for start, end in _lines(text):
        if len(paragraphs) > 1 and _continues(text, previous_end, paragraphs[-1], start, end):
            paragraphs[-1] = (paragraphs[-1][0], end)
        else:
            paragraphs.append((start, end))
        previous_end = end
    return paragraphs


def _continues(
    text: str, previous_end: int, previous: tuple[int, int], start: int, end: int
) -> bool:
    """Whether the line at start..end continues the paragraph `previous` (a hard wrap)."""
    gap = text[previous_end:start]
    if gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1:
        return False  # a blank line between them
    if _CONTACT_LINE.match(text[previous[0] : previous[1]]):
        return False
    line = text[start:end]
    if _CONTACT_LINE.match(line) or _LINE_START_NEW.match(line):
        return False
    return not text[previous[0] : previous[1]].endswith(_LINE_END)


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the paragraph text[start:end]."""
    paragraph = text[start:end]
    spans: list[tuple[int, int]] = []
    sentence_start = 0
    for boundary in _BOUNDARY.finditer(paragraph):
        rest = paragraph[boundary.end() :]
        if not _SENTENCE_START.match(rest):
            continue
        before = paragraph[sentence_start : boundary.start() + 1]
        if _is_abbreviation(before):
            continue
        spans.append((sentence_start, boundary.end()))
        sentence_start = boundary.end()
    spans.append((sentence_start, len(paragraph)))
    return [
        (start + a + _leading_space(paragraph[a:b]), start + b - _trailing_space(paragraph[a:b]))
        for a, b in spans
        if paragraph[a:b].strip()
    ]


def _is_abbreviation(text: str) -> bool:
    """Whether `text` ends with an abbreviation or an initial rather than a full stop."""
    if not text.endswith("."):
        return False
    match = _LAST_WORD.search(text)
    if match is None:
        return False
    word = match.group(1).rstrip(".").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _leading_space(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trailing_space(text: str) -> int:
    return len(text) - len(text.rstrip())
