"""What the user reads: a `Reply` built from a match, rendered as plain text or Telegram HTML.

Every reply ends with the press contact. Facts carry their verbatim source sentences. Both
renderings stay under Telegram's 4096-character limit, and the HTML one escapes everything that
comes from the knowledge base or the user.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.knowledge import Contact, Entry, EntryKind, KnowledgeBase
from bot.core.matching import Match, Outcome

MAX_MESSAGE_CHARS = 4096
EXAMPLE_COUNT = 3

CLARIFY_TEXT = "I'm not sure which part of the release you mean. Did you mean:"
FALLBACK_TEXT = (
    "The release does not say anything about that. I answer only from the release "
    "“{headline}”. You can ask, for example:"
)
EMPTY_TEXT = "Please send me a question about the release “{headline}” as text. For example:"
SOURCE_LABEL = "From the release:"
RELEASE_LABEL = "Release:"
CONTACT_LABEL = "Press contact:"


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
            "suggestions": [{"fact_id": e.id, "question": e.title} for e in self.suggestions],
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


def compose(question: str, match: Match, base: KnowledgeBase) -> Reply:
    """Build the reply for a match against `base`."""
    if match.outcome is Outcome.ANSWERED and match.entry is not None:
        entry = match.entry
        related = tuple(e for e in (base.entry(i) for i in entry.related) if e is not None)
        return Reply(
            question,
            match,
            base,
            fill(entry.answer, base),
            entry,
            sources=entry.sources if entry.kind is EntryKind.FACT else (),
            related=related,
        )
    if match.outcome is Outcome.SMALLTALK and match.entry is not None:
        return Reply(
            question,
            match,
            base,
            fill(match.entry.answer, base),
            match.entry,
            choices=examples(base),
        )
    if match.outcome is Outcome.CLARIFY:
        return Reply(question, match, base, CLARIFY_TEXT, choices=match.suggestions)
    text = FALLBACK_TEXT if question.strip() else EMPTY_TEXT
    choices = _offer(match.suggestions, examples(base))
    declined = Match(Outcome.FALLBACK, match.score, suggestions=match.suggestions)
    return Reply(question, declined, base, fill(text, base), choices=choices)


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
    )


def not_mentioned(question: str, subject: str, base: KnowledgeBase) -> Reply:
    """The honest reply to "is X mentioned?" when the release never names X."""
    entry = Entry(
        id="not_mentioned",
        kind=EntryKind.NOT_STATED,
        questions=(question,),
        answer=f"The release does not mention {subject}.",
    )
    match = Match(Outcome.ANSWERED, 100.0, entry)
    return Reply(question, match, base, entry.answer, entry, choices=examples(base))


def _offer(nearest: tuple[Entry, ...], fallback: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The nearest facts first, topped up with the examples, three in all."""
    offered = list(nearest)
    offered += [entry for entry in fallback if entry not in offered]
    return tuple(offered[:EXAMPLE_COUNT])


def examples(base: KnowledgeBase) -> tuple[Entry, ...]:
    """Questions to suggest when the bot cannot help: the first facts, in the file's order."""
    return base.entries_of(EntryKind.FACT)[:EXAMPLE_COUNT]


def fill(text: str, base: KnowledgeBase) -> str:
    return text.replace("{headline}", base.release.headline).replace(
        "{publisher}", base.release.publisher
    )


def contact_line(contact: Contact) -> str:
    return f"{contact.name}, {contact.title}, {contact.organisation}, tel. {contact.phone}"


def render_plain(reply: Reply) -> str:
    """The reply as plain text (command line, JSON, and Telegram's fallback when HTML fails)."""
    return _fit(reply, _plain_parts)


def render_html(reply: Reply) -> str:
    """The reply in Telegram's HTML parse mode; all text is escaped."""
    return _fit(reply, _html_parts)


def _plain_parts(reply: Reply, body: str, sources: tuple[str, ...]) -> list[str]:
    parts = [f"{RELEASE_LABEL} {reply.base.release.headline}"] if reply.name_release else []
    parts.append(body)
    if reply.outcome in (Outcome.CLARIFY, Outcome.FALLBACK):
        parts.append("\n".join(f"• {entry.title}" for entry in reply.choices))
    if sources:
        parts.append(SOURCE_LABEL + "\n" + "\n".join(f"“{quote}”" for quote in sources))
    parts.append(f"{CONTACT_LABEL} {contact_line(reply.contact)}")
    return parts


def _html_parts(reply: Reply, body: str, sources: tuple[str, ...]) -> list[str]:
    parts = (
        [f"<i>{RELEASE_LABEL} {escape(reply.base.release.headline)}</i>"]
        if (reply.name_release)
        else []
    )
    parts.append(escape(body))
    if reply.outcome in (Outcome.CLARIFY, Outcome.FALLBACK):
        parts.append("\n".join(f"• {escape(entry.title)}" for entry in reply.choices))
    if sources:
        quotes = "\n".join(escape(quote) for quote in sources)
        parts.append(f"<i>{SOURCE_LABEL}</i>\n<blockquote>{quotes}</blockquote>")
    parts.append(f"<b>{CONTACT_LABEL}</b> {escape(contact_line(reply.contact))}")
    return parts


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
