"""Who confirmed reading which version of the charter: the acknowledgement register.

From the rows of an export (inputs.acks) and the charter's kept versions, per team and
overall: who confirmed the current version, who confirmed an older one and must confirm
again (with what changed since their version), who never confirmed (when a roster of the
people expected is given), and the rows whose version code matches no version. A person who
confirmed several times counts once: their latest confirmation wins. Nothing here prints, and
none of it is ever published on the site: it names people.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from ..core.errors import Diagnostic
from ..core.text import LANGUAGES, LocalText
from ..inputs.acks import AckRow, code_key
from ..model.charter import Charter
from ..model.fields import version_key
from .diff import diff_charters
from .fingerprint import charter_fingerprint

CURRENT, OLDER, NEVER = "current", "older", "never"
STATUSES = (CURRENT, OLDER, NEVER)
NO_TEAM = "(no team)"


@dataclass(frozen=True)
class Entry:
    """One person's standing: their latest confirmation, if any."""

    person: str
    team: str
    status: str  # current | older | never
    version: str | None = None
    code: str | None = None
    day: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class Register:
    version: str  # the current version
    code: str  # its fingerprint
    rows: int  # readable rows of the export
    entries: tuple[Entry, ...]  # sorted by team, status, person
    changes: dict[str, tuple[str, ...]]  # older version: what changed since it
    errors: tuple[Diagnostic, ...]  # unreadable rows and codes matching no version
    roster: bool  # a roster was given: "never confirmed" is known

    def counts(self, team: str | None = None) -> dict[str, int]:
        chosen = [e for e in self.entries if team is None or e.team == team]
        return {status: sum(e.status == status for e in chosen) for status in STATUSES}

    def teams(self) -> tuple[str, ...]:
        return tuple(sorted({entry.team for entry in self.entries}))


def register(charter: Charter, history: tuple[Charter, ...], rows: tuple[AckRow, ...],
             problems: list[Diagnostic], display: str, lang: str = "en",
             roster: tuple[tuple[str, str, str], ...] | None = None) -> Register:
    """The register of the export's `rows` (named `display` in messages)."""
    versions = {code_key(charter_fingerprint(c)): c for c in (*history, charter)}
    current = code_key(charter_fingerprint(charter))
    known = ", ".join(f"{c.version} {charter_fingerprint(c)}" for c in
                      sorted(versions.values(), key=lambda c: version_key(c.version),
                             reverse=True))
    errors = list(problems)
    latest: dict[str, AckRow] = {}
    for row in rows:
        if code_key(row.code) not in versions:
            hint = (" (that looks like a version number; the code is the one the charter "
                    "page shows)" if row.code.replace(".", "").isdigit() else "")
            errors.append(Diagnostic(display, row.line, row.code_col, "error", "",
                                     f"'{row.code}' matches no version of the charter"
                                     f"{hint}; known codes: {known}"))
            continue
        kept = latest.get(row.key)
        if kept is None or (row.day, row.line) >= (kept.day, kept.line):
            latest[row.key] = row
    entries = []
    for row in latest.values():
        confirmed = versions[code_key(row.code)]
        entries.append(Entry(row.person, row.team or NO_TEAM,
                             CURRENT if code_key(row.code) == current else OLDER,
                             confirmed.version, charter_fingerprint(confirmed),
                             row.day.isoformat()))
    if roster is not None:
        entries += [Entry(person, team or NO_TEAM, NEVER) for person, key, team in roster
                    if key not in latest]
    older = {entry.version for entry in entries if entry.status == OLDER}
    changes = {version: _summary(old, charter, lang) for version, old in
               ((c.version, c) for c in versions.values()) if version in older}
    order = {status: index for index, status in enumerate(STATUSES)}
    return Register(charter.version, charter_fingerprint(charter), len(rows),
                    tuple(sorted(entries, key=lambda e: (e.team.casefold(), order[e.status],
                                                         e.person.casefold()))),
                    dict(sorted(changes.items(), key=lambda item: version_key(item[0]))),
                    tuple(sorted(errors)), roster is not None)


def _summary(old: Charter, new: Charter, lang: str) -> tuple[str, ...]:
    """What changed from `old` to `new`, one line each: the rules, then the changelog."""
    def text(value: LocalText) -> str:
        return " ".join(value.get(lang, (lang, *LANGUAGES)).split())

    diff = diff_charters(old, new)
    lines = [f"added: {text(change.rule.title)}" for change in diff.added]
    lines += [f"removed: {text(change.rule.title)}" for change in diff.removed]
    lines += [f"changed: {text(change.rule.title)} ({', '.join(change.fields or ('section',))})"
              for change in diff.changed]
    lines += [f"changed: {part.replace('_', ' ')}" for part in diff.other]
    lines += [f"{entry.version}: {text(change)}" for entry in diff.changelog
              for change in entry.changes]
    return tuple(lines)


# --- formats --------------------------------------------------------------------------------

def as_text(report: Register, organisation: str) -> str:
    def counted(counts: dict[str, int]) -> str:
        parts = [f"{counts[CURRENT]} confirmed the current version",
                 f"{counts[OLDER]} must confirm again (older version)"]
        if report.roster:
            parts.append(f"{counts[NEVER]} never confirmed")
        return ", ".join(parts)

    lines = [(f"Charter acknowledgements of {organisation}: current version {report.version}, "
             f"code {report.code}"),
             f"{report.rows} rows read; {len(report.errors)} with a problem.", "",
             f"Overall: {counted(report.counts())}."]
    for team in report.teams():
        lines += ["", f"{team}: {counted(report.counts(team))}."]
        for status, title in ((OLDER, "Must confirm again"), (NEVER, "Never confirmed")):
            listed = [e for e in report.entries if e.team == team and e.status == status]
            if listed:
                lines.append(f"  {title}:")
                lines += [f"    {e.person}" + (f" (version {e.version}, {e.day})"
                                               if e.version else "") for e in listed]
    for version, changes in report.changes.items():
        lines += ["", f"What changed since version {version}:"]
        lines += [f"  - {line}" for line in changes] or ["  - (the text only)"]
    if report.errors:
        lines += ["", "Rows with a problem (left out):", *(f"  {e}" for e in report.errors)]
    return "\n".join(lines) + "\n"


def as_json(report: Register) -> str:
    document: dict[str, Any] = {
        "current": {"version": report.version, "code": report.code},
        "rows": report.rows,
        "roster": report.roster,
        "overall": report.counts(),
        "teams": {team: {"counts": report.counts(team),
                         "people": [_entry(e) for e in report.entries if e.team == team]}
                  for team in report.teams()},
        "changes_since": {version: list(lines) for version, lines in report.changes.items()},
        "errors": [{"line": e.line, "col": e.col, "message": e.message}
                   for e in report.errors],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(report: Register) -> str:
    """One line per person; every cell that a spreadsheet would run as a formula is
    neutralised (a leading apostrophe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("team", "person", "status", "version", "code", "date", "changes_since"))
    for e in report.entries:
        writer.writerow([safe_cell(cell) for cell in (
            e.team, e.person, e.status, e.version or "", e.code or "", e.day or "",
            " | ".join(report.changes.get(e.version or "", ())) if e.status == OLDER else "")])
    return out.getvalue()


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula (= + - @, or a tab or
    carriage return before one) gets a leading apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _entry(entry: Entry) -> dict[str, Any]:
    return {"person": entry.person, "status": entry.status, "version": entry.version,
            "code": entry.code, "date": entry.day}
