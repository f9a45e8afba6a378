"""The PDF path whether or not a converter is installed: a real PDF or a clear Dutch refusal.

None of these tests is skipped without LibreOffice: their assertion holds either way, and
the Word document itself is never handed back as if it were the PDF.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from docx import Document as open_docx

from igj_desktop.db import Database
from igj_desktop.integrations import pdf_convert
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import definitief as documenten_definitief
from igj_desktop.services.documenten import document as documenten
from tests.document_demo import maak_dossier
from tests.seed import Seed


def _docx() -> bytes:
    buffer = io.BytesIO()
    word = open_docx()
    word.add_paragraph("Verslag van het gesprek met de bestuurder.")
    word.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def zonder_omzetter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Word and without LibreOffice: nothing on PATH, no Program Files."""
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    monkeypatch.setenv("PATH", str(leeg))
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    assert pdf_convert.beschikbare_omzetter() is None


def _pdf_of_weigering(docx: bytes) -> None:
    try:
        resultaat = pdf_convert.naar_pdf(docx, "verslag.docx")
    except pdf_convert.ConversieMislukt as fout:
        assert "niet definitief" in fout.message  # Dutch, and says nothing was made final
        return
    assert resultaat.data.startswith(b"%PDF-") and resultaat.data != docx
    assert resultaat.omgezet_met in ("Microsoft Word", "LibreOffice")


def test_a_pdf_or_a_refusal_with_the_converters_of_this_machine() -> None:
    _pdf_of_weigering(_docx())


@pytest.mark.usefixtures("zonder_omzetter")
def test_without_word_or_libreoffice_the_user_is_told_what_to_install() -> None:
    _pdf_of_weigering(_docx())
    with pytest.raises(pdf_convert.ConversieMislukt) as fout:
        pdf_convert.naar_pdf(_docx(), "brief.docx")
    assert "Installeer Microsoft Word" in fout.value.message
    assert "LibreOffice" in fout.value.message


@pytest.mark.usefixtures("zonder_omzetter")
def test_definitief_maken_without_a_converter_keeps_the_concept(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", _docx())
    blobs = sorted(FileDocumentStore.default().root.rglob("*"))
    with pytest.raises(pdf_convert.ConversieMislukt, match="Installeer Microsoft Word"):
        documenten_definitief.definitief_maken(ctx, ref.document_id)
    document = documenten.document_info(ctx, ref.document_id)
    assert (document.status, [v.status for v in document.versies]) == ("concept", ["concept"])
    assert document.laatste.bestandsnaam == "verslag.docx"
    assert sorted(FileDocumentStore.default().root.rglob("*")) == blobs


def _nep_soffice(map_: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``soffice`` on PATH that behaves like a broken LibreOffice installation."""
    soffice = map_ / "soffice"
    soffice.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", str(map_))


@pytest.mark.skipif(sys.platform == "win32", reason="het nepprogramma is een shellscript")
@pytest.mark.parametrize(
    ("script", "melding"),
    [
        ("echo 'Error: source file could not be loaded' >&2; exit 1", "could not be loaded"),
        ("echo 'convert done'; exit 0", "convert done"),  # says it worked, wrote no PDF
    ],
)
def test_a_failing_libreoffice_is_a_refusal_not_the_docx(
    script: str, melding: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _nep_soffice(tmp_path, script, monkeypatch)
    assert pdf_convert.find_soffice() == os.fspath(tmp_path / "soffice")
    with pytest.raises(pdf_convert.ConversieMislukt) as fout:
        pdf_convert.naar_pdf(_docx(), "verslag.docx")
    assert fout.value.message.startswith("LibreOffice kon het document niet naar PDF omzetten")
    assert melding in fout.value.message
