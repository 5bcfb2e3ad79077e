"""The input contract, declared once.

These declarations validate the YAML (stage 2), are the typed, frozen model the later stages
read (stage 3), and are the source of the generated JSON Schema and input reference. Every
option is documented here, where it is declared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .text import Text

if TYPE_CHECKING:  # both modules import this one
    from .kpi import Posts
    from .validate import Sources

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    Field(description="An identifier: lower-case letters, digits and single hyphens."),
]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Url = Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
RelativePath = Annotated[str, StringConstraints(min_length=1)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$")]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 .()-]{3,}[0-9]$")]

Language = Literal["fr", "en"]
Priority = Literal["reputation", "leads", "employer_brand", "culture"]
Maturity = Literal["low", "medium", "high"]
Role = Literal["sponsor", "community_manager", "pen", "referent", "legal", "comms", "hr", "other"]
TrackId = Literal["employee", "experts", "leaders"]
Persona = Literal["expert", "manager", "salesperson", "reporter", "supporter"]
Pillar = Literal["business", "employer_brand", "reputation", "culture"]
Format = Literal["post", "carousel", "thread", "video", "article"]
Channel = Literal["linkedin", "instagram", "facebook", "x", "youtube", "tiktok", "blog", "podcast",
                  "conferences", "webinars", "press"]
Cadence = Literal["weekly", "fortnightly", "monthly", "quarterly", "yearly"]
Audience = Literal["clients", "talents", "regulators", "partners", "investors", "media"]
Kpi = Literal["posts", "active_ambassadors", "impressions", "engagements", "engagement_rate",
              "clicks", "leads", "embodiment_score", "impact_score",
              "overperformance_company", "overperformance_external"]


class Strict(BaseModel):
    """Base of every declaration: unknown keys are reported, the model is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- handbook.yml ---------------------------------------------------------------------------

class Organisation(Strict):
    name: str = Field(description="Full name of the organisation, as employees know it.")
    short_name: str | None = Field(None, description="Short name used in running text; "
                                                     "defaults to `name`.")
    website: Url | None = Field(None, description="Public website (https://...).")
    site_url: Url | None = Field(None, description="Address where the handbook will be "
                                                   "published on the intranet (https://...).")


class Branding(Strict):
    primary: Colour = Field("#0B4F6C", description="Main colour, as #RRGGBB: header and links.")
    accent: Colour = Field("#AC660C", description="Accent colour, as #RRGGBB: links under "
                                                  "the pointer and search highlights.")
    logo: RelativePath | None = Field(None, description="Logo file inside the folder "
                                                        "(SVG or PNG), e.g. `assets/logo.svg`.")
    favicon: RelativePath | None = Field(None, description="Browser-tab icon inside the folder, "
                                                           "e.g. `assets/favicon.png`.")
    auto_contrast: bool = Field(False, description="Text is written in `primary` and `accent` "
                                "on the white page, so each needs a contrast of 4.5:1 with white "
                                "(WCAG AA); a paler one is an error that proposes the nearest "
                                "readable shade. `true` uses that shade instead.")


class EmployeeTrack(Strict):
    launch_size: int = Field(ge=1, description="Number of volunteers in the launch circle "
                                               "(the playbook advises 15 to 40).")
    posts_per_month: float = Field(ge=0, description="Posts each ambassador is invited (never "
                                                      "required) to publish per month.")
    channels: list[Channel] = Field(["linkedin"], description="Networks the track uses.")


class Series(Strict):
    name: Text = Field(description="Name of the editorial series.")
    format: Format = Field(description="Format of each episode.")
    cadence: Cadence = Field(description="How often an episode comes out.")


class ExpertsTrack(Strict):
    launch_size: int = Field(ge=1, description="Number of experts at launch (the playbook "
                                               "advises 10 to 20).")
    posts_per_month: float = Field(ge=0, description="Posts each expert aims for per month.")
    topics: list[Text] = Field([], description="Expertise topics the programme covers.")
    series: list[Series] = Field([], description="Recurring editorial series.")
    channels: list[Channel] = Field(["linkedin"], description="Networks and venues the track "
                                                              "uses.")


class Leader(Strict):
    name: str = Field(description="Leader's name.")
    title: Text = Field(description="Leader's position.")
    territory: list[Text] = Field([], description="Speaking territory: the topics this leader "
                                                  "wants to talk about.")


