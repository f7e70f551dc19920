"""How long `release-bot ask "who met whom"` takes from a cold process, beside the floor that no
command can beat: starting Python and importing PyYAML and RapidFuzz.

Usage: python benchmarks/cold_start.py [--runs N]

Both commands run from the same environment, alternating, N times each; the script prints the
medians and their ratio. Target: the ask median at most 0.4 s on this project's 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGET_S = 0.4
ASK = [sys.executable, "-m", "bot", "ask", "who met whom"]
FLOOR = [sys.executable, "-c", "import yaml, rapidfuzz"]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    timed(ASK), timed(FLOOR)  # warm the file cache once
    ask, floor = [], []
    for _ in range(runs):
        ask.append(timed(ASK))
        floor.append(timed(FLOOR))
    ask_median, floor_median = statistics.median(ask), statistics.median(floor)
    print(f"runs: {runs} of each, alternating")
    print(f"release-bot ask 'who met whom': median {ask_median:.3f} s (target {TARGET_S} s)")
    print(f"python -c 'import yaml, rapidfuzz': median {floor_median:.3f} s")
    print(f"ratio ask / floor: {ask_median / floor_median:.2f}")
    print(f"ask within target: {'yes' if ask_median <= TARGET_S else 'no'}")


if __name__ == "__main__":
    main()
