"""What a question refers to beyond its words: the previous answer ("what did he say?"), two
questions in one message, and "is X mentioned?" about something the release never names.

These are plain text rules over folded words; the engine combines them with the matcher. The
rules below are English; a question in Finnish or Swedish uses its vocabulary file's pronouns,
question words, joining words and "is X mentioned?" patterns (`bot.core.lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.core.knowledge import Entry, Intent, KnowledgeBase
from bot.core.language import language_of
from bot.core.lexicon import lexicon
from bot.core.normalize import fold

SINGULAR = frozenset("he him his she her".split())  # one person: the first subject
PRONOUNS = SINGULAR | frozenset("they them their it its this that there".split())
QUESTION_STARTS = frozenset(
    """who whos whom whose what whats where wheres when which why how hows is are was were did
    does do can could will would has have any give tell list name""".split()
)
_SPLIT = re.compile(r"\s*(?:\?+|;|,?\s+and\s+(?:also\s+)?|,?\s+also\s+|,\s+plus\s+)\s*")
_MENTIONED = re.compile(
    r"^(?:is|was|are|were)\s+(?:there\s+)?(?:any(?:thing)?\s+)?(?:mention\s+of\s+)?(?P<a>.+?)\s+"
    r"(?:mentioned|named|discussed|raised|brought up|on the agenda|covered|talked about"
    r"|addressed|touched on|touched upon|tackled|dealt with|on the table|up for discussion"
    r"|(?:a|one of the|among the)\s+(?:topics?|subjects?|themes?)"
    r"|part of the (?:talks|discussions?|meeting|agenda))\b"
    r"|\b(?:does|did)\s+(?:it|the release|the press release|this)\s+(?:mention|say anything about"
    r"|talk about|name)\s+(?P<b>.+)"
    # only as the whole question: "did they agree on anything about X?" asks about an agreement
    r"|^(?:(?:is|was)\s+there\s+)?(?:any|anything|something)\s+(?:mention\s+of|about|on)\s+"
    r"(?P<c>.+)"
    # "did they speak in the meeting?" is not about a subject: talking needs its "about"
    r"|\bdid\s+(?:they|he|she|the two|the (?:two )?ministers|the talks|the meeting"
    r"|the discussions?)\s+(?:(?:talk|speak)\s+about|discuss|touch on|touch upon|bring up|raise"
    r"|address|cover|tackle|get into|go into|deal with)\s+(?P<d>.+)"
    r"|^(?:did|does)\s+(?P<e>.+?)\s+(?:come up|feature|get a mention)\b"
)
_TRAILING = re.compile(r"\b(?:at all|in the release|during the meeting|too|as well)\s*$")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s+[-–—]\s+|(?<=:)\s+")
_ABOUT = frozenset("about on regarding concerning".split())  # "... and about Y?"
_PREPOSITIONS = frozenset("in on at for with to from by".split())  # before "which", "what"
_CLAUSE = re.compile(r"(?<=,)\s+")
_DISCOURSE = frozenset("so and but anyway ok okay well now then honestly hey hi lol".split())
CHATTY_WORDS = 12  # shorter messages are taken whole


@dataclass(frozen=True)
class Rules:
    """One language's words and patterns for the rules of this module."""

    singular: frozenset[str]
    pronouns: frozenset[str]
    question_starts: frozenset[str]
    split: re.Pattern[str]
    mentioned: tuple[re.Pattern[str], ...]
    trailing: re.Pattern[str] | None
    followup_starts: frozenset[str] = frozenset()  # "entä vangeista?": about the same people


ENGLISH_RULES = Rules(SINGULAR, PRONOUNS, QUESTION_STARTS, _SPLIT, (_MENTIONED,), _TRAILING)


@cache
def rules_of(language: str) -> Rules:
    """The rules of `language` (English for a language without a vocabulary file)."""
    known = lexicon(language)
    if known is None:
        return ENGLISH_RULES
    joins = "|".join(r"\s+".join(map(re.escape, c.split())) for c in known.connectors)
    return Rules(
        singular=known.pronouns_singular,
        pronouns=known.pronouns_singular | known.pronouns_plural,
        question_starts=known.question_words,
        split=re.compile(r"\s*(?:\?+|;|,?\s+(?:" + joins + r")\s+)\s*"),
        mentioned=known.mentioned,
        trailing=None,
        followup_starts=known.followup_starts,
    )


