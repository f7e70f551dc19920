"""Word lists the ingest rules rely on: countries, titles, organisations and filler words.

Only data lives here; the rules that use it live in their own modules.
"""

from __future__ import annotations

# country -> (adjective / other names that point to it, calling code or "")
COUNTRIES: dict[str, tuple[tuple[str, ...], str]] = {
    "Finland": (("Finnish", "Republic of Finland"), "358"),
    "Sweden": (("Swedish", "Kingdom of Sweden"), "46"),
    "Norway": (("Norwegian", "Kingdom of Norway"), "47"),
    "Denmark": (("Danish", "Kingdom of Denmark"), "45"),
    "Iceland": (("Icelandic",), "354"),
    "Estonia": (("Estonian", "Republic of Estonia"), "372"),
    "Latvia": (("Latvian",), "371"),
    "Lithuania": (("Lithuanian",), "370"),
    "Russia": (("Russian", "Russian Federation"), "7"),
    "Belarus": (("Belarusian",), "375"),
    "Ukraine": (("Ukrainian",), "380"),
    "Poland": (("Polish",), "48"),
    "Germany": (("German", "Federal Republic of Germany"), "49"),
    "Austria": (("Austrian",), "43"),
    "Switzerland": (("Swiss",), "41"),
    "France": (("French", "French Republic"), "33"),
    "Belgium": (("Belgian",), "32"),
    "Netherlands": (("Dutch", "Kingdom of the Netherlands"), "31"),
    "Luxembourg": (("Luxembourgish",), "352"),
    "Ireland": (("Irish",), "353"),
    "United Kingdom": (("British", "UK", "Great Britain"), "44"),
    "Spain": (("Spanish",), "34"),
    "Portugal": (("Portuguese",), "351"),
    "Italy": (("Italian",), "39"),
    "Greece": (("Greek", "Hellenic Republic"), "30"),
    "Cyprus": (("Cypriot",), "357"),
    "Malta": (("Maltese",), "356"),
    "Czechia": (("Czech", "Czech Republic"), "420"),
    "Slovakia": (("Slovak",), "421"),
    "Slovenia": (("Slovenian",), "386"),
    "Croatia": (("Croatian",), "385"),
    "Hungary": (("Hungarian",), "36"),
    "Romania": (("Romanian",), "40"),
    "Bulgaria": (("Bulgarian",), "359"),
    "Moldova": (("Moldovan",), "373"),
    "Georgia": (("Georgian",), "995"),
    "Turkey": (("Turkish", "Türkiye"), "90"),
    "United States": (("American", "US", "USA", "United States of America"), "1"),
    "Canada": (("Canadian",), ""),
    "Mexico": (("Mexican",), "52"),
    "Brazil": (("Brazilian",), "55"),
    "China": (("Chinese", "People's Republic of China"), "86"),
    "Japan": (("Japanese",), "81"),
    "South Korea": (("Korean", "Republic of Korea"), "82"),
    "India": (("Indian",), "91"),
    "Australia": (("Australian",), "61"),
    "New Zealand": (("New Zealander",), "64"),
    "Israel": (("Israeli",), "972"),
    "Egypt": (("Egyptian",), "20"),
    "South Africa": (("South African",), "27"),
    "Kazakhstan": (("Kazakh",), "7"),
    "Kenya": (("Kenyan", "Republic of Kenya"), "254"),
    "Nigeria": (("Nigerian",), "234"),
    "Ethiopia": (("Ethiopian",), "251"),
    "Tanzania": (("Tanzanian",), "255"),
    "Mozambique": (("Mozambican",), "258"),
    "Vietnam": (("Vietnamese", "Viet Nam"), "84"),
    "Indonesia": (("Indonesian",), "62"),
    "Argentina": (("Argentinian", "Argentine"), "54"),
    "Chile": (("Chilean",), "56"),
}
# Not countries, though they have adjectives ("European Commissioner", "Nordic ministers"):
# a title with one of them names no country.

# Words that may precede a title head and belong to the title ("Federal Chancellor").
TITLE_MODIFIERS = frozenset(
    """
    Acting Assistant Associate Chief Deputy Executive Federal First Foreign Interim Lord Permanent
    Prime Principal Second Senior Special State Vice Justice Defence Defense Finance Interior
    Trade Health Education Environment Culture Transport Agriculture Labour Economy Development
    Climate Energy Digital European Regional Lead Head Under Governing Cabinet Parliamentary
    Children Children's Defence Chief Commerce
    """.split()
)

