"""Reading the Windows registry; on other systems every key is absent.

``winreg`` is the seam: tests hand in a stand-in module with ``OpenKey`` and ``QueryValueEx``.
"""

from __future__ import annotations

import sys
from types import ModuleType


def winreg() -> ModuleType | None:
    if sys.platform != "win32":
        return None
    import winreg as module

    return module


def waarde(hoofd: str, sleutel: str, naam: str = "") -> object | None:
    """The value ``naam`` (``""``: the default value) of ``hoofd\\sleutel``, e.g.
    ``("HKEY_LOCAL_MACHINE", r"SYSTEM\\...\\FileSystem", "LongPathsEnabled")``; None if absent."""
    module = winreg()
    if module is None:
        return None
    try:
        with module.OpenKey(getattr(module, hoofd), sleutel) as geopend:
            return module.QueryValueEx(geopend, naam)[0]
    except OSError:
        return None