class LeadersTrack(Strict):
    posts_per_month: float = Field(ge=0, description="Posts per month for each leader (about "
                                                      "one at first, says the playbook).")
    members: list[Leader] = Field(min_length=1, description="The leaders taking part.")
    channels: list[Channel] = Field(["linkedin"], description="Networks and venues the track "
                                                              "uses.")


class Tracks(Strict):
    employee: EmployeeTrack | None = Field(None, description="Employee Advocacy; absent = "
                                                             "not launched.")
    experts: ExpertsTrack | None = Field(None, description="Ambassadors / Experts; absent = "
                                                           "not launched.")
    leaders: LeadersTrack | None = Field(None, description="Leader Advocacy; absent = not "
                                                           "launched.")

    def launched(self) -> tuple[str, ...]:
        return tuple(name for name in ("employee", "experts", "leaders") if getattr(self, name))


class Steering(Strict):
    cadence: Cadence = Field(description="How often the steering committee meets.")
    members: list[Id] = Field(min_length=1, description="Ids of the people who sit on it "
                                                        "(see `people`).")


class Programme(Strict):
    priority: Priority = Field(description="Number-one objective for the next 12 to 18 months.")
    maturity: Maturity = Field(description="Digital and cultural maturity of the organisation.")
    start: dt.date = Field(description="Kick-off date, YYYY-MM-DD.")
    horizon_months: int = Field(18, ge=1, le=60, description="Length of the plan, in months.")
    audiences: list[Audience] = Field([], description="Audiences the programme wants to reach.")
    benefits: list[Text] = Field([], description="What ambassadors gain by taking part "
                                                 "(reciprocity).")
    tracks: Tracks = Field(description="The programmes launched; an absent one is not launched.")
    steering: Steering | None = Field(None, description="Group-level steering committee that "
                                      "coordinates the tracks (advised at high maturity).")


class Person(Strict):
    id: Id = Field(description="Identifier used to name this person elsewhere (`ask:`, `who:`).")
    role: Role = Field(description="Role in the programme.")
    name: str = Field(description="Full name.")
    title: Text | None = Field(None, description="Position in the organisation.")
    email: Email | None = Field(None, description="Work e-mail address.")
    phone: Phone | None = Field(None, description="Work phone number, in quotes, e.g. "
                                                  "\"+33 4 72 00 00 00\"; shown only if "
                                                  "`publish` lists it.")
    publish: list[Literal["email", "phone"]] = Field(
        ["email"], description="The contact details the handbook shows. The others never leave "
                               "this file: no page, search index, sitemap, PDF or zip holds them. "
                               "`[]` keeps them all private (the name and title are always "
                               "shown: write a team's name to keep a person's private).")

    def published(self) -> Person:
        """This person as the handbook may show them: unlisted contact details removed."""
        return self.model_copy(update={key: None for key in ("email", "phone")
                                       if key not in self.publish})


class CommunityChannel(Strict):
    tool: Literal["teams", "slack", "viva_engage", "workplace", "other"] = Field(
        description="Tool hosting the ambassadors' group.")
    name: Text = Field(description="Name of the group or channel.")
    url: Url | None = Field(None, description="Link to the group (https://...).")


class Ritual(Strict):
    name: Text = Field(description="Name of the ritual (e.g. post of the month).")
    cadence: Cadence = Field(description="How often it happens.")
    description: Text | None = Field(None, description="What happens, in a sentence or two.")


class Community(Strict):
    channel: CommunityChannel | None = Field(None, description="Where ambassadors exchange.")
    rituals: list[Ritual] = Field([], description="Recurring moments that keep the community "
                                                  "alive.")


class Target(Strict):
    kpi: Kpi = Field(description="Indicator the target applies to.")
    target: float = Field(description="Value to reach (rates and scores as decimals: 0.04 = 4 %).")
    by: dt.date = Field(description="Date by which to reach it, YYYY-MM-DD.")


class PostColumns(Strict):
    """The export's own column names, for the columns it names differently (case is ignored)."""

    date: str | None = Field(None, description="Column with the publication date, written "
                                                "YYYY-MM-DD.")
    author: str | None = Field(None, description="Column with the author's name or "
                                                  "pseudonymous id.")
    author_type: str | None = Field(None, description="Column with the kind of author: employee, "
                                                       "expert, leader, company_page or external.")
    mentions_company: str | None = Field(None, description="Column saying whether the post "
                                                            "mentions the company: true/false, "
                                                            "yes/no, 1/0 or oui/non.")
    topic: str | None = Field(None, description="Column with the post's topic; posts are compared "
                                                 "topic by topic.")
    impressions: str | None = Field(None, description="Column with the number of impressions "
                                                       "(often called views).")
    reactions: str | None = Field(None, description="Column with the number of reactions (likes).")
    comments: str | None = Field(None, description="Column with the number of comments.")
    shares: str | None = Field(None, description="Column with the number of shares (reposts).")
    clicks: str | None = Field(None, description="Column with the number of clicks on links.")
    leads: str | None = Field(None, description="Column with the number of leads (optional "
                                                 "column; an empty cell counts as 0).")


