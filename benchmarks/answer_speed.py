"""How long the engine takes to answer one question, with the knowledge base loaded.

Usage: python benchmarks/answer_speed.py [--rounds N]

Asks every question of the bundled question sets (plus hostile inputs) many times and prints
the median and 99th percentile per question, and the load time. Target: median under 0.5 ms.
Machines here are shared and noisy: read the figures of one run together, not against a
threshold in a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from bot.core.bundled import bundled_knowledge_path
from bot.core.engine import Engine
from bot.core.loader import load_library

ROOT = Path(__file__).resolve().parent.parent
QUESTION_SETS = [
    *ROOT.glob("knowledge/*/questions.yaml"),
    *ROOT.glob("tests/data/*_questions.yaml"),
]
HOSTILE = ["", "😀😀😀", "x" * 10_000, "<script>alert(1)</script>", "'; DROP TABLE facts; --"]
TARGET_MS = 0.5


def questions() -> list[str]:
    found = list(HOSTILE)
    for path in sorted(QUESTION_SETS):
        found += [item["q"] for item in yaml.safe_load(path.read_text())["questions"]]
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    engine = Engine(load_library(bundled_knowledge_path()), answers_kept=0)  # matching, every time
    load_ms = 1000 * (time.perf_counter() - started)

    asked = questions()
    cold: list[float] = []
    for question in asked:  # first sight of each question: typo and stem caches still cold
        start = time.perf_counter_ns()
        engine.ask(question)
        cold.append((time.perf_counter_ns() - start) / 1e6)
    timings: list[float] = []
    for _ in range(args.rounds):
        for question in asked:
            start = time.perf_counter_ns()
            engine.ask(question)
            timings.append((time.perf_counter_ns() - start) / 1e6)

    median = statistics.median(timings)
    print(f"questions: {len(asked)} distinct, {len(timings)} answered")
    print(f"knowledge base load + index: {load_ms:.1f} ms")
    print(
        f"median: {median:.3f} ms   p99: {percentile(timings, 0.99):.3f} ms   "
        f"max: {max(timings):.3f} ms"
    )
    print(
        f"first sight (cold caches): median {statistics.median(cold):.3f} ms   "
        f"p99: {percentile(cold, 0.99):.3f} ms"
    )
    print(f"median / target ({TARGET_MS} ms): {median / TARGET_MS:.2f}")


if __name__ == "__main__":
    main()
