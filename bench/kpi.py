"""Benchmark: `handbook kpi`, `check` and `build` on an export of 1,000,000 posts.

    python bench/kpi.py [ROWS]

Writes a synthetic export (bench/posts.py) into a copy of the demo folder, then runs each
command as a child process, the way a user does, and reports its wall-clock time and peak
memory (the child's maximum resident set size). Target: under 10 s and under 1 GB for
`handbook kpi` (the build is shown for information: it also runs MkDocs for two languages).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posts import write_synthetic

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 10, 1024


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds (user + system: what other processes on the machine
    do not inflate) and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, cwd=REPO, stdout=sink)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "org"
        shutil.copytree(REPO / "charters" / "demo", folder)
        export = folder / "data" / "posts.csv"
        started = time.perf_counter()
        write_synthetic(export, rows)
        print(f"{rows:,} rows, {export.stat().st_size / 1e6:.0f} MB, written in "
              f"{time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs\n")
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
