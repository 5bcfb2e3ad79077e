"""How `handbook build` scales: synthetic organisations of 9 to 1,000 kits, in one or two
languages, alone or as a group of 10 entities, against plain MkDocs on the same docs trees.

    python bench/build.py [--kits 9,100,1000] [--languages 1,2] [--entities 1,10] [--serial]
                          [--repeat 3] [--profile FOLDER]

For each size, a synthetic organisation (bench/synthetic.py; 9 kits: the demo itself) is
built, each build in a child process of its own, the way `handbook build` runs: cold (empty
PDF cache, the printables rendered by a pool of one process per core), forced again (every
PDF reused: a rebuild), with one kit changed (its PDFs rendered again, the others reused), and
once more with nothing changed (up to date: skipped). With --serial, first a cold build with
the PDFs rendered one after another in the build's process (no pool, as before issue 22),
into an output of its own: the pool's speed-up is the ratio of the two cold builds. Then
`mkdocs build` alone on the very docs trees the generator wrote (one per language and
entity): "plain mkdocs". The forced and one-kit rebuilds are each run --repeat times (3 by
default; a kit is changed before each one-kit rebuild): the table shows the run whose share
of ours is the median, and the range of the shares follows the table.

"Ours" is everything that is neither MkDocs' own build nor a PDF being rendered or waited
for (the stages `mkdocs` and `pdf` of generator/core/timings.py's timer, as
build/pipeline.py names them): the inputs' digest, loading, validation, checks, planning,
rendering the pages and the print documents, writing, the typography pass over the built
pages (`typeset`), copying the printables in, staging and the swap. Its share is given for
the forced rebuild and the one-kit-changed rebuild; the cold build's CPU use is
(user + system) / wall time of its process and the rendering processes it waited for.
Peak memory is the largest of the processes'. With several entities (a group of N
organisations sharing the kits), they are built one after another in one process, and the
one-kit change is made in the first entity only.

After the table, our stages in the forced and one-kit rebuilds, in seconds ("other": time
outside any stage), so that the next profile starts where the time is. With --profile, once
the measured builds are done, a forced and a one-kit-changed rebuild run again under
cProfile, into FOLDER/<kits>-<languages>-<entities>-<run>.prof, with the top functions (by
own and by cumulative time) beside it in a .txt.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import DEMO_KITS, write_group, write_organisation

# In this order: the serial cold build uses outputs of its own (and so a PDF cache of its own).
RUNS = ("serial", "cold", "forced", "one_kit", "up_to_date")
# Each run this many times (--repeat), the median shown.
REPEATED = ("forced", "one_kit")
# Everything not in these stages is ours (see generator/core/timings.py, build/pipeline.py).
THEIRS = ("mkdocs", "pdf")
COLUMNS = ("kits", "langs", "entities", "pages", "plain mkdocs s", "cold s", "cold CPU",
           "serial cold s", "pool speed-up", "forced s", "forced MkDocs s", "forced ours %",
           "one kit s", "one kit ours %", "up to date s", "forced / plain",
           "ours ms per page", "site MB", "search MB", "HTML KB per page", "peak MB")


@dataclass(frozen=True)
class Measured:
    seconds: float  # wall clock
    cpu: float  # user + system seconds, the process's and its waited-for children's
    peak_mb: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kits", default="9,100,1000", help="kit counts, comma-separated")
    parser.add_argument("--languages", default="1,2", help="1 (fr) and/or 2 (fr, en)")
    parser.add_argument("--entities", default="1,10", help="1 and/or 10")
    parser.add_argument("--serial", action="store_true",
                        help="also a cold build with the PDFs rendered one after another")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="forced and one-kit rebuilds each run N times (median shown)")
    parser.add_argument("--profile", type=Path, metavar="FOLDER",
                        help="also profile a forced and a one-kit rebuild into FOLDER")
    parser.add_argument("--child", nargs="+", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), [Path(folder) for folder in args.child[2:]])
        return
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    print("| " + " | ".join(COLUMNS) + " |")
    print("| " + " | ".join("---:" for _ in COLUMNS) + " |", flush=True)
    stages = []
    for kits in (int(n) for n in args.kits.split(",")):
        for languages in (int(n) for n in args.languages.split(",")):
            for entities in (int(n) for n in args.entities.split(",")):
                if kits < DEMO_KITS * entities:
                    continue
                line, detail = row(kits, ("fr", "en")[:languages], entities, args.serial,
                                   args.profile, max(1, args.repeat))
                print(line, flush=True)
                stages.append(detail)
    print(f"\nLoad average at the end {os.getloadavg()[0]:.1f}. Our stages, in seconds, in "
          "the median runs (forced rebuild / one kit changed), and the range of our share over "
          "the runs:\n")
    for detail in stages:
        print(detail)


def row(kits: int, languages: tuple[str, ...], entities: int, serial: bool,
        profile: Path | None, repeat: int) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as scratch:
        root = Path(scratch)
        if entities == 1:
            folders = [write_organisation(root / "org", kits, languages)]
        else:
            folders = write_group(root / "group", kits, entities, languages)
        out = root / "out"
        measured: dict[str, Measured] = {}
        results: dict[str, list[dict]] = {}
        shares: dict[str, list[float]] = {}
        for run in RUNS:
            if run == "serial" and not serial:
                continue
            runs = []  # (its results, how it was measured)
            for _ in range(repeat if run in REPEATED else 1):
                if run == "one_kit":
                    change_one_kit(folders[0])
                how = measure([sys.executable, __file__, "--child", run, str(out),
                               *map(str, folders)])
                runs.append((json.loads((out / f"{run}.json").read_text(encoding="utf-8")),
                             how))
            runs.sort(key=lambda one: ours(one[0]) / seconds(one[0]))
            results[run], measured[run] = runs[len(runs) // 2]  # the median share
            shares[run] = [100 * ours(one) / seconds(one) for one, _ in runs]
        plain = sum(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(config), "-d", str(root / "plain" / f"{n}")]).seconds
                    for n, config in enumerate(sorted(out.glob("projects/*/*/mkdocs.yml"))))
        sites = sorted(out.glob("site-*"))
        html = [path.stat().st_size for site in sites for path in site.rglob("*.html")]
        size = sum(path.stat().st_size for site in sites for path in site.rglob("*")
                   if path.is_file())
        search = sum(path.stat().st_size for site in sites
                     for path in site.rglob("search_index.json"))
        if profile is not None:
            for run in ("forced", "one_kit"):
                if run == "one_kit":
                    change_one_kit(folders[0])
                name = profile / f"{kits}-{len(languages)}-{entities}-{run}"
                measure([sys.executable, __file__, "--child", f"profile:{name}:{run}",
                         str(out), *map(str, folders)])
    forced, one_kit = results["forced"], results["one_kit"]
    total = seconds(forced)
    pages = sum(r["pages"] * len(r["languages"]) for r in forced)
    cold = measured["cold"]
    serial_cells = ("", "")
    if "serial" in measured:
        serial_cells = (f"{measured['serial'].seconds:.1f}",
                        f"{measured['serial'].seconds / cold.seconds:.2f}")
    cells = (kits, len(languages), entities, pages, f"{plain:.1f}", f"{cold.seconds:.1f}",
             f"{cold.cpu / cold.seconds:.2f}", *serial_cells, f"{total:.1f}",
             f"{stage(forced, 'mkdocs'):.1f}", f"{100 * ours(forced) / total:.1f} %",
             f"{seconds(one_kit):.1f}", f"{100 * ours(one_kit) / seconds(one_kit):.1f} %",
             f"{seconds(results['up_to_date']):.2f}", f"{total / plain:.2f}",
             f"{1000 * ours(forced) / pages:.2f}", f"{size / 1e6:.1f}", f"{search / 1e6:.2f}",
             f"{sum(html) / len(html) / 1e3:.0f}",
             f"{max(m.peak_mb for m in measured.values()):.0f}")
    detail = (f"- {kits} kits, {len(languages)} languages, {entities} entities: "
              f"{our_stages(forced)} / {our_stages(one_kit)}; ours "
              + " and ".join(f"{min(shares[run]):.1f}–{max(shares[run]):.1f} %"
                             for run in REPEATED)
              + f" over {len(shares['forced'])} runs each")
    return "| " + " | ".join(str(cell) for cell in cells) + " |", detail


def seconds(results: list[dict]) -> float:
    return sum(r["seconds"] for r in results)


def stage(results: list[dict], name: str) -> float:
    return sum(r["timings"].get(name, 0.0) for r in results)


def ours(results: list[dict]) -> float:
    return seconds(results) - sum(stage(results, name) for name in THEIRS)


def our_stages(results: list[dict]) -> str:
    names = sorted({name for r in results for name in r["timings"]} - set(THEIRS))
    spent = {name: stage(results, name) for name in names}
    spent["other"] = seconds(results) - sum(stage(results, name) for name in
                                            {name for r in results for name in r["timings"]})
    return ", ".join(f"{name} {value:.2f}"
                     for name, value in sorted(spent.items(), key=lambda kv: -kv[1]))


def change_one_kit(folder: Path) -> None:
    """An edit to one kit: a word added to the French example of its first idea (the kit's
    page, its search entries and its four PDFs change)."""
    kit = min((folder / "kits").glob("*.yml"))
    text = kit.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^(\s+example:\n\s+fr: (?:>-\n\s+|\"))", r"\1Modifié : ", text,
                     count=1)
    if changed == text:
        sys.exit(f"no example to change in {kit}")
    kit.write_text(changed, encoding="utf-8")


def measure(command: list[str]) -> Measured:
    """Wall-clock seconds, CPU seconds and peak resident memory of a child process."""
    started = time.perf_counter()
    # Without Material's notice about MkDocs 2.0, printed by every plain `mkdocs build`.
    child_process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                     env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    # The rusage of the child includes the rendering processes it waited for.
    _, status, usage = os.wait4(child_process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # KB


def child(run: str, out: Path, folders: list[Path], sites: Path | None = None) -> None:
    """In a measured process: one run (see RUNS) of every folder's build, one after another;
    results into out/<run>.json. After the last run, the docs trees for plain MkDocs.
    `sites`: where the sites are, when not in `out` (a profiled run)."""
    from generator.build.pipeline import build_handbook

    if run.startswith("profile:"):  # profile:<file name without suffix>:<run>
        name, run = run.removeprefix("profile:").rsplit(":", 1)
        profiler = cProfile.Profile()
        profiler.runcall(child, run, out / "profile", folders, sites=out)
        profiler.dump_stats(f"{name}.prof")
        with open(f"{name}.txt", "w", encoding="utf-8") as text:
            for order, count in (("tottime", 30), ("cumulative", 50)):
                pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(count)
        return
    if run == "serial":  # one rendering process: the build's own
        from generator.printables import render

        render.cores = lambda: 1
    results = []
    for n, folder in enumerate(folders):
        site = (sites or out) / (f"serial-{n:02d}" if run == "serial" else f"site-{n:02d}")
        report = build_handbook(folder, site, force=run == "forced")
        expected = run == "up_to_date" or (run == "one_kit" and n > 0)
        if expected != report.up_to_date:
            sys.exit(f"{run} build of {folder}: up_to_date={report.up_to_date}")
        results.append({"seconds": report.seconds, "timings": report.timings,
                        "pages": report.pages, "languages": report.languages})
        if run == RUNS[-1]:
            write_projects(folder, out / "projects" / f"{n:02d}")
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{run}.json").write_text(json.dumps(results), encoding="utf-8")


def write_projects(folder: Path, projects: Path) -> None:
    """The generated MkDocs projects of `folder`, one per language, as the build writes them
    before running MkDocs."""
    from generator.build.pipeline import write_language_project
    from generator.core.builddate import build_moment
    from generator.core.timings import StageTimer
    from generator.inputs.handbook import load_handbook
    from generator.printables.pdf import PdfCache
    from generator.site.facts import programme_facts
    from generator.site.plan import plan_site

    handbook, _ = load_handbook(folder)
    facts = programme_facts(handbook)
    moment = build_moment(handbook.content_date())
    for plan in plan_site(handbook):
        write_language_project(handbook, plan, facts, projects / plan.lang,
                               cache=PdfCache(projects / "pdf-cache"), moment=moment,
                               timer=StageTimer())


if __name__ == "__main__":
    main()
