"""How long an edit to one kit takes to reach an open browser page under `handbook serve`.

    python bench/serve.py [FOLDER] [--edits N] [--printables]

Serves a copy of FOLDER (the demo by default) in a child process and opens the kit's page in
Chromium (driven by Playwright), where MkDocs' live-reload script waits for a new build.
Then N times: rewrites the kit's title and waits until the open page, reloaded by that script,
shows the new title in its heading. The time from the write to the frame that first paints it
covers the file event, the rebuild, the reload and the page's own loading: what a person
editing sees. The page notes that frame itself (a script run in each page as it starts,
checking the heading at every frame, on the browser's clock, which is this machine's; not
before the page's first paint): Playwright's own noticing, a few round trips later, is
printed beside it.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
KIT = "day-in-my-life"
TITLE = "Une journée dans ma vie chez Hélios"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(REPO / "charters" / "demo"))
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--printables", action="store_true",
                        help="serve with --printables (the trainers' PDFs rebuilt too)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "org"
        shutil.copytree(args.folder, folder)
        latencies = measure(folder, args.edits, args.printables)
    mode = "with --printables" if args.printables else "pages only (default)"
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"handbook serve, {mode}: one kit's title edited {args.edits} times, "
          "seen in Chromium")
    print("| edit | save to reload (file event, rebuild) s | save to first paint s | "
          "save to new title painted s | save to Playwright noticing it s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for number, figures in enumerate(latencies, start=1):
        print(f"| {number} | " + " | ".join(_shown(figure) for figure in figures) + " |")
    # A page now and then reports no first paint (Chromium's paint timing has no entry):
    # that column's median is over the others.
    medians = [statistics.median(value for value in column if not math.isnan(value))
               for column in zip(*latencies, strict=True)]
    print("| median | " + " | ".join(f"**{m:.2f}**" if n == 2 else f"{m:.2f}"
                                    for n, m in enumerate(medians)) + " |")


def _shown(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds:.2f}"


# Run in every page as it starts: from the first frame on, the heading is looked at before each
# frame is painted, until it shows the title the benchmark waits for.
PAINT_WATCH = """
const wanted = sessionStorage.getItem("bench-title");
if (wanted) {
  const look = () => {
    const heading = document.querySelector("h1");
    if (heading && heading.textContent.includes(wanted)) {
      sessionStorage.setItem("bench-painted", String(performance.timeOrigin + performance.now()));
    } else {
      requestAnimationFrame(look);
    }
  };
  requestAnimationFrame(look);
}
"""


def measure(folder: Path, edits: int,
            printables: bool) -> list[tuple[float, float, float, float]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "generator", "serve", str(folder), "-a",
               f"127.0.0.1:{port}", *(["--printables"] if printables else [])]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/kits/{KIT}.html"
    try:
        wait_for(url, TITLE, timeout=120)
        kit = folder / "kits" / f"{KIT}.yml"
        original = kit.read_text(encoding="utf-8")
        latencies = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.add_init_script(PAINT_WATCH)
            page.goto(url)
            for number in range(1, edits + 1):
                time.sleep(1.0)  # let the server settle: each edit is measured alone
                title = f"Une journée dans ma vie, version {number}"
                page.evaluate("title => sessionStorage.setItem('bench-title', title)", title)
                started, written = time.perf_counter(), time.time()
                kit.write_text(original.replace(TITLE, title), encoding="utf-8")
                page.wait_for_function(
                    "title => document.querySelector('h1') && "
                    "document.querySelector('h1').textContent.includes(title)",
                    arg=title, timeout=60_000, polling="raf")
                total = time.perf_counter() - started
                # When the reload began and when the page was first painted, on the browser's
                # clock (the same machine's): the build's share and the browser's.
                began, painted, seen = page.evaluate(
                    "[performance.timeOrigin, performance.timeOrigin + "
                    "(performance.getEntriesByName('first-contentful-paint')[0] || "
                    "{startTime: NaN}).startTime, Number(sessionStorage.getItem('bench-painted'))]")
                # The heading may be there a frame or two before the page may be painted
                # (its stylesheets still loading): it is seen at the first paint, then.
                latencies.append((began / 1000 - written, painted / 1000 - written,
                                  max(seen, painted) / 1000 - written, total))
            browser.close()
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    sys.exit(f"{text!r} not served at {url} within {timeout} s")


if __name__ == "__main__":
    main()
