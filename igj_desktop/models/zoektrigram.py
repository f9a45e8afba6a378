"""SQLite: trigram indexes over dossier titel/omschrijving and relatie names, so a search for
part of a word need not read every row.

``LIKE '%woord%'`` cannot use an index: on SQLite it read all dossiers (73 ms at the bench's
50,000) or all relaties. An FTS5 table with the ``trigram`` tokenizer (SQLite 3.34+) finds
the rows holding a substring of three or more characters, case-folded; the search keeps its
LIKE as the exact test on those candidates (``services/dossiers/trigram.py``), so it finds
what it found before. PostgreSQL has pg_trgm for this (``zoeklezers``).

Each FTS table is contentless (the text stays in ``dossier``/``relatie`` only); its rowid is
the ``nr`` of a small table that maps it to the uuid: the implicit rowid of ``dossier`` may
change on VACUUM, so an external-content table over it would lose its way. Triggers keep
both in step in the same transaction, whatever writes the row. Not in the models; schema
comparisons skip the ``trigram_`` tables (``migrations.zoekindexen``). Without the trigram
tokenizer nothing is made and the search uses LIKE alone, as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection

from .zoektekst import heeft_fts5

log = logging.getLogger(__name__)

PREFIX = "trigram_"
MINIMUM = 3
"""A trigram MATCH needs at least this many characters; shorter words use LIKE alone."""


@dataclass(frozen=True)
class Trigramindex:
    """The trigram index of ``bron``'s text ``kolommen``, by its uuid ``id``."""

    bron: str
    kolommen: tuple[str, ...]

    @property
    def fts(self) -> str:
        return f"{PREFIX}{self.bron}"

    @property
    def nummers(self) -> str:
        """Maps the FTS rowid (``nr``) to the row's uuid (``sleutel``)."""
        return f"{PREFIX}{self.bron}_nr"

    def _waarden(self, rij: str) -> str:
        return ", ".join(f"{rij}.{kolom}" for kolom in self.kolommen)

    def _nr(self, rij: str) -> str:
        return f"(SELECT nr FROM {self.nummers} WHERE sleutel = {rij}.id)"

    def _toevoegen(self, rij: str) -> str:
        return (
            f"INSERT INTO {self.fts}(rowid, {', '.join(self.kolommen)})"
            f" VALUES ({self._nr(rij)}, {self._waarden(rij)});"
        )

    def _weghalen(self, rij: str) -> str:
        """A contentless table is told the old text to unindex it."""
        return (
            f"INSERT INTO {self.fts}({self.fts}, rowid, {', '.join(self.kolommen)})"
            f" VALUES ('delete', {self._nr(rij)}, {self._waarden(rij)});"
        )

    def ddl(self) -> tuple[str, ...]:
        kolommen = ", ".join(self.kolommen)
        return (
            f"CREATE VIRTUAL TABLE {self.fts} USING fts5({kolommen},"
            " content='', tokenize='trigram')",
            f"CREATE TABLE {self.nummers} (nr INTEGER PRIMARY KEY, sleutel NOT NULL UNIQUE)",
            f"CREATE TRIGGER {self.fts}_in AFTER INSERT ON {self.bron} BEGIN"
            f" INSERT INTO {self.nummers}(sleutel) VALUES (new.id); {self._toevoegen('new')} END",
            f"CREATE TRIGGER {self.fts}_wijzig AFTER UPDATE OF {kolommen} ON {self.bron} BEGIN"
            f" {self._weghalen('old')} {self._toevoegen('new')} END",
            f"CREATE TRIGGER {self.fts}_uit AFTER DELETE ON {self.bron} BEGIN"
            f" {self._weghalen('old')} DELETE FROM {self.nummers} WHERE sleutel = old.id; END",
            # the rows already there
            f"INSERT INTO {self.nummers}(sleutel) SELECT id FROM {self.bron}",
            f"INSERT INTO {self.fts}(rowid, {kolommen})"
            f" SELECT n.nr, {self._waarden('b')} FROM {self.bron} b"
            f" JOIN {self.nummers} n ON n.sleutel = b.id",
        )

    def drop(self) -> tuple[str, ...]:
        return (
            *(f"DROP TRIGGER IF EXISTS {self.fts}_{wat}" for wat in ("in", "wijzig", "uit")),
            f"DROP TABLE IF EXISTS {self.fts}",
            f"DROP TABLE IF EXISTS {self.nummers}",
        )


DOSSIER = Trigramindex("dossier", ("titel", "omschrijving"))
RELATIE = Trigramindex("relatie", ("naam",))
INDEXEN = (DOSSIER, RELATIE)


def heeft_trigram(connection: Connection) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34+)."""
    versie = connection.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    return tuple(map(int, versie.split(".")[:2])) >= (3, 34) and heeft_fts5(connection)


def maak_trigramindexen(connection: Connection) -> None:
    """Tables, triggers and their filling (SQLite with the trigram tokenizer; else nothing)."""
    if connection.dialect.name != "sqlite":
        return
    if not heeft_trigram(connection):
        log.warning("Geen trigram-tokenizer in deze SQLite: zoeken in tekst zonder index")
        return
    for index in INDEXEN:
        for statement in index.ddl():
            connection.exec_driver_sql(statement)


def verwijder_trigramindexen(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for index in INDEXEN:
            for statement in index.drop():
                connection.exec_driver_sql(statement)
