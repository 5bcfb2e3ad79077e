"""Benchmark: `handbook kpi`, `check` and `build` on an export of 1,000,000 posts.

    python bench/kpi.py [ROWS] [--readers]    (--readers: the readers alone, no command)

Writes a synthetic export (bench/posts.py) into a copy of the demo folder, then runs each
command as a child process, the way a user does, and reports its wall-clock time and peak
memory (the child's maximum resident set size). Target: under 10 s and under 1 GB for
`handbook kpi` (the build is shown for information: it also runs MkDocs for two languages).

First, the readers alone, each in a child process of its own: the fast path (polars, the
`fast` extra), the exact row-by-row reader, and a plain `csv.reader` pass over the same file
(the floor a Python reader cannot go below). Target: the fast path in at most 1 s for 1 M
rows, and no slower than the plain pass. The three run in turn, ROUNDS times, and each shows
its quickest round (on a shared machine, the one least slowed by the others' work) beside its
median. A last row times `import polars` alone: the fixed cost inside the fast path's time.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posts import write_synthetic

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 10, 1024
FAST_TARGET_SECONDS = 1.0  # the fast path on 1 M rows, and never slower than the plain pass
ROUNDS = 3


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds (user + system: what other processes on the machine
    do not inflate) and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, cwd=REPO, stdout=sink,
                                 env={**os.environ, "PYTHONPATH": str(REPO)})
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


# Each reader in a child: python -c READER EXPORT; the time covers the import of the reader.
READERS = {
    "fast path (polars)": "import sys; from pathlib import Path; "
                          "from generator.inputs.posts_fast import read_posts_fast as read; "
                          "assert read(Path(sys.argv[1]), 'p', {'impressions': 'views'})",
    "exact reader": "import sys; from pathlib import Path; from generator.inputs import posts; "
                    "posts.read_posts_fast = lambda *a, **k: None; "
                    "assert posts.read_posts(Path(sys.argv[1]), 'p', "
                    "{'impressions': 'views'})[0]",
    "plain csv.reader pass": "import csv, sys; "
                             "[None for _ in csv.reader(open(sys.argv[1], encoding='utf-8', "
                             "newline=''))]",
    "(in the fast path: import polars)": "import polars",
}


def compare_readers(export: Path, rows: int) -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f}\n")
    rounds = {name: [] for name in READERS}
    for _ in range(ROUNDS):  # in turn, so that a busy moment slows all three alike
        for name, code in READERS.items():
            rounds[name].append(measure([sys.executable, "-c", code, str(export)]))
    best = {name: min(runs) for name, runs in rounds.items()}
    plain = best["plain csv.reader pass"][0]
    print(f"| reader | rows | wall-clock s (best of {ROUNDS}) | median s | CPU s | "
          "peak memory (MB) | within target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, (seconds, cpu, megabytes) in best.items():
        ok = ""
        if name.startswith("fast") and rows >= 1_000_000:  # smaller: importing polars weighs
            limit = FAST_TARGET_SECONDS * rows / 1_000_000
            ok = "yes" if seconds <= limit and seconds <= plain else "NO"
        median = statistics.median(run[0] for run in rounds[name])
        print(f"| {name} | {rows:,} | {seconds:.2f} | {median:.2f} | {cpu:.2f} | "
              f"{megabytes:.0f} | {ok} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}\n")


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    rows = int(numbers[0]) if numbers else 1_000_000
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "org"
        shutil.copytree(REPO / "charters" / "demo", folder)
        export = folder / "data" / "posts.csv"
        started = time.perf_counter()
        write_synthetic(export, rows)
        print(f"{rows:,} rows, {export.stat().st_size / 1e6:.0f} MB, written in "
              f"{time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs\n")
        compare_readers(export, rows)
        if "--readers" in sys.argv:
            return
        python = sys.executable
        runs = [
            ("handbook kpi --format json", [python, "-m", "generator", "kpi", str(folder),
                                            "--format", "json"]),
            ("handbook kpi (text)", [python, "-m", "generator", "kpi", str(folder)]),
            ("handbook check", [python, "-m", "generator", "check", str(folder)]),
            ("handbook build (fr + en site)", [python, "-m", "generator", "build", str(folder),
                                               "-o", str(Path(scratch) / "site")]),
        ]
        print(f"load average before: {os.getloadavg()[0]:.1f}\n")
        print("| command | rows | wall-clock s | CPU s | peak memory (MB) | within target |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for name, command in runs:
            seconds, cpu, megabytes = measure(command)
            ok = "yes" if seconds < TARGET_SECONDS and megabytes < TARGET_MB else "NO"
            print(f"| {name} | {rows:,} | {seconds:.2f} | {cpu:.2f} | {megabytes:.0f} | {ok} |")


if __name__ == "__main__":
    main()
