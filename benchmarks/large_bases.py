"""How loading and answering grow with the knowledge base: synthetic bases of 100 to 50,000 facts.

Usage: python benchmarks/large_bases.py [--sizes 100,1000,10000,50000] [--questions N]
       python benchmarks/large_bases.py --write DIR --facts N     (only write one base)

For each size the script writes a release folder (release.txt and a knowledge.yaml that
`release-bot check` accepts), then, in a fresh interpreter so that memory and caches start
empty, loads it (`load_library`: YAML, validation, derived entries), builds the engine
(`Engine`: analysers, idf weights, postings), and asks a mix of questions: a fact's own
phrasings with changed wording and typos, questions made of words most facts share ("what
did the minister say about the funding?"), and questions the base does not cover. It prints
load and build time, peak memory (the interpreter's peak resident size), the median and 99th
percentile time per question, and how each grows per tenfold of the base.

The vocabulary is made to look like a real base's: a few dozen shared words (sectors, "funding",
"minister", question words) that many facts use, a long tail of rare ones (project and place
names, drawn so that some recur in a handful of facts and most in one or two), eight phrasings
per fact (seven questions and the source sentence), related facts and tags.

Targets at 10,000 facts: load <= 3 s, p99 <= 5 ms, median <= 1 ms, memory <= 150 MB;
at 50,000: p99 <= 20 ms. Machines here are shared and noisy: read the figures of one run
together, not against a threshold in a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SECTORS = """
    research education health transport energy security climate housing employment trade
    culture sport agriculture forestry fisheries water digital broadband railway road harbour
    airport hospital school university library museum tourism industry innovation defence
    justice police prison migration pension welfare childcare youth elderly environment
""".split()
AGENCIES = [
    "Ministry of Finance",
    "Ministry of Education",
    "Ministry of Transport",
    "Ministry of Health",
    "Ministry of Justice",
    "Ministry of the Environment",
    "Regional Council",
    "Innovation Agency",
    "Research Council",
    "Energy Authority",
    "Housing Fund",
    "Development Bank",
]
_CONSONANTS = "bdfghklmnprstvz"
_VOWELS = "aeiou"
QUESTIONS_PER_FACT = 7  # and the source sentence: eight phrasings
QUESTIONS_FILE = "asked.json"  # the questions to ask, written beside the base

SOURCE_TEMPLATES = (
    "The {agency} will fund the {name} {sector} project in {place} with {amount} million euros"
    " from {year}.",
    "The {name} {sector} programme in {place} begins in {year} and focuses on {detail} and"
    " {other}.",
    "Minister Korhonen said that the {name} {sector} plan would bring {detail} to {place} by"
    " {year}.",
    "In {place}, the {name} {sector} centre receives {amount} million euros for {detail} from"
    " the {agency}.",
)
QUESTION_TEMPLATES = (
    "How much funding does the {name} project get?",
    "Who funds the {name} {sector} project?",
    "When does the {name} project start?",
    "Where is the {name} project?",
    "What is the {name} {sector} project in {place}?",
    "What did the minister say about {detail}?",
    "Is there money for {sector} in {place}?",
    "Tell me about {name}",
    "What is planned for {detail} in {place}?",
    "Which {sector} projects are in {place}?",
    "How many euros go to {name}?",
    "What does the {agency} pay for in {place}?",
)
ASKED_TEMPLATES = (  # how people ask about one fact, in words its phrasings do not all use
    "how much money is the {name} project getting",
    "who is paying for {name}?",
    "when will the {name} {sector} work begin",
    "where will the {name} be built",
    "what about {detail} in {place}",
    "tell me more about the {name} {sector} programme",
    "is {place} getting anything for {sector}?",
    "what did korhonen say about {name}",
)
SHARED_QUESTIONS = (  # words most facts share: the slow case before pruning
    "What did the minister say about the funding?",
    "Who funds the projects?",
    "how much money does the ministry give?",
    "what is planned?",
    "When does the project start?",
    "what did they say?",
    "Which projects are there?",
    "who said what about the programme",
    "What is the plan for the {sector} projects?",
    "How much funding for {sector}?",
)
OUTSIDE = (
    "What's the weather in Helsinki tomorrow?",
    "Who won the football match?",
    "what is the capital of australia",
    "how do I renew my passport",
)


@dataclass(frozen=True)
class Fact:
    id: str
    name: str
    sector: str
    place: str
    detail: str
    other: str
    agency: str
    amount: int
    year: int
    source: str

    def fill(self, template: str) -> str:
        return template.format(
            name=self.name.capitalize(),
            sector=self.sector,
            place=self.place,
            detail=self.detail,
            other=self.other,
            agency=self.agency,
            amount=self.amount,
            year=self.year,
        )


def pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` distinct made-up words ("kalvora", "tesmin") not in `taken`."""
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables))
        if rng.random() < 0.4:
            word += rng.choice("nrslk")
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


