"""What a question asks for (who, where, when, what was said, ...) and whether it asks about a
meeting that took place or one still to come, from cue words of the question.

The cues below are English; a question in Finnish or Swedish is read with the cues of its
language's vocabulary file (`bot.core.lexicon`), by the same rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.core.knowledge import Entry, EntryKind, Intent, MeetingStatus
from bot.core.language import language_of
from bot.core.lexicon import Lexicon, lexicon
from bot.core.normalize import fold

CUES: dict[Intent, tuple[str, ...]] = {
    Intent.WHO: ("who", "whom", "whose", "whos", "with whom", "participants", "attended"),
    Intent.WHERE: (
        "where",
        "wheres",
        "which city",
        "what city",
        "which cities",
        "what cities",
        "location",
        "venue",
        "what place",
        "which place",
        "in which town",
        # "was it in Helsinki?": a place guessed is a place asked
        "was it in",
        "is it in",
        "were they in",
        "was the meeting in",
        "held in",
        "take place in",
        "took place in",
        "taking place in",
    ),
    Intent.WHEN: (
        "when",
        "what date",
        "which date",
        "what day",
        "which day",
        "what time",
        "date",
        "what year",
        "which year",
        "dated",
        "weekday",
        "day of the week",
    ),
    Intent.SAID: (
        "say",
        "said",
        "says",
        "saying",
        "quote",
        "quotes",
        "quoted",
        "statement",
        "statements",
        "comment",
        "comments",
        "remark",
        "remarks",
        "words",
        "stated",
        "according to",
        "told",
        "view",
        "views",
        "opinion",
        "think",
        "thinks",
        "thought",
        "soundbite",
        "describe",
        "described",
        "describes",
    ),
    Intent.DISCUSSED: (
        "discuss",
        "discussed",
        "discussion",
        "discussions",
        "talk about",
        "talked about",
        "talked",
        "topics",
        "topic",
        "agenda",
        "raised",
        "covered",
        "issues",
        "subjects",
    ),
    Intent.ATTRIBUTE: (
        "job",
        "portfolio",
        "cabinet post",
        "occupation",
        "profession",
        "role",
        "title",
        "position",
        "first name",
        "full name",
        "surname",
        "last name",
        "nationality",
        "which country",
        "what country",
        "country",
        "what does he do",
        "what does she do",
        "first names",
        "name of",
    ),
    Intent.CONTACT: (
        "contact",
        "phone",
        "telephone",
        "call",
        "reach",
        "email",
        "e mail",
        "mail",
        "inquiries",
        "enquiries",
        "press office",
        "spokesperson",
        "spokesman",
        "get in touch",
        "press person",
        "media contact",
        "ring",
    ),
    Intent.SUMMARY: (
        "summary",
        "summarise",
        "summarize",
        "gist",
        "tldr",
        "tl dr",
        "overview",
        "what happened",
        "in short",
        "in brief",
        "nutshell",
        "release about",
        "this about",
        "its about",
        "it about",
        "story",
        "main points",
        "headline",
        "headlines",
        "title of the release",
    ),
}
PLANNED_CUES = (
    "will",
    "else",
    "also",
    "later",
    "next",
    "planned",
    "plans",
    "schedule",
    "scheduled",
    "programme",
    "program",
    "upcoming",
    "going to",
    "further",
    "other",
    "another",
    "rest of",
)
HELD_CUES = ("met", "did", "was", "were", "had", "held", "took place")


def _pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b")


_PATTERNS = {intent: _pattern(cues) for intent, cues in CUES.items()}
# "number?" asks for the phone; "the number of prisoners" does not; nor does "reach a deal"
_PATTERNS[Intent.CONTACT] = re.compile(
    _pattern(tuple(cue for cue in CUES[Intent.CONTACT] if cue != "reach")).pattern
    + r"|\bnumber\b(?!\s+of\b)"
    + r"|\breach\b(?!\s+(?:(?:a|an|the|any)\s+)?(?:deal|deals|agreement|agreements|consensus"
    r"|conclusion|compromise|decision|decisions|understanding)\b)"
)
_PLANNED = _pattern(PLANNED_CUES)
# others at the same meeting ("who else attended?", "who else was at the talks?"), not others
# met at meetings of their own
AT_THE_SAME_MEETING = re.compile(
    r"\b(?:attend|attends|attended|attending|took part|take part|taking part|accompan\w*"
    r"|delegation|present|at the (?:meeting|talks)|in the (?:meeting|talks|room)|with him"
    r"|with her)\b"
)
_HELD = _pattern(HELD_CUES)


_REPORTED = re.compile(
    r"\b(?:(?:is|was|were|are|anything|something|much)\s+said"
    r"|(?:does|did|do)\s+(?:it|the release|the press release|the text|this)\s+say"
    r"|(?:the release|the press release|it)\s+says)\b"
)
_QUOTED = _pattern(CUES[Intent.SAID])
# a plural after "which": not "what is", "what does", "what was", "what has"; or a few words
# later, before the verb ("which civil society organisations is he meeting?")
_WHICH_OF_GROUP = re.compile(
    r"^(?:which|what)\s+(?!(?:is|was|does|has|happens|means|matters|remains|comes|goes|makes"
    r"|says|seems|follows|counts|changes)\b)(?:\w+s\b"
    r"|(?:\w+\s+){1,2}\w+s\s+(?:will|is|are|did|does|do|was|were|has|have)\b)"
)
_IDENTITY = re.compile(r"\bwho\s*(?:is|s|was|are|were|chairs|heads|leads|runs)\b")
_MEETING = re.compile(
    r"\b(?:meet|meets|meeting|meetings|met|talks|seeing|see|visit|visiting|counterpart|counterparts"
    r"|sit down|sat down|sitting down|get together|got together|schedule|calendar|itinerary"
    r"|programme|program)\b"
)


# a meeting named as a thing ("the meeting", "their talks"), not as whom someone meets ("a
# meeting with lawmakers", "on his schedule")
_MEETING_NOUN = re.compile(
    r"\b(?:the|this|that|his|her|their)\s+(?:meeting|meetings|talks|visit|trip|summit)\b"
    r"(?!\s+with\b)"
)
# a question for something else than whom: "how long ...", "what did they meet about?" (not
# "what companies will he meet?")
_OTHER_QUESTION_WORD = re.compile(
    r"^(?:how|hows|why|when|(?:what|whats)(?:\s+(?:is|was|were|are|did|does|do|has|have|will)\b"
    r"|$))\b"
)
# "what were the talks between the two ministers about?"
_ABOUT_THE_TALKS = re.compile(
    r"^what\s+(?:were|was|are|is)\s+the\s+(?:talks|meeting|meetings|discussions?)\b.*\babout$"
)


@dataclass(frozen=True)
class Cues:
    """One language's cue patterns."""

    intents: dict[Intent, re.Pattern[str]]
    planned: re.Pattern[str]
    held: re.Pattern[str]
    identity: re.Pattern[str]
    meeting: re.Pattern[str]
    which_of_group: re.Pattern[str]


