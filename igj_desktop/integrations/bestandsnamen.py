"""File names that are safe on Windows and honest to the eye: checked, or made safe.

A name typed by the user is refused with a Dutch reason (``bezwaar``); a name from outside
(a mail attachment, a sjabloon title) is made safe without asking (``veilig``). Beyond the
characters Windows forbids, both know what Windows and Outlook know:

- bidi controls: ``rapport\\u202Efdp.exe`` shows as ``rapportexe.pdf`` while it is an .exe;
- reserved device names, also with a superscript digit (``COM¹``) or spaces before the
  extension (``CON .txt``): Windows opens the device, not a file;
- a trailing dot or space, which Windows drops, so the name on disk differs.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

VERBODEN_TEKENS = '<>:"/\\|?*'
MAX_NAAM = 255
_VERBODEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Explicit direction marks, embeddings, overrides and isolates (Unicode bidi controls).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_GERESERVEERD = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{poort}{cijfer}" for poort in ("COM", "LPT") for cijfer in "0123456789¹²³"
}


def _gereserveerd(naam: str) -> bool:
    """Windows treats ``CON``, ``con.txt``, ``CON .txt`` and ``COM¹.log`` all as a device."""
    return naam.partition(".")[0].rstrip(" ").upper() in _GERESERVEERD


def _zichtbaar(naam: str) -> str:
    """``naam`` with each bidi control written out, so the message itself reads truthfully."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", naam)


def bezwaar(naam: str) -> str | None:
    """Why ``naam`` cannot be a file name, in Dutch; None when it can."""
    if not naam.strip():
        return "Geef het bestand een naam."
    if _BIDI.search(naam):
        return (
            f"De bestandsnaam '{_zichtbaar(naam)}' bevat een onzichtbaar teken dat de "
            "leesrichting omdraait, waardoor de naam anders lijkt dan hij is (zo toont "
            "'rapport[U+202E]fdp.exe' als 'rapportexe.pdf'). Kies een andere naam; er is niets "
            "opgeslagen."
        )
    if _VERBODEN.search(naam) or naam.endswith((".", " ")):
        return (
            f"De bestandsnaam '{naam}' bevat tekens die Windows niet toestaat "
            f"({' '.join(VERBODEN_TEKENS)}) of eindigt op een punt of spatie. "
            "Kies een andere naam; er is niets opgeslagen."
        )
    if _gereserveerd(naam):
        return f"'{naam}' is een gereserveerde naam in Windows; kies een andere."
    if len(naam) > MAX_NAAM:
        return f"De bestandsnaam is langer dan {MAX_NAAM} tekens; kort hem in."
    return None


def veilig(naam: str | None, standaard: str, max_lengte: int = 200) -> str:
    """``naam`` made safe: bidi controls dropped, forbidden characters as ``_``, no trailing
    dot or space, a reserved name prefixed with ``_``, at most ``max_lengte`` characters
    (the extension kept); ``standaard`` when nothing usable is left."""
    naam = _BIDI.sub("", unicodedata.normalize("NFC", naam or ""))
    naam = _VERBODEN.sub("_", naam.replace("\ufffd", "_")).strip().rstrip(". ")
    if not naam or set(naam) <= {"_", "."}:
        naam = standaard
    if _gereserveerd(naam):
        naam = f"_{naam}"
    if len(naam) > max_lengte:
        extensie = Path(naam).suffix[:20]
        naam = naam[: max_lengte - len(extensie)].rstrip(". ") + extensie
    return naam
