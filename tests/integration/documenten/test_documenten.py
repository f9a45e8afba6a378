"""The document store and the documenten service on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import (
    BlobCorrupt,
    DocumentStore,
    FileDocumentStore,
    default_store,
)
from igj_desktop.models import AuditEntry, Content, Versie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer import opruimen
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import koppelen
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from tests.document_demo import maak_dossier
from tests.seed import Seed


@pytest.fixture
def store(database: Database, data_dir: Path) -> DocumentStore:
    """The store that goes with the database: a folder, or the shared database itself."""
    return default_store(database)


def _blobs(store: DocumentStore) -> list[str]:
    return sorted(sha for sha, _ in store.hashes())


def _beschadig(database: Database, store: DocumentStore, sha256: str, data: bytes) -> None:
    """Damage stored bytes behind the application's back (disk error, tampering)."""
    if isinstance(store, FileDocumentStore):
        store.path_for(sha256).write_bytes(data)
        return
    with database.engine.begin() as connection:  # the schema owner, on the server
        connection.execute(
            text("UPDATE inhoud SET data = :data WHERE sha256 = :sha"),
            {"data": data, "sha": sha256},
        )


def test_same_bytes_are_stored_once(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = maak_dossier(database, seed)
    b = maak_dossier(database, seed)
    data = b"%PDF-1.4 rapport over de crisisopvang"
    eerste = documenten.add_document(ctx, [a.id], "rapport.pdf", data, soort="rapport")
    tweede = documenten.add_document(ctx, [b.id], "kopie.pdf", data)

    assert eerste.sha256 == tweede.sha256
    assert _blobs(store) == [eerste.sha256]
    if isinstance(store, FileDocumentStore):
        assert store.path_for(eerste.sha256).parent.parent.name == eerste.sha256[:2]
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Content)) == 1
        assert s.scalar(select(func.count()).select_from(Versie)) == 2


def test_versions_are_kept_and_read_back_verified(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path
) -> None:
    dossier = maak_dossier(database, seed)
    bron = tmp_path / "verslag.docx"
    bron.write_bytes(b"versie een")
    ref = documenten.add_document(
        ctx, [dossier.id], bron.name, bron, richting="uitgaand", vertrouwelijk=True
    )
    tweede = documenten.add_versie(ctx, ref.document_id, "verslag.docx", b"versie twee")

    [info] = documenten.documenten_van_dossier(ctx, dossier.id)
    assert [v.nummer for v in info.versies] == [1, 2]
    assert info.titel == "verslag"
    assert info.richting == "uitgaand" and info.vertrouwelijk
    assert info.auteur == "Anna de Vries"
    _, eerste_bytes = documenten.lees_versie(ctx, ref.versie_id)
    _, tweede_bytes = documenten.lees_versie(ctx, tweede.versie_id)
    assert (eerste_bytes, tweede_bytes) == (b"versie een", b"versie twee")


def test_corrupted_blob_is_detected(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "brief.txt", b"Geachte directie,")
    _beschadig(database, store, ref.sha256, b"Geachte directie!")

    with pytest.raises(BlobCorrupt) as fout:
        documenten.lees_versie(ctx, ref.versie_id)
    assert "beschadigd" in fout.value.message
    # storing the good bytes again repairs the blob
    documenten.add_versie(ctx, ref.document_id, "brief.txt", b"Geachte directie,")
    assert documenten.lees_versie(ctx, ref.versie_id)[1] == b"Geachte directie,"


def test_delete_refused_while_another_dossier_links_it(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    a = maak_dossier(database, seed)
    b = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [a.id, b.id], "plan.docx", b"plan van aanpak")

    with pytest.raises(ValidationFailed) as fout:
        documenten.verwijder_document(ctx, ref.document_id, a.id)
    assert b.kenmerk in fout.value.message
    koppelen.ontkoppel_document(ctx, ref.document_id, a.id)
    with pytest.raises(ValidationFailed) as laatste:
        koppelen.ontkoppel_document(ctx, ref.document_id, b.id)
    assert "enige dossier" in laatste.value.message
    # after unlinking from a, the document is still in b, and only in b
    assert documenten.documenten_van_dossier(ctx, a.id) == []
    assert [d.id for d in documenten.documenten_van_dossier(ctx, b.id)] == [ref.document_id]

    koppelen.koppel_document(ctx, ref.document_id, a.id)
    assert len(documenten.document_info(ctx, ref.document_id).dossier_ids) == 2
    koppelen.ontkoppel_document(ctx, ref.document_id, b.id)
    documenten.verwijder_document(ctx, ref.document_id, a.id)
    with pytest.raises(NotFound):
        documenten.document_info(ctx, ref.document_id)
    with database.session() as s:
        acties = s.scalars(select(AuditEntry.actie)).all()
    assert {"document_gekoppeld", "document_ontkoppeld", "document_verwijderd"} <= set(acties)


