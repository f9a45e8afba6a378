"""The searchable text of a stored file: docx, PDF, .msg/.eml with their attachments, plain
text, RTF and HTML. Never raises: a file that cannot be read gets a marked ``staat``.

Every file is bounded: its size, the text kept, the PDF pages and mail attachments read and
a deadline checked between pages, paragraphs and attachments. A scanned PDF (pages without
a text layer) is marked ``SCAN``; OCR is out of scope.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

MAX_BESTAND = 60 * 1024 * 1024
"""Larger files are not read (a video, a disk image stored as a document)."""
MAX_UITGEPAKT = 200 * 1024 * 1024
"""The unpacked size of a docx (a zip): a zip bomb stops here."""
MAX_TEKENS = 400_000
"""Characters kept per version: a PostgreSQL tsvector holds at most 1 MB."""
MAX_PAGINAS = 2_000
MAX_BIJLAGEN = 50
MAX_DIEPTE = 3
"""Mails in mails in mails: deeper attachments are not read."""
MAX_SECONDEN = 30.0
SCAN_DREMPEL = 20
"""Fewer letters than this on all pages of a PDF: no text layer, probably a scan."""


class TekstStaat(StrEnum):
    WACHTEND = "wachtend"
    TEKST = "tekst"
    GEEN_TEKST = "geen_tekst"
    SCAN = "scan"
    ONLEESBAAR = "onleesbaar"
    TE_GROOT = "te_groot"


STAAT_LABELS: dict[str, str] = {
    TekstStaat.WACHTEND: "nog niet doorzocht",
    TekstStaat.TEKST: "doorzoekbaar",
    TekstStaat.GEEN_TEKST: "geen tekst",
    TekstStaat.SCAN: "geen tekst (scan?)",
    TekstStaat.ONLEESBAAR: "onleesbaar of beschadigd",
    TekstStaat.TE_GROOT: "te groot om te doorzoeken",
}


@dataclass(frozen=True)
class Extractie:
    staat: TekstStaat
    tekst: str = ""


class _Onleesbaar(Exception):
    """This file (or a part that matters) cannot be read."""


class _Klok:
    """The deadline of one file; checked between its parts."""

    def __init__(self, seconden: float) -> None:
        self.einde = time.monotonic() + seconden

    def verlopen(self) -> bool:
        return time.monotonic() > self.einde


class _Tekst:
    """Collects text up to ``MAX_TEKENS``; ``vol`` stops the readers early."""

    def __init__(self) -> None:
        self.delen: list[str] = []
        self.lengte = 0

    @property
    def vol(self) -> bool:
        return self.lengte >= MAX_TEKENS

    def voeg_toe(self, tekst: str) -> None:
        tekst = tekst.replace("\x00", "").strip()
        if tekst and not self.vol:
            tekst = tekst[: MAX_TEKENS - self.lengte]
            self.delen.append(tekst)
            self.lengte += len(tekst) + 1

    def __str__(self) -> str:
        return "\n".join(self.delen)


def extraheer(bestandsnaam: str, data: bytes, *, seconden: float = MAX_SECONDEN) -> Extractie:
    """The text of one file, or why there is none."""
    if len(data) > MAX_BESTAND:
        return Extractie(TekstStaat.TE_GROOT)
    tekst = _Tekst()
    klok = _Klok(seconden)
    try:
        scan = _lees(bestandsnaam, data, tekst, klok, diepte=0)
    except _Onleesbaar:
        return Extractie(TekstStaat.ONLEESBAAR)
    except Exception:  # a parser's own bug on a hostile file: marked, never raised
        log.warning("Tekst van %s niet te lezen", bestandsnaam, exc_info=True)
        return Extractie(TekstStaat.ONLEESBAAR)
    if tekst.delen:
        return Extractie(TekstStaat.TEKST, str(tekst))
    return Extractie(TekstStaat.SCAN if scan else TekstStaat.GEEN_TEKST)


def _lees(naam: str, data: bytes, tekst: _Tekst, klok: _Klok, *, diepte: int) -> bool:
    """Add the text of one file (or attachment); True when it is a PDF without text."""
    suffix = Path(naam).suffix.lower()
    if suffix in (".docx", ".docm", ".dotx"):
        _lees_docx(data, tekst, klok)
    elif suffix == ".pdf" or data.startswith(b"%PDF"):
        return _lees_pdf(data, tekst, klok)
    elif suffix in (".msg", ".eml"):
        _lees_mail(naam, data, tekst, klok, diepte)
    elif suffix == ".rtf" or data.startswith(b"{\\rtf"):
        from striprtf.striprtf import rtf_to_text

        tekst.voeg_toe(rtf_to_text(_decodeer(data), errors="ignore"))
    elif suffix in (".html", ".htm"):
        from .mail_import import html_to_text

        tekst.voeg_toe(html_to_text(_decodeer(data)))
    elif suffix in (".txt", ".csv", ".md", ".xml", ".json", ".log"):
        tekst.voeg_toe(_decodeer(data))
    return False


def _decodeer(data: bytes) -> str:
    from .mail_import import decode_8bit

    return decode_8bit(data[: MAX_TEKENS * 4])


def _lees_docx(data: bytes, tekst: _Tekst, klok: _Klok) -> None:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            if sum(info.file_size for info in archief.infolist()) > MAX_UITGEPAKT:
                raise _Onleesbaar
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise _Onleesbaar from exc
    for alinea in document.paragraphs:
        tekst.voeg_toe(alinea.text)
        if tekst.vol or klok.verlopen():
            return
    for tabel in document.tables:
        for rij in tabel.rows:
            tekst.voeg_toe(" ".join(cel.text for cel in rij.cells))
            if tekst.vol or klok.verlopen():
                return


def _lees_pdf(data: bytes, tekst: _Tekst, klok: _Klok) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Onleesbaar
        paginas = reader.pages
        aantal = len(paginas)
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise _Onleesbaar from exc
    letters = 0
    for nummer in range(min(aantal, MAX_PAGINAS)):
        try:
            pagina = paginas[nummer].extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            if nummer == 0:
                raise _Onleesbaar from exc
            continue  # one damaged page: the others still count
        letters += sum(teken.isalpha() for teken in pagina)
        tekst.voeg_toe(pagina)
        if tekst.vol or klok.verlopen():
            break
    return aantal > 0 and letters < SCAN_DREMPEL


def _lees_mail(naam: str, data: bytes, tekst: _Tekst, klok: _Klok, diepte: int) -> None:
    from .mail_import import MailImportError, ParsedMail, parse_eml, parse_msg

    try:
        mail = parse_eml(naam, data) if naam.lower().endswith(".eml") else parse_msg(naam, data)
    except MailImportError as exc:
        raise _Onleesbaar from exc
    assert isinstance(mail, ParsedMail)
    kop = (mail.onderwerp, f"Van: {mail.afzender}", f"Aan: {mail.aan}")
    tekst.voeg_toe("\n".join(deel for deel in kop if deel.split(":")[-1].strip()))
    tekst.voeg_toe(mail.tekst)
    if diepte >= MAX_DIEPTE:
        return
    for bijlage in mail.bijlagen[:MAX_BIJLAGEN]:
        if tekst.vol or klok.verlopen():
            break
        if bijlage.inline:
            continue
        tekst.voeg_toe(bijlage.naam)
        bijlage_naam = bijlage.naam
        if bijlage.is_mail and not bijlage_naam.lower().endswith((".eml", ".msg")):
            bijlage_naam += ".eml"
        try:
            _lees(bijlage_naam, bijlage.data, tekst, klok, diepte=diepte + 1)
        except _Onleesbaar:
            continue  # a damaged attachment: the mail's own text still counts