ENGLISH_CUES = Cues(_PATTERNS, _PLANNED, _HELD, _IDENTITY, _MEETING, _WHICH_OF_GROUP)


def intents_of(question: str) -> frozenset[Intent]:
    """The intents a question's cue words show (none for a bare topic: "cybercrime?").

    "Who is X?" asks who X is, not whom X met; a question about meeting someone asks for the
    participants even without "who" ("will he meet the Prosecutor General?")."""
    return _intents_of(question, language_of(question))


@lru_cache(maxsize=4096)
def _intents_of(question: str, language: str) -> frozenset[Intent]:
    cues = cues_of(language)
    folded = fold(question)
    found = {intent for intent, pattern in cues.intents.items() if pattern.search(folded)}
    meeting = bool(cues.meeting.search(folded))
    if Intent.WHO in found and cues.identity.search(folded) and not meeting:
        found = (found - {Intent.WHO}) | {Intent.ATTRIBUTE}
    if not found and meeting and cues is ENGLISH_CUES:
        # "will he meet the Prosecutor General?" asks who; "how long did the meeting last?" and
        # "was the meeting a success?" do not
        meeting = not _OTHER_QUESTION_WORD.match(folded) and bool(
            cues.meeting.search(_MEETING_NOUN.sub(" ", folded))
        )
    if not found and meeting:
        found = {Intent.WHO}
    if (
        Intent.SAID in found
        and cues is ENGLISH_CUES
        and not _QUOTED.search(_REPORTED.sub("", folded))
    ):
        # "what is said about X?", "what does the release say about X?": what the release says
        # on X, not someone's words
        found = (found - {Intent.SAID}) | {Intent.DISCUSSED}
    if cues is ENGLISH_CUES and _ABOUT_THE_TALKS.search(folded):
        found = (found - {Intent.WHO}) | {Intent.DISCUSSED}  # what they were about, not who
    if cues.which_of_group.search(folded):
        found |= {Intent.ATTRIBUTE}  # "which companies will he meet?": asks for names
    return frozenset(found)