class Kpis(Strict):
    targets: list[Target] = Field([], description="Targets the dashboard compares results with.")
    posts: RelativePath | None = Field(None, description="CSV export of posts inside the folder, "
                                                         "e.g. `data/posts.csv`.")
    columns: PostColumns = Field(PostColumns(), description=(
        "The export's column names, when they differ from the standard ones, as `standard: "
        "Export name`, e.g. `impressions: Views`. The export is UTF-8 CSV (comma or semicolon), "
        "header first, columns in any order: date, author, author_type, mentions_company, "
        "topic, impressions, reactions, comments, shares, clicks, and optionally leads. "
        "Messages about a row give its CSV line number and the column's position (1 = first "
        "column)."))


class HandbookFile(Strict):
    """`handbook.yml`: the organisation, its programme, its people."""

    organisation: Organisation = Field(description="Who the handbook is for.")
    languages: list[Language] = Field(["fr"], min_length=1, description="Languages of the "
                                      "handbook; the first is the default.")
    branding: Branding = Field(Branding(), description="Colours, logo and icon.")
    programme: Programme = Field(description="Priority, maturity, calendar and tracks.")
    people: list[Person] = Field(min_length=1, description="Roles and contacts, referenced by id.")
    community: Community = Field(Community(), description="Ambassadors' channel and rituals.")
    kpis: Kpis = Field(Kpis(), description="Targets and post export for the dashboard.")

    def published(self) -> HandbookFile:
        """The settings without the people's private contact details (see Person.publish)."""
        return self.model_copy(update={"people": [p.published() for p in self.people]})


# --- charter.yml ----------------------------------------------------------------------------

class CoBuilding(Strict):
    date: dt.date = Field(description="Date of the session, YYYY-MM-DD.")
    format: Literal["workshop", "survey", "interviews", "review", "pilot"] = Field(
        description="Kind of session.")
    participants: int = Field(ge=1, description="Number of people who took part.")


class Rule(Strict):
    id: Id = Field(description="Stable identifier: the rule's anchor and key in the history.")
    title: Text = Field(description="The rule in one line.")
    text: Text | None = Field(None, description="Explanation of the rule.")
    example: Text | None = Field(None, description="A concrete example.")
    question: Text | None = Field(None, description="The rule as a yes/no question an "
                                                    "ambassador asks before posting.")
    ask: Id | None = Field(None, description="Id of the person to ask when in doubt.")


class BadBuzzStep(Strict):
    do: Text = Field(description="What to do at this step.")
    who: Id = Field(description="Id of the person who does it.")


class BadBuzz(Strict):
    steps: list[BadBuzzStep] = Field(min_length=1, description="The procedure, in order.")


class Acknowledgement(Strict):
    url: Url | None = Field(None, description="Form or HR tool where ambassadors confirm they "
                                              "read this version.")


class Change(Strict):
    version: Version = Field(description="Charter version, in quotes (e.g. \"1.2\").")
    date: dt.date = Field(description="Date of the version, YYYY-MM-DD.")
    changes: list[Text] = Field(min_length=1, description="What changed.")


class Charter(Strict):
    """`charter.yml`: the co-built social-media charter."""

    version: Version = Field(description="Version of the charter, in quotes (e.g. \"1.2\").")
    status: Literal["draft", "adopted"] = Field(description="Draft, or adopted by the programme.")
    adopted_on: dt.date | None = Field(None, description="Adoption date, YYYY-MM-DD.")
    co_built: list[CoBuilding] = Field([], description="Sessions where the charter was co-built "
                                                       "with ambassadors.")
    preamble: Text = Field(description="Why the charter exists, in the organisation's words.")
    encouraged: list[Rule] = Field(min_length=1, description="What ambassadors are encouraged "
                                                             "to do.")
    discouraged: list[Rule] = Field(min_length=1, description="What to avoid.")
    confidentiality: list[Rule] = Field(min_length=1, description="What must never be shared.")
    legal: list[Rule] = Field(min_length=1, description="Legal rules (rights, disclosure, data).")
    moderation: list[Rule] = Field(min_length=1, description="How to handle comments and "
                                                             "conflicts.")
    bad_buzz: BadBuzz = Field(description="What to do when a post goes wrong.")
    acknowledgement: Acknowledgement | None = Field(None, description="Where to confirm reading.")
    changelog: list[Change] = Field([], description="Versions, newest first.")


