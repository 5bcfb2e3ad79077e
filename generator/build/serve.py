"""`handbook serve`: build into a temporary folder, serve it, rebuild on every change.

It drives the same build as `handbook build`; MkDocs' live-reload server only serves the
result and reloads the browser. An edit that fails to build, whatever the failure (invalid
input, a full disk, a bug), prints one message and keeps the last good site on screen: the
rebuild never raises, so the server never waits for a site that will not come. The
temporary folder is removed however the preview stops: Ctrl+C (SIGINT) or SIGTERM.
"""

from __future__ import annotations

import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..core.environment import os_error_message
from ..core.errors import HandbookError, InputError
from ..core.quote import shown, terminal_safe
from ..core.resources import BASE_CONFIG, CONTENT_DIR, THEME_DIR
from ..inputs.group_file import is_group
from ..printables.templates import TEMPLATES_DIR as PRINT_TEMPLATES
from ..site.render import TEMPLATES_DIR as PAGE_TEMPLATES
from .group import build_group
from .pipeline import build_handbook

KEEP = "Not rebuilt: the last good version stays on screen."


def serve_handbook(folder: Path, display: str, host: str, port: int,
                   echo: Callable[[str], None], printables: bool = False) -> None:
    """Serve `folder`'s handbook, rebuilt on every change. Without `printables`, the
    trainers' PDFs and zips are left out: an edit reaches the browser sooner (they take
    longer than the pages to make again, and a preview is for reading pages)."""
    check_address(host, port)  # before a build that may take a while
    with _stopped_by_sigterm(), _temporary_folder() as root:
        rebuild = _rebuilder(folder, display, root, echo, printables)
        rebuild()
        if not root.is_dir():
            raise HandbookError(f"{display} could not be built; fix the errors above and retry")
        # The watcher looks for changes every 0.1 s instead of MkDocs' 0.5 s: 0.2 s less, on
        # average, between saving a file and the rebuild; a look is a few hundred stat calls.
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root),
                                  polling_interval=0.1)
        for path in (folder, CONTENT_DIR, THEME_DIR, PAGE_TEMPLATES, PRINT_TEMPLATES,
                     BASE_CONFIG):
            server.watch(str(path))
        shown_host = f"[{host}]" if ":" in host else host
        echo(f"Serving {display} on http://{shown_host}:{port}/ (Ctrl+C to stop).")
        try:
            server.serve()
        except KeyboardInterrupt:
            echo("Stopped.")
        except OSError as exc:
            raise HandbookError(_address_message(exc, host, port)) from None
        finally:
            server.shutdown()


def _rebuilder(folder: Path, display: str, root: Path, echo: Callable[[str], None],
               printables: bool) -> Callable[[], None]:
    def rebuild() -> None:
        try:
            if is_group(folder):  # a group's build has no up-to-date skip yet
                report, up_to_date = build_group(folder, root, display=display), False
            else:
                report = build_handbook(folder, root, display=display, printables=printables)
                up_to_date = report.up_to_date
        except InputError as exc:
            for diagnostic in exc.diagnostics:
                echo(str(diagnostic))
            echo(f"Fix the errors above. {KEEP}")
            return
        except HandbookError as exc:
            echo(terminal_safe(f"error: {exc}\n{KEEP}"))
            return
        except OSError as exc:
            echo(f"error: {os_error_message(exc, 'the preview could not be written')}. {KEEP}")
            return
        except Exception as exc:  # noqa: BLE001 - a bug of ours must not take the preview down
            echo(f"internal error: {type(exc).__name__}: {shown(exc)} (this is a bug in "
                 f"handbook; please report it). {KEEP}")
            return
        for diagnostic in report.warnings:
            echo(str(diagnostic))
        echo("Up to date." if up_to_date else f"Rebuilt in {report.seconds:.1f} s.")

    return rebuild


def check_address(host: str, port: int) -> None:
    """Fail now, with a message, if the preview could not listen on host:port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As the server will: a port left in TIME_WAIT by a previous preview is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise HandbookError(_address_message(exc, host, port)) from None


def _address_message(exc: OSError, host: str, port: int) -> str:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return os_error_message(exc, f"cannot listen on {where}") + \
        "; choose another address or port with -a, like -a 127.0.0.1:8001"


@contextmanager
def _temporary_folder() -> Iterator[Path]:
    """A temporary folder for the site, removed however the block ends."""
    parent = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    try:
        yield parent / "site"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager, `kill`) stops the preview as Ctrl+C does, so every
    `finally` runs and the temporary folder is removed."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals as they are
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
