"""Files held by Word or a scanner in the services: opening a copy again, cleaning up."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from igj_desktop.db import Database
from igj_desktop.integrations.bestandsslot import BestandInGebruik
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer import opruimen
from igj_desktop.services.documenten import bewerken
from igj_desktop.services.documenten import document as documenten
from tests.document_demo import maak_dossier
from tests.seed import Seed
from tests.windows import Vergrendeling, zonder_wachten


def test_a_copy_still_open_in_word_is_not_replaced_and_word_is_named(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", b"versie 1")
    geopend: list[Path] = []
    pad = bewerken.open_alleen_lezen(ctx, ref.versie_id, opener=geopend.append, map_=tmp_path)
    wachten = zonder_wachten(monkeypatch, ("Microsoft Word",))
    monkeypatch.setattr(os, "replace", Vergrendeling(os.replace, pad, keer=None))

    with pytest.raises(BestandInGebruik) as fout:
        bewerken.open_alleen_lezen(ctx, ref.versie_id, opener=geopend.append, map_=tmp_path)

    assert "'verslag.docx' is geopend in Microsoft Word" in fout.value.message
    assert geopend == [pad] and pad.read_bytes() == b"versie 1"
    assert len(wachten.pauzes) == 5
    assert not pad.stat().st_mode & stat.S_IWUSR  # still write-protected
    assert not list(pad.parent.glob(".*igj-tmp"))


def test_clean_up_leaves_a_blob_the_scanner_holds_for_next_time(
    database: Database, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zonder_wachten(monkeypatch)
    store = FileDocumentStore(tmp_path / "documenten")
    vast, los = store.put(b"wordt gescand"), store.put(b"weesbestand")
    monkeypatch.setattr(Path, "unlink", Vergrendeling(Path.unlink, store.path_for(vast.sha256), 99))

    assert opruimen.opruimen_ongebruikte_blobs(ctx, ouder_dan=timedelta(0), store=store) == [
        los.sha256
    ]
    assert store.exists(vast.sha256) and not store.exists(los.sha256)
    monkeypatch.undo()
    assert opruimen.opruimen_ongebruikte_blobs(ctx, ouder_dan=timedelta(0), store=store) == [
        vast.sha256
    ]


# a folder store: the shared database keeps the bytes itself (default_store)
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_deleting_a_document_whose_bytes_a_scanner_holds_still_deletes_it(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    zonder_wachten(monkeypatch)
    store = FileDocumentStore(tmp_path / "documenten")
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "scan.pdf", b"%PDF-1.7", store=store)
    monkeypatch.setattr(Path, "unlink", Vergrendeling(Path.unlink, store.path_for(ref.sha256), 99))

    documenten.verwijder_document(ctx, ref.document_id, dossier.id, store=store)

    assert documenten.documenten_van_dossier(ctx, dossier.id) == []
    assert store.exists(ref.sha256)  # left for the daily clean-up
