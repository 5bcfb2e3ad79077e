"""Stage 4, check: the programme itself, against the playbook's rules.

Validation (stage 2) says whether the files are well formed; this stage says whether the
programme they describe is sound: the decision matrix, launch sizes, rhythm, the five
principles, the five pitfalls and the roles. Each finding has a severity, a stable code, the
place to change (with the positions validation uses) and the handbook chapter that explains
the rule. Its message exists in every language of the tool, from the `findings:` words of
content/<lang>/labels.yml: English in the terminal, the page's language in the handbook's
"Programme diagnostic" page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import SEVERITIES, Severity
from ..core.text import LANGUAGES, LocalText
from ..core.typography import format_number
from ..inputs.cross_check import texts_of
from ..inputs.labels import labels
from ..inputs.positions import DocumentKey, Loc
from ..model.handbook import Handbook
from ..model.playbook import LAUNCH_RANGES, RECOMMENDED_TRACKS
from ..model.timeline import programme_timeline
from .alike import AlikeTexts
from .dates import DATE_CHECKS, date_checks
from .wording import Example, example, obligation


@dataclass(frozen=True)
class Check:
    """One of the playbook's rules the diagnostic checks (not a charter's model.charter.Rule)."""

    code: str  # stable: tools and CI filters rely on it
    severity: Severity
    chapter: str  # a chapter of content/<lang>/, as in site.plan.CHAPTERS
    words: str  # key of the message under `findings:` in labels.yml


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    file: str  # inside the organisation's folder, e.g. "kits/day-in-my-life.yml"
    line: int
    col: int
    path: str  # the key concerned, dotted as in validation messages
    message: LocalText  # one sentence per language
    chapter: str

    def sort_key(self) -> tuple:
        return SEVERITIES.index(self.severity), self.file, self.line, self.col, self.code


# --- the rules, with their thresholds ---------------------------------------------------------

# From this size on, a launch is the "spreadsheet of names" the playbook warns against.
SPREADSHEET_SIZE = 100
# Posts a month: leaders start at about one; volunteers rarely sustain more than one a week.
LEADERS_MAX_POSTS = 2
AMBASSADOR_MAX_POSTS = 4
# Business results come between months 9 and 12; targets on these before month 9 are ROI haste.
BUSINESS_RESULT_KPIS = ("leads",)
FIRST_RESULTS_MONTH = 9
# "Heavily outnumbering": more than this many discouraged rules per encouraged one.
DISCOURAGED_RATIO = 2
CONTACT_ROLES = ("legal", "comms", "hr")

_MATRIX = "steering/decision-matrix.md"
_PRINCIPLES = "discover/principles.md"
_PITFALLS = "steering/pitfalls.md"
_GOVERNANCE = "steering/governance.md"


def _mix_code(priority: str, track: str) -> str:
    return f"mix/priority-{priority.replace('_', '-')}-without-{track}"


def _checks() -> Iterator[Check]:
    for priority, tracks in RECOMMENDED_TRACKS.items():
        for track in tracks:
            yield Check(_mix_code(priority, track), "warning", _MATRIX,
                        "mix/priority-without-track")
    for code, severity, chapter in (
        ("mix/low-maturity-all-tracks", "warning", _MATRIX),
        ("mix/high-maturity-without-steering", "warning", _MATRIX),
        ("mix/high-maturity-partial", "advice", _MATRIX),
        ("size/launch-small", "advice", "faq.md"),
        ("size/launch-large", "warning", "faq.md"),
        ("size/launch-spreadsheet", "warning", "faq.md"),
        ("cadence/leaders-too-frequent", "warning", "leaders/index.md"),
        ("cadence/employee-too-frequent", "warning", "employees/index.md"),
        ("cadence/experts-too-frequent", "warning", "experts/index.md"),
        ("principle/mandatory-participation", "error", _PRINCIPLES),
        ("principle/no-benefits", "warning", _PRINCIPLES),
        ("principle/track-without-training", "warning", _PRINCIPLES),
        ("principle/missing-contact", "warning", _PRINCIPLES),
        ("principle/no-referent", "warning", _PRINCIPLES),
        ("principle/charter-not-co-built", "advice", _PRINCIPLES),
        ("principle/more-discouraged-than-encouraged", "advice", _PRINCIPLES),
        ("pitfall/parrot-examples", "warning", _PITFALLS),
        ("pitfall/example-without-prompts", "warning", _PITFALLS),
        ("pitfall/no-community-channel", "warning", _PITFALLS),
        ("pitfall/no-rituals", "warning", _PITFALLS),
        ("pitfall/no-leaders-track", "advice", _PITFALLS),
        ("pitfall/silent-leaders", "warning", _PITFALLS),
        ("pitfall/draft-charter", "advice", _PITFALLS),
        ("pitfall/early-roi-target", "warning", _PITFALLS),
        ("role/no-sponsor", "warning", _GOVERNANCE),
        ("role/no-community-manager", "warning", _GOVERNANCE),
        ("role/leaders-without-pen", "warning", _GOVERNANCE),
        *DATE_CHECKS,
    ):
        yield Check(code, severity, chapter, code)


CHECKS: dict[str, Check] = {rule.code: rule for rule in _checks()}

# Message parameters that are ids of a closed list, shown in words (`<name>_id` keeps the id).
_WORDED_PARAMS = {
    "track": ("enums", "track"),
    "priority": ("enums", "priority"),
    "role": ("enums", "role"),
    "section": ("charter", "sections"),
}

Add = Callable[..., None]


def diagnose(handbook: Handbook, alike: AlikeTexts | None = None) -> tuple[Finding, ...]:
    """Every finding on a validated handbook, errors first, then by file and position.

    `alike`: the examples' look-alikes found by earlier diagnostics, searched again only for
    the texts they have not seen (see alike.py)."""
    sources = handbook.sources
    if sources is None:
        raise ValueError("diagnose() needs a handbook loaded by validate.load_handbook")
    findings: list[Finding] = []

    def add(code: str, document: DocumentKey, loc: Loc, *, at_key: bool = False,
            **params: Any) -> None:
        rule = CHECKS[code]
        file, line, col, path = sources.locate(document, loc, at_key=at_key)
        findings.append(Finding(rule.severity, code, file, line, col, path,
                                message_of(rule, params), rule.chapter))

    def add_at(code: str, file: str, line: int, col: int, path: str, **params: Any) -> None:
        rule = CHECKS[code]
        findings.append(Finding(rule.severity, code, file, line, col, path,
                                message_of(rule, params), rule.chapter))

    for rules in (_decision_matrix, _launch_sizes, _cadence, _principles):
        rules(handbook, add)
    _pitfalls(handbook, add, alike if alike is not None else AlikeTexts())
    _roles(handbook, add)
    date_checks(handbook, add, add_at)
    return tuple(sorted(findings, key=Finding.sort_key))


def message_of(check: Check, params: dict[str, Any]) -> LocalText:
    """A finding's message in every language of the tool."""
    return LocalText(by_language=tuple((lang, _message(check.words, lang, params))
                                       for lang in LANGUAGES))


