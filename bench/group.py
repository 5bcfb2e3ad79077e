"""Time to build a group (the example group by default): every entity and the portal, one
entity after another, then in parallel, as a table.

    python bench/group.py [FOLDER] [--jobs N] [--runs N]

Each figure is the median of N runs, each into a new output with an empty PDF cache (cold),
then built again into the same output (warm: every PDF found in the cache). Parallel builds
use N processes (default: one per core); the speed-up is bounded by the number of free cores
and by the largest entity. "CPU seconds" counts this process and the build's processes
(user + system): what the processes cost beyond a serial build (starting, importing, loading
the group again) shows there, whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
from pathlib import Path

# Run from a clone: import this checkout's generator, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build.group import GroupBuildReport, build_group


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(folder: Path, output: Path, jobs: int) -> tuple[GroupBuildReport, float]:
    before = cpu_seconds()
    report = build_group(folder, output, jobs=jobs)
    return report, cpu_seconds() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="charters/groupe-helios")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for name, jobs in (("serial", 1), ("parallel", args.jobs)):
            cold, warm = [], []
            for run in range(args.runs):
                output = root / f"{name}-{run}"
                cold.append(timed(Path(args.folder), output, jobs))
                warm.append(timed(Path(args.folder), output, jobs))
            for state, runs in (("cold", cold), ("warm", warm)):
                last = runs[-1][0]
                plural = "es" if last.processes != 1 else ""
                rows.append((f"{name} ({last.processes} process{plural}), {state}",
                             len(last.entities), last.pdfs_rendered, last.pdfs_reused,
                             statistics.median(report.seconds for report, _ in runs),
                             statistics.median(cpu for _, cpu in runs)))

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Group {args.folder}, {os.cpu_count()} cores (load average {load}), median of "
          f"{args.runs} runs")
    print(f"| {'build':<28} | entities | PDFs rendered | PDFs reused | seconds | CPU seconds |")
    print(f"| {'-' * 28} | -------: | ------------: | ----------: | ------: | ----------: |")
    for name, entities, rendered, reused, seconds, cpu in rows:
        print(f"| {name:<28} | {entities:>8} | {rendered:>13} | {reused:>11} | {seconds:>7.2f} "
              f"| {cpu:>11.2f} |")


if __name__ == "__main__":
    main()
