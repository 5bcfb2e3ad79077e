"""The dashboard as `handbook kpi` shows it: text for the monthly review, JSON and CSV for
other tools. Pure functions from a Dashboard to a string; the command line prints it.

JSON keeps every value exact enough to check by hand: counts are integers, rates, scores and
shares are the nearest double to the exact fraction, undefined values are null with their
reason under "undefined". CSV has one line per period and group; an empty cell is a value
that is undefined or does not apply.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from fractions import Fraction
from typing import Any

from ..inputs.labels import labels
from ..model.posts import Posts
from ..model.vocab import REFERENCES, VOICES
from .kpi import ACTIVITY, INDICATORS, Dashboard, Figures, PeriodReport

GROUPS = (*VOICES, "overall", *REFERENCES)
REFERENCE_INDICATORS = tuple(name for name in ACTIVITY if name != "active_ambassadors")
RATES = ("engagement_rate", "embodiment_score")
RATIOS = ("overperformance_company", "overperformance_external")


def as_json(board: Dashboard) -> str:
    return json.dumps(_document(board), ensure_ascii=False, indent=2) + "\n"


def as_csv(board: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("period", "kind", "programme_month", "phase", "group", *INDICATORS))
    for kind, reports in (("month", board.months), ("quarter", board.quarters)):
        for report in reports:
            for group in GROUPS:
                figures = _group(report, group)
                writer.writerow((report.key, kind, report.programme_month, report.phase, group,
                                 *(_plain(getattr(figures, name)) for name in INDICATORS)))
    return out.getvalue()


def as_text(board: Dashboard, organisation: str) -> str:
    words = labels("en")["dashboard"]
    posts, period = board.posts, board.period
    lines = [
        f"KPI dashboard of {organisation}, month {period.key}",
        f"{posts.rows:,} rows read from {posts.file} ({posts.first_day} to {posts.last_day}).",
        _timeline(board, words),
        "",
        *_table(f"Month {period.key}", period, words),
        "",
        *_table(f"Quarter {board.quarter.key}"
                f"{'' if board.quarter.complete else f' (up to {period.key})'}",
                board.quarter, words),
        "",
        *_targets(board, words),
    ]
    return "\n".join(lines) + "\n"


# --- since launch (--period all) --------------------------------------------------------

def since_launch_json(report: PeriodReport, posts: Posts, start: dt.date) -> str:
    document = {"source": _source(posts), "programme_start": str(start),
                "since_launch": _report(report)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def since_launch_csv(report: PeriodReport) -> str:
    """The same columns as the monthly CSV, one line per group, kind "all"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("period", "kind", "programme_month", "phase", "group", *INDICATORS))
    for group in GROUPS:
        figures = _group(report, group)
        writer.writerow((f"{report.months[0]}/{report.months[-1]}", "all",
                         report.programme_month, report.phase, group,
                         *(_plain(getattr(figures, name)) for name in INDICATORS)))
    return out.getvalue()


def since_launch_text(report: PeriodReport, posts: Posts, start: dt.date,
                      organisation: str) -> str:
    words = labels("en")["dashboard"]
    first, last = report.months[0], report.months[-1]
    phase = words["phases"][report.phase]["title"]
    lines = [
        f"KPI dashboard of {organisation}, since launch ({first} to {last})",
        f"{posts.rows:,} rows read from {posts.file} ({posts.first_day} to {posts.last_day}).",
        (f"Programme start {start}; {last} is programme month {report.programme_month}: "
        f"{phase}."),
        "",
        *_table(f"Since launch ({len(report.months)} months)", report, words),
    ]
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------

def _document(board: Dashboard) -> dict[str, Any]:
    return {
        "source": _source(board.posts),
        "programme_start": str(board.start),
        "month": _report(board.period),
        "quarter": _report(board.quarter),
        "targets": [{"kpi": status.kpi, "target": _plain(status.target), "by": str(status.by),
                     "actual": _plain(status.actual), "share": _plain(status.share),
                     "status": status.status, "expected_from": status.expected_from,
                     "expected_month": status.expected_month}
                    for status in board.targets],
        "months": [_report(report) for report in board.months],
        "quarters": [_report(report) for report in board.quarters],
    }


