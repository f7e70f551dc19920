"""Topics discussed: "The Ministers discussed A, B, and C, among other things.", "The talks
focused on ...", "Topics included ...", "The ministers will review A and exchange views on B",
"Their discussion is expected to cover ...", and a "such as" list in a sentence about the talks
("to discuss topical trade policy questions, such as A, B and C"). One list of topics,
near-duplicates merged. A "such as" list that is not about the talks ("products such as timber")
is no topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.lexicon import STOPWORDS
from bot.ingest.lists import split_items
from bot.ingest.sentences import Sentence

_VERB = (
    r"(?:discussed|discuss|discusses|talked\s+about|talk\s+about|focused\s+on|focus\s+on|"
    r"focuses\s+on|reviewed|review|reviews|covered|cover|covers|included|include|includes|"
    r"dealt\s+with|deal\s+with|exchanged\s+views\s+on|exchange\s+views\s+on|"
    r"(?:is|are)\s+expected\s+to\s+cover)"
)
_DISCUSSED = re.compile(
    r"^(?P<subject>[^,;:\"“”]{1,80}?)\s+(?:(?:also|will|shall|then)\s+)*"
    rf"(?P<verb>{_VERB})\s+(?P<items>.+?)"
    r"(?P<more>,?\s+among\s+other\s+(?:things|topics|issues|matters))?\s*[.]?$"
)
_SUCH_AS = re.compile(r",?\s+such\s+as\s+(?P<items>.+?)\s*[.]?$")
_ABOUT_TALKS = re.compile(
    r"\b(?:discuss\w*|talks?|topics?|agenda|cover\w*|focus\w*|review\w*|meeting|"
    r"exchange\s+views)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"\b(?:ministers?|talks|discussions?|topics|agenda|meetings?|leaders|they|we|premiers|"
    r"presidents|delegations|sides|parties|secretaries|commissioners?)\b",
    re.IGNORECASE,
)
_AGENDA = re.compile(r"\b(?:topics|agenda|talks|discussions?|meetings?)\b", re.IGNORECASE)
_ITEM_PREFIX = re.compile(
    r"^(?:to\s+)?(?:exchange\s+views\s+on|discuss|talk\s+about|review|focus\s+on)\s+", re.I
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


def find_topics(sentences: tuple[Sentence, ...], names: tuple[str, ...] = ()) -> Topics:
    """Every topic the release says was (or will be) discussed. `names` are the people's
    names, which may be the subject ("Häkkänen and Konovalov also discussed ...")."""
    topics: list[Topic] = []
    used: list[Sentence] = []
    more = False
    subject = ""
    for sentence in sentences:
        found = _topic_list(sentence.clean, names)
        if found is None:
            continue
        who, items, among = found
        used.append(sentence)
        more = more or among
        subject = subject or who
        for item in split_items(items):
            item = _ITEM_PREFIX.sub("", item).strip()
            if item:
                _merge(topics, Topic(item, who, [sentence]))
    return Topics(tuple(topics), tuple(used), more, subject)


def _topic_list(text: str, names: tuple[str, ...]) -> tuple[str, str, bool] | None:
    """(who discussed, the items as printed, "among other things") of a sentence, or None."""
    discussed = _DISCUSSED.match(text)
    such_as = _SUCH_AS.search(text) if _ABOUT_TALKS.search(text) else None
    if such_as is not None:
        who = discussed["subject"] if discussed else ""
        return who, such_as["items"], False
    if discussed is None:
        return None
    who = discussed["subject"]
    if discussed["verb"].startswith("includ"):  # "Topics included", not "his programme includes"
        if not _AGENDA.search(who):
            return None
    elif not _SUBJECT.search(who) and not any(name in who for name in names):
        return None
    return who, discussed["items"], bool(discussed["more"])


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
