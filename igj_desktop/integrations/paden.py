"""Paths that work on Windows: names that fit in 260 characters, UNC shares kept whole.

Windows without long-path support (and Word always, whatever the registry says) cannot open
a file whose full path is 260 characters or more (MAX_PATH, counting the closing NUL). The
werkmap is deep (``C:\\Users\\<naam>\\AppData\\Local\\IGJ\\IGJ Desktop\\werkmap\\<uuid>\\``,
about 110 characters for a long user name), so a sjabloon title or a mail subject as file
name easily goes past it. ``naam_die_past`` shortens a generated name, keeping its
extension, until the whole path fits. The app's own reads and writes (Python is long-path
aware) are only limited when ``LongPathsEnabled`` is off; a file for Word always is.

A shared documenten folder is a UNC path (``\\\\server\\share\\igj``): it is used as given,
never through ``Path.resolve()`` (which may turn a mapped drive into a UNC path or back), and
``sqlite_uri`` writes the four slashes SQLite needs for a share.
"""

from __future__ import annotations

import sys
from pathlib import PurePath, PureWindowsPath
from urllib.parse import quote

from igj_desktop.errors import ValidationFailed
from igj_desktop.integrations import bestandsnamen, register

MAX_PATH = 260  # including the closing NUL: at most 259 characters of path
MAX_NAAM = 255  # one component, also with long paths
MIN_STAM = 8  # fewer characters of the name left over: the folder itself is too deep

_FILESYSTEM = r"SYSTEM\CurrentControlSet\Control\FileSystem"


def lange_paden_aan() -> bool:
    """Whether Windows allows long paths (``LongPathsEnabled`` = 1 under HKLM)."""
    return register.waarde("HKEY_LOCAL_MACHINE", _FILESYSTEM, "LongPathsEnabled") == 1


def max_pad(voor_office: bool) -> int:
    """How many characters a full path may have: 259, or no practical limit for the app's
    own files when long paths are on (Office stays at 259)."""
    return MAX_PATH - 1 if voor_office or not lange_paden_aan() else 32_000


def naam_die_past(map_: PurePath, naam: str, *, voor_office: bool = True) -> str:
    """``naam``, shortened (extension kept) so ``map_ / naam`` fits in the path limit.

    ``ValidationFailed`` when ``map_`` itself leaves no room for a readable name."""
    ruimte = min(MAX_NAAM, max_pad(voor_office) - len(str(map_)) - 1)  # 1: the separator
    extensie = PurePath(naam).suffix[:20]
    if ruimte - len(extensie) < MIN_STAM:
        raise ValidationFailed(
            f"De map {map_} ligt te diep: een bestand erin zou langer dan {MAX_PATH - 1} tekens "
            "worden, en dat kan Windows (of Word) niet openen. Vraag de servicedesk de "
            "gegevensmap van IGJ Desktop hoger in de mappenstructuur te zetten."
        )
    return naam if len(naam) <= ruimte else bestandsnamen.veilig(naam, naam, ruimte)


def sqlite_uri(pad: PurePath) -> str:
    """The ``file:`` URI SQLite accepts for ``pad``, also for a UNC share (four slashes:
    SQLite refuses an authority such as ``file://server/share``)."""
    if isinstance(pad, PureWindowsPath) or sys.platform == "win32":
        windows = PureWindowsPath(pad)
        tekst = str(windows).replace("\\", "/")
        if tekst.startswith("//"):  # \\server\share\… → file:////server/share/…
            return "file://" + quote(tekst, safe="/")
        return "file:///" + quote(tekst, safe="/:")
    return pad.as_uri()
