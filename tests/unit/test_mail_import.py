"""Parsing real .msg and .eml files (testdata from Apache POI, msg-extractor and Ruby mail)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfWriter

from igj_desktop.integrations import mail_import
from igj_desktop.integrations.mail_import import (
    MailImportError,
    ParsedFile,
    ParsedMail,
    naam_van_onderwerp,
    parse_bytes,
    parse_path,
    safe_filename,
)
from tests.testdata import TESTDATA

CORRUPT = "clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg"
NO_MAIL = {"msgClassContact.msg": "contactpersoon", "msgClassTask.msg": "taak"}
NO_MAIL["msgClassStickyNote.msg"] = "notitie"
REFUSED = {CORRUPT, *NO_MAIL}
ALL_MAILS = sorted(p for p in (TESTDATA / "msg").iterdir() if p.name not in REFUSED) + sorted(
    (TESTDATA / "eml").iterdir()
)
WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(i) for i in range(32)}


def mail(folder: str, name: str) -> ParsedMail:
    parsed = parse_path(TESTDATA / folder / name)
    assert isinstance(parsed, ParsedMail)
    return parsed


@pytest.mark.parametrize("path", ALL_MAILS, ids=lambda p: p.name)
def test_every_test_mail_parses_into_clean_fields(path: Path) -> None:
    parsed = parse_path(path)
    assert isinstance(parsed, ParsedMail)
    assert parsed.data == path.read_bytes()
    for text in (parsed.onderwerp, parsed.afzender, parsed.aan, parsed.cc):
        assert "\x00" not in text and "\ufffd" not in text
    assert parsed.ontvangen is None or parsed.ontvangen.utcoffset() == UTC.utcoffset(None)
    for bijlage in parsed.bijlagen:
        assert bijlage.naam and not WINDOWS_FORBIDDEN & set(bijlage.naam)
        assert len(bijlage.naam) <= 150


@pytest.mark.logt_fout  # extract_msg logs the damaged file itself
def test_corrupt_compound_file_is_refused_in_dutch() -> None:
    with pytest.raises(MailImportError) as info:
        parse_path(TESTDATA / "msg" / CORRUPT)
    assert "beschadigd" in info.value.message and "niets geregistreerd" in info.value.message


def test_outlook_msg_fields_and_pdf_and_nested_msg_attachment() -> None:
    parsed = mail("msg", "attachment_msg_pdf.msg")
    assert parsed.onderwerp == "test email"
    assert parsed.afzender == "Nick Booth <nick.booth@pof.com.au>"
    assert parsed.ontvangen == datetime(2010, 6, 17, 23, 54, 19, tzinfo=UTC)
    assert parsed.message_id and parsed.message_id.startswith("<3975CB07")
    nested, pdf = parsed.bijlagen
    assert nested.is_mail and nested.naam == "Test Attachment.msg"
    assert isinstance(parse_bytes(nested.naam, nested.data), ParsedMail)
    assert pdf.naam == "smbprn.00009008.KdcPjl.pdf" and pdf.data.startswith(b"%PDF")


def test_nul_subjects_are_cleaned() -> None:
    assert mail("msg", "simple_test_msg.msg").onderwerp == "test message"
    blank = mail("msg", "blank.msg")
    assert blank.onderwerp == "" and blank.ontvangen == datetime(
        2007, 7, 3, 16, 34, 38, 736000, tzinfo=UTC
    )  # it has only a delivery time


def test_legacy_code_page_is_honoured() -> None:
    chinese = mail("msg", "chinese-traditional.msg")
    assert chinese.onderwerp == "Alfresco MSG format testing ( MSG 格式測試 )"
    assert chinese.afzender == "Tests Chang@FT (張毓倫)"
    assert mail("msg", "cyrillic_message.msg").onderwerp.startswith("Автоматический ответ")
    assert mail("msg", "attachment_test_msg.msg").onderwerp == "test pièce jointe 1"
    big5 = mail("eml", "content_transfer_encoding_empty.eml")
    assert "大補泡麵專賣" in big5.onderwerp


def test_appointment_is_recognised() -> None:
    assert mail("msg", "msgClassAppointment.msg").soort == "afspraak"


def test_inline_image_in_msg() -> None:
    (gif,) = mail("msg", "example_received_unicode.msg").bijlagen
    assert gif.inline and gif.content_id and gif.data.startswith(b"BM")  # Outlook stored a bitmap


def test_unicode_tif_attachments_and_unknown_date() -> None:
    names = [b.naam for b in mail("msg", "extractmsg-unicode.msg").bijlagen]
    assert names == ["import OleFileIO.tif", "raised value error.tif"]
    assert mail("msg", "extractmsg-strangeDate.msg").ontvangen is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("attachment_nonascii_filename.eml", "ciële.txt"),
        ("attachment_with_base64_encoded_name.eml", "This is a test.pdf"),
        ("attachment_with_unquoted_name.eml", "This is a test.txt"),
        ("attachment_with_quoted_filename.eml", "Eelanalüüsi päring.jpg"),
        ("attachment_content_location.eml", "Photo25.jpg"),
        ("attachment_with_encoded_name.eml", "01 Quien Te Dij_at. Pitbull.mp3"),
    ],
)
def test_eml_attachment_names(name: str, expected: str) -> None:
    assert mail("eml", name).bijlagen[0].naam == expected


def test_eml_attached_message_is_one_attachment() -> None:
    (forwarded,) = mail("eml", "attachment_message_rfc822.eml").bijlagen
    assert forwarded.is_mail and forwarded.naam.endswith(".eml")
    inner = parse_bytes(forwarded.naam, forwarded.data)
    assert isinstance(inner, ParsedMail) and inner.afzender


def test_eml_pdf_attachment_bytes_and_unicode_subject() -> None:
    parsed = mail("eml", "attachment_pdf_lf.eml")
    assert parsed.onderwerp == "Another PDF with 🎉 Unicode chars in it 🍿"
    assert parsed.bijlagen[0].data.startswith(b"%PDF")


def test_eml_bad_dates_become_none_or_utc() -> None:
    assert mail("eml", "bad_encoded_subject.eml").ontvangen is None
    assert mail("eml", "raw_email_with_bad_date.eml").ontvangen == datetime(
        2007, 11, 5, 9, 17, 37, tzinfo=UTC
    )


def test_eml_nameless_inline_image_gets_a_name() -> None:
    image = mail("eml", "raw_email_with_nested_attachment.eml").bijlagen[0]
    assert image.naam == "truncated.png" and image.inline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("..\\..\\Windows\\system32\\evil.exe", "evil.exe"),
        ("../../etc/passwd", "passwd"),
        ('rapport: "def" <v2>?.pdf', "rapport_ _def_ _v2__.pdf"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("brief. ", "brief"),
        ("", "bijlage"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_safe_filename(raw: str, expected: str) -> None:
    assert safe_filename(raw) == expected


def _pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_plain_files_become_parsed_files() -> None:
    stamp = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    parsed = parse_bytes("brief.pdf", _pdf(), stamp)
    assert parsed == ParsedFile("brief.pdf", stamp, parsed.data, "application/pdf")


@pytest.mark.parametrize(
    ("name", "data", "word"),
    [
        ("leeg.pdf", b"", "leeg (0 bytes)"),
        ("stuk.pdf", b"%PDF-1.4 garbage", "beschadigd"),
        ("geheim.pdf", _pdf("geheim"), "versleutelde"),
        ("stuk.docx", b"PK but not a zip", "beschadigd"),
        ("geheim.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "wachtwoord"),
        ("stuk.msg", b"not an ole file", "beschadigd"),
    ],
)
def test_bad_files_are_refused_in_dutch(name: str, data: bytes, word: str) -> None:
    with pytest.raises(MailImportError) as info:
        parse_bytes(name, data)
    assert word in info.value.message and "niets geregistreerd" in info.value.message


def test_smime_signed_msg_is_read_with_its_signature() -> None:
    signed = mail("msg", "logsat.com_signatures_valid.msg")
    assert signed.onderwerp == "test" and signed.ontvangen == datetime(
        2005, 11, 5, 2, 16, tzinfo=UTC
    )
    assert signed.tekst == "This is a valid digitally signed email."
    (signature,) = signed.bijlagen
    assert signature.naam == "smime.p7s" and signature.mime_type == "application/pkcs7-signature"
    assert signature.data.startswith(b"\x30\x80") and len(signature.data) == 3942  # DER PKCS #7


def test_obsolete_rfc2822_syntax_is_read_as_every_reader_does() -> None:
    parsed = mail("eml", "example13.eml")  # "From  :", "09(comment):   55  :  06"
    assert parsed.onderwerp == "Saying Hello"
    assert parsed.afzender == "John Doe <jdoe@machine.example>"
    assert parsed.aan.endswith("<mary@example.net>")
    assert parsed.ontvangen == datetime(1997, 11, 21, 15, 55, 6, tzinfo=UTC)
    assert parsed.message_id == "<1234@local.machine.example>"
    assert parsed.tekst.startswith("This is a message just to say hello.")


@pytest.mark.parametrize(("name", "wat"), sorted(NO_MAIL.items()))
def test_outlook_items_that_are_no_mail_are_refused_by_name(name: str, wat: str) -> None:
    with pytest.raises(MailImportError) as info:
        parse_path(TESTDATA / "msg" / name)
    assert f"Outlook-{wat}" in info.value.message and "geen mail" in info.value.message
    assert "niets geregistreerd" in info.value.message


def test_unquoted_boundary_with_equals_sign_keeps_every_part() -> None:
    outlook_express = mail("eml", "raw_email_with_illegal_boundary.eml")
    assert outlook_express.tekst.startswith("Hello\r\nThis is an outlook test")
    assert outlook_express.waarschuwingen == ()
    javamail = mail("eml", "raw_email_with_binary_encoded.eml")
    (jpeg,) = javamail.bijlagen
    assert jpeg.naam == "2013-08-13_19-08-28-1.jpg" and jpeg.data == b"BINARY_CONTENT_GOES_HERE"
    assert "----=_NextPart" in mail("eml", "raw_email_bad_time.eml").data.decode("latin-1")
    assert mail("eml", "raw_email_bad_time.eml").tekst.startswith("Filter2:")


@pytest.mark.parametrize(
    ("name", "keer"),
    [("attachment_pdf.eml", 1), ("example13.eml", 2), ("raw_email_with_illegal_boundary.eml", 2)],
)
def test_a_mail_is_parsed_again_only_when_it_was_repaired(
    name: str, keer: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 50 MB mail took twice the time when every mail was parsed a second time."""
    gelezen: list[int] = []
    echt = mail_import._parse_in_chunks
    monkeypatch.setattr(mail_import, "_parse_in_chunks", lambda d: gelezen.append(1) or echt(d))
    mail("eml", name)
    assert len(gelezen) == keer


