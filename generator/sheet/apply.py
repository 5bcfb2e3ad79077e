"""Apply a returned workshop workbook to charter.yml.

The file is edited as a ruamel.yaml round-trip tree: only the values the workshop changed are
replaced, so every other line, and every comment, stays as it was. Rows name existing items by
their key (a rule's id, a step's or session's number); a row without a key is a new item,
placed after the row above it; an item goes away only when its row says "remove". The result
is validated like `handbook check` before it replaces charter.yml in one move; on any problem
nothing is written, and each problem points at its cell.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..charter.diff import CharterDiff, diff_charters
from ..core.errors import Diagnostic, InputError
from ..inputs.folder import FolderReader, complete_handbook
from ..inputs.group import group_of
from ..inputs.group_file import is_group
from ..inputs.handbook import load_handbook
from ..inputs.load import Document, load_yaml
from ..model.handbook import Handbook
from ..model.vocab import CHARTER_SECTIONS
from .columns import (
    DECISION_WORDS,
    DECISIONS,
    LANGUAGE_NAMES,
    LIMITS,
    RULE_KEYS,
    RULE_TEXTS,
    format_words,
)
from .comments import give_trailing, take_trailing
from .errors import SheetDiagnostic, at_cell, at_file, from_yaml, sheet_name, suggestion
from .read import Row, Workshop, read_workbook
from .yaml_edit import (
    changed_lines,
    drop,
    dump,
    index,
    key_position,
    new_id,
    put,
    round_trip,
    same,
    scalar,
    snapshot,
    write,
)


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    charter: str  # charter.yml as the user names it
    diff: CharterDiff
    warnings: list[Diagnostic]
    changed_lines: int  # lines of charter.yml that differ
    sessions: tuple[int, int, int] = (0, 0, 0)  # co-building sessions added, changed, removed
    written: bool = False


def import_workbook(folder: Path, display: str, workbook: Path, workbook_display: str, *,
                    dry_run: bool = False) -> ImportReport:
    """Apply `workbook` to `folder`/charter.yml; see the module's docstring."""
    if is_group(folder) or group_of(folder) is not None:
        raise InputError([Diagnostic(display, 1, 1, "error", "", "a group's folder or entity: "
                                     "the workshop workbook is for one organisation's own "
                                     "charter.yml, not yet for a group's")])
    handbook, _ = load_handbook(folder, display)
    languages = tuple(handbook.settings.languages)
    workshop, sheet_warnings = read_workbook(workbook, workbook_display, languages)
    path = folder / "charter.yml"
    charter_display = str(Path(display) / "charter.yml")
    source = path.read_text(encoding="utf-8")
    yaml, tree = round_trip(source)
    editor = _Editor(tree, handbook, workshop, languages, yaml)
    editor.apply()
    if any(p.severity == "error" for p in editor.problems):
        raise InputError(sheet_warnings + editor.problems)
    text = dump(yaml, tree)
    new_handbook, warnings = _validate(folder, display, text, editor, charter_display)
    changed = changed_lines(source, text)
    report = ImportReport(charter_display, diff_charters(handbook.charter, new_handbook.charter),
                          sheet_warnings + editor.problems + warnings, changed,
                          editor.sessions)
    if text != source and not dry_run:
        write(path, text)
        report.written = True
    return report


class _Reader(FolderReader):
    """Reads the folder with the imported text in place of its charter.yml."""

    def __init__(self, folder: Path, display: str, candidate: Path) -> None:
        super().__init__(folder, display)
        self.candidate = candidate

    def document(self, relative: str) -> Document | None:
        if relative != "charter.yml":
            return super().document(relative)
        return load_yaml(self.candidate, self.name(relative))


def _validate(folder: Path, display: str, text: str, editor: _Editor,
              charter_display: str) -> tuple[Handbook, list[Diagnostic]]:
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / "charter.yml"
        candidate.write_text(text, encoding="utf-8")
        try:
            handbook, warnings = complete_handbook(_Reader(folder, display, candidate))
        except InputError as exc:
            raise InputError([editor.place(d, charter_display) for d in exc.diagnostics]) \
                from None
    return handbook, [editor.place(d, charter_display) for d in warnings]


