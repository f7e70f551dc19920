"""Direct quotes and who said them, in the styles governments write them:

    “...,” Salonen said.          "...", Vaara stated.          '...', says Ekdahl.
    – ..., Lehtola says.           Koski said: "..."             "...," she said. "..."
    "First sentence. Second sentence, Häkkänen said.      (opened, never closed)
    We cannot build it alone," Hirvonen said.            (closed, never opened)

A quote's text is the words between its marks (or after the dash), verbatim, without the comma
that leads into the attribution. A quote split by its attribution ('"A," she said. "B."') is two
quotes; a quote without an attribution of its own that directly follows (or precedes) an
attributed one has the same speaker. Quotes whose speaker cannot be found are not kept: their
sentences stay plain facts, and go on the review list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lexicon import PRONOUNS, SPEECH_VERBS, TITLE_HEADS
from bot.ingest.people import People, PersonDraft, add_speaker
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Paragraph, Sentence

_DOUBLE_OPENERS = '“"„«'
_SINGLE_OPENERS = "‘'"
_CLOSERS = {"“": '”"“', '"': '"”', "„": '“”"', "«": "»", "‘": "’'", "'": "'’"}
_ANY_CLOSER = "”\"’'»“"
_VERB = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS), key=len)[::-1])
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_SPEAKER = (
    rf"(?:[Tt]he\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:of|for|the|and|von|van|der|den|de|la|le|du|di|da|af|{_NAME_WORD}))*"
)
_WHO = rf"(?:{_SPEAKER}|[Hh]e|[Ss]he|[Tt]hey)"
_TAIL = (
    r"(?:\s+(?:in|at|on|during|after|before|to|when|while|today|yesterday|last|this|ahead|"
    r"earlier|later|at\s+the)\b[^\"“”]*?)?"
)
_ATTRIBUTION = (
    rf"(?:(?P<who1>{_WHO})\s+(?P<verb1>{_VERB})|(?P<verb2>{_VERB})\s+(?P<who2>{_WHO})){_TAIL}"
)
_AFTER_CLOSE = re.compile(rf"^\s*,?\s+{_ATTRIBUTION}\s*[.!,]?(?=\s|$)")
_AT_END = re.compile(rf",\s+{_ATTRIBUTION}\s*[.!]?$")
_CLOSED_AT_END = re.compile(rf"(?P<closer>[{_ANY_CLOSER}])\s*,?\s+{_ATTRIBUTION}\s*[.!]?$")
_SPEAKER_FIRST = re.compile(
    rf"(?P<who1>{_WHO})\s+(?P<verb1>{_VERB})(?:\s+that)?\s*:\s*(?=[{_DOUBLE_OPENERS}{_SINGLE_OPENERS}])"
)
_DASH = re.compile(r"^[-–—]\s+(?=\S)")


@dataclass(frozen=True)
class Quote:
    """A direct quote: who said it, the verb used, its text, and the sentences it is in."""

    speaker: PersonDraft
    verb: str
    text: str
    sentences: tuple[Sentence, ...]

    @property
    def sources(self) -> list[str]:
        return [sentence.clean for sentence in self.sentences]


@dataclass
class _Segment:
    """A quoted stretch of a paragraph, before its speaker is known."""

    text: str
    start: int  # where the quote (with its attribution) is in the paragraph's clean text
    end: int
    paragraph: Paragraph
    who: str = ""
    verb: str = ""
    sentences: tuple[Sentence, ...] = ()


def find_quotes(document: Document, people: People, review: Review) -> list[Quote]:
    """Every attributed direct quote in the release's text."""
    segments: list[_Segment | None] = []  # None: narrative text between quotes
    for paragraph in document.text_paragraphs:
        segments.extend(_segments(paragraph))
    return _Attributor(people, review, document).attribute(segments)


# -- finding the quoted stretches -------------------------------------------------------------


