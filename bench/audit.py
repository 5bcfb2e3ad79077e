"""Accessibility and HTML-validity counts per page type, in a table.

    python bench/audit.py [SITE]

Builds the demo (or reads an already built SITE), then runs axe-core (the rule sets of
tests/test_accessibility.py) in Debian's Chromium and the Nu HTML Checker on one page of each
type, in each language. The tests assert zero; this prints what there is, to compare themes.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build.pipeline import build_handbook
from tests.browser import (
    LANGUAGE_ROOTS,
    PAGE_TYPES,
    axe_violations,
    launch_chromium,
    serve,
    start_playwright,
    vnu_errors,
)
from tests.conftest import DEMO


def main() -> None:
    if len(sys.argv) > 1:
        site = Path(sys.argv[1]).resolve()
    else:
        site = Path(tempfile.mkdtemp(prefix="handbook-audit-")) / "site"
        build_handbook(DEMO, site)
    pages = {(lang, kind): site / root / path
             for lang, root in LANGUAGE_ROOTS.items() for kind, path in PAGE_TYPES.items()}
    invalid = vnu_errors(sorted(pages.values()))
    playwright = start_playwright()
    browser = launch_chromium(playwright)
    rows = []
    with serve(site) as base:
        page = browser.new_page()
        for (lang, kind), path in pages.items():
            page.goto(base + path.relative_to(site).as_posix())
            violations = axe_violations(page)
            rules = Counter(line.split(":")[0] for line in violations)
            rows.append((lang, kind, sum(rules.values()),
                         ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in
                                   sorted(rules.items())), len(invalid.get(path, []))))
    browser.close()
    playwright.stop()
    print(f"{'lang':4}  {'page type':16}  {'axe':>3}  {'vnu':>3}  axe rules")
    for lang, kind, count, rules, errors in rows:
        print(f"{lang:4}  {kind:16}  {count:>3}  {errors:>3}  {rules}")
    messages = Counter(message.split(": ", 1)[1] for found in invalid.values() for message in found)
    for message, count in messages.most_common():
        print(f"vnu ×{count}: {message}")

if __name__ == "__main__":
    main()
