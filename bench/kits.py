"""Time to build every training kit of an organisation (the demo by default): the idea cards,
facilitator guides, participant handouts, slides and bundles of all its languages, cold (empty
PDF cache) then warm (every PDF found in the cache), as a table.

    python bench/kits.py [FOLDER] [--runs N] [--workers N]

Each figure is the median of N runs; a cold run starts from a new, empty cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run from a clone: import this checkout's generator, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.inputs.handbook import load_handbook
from generator.model.handbook import Handbook
from generator.printables.charter import charter_printables
from generator.printables.pdf import PdfCache
from generator.printables.training import TrainingKitPrinter
from generator.site.facts import programme_facts
from generator.site.plan import plan_site
from generator.site.project import write_files


def build_kits(handbook: Handbook, cache: PdfCache, site: Path,
               workers: int | None) -> tuple[float, int]:
    """Seconds to write every language's printables into `site`, and how many were written
    (the charter on one page, which bundles hold, is written first and not timed)."""
    written = 0

    def count(done: int, total: int, path: str) -> None:
        nonlocal written
        written = done

    plans = plan_site(handbook)
    for plan in plans:
        write_files(site / plan.prefix, charter_printables(handbook, plan.lang, PdfCache(
            site.parent / f"{site.name}-charter")))
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    started = time.perf_counter()
    with TrainingKitPrinter(handbook, programme_facts(handbook), cache, moment, count,
                            workers=workers) as printer:
        for plan in plans:
            printer.write_language(plan.lang, site / plan.prefix, plan.prefix)
    return time.perf_counter() - started, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="charters/demo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes rendering PDFs (default: one per core)")
    args = parser.parse_args()

    handbook, _ = load_handbook(Path(args.folder))
    import weasyprint  # noqa: F401  (imported once, before timing: about half a second)

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        cold, warm = [], []
        for run in range(args.runs):
            cache = PdfCache(root / f"cache-{run}")
            seconds, files = build_kits(handbook, cache, root / f"cold-{run}", args.workers)
            cold.append((seconds, cache.rendered, cache.reused))
            cache = PdfCache(cache.folder)
            seconds, _ = build_kits(handbook, cache, root / f"warm-{run}", args.workers)
            warm.append((seconds, cache.rendered, cache.reused))
        for name, runs in (("cold (empty cache)", cold), ("warm (cache filled)", warm)):
            seconds = statistics.median(r[0] for r in runs)
            rows.append((name, files, runs[-1][1], runs[-1][2], seconds))

    print(f"Training kits of {args.folder} ({', '.join(handbook.settings.languages)}), "
          f"{args.workers or 'one per core'} rendering processes, median of {args.runs} runs")
    print(f"| {'build':<20} | files | PDFs rendered | PDFs reused | seconds |")
    print(f"| {'-' * 20} | ----: | ------------: | ----------: | ------: |")
    for name, files, rendered, reused, seconds in rows:
        print(f"| {name:<20} | {files:>5} | {rendered:>13} | {reused:>11} | {seconds:>7.2f} |")


if __name__ == "__main__":
    main()