def zipf_picker(rng: random.Random, words: list[str], exponent: float) -> Callable[[], str]:
    """A picker drawing `words` with weights 1/rank**exponent: a few often, most rarely."""
    weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(words))))

    def pick() -> str:
        return rng.choices(words, cum_weights=weights)[0]

    return pick


def make_facts(count: int, seed: int = 0) -> list[Fact]:
    rng = random.Random(seed)
    taken = set(SECTORS)
    names = pseudo_words(rng, int(count * 0.8) + 20, taken)
    places = [w.capitalize() for w in pseudo_words(rng, int(3 * math.sqrt(count)) + 5, taken)]
    details = pseudo_words(rng, count // 5 + 50, taken)
    pick_name = zipf_picker(rng, names, 0.3)
    pick_place = zipf_picker(rng, places, 0.8)
    pick_detail = zipf_picker(rng, details, 0.8)
    pick_sector = zipf_picker(rng, SECTORS, 0.7)
    facts = []
    for index in range(count):
        name, sector, place = pick_name(), pick_sector(), pick_place()
        detail, other = pick_detail(), pick_detail()
        agency, amount, year = (
            rng.choice(AGENCIES),
            rng.randrange(2, 900),
            rng.randrange(2024, 2032),
        )
        template = SOURCE_TEMPLATES[index % len(SOURCE_TEMPLATES)]
        fact = Fact(f"fact-{index}", name, sector, place, detail, other, agency, amount, year, "")
        facts.append(replace(fact, source=fact.fill(template)))
    return facts


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


HEADER = """\
release:
  id: synthetic-{count}
  headline: The government funds {count} projects across the country
  publisher: Ministry of Finance (synthetic)
  language: en
  text: release.txt
  summary: The government funds {count} projects in research, transport, health and more.
  order: 1
contacts:
  - name: Aino Laine
    title: Press Officer
    organisation: Ministry of Finance
    phone: +358 295 160 000
    phone_e164: "+358295160000"
people:
  - id: korhonen
    name: Aino Korhonen
    role: Minister of Finance
    country: Finland
    aliases: [Korhonen]
    source:
      - {meeting}
  - id: tamm
    name: Kalle Tamm
    role: Minister of Finance of Estonia
    country: Estonia
    aliases: [Tamm]
    source:
      - {meeting}
places:
  - id: helsinki
    name: Helsinki
    source:
      - {meeting}
meetings:
  - id: meeting
    participants: [korhonen, tamm]
    place: helsinki
    status: held
    source:
      - {meeting}
topics:
  - id: funding
    name: funding
    words: [money, grants, financing]
    source:
      - {meeting}
quotes:
  - id: korhonen_funding
    speaker: korhonen
    topic: funding
    text: {quote}
    source:
      - {quote_sentence}
synonyms:
  funding: [financing, grant money]
not_stated:
  - id: ns_total
    questions: ["What is the total budget?", "How much does it all cost?"]
    answer: The release does not say what the programme costs in total.
facts:
"""
MEETING = (
    "Minister of Finance Aino Korhonen met Minister of Finance of Estonia Kalle Tamm in Helsinki."
)
QUOTE = "Every region gets its share of the funding"
QUOTE_SENTENCE = f'"{QUOTE}," Korhonen said.'


def write_base(folder: Path, count: int, seed: int = 0) -> Path:
    """Write a release folder of `count` facts under `folder`; returns the knowledge.yaml path."""
    facts = make_facts(count, seed)
    rng = random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [f"The government funds {count} projects across the country", MEETING]
    paragraphs.append(QUOTE_SENTENCE)
    for start in range(0, count, 5):
        paragraphs.append(" ".join(fact.source for fact in facts[start : start + 5]))
    paragraphs.append("Inquiries: Aino Laine, Press Officer, tel. +358 295 160 000")
    (folder / "release.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    lines = [
        HEADER.format(
            count=count,
            meeting=MEETING,
            quote=_quoted(QUOTE),
            quote_sentence=_quoted(QUOTE_SENTENCE),
        )
    ]
    for index, fact in enumerate(facts):
        templates = rng.sample(QUESTION_TEMPLATES, QUESTIONS_PER_FACT)
        questions = ", ".join(_quoted(fact.fill(t)) for t in templates)
        answer = fact.source.replace("will fund", "funds").replace(" said that ", " says ")
        lines.append(f"  - id: {fact.id}\n    questions: [{questions}]\n")
        lines.append(f"    answer: {_quoted(answer)}\n")
        lines.append(f"    source: [{_quoted(fact.source)}]\n")
        lines.append(f"    tags: [{fact.sector}, {fact.detail}]\n")
        if index % 3 == 2:
            lines.append(f"    related: [{facts[index - 1].id}]\n")
    path = folder / "knowledge.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def make_questions(count: int, facts: int, seed: int = 0) -> list[str]:
    """`count` questions about a base of `facts` facts: 70 % about one fact (a tenth of them
    with a typo), 20 % in words many facts share, 10 % outside the base."""
    rng = random.Random(seed + 2)
    known = make_facts(facts, seed)
    asked = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.7:
            fact = rng.choice(known)
            question = fact.fill(rng.choice(ASKED_TEMPLATES))
            if rng.random() < 0.1:
                question = question.replace(fact.name.capitalize(), _typo(fact.name, rng))
        elif roll < 0.9:
            question = rng.choice(SHARED_QUESTIONS).format(sector=rng.choice(SECTORS))
        else:
            question = rng.choice(OUTSIDE)
        asked.append(question)
    return asked


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """This process's peak resident size (VmHWM: unlike ru_maxrss, not carried over from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(folder: Path, facts: int, rounds: int) -> dict[str, float]:
    """Load, build and ask in this interpreter (run by `main` in a fresh one per size)."""
    from bot.core.engine import Engine
    from bot.core.loader import load_library

    asked = json.loads((folder / QUESTIONS_FILE).read_text(encoding="utf-8"))
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    bases = load_library(folder)
    loaded = time.perf_counter()
    engine = Engine(bases, answers_kept=0)  # every round matches: no answer cache
    built = time.perf_counter()
    first: list[float] = []
    timings: list[float] = []
    for round_ in range(rounds + 1):
        for question in asked:
            start = time.perf_counter_ns()
            engine.ask(question)
            (first if round_ == 0 else timings).append((time.perf_counter_ns() - start) / 1e6)
    peak = peak_rss_mb()
    return {
        "facts": facts,
        "entries": len(bases[0].entries),
        "load_s": loaded - started,
        "build_s": built - loaded,
        "peak_mb": peak,
        "imports_mb": rss_before,
        "median_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 0.99),
        "max_ms": max(timings),
        "first_p99_ms": percentile(first, 0.99),
    }


TARGETS = {10_000: {"load_s": 3.0, "p99_ms": 5.0, "median_ms": 1.0, "peak_mb": 150.0}}
TARGETS[50_000] = {"p99_ms": 20.0}


def growth(rows: list[dict[str, float]], key: str) -> list[str]:
    """Per row, how much `key` grew per tenfold of facts since the previous row."""
    factors = ["-"]
    for before, after in itertools.pairwise(rows):
        tenfolds = math.log10(after["facts"] / before["facts"])
        ratio = after[key] / before[key] if before[key] else float("inf")
        factors.append(f"x{ratio ** (1 / tenfolds):.1f}")
    return factors


def report(rows: list[dict[str, float]]) -> None:
    columns = [
        ("load_s", "load s", "{:.2f}"),
        ("build_s", "build s", "{:.2f}"),
        ("peak_mb", "peak MB", "{:.0f}"),
        ("median_ms", "median ms", "{:.3f}"),
        ("p99_ms", "p99 ms", "{:.3f}"),
    ]
    print(f"{'facts':>7} {'entries':>7} " + " ".join(f"{title:>16}" for _, title, _ in columns))
    factors = {key: growth(rows, key) for key, _, _ in columns}
    for index, row in enumerate(rows):
        cells = [
            f"{fmt.format(row[key])} ({factors[key][index]})".rjust(16) for key, _, fmt in columns
        ]
        print(f"{row['facts']:>7.0f} {row['entries']:>7.0f} " + " ".join(cells))
    print("(growth per tenfold of facts since the row above in brackets)")
    for row in rows:
        if row["facts"] in TARGETS:
            checks = [
                f"{key} {row[key]:.2f} / {limit} ({'ok' if row[key] <= limit else 'over'})"
                for key, limit in TARGETS[int(row["facts"])].items()
            ]
            print(f"targets at {row['facts']:.0f} facts: " + ", ".join(checks))
    for row in rows:
        print(
            f"{row['facts']:>7.0f} facts: first sight p99 {row['first_p99_ms']:.3f} ms, "
            f"slowest after it {row['max_ms']:.3f} ms, "
            f"memory after imports {row['imports_mb']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", type=Path, help="only write a base of --facts facts here")
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.write:
        print(write_base(args.write, args.facts))
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.facts, args.rounds)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(scratch) / f"synthetic-{size}"
            write_base(folder, size)
            asked = make_questions(args.questions, size)  # here, not in the measured process
            (folder / QUESTIONS_FILE).write_text(json.dumps(asked), encoding="utf-8")
            child = [sys.executable, __file__, "--measure", str(folder), "--facts", str(size)]
            child += ["--rounds", str(args.rounds)]
            done = subprocess.run(child, check=True, capture_output=True, text=True, cwd=ROOT)
            rows.append(json.loads(done.stdout.splitlines()[-1]))
            print(f"measured {size} facts", file=sys.stderr)
    report(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
