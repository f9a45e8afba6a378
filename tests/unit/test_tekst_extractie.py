"""Text from real files, and the marks for files without any: bounded, never an exception."""

from __future__ import annotations

import io
import zipfile

import pytest

from igj_desktop.integrations import tekst_extractie
from igj_desktop.integrations.tekst_extractie import TekstStaat, extraheer
from tests.inhoud_bestanden import MAIL, docx_bytes, kapotte_docx, pdf_bytes, scan_pdf_bytes


def test_docx_paragraphs_and_tables() -> None:
    uitkomst = extraheer("verslag.docx", docx_bytes("Verslag van de inspectie."))
    assert uitkomst.staat == TekstStaat.TEKST
    assert uitkomst.tekst == "Verslag van de inspectie.\nKenmerk IGJ-2026-004711"


def test_pdf_text_layer_and_a_scan() -> None:
    assert extraheer("r.pdf", pdf_bytes("Rapport", "Tweede regel")).tekst == "Rapport\nTweede regel"
    assert extraheer("scan.pdf", scan_pdf_bytes()) == tekst_extractie.Extractie(TekstStaat.SCAN)


def test_mail_bodies_and_attachments_also_a_pdf_inside_a_msg() -> None:
    eml = extraheer("m.eml", (MAIL / "eml" / "attachment_pdf.eml").read_bytes())
    assert eml.staat == TekstStaat.TEKST
    assert eml.tekst.startswith("Another PDF with 🎉 Unicode chars in it 🍿\nVan: Test Tester")
    assert "Just attaching another PDF" in eml.tekst  # its PDF is damaged: only its name
    assert eml.tekst.endswith("broken.pdf")
    doorgestuurd = extraheer("f.eml", (MAIL / "eml" / "attachment_message_rfc822.eml").read_bytes())
    assert "ForwardedMessage.eml\nAnother PDF\nVan: Test Tester" in doorgestuurd.tekst
    msg = extraheer("a.msg", (MAIL / "msg" / "attachment_msg_pdf.msg").read_bytes())
    assert "Test Attachment.msg\nTest Attachment\n" in msg.tekst  # an attached .msg
    assert "Sent: Friday, 18 June 2010 9:52 AM" in msg.tekst  # the attached PDF's text
    txt = extraheer("b.msg", (MAIL / "msg" / "attachment_test_msg.msg").read_bytes())
    assert "école (00E9)" in txt.tekst  # a .txt attachment; the old .doc: only its name


def test_attachments_deeper_than_the_limit_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tekst_extractie, "MAX_DIEPTE", 0)
    msg = extraheer("a.msg", (MAIL / "msg" / "attachment_msg_pdf.msg").read_bytes())
    assert "Friday" not in msg.tekst and "test email" in msg.tekst


def test_plain_rtf_and_html() -> None:
    assert extraheer("a.txt", "Zorg én toezicht".encode()).tekst == "Zorg én toezicht"
    rtf = rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Inspectie {\b bezoek}\par}"
    assert extraheer("b.rtf", rtf).tekst == "Inspectie bezoek"
    html = b"<html><head><style>p{}</style></head><body><p>Een <b>brief</b></p></body></html>"
    assert extraheer("c.html", html).tekst == "Een brief"


@pytest.mark.parametrize(
    ("naam", "data", "staat"),
    [
        ("kapot.docx", kapotte_docx(), TekstStaat.ONLEESBAAR),
        ("kapot.pdf", pdf_bytes("x")[:200], TekstStaat.ONLEESBAAR),
        ("kapot.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, TekstStaat.ONLEESBAAR),
        ("leeg.msg", (MAIL / "msg" / "blank.msg").read_bytes(), TekstStaat.GEEN_TEKST),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, TekstStaat.GEEN_TEKST),
    ],
    ids=lambda waarde: waarde if isinstance(waarde, str) else "",  # bytes hold a zip timestamp
)
def test_files_without_text_are_marked(naam: str, data: bytes, staat: TekstStaat) -> None:
    assert extraheer(naam, data) == tekst_extractie.Extractie(staat)


def test_bounds_size_unpacked_size_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tekst_extractie, "MAX_BESTAND", 1000)
    assert extraheer("groot.txt", b"a " * 600).staat == TekstStaat.TE_GROOT
    bom = io.BytesIO()
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("word/document.xml", b"0" * 5000)
    monkeypatch.setattr(tekst_extractie, "MAX_UITGEPAKT", 4000)
    assert extraheer("bom.docx", bom.getvalue()).staat == TekstStaat.ONLEESBAAR
    monkeypatch.setattr(tekst_extractie, "MAX_TEKENS", 10)
    assert extraheer("lang.txt", b"inspectie en toezicht").tekst == "inspectie "


def test_an_expired_deadline_keeps_what_was_read() -> None:
    pdf = pdf_bytes("Eerste pagina")
    assert extraheer("r.pdf", pdf, seconden=-1).tekst == "Eerste pagina"  # one page, then stop
