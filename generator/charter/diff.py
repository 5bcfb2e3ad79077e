"""What changed between two versions of the charter: rules added, removed and changed.

Rules are matched by their `id`, which is why ids must stay stable from one version to the
next. Texts are compared after normalisation (see charter/fingerprint.py): rewrapping a paragraph is
not a change. The same comparison feeds `handbook diff` (text, Markdown or JSON, in English,
for the terminal) and the site's "what changed" page (through a page template, per language).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from ..core.text import LANGUAGES, LocalText
from ..model.charter import Change, Charter, Rule
from ..model.fields import version_key
from ..model.vocab import CHARTER_SECTIONS
from .fingerprint import normalised

RULE_FIELDS = ("title", "text", "example", "question", "ask")
# Parts of the charter other than its rules whose text readers would want to re-read.
OTHER_PARTS = ("preamble", "bad_buzz")
DiffFormat = Literal["text", "markdown", "json"]
# What Markdown (GitHub's included) reads as syntax inside a line: backslash-escaped, so that
# a rule's text prints as written in a pull request or a wiki, never as a link or an image.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]()!|~{}#])")


def markdown_text(value: str) -> str:
    """Text for a Markdown document: HTML escaped, Markdown syntax backslash-escaped."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", html.escape(value, quote=False))


@dataclass(frozen=True)
class RuleChange:
    section: str  # the rule's section in the newer version (the older one for a removed rule)
    rule: Rule  # the rule as it is in the newer version (the older one for a removed rule)
    fields: tuple[str, ...] = ()  # for a changed rule: what changed, in RULE_FIELDS order
    old_section: str | None = None  # for a rule moved to another section


@dataclass(frozen=True)
class CharterDiff:
    old_version: str
    new_version: str
    added: tuple[RuleChange, ...]
    removed: tuple[RuleChange, ...]
    changed: tuple[RuleChange, ...]
    other: tuple[str, ...]  # names from OTHER_PARTS whose content changed
    changelog: tuple[Change, ...]  # the newer version's entries after the older version

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other)


@dataclass(frozen=True)
class VersionStep:
    """One version on the "what changed" page: its changelog, and its diff with the
    previous kept version (None for the oldest kept version)."""

    version: str
    date: Any  # dt.date of the version's changelog entry, or None
    diff: CharterDiff | None
    changelog: tuple[Change, ...]


def _rules(charter: Charter) -> dict[str, tuple[str, Rule]]:
    return {rule.id: (section, rule) for section in CHARTER_SECTIONS
            for rule in getattr(charter, section)}


def diff_charters(old: Charter, new: Charter) -> CharterDiff:
    old_rules, new_rules = _rules(old), _rules(new)
    added, changed = [], []
    for rule_id, (section, rule) in new_rules.items():
        if rule_id not in old_rules:
            added.append(RuleChange(section, rule))
            continue
        old_section, old_rule = old_rules[rule_id]
        fields = tuple(name for name in RULE_FIELDS
                       if normalised(getattr(rule, name)) != normalised(getattr(old_rule, name)))
        moved = old_section if old_section != section else None
        if fields or moved:
            changed.append(RuleChange(section, rule, fields, moved))
    removed = [RuleChange(section, rule) for rule_id, (section, rule) in old_rules.items()
               if rule_id not in new_rules]
    other = tuple(part for part in OTHER_PARTS
                  if normalised(getattr(old, part)) != normalised(getattr(new, part)))
    since, until = version_key(old.version), version_key(new.version)
    changelog = tuple(entry for entry in new.changelog
                      if since < version_key(entry.version) <= until)
    return CharterDiff(old.version, new.version, tuple(added), tuple(removed), tuple(changed),
                       other, changelog)