def _segments(paragraph: Paragraph) -> list[_Segment | None]:
    """The quotes of one paragraph, in order, with None where narrative text comes between."""
    text = paragraph.clean
    found: list[_Segment | None] = []
    dash = _DASH.match(text)
    if dash:
        return [_until_attribution(paragraph, text, dash.end())]
    missing_opener = _CLOSED_AT_END.search(text)
    if missing_opener and not _opens_before(text, missing_opener.start()):
        who, verb = _who_and_verb(missing_opener)
        body = text[: missing_opener.start("closer")]
        return [_segment(paragraph, body, 0, len(text), who, verb)]
    position = 0
    while position < len(text):
        opener = _next_opener(text, position)
        if opener is None:
            if text[position:].strip():
                found.append(None)
            break
        if text[position:opener].strip():
            speaker_first = _SPEAKER_FIRST.search(text[position : opener + 1])
            if speaker_first is None:
                found.append(None)
        segment, position = _quoted(paragraph, text, opener)
        found.append(segment)
    return found


def _quoted(paragraph: Paragraph, text: str, opener: int) -> tuple[_Segment, int]:
    """The quote opened at `opener`, its attribution if one follows, and where it ends."""
    speaker_first = _SPEAKER_FIRST.search(text[: opener + 1])
    closer = _closing(text, opener)
    if closer is None:  # opened and never closed: it runs to the attribution at the end
        return _until_attribution(paragraph, text, opener + 1), len(text)
    body = text[opener + 1 : closer]
    after = _AFTER_CLOSE.match(text[closer + 1 :])
    if after is not None:
        who, verb = _who_and_verb(after)
        end = closer + 1 + after.end()
        return _segment(paragraph, body, opener, end, who, verb), end
    who, verb = _who_and_verb(speaker_first) if speaker_first else ("", "")
    start = speaker_first.start() if speaker_first else opener
    return _segment(paragraph, body, start, closer + 1, who, verb), closer + 1


def _until_attribution(paragraph: Paragraph, text: str, start: int) -> _Segment:
    """A quote from `start` to ", X said." at the paragraph's end (or to its end, unattributed)."""
    at_end = _AT_END.search(text, start)
    if at_end is None:
        return _segment(paragraph, text[start:], start, len(text), "", "")
    who, verb = _who_and_verb(at_end)
    return _segment(paragraph, text[start : at_end.start()], start, len(text), who, verb)


def _next_opener(text: str, position: int) -> int | None:
    """Where the next quotation mark that opens a quote is (at the start or after a space)."""
    for index in range(position, len(text)):
        char = text[index]
        if char not in _DOUBLE_OPENERS and char not in _SINGLE_OPENERS:
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else ""
        if before in " ([" and after and not after.isspace():
            return index
    return None


def _closing(text: str, opener: int) -> int | None:
    """The mark that closes the quote opened at `opener`: one that ends a word and is followed by
    a space, punctuation or the end (so "Finland's" and "other’s" do not close it)."""
    closers = _CLOSERS[text[opener]]
    for index in range(opener + 1, len(text)):
        if text[index] not in closers:
            continue
        after = text[index + 1] if index + 1 < len(text) else ""
        if (not after or after.isspace() or after in ",.;:!?)") and not text[index - 1].isspace():
            return index
    return None


def _opens_before(text: str, end: int) -> bool:
    return _next_opener(text, 0) is not None and (_next_opener(text, 0) or 0) < end


def _segment(
    paragraph: Paragraph, body: str, start: int, end: int, who: str, verb: str
) -> _Segment:
    """A segment with its verbatim text (no comma leading into the attribution) and sentences."""
    body = body.strip()
    if body.endswith(","):
        body = body[:-1].rstrip()
    return _Segment(
        body, start, end, paragraph, who, verb, _sentences_between(paragraph, start, end)
    )


def _sentences_between(paragraph: Paragraph, start: int, end: int) -> tuple[Sentence, ...]:
    """The paragraph's sentences that overlap its clean text between `start` and `end`."""
    found = []
    offset = 0
    for sentence in paragraph.sentences:
        length = len(sentence.clean)
        if offset < end and start < offset + length:
            found.append(sentence)
        offset += length + 1
    return tuple(found)


def _who_and_verb(match: re.Match[str]) -> tuple[str, str]:
    groups = match.groupdict()
    who = groups.get("who1") or groups.get("who2") or ""
    verb = groups.get("verb1") or groups.get("verb2") or ""
    return who, " ".join(verb.split())


# -- who said it ------------------------------------------------------------------------------


