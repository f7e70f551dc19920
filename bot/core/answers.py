"""What the user reads: a `Reply` built from a match, rendered as plain text or Telegram HTML.

Every reply ends with the press contact. Facts carry their verbatim source sentences. Both
renderings stay under Telegram's 4096-character limit, and the HTML one escapes everything that
comes from the knowledge base or the user.

A reply is written in one language (`Reply.language`: the user's, when the core replies in it,
else the release's): its labels and fixed texts come from `bot.core.phrases`, and its answer is
the entry's reviewed translation into that language. An entry without one is answered in the
release's language (`answer_language`, `untranslated`), and the reply says so in its own
language. The source sentences are quoted from the release's version in the reply's language
when it has one that gives them, else from the release's own text (`source_language`), and the
reply says so when that is another language than its own (`notes`). Nothing is machine-translated.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.knowledge import Contact, Entry, EntryKind, KnowledgeBase
from bot.core.matching import Match, Outcome
from bot.core.phrases import ENGLISH, LANGUAGES, Phrases, in_language, phrases, supported

MAX_MESSAGE_CHARS = 4096
EXAMPLE_COUNT = 3

# the English phrases, as they were always named here; every language's are in bot.core.phrases
CLARIFY_TEXT = phrases(ENGLISH).clarify
FALLBACK_TEXT = phrases(ENGLISH).fallback
EMPTY_TEXT = phrases(ENGLISH).empty
SOURCE_LABEL = phrases(ENGLISH).source_label
RELEASE_LABEL = phrases(ENGLISH).release_label
CONTACT_LABEL = phrases(ENGLISH).contact_label


def escape(text: str) -> str:
    """Escape for Telegram's HTML parse mode: only <, > and & need it; quotes stay readable."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Reply:
    """Everything one answer consists of, independent of how it is shown."""

    question: str
    match: Match  # what the engine decided; the reply's outcome and score come from it
    base: KnowledgeBase
    body: str
    entry: Entry | None = None
    sources: tuple[str, ...] = ()
    choices: tuple[Entry, ...] = ()  # "did you mean" options, or examples to try
    related: tuple[Entry, ...] = ()  # follow-up questions after an answer
    name_release: bool = False  # say which release the answer comes from (several are served)
    parts: tuple[Reply, ...] = ()  # the answers to each question of a compound one
    asked_language: str = ""  # the language the question was understood in ("en", "fi", "sv")
    language: str = ""  # the language the reply is written in; "" for the release's
    answer_language: str = ""  # the language of `body`; "" for the reply's (`untranslated`)
    source_language: str = ""  # the language of the `sources` sentences; "" for the release's

    @property
    def reply_language(self) -> str:
        """The language the reply is written in: its labels, notes and (if translated) answer."""
        return self.language or self.base.release.language

    @property
    def body_language(self) -> str:
        """The language of the answer text (`body`)."""
        return self.answer_language or self.reply_language

    @property
    def sources_language(self) -> str:
        """The language of the text the source sentences are quoted from."""
        return self.source_language or self.base.release.language

    @property
    def untranslated(self) -> bool:
        """The answer is in the release's language: it has no translation into the reply's."""
        if self.parts:
            return any(part.untranslated for part in self.parts)
        return self.body_language != self.reply_language

    @property
    def headline(self) -> str:
        """The release's headline in the reply's language, if it was published in it."""
        version = self.base.release.version(self.reply_language)
        return version.headline if version else self.base.release.headline

    @property
    def answer_note(self) -> str | None:
        """That the answer has no translation into the reply's language (shown after it)."""
        if self.parts:
            return next((part.answer_note for part in self.parts if part.answer_note), None)
        if not self.untranslated:
            return None
        language = self.reply_language
        template = phrases(language).untranslated
        return template.format(language=in_language(self.body_language, language))

    @property
    def source_note(self) -> str | None:
        """That the source sentences are in another language than the reply's (shown with
        them); not when the answer's note says so already."""
        if self.parts:
            return next((part.source_note for part in self.parts if part.source_note), None)
        language, quoted = self.reply_language, self.sources_language
        if not self.sources or quoted == language:
            return None
        if self.untranslated and quoted == self.body_language:
            return None
        say = phrases(language)
        published = self.base.release.version(language) is not None  # but not these sentences
        template = say.quoted_from if published else say.release_in
        return template.format(language=in_language(quoted, language))

    def title_of(self, entry: Entry) -> str:
        """The question shown for `entry` (a suggestion, a button), in the reply's language
        when the knowledge base translates it (`titles:`), else as written."""
        return entry.title_in(self.reply_language)

    @property
    def notes(self) -> tuple[str, ...]:
        """What the reply says, in its language, about the languages of its answer and sources."""
        return tuple(note for note in (self.answer_note, self.source_note) if note)

    @property
    def outcome(self) -> Outcome:
        return self.match.outcome

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def contact(self) -> Contact:
        return self.base.contact

    @property
    def fact_id(self) -> str | None:
        return self.entry.id if self.outcome is Outcome.ANSWERED and self.entry else None

    @property
    def suggestions(self) -> tuple[Entry, ...]:
        """The questions offered next: the choices, or else the related questions."""
        return self.choices or self.related

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "status": self.outcome.value,
            "fact_id": self.fact_id,
            "score": round(self.score, 1),
            "answer": render_plain(self),
            "suggestions": [
                {"fact_id": e.id, "question": self.title_of(e)} for e in self.suggestions
            ],
            "release": self.base.id,
            "language": self.language or self.base.release.language,
            "sources": list(self.sources),
            "parts": [
                {
                    "status": part.outcome.value,
                    "fact_id": part.fact_id,
                    "sources": list(part.sources),
                }
                for part in self.parts
            ],
        }