def _message(words_key: str, lang: str, params: dict[str, Any]) -> str:
    words = labels(lang)
    fields: dict[str, Any] = {}
    for name, value in params.items():
        if name in _WORDED_PARAMS:
            group, kind = _WORDED_PARAMS[name]
            fields[name] = words[group][kind][value]
            fields[f"{name}_id"] = value
        elif isinstance(value, float):
            fields[name] = format_number(value, words["decimal_separator"],
                                         words["thousands_separator"])
        else:
            fields[name] = value
    return words["findings"][words_key].format(**fields)


# --- decision matrix ------------------------------------------------------------------------

def _decision_matrix(handbook: Handbook, add: Add) -> None:
    programme = handbook.settings.programme
    launched = programme.tracks.launched()
    recommended = RECOMMENDED_TRACKS[programme.priority]
    tracks_key = ("programme", "tracks")
    for track in recommended:
        if track not in launched:
            add(_mix_code(programme.priority, track), "handbook", tracks_key, at_key=True,
                priority=programme.priority, track=track)
    if programme.maturity == "low" and len(launched) == 3:
        add("mix/low-maturity-all-tracks", "handbook", ("programme", "maturity"))
    if programme.maturity == "high":
        if programme.steering is None:
            add("mix/high-maturity-without-steering", "handbook", ("programme", "maturity"))
        for track in ("employee", "experts", "leaders"):
            # A recommended track that is missing is already a decision-matrix warning.
            if track not in launched and track not in recommended:
                add("mix/high-maturity-partial", "handbook", tracks_key, at_key=True,
                    track=track)


