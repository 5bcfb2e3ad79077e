"""What the machine refuses, and what interrupted runs leave: one-line messages, the right exit
code, never "internal error" nor a traceback, the previous site byte-identical, no leftover."""

from __future__ import annotations

import errno
import hashlib
import os
import pathlib
import socket
import subprocess
import sys

import pytest

from generator.core.atomic import LEFTOVER_MARKER

from ..conftest import run

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow


def digest(folder: pathlib.Path) -> str:
    """Every file of `folder`, its path and its bytes."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            total.update(path.relative_to(folder).as_posix().encode() + b"\0")
            total.update(path.read_bytes())
    return total.hexdigest()


def leftovers(parent: pathlib.Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site."))


@pytest.fixture
def built(org):
    """org built once into ./site; returns the site's digest."""
    assert run("build", "org", "-o", "site").exit_code == 0
    return digest(org.parent / "site")


def test_no_space_left_on_the_disk(org, built, monkeypatch):
    # The disk is full for every file written into the staging folder, text or bytes: the
    # first one is the configuration MkDocs reads, before any page or printable.
    for method in ("write_text", "write_bytes"):
        real = getattr(pathlib.Path, method)

        def full_disk(self, *args, real=real, **kwargs):
            if ".site.staging-" in str(self) and self.name != LEFTOVER_MARKER:
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, method, full_disk)
    result = run("build", "org", "-o", "site", "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: site/ could not be written: no space left on the "
                                    "disk (")
    assert result.stderr.endswith("); site/ is unchanged\n")
    assert len(result.stderr.splitlines()) == 1
    assert digest(org.parent / "site") == built
    assert leftovers(org.parent) == []


def test_a_read_only_output_folder(org, built, monkeypatch):
    def read_only(prefix, dir):
        raise OSError(errno.EROFS, "Read-only file system", dir)

    monkeypatch.setattr("generator.core.atomic.tempfile.mkdtemp",
                        lambda prefix, dir: read_only(prefix, dir))
    result = run("build", "org", "-o", "site", "--force")
    assert result.exit_code == 1
    assert result.stderr == (f"error: site/ could not be written: the file system is read-only "
                             f"({org.parent}); site/ is unchanged\n")
    assert digest(org.parent / "site") == built


def test_a_build_removes_what_interrupted_builds_left(org, built):
    parent = org.parent
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead = int(finished.stdout)

    def leftover(name: str, pid: int | None) -> None:
        (parent / name).mkdir()
        (parent / name / "index.html").write_text("old", encoding="utf-8")
        if pid is not None:
            (parent / name / LEFTOVER_MARKER).write_text(f"handbook {pid}\n", encoding="utf-8")

    leftover(".site.staging-abc123", dead)  # ours, its process is gone: removed
    leftover(f".site.previous-{dead}", dead)  # ours, its process is gone: removed
    leftover(".site.staging-live", os.getppid())  # a build running now: kept
    leftover(".site.staging-nomarker", None)  # not proved ours: kept
    leftover(".other.staging-abc", dead)  # another output's: kept
    (parent / ".site.staging-link").symlink_to(parent / ".other.staging-abc")  # a link: kept
    assert run("build", "org", "-o", "site", "--force").exit_code == 0
    assert leftovers(parent) == [".site.staging-link", ".site.staging-live",
                                 ".site.staging-nomarker"]
    assert (parent / ".other.staging-abc").is_dir()


@pytest.fixture
def no_build(monkeypatch):
    """A serve that would build fails the test: address errors come before any build."""
    def refuse(*args, **kwargs):
        raise AssertionError("built before the address was checked")

    monkeypatch.setattr("generator.build.serve.build_handbook", refuse)


USAGE = "Usage: handbook serve [OPTIONS] [FOLDER]\nTry 'handbook serve --help' for help.\n\n"


@pytest.mark.parametrize(("address", "message"), [
    ("127.0.0.1:99999", "port 99999 is out of range: give a port from 1 to 65535"),
    ("127.0.0.1:0", "port 0 is out of range: give a port from 1 to 65535"),
    ("127.0.0.1", ("expected HOST:PORT, like 127.0.0.1:8000 (an IPv6 address in brackets, like "
                  "[::1]:8000)")),
    ("::1:8000", ("expected HOST:PORT, like 127.0.0.1:8000 (an IPv6 address in brackets, like "
                 "[::1]:8000)")),
    ("no-such-host.invalid:8000", ("the host name 'no-such-host.invalid' cannot be resolved: "
                                  "give an IP address, like 127.0.0.1")),
])
def test_a_bad_serve_address_is_a_usage_error(org, no_build, address, message):
    result = run("serve", "org", "-a", address)
    assert result.exit_code == 2
    assert result.stderr == f"{USAGE}Error: Invalid value for --address: {message}\n"


def test_a_port_in_use_is_said_before_building(org, no_build):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "org", "-a", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr == (f"error: cannot listen on 127.0.0.1:{port}: the address is "
                             "already in use; choose another address or port with -a, like "
                             "-a 127.0.0.1:8001\n")


def test_an_address_this_machine_does_not_have(org, no_build):
    result = run("serve", "org", "-a", "192.0.2.1:8000")  # TEST-NET-1: never local
    assert result.exit_code == 1
    assert result.stderr == ("error: cannot listen on 192.0.2.1:8000: this machine has no such "
                             "address; choose another address or port with -a, like "
                             "-a 127.0.0.1:8001\n")


def test_an_output_the_system_refuses_through_the_whole_program(tmp_path):
    """Through `python -m generator`, with a real refusal: /sys takes no new folder, even from
    root."""
    from ..conftest import MINIMAL

    result = subprocess.run([sys.executable, "-m", "generator", "build", str(MINIMAL), "-o",
                             "/sys/handbook-site"], capture_output=True, text=True,
                            check=False, cwd=pathlib.Path(__file__).parents[2])
    assert result.returncode == 1
    assert result.stderr.startswith("error: /sys/handbook-site/ could not be written: "
                                    "permission denied (/sys/.handbook-site.staging-")
    assert result.stderr.endswith("); /sys/handbook-site/ is unchanged\n")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