# --- applying the rows ----------------------------------------------------------------------

@dataclass
class _Editor:
    tree: Any
    handbook: Handbook
    workshop: Workshop
    languages: tuple[str, ...]
    yaml: YAML
    problems: list[SheetDiagnostic] = field(default_factory=list)
    rows: dict[int, Row] = field(default_factory=dict)  # id() of a YAML item → its row
    sessions: tuple[int, int, int] = (0, 0, 0)

    def __post_init__(self) -> None:
        self.ui = self.languages[0]
        self.people = [person.id for person in self.handbook.settings.people]
        self.indent = self.yaml.map_indent or 2
        self.item_indent = self.yaml.sequence_indent or 2

    def error(self, row: Row, column: int, message: str, severity: str = "error") -> None:
        where = sheet_name(self.workshop.display, row.sheet)
        self.problems.append(at_cell(where, row.number, column, message, severity))

    def apply(self) -> None:
        ids = {rule["id"]: section for section in CHARTER_SECTIONS
               for rule in self.tree[section]}
        for section in CHARTER_SECTIONS:
            self._rules(section, self.workshop.rows[section], ids)
        self._steps(self.workshop.rows["bad_buzz"])
        self._sessions(self.workshop.rows["co_built"])

    # The items of one list, whatever they are.
    def _list(self, seq: CommentedSeq, rows: tuple[Row, ...], keyed: dict[Any, Any],
              key_of_row, update, create, missing_message) -> tuple[int, int, int]:
        anchor, seen, removed, added, changed = None, {}, [], 0, 0
        for row in rows:
            decision = self._decision(row)
            key = key_of_row(row)
            if key is not None:
                if key in seen:
                    self.error(row, row.spec.index(row.spec.key), f"\"{key}\" is already on row "
                               f"{seen[key].number}: give each one row")
                    continue
                item = keyed.get(key)
                if item is None:
                    continue  # key_of_row reported it
                seen[key] = row
                self.rows[id(item)] = row
                if decision == "remove":
                    removed.append(item)
                    continue
                before = snapshot(item)
                update(item, row)
                changed += snapshot(item) != before
                anchor = item
            elif decision != "remove" and any(
                    row.values[i] is not None for i, c in enumerate(row.spec.columns)
                    if c.field not in ("decision", "comment", row.spec.key)):
                item = create(row)
                if item is None:
                    continue
                position = 0 if anchor is None else index(seq, anchor) + 1
                if position:
                    give_trailing(item, take_trailing(seq[position - 1], keep_own_line=True))
                seq.insert(position, item)
                self.rows[id(item)] = row
                anchor, added = item, added + 1
        for key, item in keyed.items():
            if key not in seen:
                where = sheet_name(self.workshop.display, rows[0].sheet if rows else "")
                self.problems.append(at_file(where, missing_message(key), "warning"))
        for item in removed:
            position = index(seq, item)
            comments = take_trailing(item, keep_own_line=False)
            del seq[position]
            if position:
                give_trailing(seq[position - 1], comments)
        return added, changed, len(removed)

    def _decision(self, row: Row) -> str | None:
        word = row.get("decision")
        if word is None:
            return None
        words = {w: d for lang in DECISION_WORDS for w, d in zip(DECISION_WORDS[lang], DECISIONS,
                                                                  strict=True)}
        found = words.get(word.strip().lower())
        if found is None:
            self.error(row, row.spec.index("decision"), f"unknown decision \"{word}\""
                       f"{suggestion(word.lower(), list(DECISION_WORDS[self.ui]))}; choose one "
                       f"of: {', '.join(DECISION_WORDS[self.ui])}")
        return found

    # Rules.
    def _rules(self, section: str, rows: tuple[Row, ...], ids: dict[str, str]) -> None:
        seq = self.tree[section]
        keyed = {rule["id"]: rule for rule in seq}
        taken = set(ids)

        def key_of_row(row: Row) -> str | None:
            rule_id = row.get("id")
            if rule_id is None:
                return None
            if rule_id not in ids:
                self.error(row, row.spec.index("id"), f"no rule \"{rule_id}\" in the charter"
                           f"{suggestion(rule_id, list(ids))}: an id is never changed; leave "
                           "it empty for a new rule")
            elif ids[rule_id] != section:
                other = self._sheet(ids[rule_id])
                self.error(row, row.spec.index("id"), f"the rule \"{rule_id}\" belongs to the "
                           f"\"{other}\" sheet: to move a rule to another part, do it in "
                           "charter.yml")
            return rule_id

        def update(rule: CommentedMap, row: Row) -> None:
            for name in RULE_TEXTS:
                self._text(rule, name, row, RULE_KEYS, required=name == "title",
                           depth=self.item_indent)
            self._contact(rule, "ask", row, RULE_KEYS, required=False)

        def create(row: Row) -> CommentedMap | None:
            title = row.get("title", self.ui)
            if title is None:
                self._missing(row, "title", "a new rule needs its title")
                return None
            rule = CommentedMap([("id", new_id(title, taken))])
            taken.add(rule["id"])
            update(rule, row)
            return rule

        self._list(seq, rows, keyed, key_of_row, update, create,
                   lambda key: f"the rule \"{key}\" has no row any more: it is kept; to remove "
                               f"a rule, choose \"{DECISION_WORDS[self.ui][3]}\" on its row")

    def _sheet(self, part: str) -> str:
        from .columns import SHEET_NAMES

        return SHEET_NAMES[self.ui][part]

    # Bad-buzz steps and co-building sessions: named by their number.
    def _numbered(self, seq: CommentedSeq, kind: str):
        keyed = {number: item for number, item in enumerate(seq, start=1)}

        def key_of_row(row: Row) -> int | None:
            number = row.get("n")
            if number is not None and number not in keyed:
                self.error(row, row.spec.index("n"), f"there is no {kind} {number} in the "
                           f"charter ({len(seq)} {kind}s): leave the number empty for a new "
                           f"{kind}")
            return number

        return keyed, key_of_row

    def _steps(self, rows: tuple[Row, ...]) -> None:
        seq = self.tree["bad_buzz"]["steps"]
        keyed, key_of_row = self._numbered(seq, "step")
        keys = ("do", "who")

        def update(step: CommentedMap, row: Row) -> None:
            self._text(step, "do", row, keys, required=True,
                       depth=self.indent + self.item_indent)
            self._contact(step, "who", row, keys, required=True)

        def create(row: Row) -> CommentedMap | None:
            step = CommentedMap()
            update(step, row)
            return step

        self._list(seq, rows, keyed, key_of_row, update, create,
                   lambda key: f"step {key} has no row any more: it is kept")

    def _sessions(self, rows: tuple[Row, ...]) -> None:
        if "co_built" not in self.tree:
            if not rows:
                return
            self.tree.insert(key_position(self.tree, "co_built", _CHARTER_KEYS), "co_built",
                             CommentedSeq())
        seq = self.tree["co_built"]
        keyed, key_of_row = self._numbered(seq, "session")
        words = {word.lower(): value for lang in DECISION_WORDS
                 for value, word in format_words(lang).items()}
        words.update({value: value for value in format_words(self.ui)})

        def update(session: CommentedMap, row: Row) -> None:
            for name in ("date", "format", "participants"):
                value = row.get(name)
                column = row.spec.index(name)
                if value is None:
                    self.error(row, column, f"a co-building session needs its {name}")
                    continue
                if name == "format":
                    found = words.get(value.lower())
                    if found is None:
                        shown = list(format_words(self.ui).values())
                        self.error(row, column, f"unknown format \"{value}\""
                                   f"{suggestion(value.lower(), shown)}; choose one of: "
                                   f"{', '.join(shown)}")
                        continue
                    value = found
                if session.get(name) != value:
                    put(session, name, value, ("date", "format", "participants"))

        def create(row: Row) -> CommentedMap | None:
            session = CommentedMap()
            update(session, row)
            return session

        self.sessions = self._list(seq, rows, keyed, key_of_row, update, create,
                                   lambda key: f"session {key} has no row any more: it is kept")
        if not seq:
            del self.tree["co_built"]

    # One field.
    def _missing(self, row: Row, name: str, what: str) -> None:
        lang = self.ui
        self.error(row, row.spec.index(name, lang), f"{what} in {LANGUAGE_NAMES['en'][lang]} "
                   f"({lang}), the handbook's first language")

    def _contact(self, item: CommentedMap, name: str, row: Row, order: tuple[str, ...], *,
                 required: bool) -> None:
        value = row.get(name)
        column = row.spec.index(name)
        if value is not None and value not in self.people:
            self.error(row, column, f"unknown contact \"{value}\""
                       f"{suggestion(value, self.people)}")
            return
        if value is None and required:
            self.error(row, column, "choose the contact who does this step")
            return
        if value == item.get(name):
            return
        if value is None:
            drop(item, name)
        else:
            put(item, name, value, order)

    def _text(self, item: CommentedMap, name: str, row: Row, order: tuple[str, ...], *,
              required: bool, depth: int) -> None:
        """Set a text field from its language columns; `depth` is the column of the item's
        keys, for folding a new long text."""
        cells = {column.lang: row.get(name, column.lang) for column in row.spec.texts(name)}
        if required and cells[self.ui] is None:
            what = "the title is missing" if name == "title" else "the text is missing"
            self._missing(row, name, what)
            return
        old = item.get(name)
        olds = ({lang: old for lang in cells} if isinstance(old, str)
                else dict(old) if isinstance(old, dict) else {})
        changed = [lang for lang, value in cells.items() if not same(value, olds.get(lang))]
        if not changed:
            return
        for lang in changed:
            value = cells[lang]
            if value is not None and len(value) > LIMITS[name]:
                self.error(row, row.spec.index(name, lang),
                           f"this text is {len(value)} characters long, more than the "
                           f"{LIMITS[name]} a {name} may have; shorten it")
                return
        values = set(cells.values())
        if len(values) == 1 and (len(cells) == len(self.languages)) and \
                not (isinstance(old, dict) and set(old) - set(cells)):
            # The same text in every language (or one language): written once, as a string.
            (value,) = values
            if value is None:
                drop(item, name)
            else:
                put(item, name, scalar(value, depth + self.indent), order)
            return
        if not isinstance(old, CommentedMap):
            mapping = CommentedMap()
            for lang, value in cells.items():
                if value is not None:
                    mapping[lang] = scalar(value, depth + 2 * self.indent)
            put(item, name, mapping, order)
            return
        for lang in changed:
            if cells[lang] is None:
                drop(old, lang)
            else:
                put(old, lang, scalar(cells[lang], depth + 2 * self.indent),
                     tuple(self.languages))
        if not old:
            drop(item, name)

    # Positions of the resulting charter's problems.
    def place(self, diagnostic: Diagnostic, charter_display: str) -> SheetDiagnostic:
        """A problem of the resulting charter.yml, placed in its cell when it has one."""
        if diagnostic.file != charter_display:
            return from_yaml(diagnostic)
        found = re.match(r"(\w+)(?:\.steps)?\[(\d+)\](?:\.(\w+))?", diagnostic.path)
        if found:
            part, index, name = found.group(1), int(found.group(2)), found.group(3)
            seq = self.tree[part]["steps"] if part == "bad_buzz" else self.tree.get(part)
            row = self.rows.get(id(seq[index])) if seq is not None and index < len(seq) else None
            if row is not None:
                column = next((i for i, c in enumerate(row.spec.columns, start=1)
                               if c.field == name), 1)
                where = sheet_name(self.workshop.display, row.sheet)
                return at_cell(where, row.number, column, diagnostic.message,
                               diagnostic.severity)
        return from_yaml(diagnostic)


_CHARTER_KEYS = ("version", "status", "adopted_on", "co_built", "preamble")
