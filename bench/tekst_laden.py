"""Give the bench documents their text: one ``versie_tekst`` row per version, generated Dutch.

    nice -n 15 python -m bench.tekst_laden --scale 0.1 [--deel 0.5] [--backend postgresql]

Runs after ``bench.generate`` built the data set (the rows of the content search's table,
migration 0009, are not part of the base build, so the base set stays comparable with the
first round). ``--deel`` fills only the first share of the documents (ordered by id, so the
share is a random sample of dossiers and years) when the whole set does not fit in the time
there is; the marker ``tekst-<backend>.json`` records the share, and the figures say it.

PostgreSQL: the GIN index is dropped, the rows go in with ``COPY`` (the ``dutch`` tsvector is
a generated column, computed on the way in), then the index is built once. SQLite: the Dutch
stems are computed here as the app's worker does, and the FTS5 triggers index them.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import String, Uuid, column, insert, text

from igj_desktop.db import Database
from igj_desktop.models import inhoudlezers, zoektekst
from igj_desktop.services.documenten.zoekmachine import stammen

from . import generate
from .tekst import TekstGenerator

BATCH = 5_000
KLAAR = "tekst"  # TekstStaat.TEKST: extracted, searchable


def marker(scale: float, backend: str) -> Path:
    return generate.data_dir(scale) / f"tekst-{backend}.json"


def _versies(db: Database, deel: float) -> Iterator[tuple[object, object, str]]:
    """(versie id, document id, kenmerk of its dossier) for the first ``deel`` of documents."""
    with db.engine.connect() as conn:
        totaal = conn.scalar(text("SELECT count(*) FROM versie")) or 0
        limiet = round(totaal * deel)
        rijen = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            text(
                "SELECT v.id, v.document_id, d.kenmerk FROM versie v"
                " JOIN document_dossier dd ON dd.document_id = v.document_id"
                " JOIN dossier d ON d.id = dd.dossier_id"
                " ORDER BY v.document_id LIMIT :limiet"
            ).columns(  # typed: SQLite hands back uuids as text, which the insert refuses
                column("id", Uuid()), column("document_id", Uuid()), column("kenmerk", String())
            ),
            {"limiet": limiet},
        )
        yield from rijen


def _rijen(db: Database, deel: float, seed: int) -> Iterator[list[dict[str, object]]]:
    generator = TekstGenerator(seed)
    nu = datetime(2026, 11, 23, tzinfo=UTC)
    batch: list[dict[str, object]] = []
    for nummer, (versie_id, document_id, kenmerk) in enumerate(_versies(db, deel)):
        tekst = generator.document(nummer, kenmerk if nummer % 3 == 0 else None)
        batch.append(
            {
                "versie_id": versie_id,
                "document_id": document_id,
                "staat": KLAAR,
                "tekst": tekst,
                "bijgewerkt_op": nu,
            }
        )
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def laad(
    scale: float, backend: str, deel: float, seed: int = generate.SEED, log: Callable = print
) -> dict[str, object]:
    url = generate.sqlite_url(scale) if backend == "sqlite" else generate.pg_url(scale)
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    postgres = backend == "postgresql"
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM versie_tekst")
        if postgres:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {inhoudlezers.INDEX}")
    aantal = 0
    loader = generate.Loader(db)
    for batch in _rijen(db, deel, seed):
        for rij in batch:  # both databases index the stems (PostgreSQL's tsvector is over them)
            rij["stammen"] = stammen(str(rij["tekst"]))
        if postgres:
            loader.load("versie_tekst", batch)
        else:
            with db.engine.begin() as conn:
                conn.execute(insert(zoektekst.VersieTekst.__table__), batch)
        aantal += len(batch)
        if aantal % 50_000 < BATCH:
            log(f"  {backend}: {aantal:,} teksten ({time.perf_counter() - started:.0f} s)")
    geladen = time.perf_counter() - started
    if postgres:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("SET maintenance_work_mem = '512MB'")
            conn.exec_driver_sql(inhoudlezers.INDEX_DDL)  # the tsvector and its readers
            conn.exec_driver_sql("ANALYZE versie_tekst")
    db.dispose()
    result = {
        "scale": scale,
        "backend": backend,
        "deel": deel,
        "documenten": aantal,
        "seconden_laden": round(geladen, 1),
        "seconden_index": round(time.perf_counter() - started - geladen, 1),
    }
    marker(scale, backend).write_text(json.dumps(result, indent=2))
    log(f"  {backend}: {aantal:,} teksten in {time.perf_counter() - started:.0f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--deel", type=float, default=1.0)
    args = parser.parse_args()
    laad(args.scale, args.backend, args.deel)


if __name__ == "__main__":
    main()