class _Attributor:
    """Gives every quoted stretch its speaker: its own attribution, else that of the quote right
    before it, else that of the quote right after it."""

    def __init__(self, people: People, review: Review, document: Document) -> None:
        self.people = people
        self.review = review
        self.document = document
        self.quotes: list[Quote] = []

    def attribute(self, segments: list[_Segment | None]) -> list[Quote]:
        speakers: list[tuple[PersonDraft, str] | None] = []
        for index, segment in enumerate(segments):
            if segment is None or not segment.who:
                speakers.append(None)
                continue
            speaker = self.speaker(segment, index, segments, speakers)
            speakers.append((speaker, segment.verb) if speaker else None)
        for index, segment in enumerate(segments):
            if segment is None or not segment.text:
                continue
            said = speakers[index] or _neighbour(segments, speakers, index)
            if said is None:
                why = (
                    "starts with a dash but names no speaker"
                    if _is_dash(segment)
                    else (
                        "has no speaker" if not segment.who else "has a speaker who is not resolved"
                    )
                )
                self.review.note(f"quote {_excerpt(segment)} {why}: kept as a plain fact")
                continue
            self.quotes.append(Quote(said[0], said[1], segment.text, segment.sentences))
        return self.quotes

    def speaker(
        self,
        segment: _Segment,
        index: int,
        segments: list[_Segment | None],
        speakers: list[tuple[PersonDraft, str] | None],
    ) -> PersonDraft | None:
        """The person `segment.who` refers to: a name, a title, or a pronoun."""
        who = segment.who
        if who.lower() in PRONOUNS:
            return self.pronoun(who, segment, speakers)
        found = self.people.resolve(who)
        if found is not None:
            return found
        by_title = [p for p in self.people if _title_word(who) and _title_word(who) in p.role]
        if len(by_title) == 1:
            self.review.note(f"speaker '{who}' taken to be {by_title[0].name}")
            return by_title[0]
        name = _name_part(who)
        if name:
            return add_speaker(self.people, name, segment.sentences[-1], self.review)
        self.review.note(f"quote {_excerpt(segment)}: speaker '{who}' not resolved")
        return None

    def pronoun(
        self, who: str, segment: _Segment, speakers: list[tuple[PersonDraft, str] | None]
    ) -> PersonDraft | None:
        """'he said': the last speaker, else the last person named before the quote."""
        speaker = next((said[0] for said in reversed(speakers) if said), None)
        if speaker is None:
            before = [
                s for s in self.document.body_sentences() if s.index < segment.sentences[0].index
            ]
            named = [p for s in reversed(before) for p in self.people.found_in(s.clean)]
            speaker = named[0] if named else None
        if speaker is not None:
            self.review.note(f"speaker '{who}' taken to be {speaker.name}")
        return speaker


def _neighbour(
    segments: list[_Segment | None], speakers: list[tuple[PersonDraft, str] | None], index: int
) -> tuple[PersonDraft, str] | None:
    """The speaker of the quote directly before (or else directly after) this one."""
    for other in (index - 1, index + 1):
        near = 0 <= other < len(segments) and segments[other] is not None
        if near and speakers[other] and _adjacent(segments, min(index, other)):
            return speakers[other]
    return None


def _adjacent(segments: list[_Segment | None], first: int) -> bool:
    """Whether segments[first] and segments[first + 1] follow each other with no text between:
    in one paragraph, or the second opening the next paragraph."""
    a, b = segments[first], segments[first + 1]
    if a is None or b is None:
        return False
    if a.paragraph is b.paragraph:
        return True
    opens_paragraph = not b.paragraph.clean[: b.start].strip(" –—-" + _DOUBLE_OPENERS + "‘'")
    return opens_paragraph and a.end >= len(a.paragraph.clean) - 1


def _is_dash(segment: _Segment) -> bool:
    return _DASH.match(segment.paragraph.clean) is not None


def _title_word(who: str) -> str:
    words = [w for w in who.split() if w in TITLE_HEADS or w.capitalize() in TITLE_HEADS]
    return words[-1].capitalize() if words else ""


def _name_part(who: str) -> str:
    """The name in a speaker phrase that is not a known person ("Anna Virtanen"), or ""."""
    words = [w for w in who.split() if w[:1].isupper() and w.capitalize() not in TITLE_HEADS]
    if not words or who.split()[0].lower() == "the":
        return ""
    return " ".join(words[-2:])


def _excerpt(segment: _Segment) -> str:
    first = segment.sentences[0].clean if segment.sentences else segment.text
    return f"'{first[:50]}…'" if len(first) > 50 else f"'{first}'"