_COPULA_QUESTION = re.compile(r"^(?:is|was|are|were|isnt|wasnt)\b")
_YES_NO_QUESTION = re.compile(
    r"^(?:(?:and|so|but|ok|okay)\s+)?(?:is|was|are|were|isnt|wasnt|arent|werent|did|didnt|does"
    r"|doesnt|do|dont|will|wont|would|has|hasnt|have|havent|had|can|could|should)\b"
)
CUE_WORDS = frozenset(
    word
    for cues in (*CUES.values(), PLANNED_CUES, HELD_CUES)
    for cue in cues
    for word in cue.split()
)


def asks_yes_or_no(question: str) -> bool:
    """Whether the question asks yes or no ("did they sign anything?", "was it in Helsinki?")."""
    found = lexicon(language_of(question))
    pattern = _YES_NO_QUESTION if found is None else found.yes_no
    return pattern is not None and bool(pattern.match(fold(question)))


# The bot asked for a view of its own or to play someone ("pretend you are Häkkänen", "what's
# your opinion of ...?"): the release holds no such thing. Not "do you think they ...?", which
# asks what the release says in the asker's manner.
_THE_BOTS_OWN_VIEW = re.compile(
    r"\b(?:(?:pretend|imagine)(?: that)? (?:you are|you re|youre|to be)|act as if you"
    r"|role ?play"
    r"|your (?:own |personal |honest )?(?:opinion|opinions|view|views|take|thoughts|feelings))\b"
)


def asks_the_bots_own_view(question: str) -> bool:
    """Whether the question asks the bot's own opinion or asks it to play someone: nothing the
    release says answers that (English cues; the text as typed, so "pretend" is no typo)."""
    return bool(_THE_BOTS_OWN_VIEW.search(fold(question)))


def asks_what_one_is(question: str) -> bool:
    """Whether the question asks yes or no about what someone is ("is Konovalov the prosecutor
    general?", "is Häkkänen Russian?"): the answer is who that person is, whatever is guessed.
    Not about a meeting ("is he meeting the Prosecutor General?")."""
    language = language_of(question)
    found = lexicon(language)
    copula = _COPULA_QUESTION if found is None else found.copula
    folded = fold(question)
    return (
        copula is not None
        and bool(copula.match(folded))
        and not cues_of(language).meeting.search(folded)
    )


def asked_status(question: str) -> MeetingStatus | None:
    """Whether the question is about a meeting still to come, one that took place, or neither."""
    return _asked_status(question, language_of(question))


@lru_cache(maxsize=4096)
def _asked_status(question: str, language: str) -> MeetingStatus | None:
    cues = cues_of(language)
    folded = fold(question)
    if cues.planned.search(folded):
        return MeetingStatus.PLANNED
    if cues.held.search(folded):
        return MeetingStatus.HELD
    return None


@cache
def cues_of(language: str) -> Cues:
    """The cue patterns of `language` (English for a language without a vocabulary file)."""
    found = lexicon(language)
    return ENGLISH_CUES if found is None else _foreign_cues(found)


def _foreign_cues(known: Lexicon) -> Cues:
    never = re.compile(r"(?!x)x")
    return Cues(
        intents={
            intent: known.cues[intent.value] for intent in Intent if intent.value in known.cues
        },
        planned=known.cues.get("planned", never),
        held=known.cues.get("held", never),
        identity=known.cues.get("identity", never),
        meeting=known.cues.get("meeting", never),
        which_of_group=known.which_of_group or never,
    )


def fit(
    entry: Entry,
    asked: frozenset[Intent],
    status: MeetingStatus | None,
    weights: tuple[float, float, float] = (1.08, 0.82, 0.8),
    right_status: float = 1.0,
) -> float:
    """How well an entry's kind of answer fits what is asked: 1 when nothing tells, more when
    it answers what is asked or is about the meeting asked about (held or planned: times
    `right_status`), less when it answers something else or is about the other meeting.
    `weights` are the bonus, the penalty and the penalty for a held/planned mismatch."""
    bonus, penalty, wrong_status = weights
    factor = 1.0
    if asked and entry.intents:
        factor = bonus if asked & entry.intents else penalty
        if factor == penalty and entry.kind is EntryKind.NOT_STATED:
            # "the release does not say" answers only what it says is not given: "will he meet
            # the chief justice?" is not "who is the chief justice?"
            factor *= penalty
    if status is not None and entry.status is not None:
        factor *= right_status if entry.status is status else wrong_status
    return factor