# The word a title is built around ("Minister", "Chancellor").
TITLE_HEADS = frozenset(
    """
    Minister Ministers Chancellor President Vice-President Premier Secretary Secretary-General
    Under-Secretary Ambassador Commissioner Director Director-General Governor Mayor Speaker
    Prosecutor Prosecutor-General Chair Chairperson Chairman Chairwoman Judge King Queen Prince
    Princess Envoy Spokesperson Spokesman Spokeswoman Commander Senator Chief Ombudsman
    Chancellor-of-Justice Attorney Auditor Rapporteur Mp MEP Adviser Advisor Rector Dean
    """.split()
)

# Capitalised words that are part of titles, portfolios and institutions, never of a name.
TITLE_VOCABULARY = (
    frozenset(
        """
    Affairs Agriculture Forestry Justice Finance Defence Defense Interior Education Science Health
    Social Services Culture Sport Sports Employment Economy Economic Trade Transport Communications
    Environment Climate Energy Development Labour Labor Industry Innovation Housing Family Families
    Equality Integration Digital Digitalisation Digitalization Security Foreign European Nordic
    Cooperation Co-operation Migration Immigration Local Regional Government Governments Public
    Federation Republic Kingdom States State Union Commission Court Courts Council Parliament
    Office Ministry Committee Duma Assembly Senate Congress Cabinet Chancellery Supreme
    Administrative Constitutional General Generals Federal Deputy Vice Prime Acting Interim
    Permanent Chief Head Senior Special Municipal Human Rights Legislation Building Budget
    Fisheries Food Rural Water Resources Natural Tourism Infrastructure Administration Policy
    Police Border Guard Navy Army Armed Forces Church Bank Central National International
    Strategy Strategic Treasury Planning Relations Competition Consumer Youth Women Children
    Elderly Care Welfare Pensions Insurance Taxation Customs Statistics Research Technology
    Technologies Business Businesses Enterprise Enterprises Transformation Heritage Arts Media
    Information Prosecution Prosecutor Prosecutors Judiciary Defender Ombudsman Auditor Audit
    Chamber Prefecture Province County City Municipality Region Agency Authority Board Service
    Institute Secretariat Bureau Delegation Embassy Mission Programme Program Commerce Financial
    Markets Europe Nordic Arctic Baltic Africa America Asia Northern Southern Eastern Western
    Penitentiary Staff Legal Parliamentary Children Elderly Industrial Industries Investment
    Investments Ministerial Diplomatic Communication Operations Unit Department Division
    Expeditionary Joint Crisis Preparedness Civil Protection Emergency Rescue Maritime Aviation
    Space Land Lands Forest Forests Fishing Mining Minerals Equal Opportunities Gender Sports
    Officer Officers Press Counsellor Counselor Specialist Manager Coordinator Assistant Expert
    Analyst Consultant Attaché Attache Counsel Researcher Inspector Desk Editor Communications
    """.split()
    )
    | TITLE_HEADS
    | TITLE_MODIFIERS
)


# Courtesy titles printed before a name ("Rt Hon Alistair Pembury", "Dr Andris Liepiņš") and
# letters printed after it ("MP"): neither is part of the name.
HONORIFICS = ("Rt Hon", "Right Honourable", "Dr", "Mr", "Ms", "Mrs", "Miss", "Prof", "Professor")
POSTNOMINALS = frozenset({"MP", "MEP", "QC", "KC", "PhD"})

# How a group of people without a title is named ("representatives of business life").
GROUP_WORDS = frozenset(
    """
    representatives members officials senior researchers students experts delegation delegates
    leaders heads staff employees entrepreneurs companies businesses teachers scientists
    journalists ministers ambassadors diplomats officers
    """.split()
)

# Lower-case (or capitalised) parts of family names.
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "la", "le", "du", "di", "da", "af"})

# Words that make a comma-separated part of a contact line an organisation.
ORGANISATION_WORDS = frozenset(
    """
    ministry office department government agency council service services institute authority
    embassy commission police court bureau secretariat university centre center unit board
    chancellery parliament cabinet administration presidency foundation association delegation
    mission bank directorate inspectorate
    """.split()
)

