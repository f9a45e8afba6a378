"""Files held by another program: wait a moment, then say who holds them.

On Windows, Word keeps a document it has open locked, and a virus scanner opens every new
file for a moment to scan it. Renaming, replacing, deleting or reading such a file then fails
with ``PermissionError`` carrying ``winerror`` 32 (sharing violation), 33 (lock violation)
or 5 (access denied, e.g. a pending delete). ``herhaal`` retries such an action with a
doubling pause (about two seconds in all: a scanner lets go in that time, Word does not)
and then raises ``BestandInGebruik`` with a Dutch message naming the program that holds the
file, as far as the Windows Restart Manager can tell, and always the file itself.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from igj_desktop.errors import ValidationFailed

log = logging.getLogger(__name__)
T = TypeVar("T")

VERGRENDELD = frozenset({5, 32, 33})  # ERROR_ACCESS_DENIED, SHARING_VIOLATION, LOCK_VIOLATION


class BestandInGebruik(ValidationFailed):
    """Another program kept the file locked through every retry."""

    def __init__(self, message: str, pad: Path, programmas: tuple[str, ...]) -> None:
        super().__init__(message)
        self.pad = pad
        self.programmas = programmas


def vergrendeld(exc: BaseException) -> bool:
    """Whether ``exc`` is Windows saying another program holds the file."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in VERGRENDELD


def _houders_windows(pad: Path) -> tuple[str, ...]:  # pragma: no cover - Windows only
    from . import restart_manager

    return restart_manager.programmas(pad)


def _geen_houders(pad: Path) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class Beleid:
    """How long to keep trying; ``slaap`` and ``houders`` are the seams tests replace."""

    pogingen: int = 6
    eerste_pauze: float = 0.06
    slaap: Callable[[float], None] = time.sleep
    houders: Callable[[Path], tuple[str, ...]] = (
        _houders_windows if sys.platform == "win32" else _geen_houders
    )

    def pauzes(self) -> list[float]:
        """The waits between the attempts: 0.06, 0.12, … (1.86 s in all by default)."""
        return [self.eerste_pauze * 2**i for i in range(self.pogingen - 1)]


BELEID = Beleid()


def melding(pad: Path, wat: str, programmas: tuple[str, ...]) -> str:
    """The Dutch message for a file that stayed locked while doing ``wat`` (e.g. 'opslaan')."""
    if programmas:
        door = " en ".join(", ".join(programmas).rsplit(", ", 1))
        wie = f"is geopend in {door}"
        advies = f"Sluit het bestand in {door}"
    else:
        wie = "is in gebruik bij een ander programma (bijvoorbeeld Word of de virusscanner)"
        advies = "Sluit het bestand in dat programma of wacht even"
    return (
        f"Het bestand '{pad.name}' {wie}, daardoor lukte {wat} niet. {advies} en probeer het "
        f"opnieuw. Het bestand staat in {pad.parent}."
    )


def herhaal(actie: Callable[[], T], pad: Path, wat: str, beleid: Beleid | None = None) -> T:
    """``actie()``, retried while Windows reports ``pad`` locked; then ``BestandInGebruik``.

    Any other error passes through unchanged at once."""
    beleid = beleid or BELEID
    for pauze in beleid.pauzes():
        try:
            return actie()
        except PermissionError as exc:
            if not vergrendeld(exc):
                raise
            log.info(
                "%s is vergrendeld (WinError %s); opnieuw over %.2f s",
                pad,
                getattr(exc, "winerror", None),
                pauze,
            )
            beleid.slaap(pauze)
    try:
        return actie()
    except PermissionError as exc:
        if not vergrendeld(exc):
            raise
        programmas = _wie(beleid, pad)
        raise BestandInGebruik(melding(pad, wat, programmas), pad, programmas) from exc


def _wie(beleid: Beleid, pad: Path) -> tuple[str, ...]:
    """The programs holding ``pad``; none when Windows cannot tell (never an error)."""
    try:
        return beleid.houders(pad)
    except OSError:
        log.warning("De Restart Manager kon niet zeggen wie %s vasthoudt", pad, exc_info=True)
        return ()
