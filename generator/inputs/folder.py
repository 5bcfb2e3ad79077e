"""Reading one organisation folder into the model, every problem collected in one run.

Each problem becomes a Diagnostic pointing at the key or value to fix, with a message written
for an HR or comms editor, not for a developer. Unknown keys are warnings (with "did you mean"):
the file still builds, and `--strict` turns them into failures. A group's entity is read with
a subclass of FolderReader (inputs.group), so this module knows nothing of groups.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.builddate import today
from ..core.dates import add_months
from ..core.errors import Diagnostic, InputError
from ..core.timings import StageTimer
from ..model.charter import Charter
from ..model.fields import version_key
from ..model.handbook import Handbook
from ..model.settings import HandbookFile
from ..model.training import Kit, Module
from .cross_check import contrast_problems, cross_check, placeholders
from .kept import KeptFiles
from .load import Document, LoadFailed, load_yaml
from .paths import input_file_problem, path_problem, yaml_files
from .positions import Sources, located
from .posts import read_posts
from .schema_errors import validate_document


@dataclasses.dataclass
class LoadMemo:
    """What a load of a folder parsed and validated, kept for the next load of the same
    folder (the live preview's, see build/preview.py): a file whose bytes did not change is
    neither parsed nor validated again. Nothing changes a loaded document or a model."""

    documents: dict[str, tuple[bytes, Document]] = dataclasses.field(default_factory=dict)
    # (file's name, model class): (the document validated, its model, its problems)
    models: dict[tuple[str, type], tuple[Document, Any, list[Diagnostic]]] = \
        dataclasses.field(default_factory=dict)
    # The export of posts: ((its bytes, how it was read), (the posts, their problems)).
    posts: tuple | None = None


class FolderReader:
    """Reads the files of one organisation folder, collecting every problem it finds.

    A group's entity reads its folder through a subclass (group.EntityReader) that merges
    each file with what the group shares before validating it.
    """

    def __init__(self, folder: Path, display: str, timer: StageTimer | None = None,
                 memo: LoadMemo | None = None, kept: KeptFiles | None = None) -> None:
        self.folder = folder
        self.display = display  # the folder as the user named it
        self.diagnostics: list[Diagnostic] = []
        self.timer = timer if timer is not None else StageTimer()  # told of each file read
        self.memo = memo
        self.kept = kept

    def name(self, relative: str) -> str:
        return str(Path(self.display) / relative)

    def document(self, relative: str) -> Document | None:
        """The file loaded, or None with its problems collected."""
        path = self.folder / relative
        problem = input_file_problem(self.folder, relative)
        if problem is not None:
            self.diagnostics.append(Diagnostic(self.name(relative), 1, 1, "error", "", problem))
            return None
        try:
            with self.timer.stage("load"):
                return self._load(path, self.name(relative))
        except LoadFailed as failure:
            self.diagnostics.extend(failure.diagnostics)
            return None

    def _load(self, path: Path, name: str) -> Document:
        if self.memo is None and self.kept is None:
            return load_yaml(path, name)
        data = path.read_bytes()
        # handbook.yml holds people's private contact details (settings.published() drops
        # them before any page): it is never copied into the build's cache.
        if self.kept is not None and path != self.folder / "handbook.yml":
            return self.kept.load(path, name, data)
        if self.memo is None:
            return load_yaml(path, name, data)
        known = self.memo.documents.get(name)
        if known is not None and known[0] == data:
            return known[1]
        document = load_yaml(path, name, data)
        self.memo.documents[name] = (data, document)
        return document

    def validate(self, document: Document, cls: type[BaseModel], *,
                 warnings: bool = True) -> Any:
        """The model of `document`, or None; its problems are collected (its errors only with
        `warnings=False`: a merged document, whose own files reported their warnings)."""
        if self.memo is None:
            model, problems = validate_document(cls, document)
        else:
            known = self.memo.models.get((document.display, cls))
            if known is not None and known[0] is document:
                model, problems = known[1:]
            else:
                model, problems = validate_document(cls, document)
                self.memo.models[document.display, cls] = (document, model, problems)
        self.diagnostics.extend(p for p in problems if warnings or p.severity == "error")
        return model

    def read(self, relative: str, cls: type[BaseModel]) -> tuple[Any, Document | None]:
        document = self.document(relative)
        if document is None:
            return None, None
        return self.validate(document, cls), document

    def settings(self) -> tuple[HandbookFile | None, Document | None]:
        return self.read("handbook.yml", HandbookFile)

    def charter(self, relative: str = "charter.yml") -> tuple[Charter | None, Document | None]:
        """charter.yml, or an earlier version kept in history/."""
        return self.read(relative, Charter)

    def files(self, subfolder: str, cls: type[BaseModel]) -> list[tuple[str, Any, Document]]:
        """The kits or training modules: (id, model, document), by id."""
        return _read_folder(self, subfolder, cls)

    def path_problem(self, relative: str) -> str | None:
        """What is wrong with a path written in this folder's files, if anything."""
        return path_problem(self.folder, relative)


def complete_handbook(reader: FolderReader) -> tuple[Handbook, list[Diagnostic]]:
    """Read every file through `reader`, then check what spans files; as load_handbook."""
    diagnostics = reader.diagnostics
    settings, settings_doc = reader.settings()
    charter, charter_doc = reader.charter()
    kits = reader.files("kits", Kit)
    modules = reader.files("training", Module)
    history = _read_history(reader)

    if settings is None or charter is None or any(
        model is None for _, model, _ in kits + modules + history
    ):
        raise InputError(diagnostics)

    documents = {"handbook": settings_doc, "charter": charter_doc}
    documents.update({("kit", kit_id): doc for kit_id, _, doc in kits})
    documents.update({("module", module_id): doc for module_id, _, doc in modules})
    handbook = Handbook(
        folder=reader.folder,
        settings=settings.published(),  # private details stop here: no page can show them
        charter=charter,
        kits=tuple((kit_id, kit) for kit_id, kit, _ in kits),
        modules=tuple((module_id, module) for module_id, module, _ in modules),
        history=tuple(sorted((model for _, model, _ in history),
                             key=lambda old: version_key(old.version))),
        sources=Sources(reader.display, documents),
    )
    diagnostics.extend(cross_check(handbook, documents))
    diagnostics.extend(_check_history(charter, history))
    diagnostics.extend(placeholders(documents))
    handbook = _with_posts(handbook, reader.name, diagnostics, reader.memo)
    diagnostics.extend(contrast_problems(settings, settings_doc))
    if any(d.severity == "error" for d in diagnostics):
        raise InputError(diagnostics)
    return handbook, sorted(diagnostics)


def _read_folder(reader: FolderReader, subfolder: str, cls):
    found = []
    for path, relative in yaml_files(reader.folder, subfolder):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem):
            reader.diagnostics.append(Diagnostic(
                reader.name(relative), 1, 1, "error", "",
                f"the file name '{path.stem}' is the {cls.__name__.lower()}'s "
                "id: use lower-case letters, digits and hyphens only, "
                "e.g. 'day-in-my-life.yml'"))
            continue
        model, document = reader.read(relative, cls)
        found.append((path.stem, model, document))
    return found


