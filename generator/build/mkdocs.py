"""MkDocs' own build of a generated project: strict, its warnings collected into one error."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path

from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, file_sort_key

from ..core.builddate import source_date_for_library
from ..core.errors import BuildError
from ..core.timings import StageTimer
from ..site.finish import PageFinisher
from .bytecode import TemplateCache


def run_mkdocs(config_file: Path, site_dir: Path, moment: dt.datetime,
               observer: BasePlugin | None = None,
               docs: Mapping[str, bytes] | None = None,
               finish: PageFinisher | None = None,
               timer: StageTimer | None = None) -> MkDocsConfig:
    """MkDocs' own build, strict, with its warnings collected into one BuildError; the site
    (its sitemap) is dated `moment`. `observer`, a plugin registered after the project's
    own, sees the build's events (the preview keeps what it needs again: see
    build/preview.py). `docs` ({path inside docs/: bytes}): the docs, given from memory
    (the docs folder is then empty). `finish`: finishes each HTML page MkDocs is about to
    write, and the search entries (timed as `typeset` by `timer`). Returns the configuration
    the build ran with."""
    with refusals(config_file):
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        # Material's templates compiled once for every language and entity (bytecode.py).
        config.plugins["handbook/template-cache"] = TemplateCache()
        if docs is not None:
            config.plugins["handbook/docs-in-memory"] = _DocsInMemory(docs)
        if finish is not None:
            config.plugins["handbook/finish"] = _Finish(finish, timer)
        if observer is not None:
            config.plugins["handbook/observer"] = observer
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with source_date_for_library(moment):
                mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    return config


class _DocsInMemory(BasePlugin):
    """The generated docs handed to MkDocs from memory: written to disk and read back, a
    thousand kits' pages cost a second of each build. They join the collection as MkDocs
    would have read them from the folder, in its order (the search index follows it)."""

    def __init__(self, docs: Mapping[str, bytes]) -> None:
        self._docs = docs

    @event_priority(100)  # before any other plugin sees the files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated = [File.generated(config, path, content=data)
                     for path, data in self._docs.items()]
        for file in sorted(generated, key=file_sort_key):  # the order of MkDocs' own walk
            known = files.get_file_from_path(file.src_uri)
            if known is not None:  # a theme's file the docs replace, as in a folder
                files.remove(known)
            files.append(file)
        return files


class _Finish(BasePlugin):
    """Each HTML page MkDocs writes, and its search index, finished by `finish` on their way
    to the disk."""

    def __init__(self, finish: PageFinisher, timer: StageTimer | None) -> None:
        self._finish = finish
        self._timer = timer if timer is not None else StageTimer()

    @event_priority(-100)  # after every other plugin: the page as it is written
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        with self._timer.stage("typeset"):
            return self._finish(output, page.file.dest_uri)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # the sitemap
            return output_content
        with self._timer.stage("typeset"):
            return self._finish(output_content, template_name)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        search = search_plugin(config)
        if search is not None and search.config.enabled:
            with self._timer.stage("typeset"):
                index = search.search_index
                lang = next(iter(search.config.lang or ()), "")  # as written in the index
                index.entries = self._finish.entries(index.entries, lang)


def search_plugin(config: MkDocsConfig) -> SearchPlugin | None:
    """Material's search plugin of a configuration, if it has one."""
    return next((plugin for plugin in config.plugins.values()
                 if isinstance(plugin, SearchPlugin)), None)


@contextlib.contextmanager
def refusals(config_file: Path) -> Iterator[None]:
    """MkDocs' work inside the block, strict: its aborts, and any warning it logs, become
    one BuildError that lists the warnings."""
    collected = _Collector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collected)
    previous_level = mkdocs_logger.level
    mkdocs_logger.setLevel(logging.WARNING)
    try:
        try:
            yield
        except (MkDocsException, SystemExit) as exc:  # MkDocs' Abort derives from SystemExit
            refused = str(exc)
        else:
            if not collected.messages:
                return
            refused = f"{len(collected.messages)} warnings in strict mode"
        details = "\n".join(f"  {message}" for message in collected.messages)
        raise BuildError(f"MkDocs refused the generated site ({config_file.parent.name}): "
                         f"{refused}\n{details}".rstrip()) from None
    finally:
        mkdocs_logger.removeHandler(collected)
        mkdocs_logger.setLevel(previous_level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