def _rules(text: str) -> Rules:
    return rules_of(language_of(text))


# "what was discussed when the two leaders met?": the meeting is only the setting of the question
_SETTING = re.compile(
    r"^(?P<asked>(?:what|which|who|whom|how)\b.{6,}?)\s+(?:when|while)\s+"
    r"(?:the two(?:\s+\w+)?|they|he|she|the (?:two\s+)?(?:ministers|leaders|prime ministers))\s+"
    r"(?:met|got together|sat down|were together|talked|spoke|were in \w+)\b[^?]*(?P<end>\??)\s*$",
    re.IGNORECASE,
)


def core_question(question: str) -> str:
    """The question in a long, chatty message: its last sentence that asks something ("I'm a
    student writing a paper ... Could you tell me who the minister met?" -> the last part),
    without a closing clause that only sets the scene ("... when the two leaders met?")."""
    setting = _SETTING.match(question.strip())
    if setting is not None:
        return setting["asked"] + setting["end"]
    if len(question.split()) < CHATTY_WORDS:
        return question
    sentences = [s.strip() for s in _SENTENCE_END.split(question) if len(s.split()) >= 2]
    starts = _rules(question).question_starts
    asking = [s for s in sentences if s.endswith("?") or _asks(s, starts)]
    found = asking[-1] if asking else question
    if len(found.split()) < CHATTY_WORDS:
        return _with_antecedents(found, sentences)
    # one long sentence of asides, then the question after a comma ("hey, I'm a student ...,
    # so could you tell me who the minister met?"): from the first clause that asks to the end
    clauses = _CLAUSE.split(found)
    for at, clause in enumerate(clauses):
        words = clause.split()
        while words and fold(words[0]) in _DISCOURSE:
            words.pop(0)
        if words and fold(words[0]) in starts:
            return " ".join([*words, *clauses[at + 1 :]]) if at else found
    return found


def _with_antecedents(found: str, sentences: list[str]) -> str:
    """The question of a chatty English message, with the sentences before it as its context
    when it refers back to them ("Domestic violence rarely makes the news. Was it mentioned?"),
    in the form `resolve_followup` gives a follow-up: what "it" is comes from the message."""
    if found not in sentences or not _THING_PRONOUNS.intersection(fold(found).split()):
        return found
    before = sentences[: sentences.index(found)]
    context = " ".join(_PARENTHESES.sub(" ", sentence) for sentence in before).strip()
    return f"{found} ({context})" if context else found


_PARENTHESES = re.compile(r"[()]")
# "he" and "they" in a chatty message are mostly the release's people ("my friend says ...
# what did they discuss?"); "it" and "their" are mostly what the message was telling about
_THING_PRONOUNS = frozenset("it its their them".split())


def _asks(sentence: str, starts: frozenset[str] = QUESTION_STARTS) -> bool:
    words = fold(sentence).split()
    return bool(words) and words[0] in starts


def resolve_followup(question: str, previous_subjects: list[str]) -> str:
    """`question` with the subjects of the previous answer added when it refers back to them
    with a pronoun ("what else did he say?"), or as "the other one", or starts as a follow-up
    does in the language of the question (Finnish "entä vangeista?", and about prisoners?)."""
    if not previous_subjects or not refers_back(question) or split_context(question)[1]:
        return question  # (a chatty message's own sentences may already say what "it" is)
    words = fold(question).split()
    rules = _rules(question)
    plural = any(word in rules.pronouns - rules.singular for word in words)
    subjects = previous_subjects if plural else previous_subjects[:1]
    return f"{question} ({' '.join(subjects)})"


def refers_back(question: str) -> bool:
    """Whether `question` refers to the previous answer: a pronoun, "the other one", or a
    follow-up's first word in the question's language."""
    words = fold(question).split()
    rules = _rules(question)
    return (
        any(word in rules.pronouns for word in words)
        or (bool(words) and words[0] in rules.followup_starts)
        or (rules is ENGLISH_RULES and _THE_OTHER.search(" ".join(words)) is not None)
    )


