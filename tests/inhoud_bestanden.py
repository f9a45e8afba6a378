"""Real documents for the content search tests: docx (python-docx), PDF with a text layer and
a scanned PDF (an image only, reportlab), a damaged docx, and the real mails of fixtures."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

MAIL = Path(__file__).parent / "fixtures" / "mail"


def docx_bytes(*alineas: str) -> bytes:
    document = docx.Document()
    for alinea in alineas:
        document.add_paragraph(alinea)
    tabel = document.add_table(rows=1, cols=2)
    tabel.cell(0, 0).text = "Kenmerk"
    tabel.cell(0, 1).text = "IGJ-2026-004711"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(*regels: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for regel in regels:
        pdf.drawString(72, y, regel)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scan_pdf_bytes() -> bytes:
    """A page that is one picture, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw

    beeld = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(beeld).text((20, 20), "Gescande brief", fill=0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(beeld), 72, 500, width=450, height=225)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def kapotte_docx() -> bytes:
    """The first half of a real docx: a zip without its central directory."""
    data = docx_bytes("Dit bestand raakt beschadigd.")
    return data[: len(data) // 2]
