"""`handbook.yml`: the organisation, its programme, its people, its targets."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ..core.colour import nearest_readable_shade
from ..core.text import Text
from .fields import Colour, Email, Guid, Id, Phone, RelativePath, SiteUrl, Strict, Url
from .vocab import (
    TRACKS,
    Audience,
    Cadence,
    Channel,
    Format,
    Kpi,
    Language,
    Maturity,
    Priority,
    Role,
)


class Organisation(Strict):
    name: str = Field(description="Full name of the organisation, as employees know it.")
    short_name: str | None = Field(None, description="Short name used in running text; "
                                                     "defaults to `name`.")
    website: Url | None = Field(None, description="Public website (https://...).")
    site_url: SiteUrl | None = Field(None, description="Address where the handbook will be "
                                                   "published on the intranet (https://...).")


class Branding(Strict):
    primary: Colour = Field("#0B4F6C", description="Main colour, as #RRGGBB, kept exactly as "
                                                   "given: the header band and the pages' "
                                                   "accents. Links are written in it, or in "
                                                   "`primary_text` when it is too light for "
                                                   "text.")
    accent: Colour = Field("#AC660C", description="Accent colour, as #RRGGBB, kept exactly as "
                                                  "given: card borders, rule markers, chart "
                                                  "fills. Links under the pointer and search "
                                                  "highlights are written in it, or in "
                                                  "`accent_text` when it is too light for text.")
    primary_text: Colour | None = Field(None, description="The shade of `primary` that text "
                                        "and links are written in, when `primary` has a "
                                        "contrast below 4.5:1 on the white page (WCAG AA). "
                                        "Left out, the nearest readable shade is derived and "
                                        "a warning names it; given, it must reach 4.5:1.")
    accent_text: Colour | None = Field(None, description="The shade of `accent` that text is "
                                       "written in, when `accent` has a contrast below 4.5:1 "
                                       "on the white page. Left out, the nearest readable "
                                       "shade is derived and a warning names it; given, it "
                                       "must reach 4.5:1.")
    logo: RelativePath | None = Field(None, description="Logo file inside the folder "
                                                        "(SVG or PNG), e.g. `assets/logo.svg`.")
    favicon: RelativePath | None = Field(None, description="Browser-tab icon inside the folder, "
                                                           "e.g. `assets/favicon.png`.")

    def text_colour(self, key: str) -> str:
        """What text in brand colour `key` (primary or accent) is written in: the chosen
        shade, the colour itself when it is readable on white, else its nearest readable
        shade."""
        chosen = getattr(self, f"{key}_text")
        return (chosen or nearest_readable_shade(getattr(self, key))).lower()


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
        return tuple(name for name in TRACKS if getattr(self, name))


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


class Microsoft365(Strict):
    """Publishing on Microsoft 365: Azure Static Web Apps behind Entra ID, and a Teams app."""

    tenant_id: Guid = Field(description="The organisation's Microsoft Entra ID tenant (the "
                            "Tenant ID of Entra ID's overview page): only its accounts can sign "
                            "in. Needs an https `organisation.site_url` without a path.")
    teams_app_id: Guid | None = Field(None, description="The Teams app's id; by default one "
                                      "derived from the organisation's name, the same at every "
                                      "build. Set it to keep the id of an app already published.")


class Publishing(Strict):
    microsoft_365: Microsoft365 | None = Field(None, description="Publish on Azure Static Web "
                                               "Apps with Entra ID sign-in (the build writes "
                                               "`staticwebapp.config.json`) and make a Teams app.")


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
    publishing: Publishing = Field(Publishing(), description="Where the handbook is published, "
                                   "when the tool prepares the hosting.")

    def published(self) -> HandbookFile:
        """The settings without the people's private contact details (see Person.publish)."""
        return self.model_copy(update={"people": [p.published() for p in self.people]})

