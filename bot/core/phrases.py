"""The core's own words in each language it answers in: one place per language.

Everything the answering core says that is not the knowledge base's reviewed text comes from
here: the labels of a reply ("From the release:"), "the release does not say", the notes that
say an answer has no translation or that the release is in another language, and the templates
of the answers `bot.core.derive` composes from a release's records. The English phrases are the
ones the bot always used; Finnish and Swedish say the same.

A template is filled only with what needs no translating and no inflecting: numbers, dates, a
phone number, or a name quoted or after a colon. What would need an English word of the
knowledge base translated (a role, an office, a topic) is left to the press office's reviewed
translations (`answers:` in knowledge.yaml), never composed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.core.knowledge import Contact

ENGLISH = "en"


@dataclass(frozen=True)
class Phrases:
    """The fixed phrases of one language."""

    # how "in <language>" is said of each language: "in English", "englanniksi", "på engelska"
    in_language: dict[str, str]
    # what a "not stated" answer must say plainly (the first is the one the bot writes)
    not_stated: str
    not_stated_markers: tuple[str, ...]
    # the reply's labels and fixed texts
    clarify: str
    fallback: str
    empty: str
    source_label: str
    release_label: str
    contact_label: str
    phone: str  # before a phone number: "tel."
    not_mentioned: str  # {subject}
    part_not_stated: str  # {part}: one question of a compound one that the release does not answer
    # notes: {language} is an `in_language` value
    untranslated: str  # the answer is in the release's language, no reviewed translation
    release_in: str  # the source sentences are in another language: the release's only one
    quoted_from: str  # the release has a version in this language, but not these sentences
    # the answers composed from records (`bot.core.derive`), filled with str.format: each
    # language uses the fields it can say without translating (English names the place, the
    # office, the topic; Finnish and Swedish do not, and are composed only where that reads well)
    day_unknown: str
    times_unknown: str
    published: str  # {date}
    venue_unknown: str
    office_unnamed: str
    group_unnamed: str
    not_quoted: str  # {full_name}; {quoted_full} (roles and names) or {quoted} (names)
    nobody_quoted: str  # {full_name}
    email_unknown: str  # {name}, {phone}
    topic: str  # {topic}
    and_word: str
    months: tuple[str, ...] = ()  # month names for dates, January first; none: day.month.year
    # the bot's own small talk by id (English: bot/core/smalltalk.yaml, with its phrasings)
    smalltalk: dict[str, str] = field(default_factory=dict)

    def date(self, day: date) -> str:
        """A date as the language writes it: "2 October 2018", "2.10.2018", "2 oktober 2018"."""
        if not self.months:
            return f"{day.day}.{day.month}.{day.year}"
        return f"{day.day} {self.months[day.month - 1]} {day.year}"

    def listed(self, names: Sequence[str]) -> str:
        """ "A", "A and B", "A, B and C" in this language."""
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {self.and_word} " + names[-1]

    def contact_line(self, contact: Contact) -> str:
        """The press contact in one line: "Name, Title, Organisation, tel. +358 ..."."""
        line = f"{contact.name}, {contact.title}, {contact.organisation}"
        return f"{line}, {self.phone} {contact.phone}"

    def says_not_stated(self, text: str) -> bool:
        """Whether `text` says plainly that the release does not say something."""
        lowered = text.lower()
        return any(marker in lowered for marker in self.not_stated_markers)


ENGLISH_PHRASES = Phrases(
    in_language={"en": "in English", "fi": "in Finnish", "sv": "in Swedish"},
    not_stated="The release does not say",
    not_stated_markers=("release does not say",),
    clarify="I'm not sure which part of the release you mean. Did you mean:",
    fallback=(
        "The release does not say anything about that. I answer only from the release "
        "“{headline}”. You can ask, for example:"
    ),
    empty="Please send me a question about the release “{headline}” as text. For example:",
    source_label="From the release:",
    release_label="Release:",
    contact_label="Press contact:",
    phone="tel.",
    not_mentioned="The release does not mention {subject}.",
    part_not_stated="The release does not say anything about “{part}”.",
    untranslated="No translation: this answer is {language}, the release's language.",
    release_in="The release is {language}: its sentences are quoted as published.",
    quoted_from="The sentences are quoted from the release as published {language}.",
    day_unknown="The release does not say on which day the meeting took place.",
    times_unknown="The release does not say when these meetings take place.",
    published="The release itself was published on {date}.",
    venue_unknown=(
        "The release does not say where in {place} the meeting took place; only that it was there."
    ),
    office_unnamed="The release does not say who the {office} is; it does not name them.",
    group_unnamed="The release does not say which {group} they are; it names none of them.",
    not_quoted="The release does not say what {full_name} said; it quotes only {quoted_full}.",
    nobody_quoted="The release does not say what {full_name} said; it quotes only no one.",
    email_unknown=(
        "The release does not say what {name}'s e-mail address is; it gives the phone "
        "number {phone}."
    ),
    topic="The release says this about {topic}:",
    and_word="and",
    months=tuple("January February March April May June".split())
    + tuple("July August September October November December".split()),
)

FINNISH_PHRASES = Phrases(
    in_language={"en": "englanniksi", "fi": "suomeksi", "sv": "ruotsiksi"},
    not_stated="Tiedotteessa ei kerrota",
    not_stated_markers=("tiedotteessa ei kerrota", "tiedote ei kerro", "tiedotteessa ei mainita"),
    clarify="En ole varma, mitä tiedotteen kohtaa tarkoitat. Tarkoititko:",
    fallback=(
        "Tiedotteessa ei kerrota siitä mitään. Vastaan vain tiedotteen “{headline}” "
        "perusteella. Voit kysyä esimerkiksi:"
    ),
    empty="Lähetä minulle kysymys tiedotteesta “{headline}” tekstinä. Esimerkiksi:",
    source_label="Tiedotteesta:",
    release_label="Tiedote:",
    contact_label="Lisätietoja:",
    phone="puh.",
    not_mentioned="Tiedotteessa ei mainita sanaa ”{subject}”.",
    part_not_stated="Tiedotteessa ei kerrota vastausta kysymykseen ”{part}”.",
    untranslated="Ei käännöstä: tämä vastaus on {language}, tiedotteen kielellä.",
    release_in="Tiedote on julkaistu {language}; sen lauseet on lainattu sellaisinaan.",
    quoted_from="Lauseet on lainattu tiedotteesta sellaisena kuin se julkaistiin {language}.",
    day_unknown="Tiedotteessa ei kerrota, minä päivänä tapaaminen pidettiin.",
    times_unknown="Tiedotteessa ei kerrota, milloin nämä tapaamiset pidetään.",
    published="Tiedote itse julkaistiin {date}.",
    venue_unknown=(
        "Tiedotteessa ei kerrota tarkemmin, missä tapaaminen pidettiin; siinä kerrotaan vain "
        "paikkakunta."
    ),
    office_unnamed=(
        "Tiedotteessa ei kerrota, kuka tässä tehtävässä on; siinä mainitaan vain tehtävä, "
        "ei henkilön nimeä."
    ),
    group_unnamed="Tiedotteessa ei kerrota, keitä he ovat; siinä ei nimetä ketään heistä.",
    not_quoted="Tiedotteessa ei kerrota, mitä {full_name} sanoi; siinä lainataan vain: {quoted}.",
    nobody_quoted="Tiedotteessa ei kerrota, mitä {full_name} sanoi; siinä ei lainata ketään.",
    email_unknown=(
        "Tiedotteessa ei kerrota yhteyshenkilön sähköpostiosoitetta; siinä annetaan "
        "puhelinnumero {phone} ({name})."
    ),
    topic="Tiedotteessa sanotaan aiheesta näin:",
    and_word="ja",
    smalltalk={
        "greeting": 'Hei! Vastaan kysymyksiin tiedotteesta "{headline}". Kysy esimerkiksi, kuka '
        "tapasi kenet, mistä keskusteltiin tai kehen voi ottaa yhteyttä.",
        "thanks": "Ole hyvä. Kysy tiedotteesta mitä tahansa muuta.",
        "bye": "Näkemiin! Alla mainittu yhteyshenkilö auttaa kaikessa, mihin tiedote ei vastaa.",
        "help": 'Vastaan kysymyksiin tiedotteesta "{headline}" vain sen perusteella, mitä '
        "tiedotteessa sanotaan: kuka tapasi kenet, missä ja milloin, mistä keskusteltiin ja mitä "
        "sanottiin sekä kehen voi ottaa yhteyttä.",
        "identity": 'Olen automaattinen avustaja tiedotteelle "{headline}". Vastaan vain '
        "tiedotteen tekstin perusteella; muissa asioissa ota yhteyttä alla mainittuun "
        "yhteyshenkilöön.",
    },
)

SWEDISH_PHRASES = Phrases(
    in_language={"en": "på engelska", "fi": "på finska", "sv": "på svenska"},
    not_stated="Pressmeddelandet säger inte",
    not_stated_markers=(
        "pressmeddelandet säger inte",
        "pressmeddelandet nämner inte",
        "pressmeddelandet anger inte",
    ),
    clarify="Jag är inte säker på vilken del av pressmeddelandet du menar. Menade du:",
    fallback=(
        "Pressmeddelandet säger ingenting om det. Jag svarar bara utifrån pressmeddelandet "
        "”{headline}”. Du kan till exempel fråga:"
    ),
    empty="Skicka mig en fråga om pressmeddelandet ”{headline}” som text. Till exempel:",
    source_label="Ur pressmeddelandet:",
    release_label="Pressmeddelande:",
    contact_label="Presskontakt:",
    phone="tfn",
    not_mentioned="Pressmeddelandet nämner inte ”{subject}”.",
    part_not_stated="Pressmeddelandet säger inte något om ”{part}”.",
    untranslated="Ingen översättning: svaret är {language}, pressmeddelandets språk.",
    release_in="Pressmeddelandet är publicerat {language}; meningarna citeras ordagrant.",
    quoted_from="Meningarna citeras ur pressmeddelandet så som det publicerades {language}.",
    day_unknown="Pressmeddelandet säger inte vilken dag mötet hölls.",
    times_unknown="Pressmeddelandet säger inte när dessa möten äger rum.",
    published="Själva pressmeddelandet publicerades den {date}.",
    venue_unknown=("Pressmeddelandet säger inte exakt var mötet hölls; det nämner bara orten."),
    office_unnamed=(
        "Pressmeddelandet säger inte vem som innehar ämbetet; det nämner bara ämbetet, "
        "inte personens namn."
    ),
    group_unnamed="Pressmeddelandet säger inte vilka de är; det namnger ingen av dem.",
    not_quoted="Pressmeddelandet säger inte vad {full_name} sade; det citerar bara {quoted}.",
    nobody_quoted="Pressmeddelandet säger inte vad {full_name} sade; det citerar ingen.",
    email_unknown=(
        "Pressmeddelandet säger inte vilken e-postadress kontaktpersonen har; det ger "
        "telefonnumret {phone} ({name})."
    ),
    topic="Pressmeddelandet säger så här om ämnet:",
    and_word="och",
    smalltalk={
        "greeting": 'Hej! Jag svarar på frågor om pressmeddelandet "{headline}". Fråga till '
        "exempel vem som träffade vem, vad man diskuterade eller vem du kan kontakta.",
        "thanks": "Varsågod. Fråga gärna något annat om pressmeddelandet.",
        "bye": "Hej då! Presskontakten nedan kan hjälpa till med allt som pressmeddelandet inte "
        "tar upp.",
        "help": 'Jag svarar på frågor om pressmeddelandet "{headline}" och använder bara det som '
        "står i det: vem som träffade vem, var och när, vad som diskuterades och sades och vem "
        "du kan kontakta.",
        "identity": 'Jag är en automatisk assistent för pressmeddelandet "{headline}". Jag '
        "svarar bara utifrån pressmeddelandets text; kontakta presskontakten nedan för allt "
        "annat.",
    },
    months=tuple("januari februari mars april maj juni".split())
    + tuple("juli augusti september oktober november december".split()),
)

CATALOGUE: dict[str, Phrases] = {
    "en": ENGLISH_PHRASES,
    "fi": FINNISH_PHRASES,
    "sv": SWEDISH_PHRASES,
}
LANGUAGES = tuple(CATALOGUE)  # the languages the core can reply in


def phrases(language: str | None) -> Phrases:
    """The phrases of `language`, or English for one the core does not reply in."""
    return CATALOGUE.get(language or ENGLISH, ENGLISH_PHRASES)


def supported(language: str | None) -> str | None:
    """`language` as a code the core replies in ("fi" for "fi", "FI" or Telegram's "fi-FI"),
    or None for any other (or none)."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in CATALOGUE else None


def in_language(of: str, said_in: str) -> str:
    """How "in <of>" is said in the language `said_in` ("englanniksi"); the code if unknown."""
    return phrases(said_in).in_language.get(of, of)
