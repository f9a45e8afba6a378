"""'Definitief maken': a generated Word document becomes a locked PDF version (LibreOffice)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from igj_desktop.db import Database
from igj_desktop.integrations import pdf_convert
from igj_desktop.services import documenten, sjablonen
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed

from ..document_demo import maak_dossier, vul_toetsing
from ..seed import create_seed

pytestmark = pytest.mark.skipif(
    pdf_convert.find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd"
)


def pdf_tekst(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_definitief_maken_stores_a_pdf_and_locks_the_document(
    sqlite_database: Database,
) -> None:
    seed = create_seed(sqlite_database)
    ctx = ServiceContext.for_user(sqlite_database, "avries")
    dossier = maak_dossier(sqlite_database, seed)
    bevindingen = vul_toetsing(ctx, dossier)
    concept = sjablonen.genereer_document(ctx, dossier.id, "conceptrapport")

    resultaat = documenten.definitief_maken(ctx, concept.document_id)

    assert resultaat.omgezet_met == "LibreOffice"
    info, pdf = documenten.lees_versie(ctx, resultaat.ref.versie_id)
    assert pdf.startswith(b"%PDF") and info.mime_type == "application/pdf"
    assert info.nummer == 2 and info.status == "definitief"
    assert info.bestandsnaam == f"Conceptrapport {dossier.kenmerk}.pdf"
    tekst = " ".join(pdf_tekst(pdf).split())
    assert dossier.kenmerk in tekst and "GGZ Noorderlicht" in tekst
    for bevinding in bevindingen.values():
        assert " ".join(bevinding.split()) in tekst
    document = documenten.document_info(ctx, concept.document_id)
    assert document.status == "definitief"
    assert [v.status for v in document.versies] == ["concept", "definitief"]
    with pytest.raises(ValidationFailed) as fout:
        documenten.add_versie(ctx, concept.document_id, "rapport.docx", b"nog een wijziging")
    assert "definitief" in fout.value.message
    with pytest.raises(ValidationFailed):
        documenten.definitief_maken(ctx, concept.document_id)


def test_without_word_or_libreoffice_the_user_is_told_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    assert pdf_convert.beschikbare_omzetter() is None
    with pytest.raises(pdf_convert.ConversieMislukt) as fout:
        pdf_convert.naar_pdf(b"PK\x03\x04", "brief.docx")
    assert "Installeer Microsoft Word" in fout.value.message
    assert "LibreOffice" in fout.value.message
