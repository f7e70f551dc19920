"""Direct quotes and who said them, in the styles governments write them:

    “...,” Salonen said.          "...", Vaara stated.          '...', says Ekdahl.
    – ..., Lehtola says.           Koski said: "..."             "...," she said. "..."
    "First sentence. Second sentence, Häkkänen said.      (opened, never closed)
    "First paragraph.  /  "Second paragraph," Lehtola said.  (one quote over paragraphs)

A quote is a run of whole sentences; its text is what is inside the quote marks. Quotes whose
speaker cannot be found are not kept as quotes: their sentences stay plain facts, and go on the
review list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.lexicon import PRONOUNS, SPEECH_VERBS, TITLE_HEADS
from bot.ingest.people import People, PersonDraft, add_speaker
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Paragraph, Sentence

OPENERS = "“\"‘'«„”"
CLOSERS = "”\"’'»“"
_VERB = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS), key=len)[::-1])
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_SPEAKER = (
    rf"(?:[Tt]he\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:of|for|the|and|von|van|der|den|de|la|le|du|di|da|af|{_NAME_WORD}))*"
)
_WHO = rf"(?:{_SPEAKER}|[Hh]e|[Ss]he|[Tt]hey)"
_TAIL = (
    r"(?:\s+(?:in|at|on|during|after|before|to|when|while|today|yesterday|last|this|"
    r"earlier|later)\b[^\"“”]*?)?"
)
_ATTRIBUTION = (
    rf"(?:(?P<who1>{_WHO})\s+(?P<verb1>{_VERB})|(?P<verb2>{_VERB})\s+(?P<who2>{_WHO})){_TAIL}"
)
_CLOSED_THEN_SPEAKER = re.compile(
    rf"^(?P<body>.*?)(?P<punct>[,.!?…]?)\s*[{CLOSERS}]\s*,?\s+{_ATTRIBUTION}\s*[.!]?$"
)
_OPEN_THEN_SPEAKER = re.compile(rf"^(?P<body>.*?)(?P<punct>[,!?…])\s+{_ATTRIBUTION}\s*[.!]?$")
_CLOSED = re.compile(rf"^(?P<body>.*?)(?P<punct>[.!?…]?)\s*[{CLOSERS}]$")
_INTERRUPTED = re.compile(
    rf"^(?P<first>.*?),?\s*[{CLOSERS}]\s*,?\s+{_ATTRIBUTION}\s*[,.]\s*[{OPENERS}](?P<body>.*)$"
)
_SPEAKER_FIRST = re.compile(
    rf"(?P<who1>{_WHO})\s+(?P<verb1>{_VERB})(?:\s+that)?\s*:\s*[{OPENERS}](?P<body>.*)$"
)
_OPENING = re.compile(rf"^(?:[{OPENERS}](?=\w)|[“«„](?=\s*\w))")
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
class _Open:
    """A quote being read: its pieces of text so far and its sentences."""

    dash: bool
    pieces: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    who: str = ""
    verb: str = ""


@dataclass
class _Ending:
    body: str
    who: str
    verb: str


def find_quotes(document: Document, people: People, review: Review) -> list[Quote]:
    """Every attributed direct quote in the release body."""
    return _QuoteReader(people, review).read([p for p in document.body if not p.is_contact])


class _QuoteReader:
    """Reads paragraphs in order, keeping the quote that is open across sentences."""

    def __init__(self, people: People, review: Review) -> None:
        self.people = people
        self.review = review
        self.quotes: list[Quote] = []
        self.current: _Open | None = None
        self.context: list[Sentence] = []  # sentences read so far, for "he said"

    def read(self, paragraphs: list[Paragraph]) -> list[Quote]:
        """Every quote of `paragraphs`; an open quote left at the end is given up."""
        for paragraph in paragraphs:
            self.read_paragraph(paragraph)
        if self.current is not None:
            self.give_up("is opened but never attributed")
        return self.quotes

    def read_paragraph(self, paragraph: Paragraph) -> None:
        """Read one paragraph; a quote may continue from the one before."""
        first = paragraph.sentences[0].clean
        if self.current is not None and (self.current.dash or not _OPENING.match(first)):
            self.give_up("is opened but never attributed")
        previous_ended: Quote | None = None
        for number, sentence in enumerate(paragraph.sentences):
            previous_ended = self.read_sentence(sentence, previous_ended, first=number == 0)
            self.context.append(sentence)
        if self.current is not None and self.current.dash:
            self.give_up("starts with a dash but names no speaker")

    def read_sentence(
        self, sentence: Sentence, previous: Quote | None, first: bool
    ) -> Quote | None:
        """Read one sentence; returns the quote it ended, if any."""
        text = sentence.clean
        if self.current is None:
            text = self.start(sentence, text)
            if self.current is None:
                return None
        else:
            text = _OPENING.sub("", text, count=1) if first else text  # quote's next paragraph
        current = self.current
        current.sentences.append(sentence)
        ending = _ending(text, current.dash)
        if ending is not None:
            current.pieces.append(ending.body)
            return self.finish(ending.who or current.who, ending.verb or current.verb)
        closed = None if current.dash else _CLOSED.match(text)
        if closed is None:
            current.pieces.append(text)
            return None
        current.pieces.append(_with_stop(closed.group("body"), closed.group("punct")))
        if current.who:
            return self.finish(current.who, current.verb)
        if previous is not None:
            return self.extend(previous)
        self.give_up("has no speaker")
        return None

    def start(self, sentence: Sentence, text: str) -> str:
        """Open a quote if the sentence starts one; returns the text left to read."""
        if _DASH.match(text):
            self.current = _Open(dash=True)
            return _DASH.sub("", text, count=1)
        if _OPENING.match(text):
            self.current = _Open(dash=False)
            return self.interrupted(_OPENING.sub("", text, count=1))
        speaker_first = _SPEAKER_FIRST.search(text)
        if speaker_first:
            self.current = _Open(False, who=speaker_first["who1"], verb=speaker_first["verb1"])
            return speaker_first.group("body")
        return text

    def interrupted(self, text: str) -> str:
        """'"A," he said, "b."': the first part is kept, and the speaker remembered."""
        match = _INTERRUPTED.match(text)
        if match is None or self.current is None:
            return text
        self.current.pieces.append(_with_stop(match.group("first"), ","))
        self.current.who, self.current.verb = _who_and_verb(match)
        return match.group("body")

    def finish(self, who: str, verb: str) -> Quote | None:
        """Close the open quote with its speaker, or give it up if none is found."""
        current, self.current = self.current, None
        assert current is not None
        speaker = self.speaker(who, current.sentences[-1])
        if speaker is None:
            self.review.note(f"quote {_excerpt(current)}: speaker '{who}' not resolved")
            return None
        quote = Quote(
            speaker, _plain_verb(verb), " ".join(current.pieces), tuple(current.sentences)
        )
        self.quotes.append(quote)
        return quote

    def extend(self, previous: Quote) -> Quote:
        """A closed quote without attribution right after one of the same speaker: one quote."""
        current, self.current = self.current, None
        assert current is not None
        merged = Quote(
            previous.speaker,
            previous.verb,
            " ".join([previous.text, *current.pieces]),
            previous.sentences + tuple(current.sentences),
        )
        self.quotes[self.quotes.index(previous)] = merged
        return merged

    def give_up(self, why: str) -> None:
        """Drop the open quote: its sentences stay plain facts, on the review list."""
        current, self.current = self.current, None
        if current is not None and current.sentences:
            self.review.note(f"quote {_excerpt(current)} {why}: kept as a plain fact")

    def speaker(self, who: str, sentence: Sentence) -> PersonDraft | None:
        """The person `who` refers to: a name, a title, or a pronoun for the last speaker."""
        if who.lower() in PRONOUNS:
            return self.pronoun(who)
        found = self.people.resolve(who)
        if found is not None:
            return found
        by_title = [p for p in self.people if _title_word(who) and _title_word(who) in p.role]
        if len(by_title) == 1:
            self.review.note(f"speaker '{who}' taken to be {by_title[0].name}")
            return by_title[0]
        name = _name_part(who)
        return add_speaker(self.people, name, sentence, self.review) if name else None

    def pronoun(self, who: str) -> PersonDraft | None:
        """'he said': the last speaker, else the last person named."""
        speaker: PersonDraft | None
        if self.quotes:
            speaker = self.quotes[-1].speaker
        else:
            named = [p for s in reversed(self.context) for p in self.people.found_in(s.clean)]
            speaker = named[0] if named else None
        if speaker is not None:
            self.review.note(f"speaker '{who}' taken to be {speaker.name}")
        return speaker


def _ending(text: str, dash: bool) -> _Ending | None:
    """The quote's last words and its speaker, if this sentence ends the quote."""
    for pattern in (_OPEN_THEN_SPEAKER,) if dash else (_CLOSED_THEN_SPEAKER, _OPEN_THEN_SPEAKER):
        match = pattern.match(text)
        if match:
            who, verb = _who_and_verb(match)
            return _Ending(_with_stop(match.group("body"), match.group("punct")), who, verb)
    return None


