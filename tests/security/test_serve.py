"""`handbook serve` under a broken edit: the last good site answers at once, the fix shows,
and SIGTERM removes the temporary folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from ..conftest import MINIMAL, REPO
from ..test_serve import fetch, free_port, wait_for

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow


def serve_folders(tmp) -> list:
    """The preview's temporary folders (Jinja keeps its compiled templates beside them)."""
    return sorted(tmp.glob("handbook-serve-*"))


def start(folder, address: str, tmp):
    environment = dict(os.environ, TMPDIR=str(tmp))
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", str(folder), "-a",
                             address], cwd=REPO, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_serve_keeps_the_last_good_site_and_cleans_up(tmp_path):
    folder, tmp = tmp_path / "org", tmp_path / "tmp"
    shutil.copytree(MINIMAL, folder)
    tmp.mkdir()
    port = free_port()
    server = start(folder, f"127.0.0.1:{port}", tmp)
    try:
        url = f"http://127.0.0.1:{port}/kits/day-in-my-life.html"
        wait_for(lambda: "Une journée avec moi" in fetch(url), 60)
        assert len(serve_folders(tmp)) == 1

        charter = folder / "charter.yml"
        good = charter.read_text(encoding="utf-8")
        charter.write_text(good.replace("adopted_on: 2026-10-01", "adopted_on: 2027-02-30"),
                           encoding="utf-8")
        time.sleep(1.5)  # the watcher sees it and the rebuild fails
        asked = time.monotonic()
        assert "Une journée avec moi" in fetch(url)
        assert time.monotonic() - asked < 2

        kit = folder / "kits" / "day-in-my-life.yml"
        charter.write_text(good, encoding="utf-8")
        kit.write_text(kit.read_text(encoding="utf-8").replace(
            "Une journée avec moi", "Ma semaine sur le terrain"), encoding="utf-8")
        wait_for(lambda: "Ma semaine sur le terrain" in fetch(url), 30)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    assert "org/charter.yml:3:13: error: '2027-02-30' is not a date: February 2027 has 28 " \
           "days" in output
    assert "the last good version stays on screen" in output
    assert "Traceback" not in output and "internal error" not in output
    assert output.rstrip().endswith("Stopped.")
    assert serve_folders(tmp) == []


def test_serve_listens_on_ipv6_loopback(tmp_path):
    folder, tmp = tmp_path / "org", tmp_path / "tmp"
    shutil.copytree(MINIMAL, folder)
    tmp.mkdir()
    port = free_port()
    server = start(folder, f"[::1]:{port}", tmp)
    try:
        wait_for(lambda: "Acme Conseil" in fetch(f"http://[::1]:{port}/index.html"), 60)
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=20)
    assert f"Serving {folder} on http://[::1]:{port}/" in output
    assert serve_folders(tmp) == []
