"""Dutch time: the Amsterdam zone and dates written out as letters write them.

Kept free of heavy imports: the start-up path (toetsing, termijnen) needs it, Word does not.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDEN = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)


def datum_voluit(d: date | datetime) -> str:
    """A date as Dutch letters write it: 8 december 2026 (times shown in Amsterdam)."""
    if isinstance(d, datetime):
        d = d.astimezone(AMSTERDAM).date()
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