# "and the other one?", "what about the other minister?": the one the last answer was not about,
# found from the one it was about (`bot.core.matching`)
_THE_OTHER = re.compile(r"\bthe other\b(?! than\b)")
_CONTEXT = re.compile(r"^(?P<asked>.*\S)\s+\((?P<context>[^()]+)\)$", re.DOTALL)


def split_context(text: str) -> tuple[str, str]:
    """A question as `resolve_followup` made it, split into what was asked and the subjects
    brought in from the previous answer ("who chairs it? (the Duma committee ...)"); the
    context is "" when there is none. The subjects say what "it" is; they are not asked."""
    found = _CONTEXT.match(text)
    if found is None:
        return text, ""
    return found.group("asked"), found.group("context")


def subjects_of(entry: Entry | None, base: KnowledgeBase) -> list[str]:
    """The names an answered entry is about, to resolve the next question's pronouns."""
    if entry is None:
        return []
    if not entry.about and Intent.CONTACT in entry.intents and base.contacts:
        return [base.contact.name]  # "what's the adviser's number?" ... "and his name?"
    return [base.named(record_id) for record_id in entry.about]


def split_compound(question: str) -> list[str]:
    """Two questions asked in one message ("what's the number, and who was the Russian
    minister?"), or [] when it is one question."""
    rules = _rules(question)
    pieces = [piece.strip(" ,.") for piece in rules.split.split(question) if piece.strip(" ,.?")]
    if len(pieces) != 2:
        return []
    first, second = (fold(piece).split() for piece in pieces)
    if not first or not second:
        return []
    if rules is ENGLISH_RULES and second[0] in _ABOUT and second[0] in first[1:]:
        # "what did they say about X and about Y?": the second asks the first about Y
        words = pieces[0].split()
        at = max(i for i, word in enumerate(words) if fold(word) == second[0])
        return [pieces[0], " ".join([*words[:at], pieces[1]])]
    if rules is ENGLISH_RULES and len(second) > 2 and second[0] in _PREPOSITIONS:
        second = second[1:]  # "..., and in which city was the meeting?"
    head = _copula_head(pieces[0])
    if rules is ENGLISH_RULES and head and second[0] in _NOUN_PHRASE_STARTS and len(second) >= 2:
        return [pieces[0], f"{head} {pieces[1]}"]  # "what's her name and her e-mail?"
    if second[0] not in rules.question_starts or len(second) < 2 or len(first) < 2:
        return []
    return pieces


_NOUN_PHRASE_STARTS = frozenset("her his their its the".split())
_COPULA_HEADS = frozenset("whats whos wheres".split())
_COPULAS = frozenset("is are was were".split())


def _copula_head(question: str) -> str | None:
    """The head ("what's", "who is") of a question asking what or who something is, as written."""
    words = question.split()
    if len(words) > 2 and fold(words[0]) in _COPULA_HEADS:
        return words[0]
    if len(words) > 3 and fold(words[0]) in ("what", "who", "where") and fold(words[1]) in _COPULAS:
        return f"{words[0]} {words[1]}"
    return None


def as_written(question: str, folded: str) -> str:
    """The words of `question` that `folded` (a part of its folded form) was made from, as the
    user wrote them ("NATO", "Jehovah's Witnesses"), or `folded` when they cannot be found."""
    words = question.split()
    size = len(folded.split())
    for start in range(len(words) - size + 1):
        span = " ".join(words[start : start + size])
        if fold(span) == folded:
            return span.strip(" ,.;:!?\"'()")
    return folded


def mentioned_subject(question: str) -> str | None:
    """X in "is X mentioned?", "does the release mention X?", "did they talk about X?"."""
    folded = fold(question)
    rules = _rules(question)
    found = next((m for p in rules.mentioned if (m := p.search(folded)) is not None), None)
    if found is None:
        return None
    subject = next(value for value in found.groupdict().values() if value)
    if rules.trailing is not None:
        subject = rules.trailing.sub("", subject)
    return subject.strip() or None
