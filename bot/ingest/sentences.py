"""Split a release into its headline, paragraphs and sentences, each a verbatim slice of the text.

A paragraph is a line; lines that were hard-wrapped mid-sentence are joined back. The first
non-blank line is the headline. The header lines under it (publisher, publication date, "Press
release 74/2019") and the press-contact lines ("Inquiries: ...", or a name, title and phone
printed line by line at the end) are paragraphs of their own and never split into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.layout import is_block_line, is_contact_line, is_header_line, is_phone_line

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
_NAME_LINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){1,3}$")
_MAX_HEADER_LINES = 5


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
    is_header: bool = False

    @property
    def is_text(self) -> bool:
        """Part of the release's text: neither a header line nor a contact line."""
        return not (self.is_contact or self.is_header)

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
        """The paragraphs after the headline, header and contact lines included."""
        return self.paragraphs[1:]

    @property
    def text_paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs of the release's text: no headline, header or contact lines."""
        return tuple(paragraph for paragraph in self.body if paragraph.is_text)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for paragraph in self.paragraphs for s in paragraph.sentences)

    def body_sentences(self) -> tuple[Sentence, ...]:
        """Sentences of the release's text: no headline, header or press-contact lines."""
        return tuple(s for paragraph in self.text_paragraphs for s in paragraph.sentences)


def parse_document(text: str) -> Document:
    """Split `text` into paragraphs and sentences. Raises ValueError when it has no words."""
    lines = _lines(text)
    if not lines:
        raise ValueError("the release text is empty")
    header = _header_count(text, lines)
    block = _contact_block_start(text, lines)
    paragraphs: list[Paragraph] = []
    counter = 0
    label_only = False  # the previous line was "Inquiries:" with the contacts on the next lines
    for number, (start, end, kind) in enumerate(_paragraph_spans(text, lines, header, block)):
        line = text[start:end]
        label = is_contact_line(line) if kind == "text" else False
        contact = kind == "contact" or label or (label_only and any(c.isdigit() for c in line))
        label_only = (label and not line.split(":", 1)[1].strip()) or (label_only and contact)
        whole = number == 0 or contact or kind == "header"
        spans = [(start, end)] if whole else _sentence_spans(text, start, end)
        sentences = []
        for sentence_start, sentence_end in spans:
            sentence_text = text[sentence_start:sentence_end]
            sentences.append(Sentence(sentence_text, sentence_start, number, counter))
            counter += 1
        paragraphs.append(Paragraph(number, tuple(sentences), contact, kind == "header"))
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


def _header_count(text: str, lines: list[tuple[int, int]]) -> int:
    """How many lines after the headline are header lines (publisher, date, number)."""
    count = 0
    for start, end in lines[1 : 1 + _MAX_HEADER_LINES]:
        if not is_header_line(text[start:end]):
            break
        count += 1
    return count


def _contact_block_start(text: str, lines: list[tuple[int, int]]) -> int:
    """The index of the first line of an unlabelled contact block at the end (a name line,
    then titles, phones and e-mail addresses), or len(lines) when there is none."""
    first = len(lines)
    while first > 2 and is_block_line(text[slice(*lines[first - 1])]):
        first -= 1
    block = [text[slice(*span)] for span in lines[first:]]
    while block and not (_NAME_LINE.match(block[0]) and not is_phone_line(block[0])):
        block, first = block[1:], first + 1
    if not any(is_phone_line(line) for line in block):
        return len(lines)
    return first


def _paragraph_spans(
    text: str, lines: list[tuple[int, int]], header: int, block: int
) -> list[tuple[int, int, str]]:
    """Lines as paragraphs (start, end, kind), a hard-wrapped text line joined to the one before
    it. Kinds: "text" (headline and body), "header", "contact" (an unlabelled block)."""
    paragraphs: list[tuple[int, int, str]] = []
    previous_end = 0
    for number, (start, end) in enumerate(lines):
        kind = "header" if 0 < number <= header else "contact" if number >= block else "text"
        last = paragraphs[-1] if paragraphs else None
        if (
            kind == "text"
            and last is not None
            and last[2] == "text"
            and len(paragraphs) > header + 1
            and _continues(text, previous_end, (last[0], last[1]), start, end)
        ):
            paragraphs[-1] = (last[0], end, "text")
        else:
            paragraphs.append((start, end, kind))
        previous_end = end
    return paragraphs


def _continues(
    text: str, previous_end: int, previous: tuple[int, int], start: int, end: int
) -> bool:
    """Whether the line at start..end continues the paragraph `previous` (a hard wrap)."""
    gap = text[previous_end:start]
    if gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1:
        return False  # a blank line between them
    if is_contact_line(text[previous[0] : previous[1]]):
        return False
    line = text[start:end]
    if is_contact_line(line) or _LINE_START_NEW.match(line):
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
