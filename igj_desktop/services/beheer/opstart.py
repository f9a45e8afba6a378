"""Opening the database at start, with a Dutch answer for every way that can fail.

Before a window exists, the app checks what it is about to open: the data folder can be
written, an embedded SQLite file is a whole SQLite database (not truncated, not something
else), its schema is not from a newer version of the app, and a shared database answers.
Each check only reads; a file that fails one is left exactly as it was, so the beheerder can
still recover it. ``OpstartFout`` carries a title and a message that says what is wrong and
what to do; the command line prints it, the window shows it in a dialog.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from igj_desktop.config import Settings
from igj_desktop.db import HEAD, MIGRATIONS_DIR, Database, sqlite_uri_alleen_lezen
from igj_desktop.services.alleen_lezen import schrijfbaar
from igj_desktop.services.beheer.backup import Backup, backups
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import melding

SQLITE_KOP = b"SQLite format 3\x00"
BESCHADIGD = "Database beschadigd"
_TERUGZETTEN = (
    "Het bestand is niet aangeraakt. Zet een automatische back-up terug (IGJ Desktop biedt "
    "dat aan als er een is), of vraag de beheerder."
)


class OpstartFout(ServiceError):
    """The app cannot start on this database; ``titel`` heads the dialog."""

    def __init__(self, titel: str, message: str, backup: Backup | None = None) -> None:
        super().__init__(message)
        self.titel = titel
        self.backup = backup
        """For a damaged embedded database: the newest automatic back-up, if any."""


def datamap_fout(folder: Path) -> OpstartFout:
    return OpstartFout(
        "Gegevensmap niet beschrijfbaar",
        f"IGJ Desktop kan niet schrijven in de gegevensmap {folder}: de map is alleen-lezen, "
        "vol, of u hebt er geen rechten op. Er is niets gewijzigd. Vraag de beheerder om "
        "schrijfrechten, of kies met IGJ_DATA_DIR een andere map.",
    )


def controleer_datamap(folder: Path) -> None:
    """The data folder exists and a file can be created in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise datamap_fout(folder) from exc


def _sqlite_bestand(pad: Path) -> None:
    """A whole SQLite file, judged from its header alone (instant, also for gigabytes)."""
    with pad.open("rb") as bestand:
        kop = bestand.read(100)
    if len(kop) < 100 or not kop.startswith(SQLITE_KOP):
        raise OpstartFout(
            BESCHADIGD,
            f"Het bestand {pad} is geen (volledige) IGJ Desktop-database: het begin ervan "
            f"ontbreekt of is overschreven. {_TERUGZETTEN}",
        )
    (paginagrootte,) = struct.unpack(">H", kop[16:18])
    paginagrootte = 65536 if paginagrootte == 1 else paginagrootte
    wijziging, paginas = struct.unpack(">II", kop[24:32])
    (geldig_voor,) = struct.unpack(">I", kop[92:96])
    if geldig_voor == wijziging and pad.stat().st_size < paginas * paginagrootte:
        raise OpstartFout(
            BESCHADIGD,
            f"Het bestand {pad} is afgekapt: het is kleiner dan de database die erin hoort te "
            f"staan (bijvoorbeeld een onderbroken kopie). {_TERUGZETTEN}",
        )


def _sqlite_leesbaar(pad: Path) -> str | None:
    """The schema revision, read with a read-only connection that cannot change the file."""
    try:
        verbinding = sqlite3.connect(sqlite_uri_alleen_lezen(pad), uri=True)
    except sqlite3.Error as exc:
        raise _beschadigd(pad) from exc
    try:
        verbinding.execute("PRAGMA schema_version").fetchone()
        tabel = verbinding.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if tabel is None:
            return None
        rij = verbinding.execute("SELECT version_num FROM alembic_version").fetchone()
        return rij[0] if rij else None
    except sqlite3.DatabaseError as exc:
        raise _beschadigd(pad) from exc
    finally:
        verbinding.close()


