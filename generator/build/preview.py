"""`handbook serve`'s builds: the first one whole, then each edit re-renders only the pages it
touches, with MkDocs' state (configuration, files, navigation, compiled templates, search
entries) kept in memory from one edit to the next.

An edit is carried out per language, as follows:
1. The language's project (docs tree and mkdocs.yml) is generated again in memory, as a build
   generates it, and compared byte for byte with the one MkDocs last read; only the files
   that differ are written.
2. What may reach every page falls back to a whole build of the language: a change to the
   configuration (navigation, brand, words of the interface), a page added or removed, a
   change to the theme or the base configuration (see _code_stamp), a new build date.
3. Otherwise the changed pages are read again. They are rendered with the pages that show
   their titles in the navigation: those of the same top-level section (the navigation is
   pruned to the page's section, see mkdocs.yml's navigation.prune) and the two neighbours
   whose footers link to them. A changed title at the top level reaches every page: whole build.
4. The rendered pages get the finish a build gives them (site/finish.py); the search index is
   the last one with the rendered pages' entries replaced (a page whose content did not
   change keeps its entries: only its navigation did); changed assets are copied.
The served folder is updated only once every language succeeded. tests/test_preview.py
compares the result with a whole `handbook build` after each kind of edit, byte for byte.

The trainers' printables and groups are not previewed this way: with them, `handbook serve`
rebuilds everything (see build/serve.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.builddate import build_moment, source_date_for_library
from ..core.errors import Diagnostic
from ..core.forking import in_two
from ..core.resources import BASE_CONFIG, CONTENT_DIR, THEME_DIR
from ..core.timings import StageTimer
from ..diagnose.alike import AlikeTexts
from ..diagnose.check import diagnose
from ..inputs.folder import LoadMemo
from ..inputs.handbook import load_handbook
from ..model.handbook import Handbook
from ..printables.charter import charter_printables
from ..printables.pdf import PdfCache
from ..printables.templates import TEMPLATES_DIR as PRINT_TEMPLATES
from ..site.facts import programme_facts
from ..site.finish import finish_pages, finish_site, typeset_entries, write_search_index
from ..site.plan import CHARTER_PDFS, plan_site
from ..site.project import CONFIG_FILE, write_files
from ..site.render import TEMPLATES_DIR as PAGE_TEMPLATES
from ..site.render import PageMemo
from .mkdocs import refusals, run_mkdocs, search_plugin
from .pipeline import language_project

# Fewer pages than this are rendered here: a fork would cost more than it saves.
_PAGES_WORTH_A_FORK = 6


@dataclass(frozen=True)
class PreviewReport:
    """One preview build: its warnings, its time, and how much of the site it rendered."""

    warnings: tuple[Diagnostic, ...]
    seconds: float
    rendered: int  # pages rendered, every language together
    whole: bool  # False when only the pages an edit touched were rendered


class Preview:
    """The preview of one organisation's handbook, served from `root`, with `workdir` for
    the projects MkDocs reads and the sites it writes (both kept between edits)."""

    def __init__(self, folder: Path, display: str, root: Path, workdir: Path) -> None:
        self.folder = folder
        self.display = display
        self.root = root
        self.workdir = workdir
        self._cache = PdfCache(workdir / "pdf-cache")
        self._languages: dict[str, _LanguageSite] = {}
        self._stamp: tuple | None = None  # see _code_stamp
        self._charters: dict[str, tuple] = {}  # language: (_charter_key, its PDFs)
        self._pages: dict[str, PageMemo] = {}  # language: its pages as last rendered
        self._memo = LoadMemo()  # the YAML files as last parsed and validated
        self._alike = AlikeTexts()  # the examples found alike, by text

    def build(self) -> PreviewReport:
        """Bring `root` up to date with the folder. Raises as a build does (InputError,
        BuildError, OSError...); `root` is then left as it was, and the next build is whole."""
        started = time.perf_counter()
        try:
            return self._build(started)
        except BaseException:
            self._languages.clear()  # MkDocs' state may be half updated: start afresh
            raise

    def _build(self, started: float) -> PreviewReport:
        handbook, warnings = load_handbook(self.folder, self.display, memo=self._memo)
        moment = build_moment(handbook.content_date())
        stamp = (moment, _code_stamp())
        if stamp != self._stamp:
            self._languages.clear()
            self._charters.clear()
            self._pages.clear()
            self._stamp = stamp
        facts = programme_facts(handbook)
        plans = plan_site(handbook, diagnose(handbook, self._alike))
        if {plan.lang for plan in plans} != set(self._languages):
            self._languages.clear()
        charter = _charter_key(handbook)

        def charter_pdfs(handbook: Handbook, lang: str, cache: PdfCache) -> dict[str, bytes]:
            # The charter's PDFs take longer to make than an edit's pages: kept while what
            # they are made of is the same.
            last = self._charters.get(lang)
            return last[1] if last is not None and last[0] == charter else \
                charter_printables(handbook, lang, cache)

        updates: list[tuple[str, _LanguageSite, list[Path] | None]] = []
        for plan in plans:
            with source_date_for_library(moment):
                files = language_project(handbook, plan, facts, cache=self._cache,
                                         moment=moment, timer=StageTimer(),
                                         charter_pdfs=charter_pdfs,
                                         memo=self._pages.setdefault(plan.lang, PageMemo()))
            self._charters[plan.lang] = (charter, {relative: files[f"docs/{relative}"]
                                                   for relative in CHARTER_PDFS.values()})
            site = self._languages.get(plan.lang)
            written = None if site is None else site.update(files)
            if written is None:  # a whole build of this language
                site = _LanguageSite(self.workdir, plan.lang, moment)
                site.build_all(files)
                self._languages[plan.lang] = site
            updates.append((plan.prefix, site, written))
        whole = any(written is None for _, _, written in updates)
        if whole:
            _assemble(self.root, [(prefix, site.site_dir) for prefix, site, _ in updates])
            # What MkDocs keeps lives until the next whole build: the garbage collector stops
            # looking through it at every edit (half its time then), and the previous whole
            # build's, now garbage, is collected.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        else:
            for prefix, site, written in updates:
                for relative in written:
                    _copy_file(site.site_dir / relative, self.root / prefix / relative)
        rendered = sum(site.pages if written is None else site.last_rendered
                       for _, site, written in updates)
        return PreviewReport(tuple(warnings), time.perf_counter() - started, rendered, whole)


def _charter_key(handbook: Handbook) -> tuple:
    """What the charter's PDFs are made of, besides the print templates and the words (in
    the code stamp): the settings, the charter and the logo."""
    logo = handbook.settings.branding.logo
    return (handbook.settings, handbook.charter,
            (handbook.folder / logo).read_bytes() if logo else None)


def _code_stamp() -> tuple:
    """What the preview's shortcuts do not see: the theme's files and the base configuration
    every page depends on, the print templates and the words the charter's PDFs are made
    of, the page templates and chapters the remembered pages were rendered with (see
    PageMemo). Their sizes and times: enough to see an edit."""
    files = [BASE_CONFIG, *sorted(path for folder in (THEME_DIR, PRINT_TEMPLATES, CONTENT_DIR,
                                                      PAGE_TEMPLATES)
                                  for path in folder.rglob("*") if path.is_file())]
    return tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)


class _LanguageSite:
    """One language's site as MkDocs last built it, with what it knew then."""

    def __init__(self, workdir: Path, lang: str, moment: dt.datetime) -> None:
        self.project = workdir / "project" / lang
        self.site_dir = workdir / "built" / lang
        self.moment = moment
        self.pages = 0
        self.last_rendered = 0
        self._observer = _Observer()
        self._config: MkDocsConfig | None = None
        self._files: dict[str, bytes] | None = None  # the project MkDocs last read

    def build_all(self, files: dict[str, bytes]) -> None:
        """A whole MkDocs build of the project made of `files` (see language_project)."""
        shutil.rmtree(self.project, ignore_errors=True)
        write_files(self.project, files)
        self._config = run_mkdocs(self.project / CONFIG_FILE, self.site_dir, self.moment,
                                  observer=self._observer)
        self._files = files
        finish_site(self.site_dir)
        self.pages = len(self._observer.entries)

    def update(self, files: dict[str, bytes]) -> list[Path] | None:
        """Carry the project made of `files` over to the site: the paths written in the
        site, relative to it; None when only a whole build will do (see the module)."""
        last, config, observer = self._files, self._config, self._observer
        if (last is None or config is None or observer.nav is None or files.keys() != last.keys()
                or files[CONFIG_FILE] != last[CONFIG_FILE]):
            return None
        changed = [relative for relative, data in files.items() if data != last[relative]]
        write_files(self.project, {relative: files[relative] for relative in changed})
        self._files = files
        docs = [relative.removeprefix("docs/") for relative in changed]
        mkdocs_files, nav = observer.files, observer.nav
        documents = [mkdocs_files.get_file_from_path(relative) for relative in docs]
        pages = [file.page for file in documents if file is not None and file.page is not None]
        written = [Path(file.dest_uri) for file in documents
                   if file is not None and file.page is None]
        for file in documents:
            if file is not None and file.page is None:
                file.copy_file()
        with refusals(self.project / CONFIG_FILE):
            titles = [page.title for page in pages]
            for page in pages:
                _populate_page(page, config, mkdocs_files)
            shown = {page.file.src_uri for page in pages}  # pages compare by value: by path
            for page, title in zip(pages, titles, strict=True):
                if page.title != title:
                    showing = _pages_showing(page, nav)
                    if showing is None:
                        return None
                    shown |= showing
            written += self._render(shown, config, mkdocs_files, nav)
        self.last_rendered = len(shown)
        return written

    def _render(self, pages: set[str], config: MkDocsConfig, files: Files,
                nav: Navigation) -> list[Path]:
        """Render `pages` (their sources' paths), update the search index, and finish both
        as a build does; returns the paths written in the site."""
        if not pages:
            return []
        observer = self._observer
        documents = files.documentation_pages()
        # MkDocs keeps one search plugin for every configuration it loads, so for every
        # language: it indexes this language's pages into this language's index again.
        index = observer.search.search_index = observer.index
        index.entries = []
        observer.seen = 0
        ordered = [file.page for file in documents if file.src_uri in pages]

        def build(share: list[Page]) -> dict[str, tuple[list[dict], tuple | None]]:
            with source_date_for_library(self.moment):
                for page in share:
                    _build_page(page, config, documents, nav, observer.env,
                                excluded=page.file.inclusion.is_excluded())
            finish_pages(self.site_dir, [self.site_dir / page.file.dest_uri for page in share])
            return {page.file.src_uri: (observer.entries[page.file.src_uri],
                                        observer.indexed.get(page.file.src_uri))
                    for page in share}

        # Half the pages rendered by a fork of this process, which knows all MkDocs knows;
        # their search entries come back with them. A fork silent for 10 s (a page takes
        # milliseconds) is stopped, and its pages rendered here.
        for indexed in in_two(ordered, build, at_least=_PAGES_WORTH_A_FORK, timeout=10):
            for source, (entries, made_of) in indexed.items():
                observer.entries[source] = entries
                if made_of is not None:
                    observer.indexed[source] = made_of
        for file in documents:  # links into a page whose headings changed
            file.page.validate_anchor_links(files=files,
                                            log_level=config.validation.links.anchors)
        index.entries = [entry for file in documents
                         for entry in observer.entries[file.src_uri]]
        # As finish_site leaves it: typeset (see site/finish.py), compact, non-ASCII escaped.
        lang = next(iter(index.config["lang"] or ()), "")
        index.entries = typeset_entries(index.entries, lang)
        write_search_index(self.site_dir, index.generate_search_index(None))
        search = Path("search") / "search_index.json"
        return [Path(page.file.dest_uri) for page in ordered] + [
            search, search.with_suffix(".js")]


