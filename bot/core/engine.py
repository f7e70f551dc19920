"""The answer engine: every loaded release, one question in, one reply out.

With several releases, a question is matched against each. When the best entries of two
releases score about the same ("who met whom?"), the chat's current release wins; without one,
the newest release (by date, then order) is current.

Each question is understood in its language (`bot.core.language`): the one detected, else the
previous question's, else the one the caller asks the reply in, else the release's. Knowledge
bases are read in their release's language.

The reply is written in the question's language, or in the one the caller names (`language`:
the Telegram user's chosen language or `language_code`), when the core replies in it (English,
Finnish, Swedish); else in the release's. See `bot.core.answers` for what is translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.answer_cache import DEFAULT_ANSWERS_KEPT, AnswerCache, answer_key
from bot.core.answers import (
    Reply,
    combine,
    compose,
    not_mentioned,
    part_not_stated,
    reply_language,
)
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.language import asked_in, detect
from bot.core.matching import NEAR_ENOUGH, Match, Matcher, Outcome, Tuning
from bot.core.normalize import clean_text
from bot.core.phrases import supported
from bot.core.understanding import (
    as_written,
    core_question,
    mentioned_subject,
    refers_back,
    resolve_followup,
    split_compound,
    subjects_of,
)

# Longer messages are matched on their beginning only: no real question is this long, and the
# cost of matching must not grow with what a user pastes.
MAX_QUESTION_CHARS = 1000


class Engine:
    """Answers questions from one or more knowledge bases. Build once; `ask` is cheap, and a
    question asked again the same way is answered from `answers` (`answers_kept` 0: never)."""

    def __init__(
        self,
        bases: Sequence[KnowledgeBase],
        tuning: Tuning | None = None,
        answers_kept: int = DEFAULT_ANSWERS_KEPT,
    ) -> None:
        if not bases:
            raise ValueError("an engine needs at least one knowledge base")
        self.tuning = tuning or Tuning()
        self.answers = AnswerCache(answers_kept)
        # at most one reply per entry and language the core replies in
        self._entry_replies: dict[tuple[str, str, str], Reply] = {}
        self.bases = {base.id: base for base in bases}
        self.matchers: dict[str, Matcher] = {}
        for base in bases:
            with asked_in(base.release.language):
                self.matchers[base.id] = Matcher(base, self.tuning)
        newest = max(bases, key=_newness)
        self.default_release = newest.id

    def ask(
        self,
        question: str,
        release_id: str | None = None,
        previous: Reply | None = None,
        language: str | None = None,
    ) -> Reply:
        """Answer `question`, preferring `release_id` (the chat's current release) on near ties.
        `previous` is the chat's last reply, for questions that refer back to it ("he").

        `language` is the language to reply in ("fi", or Telegram's "fi-FI"): it overrides the
        question's own, and is ignored when the core does not reply in it (None: the question's
        language). It does not change how the question is read, except that an unclear one is
        read in it when there is no previous question."""
        raw = question[: MAX_QUESTION_CHARS * 2]  # the key: the same text is cleaned the same
        current = release_id if release_id in self.bases else self.default_release
        wanted = supported(language)
        for reads_previous in (False, True):
            cached = self.answers.get(answer_key(raw, current, wanted, previous, reads_previous))
            if cached is not None:
                return cached
        text = clean_text(raw)[:MAX_QUESTION_CHARS]
        asked = self.language_of(text, current, previous, wanted)
        with asked_in(asked):
            reply = replace(
                self._ask(text, current, previous, wanted or asked), asked_language=asked
            )
        key = answer_key(raw, current, wanted, previous, self._reads_previous(text))
        self.answers.put(key, reply)
        return reply

    @staticmethod
    def _reads_previous(text: str) -> bool:
        """Whether the answer to `text` may depend on the chat's previous reply: when its
        language is unclear (the previous question's is taken), or when it, or a part of it,
        refers back ("he", "the other one", "and about prisoners?"). The parts are the ones
        `_ask` answers: keep the two in step."""
        if detect(text) is None:
            return True
        core = core_question(text)
        return any(refers_back(part) for part in (core, *split_compound(core)))

    def language_of(
        self,
        text: str,
        release_id: str | None = None,
        previous: Reply | None = None,
        preferred: str | None = None,
    ) -> str:
        """The language `text` is understood in: its own when clear, else the previous
        question's, else `preferred` (the user's), else the release's."""
        found = detect(text)
        if found is not None:
            return found
        if previous is not None and previous.asked_language:
            return previous.asked_language
        if preferred is not None:
            return preferred
        base = self.bases.get(release_id or self.default_release, self.bases[self.default_release])
        return base.release.language

    def _ask(self, text: str, current: str, previous: Reply | None, language: str) -> Reply:
        # the previous answer resolves "he" only within the chat's current release
        same_release = previous is not None and previous.base.id == current
        subjects = subjects_of(previous.entry, previous.base) if previous and same_release else []
        asked = text
        text = core_question(text)
        parts = split_compound(text)
        if parts:
            first = self._answer(parts[0], current, subjects, language)
            # "when was the meeting and who was it with?": "it" is what the first part was about
            second = self._answer(
                parts[1], current, subjects_of(first.entry, first.base) or subjects, language
            )
            replies = [first, second]
            answered = [r for r in replies if r.outcome is Outcome.ANSWERED and r.entry]
            if len(answered) == 2 and answered[0].entry != answered[1].entry:
                return self._named(combine(asked, replies))
            whole = self._answer(text, current, subjects, language)
            one_unknown = self._one_part_unknown(replies, whole, current, language)
            return self._named(replace(one_unknown or whole, question=asked))
        answer = self._answer(text, current, subjects, language)
        return self._named(replace(answer, question=asked))

    def _one_part_unknown(
        self, parts: list[Reply], whole: Reply, current: str, language: str
    ) -> Reply | None:
        """For "where did they meet, and did they sign anything?": the part the release
        answers, and a line saying it does not answer the other. None unless exactly one part
        is answered and the other declined far from every fact (a part near one may only be
        asked in other words: "not stated" would be false), and the question taken whole is
        not answered from another entry."""
        answered = [r for r in parts if r.outcome is Outcome.ANSWERED and r.entry]
        declined = [r for r in parts if r.outcome is Outcome.FALLBACK]
        if len(answered) != 1 or len(declined) != 1 or whole.entry not in (None, answered[0].entry):
            return None
        on_its_own = self.matchers[current].match(declined[0].question)  # without "they" = X
        if on_its_own.score >= NEAR_ENOUGH:
            return None
        unknown = part_not_stated(declined[0].question, self.bases[current], language)
        combined = combine(whole.question, [unknown if r is declined[0] else r for r in parts])
        # what the reply is "about" (the chat's last answer, the log) is the answered part
        return replace(combined, match=answered[0].match, entry=answered[0].entry)

    def _answer(self, text: str, current: str, subjects: list[str], language: str) -> Reply:
        matched = resolve_followup(text, subjects)
        subject = mentioned_subject(text)
        matcher = self.matchers[current]
        if subject is not None and matcher.has_terms(subject):
            if not matcher.knows(subject):
                return not_mentioned(text, as_written(text, subject), self.bases[current], language)
            # "was ferry pricing discussed?" names what the release never does: not where the
            # ferry is mentioned, but the matcher's "does not say", with the ferry's fact offered
            mentioned = None if matcher.names_a_part(subject) else matcher.best_fact(subject)
            if mentioned is not None:  # "is the Supreme Court mentioned?": where it is
                return compose(text, mentioned, self.bases[current], language)
        matches = {rid: matcher.match(matched) for rid, matcher in self.matchers.items()}
        chosen = _choose(matches, current, self.tuning.margin)
        return compose(text, matches[chosen], self.bases[chosen], language)

    def _named(self, reply: Reply) -> Reply:
        return replace(reply, name_release=len(self.bases) > 1)

    def answer_entry(self, entry: Entry, base: KnowledgeBase, language: str | None = None) -> Reply:
        """The reply for a chosen entry (a button press, an inline result, the chat's previous
        answer): no matching; in `language` when the core replies in it, else the release's.
        Made once per entry and language of a served release."""
        written = reply_language(language or base.release.language, base)
        key = (base.id, entry.id, written)
        served = self.bases.get(base.id) is base and base.entry(entry.id) is entry
        made = self._entry_replies.get(key) if served else None
        if made is None:
            reply = compose(entry.title, Match(Outcome.ANSWERED, 100.0, entry), base, written)
            made = replace(reply, name_release=len(self.bases) > 1)
            if served:
                self._entry_replies[key] = made
        return made

    def releases(self) -> list[KnowledgeBase]:
        """The served releases, newest first."""
        return sorted(self.bases.values(), key=_newness, reverse=True)


def _newness(base: KnowledgeBase) -> tuple[str, int]:
    return (base.release.date or "", base.release.order)


def _choose(matches: dict[str, Match], current: str, margin: float) -> str:
    """The release whose match to use: the best one, unless the current release is close."""
    useful = {rid: m for rid, m in matches.items() if m.outcome is not Outcome.FALLBACK}
    if not useful:
        return current
    best = max(useful, key=lambda rid: useful[rid].score)
    if current in useful and useful[best].score - useful[current].score < margin:
        return current
    return best
