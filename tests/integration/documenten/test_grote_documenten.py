"""A large document is hashed, stored and copied in chunks; a size limit answers in Dutch."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from psycopg.adapt import PyFormat
from psycopg.pq import Format
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.db_bytes import BytesZonderKopie
from igj_desktop.integrations.document_store import (
    BlobCorrupt,
    FileDocumentStore,
    default_store,
    sha256_of,
    sha256_of_file,
)
from igj_desktop.models import Content, Document
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.meenemen import copy_blobs
from tests.document_demo import maak_dossier
from tests.seed import Seed

GROOT_MB = 48
PIEK_MB = 8  # a few chunks of 1 MB, far below the file


def _groot_bestand(folder: Path) -> Path:
    """A generated file of ``GROOT_MB`` (random, so nothing compresses or deduplicates)."""
    pad = folder / "inspectierapport met bijlagen.pdf"
    with pad.open("wb") as bestand:
        for _ in range(GROOT_MB):
            bestand.write(os.urandom(1024 * 1024))
    return pad


def _piek_mb(werk: object) -> float:
    tracemalloc.start()
    try:
        werk()  # type: ignore[operator]
        _, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return piek / (1024 * 1024)


# a folder store: the shared database keeps the bytes itself (default_store)
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_large_document_is_stored_and_copied_in_chunks(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path
) -> None:
    dossier = maak_dossier(database, seed)
    bron = _groot_bestand(tmp_path)
    sha = sha256_of_file(bron)
    store = FileDocumentStore(tmp_path / "opslag")
    refs = []

    piek = _piek_mb(
        lambda: refs.append(
            documenten.add_document(ctx, [dossier.id], bron.name, bron, store=store)
        )
    )
    assert piek < PIEK_MB, f"{piek:.1f} MB in het geheugen voor een bestand van {GROOT_MB} MB"
    assert refs[0].sha256 == sha and sha256_of_file(store.path_for(sha)) == sha

    laptop = FileDocumentStore(tmp_path / "laptop")
    assert _piek_mb(lambda: copy_blobs({sha}, store, laptop)) < PIEK_MB
    export = tmp_path / "werkmap" / "kopie.pdf"
    assert _piek_mb(lambda: laptop.export(sha, export)) < PIEK_MB
    assert sha256_of_file(export) == sha


def test_a_damaged_large_blob_is_not_copied(tmp_path: Path) -> None:
    bron = _groot_bestand(tmp_path)
    store = FileDocumentStore(tmp_path / "opslag")
    sha = store.put_file(bron).sha256
    with store.path_for(sha).open("r+b") as blob:
        blob.seek(20 * 1024 * 1024)
        blob.write(b"bitrot")
    laptop = FileDocumentStore(tmp_path / "laptop")
    with pytest.raises(BlobCorrupt, match="beschadigd"):
        copy_blobs({sha}, store, laptop)
    assert [p for p in laptop.root.rglob("*") if p.is_file()] == []


def test_a_document_over_the_limit_is_refused_in_dutch(
    database: Database,
    seed: Seed,
    ctx: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IGJ_MAX_DOCUMENT_MB", "10")
    dossier = maak_dossier(database, seed)
    store = FileDocumentStore(tmp_path / "opslag")
    with pytest.raises(ValidationFailed) as fout:
        documenten.add_document(
            ctx, [dossier.id], "groot.pdf", _groot_bestand(tmp_path), store=store
        )
    assert fout.value.message == (
        "Het bestand 'groot.pdf' is 48 MB; de grens is 10 MB. Er is niets opgeslagen. Verklein "
        "het bestand, of vraag de beheerder of de grens omhoog kan."
    )
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Content)) == 0
    assert not store.root.exists() or not any(store.root.rglob("*"))


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_large_document_goes_into_the_database_as_it_is(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path
) -> None:
    """Binary, handed to libpq in place (psycopg's C dumper copied 48 MB first, holding the
    GIL), and hashed by the server: what comes back is what went in."""
    with ctx.db.engine.connect() as connection:
        dumper = connection.connection.dbapi_connection.adapters.get_dumper(bytes, PyFormat.AUTO)
    assert dumper is BytesZonderKopie and dumper.format == Format.BINARY
    dossier = maak_dossier(database, seed)
    data = _groot_bestand(tmp_path).read_bytes() + b"\x00\\x27'"
    store = default_store(ctx.db)
    ref = documenten.add_document(ctx, [dossier.id], "rapport.pdf", data, store=store)
    assert ref.sha256 == sha256_of(data) and store.get(ref.sha256) == data