def _pages_showing(page: Page, nav: Navigation) -> set[str] | None:
    """The pages (their sources' paths) whose navigation shows `page`'s title; None for
    every page."""
    if page not in nav.pages:  # out of the navigation: on its own page only
        return {page.file.src_uri}
    if not page.ancestors:  # at the top level: in every page's navigation
        return None
    section = page.ancestors[-1]
    showing = {other.file.src_uri for other in nav.pages
               if other.ancestors and other.ancestors[-1] is section}
    return showing | {neighbour.file.src_uri for neighbour in (page.previous_page,
                                                               page.next_page)
                      if neighbour is not None}


def _assemble(root: Path, sites: list[tuple[str, Path]]) -> None:
    """The served folder made again from each language's site (the default one at the root,
    the others below it), in one move."""
    staging = root.with_name(root.name + ".next")
    shutil.rmtree(staging, ignore_errors=True)
    for prefix, site in sites:
        shutil.copytree(site, staging / prefix, dirs_exist_ok=True)
    if root.exists():
        old = root.with_name(root.name + ".old")
        root.rename(old)
        staging.rename(root)
        shutil.rmtree(old)
    else:
        staging.rename(root)


def _copy_file(source: Path, target: Path) -> None:
    """One file into the served folder, replaced in one move: a page being served is read
    whole, old or new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)


class _Observer(BasePlugin):
    """Registered after the project's plugins, it keeps what a build computes and an edit
    needs again: the files, the navigation, the theme's compiled templates, and each page's
    search entries (the search plugin adds them as the page is rendered)."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env = None
        self.search: SearchPlugin | None = None
        self.index = None  # the search plugin's index of this language
        self.entries: dict[str, list[dict]] = {}
        self.indexed: dict[str, tuple] = {}  # what each page's entries were made of
        self.seen = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search = search_plugin(config)
        if self.search is None:  # every generated configuration has it
            raise RuntimeError("the generated configuration has no search plugin")
        self.entries, self.indexed, self.seen = {}, {}, 0
        index = self.search.search_index  # made by the plugin's on_config, just run
        index.add_entry_from_context = self._indexer(index, index.add_entry_from_context)
        return config

    def _indexer(self, index, index_page):
        """The search index's indexing of a page, skipped when the page's entries would be
        the same as last time: they are made of its address, title, metadata and content
        alone (an edit renders some pages again only because their navigation changed)."""
        def index_page_once(page: Page) -> None:
            made_of = (page.url, page.title, dict(page.meta), page.content)
            known = self.indexed.get(page.file.src_uri)
            if known is not None and known == made_of:
                index.entries.extend(self.entries[page.file.src_uri])
                return
            index_page(page)
            self.indexed[page.file.src_uri] = made_of

        return index_page_once

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.env = env
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig,
                        nav: Navigation):
        self.index = self.search.search_index  # this build's, made by the plugin's on_config
        entries = self.index.entries
        self.entries[page.file.src_uri] = entries[self.seen:]
        self.seen = len(entries)
        return context