def reply_language(language: str | None, base: KnowledgeBase) -> str:
    """The language to reply in: `language` when the core replies in it, else the release's
    (else English, for a release in a language the core has no phrases for)."""
    wanted = supported(language)
    if wanted is not None:
        return wanted
    own = base.release.language
    return own if own in LANGUAGES else ENGLISH


def compose(question: str, match: Match, base: KnowledgeBase, language: str | None = None) -> Reply:
    """Build the reply for a match against `base`, in `language` (default: the release's)."""
    written = reply_language(language or base.release.language, base)
    say = phrases(written)
    if match.outcome is Outcome.ANSWERED and match.entry is not None:
        entry = match.entry
        related = tuple(e for e in (base.entry(i) for i in entry.related) if e is not None)
        body, body_language = answer_text(entry, base, written)
        sources, quoted = source_sentences(entry, base, written)
        return Reply(
            question,
            match,
            base,
            body,
            entry,
            sources=sources,
            related=related,
            language=written,
            answer_language=body_language,
            source_language=quoted,
        )
    if match.outcome is Outcome.SMALLTALK and match.entry is not None:
        body, body_language = answer_text(match.entry, base, written)
        return Reply(
            question,
            match,
            base,
            body,
            match.entry,
            choices=examples(base),
            language=written,
            answer_language=body_language,
        )
    if match.outcome is Outcome.CLARIFY:
        return Reply(
            question, match, base, say.clarify, choices=match.suggestions, language=written
        )
    text = say.fallback if question.strip() else say.empty
    choices = _offer(match.suggestions, examples(base))
    declined = Match(Outcome.FALLBACK, match.score, suggestions=match.suggestions)
    return Reply(
        question, declined, base, fill(text, base, written), choices=choices, language=written
    )


def answer_text(entry: Entry, base: KnowledgeBase, language: str) -> tuple[str, str]:
    """The entry's answer in `language` if it has one (the release's own, or a reviewed
    translation), else in the release's language; with the language it is in."""
    own = base.release.language
    translated = entry.answer_in(language) if language != own else None
    if translated is not None:
        return fill(translated, base, language), language
    return fill(entry.answer, base, own), own


def source_sentences(
    entry: Entry, base: KnowledgeBase, language: str
) -> tuple[tuple[str, ...], str]:
    """A fact's source sentences, from the release's version in `language` when it has one
    that gives every one of them, else from the release's own text; with their language."""
    own = base.release.language
    if entry.kind is not EntryKind.FACT:
        return (), own
    version = base.release.version(language) if language != own else None
    found = version.sources_for(entry.sources) if version and entry.sources else None
    if version is not None and found:
        return found, version.language
    return entry.sources, own


def combine(question: str, replies: Sequence[Reply]) -> Reply:
    """One reply answering each question of a compound one, each with its own sources."""
    first = replies[0]
    return Reply(
        question,
        first.match,
        first.base,
        "\n\n".join(reply.body for reply in replies),
        first.entry,
        sources=tuple(dict.fromkeys(source for reply in replies for source in reply.sources)),
        related=tuple(dict.fromkeys(entry for reply in replies for entry in reply.related))[:3],
        parts=tuple(replies),
        language=first.language,
        answer_language=first.answer_language,
        source_language=first.source_language,
    )


def not_mentioned(
    question: str, subject: str, base: KnowledgeBase, language: str | None = None
) -> Reply:
    """The honest reply to "is X mentioned?" when the release never names X."""
    return _not_given(
        question,
        "not_mentioned",
        lambda say: say.not_mentioned.format(subject=subject),
        base,
        language,
    )


def part_not_stated(part: str, base: KnowledgeBase, language: str | None = None) -> Reply:
    """The reply to one question of a compound one that the release does not answer: short,
    since the other part's answer comes with it."""
    asked = part.strip().rstrip("?").strip()
    return _not_given(
        part, "part_not_stated", lambda say: say.part_not_stated.format(part=asked), base, language
    )


