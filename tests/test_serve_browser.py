"""`handbook serve` seen from an open browser page: an edit reaches the page by itself, a
broken file shows the problem over the last good page, in the page's language, and fixing it
takes the problem away; nothing is requested from anywhere but the preview."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .conftest import DEMO, REPO
from .test_serve import fetch, free_port, wait_for

KIT = "day-in-my-life"
TITLE = "Une journée dans ma vie chez Hélios"
HEADING = "document.querySelector('h1') && document.querySelector('h1').textContent"
# A value the validator quotes in its message: it must show as text, never run.
HOSTILE = '"<img src=x onerror=window.pwned=1>"'


def test_an_edit_and_a_broken_file_in_an_open_page(tmp_path, chromium):
    folder = tmp_path / "org"
    shutil.copytree(DEMO, folder)
    kit = folder / "kits" / f"{KIT}.yml"
    original = kit.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(folder), "-a", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: TITLE in fetch(f"{base}kits/{KIT}.html"), 120)
        requested: list[str] = []
        french, english = chromium.new_page(), chromium.new_page()
        for page in (french, english):
            page.on("request", lambda request: requested.append(request.url))
        french.goto(f"{base}kits/{KIT}.html")
        english.goto(f"{base}en/kits/{KIT}.html")

        # An edit to the kit's title: the open page shows it, with no action of the reader's.
        kit.write_text(original.replace(TITLE, "Ma semaine sur le terrain"), encoding="utf-8")
        french.wait_for_function(f"({HEADING} || '').includes('Ma semaine sur le terrain')",
                                 timeout=30_000)

        # A broken kit: every open page shows the problem over its last good version.
        kit.write_text(original.replace(TITLE, "Ma semaine sur le terrain")
                       .replace("track: employee", f"track: {HOSTILE}"), encoding="utf-8")
        for page in (french, english):
            page.wait_for_selector("dialog#handbook-problems[open]", timeout=30_000)
        box = french.locator("dialog#handbook-problems")
        assert box.locator("h2").inner_text() == "Le manuel n'a pas pu être mis à jour"
        cells = box.locator("tbody tr").first.locator("td").all_inner_texts()
        assert cells[:3] == [f"kits/{KIT}.yml", "7", "8"]
        assert "<img src=x onerror=window.pwned=1>" in cells[3]  # shown as text...
        assert box.locator("img").count() == 0  # ...not made into an element
        assert french.evaluate("window.pwned") is None
        assert "Ma semaine sur le terrain" in french.locator("h1").inner_text()  # last good
        assert english.locator("dialog#handbook-problems h2").inner_text() == \
            "The handbook could not be updated"
        assert english.locator("dialog#handbook-problems th").all_inner_texts() == [
            "File", "Line", "Column", "Problem"]
        # On a phone: each error as "file:line:col" over its message, nothing cut off.
        english.set_viewport_size({"width": 375, "height": 740})
        phone = english.locator("dialog#handbook-problems")
        assert phone.evaluate("d => d.scrollWidth <= d.clientWidth")
        cells = phone.locator("tbody tr").first.locator("td")
        assert [cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content")
                for i in (1, 2)] == ['":"', '":"']
        place, message = cells.first.bounding_box(), cells.last.bounding_box()
        assert message["y"] >= place["y"] + place["height"] and message["width"] > 250

        # The keyboard reaches it (focus moves into it) and Escape dismisses it.
        assert french.evaluate("document.activeElement.closest('dialog') !== null")
        french.keyboard.press("Escape")
        assert french.locator("dialog#handbook-problems").evaluate("d => d.open") is False

        # Fixed: the box goes away by itself and the new content shows.
        kit.write_text(original.replace(TITLE, "Le retour du terrain"), encoding="utf-8")
        for page in (french, english):
            page.wait_for_function("document.querySelector('dialog#handbook-problems') === null",
                                   timeout=30_000)
        french.wait_for_function(f"({HEADING} || '').includes('Le retour du terrain')",
                                 timeout=30_000)
        assert requested and all(url.startswith(base) for url in requested), [
            url for url in requested if not url.startswith(base)]
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"kits/{KIT}.yml:7:8: error:" in output
