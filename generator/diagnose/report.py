"""The report of `handbook check`, in three formats: text for people, JSON for tools, GitHub
workflow annotations for CI.

Input diagnostics (validation) always come first, then the programme's findings. This module
only builds strings; the command line prints them and picks the exit code.

JSON format (stable; `version` changes if a key changes meaning or disappears):

    {"format": "handbook-check", "version": 1, "folder": "charters/acme", "strict": false,
     "passed": true, "counts": {"error": 0, "warning": 1, "advice": 2},
     "diagnostics": [{"source": "input" | "programme", "severity": "error" | "warning" | "advice",
                      "code": "mix/priority-leads-without-experts" | null,
                      "file": "charters/acme/handbook.yml", "line": 12, "col": 5,
                      "path": "programme.tracks", "message": "...",
                      "chapter": "steering/decision-matrix.md" | null}]}
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import click

from ..core.errors import SEVERITIES, Diagnostic
from ..inputs.labels import labels
from .check import Finding, counts
from .formats import FORMATS  # noqa: F401 (named here too, beside the formats it writes)

JSON_VERSION = 1
REPORT_LANGUAGE = "en"  # the language of every terminal message, as for validation

_COLOURS = {"error": "red", "warning": "yellow", "advice": "cyan"}
_HEADINGS = {"error": "Errors", "warning": "Warnings", "advice": "Advice"}
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "advice": "notice"}


@dataclass(frozen=True)
class CheckResult:
    display: str  # the folder as the user named it
    diagnostics: tuple[Diagnostic, ...]  # validation: a folder with errors has no findings
    findings: tuple[Finding, ...]
    strict: bool

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    @property
    def passed(self) -> bool:
        severities = {d.severity for d in self.diagnostics} | {f.severity for f in self.findings}
        return "error" not in severities and not (self.strict and "warning" in severities)

    def file(self, finding: Finding) -> str:
        # normpath: a file a group shares is outside its entity's folder ("../../group.yml").
        return os.path.normpath(Path(self.display) / finding.file)

    def counts(self) -> dict[str, int]:
        total = counts(self.findings)
        for diagnostic in self.diagnostics:
            total[diagnostic.severity] += 1
        return total


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'advice' else 's'}"


def _chapter(chapter: str) -> str:
    return f"{labels(REPORT_LANGUAGE)['diagnostic']['chapters'][chapter]} ({chapter})"


def text(result: CheckResult) -> str:
    """The programme diagnostic grouped by severity (input diagnostics are printed apart, on
    stderr, exactly as `handbook build` prints them). Styled; click drops the colours when
    the output is not a terminal."""
    lines: list[str] = []
    if result.findings:
        lines += [f"Programme diagnostic of {result.display}, against the playbook's rules:", ""]
    lines += _by_severity(result)
    warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
    files = f"valid ({_plural(warnings, 'warning')})" if warnings else "valid"
    total = counts(result.findings)
    diagnostic = (", ".join(_plural(total[s], s) for s in SEVERITIES) if result.findings
                  else "nothing to report")
    lines.append(f"{result.display}: {files}; programme diagnostic: {diagnostic}.")
    return "\n".join(lines)


def _by_severity(result: CheckResult) -> list[str]:
    lines: list[str] = []
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        lines.append(click.style(f"{_HEADINGS[severity]} ({len(group)})", fg=_COLOURS[severity],
                                 bold=True))
        for finding in group:
            where = f"{result.file(finding)}:{finding.line}:{finding.col}"
            lines.append(f"  {click.style(where, bold=True)}: {finding.path}: "
                         f"{finding.message.get(REPORT_LANGUAGE)} [{finding.code}]")
            lines.append(f"      read: {_chapter(finding.chapter)}")
        lines.append("")
    return lines


def failure(result: CheckResult | GroupCheckResult) -> str:
    """Why the check fails, in one line."""
    total = result.counts()
    if total["error"]:
        return f"Check failed: {_plural(total['error'], 'error')}."
    return f"Check failed: {_plural(total['warning'], 'warning')} (warnings fail with --strict)."


def as_json(result: CheckResult) -> str:
    document = {"format": "handbook-check", "version": JSON_VERSION, "folder": result.display,
                "strict": result.strict, "passed": result.passed, "counts": result.counts(),
                "diagnostics": _items(result)}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _items(result: CheckResult) -> list[dict]:
    items = [
        {"source": "input", "severity": d.severity, "code": None, "file": d.file,
         "line": d.line, "col": d.col, "path": d.path, "message": d.message, "chapter": None}
        for d in result.diagnostics
    ]
    items += [
        {"source": "programme", "severity": f.severity, "code": f.code, "file": result.file(f),
         "line": f.line, "col": f.col, "path": f.path,
         "message": f.message.get(REPORT_LANGUAGE), "chapter": f.chapter}
        for f in result.findings
    ]
    return items


def github(result: CheckResult) -> str:
    """One workflow command per problem: GitHub shows them on the files of a pull request."""
    lines = [
        annotation(d.severity, d.file, d.line, d.col, None,
                    f"{d.path}: {d.message}" if d.path else d.message)
        for d in result.diagnostics
    ]
    lines += [
        annotation(_GITHUB_LEVELS[f.severity], result.file(f), f.line, f.col, f.code,
                    f"{f.path}: {f.message.get(REPORT_LANGUAGE)} Read: {_chapter(f.chapter)}.")
        for f in result.findings
    ]
    return "\n".join(lines)


def annotation(level: str, file: str, line: int, col: int, title: str | None,
                message: str) -> str:
    properties = f"file={_property(file)},line={line},col={col}"
    if title:
        properties += f",title={_property(title)}"
    return f"::{level} {properties}::{_data(message)}"


def _data(value: str) -> str:
    # GitHub's escaping for workflow commands (toolkit/core command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


# --- a group: each entity's check, then the group's own ---------------------------------------

@dataclass(frozen=True)
class GroupCheckResult:
    """`handbook check` on a group: `own` holds the problems of group.yml and of the shared
    files, and the group's findings (diagnose/group.py); each entity has its own result."""

    own: CheckResult
    entities: tuple[tuple[str, CheckResult], ...]

    @property
    def passed(self) -> bool:
        return self.own.passed and all(result.passed for _, result in self.entities)

    def counts(self) -> dict[str, int]:
        total = self.own.counts()
        for _, result in self.entities:
            for severity, count in result.counts().items():
                total[severity] += count
        return total

    def diagnostics(self) -> list[Diagnostic]:
        """Every problem in the files, the group's first."""
        return [*self.own.diagnostics,
                *(d for _, result in self.entities for d in result.diagnostics)]