def test_a_part_that_cannot_be_found_is_told() -> None:
    data = (TESTDATA / "eml" / "raw_email_with_binary_encoded.eml").read_bytes()
    cut = data.replace(b"------=_Part_13069834_15179892.1376435426074\r\n", b"", 1)
    parsed = parse_bytes("afgebroken.eml", cut)
    assert isinstance(parsed, ParsedMail) and parsed.bijlagen == ()
    (warning,) = parsed.waarschuwingen
    assert "kan hier ontbreken" in warning and "volledig opgeslagen" in warning


def test_raw_8bit_subject_without_charset_is_windows_1252() -> None:
    parsed = mail("eml", "invalid_subject_characters.eml")
    expected = "Formação FrenetikPolis: Mega Campanha Final Verão | Cursos de Setembro"
    assert parsed.onderwerp == expected
    assert naam_van_onderwerp(parsed.onderwerp, "mail") == re.sub("[:|]", "_", expected)


@pytest.mark.parametrize(
    ("onderwerp", "expected"),
    [
        ("Uw kenmerk 2024/0153: klacht", "Uw kenmerk 2024_0153_ klacht"),
        ("Zaak 12\\34 ../../etc", "Zaak 12_34 .._.._etc"),
        ("/home/svn/public/minebox revision 214", "_home_svn_public_minebox revision 214"),
    ],
)
def test_subject_with_slashes_keeps_every_word(onderwerp: str, expected: str) -> None:
    assert naam_van_onderwerp(onderwerp, "mail") == expected