def version_steps(current: Charter, history: tuple[Charter, ...]) -> tuple[VersionStep, ...]:
    """Every kept version, newest first, each compared with the one kept before it."""
    versions = sorted((*history, current), key=lambda charter: version_key(charter.version))
    dates = {entry.version: entry.date for entry in current.changelog}
    steps = [VersionStep(newer.version, dates.get(newer.version), diff, diff.changelog)
             for older, newer in pairwise(versions)
             for diff in (diff_charters(older, newer),)]
    oldest = versions[0]
    steps.insert(0, VersionStep(
        oldest.version, dates.get(oldest.version), None,
        tuple(entry for entry in current.changelog
              if version_key(entry.version) <= version_key(oldest.version))))
    return tuple(reversed(steps))


# --- terminal formats (`handbook diff`) -----------------------------------------------------

PART_NAMES = {"preamble": "preamble", "bad_buzz": "bad-buzz procedure"}


def format_diff(diff: CharterDiff, form: DiffFormat, lang: str = "en") -> str:
    """The diff as `handbook diff` prints it; texts in `lang` when the charter has it."""
    if form == "json":
        return json.dumps(_as_json(diff), ensure_ascii=False, indent=2) + "\n"

    def text(value: LocalText) -> str:
        plain = " ".join(value.get(lang, (lang, *LANGUAGES)).split())
        return markdown_text(plain) if form == "markdown" else plain

    def rule_line(change: RuleChange, code: str) -> str:
        where = f"{change.section}/{change.rule.id}"
        where = f"`{where}`" if code == "md" else where
        line = f"{where}: {text(change.rule.title)}"
        if change.fields or change.old_section:
            what = list(change.fields)
            if change.old_section:
                what.append(f"moved from {change.old_section}")
            line += f" ({', '.join(what)})"
        return line

    groups = (("Added rules", diff.added), ("Removed rules", diff.removed),
              ("Changed rules", diff.changed))
    lines: list[str] = []
    if form == "markdown":
        lines += [f"## Charter {diff.old_version} → {diff.new_version}", ""]
        for title, changes in groups:
            lines += [f"### {title} ({len(changes)})", ""]
            lines += [f"- {rule_line(c, 'md')}" for c in changes] or ["None."]
            lines.append("")
        if diff.other:
            lines += ["### Also changed", ""]
            lines += [f"- {PART_NAMES[part]}" for part in diff.other] + [""]
        lines += ["### Changelog", ""]
        for entry in diff.changelog:
            lines += [f"**{entry.version}** ({entry.date.isoformat()})", ""]
            lines += [f"- {text(change)}" for change in entry.changes] + [""]
        if not diff.changelog:
            lines += ["No changelog entry.", ""]
        return "\n".join(lines[:-1]) + "\n"

    lines += [f"Charter {diff.old_version} → {diff.new_version}", ""]
    marks = {"Added rules": "+", "Removed rules": "-", "Changed rules": "~"}
    for title, changes in groups:
        lines.append(f"{title} ({len(changes)}):" if changes else f"{title}: none")
        lines += [f"  {marks[title]} {rule_line(c, 'text')}" for c in changes]
    if diff.other:
        lines.append(f"Also changed: {', '.join(PART_NAMES[part] for part in diff.other)}")
    lines += ["", "Changelog:" if diff.changelog else "Changelog: no entry."]
    for entry in diff.changelog:
        lines.append(f"  {entry.version} ({entry.date.isoformat()})")
        lines += [f"    - {text(change)}" for change in entry.changes]
    return "\n".join(lines) + "\n"


def _text_json(value: LocalText | None) -> Any:
    if value is None:
        return None
    return value.common if value.common is not None else dict(value.by_language)


def _as_json(diff: CharterDiff) -> dict[str, Any]:
    def rule(change: RuleChange, with_fields: bool = False) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": change.rule.id, "section": change.section,
                                 "title": _text_json(change.rule.title)}
        if with_fields:
            entry["fields"] = list(change.fields)
            entry["moved_from"] = change.old_section
        return entry

    return {
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "added": [rule(change) for change in diff.added],
        "removed": [rule(change) for change in diff.removed],
        "changed": [rule(change, with_fields=True) for change in diff.changed],
        "also_changed": list(diff.other),
        "changelog": [{"version": entry.version, "date": entry.date.isoformat(),
                       "changes": [_text_json(change) for change in entry.changes]}
                      for entry in diff.changelog],
    }