def test_refusal_never_names_a_dossier_out_of_sight(
    database: Database, seed: Seed, ctx_for: Callable[[str], ServiceContext]
) -> None:
    a = maak_dossier(database, seed, behandelaars=("avries",))
    geheim = maak_dossier(database, seed, behandelaars=("avries", "cbakker"))
    anna, carla = ctx_for("avries"), ctx_for("cbakker")
    ref = documenten.add_document(anna, [geheim.id], "plan.docx", b"plan")
    koppelen.koppel_document(anna, ref.document_id, a.id)
    toegang.revoke_toegang(  # Anna no longer sees the second dossier
        carla,
        geheim.id,
        next(r.id for r in toegang.list_toegang(carla, geheim.id) if r.naam == "Anna de Vries"),
    )
    with pytest.raises(ValidationFailed) as fout:
        documenten.verwijder_document(anna, ref.document_id, a.id)
    assert geheim.kenmerk not in fout.value.message
    assert "hoort ook bij een dossier dat u niet ziet" in fout.value.message
    assert [d.id for d in documenten.documenten_van_dossier(carla, geheim.id)] == [ref.document_id]


def test_crash_between_blob_and_commit_leaves_no_visible_orphan(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    dossier = maak_dossier(database, seed)
    bewaard = documenten.add_document(ctx, [dossier.id], "bewaard.txt", b"blijft")
    # a crash after the blob is written and before the rows are committed: the process
    # writes the blob, then the transaction never commits
    with pytest.raises(RuntimeError), ctx.unit_of_work():
        default_store(ctx.db).put(b"half opgeslagen")  # the app's store: its login stores
        raise RuntimeError("stroomstoring")

    assert [d.titel for d in documenten.documenten_van_dossier(ctx, dossier.id)] == ["bewaard"]
    assert len(_blobs(store)) == 2
    # a fresh blob is left alone (its transaction may still be running) ...
    assert opruimen.opruimen_ongebruikte_blobs(ctx) == []
    # ... an old one is removed, the referenced one stays
    [weg] = opruimen.opruimen_ongebruikte_blobs(ctx, ouder_dan=timedelta(0))
    assert _blobs(store) == [bewaard.sha256] and weg != bewaard.sha256
    assert documenten.lees_versie(ctx, bewaard.versie_id)[1] == b"blijft"


def test_bad_input_changes_nothing(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    dossier = maak_dossier(database, seed)
    vreemd = maak_dossier(database, seed, behandelaars=("cbakker",))
    gevallen = [
        ([dossier.id], "leeg.txt", b"", "leeg (0 bytes)"),
        ([dossier.id], "rapport?.docx", b"x", "Windows"),
        ([dossier.id], "CON.txt", b"x", "gereserveerde"),
        ([], "brief.txt", b"x", "ten minste"),
        ([vreemd.id], "brief.txt", b"x", "geen toegang"),
    ]
    for dossiers, naam, data, tekst in gevallen:
        with pytest.raises((ValidationFailed, NotFound)) as fout:
            documenten.add_document(ctx, dossiers, naam, data)
        assert tekst in fout.value.message
    assert _blobs(store) == []
    assert documenten.documenten_van_dossier(ctx, dossier.id) == []
    assert documenten.veilige_bestandsnaam('Re: "offerte"?.msg') == "Re_ _offerte__.msg"


def test_reader_cannot_change_and_other_users_see_nothing(
    database: Database, seed: Seed, ctx_for, ctx: ServiceContext
) -> None:
    dossier = maak_dossier(database, seed, lezers=("fmulder",))
    ref = documenten.add_document(ctx, [dossier.id], "notitie.txt", b"intern")
    lezer = ctx_for("fmulder")
    assert documenten.lees_versie(lezer, ref.versie_id)[1] == b"intern"
    with pytest.raises(ValidationFailed):
        documenten.add_versie(lezer, ref.document_id, "notitie.txt", b"anders")
    with pytest.raises(NotFound):
        documenten.lees_versie(ctx_for("cbakker"), ref.versie_id)


def test_a_shared_documenten_folder_serves_every_workstation(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    gedeeld = tmp_path / "share" / "documenten"
    monkeypatch.setenv("IGJ_DOCUMENTEN_DIR", str(gedeeld))
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "brief.txt", b"op de share")
    monkeypatch.setenv("IGJ_DATA_DIR", str(tmp_path / "laptop-van-bram"))  # another workstation
    assert documenten.lees_versie(ctx_for("bjansen"), ref.versie_id)[1] == b"op de share"
    if database.is_embedded:
        assert FileDocumentStore.default().path_for(ref.sha256).is_relative_to(gedeeld)
    else:  # a shared database keeps the bytes itself, under its own access rule
        assert not gedeeld.exists()


@pytest.mark.parametrize("naam", ["rapport\u202efdp.exe", "COM¹.txt", "CON .txt", "brief. "])
def test_unsafe_file_names_are_refused_and_nothing_is_stored(
    database: Database, seed: Seed, ctx: ServiceContext, store: FileDocumentStore, naam: str
) -> None:
    dossier = maak_dossier(database, seed)
    with pytest.raises(ValidationFailed) as fout:
        documenten.add_document(ctx, [dossier.id], naam, b"%PDF inhoud")
    assert "Kies een andere" in fout.value.message or "gereserveerde" in fout.value.message
    assert _blobs(store) == []
    assert documenten.documenten_van_dossier(ctx, dossier.id) == []
