"""`handbook serve`: build into a temporary folder, serve it, rebuild on every change.

The system's file events (inotify, FSEvents, ReadDirectoryChangesW, through watchdog) wake the
rebuild; MkDocs' live-reload server serves the result and reloads the open pages when a
rebuild ends. A handbook without --printables is rebuilt by build/preview.py, which renders
again only the pages an edit touches; a group, or --printables, by a whole build.

An edit that fails to build, whatever the failure (invalid input, a full disk, a bug), prints
one message and keeps the last good site: the rebuild never raises, so the server never waits
for a site that will not come. The open pages reload too, and show the problem over their
last good version (site/overlay.py) until a build succeeds. The temporary folder is removed
however the preview stops: Ctrl+C (SIGINT) or SIGTERM.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog import events

from ..core.environment import os_error_message
from ..core.errors import HandbookError, InputError
from ..core.quote import shown, terminal_safe
from ..core.resources import BASE_CONFIG, CONTENT_DIR, THEME_DIR
from ..inputs.group_file import is_group
from ..printables.templates import TEMPLATES_DIR as PRINT_TEMPLATES
from ..site.overlay import Problem, error_overlay, page_language
from ..site.render import TEMPLATES_DIR as PAGE_TEMPLATES
from .group import build_group
from .pipeline import build_handbook
from .preview import Preview

KEEP = "Not rebuilt: the last good version stays on screen."


def serve_handbook(folder: Path, display: str, host: str, port: int,
                   echo: Callable[[str], None], printables: bool = False) -> None:
    """Serve `folder`'s handbook, rebuilt on every change. Without `printables`, the
    trainers' PDFs and zips are left out: an edit reaches the browser sooner (they take
    longer than the pages to make again, and a preview is for reading pages)."""
    check_address(host, port)  # before a build that may take a while
    with _stopped_by_sigterm(), _temporary_folder() as root:
        server = PreviewServer(builder=lambda: None, host=host, port=port, root=str(root))
        server.builder = _rebuilder(folder, display, root, echo, printables, server)
        server.builder()
        if not root.is_dir():
            raise HandbookError(f"{display} could not be built; fix the errors above and retry")
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


class _ChangesObserver(watchdog.observers.Observer):
    """The system's file events, only those of a change: the build reading the inputs (an
    open, a close without writing) must not set off another build."""

    CHANGES = (events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
               events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
               events.DirDeletedEvent, events.DirMovedEvent)

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None,
                 follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive,
                                event_filter=list(self.CHANGES), follow_symlink=follow_symlink)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, woken by the system's file events instead of looking at
    every file twice a second, and showing `problem`, when there is one, over every page."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.observer = _ChangesObserver()  # before any watch() schedules on it
        # How long the files must stay quiet before a rebuild starts (MkDocs waits 0.1 s):
        # the events of one save arrive together, within a millisecond of each other.
        self.build_delay = 0.02
        self.problem: Problem | None = None
        self.set_app(self._serve_with_problem)

    def _serve_with_problem(self, environ, start_response) -> Iterable[bytes]:
        if _FINGERPRINTED.search(environ.get("PATH_INFO", "")):
            # Material's own stylesheets and scripts, named after their content: a reload
            # takes them from the browser's cache instead of asking for 250 KB again.
            start_response = _cached_for_good(start_response)
        problem = self.problem
        if problem is None:
            return self.serve_request(environ, start_response)
        answer: list = []
        body = b"".join(self.serve_request(
            environ, lambda status, headers, exc_info=None: answer.extend((status, headers))))
        status, headers = answer
        if dict(headers).get("Content-Type", "").startswith("text/html"):
            lang = page_language(body, default="en")
            overlay = error_overlay(problem, lang).encode("utf-8")
            end = body.rfind(b"</body>")
            body = body[:end] + overlay + body[end:] if end >= 0 else body + overlay
            headers = [(name, str(len(body)) if name == "Content-Length" else value)
                       for name, value in headers]
        start_response(status, headers)
        return [body]


_FINGERPRINTED = re.compile(r"/assets/(?:stylesheets|javascripts)/(?:[\w-]+/)*"
                            r"[\w-]+\.[0-9a-f]{8}\.min\.(?:css|js)$")


def _cached_for_good(start_response):
    def start(status, headers, exc_info=None):
        if status.startswith("200"):
            headers = [*headers, ("Cache-Control", "max-age=31536000, immutable")]
        return start_response(status, headers, exc_info)

    return start


def _rebuilder(folder: Path, display: str, root: Path, echo: Callable[[str], None],
               printables: bool, server: PreviewServer) -> Callable[[], None]:
    whole = printables or is_group(folder)
    preview = None if whole else Preview(folder, display, root, root.with_name("work"))

    def build() -> str:
        if preview is not None:
            report = preview.build()
            for diagnostic in report.warnings:
                echo(str(diagnostic))
            if report.rendered == 0:
                return "Up to date."
            pages = f"{report.rendered} page{'s' if report.rendered != 1 else ''}"
            return f"Rebuilt {pages} in {report.seconds:.2f} s."
        if is_group(folder):  # a group's build has no up-to-date skip yet
            report = build_group(folder, root, display=display)
        else:
            report = build_handbook(folder, root, display=display, printables=printables)
        for diagnostic in report.warnings:
            echo(str(diagnostic))
        return "Up to date." if getattr(report, "up_to_date", False) else \
            f"Rebuilt in {report.seconds:.1f} s."

    def rebuild() -> None:
        try:
            done = build()
        except InputError as exc:
            for diagnostic in exc.diagnostics:
                echo(str(diagnostic))
            echo(f"Fix the errors above. {KEEP}")
            server.problem = Problem(diagnostics=tuple(exc.diagnostics), folder=display)
            return
        except HandbookError as exc:
            echo(terminal_safe(f"error: {exc}\n{KEEP}"))
            server.problem = Problem(message=str(exc))
            return
        except OSError as exc:
            message = os_error_message(exc, "the preview could not be written")
            echo(f"error: {message}. {KEEP}")
            server.problem = Problem(message=message)
            return
        except Exception as exc:  # noqa: BLE001 - a bug of ours must not take the preview down
            message = (f"internal error: {type(exc).__name__}: {shown(exc)} (this is a bug in "
                       "handbook; please report it)")
            echo(f"{message}. {KEEP}")
            server.problem = Problem(message=message)
            return
        server.problem = None
        echo(done)

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
