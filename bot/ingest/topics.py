"""Topics discussed: "The Ministers discussed A, B, and C, among other things." and
"X and Y also discussed D." -> one list of topics, near-duplicates merged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.lexicon import STOPWORDS
from bot.ingest.lists import split_items
from bot.ingest.sentences import Sentence

_DISCUSSED = re.compile(
    r"^(?P<subject>[^,;:\"“”]{1,80}?)\s+(?:also\s+)?(?:discussed|talked\s+about)"
    r"\s+(?P<items>.+?)(?P<more>,?\s+among\s+other\s+(?:things|topics|issues|matters))?\s*[.]?$"
)


@dataclass
class Topic:
    """One thing discussed, as printed, with who discussed it and the sentences saying so."""

    text: str
    subject: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def ordered_words(self) -> list[str]:
        """The topic's words that carry meaning, in order."""
        return [word for word in fold(self.text).split() if word not in STOPWORDS]

    @property
    def words(self) -> set[str]:
        return set(self.ordered_words)


@dataclass(frozen=True)
class Topics:
    """All topics, the sentences that list them, and who discussed them."""

    topics: tuple[Topic, ...]
    sentences: tuple[Sentence, ...]
    among_other_things: bool
    subject: str


def find_topics(sentences: tuple[Sentence, ...]) -> Topics:
    """Every topic the release says was discussed."""
    topics: list[Topic] = []
    used: list[Sentence] = []
    more = False
    subject = ""
    for sentence in sentences:
        match = _DISCUSSED.match(sentence.clean)
        if match is None:
            continue
        used.append(sentence)
        more = more or bool(match.group("more"))
        subject = subject or match.group("subject")
        for item in split_items(match.group("items")):
            _merge(topics, Topic(item, match.group("subject"), [sentence]))
    return Topics(tuple(topics), tuple(used), more, subject)


def _merge(topics: list[Topic], new: Topic) -> None:
    """Add `new`, or fold it into a topic whose words contain its words (or the reverse)."""
    for topic in topics:
        if not (new.words and topic.words):
            continue
        if new.words <= topic.words or topic.words <= new.words:
            if len(new.text) > len(topic.text):
                topic.text = new.text
                topic.subject = new.subject
            topic.sentences.extend(s for s in new.sentences if s not in topic.sentences)
            return
    topics.append(new)
