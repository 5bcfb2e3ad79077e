"""Real-browser helpers: Debian's Chromium driven by Playwright, the tools from npm, page types.

Nothing here skips: a missing browser or tool fails the test that needs it, with the command
that installs it (./scripts/test installs all of them on a fresh machine).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from .conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's services at every start.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
NODE_MODULES = REPO / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of each type the handbook builds, by its path in a language's site. A new page type
# is one line here: the accessibility, validity and no-leak tests visit every entry.
PAGE_TYPES = {
    "home": "index.html",
    "ambassadors": "ambassadors/index.html",
    "steering": "steering/index.html",
    "chapter": "discover/why.html",
    "charter": "charter.html",
    "kit": "kits/day-in-my-life.html",
    "kits index": "kits/index.html",
    "training module": "training/effective-post.html",
    "training index": "training/index.html",
    "contacts": "contacts.html",
    "diagnostic": "steering/diagnostic.html",
    "dashboard": "steering/dashboard.html",
    "dashboard details": "steering/dashboard-details.html",
    "charter changes": "charter-changes.html",
    "can I post": "can-i-post.html",
}
LANGUAGE_ROOTS = {"fr": "", "en": "en/"}  # the demo: French at the root, English under /en/


def require(path: Path, install: str) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: {install} (./scripts/test installs it)", pytrace=False)
    return path


def require_program(name: str, install: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is not installed: {install} (./scripts/test installs it)",
                    pytrace=False)
    return found


def launch_chromium(playwright):
    require(CHROMIUM, "apt-get install chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


def start_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Python package playwright is missing: pip install -e '.[test]' "
                    "(./scripts/test installs it)", pytrace=False)
    return sync_playwright().start()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on an ephemeral loopback port; yields the base URL (ending with /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Guard:
    """Every request a browser context makes: those outside `allowed` are aborted and kept,
    and every script error on a page is kept, so a test can assert there were none."""

    def __init__(self, context, allowed: str):
        self.allowed = allowed
        self.outside: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.allowed, "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(str(error)))


def search(page, query: str) -> list[str]:
    """Type `query` in Material's search box of a freshly loaded page; the result links
    (href), best first."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")  # Material searches on keyup: one key, one search
    # The worker answers asynchronously: wait until the meta line reports a count, or none.
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0"
        " || /aucun|no matching/i.test("
        "document.querySelector('.md-search-result__meta').textContent)")
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "links => links.map(a => a.getAttribute('href'))")


# axe-core's rule sets the handbook must pass with zero violations.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """axe-core run on the page as it is now: one line per violation, 'rule: targets'."""
    # Colours are measured as shown: let transitions (search results fading in) end first.
    page.evaluate("Promise.all(document.getAnimations()"
                  ".filter(a => a.effect.getTiming().iterations !== Infinity)"
                  ".map(a => a.finished))")
    page.add_script_tag(path=str(require(AXE_SCRIPT, "npm ci")))  # inlined: no request
    return page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
             return result.violations.map(v =>
               `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
           }""", AXE_TAGS)


def vnu_errors(pages: list[Path]) -> dict[Path, list[str]]:
    """The Nu HTML Checker's errors for each page (pages without errors are left out)."""
    java = require_program("java", "apt-get install default-jre-headless")
    jar = require(VNU_JAR, "npm ci")
    result = subprocess.run([java, "-jar", str(jar), "--format", "json", "--errors-only",
                             *map(str, pages)], capture_output=True, text=True, check=False)
    if not result.stderr.lstrip().startswith("{"):  # the checker itself did not run
        pytest.fail(f"the Nu HTML Checker failed: {result.stderr.strip()[:500]}", pytrace=False)
    errors: dict[Path, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        path = Path(url2pathname(urlsplit(message["url"]).path))
        errors.setdefault(path, []).append(
            f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
            f"{message['message']}")
    return errors
