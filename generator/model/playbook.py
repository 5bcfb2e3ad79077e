"""The playbook's numbers: its decision matrix and the launch sizes it advises.

The diagnostic checks a programme against them, the pages explain them and `handbook new`
writes a starter that follows them; all three read them here.
"""

from __future__ import annotations

from .vocab import Maturity, Priority, TrackId

# The decision matrix: the tracks each priority calls for.
RECOMMENDED_TRACKS: dict[Priority, tuple[TrackId, ...]] = {
    "reputation": ("employee", "leaders"),
    "leads": ("experts",),
    "employer_brand": ("employee", "leaders"),
    "culture": ("employee", "experts"),
}

# The launch sizes the playbook advises, per track (leaders: the number of members).
LAUNCH_RANGES: dict[TrackId, tuple[int, int]] = {
    "employee": (15, 40), "experts": (10, 20), "leaders": (3, 5)}

# A starter's launch sizes, inside those ranges: the less mature the organisation, the smaller
# the first circle.
STARTER_LAUNCH_SIZES: dict[Maturity, dict[TrackId, int]] = {
    "low": {"employee": 15, "experts": 10, "leaders": 3},
    "medium": {"employee": 25, "experts": 12, "leaders": 3},
    "high": {"employee": 35, "experts": 15, "leaders": 5},
}
