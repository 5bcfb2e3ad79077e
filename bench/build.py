"""How `handbook build` scales: synthetic organisations of 10 to 1,000 kits, in one or two
languages, alone or as a group of 10 entities, against plain MkDocs on the same docs trees.

    python bench/build.py [--kits 10,100,1000] [--languages 1,2] [--entities 1,10]

For each size, a synthetic organisation (bench/synthetic.py) is built three times, each in a
child process of its own, the way `handbook build` runs: cold (empty PDF cache), forced again
(every PDF reused: the build an edit causes), and once more with nothing changed (up to date:
skipped). Peak memory is the largest of the three processes'.

The table gives the forced rebuild's time ("total s") split into our own stages ("ours":
fingerprint, load, validate, check, plan, render, write, copy, swap: everything that is neither
MkDocs nor a PDF) and MkDocs' build; `mkdocs build` run alone on the very docs trees the
generator wrote (one per language and entity), so that the overhead is a ratio ("total /
plain"); per page, ours and MkDocs' time (flat when the cost is linear in pages); the cold
build's total, PDF time and our share of it; the up-to-date build's time; the site's size, its
search indexes' size, the average size of an HTML page, and the peak memory.

Entities: group builds are not in the tool yet, so a group of N entities is N organisations
sharing the kits, built one after another in one process. 10 entities start at 100 kits (an
organisation here holds at least the demo's nine kits).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import DEMO_KITS, write_group, write_organisation

RUNS = ("cold", "forced", "up_to_date")
# Everything not in these stages is ours (see generator/core/timings.py and generator/build/pipeline.py).
THEIRS = ("mkdocs", "pdf")
COLUMNS = ("kits", "langs", "entities", "pages", "total s", "ours s", "ours %", "MkDocs s",
           "plain mkdocs s", "total / plain", "ours ms per page", "MkDocs ms per page",
           "cold total s", "cold PDF s", "cold ours %", "up to date s", "site MB", "search MB",
           "HTML KB per page", "peak MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kits", default="10,100,1000", help="kit counts, comma-separated")
    parser.add_argument("--languages", default="1,2", help="1 (fr) and/or 2 (fr, en)")
    parser.add_argument("--entities", default="1,10", help="1 and/or 10")
    parser.add_argument("--child", nargs="+", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), [Path(folder) for folder in args.child[2:]])
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    print("| " + " | ".join(COLUMNS) + " |")
    print("| " + " | ".join("---:" for _ in COLUMNS) + " |", flush=True)
    for kits in (int(n) for n in args.kits.split(",")):
        for languages in (int(n) for n in args.languages.split(",")):
            for entities in (int(n) for n in args.entities.split(",")):
                if kits < DEMO_KITS * entities:
                    continue
                print(row(kits, ("fr", "en")[:languages], entities), flush=True)


def row(kits: int, languages: tuple[str, ...], entities: int) -> str:
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as scratch:
        root = Path(scratch)
        if entities == 1:
            folders = [write_organisation(root / "org", kits, languages)]
        else:
            folders = write_group(root / "group", kits, entities, languages)
        out = root / "out"
        peak = max(measure([sys.executable, __file__, "--child", run, str(out),
                            *map(str, folders)])[1] for run in RUNS)
        results = {run: json.loads((out / f"{run}.json").read_text(encoding="utf-8"))
                   for run in RUNS}
        plain = sum(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(config), "-d", str(root / "plain" / f"{n}")])[0]
                    for n, config in enumerate(sorted(out.glob("projects/*/*/mkdocs.yml"))))
        sites = sorted(out.glob("site-*"))
        html = [path.stat().st_size for site in sites for path in site.rglob("*.html")]
        size = sum(path.stat().st_size for site in sites for path in site.rglob("*")
                   if path.is_file())
        search = sum(path.stat().st_size for site in sites
                     for path in site.rglob("search_index.json"))
    forced = results["forced"]
    total = sum(r["seconds"] for r in forced)
    theirs = sum(r["timings"].get(stage, 0.0) for r in forced for stage in THEIRS)
    mkdocs = sum(r["timings"].get("mkdocs", 0.0) for r in forced)
    pages = sum(r["pages"] * len(r["languages"]) for r in forced)
    cold_total = sum(r["seconds"] for r in results["cold"])
    cold_pdf = sum(r["timings"].get("pdf", 0.0) for r in results["cold"])
    cold_ours = cold_total - sum(r["timings"].get(stage, 0.0) for r in results["cold"]
                                 for stage in THEIRS)
    up_to_date = sum(r["seconds"] for r in results["up_to_date"])
    ours = total - theirs
    cells = (kits, len(languages), entities, pages, f"{total:.1f}", f"{ours:.2f}",
             f"{100 * ours / total:.0f} %", f"{mkdocs:.1f}", f"{plain:.1f}",
             f"{total / plain:.2f}", f"{1000 * ours / pages:.2f}",
             f"{1000 * mkdocs / pages:.1f}", f"{cold_total:.1f}", f"{cold_pdf:.1f}",
             f"{100 * cold_ours / cold_total:.0f} %",
             f"{up_to_date:.2f}", f"{size / 1e6:.1f}", f"{search / 1e6:.2f}",
             f"{sum(html) / len(html) / 1e3:.0f}", f"{peak:.0f}")
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def measure(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak resident memory (MB) of a child process."""
    started = time.perf_counter()
    # Without Material's notice about MkDocs 2.0, printed by every plain `mkdocs build`.
    child_process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                     env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    _, status, usage = os.wait4(child_process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024  # KB on Linux


def child(run: str, out: Path, folders: list[Path]) -> None:
    """In a measured process: one run (see RUNS) of every folder's build, one after another;
    results into out/<run>.json. After the last run, the docs trees for plain MkDocs."""
    from generator.build.pipeline import build_handbook

    results = []
    for n, folder in enumerate(folders):
        report = build_handbook(folder, out / f"site-{n:02d}", force=run == "forced")
        if (run == "up_to_date") != report.up_to_date:
            sys.exit(f"{run} build of {folder}: up_to_date={report.up_to_date}")
        results.append({"seconds": report.seconds, "timings": report.timings,
                        "pages": report.pages, "languages": report.languages})
        if run == RUNS[-1]:
            write_projects(folder, out / "projects" / f"{n:02d}")
    (out / f"{run}.json").write_text(json.dumps(results), encoding="utf-8")


def write_projects(folder: Path, projects: Path) -> None:
    """The generated MkDocs projects of `folder`, one per language, as the build writes them
    before running MkDocs."""
    from generator.inputs.handbook import load_handbook
    from generator.printables.charter import write_charter_printables
    from generator.site.facts import programme_facts
    from generator.site.plan import plan_site
    from generator.site.project import write_project
    from generator.site.render import render_site

    handbook, _ = load_handbook(folder)
    facts = programme_facts(handbook)
    for plan in plan_site(handbook):
        config = write_project(plan, render_site(plan, facts), handbook, projects / plan.lang)
        write_charter_printables(handbook, plan.lang, config.parent / "docs")


if __name__ == "__main__":
    main()
