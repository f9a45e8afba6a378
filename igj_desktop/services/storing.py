"""Failures of the database and the disk, told in Dutch: the one place they are translated.

A dropped connection, a full disk, a read-only folder or a damaged database file is not a
refusal by a rule but it is no bug either: the transaction was rolled back, nothing was half
written, and the next action works once the cause is gone. ``als_storing`` turns the raw
``OperationalError`` / ``OSError [Errno 28]`` into a ``Storing`` (a ``ServiceError``) whose
message says what happened and what to do, so every view that shows a ``ServiceError`` also
shows these. The original stays in the log for the beheerder.
"""

from __future__ import annotations

import errno
import logging

from sqlalchemy.exc import DBAPIError, OperationalError

from .errors import ServiceError

log = logging.getLogger(__name__)

NIETS_OPGESLAGEN = "Er is niets half opgeslagen"

VERBINDING_WEG = (
    f"De verbinding met de database is weggevallen. {NIETS_OPGESLAGEN}, maar uw laatste "
    "handeling is mogelijk niet doorgevoerd: kijk na het opnieuw laden of hij er staat en voer "
    "hem zo nodig opnieuw uit. Lukt dat niet, controleer dan de netwerkverbinding of meld het "
    "bij de beheerder."
)
SCHIJF_VOL = (
    "De schijf is vol: er is geen ruimte om dit op te slaan. "
    f"{NIETS_OPGESLAGEN}. Maak ruimte vrij (of vraag de beheerder dat te doen) en probeer "
    "het opnieuw."
)
TE_GROOT = (
    "Het bestand is te groot voor de schijf of map waarin het moet komen (bijvoorbeeld een "
    f"USB-stick met FAT32, of een quotum). {NIETS_OPGESLAGEN}. Kies een andere plek of vraag "
    "de beheerder om ruimte."
)
ALLEEN_LEZEN = (
    "Hier kan niet worden geschreven: de map of de database is alleen-lezen, of u hebt er "
    f"geen rechten op. {NIETS_OPGESLAGEN}. Vraag de beheerder om schrijfrechten."
)
BEZET = (
    "De database is bezet door een ander programma of venster. "
    f"{NIETS_OPGESLAGEN}; probeer het over een ogenblik opnieuw."
)
BESCHADIGD = (
    "Het databasebestand is beschadigd. Er is niets opgeslagen. Sluit IGJ Desktop en zet de "
    "automatische back-up terug (Extra ▸ Back-up terugzetten), of meld het bij de beheerder."
)
DATABASEFOUT = (
    "De database kon deze handeling niet uitvoeren. "
    f"{NIETS_OPGESLAGEN}; probeer het opnieuw of meld het bij de beheerder."
)
ONVERWACHT = (
    "Er ging iets onverwachts mis; de handeling is niet (volledig) uitgevoerd. Probeer het "
    "opnieuw; gebeurt het weer, meld het dan bij de beheerder (de details staan in het logboek)."
)

# SQLite result codes (sqlite3 errors carry their name) and PostgreSQL SQLSTATEs.
_SQLITE = {
    "SQLITE_FULL": SCHIJF_VOL,
    "SQLITE_READONLY": ALLEEN_LEZEN,
    "SQLITE_CANTOPEN": ALLEEN_LEZEN,
    "SQLITE_PERM": ALLEEN_LEZEN,
    "SQLITE_BUSY": BEZET,
    "SQLITE_LOCKED": BEZET,
    "SQLITE_CORRUPT": BESCHADIGD,
    "SQLITE_NOTADB": BESCHADIGD,
}
_SQLSTATE = {"53100": SCHIJF_VOL, "25006": ALLEEN_LEZEN, "42501": ALLEEN_LEZEN}
_ERRNO = {
    errno.ENOSPC: SCHIJF_VOL,
    errno.EDQUOT: SCHIJF_VOL,
    errno.EFBIG: TE_GROOT,
    errno.EROFS: ALLEEN_LEZEN,
    errno.EACCES: ALLEEN_LEZEN,
    errno.EPERM: ALLEEN_LEZEN,
}


class Storing(ServiceError):
    """The database or the disk failed; the work was rolled back and can be done again."""


class VerbindingVerbroken(Storing):
    """The connection to the database dropped (the server restarted, the network went)."""


class AanmeldenMislukt(Storing):
    """The shared database could not be reached, or refused the login (Kerberos ticket,
    password). libpq reports both without an SQLSTATE, so one text names both causes."""


AANMELDEN_MISLUKT = (
    "Aanmelden bij de gedeelde database is niet gelukt: de database is niet bereikbaar, of "
    "herkent uw aanmelding niet (uw Windows-aanmelding of het bewaarde wachtwoord). "
    "Controleer de netwerkverbinding en probeer het opnieuw; lukt het dan niet, meld het bij "
    "de beheerder."
)


def aanmelden_mislukt(exc: DBAPIError | OSError) -> AanmeldenMislukt:
    """The login's first connection failed; the cause goes to the log, not to the user."""
    log.warning("Aanmelden bij de database mislukt: %s", exc, exc_info=exc)
    return AanmeldenMislukt(AANMELDEN_MISLUKT)


def _database_tekst(exc: DBAPIError) -> str:
    if exc.connection_invalidated:
        return VERBINDING_WEG
    orig = exc.orig
    code = getattr(orig, "sqlite_errorname", "") or ""
    for prefix, tekst in _SQLITE.items():
        if code.startswith(prefix):
            return tekst
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate in _SQLSTATE:
        return _SQLSTATE[sqlstate]
    if sqlstate.startswith(("08", "57P")):  # connection exception, operator intervention
        return VERBINDING_WEG
    if isinstance(exc, OperationalError) and not sqlstate and not code:
        return VERBINDING_WEG  # the server went away before it could say why
    return DATABASEFOUT


def als_storing(exc: BaseException) -> ServiceError | None:
    """The Dutch ``ServiceError`` for ``exc``; None when it is neither database nor disk."""
    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, DBAPIError):
        tekst = _database_tekst(exc)
        soort = VerbindingVerbroken if tekst is VERBINDING_WEG else Storing
        log.warning("Databasestoring: %s", exc, exc_info=exc)
        return soort(tekst)
    if isinstance(exc, OSError):
        log.warning("Schijfstoring: %s", exc, exc_info=exc)
        bekend = _ERRNO.get(exc.errno or 0)
        if bekend is not None:
            tekst = bekend
        else:
            wat = f" '{exc.filename}'" if exc.filename else ""
            fout = (
                "bestaat niet (meer)"
                if isinstance(exc, FileNotFoundError)
                else "kon niet worden gelezen of geschreven"
            )
            tekst = (
                f"Het bestand{wat} {fout}. {NIETS_OPGESLAGEN}; probeer het opnieuw of meld het "
                "bij de beheerder."
            )
        return Storing(tekst)
    return None


def melding(exc: BaseException) -> str:
    """The Dutch text for any failure a view may catch; never the exception text itself."""
    vertaald = als_storing(exc)
    if vertaald is not None:
        return vertaald.message
    log.error("Onverwachte fout", exc_info=exc)
    return ONVERWACHT