CHARTER_SECTIONS = ("encouraged", "discouraged", "confidentiality", "legal", "moderation")


# --- kits/<id>.yml and training/<id>.yml ----------------------------------------------------

class Idea(Strict):
    angle: Text = Field(description="The idea: what the post is about.")
    prompts: list[Text] = Field([], description="Questions that help the author make it theirs.")
    openers: list[Text] = Field([], description="Possible first lines, to adapt.")
    example: Text | None = Field(None, description="An example, shown as an example to rewrite, "
                                                   "never to copy.")


class Kit(Strict):
    """`kits/<id>.yml`: a post-idea kit."""

    title: Text = Field(description="Title of the kit.")
    track: TrackId = Field(description="Track the kit is written for.")
    personas: list[Persona] = Field(min_length=1, description="Ambassador personas it suits.")
    pillar: Pillar = Field(description="Pillar of the programme it serves.")
    format: Format = Field(description="Suggested format.")
    ideas: list[Idea] = Field(min_length=1, description="The post ideas.")
    do: list[Text] = Field([], description="Good practices for these posts.")
    avoid: list[Text] = Field([], description="What to avoid.")
    hashtags: list[str] = Field([], description="Suggested hashtags, without or with `#`.")


class AgendaItem(Strict):
    minutes: int = Field(ge=1, description="Length of the sequence, in minutes.")
    title: Text = Field(description="Name of the sequence.")
    activity: Text | None = Field(None, description="What participants do.")


class Module(Strict):
    """`training/<id>.yml`: a training module."""

    title: Text = Field(description="Title of the module.")
    audience: list[TrackId] = Field(min_length=1, description="Tracks the module is for.")
    duration_minutes: int = Field(ge=1, description="Total length; the agenda must add up to it.")
    objectives: list[Text] = Field([], description="What participants can do afterwards.")
    agenda: list[AgendaItem] = Field(min_length=1, description="Timed sequences, in order.")
    exercises: list[Text] = Field([], description="Exercises done during the session.")
    kits: list[Id] = Field([], description="Ids of the kits used (files in `kits/`).")
    materials: list[Text] = Field([], description="What to bring or prepare.")


# --- the whole folder -----------------------------------------------------------------------

@dataclass(frozen=True)
class Handbook:
    """A validated organisation folder: what every later stage reads."""

    folder: Path
    settings: HandbookFile
    charter: Charter
    kits: tuple[tuple[str, Kit], ...]
    modules: tuple[tuple[str, Module], ...]
    # Earlier versions of the charter (history/charter-<version>.yml), oldest first.
    history: tuple[Charter, ...] = ()
    # Where each part was written, for the programme diagnostic's positions; not model data.
    sources: Sources | None = field(default=None, compare=False, repr=False)
    posts: Posts | None = None  # the export of kpis.posts, read and summed

    def person(self, person_id: str) -> Person:
        return next(p for p in self.settings.people if p.id == person_id)

    def kit(self, kit_id: str) -> Kit:
        return dict(self.kits)[kit_id]


# --- group.yml and the files of a group's entities --------------------------------------------

class GroupInfo(Strict):
    name: str = Field(description="Full name of the group, as the portal shows it.")
    short_name: str | None = Field(None, description="Short name used in running text; "
                                                     "defaults to `name`.")
    website: Url | None = Field(None, description="Public website (https://...).")
    site_url: Url | None = Field(None, description="Address where the portal will be published "
                                                   "(https://...); each entity's handbook lies "
                                                   "under it, at `<entity id>/`, unless the "
                                                   "entity gives its own "
                                                   "`organisation.site_url`.")


class SharedRule(Rule):
    mandatory: bool = Field(False, description="Every entity keeps this rule as written here: "
                                               "an entity can neither drop it nor replace it.")