# Labels that start the press-contact line.
CONTACT_LABELS = (
    "Inquiries",
    "Enquiries",
    "Further information",
    "Further inquiries",
    "Further enquiries",
    "For further information",
    "For more information",
    "More information",
    "Additional information",
    "Press contact",
    "Press contacts",
    "Media contact",
    "Media contacts",
    "Media inquiries",
    "Media enquiries",
    "Contact",
    "Contacts",
    "Contact person",
    "Contact persons",
    "E-mail addresses",
    "E-mail address",
    "E-mail",
    "Email addresses",
    "Email",
)

# Verbs that attribute a quote to a speaker.
SPEECH_VERBS = (
    "said",
    "says",
    "stated",
    "states",
    "added",
    "adds",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "emphasised",
    "emphasises",
    "emphasized",
    "emphasizes",
    "pointed out",
    "points out",
    "commented",
    "comments",
    "remarked",
    "remarks",
    "explained",
    "explains",
    "continued",
    "continues",
    "concluded",
    "concludes",
    "underlined",
    "underlines",
    "highlighted",
    "highlights",
    "observed",
    "observes",
    "declared",
    "declares",
    "announced",
    "announces",
    "insisted",
    "insists",
    "argued",
    "argues",
    "assured",
    "assures",
    "reminded",
    "reminds",
    "summed up",
    "sums up",
    "told reporters",
    "told the press",
)

PRONOUNS = frozenset({"he", "she", "they"})

# Words that say the release reports an outcome, so "not stated" entries about it would be false.
OUTCOME_WORDS = frozenset(
    """
    agreed agree agrees agreement agreements signed sign signing treaty memorandum decided
    decision decisions concluded outcome outcomes result results resolved accord deal
    """.split()
)

# Common English words never worth asking about.
STOPWORDS = frozenset(
    """
    a about above after again against all also am among an and any are as at be because been
    before being below between both but by can cannot could did do does doing down during each
    either else ever every few for from further had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less let like made make
    many may me might more most much must my myself need needs new no nor not now of off on once
    one only or other others our ours ourselves out over own per same shall she should so some
    such than that the their theirs them themselves then there these they this those through
    thus to too under until up upon us very was we well were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself
    said says stated states say saying also among things thing way ways wants want think
    important nowadays currently constantly particular example order able ever more closely
    minister ministers release today yesterday tomorrow week weeks year years time times
    last next first second third two three four five keep keeps kept lasted lasts still
    being done going come comes came take takes took give gives gave told tell
    """.split()
)

# Synonyms written into every draft: what people type for what every release talks about.
# Each key is the word the knowledge base uses.
GENERIC_SYNONYMS: dict[str, list[str]] = {
    "phone": ["telephone", "tel", "mobile", "cell", "call", "phone number", "contact number"],
    "contact": [
        "inquiries",
        "enquiries",
        "press officer",
        "press contact",
        "spokesperson",
        "media contact",
        "get hold of",
    ],
    "meet": ["met", "meeting", "meetings", "talks", "sat down"],
    "discuss": [
        "discussed",
        "discussion",
        "discussions",
        "talk about",
        "talked about",
        "agenda",
        "topics",
        "subjects",
        "issues",
        "raised",
        "brought up",
    ],
    "agreement": ["treaty", "treaties", "accord", "pact", "memorandum", "agreements"],
    "date": ["day", "dated", "month"],
    "overview": [
        "gist",
        "rundown",
        "synopsis",
        "nutshell",
        "in short",
        "in brief",
        "key points",
        "main points",
        "release about",
        "this about",
        "its about",
        "it about",
    ],
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def country_names() -> dict[str, str]:
    """Every name or adjective of a country -> the country, longest names first."""
    names: dict[str, str] = {}
    for country, (others, _) in COUNTRIES.items():
        for name in (country, *others):
            names[name] = country
    return dict(sorted(names.items(), key=lambda item: len(item[0]), reverse=True))


def calling_code(country: str | None) -> str:
    """The international calling code of `country`, or "" when unknown."""
    if country is None or country not in COUNTRIES:
        return ""
    return COUNTRIES[country][1]


def country_of_calling_code(number: str) -> str | None:
    """The country whose calling code starts the digits of an international number."""
    digits = "".join(char for char in number if char.isdigit())
    for length in (3, 2, 1):
        matches = [c for c, (_, code) in COUNTRIES.items() if code and code == digits[:length]]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None  # shared code (+7): not enough to tell
    return None


# How people ask when something happened: for a stated date and for an absent one alike.
DATE_QUESTIONS = (
    "When was this?",
    "When did they meet?",
    "When was the meeting?",
    "What date was the meeting?",
    "What day did they meet?",
    "Date?",
    "When?",
)