# --- launch sizes and rhythm ----------------------------------------------------------------

def _launch_sizes(handbook: Handbook, add: Add) -> None:
    programme = handbook.settings.programme
    for track in programme.tracks.launched():
        settings = getattr(programme.tracks, track)
        if track == "leaders":
            size, loc = len(settings.members), ("programme", "tracks", "leaders", "members")
        else:
            size, loc = settings.launch_size, ("programme", "tracks", track, "launch_size")
        low, high = LAUNCH_RANGES[track]
        at_key = track == "leaders"
        params = {"size": size, "track": track, "low": low, "high": high}
        if track != "leaders" and size >= SPREADSHEET_SIZE:
            add("size/launch-spreadsheet", "handbook", loc, **params)
        elif size > high:
            add("size/launch-large", "handbook", loc, at_key=at_key, **params)
        # At low maturity the playbook itself starts with one or two leaders.
        elif size < low and not (track == "leaders" and programme.maturity == "low"):
            add("size/launch-small", "handbook", loc, at_key=at_key, **params)


def _cadence(handbook: Handbook, add: Add) -> None:
    tracks = handbook.settings.programme.tracks
    for track, limit in (("leaders", LEADERS_MAX_POSTS), ("employee", AMBASSADOR_MAX_POSTS),
                         ("experts", AMBASSADOR_MAX_POSTS)):
        settings = getattr(tracks, track)
        if settings is not None and settings.posts_per_month > limit:
            add(f"cadence/{track}-too-frequent", "handbook",
                ("programme", "tracks", track, "posts_per_month"),
                n=float(settings.posts_per_month))


# --- the five principles --------------------------------------------------------------------

def _participation_texts(handbook: Handbook) -> Iterator[tuple[DocumentKey, Loc, LocalText]]:
    # Where a programme talks about taking part. Kits and the legal sections are left out:
    # they legitimately speak of obligations (regulations, disclosure).
    settings, charter = handbook.settings, handbook.charter
    scopes: list[tuple[DocumentKey, Any, Loc]] = [
        ("handbook", settings.programme.benefits, ("programme", "benefits")),
        ("handbook", settings.community.rituals, ("community", "rituals")),
        ("charter", charter.preamble, ("preamble",)),
        ("charter", charter.encouraged, ("encouraged",)),
    ]
    scopes += [(("module", module_id), module, ()) for module_id, module in handbook.modules]
    for document, value, loc in scopes:
        for text_loc, text in texts_of(value, loc):
            yield document, text_loc, text


def _principles(handbook: Handbook, add: Add) -> None:
    settings, charter = handbook.settings, handbook.charter
    programme = settings.programme

    # Volunteering.
    for document, loc, text in _participation_texts(handbook):
        variants = [text.common] if text.common is not None else [t for _, t in text.by_language]
        word = next((found for found in map(obligation, variants) if found), None)
        if word:
            add("principle/mandatory-participation", document, loc, word=word)

    # Reciprocity.
    if not programme.benefits:
        add("principle/no-benefits", "handbook", ("programme", "benefits"), at_key=True)

    # Support and training.
    for track in programme.tracks.launched():
        if not any(track in module.audience for _, module in handbook.modules):
            add("principle/track-without-training", "handbook", ("programme", "tracks", track),
                at_key=True, track=track)

    # A clear framework (an empty charter section is already a validation error).
    roles = {person.role for person in settings.people}
    for role in CONTACT_ROLES:
        if role not in roles:
            add("principle/missing-contact", "handbook", ("people",), at_key=True, role=role)
    if "referent" not in roles:
        add("principle/no-referent", "handbook", ("people",), at_key=True)
    if not charter.co_built:
        add("principle/charter-not-co-built", "charter", ("co_built",), at_key=True)

    # Trust and letting go.
    encouraged, discouraged = len(charter.encouraged), len(charter.discouraged)
    if encouraged and discouraged > DISCOURAGED_RATIO * encouraged:
        add("principle/more-discouraged-than-encouraged", "charter", ("discouraged",),
            at_key=True, encouraged=encouraged, discouraged=discouraged)


