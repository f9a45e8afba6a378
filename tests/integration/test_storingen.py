"""A failing database or disk gives a Dutch message, rolls back and the next action works."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.models import AuditEntry, Content, Document, Telefoonnotitie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    record_telefoonnotitie,
)
from igj_desktop.services.storing import (
    AANMELDEN_MISLUKT,
    SCHIJF_VOL,
    TE_GROOT,
    VERBINDING_WEG,
    AanmeldenMislukt,
    Storing,
)
from tests.conftest import database_as

from ..document_demo import maak_dossier
from ..seed import Seed
from .faults import small_disk, sqlite_full, terminate_on


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _notitie(samenvatting: str = "Vraagt het bezoek te verschuiven.") -> NieuweTelefoonnotitie:
    return NieuweTelefoonnotitie(onderwerp="Datum bezoek", samenvatting=samenvatting)


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_backend_terminated_mid_transaction_gives_dutch_text_and_nothing_half(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = maak_dossier(database, seed)
    audit_voor = _count(database, AuditEntry)
    with (
        terminate_on(ctx.db, "INSERT INTO audit_entry") as killed,
        pytest.raises(Storing) as info,
    ):
        record_telefoonnotitie(ctx, dossier.id, _notitie())
    assert killed, "the backend was not terminated"
    assert info.value.message == VERBINDING_WEG
    # the telefoonnotitie was inserted before the audit row: rolled back with it
    assert _count(database, Telefoonnotitie) == 0
    assert _count(database, AuditEntry) == audit_voor
    record_telefoonnotitie(ctx, dossier.id, _notitie())  # the next action works
    assert _count(database, Telefoonnotitie) == 1


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_full_sqlite_file_gives_dutch_text_and_the_next_action_works(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = maak_dossier(database, seed)
    with sqlite_full(database), pytest.raises(Storing) as info:
        record_telefoonnotitie(ctx, dossier.id, _notitie("Lang verslag. " * 20_000))
    assert info.value.message == SCHIJF_VOL
    assert "disk" not in info.value.message
    assert _count(database, Telefoonnotitie) == 0
    record_telefoonnotitie(ctx, dossier.id, _notitie("Lang verslag. " * 20_000))
    assert _count(database, Telefoonnotitie) == 1


# a folder store: the shared database keeps the bytes itself (default_store)
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_full_document_store_gives_dutch_text_and_leaves_no_temporary_file(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path
) -> None:
    dossier = maak_dossier(database, seed)
    with small_disk(tmp_path) as schijf:
        store = FileDocumentStore(schijf / "documenten")
        with pytest.raises(Storing) as info:
            documenten.add_document(
                ctx, [dossier.id], "groot.pdf", os.urandom(400_000), store=store
            )
        assert info.value.message == SCHIJF_VOL
        assert _count(database, Document) == 0
        assert _count(database, Content) == 0
        assert [p for p in schijf.rglob("*") if p.is_file()] == []  # no .tmp-* left behind
        klein = documenten.add_document(ctx, [dossier.id], "klein.pdf", b"%PDF klein", store=store)
        assert store.get(klein.sha256) == b"%PDF klein"
    assert _count(database, Document) == 1


GRENS = 4 * 1024 * 1024  # the child may write no file beyond 4 MB


def _met_bestandsgrens() -> None:
    """In the child before exec: a file-size limit, and the write fails with EFBIG instead of
    the process being killed by SIGXFSZ."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (GRENS, GRENS))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


# a folder store: the shared database keeps the bytes itself (default_store)
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_file_beyond_the_disk_limit_gives_dutch_text_and_loses_nothing(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path
) -> None:
    """Without root: RLIMIT_FSIZE makes the real streamed write of the document store fail
    (EFBIG, as a FAT32 stick or a quota does) in a child process running the service."""
    dossier = maak_dossier(database, seed)
    store = FileDocumentStore(tmp_path / "documenten")
    eerder = documenten.add_document(ctx, [dossier.id], "eerder.pdf", b"%PDF eerder", store=store)
    bron = tmp_path / "groot.pdf"
    bron.write_bytes(os.urandom(GRENS + 1024 * 1024))
    documenten_voor, content_voor = _count(database, Document), _count(database, Content)
    argumenten = [database.url, "avries", str(dossier.id), str(store.root), str(bron)]
    kind = subprocess.run(
        [sys.executable, "-m", "tests.integration.schijfgrens", *argumenten],
        capture_output=True,
        text=True,
        preexec_fn=_met_bestandsgrens,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        check=False,
        timeout=120,
    )
    assert kind.returncode == 0, kind.stderr
    assert kind.stdout.strip() == TE_GROOT
    assert (_count(database, Document), _count(database, Content)) == (
        documenten_voor,
        content_voor,
    )
    assert [p.name for p in store.root.rglob(".tmp-*")] == []  # the half file was removed
    assert store.get(eerder.sha256) == b"%PDF eerder"  # what was there is intact
    groot = documenten.add_document(ctx, [dossier.id], "groot.pdf", bron, store=store)
    assert store.exists(groot.sha256)  # without the limit the same action works


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_logging_in_while_the_connection_drops_is_told_in_dutch(
    database: Database, seed: Seed, request: pytest.FixtureRequest
) -> None:
    als_anna = database_as(database, "avries", request)  # the app's login: her own role
    with (
        terminate_on(als_anna, "FROM medewerker") as killed,
        pytest.raises(Storing) as info,
    ):
        ServiceContext.log_in(als_anna, "avries")
    assert killed and info.value.message == VERBINDING_WEG
    assert ServiceContext.log_in(als_anna, "avries").actor.gebruikersnaam == "avries"


def test_a_login_the_server_refuses_or_cannot_take_is_told_in_dutch(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A refused login (an unknown role) and an unreachable server: one Dutch text, which
    names both causes (libpq tells neither with an SQLSTATE), the cause only in the log."""
    onbekend = "postgresql+psycopg://igj_niemand@127.0.0.1:5432/test?connect_timeout=3"
    onbereikbaar = "postgresql+psycopg://igj_niemand@127.0.0.1:1/igj?connect_timeout=3"
    for url in (onbekend, onbereikbaar):
        db = Database(url)
        try:
            with pytest.raises(AanmeldenMislukt) as info:
                ServiceContext.log_in(db, "avries")
        finally:
            db.dispose()
        assert info.value.message == AANMELDEN_MISLUKT and "igj_niemand" not in info.value.message
    assert "igj_niemand" in caplog.text  # the administrator finds the cause in the log