class SharedCharter(Strict):
    version: Version = Field(description="Version of the shared rules, in quotes (e.g. \"2.1\"); "
                                         "each entity's charter.yml names the version it was "
                                         "adopted with (`group_version`).")
    adopted_on: dt.date | None = Field(None, description="Date this version of the shared rules "
                                                         "was adopted, YYYY-MM-DD.")
    preamble: Text | None = Field(None, description="Preamble of the entities whose charter.yml "
                                                    "has none.")
    encouraged: list[SharedRule] = Field([], description="Shared rules on what ambassadors are "
                                                         "encouraged to do; each entity's own "
                                                         "rules of the section follow them.")
    discouraged: list[SharedRule] = Field([], description="Shared rules on what to avoid.")
    confidentiality: list[SharedRule] = Field([], description="Shared rules on what must never "
                                                              "be shared.")
    legal: list[SharedRule] = Field([], description="Shared legal rules.")
    moderation: list[SharedRule] = Field([], description="Shared rules on comments and "
                                                         "conflicts.")
    bad_buzz: BadBuzz | None = Field(None, description="Procedure of the entities whose "
                                                       "charter.yml has none; its `who:` ids "
                                                       "must be people of each such entity or "
                                                       "of the group.")
    changelog: list[Change] = Field([], description="Versions of the shared rules, newest first.")


class GroupFile(Strict):
    """`group.yml`: a group of organisations, its entities, sharing a charter base, contacts,
    kits and training modules. Each entity is a folder `entities/<id>/` in the usual format."""

    group: GroupInfo = Field(description="Who the group is.")
    languages: list[Language] = Field(["fr"], min_length=1, description="Languages of the "
                                      "portal, the first being the default; also the languages "
                                      "of each entity whose handbook.yml gives none.")
    branding: Branding = Field(Branding(), description="Colours, logo and icon of the portal; "
                               "each entity takes every key its own `branding` does not give. "
                               "Paths are inside the group's folder.")
    people: list[Person] = Field([], description="Contacts every entity shares (the group's "
                                 "legal counsel, say), for the `ask:` and `who:` of shared "
                                 "rules; an entity's person with the same id replaces the "
                                 "group's.")
    charter: SharedCharter = Field(description="The shared rules every entity's charter starts "
                                               "with.")
    entities: list[Id] = Field(min_length=1, description="Ids of the entities, in the portal's "
                               "order; each one is a folder `entities/<id>/` holding its "
                               "handbook.yml and charter.yml.")


class EntityHandbookFile(HandbookFile):
    """`entities/<id>/handbook.yml`: an entity of a group, written as handbook.yml; what it
    does not give comes from group.yml."""

    languages: Annotated[list[Language], Field(min_length=1)] | None = Field(
        None, description="Languages of the entity's handbook, the first being the default; "
                          "by default, the group's.")
    branding: Branding = Field(Branding(), description="Colours, logo and icon; each key not "
                                                       "given here is the group's.")
    people: list[Person] = Field([], description="Roles and contacts, referenced by id; the "
                                 "group's people are added, except those whose id is given "
                                 "here too.")
    drop_kits: list[Id] = Field([], description="Ids of the group's shared kits this entity "
                                "leaves out. A file of the entity's own kits/ with the id of a "
                                "shared kit replaces it.")
    drop_training: list[Id] = Field([], description="Ids of the group's shared training modules "
                                    "this entity leaves out. A file of the entity's own "
                                    "training/ with the id of a shared module replaces it.")


class EntityCharter(Charter):
    """`entities/<id>/charter.yml`: an entity's charter, written as charter.yml; its rules
    follow the group's shared rules of the same section."""

    preamble: Text | None = Field(None, description="Why the charter exists; by default, the "
                                                    "group's preamble.")
    encouraged: list[Rule] = Field([], description="The entity's own rules on what ambassadors "
                                   "are encouraged to do. An id of a shared rule cannot be "
                                   "reused: drop the shared rule to replace it.")
    discouraged: list[Rule] = Field([], description="The entity's own rules on what to avoid.")
    confidentiality: list[Rule] = Field([], description="The entity's own rules on what must "
                                                        "never be shared.")
    legal: list[Rule] = Field([], description="The entity's own legal rules.")
    moderation: list[Rule] = Field([], description="The entity's own rules on comments and "
                                                   "conflicts.")
    bad_buzz: BadBuzz | None = Field(None, description="What to do when a post goes wrong; by "
                                                       "default, the group's procedure.")
    group_version: Version = Field(description="Version of the group's shared rules "
                                   "(`charter.version` in group.yml) this charter was adopted "
                                   "with, in quotes; `handbook check` reports an older one.")
    drop: list[Id] = Field([], description="Ids of the shared rules this entity leaves out; a "
                                           "rule marked `mandatory` cannot be left out.")