def _with_posts(handbook: Handbook, name, diagnostics: list[Diagnostic],
                memo: LoadMemo | None = None) -> Handbook:
    """The handbook with its export of posts read, when kpis.posts names a readable file
    (_cross_check reported it otherwise); every bad row joins the diagnostics."""
    kpis = handbook.settings.kpis
    if kpis.posts is None or path_problem(handbook.folder, kpis.posts):
        return handbook
    path = handbook.folder / kpis.posts
    read = (name(kpis.posts), kpis.columns.model_dump(exclude_none=True),
            posts_until(handbook.settings.programme))
    if memo is None:
        posts, problems = read_posts(path, *read)
    else:
        key = (path.read_bytes(), read)
        if memo.posts is None or memo.posts[0] != key:
            memo.posts = (key, read_posts(path, *read))
        posts, problems = memo.posts[1]
    diagnostics.extend(problems)
    return dataclasses.replace(handbook, posts=posts)


def posts_until(programme) -> dt.date:
    """The last day a post may be dated: today, or the end of the programme's plan when that
    is later (a plan written ahead, like the demo's, may come with an export that simulates
    it); a post dated after both is a typo or a broken export, never a month to report."""
    return max(today(), add_months(programme.start, programme.horizon_months))


def _read_history(reader: FolderReader):
    """The earlier versions kept in history/, named charter-<version>.yml."""
    found = []
    for path, relative in yaml_files(reader.folder, "history"):
        named = re.fullmatch(r"charter-(\d+(?:\.\d+)*)", path.stem)
        if not named:
            reader.diagnostics.append(Diagnostic(reader.name(relative), 1, 1, "error", "",
                                                 "a history file is named after the version it "
                                                 "keeps, like 'charter-1.1.yml'; rename it"))
            continue
        model, document = reader.charter(relative)
        found.append((named.group(1), model, document))
    return found


def _check_history(charter: Charter, history) -> list[Diagnostic]:
    problems = []
    for file_version, old, document in history:
        if old.version != file_version:
            message = (f"this file is named for version {file_version} but holds version "
                       f"{old.version}; make the file name and 'version' agree")
        elif version_key(old.version) >= version_key(charter.version):
            message = (f"version {old.version} is not older than the current charter (version "
                       f"{charter.version} in charter.yml); history/ keeps earlier versions only")
        else:
            continue
        problems.append(located(document, ("version",), "error", message))
    return problems


def load_charter(path: Path, display: str) -> tuple[Charter, list[Diagnostic]]:
    """One charter file on its own, for `handbook diff`: the schema's checks only (the people
    it names live in handbook.yml). Returns the warnings; raises InputError on any error."""
    if not path.is_file():
        what = "this is a folder, not a file" if path.is_dir() else "no such file"
        raise InputError([Diagnostic(display, 1, 1, "error", "", f"{what}; give a charter "
                                     "file, like charter.yml or history/charter-1.1.yml")])
    try:
        document = load_yaml(path, display)
    except LoadFailed as failure:
        raise InputError(failure.diagnostics) from None
    charter, problems = validate_document(Charter, document)
    if charter is None:
        raise InputError(problems)
    return charter, sorted(problems)
