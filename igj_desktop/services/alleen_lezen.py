"""Read-only mode: the embedded database opened without write access.

A restored back-up on a read-only share, or a locked-down profile, can still be read. The
database is then opened with SQLite's ``mode=ro`` (SQLite itself refuses every write), each
session carries ``SESSIE_ALLEEN_LEZEN`` in its ``info`` so the permission flags of the read models
turn off every write action, and ``ServiceContext.unit_of_work`` refuses a write before it
starts, with ``MELDING``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sqlalchemy.orm import Session

from igj_desktop.db import SESSIE_ALLEEN_LEZEN
from igj_desktop.services.errors import ServiceError

BANNER = (
    "Alleen lezen: de database of de gegevensmap is niet beschrijfbaar. U kunt dossiers "
    "bekijken en zoeken; wijzigen kan niet. Vraag de beheerder om schrijfrechten."
)
MELDING = (
    "Alleen lezen: IGJ Desktop is geopend zonder schrijfrechten op de database, dus er is "
    "niets gewijzigd. Vraag de beheerder om schrijfrechten."
)


class AlleenLezen(ServiceError):
    """A write was asked of a database opened read-only."""


def is_alleen_lezen(session: Session) -> bool:
    return bool(session.info.get(SESSIE_ALLEEN_LEZEN))


def schrijfbaar(pad: Path) -> bool:
    """Whether the SQLite file and its folder (journal, WAL) can be written, tried for real:
    ``os.access`` says yes to root on a chmod'ed file, an immutable or read-only mounted
    file refuses the open."""
    try:
        fd = os.open(pad, os.O_RDWR)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return False
        raise
    os.close(fd)
    return os.access(pad.parent, os.W_OK)