def _not_given(
    question: str,
    entry_id: str,
    answer_of: Callable[[Phrases], str],
    base: KnowledgeBase,
    language: str | None,
) -> Reply:
    """A reply saying that the release does not give something, in every language the core
    replies in."""
    written = reply_language(language or base.release.language, base)
    entry = Entry(
        id=entry_id,
        kind=EntryKind.NOT_STATED,
        questions=(question,),
        answer=answer_of(phrases(ENGLISH)),
        answers=tuple((code, answer_of(phrases(code))) for code in LANGUAGES if code != ENGLISH),
    )
    match = Match(Outcome.ANSWERED, 100.0, entry)
    body = entry.answer_in(written) or entry.answer
    return Reply(
        question,
        match,
        base,
        body,
        entry,
        choices=examples(base),
        language=written,
        answer_language=written,
    )


def _offer(nearest: tuple[Entry, ...], fallback: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The nearest facts first, topped up with the examples, three in all."""
    offered = list(nearest)
    offered += [entry for entry in fallback if entry not in offered]
    return tuple(offered[:EXAMPLE_COUNT])


def examples(base: KnowledgeBase) -> tuple[Entry, ...]:
    """Questions to suggest when the bot cannot help: the first facts, in the file's order."""
    return base.entries_of(EntryKind.FACT)[:EXAMPLE_COUNT]


def fill(text: str, base: KnowledgeBase, language: str | None = None) -> str:
    """`text` with its placeholders filled; the headline as published in `language`, if it was."""
    version = base.release.version(language) if language else None
    headline = version.headline if version else base.release.headline
    return text.replace("{headline}", headline).replace("{publisher}", base.release.publisher)


def contact_line(contact: Contact, language: str = ENGLISH) -> str:
    """The press contact in one line, in `language`: "Name, Title, Organisation, tel. ..."."""
    return phrases(language).contact_line(contact)


def render_plain(reply: Reply) -> str:
    """The reply as plain text (command line, JSON, and Telegram's fallback when HTML fails)."""
    return _fit(reply, _plain_parts)


def render_html(reply: Reply) -> str:
    """The reply in Telegram's HTML parse mode; all text is escaped."""
    return _fit(reply, _html_parts)


def _plain_parts(reply: Reply, body: str, sources: tuple[str, ...]) -> list[str]:
    say = _phrases(reply)
    parts = [f"{say.release_label} {reply.headline}"] if reply.name_release else []
    parts.append(body)
    if reply.answer_note:
        parts.append(reply.answer_note)
    if reply.outcome in (Outcome.CLARIFY, Outcome.FALLBACK):
        parts.append("\n".join(f"• {reply.title_of(entry)}" for entry in reply.choices))
    if sources:
        note = [reply.source_note] if reply.source_note else []
        parts.append("\n".join([say.source_label, *(f"“{quote}”" for quote in sources), *note]))
    parts.append(f"{say.contact_label} {say.contact_line(reply.contact)}")
    return parts


def _html_parts(reply: Reply, body: str, sources: tuple[str, ...]) -> list[str]:
    say = _phrases(reply)
    parts = [f"<i>{say.release_label} {escape(reply.headline)}</i>"] if reply.name_release else []
    parts.append(escape(body))
    if reply.answer_note:
        parts.append(f"<i>{escape(reply.answer_note)}</i>")
    if reply.outcome in (Outcome.CLARIFY, Outcome.FALLBACK):
        parts.append("\n".join(f"• {escape(reply.title_of(entry))}" for entry in reply.choices))
    if sources:
        quotes = "\n".join(escape(quote) for quote in sources)
        note = f"\n<i>{escape(reply.source_note)}</i>" if reply.source_note else ""
        parts.append(f"<i>{say.source_label}</i>\n<blockquote>{quotes}</blockquote>{note}")
    parts.append(f"<b>{say.contact_label}</b> {escape(say.contact_line(reply.contact))}")
    return parts


def _phrases(reply: Reply) -> Phrases:
    return phrases(reply.reply_language)


Renderer = Callable[[Reply, str, tuple[str, ...]], list[str]]


def _fit(reply: Reply, render: Renderer) -> str:
    """Join the parts within Telegram's limit: drop the source quotes first, then shorten the
    body. The contact is never cut, and HTML is never cut inside a tag."""
    text = "\n\n".join(render(reply, reply.body, reply.sources))
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    body = reply.body
    while True:
        text = "\n\n".join(render(reply, body, ()))
        overflow = len(text) - MAX_MESSAGE_CHARS
        if overflow <= 0:
            return text
        if len(body) <= 1:  # only if the contact and choices alone were too long
            return text[:MAX_MESSAGE_CHARS]
        body = body[: max(len(body) - overflow - 1, 0)].rstrip() + "…"