def group_text(result: GroupCheckResult) -> str:
    """Each entity's programme diagnostic, then the group's (problems in the files are
    printed apart, as for one organisation)."""
    own = result.own
    if not own.valid:
        return f"{own.display}: group.yml or a shared file is invalid; no entity is checked " \
               "until it is fixed."
    lines: list[str] = []
    for _, entity in result.entities:
        if entity.valid:
            lines += [text(entity), ""]
        else:
            errors = sum(1 for d in entity.diagnostics if d.severity == "error")
            invalid = (f"{entity.display}: invalid ({_plural(errors, 'error')}, see above); "
                       "no programme diagnostic until it is fixed.")
            lines += [invalid, ""]
    if own.findings:
        lines += [f"Group diagnostic of {own.display}, across its entities:", ""]
    lines += _by_severity(own)
    valid = sum(1 for _, entity in result.entities if entity.valid)
    total = counts(own.findings)
    diagnostic = (", ".join(_plural(total[s], s) for s in SEVERITIES) if own.findings
                  else "nothing to report")
    lines.append(f"{own.display}: {valid} of {len(result.entities)} entities valid; group "
                 f"diagnostic: {diagnostic}.")
    return "\n".join(lines)


def group_json(result: GroupCheckResult) -> str:
    """The document of as_json, with the entities' results and each item's entity (null for
    the group's own)."""
    own = result.own
    items = [{**item, "entity": None} for item in _items(own)]
    items += [{**item, "entity": entity_id} for entity_id, entity in result.entities
              for item in _items(entity)]
    document = {"format": "handbook-check", "version": JSON_VERSION, "folder": own.display,
                "strict": own.strict, "passed": result.passed, "counts": result.counts(),
                "entities": [{"id": entity_id, "folder": entity.display,
                              "passed": entity.passed, "counts": entity.counts()}
                             for entity_id, entity in result.entities],
                "diagnostics": items}
    return json.dumps(document, ensure_ascii=False, indent=2)


def group_github(result: GroupCheckResult) -> str:
    return "\n".join(part for part in (github(result.own),
                                       *(github(entity) for _, entity in result.entities))
                     if part)
