"""Converting Word documents to PDF for "Definitief maken".

Word (through COM, see ``word_pdf``) is used when it is installed on Windows; otherwise,
or when Word fails on the document, LibreOffice in headless mode. LibreOffice runs with its
own throw-away user profile, so it neither collides with a LibreOffice the user has open nor
depends on their settings. When neither is available the caller gets a Dutch message saying
what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from igj_desktop.errors import ServiceError
from igj_desktop.integrations import word_pdf

TIMEOUT_SECONDEN = 180
GEEN_OMZETTER = (
    "Er is geen programma gevonden om naar PDF om te zetten. Installeer Microsoft Word of "
    "LibreOffice (https://www.libreoffice.org) en probeer het opnieuw; het document is nog niet "
    "definitief."
)
GEEN_WORD_GEEN_LIBREOFFICE = (
    "Microsoft Word kon het document niet naar PDF omzetten, en LibreOffice is als reserve "
    "niet geïnstalleerd; het document is nog niet definitief. Sluit meldingen die in Word "
    "openstaan en probeer het opnieuw, of vraag de servicedesk LibreOffice te installeren."
)


class ConversieMislukt(ServiceError):
    """No converter available, or the converter failed."""


@dataclass(frozen=True)
class PdfResultaat:
    data: bytes
    omgezet_met: str  # "Microsoft Word" or "LibreOffice"


def find_soffice() -> str | None:
    """The LibreOffice executable, also in its default Windows folder."""
    for naam in ("soffice", "libreoffice"):
        gevonden = shutil.which(naam)
        if gevonden:
            return gevonden
    for basis in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        if basis:
            kandidaat = Path(basis) / "LibreOffice" / "program" / "soffice.exe"
            if kandidaat.is_file():
                return str(kandidaat)
    return None


def beschikbare_omzetter() -> str | None:
    if word_pdf.geinstalleerd():
        return "Microsoft Word"
    if find_soffice():
        return "LibreOffice"
    return None


def _via_libreoffice(soffice: str, bron: Path, map_: Path) -> Path:
    profiel = map_ / "profiel"
    opdracht = [
        soffice,
        f"-env:UserInstallation={profiel.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(map_ / "uit"),
        str(bron),
    ]
    try:
        resultaat = subprocess.run(
            opdracht, capture_output=True, text=True, timeout=TIMEOUT_SECONDEN, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversieMislukt(
            f"LibreOffice reageerde niet binnen {TIMEOUT_SECONDEN} seconden; het document is "
            "niet definitief gemaakt. Probeer het opnieuw."
        ) from exc
    doel = map_ / "uit" / f"{bron.stem}.pdf"
    if resultaat.returncode != 0 or not doel.is_file():
        raise ConversieMislukt(
            "LibreOffice kon het document niet naar PDF omzetten; het is niet definitief "
            f"gemaakt. Melding: {(resultaat.stderr or resultaat.stdout).strip()[:300]}"
        )
    return doel


def naar_pdf(data: bytes, bestandsnaam: str) -> PdfResultaat:
    """Convert a Word (or other office) document to PDF and say which program did it."""
    with tempfile.TemporaryDirectory(prefix="igj-pdf-") as tmp:
        map_ = Path(tmp)
        bron = map_ / f"document{Path(bestandsnaam).suffix or '.docx'}"
        bron.write_bytes(data)
        word_faalde = False
        if word_pdf.geinstalleerd():
            doel = map_ / "document.pdf"
            try:
                word_pdf.omzetten(bron, doel)
                return PdfResultaat(doel.read_bytes(), "Microsoft Word")
            except word_pdf.WordFaalde:
                word_faalde = True
        soffice = find_soffice()
        if soffice is None:
            raise ConversieMislukt(GEEN_WORD_GEEN_LIBREOFFICE if word_faalde else GEEN_OMZETTER)
        return PdfResultaat(_via_libreoffice(soffice, bron, map_).read_bytes(), "LibreOffice")
