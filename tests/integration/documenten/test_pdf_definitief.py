"""'Definitief maken': a generated Word document becomes a locked PDF version (LibreOffice).

Every test here needs LibreOffice; what needs no converter is in ``test_pdf_zonder_omzetter``.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from igj_desktop.db import Database
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import definitief as documenten_definitief
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.errors import ValidationFailed
from tests.document_demo import maak_dossier, vul_toetsing
from tests.seed import create_seed

pytestmark = pytest.mark.usefixtures("libreoffice")


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

    resultaat = documenten_definitief.definitief_maken(ctx, concept.document_id)

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
        documenten_definitief.definitief_maken(ctx, concept.document_id)