# --- the five pitfalls ----------------------------------------------------------------------

def _pitfalls(handbook: Handbook, add: Add, alike: AlikeTexts) -> None:
    settings, charter = handbook.settings, handbook.charter
    programme = settings.programme
    _parrot_effect(handbook, add, alike)

    if settings.community.channel is None:
        add("pitfall/no-community-channel", "handbook", ("community", "channel"), at_key=True)
    if not settings.community.rituals:
        add("pitfall/no-rituals", "handbook", ("community", "rituals"), at_key=True)

    leaders = programme.tracks.leaders
    if leaders is None and "leaders" not in RECOMMENDED_TRACKS[programme.priority]:
        add("pitfall/no-leaders-track", "handbook", ("programme", "tracks"), at_key=True)
    if leaders is not None and leaders.posts_per_month == 0:
        add("pitfall/silent-leaders", "handbook",
            ("programme", "tracks", "leaders", "posts_per_month"))

    if charter.status == "draft":
        add("pitfall/draft-charter", "charter", ("status",))

    month9 = programme_timeline(settings, charter).milestones[f"month{FIRST_RESULTS_MONTH}"]
    for index, target in enumerate(settings.kpis.targets):
        if target.kpi in BUSINESS_RESULT_KPIS and target.by < month9:
            add("pitfall/early-roi-target", "handbook", ("kpis", "targets", index, "by"),
                kpi=target.kpi, by=target.by.isoformat(), month9=month9.isoformat())


def _parrot_effect(handbook: Handbook, add: Add, alike: AlikeTexts) -> None:
    sources = handbook.sources
    examples: list[Example] = []
    ideas: list[tuple[str, int, Any, range]] = []  # kit, idea, its examples' positions
    for kit_id, kit in handbook.kits:
        for index, idea in enumerate(kit.ideas):
            if idea.example is None:
                continue
            texts = ([(None, idea.example.common)] if idea.example.common is not None
                     else list(idea.example.by_language))
            ideas.append((kit_id, index, idea, range(len(examples), len(examples) + len(texts))))
            examples += [example(kit_id, index, lang, text) for lang, text in texts]
    twins = alike.alike(examples)
    for kit_id, index, idea, positions in ideas:
        loc = ("ideas", index)
        if not idea.prompts:
            add("pitfall/example-without-prompts", ("kit", kit_id), loc)
        # The first of its examples said before, by the earliest idea that said it.
        twin = next((examples[twins[position][0]] for position in positions
                     if twins[position] and twins[position][0] < positions.start), None)
        if twin is not None:
            other, other_line, _, _ = sources.locate(("kit", twin.kit_id),
                                                     ("ideas", twin.idea, "example"))
            add("pitfall/parrot-examples", ("kit", kit_id), loc + ("example",),
                other=other, other_line=other_line)


# --- roles ----------------------------------------------------------------------------------

def _roles(handbook: Handbook, add: Add) -> None:
    settings = handbook.settings
    roles = {person.role for person in settings.people}
    if "sponsor" not in roles:
        add("role/no-sponsor", "handbook", ("people",), at_key=True)
    if "community_manager" not in roles:
        add("role/no-community-manager", "handbook", ("people",), at_key=True)
    if settings.programme.tracks.leaders is not None and "pen" not in roles:
        add("role/leaders-without-pen", "handbook", ("programme", "tracks", "leaders"),
            at_key=True)


def counts(findings: tuple[Finding, ...]) -> dict[Severity, int]:
    """How many findings of each severity, in severity order."""
    return {severity: sum(1 for f in findings if f.severity == severity)
            for severity in SEVERITIES}

