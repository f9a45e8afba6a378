"""SQLite: narrow a text search to the dossiers its trigram tables (migration 0019,
``models.zoektrigram``) can match; the LIKE criteria stay the exact test on those.

The trigram tokenizer folds case over all of Unicode, SQLite's LIKE only over ASCII, so the
candidates are a superset of what LIKE keeps and the result is exactly LIKE's."""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from igj_desktop.models import Betrokkene, Dossier
from igj_desktop.models.zoektrigram import DOSSIER, MINIMUM, RELATIE, Trigramindex


def fts_tekst(tekst: str) -> str:
    """``tekst`` as one FTS5 string: quotes, ``*``, AND/OR/NEAR and brackets are then
    characters to find, never query syntax."""
    return '"' + tekst.replace('"', '""') + '"'


def _sleutels(index: Trigramindex, zoekopdracht: str) -> Select[tuple[str]]:
    """The uuids of ``index.bron``'s rows matching ``zoekopdracht``."""
    treffers = (
        select(literal_column("rowid", Integer))
        .select_from(table(index.fts))
        .where(literal_column(index.fts).match(zoekopdracht))
    )
    nummers = table(index.nummers)
    return (
        select(literal_column("sleutel", String))
        .select_from(nummers)
        .where(literal_column("nr").in_(treffers))
    )


def _aanwezig(session: Session) -> bool:
    """Migration 0019 made the tables (not when this SQLite lacks the trigram tokenizer)."""
    gevonden = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :naam"),
        {"naam": DOSSIER.fts},
    )
    return gevonden.first() is not None


def kandidaten(session: Session, tekst: str, relatie: str) -> list[ColumnElement[bool]]:
    """Extra WHERE clauses on ``Dossier`` for a search's tekst and relatie; none on
    PostgreSQL, without the tables, or for words shorter than a trigram."""
    if session.get_bind().dialect.name != "sqlite" or not _aanwezig(session):
        return []
    waar: list[ColumnElement[bool]] = []
    woorden = [fts_tekst(woord) for woord in tekst.split() if len(woord) >= MINIMUM]
    if woorden:
        waar.append(Dossier.id.in_(_sleutels(DOSSIER, " AND ".join(woorden))))
    relatie = relatie.strip()
    if len(relatie) >= MINIMUM:
        relaties = _sleutels(RELATIE, fts_tekst(relatie))
        waar.append(
            Dossier.id.in_(select(Betrokkene.dossier_id).where(Betrokkene.relatie_id.in_(relaties)))
        )
    return waar
