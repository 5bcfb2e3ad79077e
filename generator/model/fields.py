"""The kinds of value a field may hold, with the hint an editor reads when one is wrong."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
# Addresses reach attributes (href, canonical links) and the site's configuration: a host, an
# optional port, then no character that could end an attribute or hide a second address
# (quotes, angle brackets, backslashes, white space); no user name or password before the host.
_HOST = r"(?:[\w-]+(?:\.[\w-]+)*|\[[0-9A-Fa-f:.]+\])"
_WEB = rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#][^\s\"'<>\\`^{{}}|]*)?"
_ADDRESS = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
URL_PATTERN = rf"^(?:{_WEB}|mailto:{_ADDRESS})$"
SITE_URL_PATTERN = rf"^{_WEB}$"
EMAIL_PATTERN = rf"^{_ADDRESS}$"
VERSION_PATTERN = r"^\d+(\.\d+)*$"
PHONE_PATTERN = r"^\+?[0-9][0-9 .()-]{3,}[0-9]$"
GUID_PATTERN = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

_URL_HINT = ("must be a full web address starting with https://, with no quotes, angle "
             "brackets, backslashes, spaces or user name in it")
_SITE_URL_HINT = ("must be the address the site is published at, like "
                  "'https://intranet.example.org/advocacy/': http:// or https://, a host "
                  "name, no quotes, angle brackets, backslashes, spaces or user name")

# Each pattern's name (the input reference's word for it) and what a validation message says
# of a value that does not match it.
PATTERNS: dict[str, tuple[str, str]] = {
    ID_PATTERN: ("id", ("must be an identifier: lower-case letters, digits and single "
                        "hyphens, like 'share-expertise'")),
    COLOUR_PATTERN: ("colour", "must be a colour written #RRGGBB, like '#0B4F6C' (in quotes)"),
    URL_PATTERN: ("url", _URL_HINT),
    SITE_URL_PATTERN: ("site-url", _SITE_URL_HINT),
    EMAIL_PATTERN: ("email", "must be an e-mail address, like 'name@example.org'"),
    VERSION_PATTERN: ("version", "must be a version number like \"1.2\" (in quotes)"),
    PHONE_PATTERN: ("phone", ("must be a phone number: digits, spaces, dots or hyphens, "
                              "like \"+33 4 72 00 00 00\" (in quotes)")),
    GUID_PATTERN: ("guid", ("must be a GUID, 32 hexadecimal digits grouped 8-4-4-4-12, like "
                            "'3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35' (Entra ID shows the "
                            "tenant's on its overview page)")),
    TIME_PATTERN: ("time", "must be a time of day written HH:MM, like \"09:30\" (in quotes)"),
}

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An identifier: lower-case letters, digits and single hyphens."),
]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
SiteUrl = Annotated[str, StringConstraints(pattern=SITE_URL_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]
RelativePath = Annotated[str, StringConstraints(min_length=1)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN)]
Guid = Annotated[str, StringConstraints(pattern=GUID_PATTERN)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]


def version_key(version: str) -> tuple[int, ...]:
    """A version's sort key: "1.10" comes after "1.9"."""
    return tuple(int(part) for part in version.split("."))


class Strict(BaseModel):
    """Base of every declaration: unknown keys are reported, the model is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


