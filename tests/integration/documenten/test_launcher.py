"""The editor launcher: check-out, Word's save-by-rename, check-in, breaking a stale check-out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import AuditEntry
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import bewerken, uitchecken
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import AccessDenied, ValidationFailed
from tests.document_demo import maak_dossier
from tests.seed import Seed


class Klok:
    """A clock the test moves by hand: the debounce is tested without sleeping."""

    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu

    def verder(self, seconden: float) -> None:
        self.nu += seconden


class Editor:
    """Records what the launcher asked the operating system to open."""

    def __init__(self) -> None:
        self.geopend: list[Path] = []

    def __call__(self, pad: Path) -> None:
        self.geopend.append(pad)


def word_slaat_op(pad: Path, inhoud: bytes) -> None:
    """What Word does on Ctrl+S: temp file, delete the original, rename the temp file."""
    tmp = pad.with_name("~WRL0001.tmp")
    tmp.write_bytes(inhoud)
    pad.unlink()
    os.rename(tmp, pad)


@pytest.fixture
def document(database: Database, seed: Seed, ctx: ServiceContext):
    dossier = maak_dossier(database, seed)
    return documenten.add_document(ctx, [dossier.id], "verslag.docx", b"versie 1")


def test_word_save_by_rename_becomes_exactly_one_version(
    ctx: ServiceContext, document, tmp_path: Path
) -> None:
    klok, editor = Klok(), Editor()
    sessie = bewerken.bewerken(
        ctx, document.document_id, opener=editor, map_=tmp_path, clock=klok, watch=False
    )
    pad = sessie.pad
    assert editor.geopend == [pad] and pad.read_bytes() == b"versie 1"

    (pad.parent / f"~${pad.name}").write_bytes(b"lock")  # Word's owner file
    tmp = pad.with_name("~WRL0001.tmp")
    tmp.write_bytes(b"versie 2 uit Word")
    pad.unlink()
    klok.verder(5)
    assert sessie.poll() is None  # the original is gone, the new one not there yet
    os.rename(tmp, pad)
    assert sessie.poll() is None  # within the debounce interval
    klok.verder(2)
    ref = sessie.poll()
    assert ref is not None and ref.versie_nummer == 2
    klok.verder(10)
    assert sessie.poll() is None

    word_slaat_op(pad, b"versie 2 uit Word")  # autosave with the same content
    klok.verder(2)
    assert sessie.poll() is None
    versies = documenten.document_info(ctx, document.document_id).versies
    assert [v.nummer for v in versies] == [1, 2]
    assert documenten.lees_versie(ctx, versies[-1].id)[1] == b"versie 2 uit Word"
    assert versies[-1].opmerking == "Opgeslagen in de editor"


def test_checkout_blocks_others_until_checked_in(
    ctx: ServiceContext, ctx_for, document, tmp_path: Path
) -> None:
    klok = Klok()
    sessie = bewerken.bewerken(
        ctx, document.document_id, opener=Editor(), map_=tmp_path, clock=klok, watch=False
    )
    bram = ctx_for("bjansen")
    info = documenten.document_info(bram, document.document_id)
    assert info.in_bewerking_tekst == "in bewerking door Anna de Vries"
    with pytest.raises(ValidationFailed) as fout:
        bewerken.bewerken(bram, document.document_id, opener=Editor(), watch=False)
    assert "in bewerking" in fout.value.message
    with pytest.raises(ValidationFailed):
        documenten.add_versie(bram, document.document_id, "verslag.docx", b"van Bram")
    with pytest.raises(ValidationFailed):
        uitchecken.inchecken(bram, document.document_id)

    word_slaat_op(sessie.pad, b"laatste wijziging voor inchecken")
    ref = sessie.inchecken()  # a save still in its debounce interval is not lost
    assert ref is not None and ref.versie_nummer == 2
    assert documenten.document_info(bram, document.document_id).uitgecheckt_door is None
    tweede = bewerken.bewerken(
        bram, document.document_id, opener=Editor(), map_=tmp_path / "bram", watch=False
    )
    assert tweede.pad.read_bytes() == b"laatste wijziging voor inchecken"


def test_stale_checkout_broken_by_owner_or_beheerder_with_audit(
    database: Database, ctx: ServiceContext, ctx_for, document, tmp_path: Path
) -> None:
    bewerken.bewerken(ctx, document.document_id, opener=Editor(), map_=tmp_path, watch=False)
    with pytest.raises(AccessDenied):
        uitchecken.uitcheck_verbreken(ctx_for("bjansen"), document.document_id, "Anna is ziek")
    with pytest.raises(ValidationFailed):
        uitchecken.uitcheck_verbreken(ctx_for("dsmit"), document.document_id, "  ")
    uitchecken.uitcheck_verbreken(ctx_for("dsmit"), document.document_id, "Anna is ziek")

    assert documenten.document_info(ctx, document.document_id).uitgecheckt_door is None
    with database.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.actie == "uitcheck_verbroken")).one()
    assert "Anna de Vries" in audit.omschrijving and "Anna is ziek" in audit.omschrijving


def test_unsaved_changes_of_a_crashed_session_become_the_next_version(
    ctx: ServiceContext, document, tmp_path: Path
) -> None:
    klok = Klok()
    eerste = bewerken.bewerken(
        ctx, document.document_id, opener=Editor(), map_=tmp_path, clock=klok, watch=False
    )
    eerste.pad.write_bytes(b"getypt voor de crash")  # the app dies before it polls

    tweede = bewerken.bewerken(
        ctx, document.document_id, opener=Editor(), map_=tmp_path, clock=klok, watch=False
    )
    klok.verder(2)
    ref = tweede.poll()
    assert ref is not None and ref.versie_nummer == 2
    assert documenten.lees_versie(ctx, ref.versie_id)[1] == b"getypt voor de crash"


def test_open_any_version_read_only(ctx: ServiceContext, document, tmp_path: Path) -> None:
    documenten.add_versie(ctx, document.document_id, "verslag.docx", b"versie 2")
    editor = Editor()
    pad = bewerken.open_alleen_lezen(ctx, document.versie_id, opener=editor, map_=tmp_path)
    assert editor.geopend == [pad] and pad.read_bytes() == b"versie 1"
    assert not pad.stat().st_mode & stat.S_IWUSR


def test_a_long_name_in_a_deep_werkmap_is_shortened_and_versions_keep_the_name(
    ctx: ServiceContext, database: Database, seed: Seed, tmp_path: Path
) -> None:
    naam = "Verslag toezichtbezoek " + "Zonnehoeve " * 20 + ".docx"
    ref = documenten.add_document(ctx, [maak_dossier(database, seed).id], naam, b"versie 1")
    werkmap = tmp_path / ("diep" * 30)
    klok, editor = Klok(), Editor()
    sessie = bewerken.bewerken(
        ctx, ref.document_id, opener=editor, map_=werkmap, clock=klok, watch=False
    )

    assert len(str(sessie.pad)) <= 259 and sessie.pad.suffix == ".docx"
    assert editor.geopend == [sessie.pad] and sessie.pad.read_bytes() == b"versie 1"
    word_slaat_op(sessie.pad, b"versie 2 uit Word")
    assert sessie.poll() is None  # seen; stored once Word is quiet
    klok.verder(5)
    assert sessie.poll() is not None
    assert documenten.document_info(ctx, ref.document_id).laatste.bestandsnaam == naam
