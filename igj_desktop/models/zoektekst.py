"""The extracted text of each document version, the rows the content search looks in.

A row is written as ``wachtend`` with the version by a trigger on ``versie`` (cheap, in the same
transaction, whatever inserts the version) and filled in later by a background worker
(``services/documenten/zoekindex.py``). The database's own full-text
engine indexes it (``maak_inhoudindex``, run by migration 0009):
PostgreSQL a generated ``tsvector`` column with the ``dutch`` configuration, SQLite an FTS5
table, both over ``stammen``: the text's words as Snowball 3's Dutch stemmer stems them. FTS5
only stems English, and PostgreSQL's built-in Dutch stemmer is the older algorithm that
leaves "inspecties" as it is; stemming here makes both databases find the same.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import Connection, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

log = logging.getLogger(__name__)

FTS_TABEL = "versie_tekst_fts"
PG_KOLOM = "zoekvector"
PG_INDEX = "ix_zoek_versie_tekst"  # ix_zoek_: left out of schema comparisons like 0002's
PG_VECTOR = "to_tsvector('dutch', coalesce(stammen, ''))"
"""What ``PG_KOLOM`` holds (since 0014 computed by ``inhoudlezers``' trigger, not generated)."""

# every new version is queued by the database itself, whoever inserts it (a service, the
# sync of offline work, a bulk load); under the inserter's own rights (row-level security)
PG_DDL = (
    f"ALTER TABLE versie_tekst ADD COLUMN IF NOT EXISTS {PG_KOLOM} tsvector"
    f" GENERATED ALWAYS AS ({PG_VECTOR}) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON versie_tekst USING gin ({PG_KOLOM})",
    "CREATE OR REPLACE FUNCTION igj_versie_in_wachtrij() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN INSERT INTO versie_tekst (versie_id, document_id, staat, tekst, bijgewerkt_op)"
    " VALUES (NEW.id, NEW.document_id, 'wachtend', '', clock_timestamp())"
    " ON CONFLICT (versie_id) DO NOTHING; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS versie_in_wachtrij ON versie",
    "CREATE TRIGGER versie_in_wachtrij AFTER INSERT ON versie"
    " FOR EACH ROW EXECUTE FUNCTION igj_versie_in_wachtrij()",
)
# external content: the stems are stored once, in versie_tekst; the triggers keep the index
# in step (https://sqlite.org/fts5.html#external_content_tables)
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABEL} USING fts5(stammen,"
    " content='versie_tekst', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS versie_tekst_ai AFTER INSERT ON versie_tekst BEGIN"
    f" INSERT INTO {FTS_TABEL}(rowid, stammen) VALUES (new.rowid, new.stammen); END",
    "CREATE TRIGGER IF NOT EXISTS versie_tekst_ad AFTER DELETE ON versie_tekst BEGIN"
    f" INSERT INTO {FTS_TABEL}({FTS_TABEL}, rowid, stammen)"
    " VALUES ('delete', old.rowid, old.stammen); END",
    "CREATE TRIGGER IF NOT EXISTS versie_tekst_au AFTER UPDATE OF stammen ON versie_tekst BEGIN"
    f" INSERT INTO {FTS_TABEL}({FTS_TABEL}, rowid, stammen)"
    " VALUES ('delete', old.rowid, old.stammen);"
    f" INSERT INTO {FTS_TABEL}(rowid, stammen) VALUES (new.rowid, new.stammen); END",
)
SQLITE_WACHTRIJ = (
    "CREATE TRIGGER IF NOT EXISTS versie_in_wachtrij AFTER INSERT ON versie BEGIN"
    " INSERT OR IGNORE INTO versie_tekst (versie_id, document_id, staat, tekst, bijgewerkt_op)"
    " VALUES (new.id, new.document_id, 'wachtend', '', strftime('%Y-%m-%d %H:%M:%f', 'now'));"
    " END"
)
# the versions stored before: all waiting for ``igj-desktop zoekindex bijwerken``
WACHTRIJ_VULLEN = (
    "INSERT INTO versie_tekst (versie_id, document_id, staat, tekst, bijgewerkt_op)"
    " SELECT id, document_id, 'wachtend', '', aangemaakt_op FROM versie"
    " WHERE id NOT IN (SELECT versie_id FROM versie_tekst)"
)


class VersieTekst(Base):
    __tablename__ = "versie_tekst"

    versie_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("versie.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id"), index=True)
    staat: Mapped[str] = mapped_column(String(20), default="wachtend", index=True)
    """``integrations.tekst_extractie.TekstStaat``."""
    tekst: Mapped[str] = mapped_column(Text, default="")
    stammen: Mapped[str | None] = mapped_column(Text)
    """The Dutch stems of ``tekst``, in order: what the full-text index indexes."""
    bijgewerkt_op: Mapped[datetime] = mapped_column(default=utcnow)


def heeft_fts5(connection: Connection) -> bool:
    opties = connection.exec_driver_sql("PRAGMA compile_options").scalars()
    return "ENABLE_FTS5" in set(opties)


def maak_inhoudindex(connection: Connection) -> None:
    """The full-text index of ``versie_tekst`` in the database's own engine."""
    ddl: tuple[str, ...]
    if connection.dialect.name == "postgresql":
        ddl = PG_DDL
    else:
        ddl = (SQLITE_WACHTRIJ,)
        if heeft_fts5(connection):
            ddl += SQLITE_DDL
        else:  # searching in documents then fails with a Storing; the rest works
            log.warning("Geen FTS5 in deze SQLite: zoeken in documenten kan hier niet")
    for statement in ddl:
        connection.exec_driver_sql(statement)


def verwijder_inhoudindex(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS versie_in_wachtrij ON versie")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS igj_versie_in_wachtrij()")
        return
    for trigger in ("versie_in_wachtrij", "versie_tekst_ai", "versie_tekst_ad", "versie_tekst_au"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABEL}")