def _beschadigd(pad: Path) -> OpstartFout:
    return OpstartFout(
        BESCHADIGD,
        f"Het bestand {pad} kan niet worden gelezen: het is beschadigd. {_TERUGZETTEN}",
    )


def _bekende_revisies() -> set[str]:
    """The migrations this version of the app has (file names ``0003_…``)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")}


def _controleer_revisie(revisie: str | None, waar: str) -> None:
    if revisie is None or revisie == HEAD or revisie in _bekende_revisies():
        return
    raise OpstartFout(
        "Nieuwere database",
        f"{waar} is al bijgewerkt door een nieuwere versie van IGJ Desktop (schema {revisie}); "
        "deze versie kan er niet veilig mee werken en heeft niets gewijzigd. Werk IGJ Desktop "
        "bij naar de nieuwste versie, of vraag de beheerder.",
    )


def _alleen_lezen(url: str, pad: Path, revisie: str | None) -> Database:
    """A whole database that cannot be written opens read-only, if it needs no migration."""
    if revisie != HEAD:
        raise OpstartFout(
            "Database alleen-lezen",
            f"Het databasebestand {pad} is alleen-lezen en moet nog worden bijgewerkt naar "
            "deze versie van IGJ Desktop; dat kan alleen met schrijfrechten. Er is niets "
            "gewijzigd. Vraag de beheerder om schrijfrechten.",
        )
    return Database(url, alleen_lezen=True)


def _controleer_gedeeld_schema(revisie: str | None, waar: str) -> None:
    """A shared database is migrated by the beheerder, not by whoever starts first: one
    client half-way through a migration while others work on the old schema helps nobody."""
    if revisie == HEAD:
        return
    schema = f"schema {revisie}" if revisie else "nog geen schema"
    raise OpstartFout(
        "Database nog niet bijgewerkt",
        f"{waar} heeft {schema}; deze versie van IGJ Desktop heeft schema {HEAD} nodig. Er is "
        "niets gewijzigd. Vraag de beheerder `igj-desktop db upgrade` uit te voeren en start "
        "IGJ Desktop daarna opnieuw.",
    )


def open_database(settings: Settings, *, migreren: bool = False) -> Database:
    """The checked database of ``settings``, at the newest schema; ``OpstartFout`` says why
    not. An embedded database is migrated at once; a shared one only with ``migreren``
    (``igj-desktop db upgrade``, run by the beheerder). An embedded database that cannot be
    written opens read-only (``services/alleen_lezen``)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        pad = Path(url.database or "")
        if url.database and pad.exists() and pad.stat().st_size:
            try:
                _sqlite_bestand(pad)
                revisie = _sqlite_leesbaar(pad)
            except OpstartFout as fout:
                fout.backup = next(iter(backups(settings.data_dir)), None)
                raise
            _controleer_revisie(revisie, f"De database {pad}")
            if not schrijfbaar(pad):
                return _alleen_lezen(settings.database_url, pad, revisie)
        controleer_datamap(settings.data_dir)
    database = Database(settings.database_url)
    try:
        revisie = database.revision()
        _controleer_revisie(revisie, database.description)
        if database.is_embedded or migreren:
            if revisie != HEAD:  # current at almost every start: nothing more to read
                database.upgrade()
        else:
            _controleer_gedeeld_schema(revisie, database.description)
    except OpstartFout:
        database.dispose()
        raise
    except (DBAPIError, OSError) as exc:
        database.dispose()
        if url.get_backend_name() != "sqlite" and isinstance(exc, OperationalError):
            raise OpstartFout(
                "Database niet bereikbaar",
                f"{database.description} is niet bereikbaar. Controleer de netwerkverbinding "
                "(thuis: de VPN) en probeer het opnieuw; lukt het dan nog niet, meld het bij de "
                "beheerder.",
            ) from exc
        raise OpstartFout("Database niet te openen", melding(exc)) from exc
    return database
