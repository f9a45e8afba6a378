"""Which programs hold a file open, asked of the Windows Restart Manager (rstrtmgr.dll).

Windows only; used by ``bestandsslot`` to name Word (or the scanner) in its message.
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from pathlib import Path

CCH_RM_SESSION_KEY = 32
CCH_RM_MAX_APP_NAME = 255
CCH_RM_MAX_SVC_NAME = 63
ERROR_MORE_DATA = 234


class RM_UNIQUE_PROCESS(ctypes.Structure):
    _fields_ = [("dwProcessId", wintypes.DWORD), ("ProcessStartTime", wintypes.FILETIME)]


class RM_PROCESS_INFO(ctypes.Structure):
    _fields_ = [
        ("Process", RM_UNIQUE_PROCESS),
        ("strAppName", wintypes.WCHAR * (CCH_RM_MAX_APP_NAME + 1)),
        ("strServiceShortName", wintypes.WCHAR * (CCH_RM_MAX_SVC_NAME + 1)),
        ("ApplicationType", ctypes.c_int),
        ("AppStatus", wintypes.ULONG),
        ("TSSessionId", wintypes.DWORD),
        ("bRestartable", wintypes.BOOL),
    ]


def _check(rc: int) -> None:
    if rc:
        raise ctypes.WinError(rc)  # type: ignore[attr-defined]


def programmas(pad: Path) -> tuple[str, ...]:  # pragma: no cover - Windows only
    """The display names of the programs holding ``pad`` (e.g. 'Microsoft Word'), each once."""
    rm = ctypes.WinDLL("rstrtmgr")  # type: ignore[attr-defined]
    sessie = wintypes.DWORD()
    sleutel = ctypes.create_unicode_buffer(CCH_RM_SESSION_KEY + 1)
    _check(rm.RmStartSession(ctypes.byref(sessie), 0, sleutel))
    try:
        bestanden = (wintypes.LPCWSTR * 1)(str(pad))
        _check(rm.RmRegisterResources(sessie, 1, bestanden, 0, None, 0, None))
        nodig, aantal, reden = wintypes.UINT(0), wintypes.UINT(0), wintypes.DWORD()
        info = (RM_PROCESS_INFO * 0)()
        rc = rm.RmGetList(
            sessie, ctypes.byref(nodig), ctypes.byref(aantal), None, ctypes.byref(reden)
        )
        while rc == ERROR_MORE_DATA:
            info = (RM_PROCESS_INFO * nodig.value)()
            aantal = wintypes.UINT(nodig.value)
            rc = rm.RmGetList(
                sessie, ctypes.byref(nodig), ctypes.byref(aantal), info, ctypes.byref(reden)
            )
        _check(rc)
        namen = (info[i].strAppName or info[i].strServiceShortName for i in range(aantal.value))
        return tuple(dict.fromkeys(naam for naam in namen if naam))
    finally:
        rm.RmEndSession(sessie)
