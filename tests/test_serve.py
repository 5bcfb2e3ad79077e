"""`handbook serve`: serves the built site and rebuilds when an input file changes."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import MINIMAL, REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.mark.slow
def test_serve_rebuilds_after_an_edit(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(MINIMAL, folder)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(folder), "-a", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/kits/day-in-my-life.html"
        wait_for(lambda: "Une journée avec moi" in fetch(url))

        # Material's content-named files are kept by the browser across reloads; ours, whose
        # content may change under the same name, are asked for again.
        page = fetch(url)
        bundle = re.search(r'src="\.\./(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"',
                           page).group(1)
        for path, cached in ((bundle, "max-age=31536000, immutable"),
                             ("assets/brand.css", None)):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}") as response:
                assert response.headers.get("Cache-Control") == cached

        kit = folder / "kits" / "day-in-my-life.yml"
        kit.write_text(kit.read_text().replace("Une journée avec moi", "Ma semaine sur le terrain"))
        wait_for(lambda: "Ma semaine sur le terrain" in fetch(url))

        # An invalid edit keeps the last good site on screen.
        kit.write_text(kit.read_text().replace("track: employee", "track: everyone"))
        time.sleep(1.5)
        assert "Ma semaine sur le terrain" in fetch(url)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "Serving" in output
    assert "kits/day-in-my-life.yml:2:8: error: track: 'everyone' is not allowed here" in output


@pytest.mark.slow
def test_serve_previews_a_whole_group(tmp_path):
    from .conftest import FIXTURES

    folder = tmp_path / "grp"
    shutil.copytree(FIXTURES / "group", folder)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(folder), "-a", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: "Acme Bêta" in fetch(f"http://127.0.0.1:{port}/index.html"), 60)
        assert "Une journée au laboratoire" in fetch(
            f"http://127.0.0.1:{port}/beta/kits/day-in-my-life.html")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "Serving" in output