def test_msg_with_only_a_delivery_time_gets_that_date() -> None:
    parsed = mail("msg", "keywords.msg")  # no PR_CLIENT_SUBMIT_TIME, no transport headers
    assert parsed.ontvangen == datetime(2020, 2, 20, 13, 8, 55, 38000, tzinfo=UTC)


def test_same_mail_with_crlf_or_lf_has_one_content_key() -> None:
    crlf, lf = mail("eml", "bad_date_header.eml"), mail("eml", "bad_date_header_lf.eml")
    assert crlf.data != lf.data and crlf.message_id is None is lf.message_id
    assert crlf.inhoud_sleutel() == lf.inhoud_sleutel()
    pdf, other = mail("eml", "attachment_pdf.eml"), mail("eml", "attachment_pdf_non_ascii.eml")
    assert pdf.message_id == other.message_id
    assert pdf.inhoud_sleutel() != other.inhoud_sleutel()


def test_encrypted_smime_mail_is_refused() -> None:
    smime = (
        b"From: melder@example.nl\r\nTo: inspectie@igj.nl\r\nSubject: Vertrouwelijk\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data;"
        b' name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        b"MIAGCSqGSIb3DQEHA6CAMIACAQA=\r\n"
    )
    with pytest.raises(MailImportError) as info:
        parse_bytes("vertrouwelijk.eml", smime)
    assert "versleuteld" in info.value.message and "niets geregistreerd" in info.value.message


@pytest.mark.parametrize(
    "tekst", ["", "a", "\n", "\r", "\r\n", "x\r\n", "x\n\n", "x\r\r", "\n\r", "x\r\nabc", "ab\n"]
)
def test_the_feedparser_finds_the_same_line_end_in_the_tail(tekst: str) -> None:
    from email import feedparser

    assert not isinstance(feedparser.NLCRE_eol, re.Pattern)  # mail_import's tail-only search
    heel = re.compile(r"(\r\n|\r|\n)\Z").search(tekst)
    staart = feedparser.NLCRE_eol.search(tekst)
    assert (heel and heel.group(0)) == (staart and staart.group(0))
