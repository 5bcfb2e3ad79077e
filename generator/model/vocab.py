"""Every vocabulary of the input contract, declared once.

The schema, the checks, the pages, the KPIs and the command line's choices all import these
names: a value is added or renamed here and nowhere else.
"""

from __future__ import annotations

from typing import Literal, get_args

from ..core.languages import LANGUAGES

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
CharterSection = Literal["encouraged", "discouraged", "confidentiality", "legal", "moderation"]
# Who wrote a post, in an export of posts: one of the programme's voices, or a reference the
# voices are compared with. A voice is a person (an expert); a track is a programme (experts).
AuthorType = Literal["employee", "expert", "leader", "company_page", "external"]

# The languages a text may be written in are core.languages': the schema's Literal must agree.
assert get_args(Language) == LANGUAGES
PRIORITIES: tuple[Priority, ...] = get_args(Priority)
MATURITIES: tuple[Maturity, ...] = get_args(Maturity)
TRACKS: tuple[TrackId, ...] = get_args(TrackId)
CHARTER_SECTIONS: tuple[CharterSection, ...] = get_args(CharterSection)
AUTHOR_TYPES: tuple[AuthorType, ...] = get_args(AuthorType)
VOICES: tuple[AuthorType, ...] = ("employee", "expert", "leader")  # the internal voices
REFERENCES: tuple[AuthorType, ...] = ("company_page", "external")  # what voices are compared with