def _who_and_verb(match: re.Match[str]) -> tuple[str, str]:
    who = match.group("who1") or match.group("who2") or ""
    verb = match.group("verb1") or match.group("verb2") or ""
    return who, verb


def _with_stop(body: str, punct: str) -> str:
    """The quoted words ending as a sentence: "as well," -> "as well."."""
    body = body.strip().rstrip(CLOSERS).rstrip()
    if punct in (".", "!", "?", "…"):
        return body + punct
    return body if body.endswith((".", "!", "?", "…")) else body + "."


def _plain_verb(verb: str) -> str:
    return " ".join(verb.split())


def _title_word(who: str) -> str:
    words = [w for w in who.split() if w in TITLE_HEADS or w.capitalize() in TITLE_HEADS]
    return words[-1].capitalize() if words else ""


def _name_part(who: str) -> str:
    """The name in a speaker phrase that is not a known person ("Anna Virtanen"), or ""."""
    words = [w for w in who.split() if w[:1].isupper() and w.capitalize() not in TITLE_HEADS]
    if not words or who.split()[0].lower() == "the":
        return ""
    return " ".join(words[-2:])


def _excerpt(current: _Open) -> str:
    first = current.sentences[0].clean if current.sentences else ""
    return f"'{first[:50]}…'" if len(first) > 50 else f"'{first}'"