def _source(posts: Posts) -> dict[str, Any]:
    return {"file": posts.file, "rows": posts.rows, "first_day": str(posts.first_day),
            "last_day": str(posts.last_day), "has_leads": posts.has_leads}


def _report(report: PeriodReport) -> dict[str, Any]:
    return {
        "period": report.key,
        "months": list(report.months),
        "complete": report.complete,
        "programme_month": report.programme_month,
        "phase": report.phase,
        "overall": _figures(report.overall, INDICATORS),
        "tracks": {track: _figures(report.tracks[track], INDICATORS) for track in VOICES},
        "references": {group: _figures(report.references[group], REFERENCE_INDICATORS)
                       for group in REFERENCES},
    }


def _figures(figures: Figures, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {name: _plain(getattr(figures, name)) for name in names}
    values["undefined"] = dict(sorted(figures.undefined.items()))
    return values


def _plain(value: Fraction | int | None) -> float | int | None:
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


# --- text ---------------------------------------------------------------------------------

def _group(report: PeriodReport, group: str) -> Figures:
    if group == "overall":
        return report.overall
    return report.tracks.get(group) or report.references[group]


def _timeline(board: Dashboard, words: dict[str, Any]) -> str:
    period = board.period
    phase = words["phases"][period.phase]["title"]
    if period.programme_month < 1:
        return f"Before the programme's start on {board.start}: {phase}."
    return f"Programme month {period.programme_month} (start {board.start}): {phase}."


def _table(title: str, report: PeriodReport, words: dict[str, Any]) -> list[str]:
    head = [title, *(words["groups"][group] for group in GROUPS)]
    rows = [head]
    notes = []
    for name in INDICATORS:
        row = [words["kpis"][name]]
        for group in GROUPS:
            figures = _group(report, group)
            value = getattr(figures, name)
            row.append(_shown(name, value, name in figures.undefined))
            if name in figures.undefined:
                notes.append(f"  {words['groups'][group]}, {words['kpis'][name]}: undefined, "
                             f"{words['reasons'][figures.undefined[name]]}")
        rows.append(row)
    widths = [max(len(row[column]) for row in rows) for column in range(len(head))]
    lines = ["  ".join(cell.ljust(widths[0]) if column == 0 else cell.rjust(widths[column])
                       for column, cell in enumerate(row)).rstrip() for row in rows]
    return lines + (["Undefined values:", *notes] if notes else [])


def _shown(name: str, value: Fraction | int | None, undefined: bool) -> str:
    if value is None:
        return "undefined" if undefined else "-"
    if name in RATES:
        return f"{float(value) * 100:.2f}%"
    if name in RATIOS:
        return f"{float(value):.2f}x"
    return f"{value:,}" if isinstance(value, int) else f"{float(value):,.2f}"


def _targets(board: Dashboard, words: dict[str, Any]) -> list[str]:
    if not board.targets:
        return ["Targets: none set (kpis.targets in handbook.yml)."]
    lines = [f"Targets, compared with {board.period.key} (internal voices):"]
    for status in board.targets:
        target = _shown(status.kpi, _integral(status.target), False)
        actual = _shown(status.kpi, status.actual, status.actual is None)
        share = f"{float(status.share) * 100:.0f}%" if status.share is not None else ""
        year, month = board.calendar_month(status.expected_month)
        verdict = words["statuses"][status.status].format(
            share=share, n=status.expected_month, month=f"{year}-{month:02d}")
        lines.append(f"  {words['kpis'][status.kpi]}: {actual} for a target of {target} by "
                     f"{status.by}: {verdict}")
    return lines


def _integral(value: Fraction) -> Fraction | int:
    return value.numerator if value.denominator == 1 else value
