"""PDFs the application composes itself (reportlab): the dossier overview, the printable
werkvoorraad and the publication package. Pure functions of plain data, no database.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from igj_desktop.tijd import AMSTERDAM, datum_voluit

ORGANISATIE = "Inspectie Gezondheidszorg en Jeugd"
BLAUW = colors.HexColor("#154273")
LICHT = colors.HexColor("#E8EEF5")

_STYLES = getSampleStyleSheet()
TITEL = ParagraphStyle("titel", parent=_STYLES["Title"], textColor=BLAUW, alignment=0, fontSize=18)
KOP = ParagraphStyle("kop", parent=_STYLES["Heading2"], textColor=BLAUW, spaceBefore=10)
TEKST = ParagraphStyle("tekst", parent=_STYLES["BodyText"], fontSize=9, leading=12)
KLEIN = ParagraphStyle("klein", parent=TEKST, fontSize=8, leading=10, textColor=colors.grey)
CEL = ParagraphStyle("cel", parent=TEKST, fontSize=8, leading=10)


def _escape(tekst: object) -> str:
    return str(tekst).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _datum(waarde: date | datetime | None) -> str:
    if waarde is None:
        return "–"
    if isinstance(waarde, datetime):
        return waarde.astimezone(AMSTERDAM).strftime("%d-%m-%Y")
    return waarde.strftime("%d-%m-%Y")


def _tabel(
    koppen: Sequence[str], rijen: Sequence[Sequence[object]], breedtes: Sequence[float]
) -> Flowable:
    if not rijen:
        return Paragraph("<i>Geen.</i>", TEKST)
    data = [[Paragraph(f"<b>{_escape(k)}</b>", CEL) for k in koppen]]
    data += [[Paragraph(_escape(c), CEL) for c in rij] for rij in rijen]
    tabel = Table(data, colWidths=[b * cm for b in breedtes], repeatRows=1)
    tabel.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LICHT),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return tabel


def _build(
    flowables: list[Flowable], titel: str, kenmerk: str = "", *, liggend: bool = False
) -> bytes:
    buffer = io.BytesIO()
    pagina = landscape(A4) if liggend else A4

    def kop_en_voet(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(BLAUW)
        canvas.drawRightString(pagina[0] - 2 * cm, pagina[1] - 1.2 * cm, ORGANISATIE)
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        voet = f"{titel}{' · ' + kenmerk if kenmerk else ''} · pagina {doc.page}"
        canvas.drawString(2 * cm, 1.2 * cm, voet)
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=pagina,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=titel,
        author=ORGANISATIE,
    )
    document.build(flowables, onFirstPage=kop_en_voet, onLaterPages=kop_en_voet)
    return buffer.getvalue()


# --- dossier overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierOverzicht:
    kenmerk: str
    titel: str
    dossiertype: str
    status: str
    afdeling: str
    geopend_op: datetime
    aanleiding: str
    omschrijving: str
    behandelaars: Sequence[str] = ()
    betrokkenen: Sequence[tuple[str, str, str]] = ()  # rol, naam, plaats
    workflows: Sequence[tuple[str, str, datetime]] = ()  # titel, status, gestart
    termijnen: Sequence[
        tuple[str, str, date | None, str]
    ] = ()  # activiteit, eigenaar, termijn, status
    documenten: Sequence[
        tuple[str, str, str, int, datetime]
    ] = ()  # titel, soort, status, versie, datum
    oordeel: str = ""
    afgedrukt_op: datetime | None = None
    afgedrukt_door: str = ""


def dossieroverzicht(g: DossierOverzicht) -> bytes:
    """A printable samenvatting of a dossier."""
    velden = [
        ("Kenmerk", g.kenmerk),
        ("Dossiertype", g.dossiertype),
        ("Status", g.status),
        ("Afdeling", g.afdeling),
        ("Geopend op", _datum(g.geopend_op)),
        ("Aanleiding", g.aanleiding),
        ("Behandelaars", ", ".join(g.behandelaars) or "–"),
    ]
    if g.oordeel:
        velden.append(("Overall oordeel", g.oordeel))
    kenmerken = Table(
        [[Paragraph(f"<b>{k}</b>", CEL), Paragraph(_escape(v), CEL)] for k, v in velden],
        colWidths=[4 * cm, 13 * cm],
    )
    flowables: list[Flowable] = [
        Paragraph(_escape(f"Dossieroverzicht {g.titel}"), TITEL),
        Paragraph(
            _escape(
                f"Afgedrukt op {datum_voluit(g.afgedrukt_op)} door {g.afgedrukt_door}"
                if g.afgedrukt_op
                else ""
            ),
            KLEIN,
        ),
        Spacer(1, 6),
        kenmerken,
        Paragraph("Samenvatting", KOP),
        Paragraph(_escape(g.omschrijving or "–"), TEKST),
        Paragraph("Betrokkenen", KOP),
        _tabel(("Rol", "Naam", "Plaats"), g.betrokkenen, (4, 9, 4)),
        Paragraph("Workflows", KOP),
        _tabel(
            ("Workflow", "Status", "Gestart"),
            [(t, s, _datum(d)) for t, s, d in g.workflows],
            (10, 4, 3),
        ),
        Paragraph("Termijnen", KOP),
        _tabel(
            ("Activiteit", "Eigenaar", "Termijn", "Status"),
            [(a, e, _datum(t), s) for a, e, t, s in g.termijnen],
            (8, 4, 2.5, 2.5),
        ),
        Paragraph("Documenten", KOP),
        _tabel(
            ("Titel", "Soort", "Status", "Versie", "Datum"),
            [(t, so, st, v, _datum(d)) for t, so, st, v, d in g.documenten],
            (7.5, 3, 2.5, 1.5, 2.5),
        ),
    ]
    return _build(flowables, "Dossieroverzicht", g.kenmerk)


# --- werkvoorraad ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WerkvoorraadRegel:
    termijn: date | None
    urgentie: str
    kenmerk: str
    dossier: str
    activiteit: str
    eigenaar: str
    status: str


def werkvoorraad(
    medewerker: str, regels: Sequence[WerkvoorraadRegel], afgedrukt_op: datetime
) -> bytes:
    """The werkvoorraad on paper (landscape), overdue termijnen marked."""
    vandaag = afgedrukt_op.astimezone(AMSTERDAM).date()
    rijen = [
        (
            _datum(r.termijn) + (" (verlopen)" if r.termijn and r.termijn < vandaag else ""),
            r.urgentie,
            r.kenmerk,
            r.dossier,
            r.activiteit,
            r.eigenaar,
            r.status,
        )
        for r in regels
    ]
    flowables: list[Flowable] = [
        Paragraph(_escape(f"Werkvoorraad {medewerker}"), TITEL),
        Paragraph(
            _escape(f"{len(regels)} open activiteiten, afgedrukt op {datum_voluit(afgedrukt_op)}"),
            KLEIN,
        ),
        Spacer(1, 8),
        _tabel(
            ("Termijn", "Urgentie", "Kenmerk", "Dossier", "Activiteit", "Eigenaar", "Status"),
            rijen,
            (3.2, 2, 3.6, 5.5, 6, 3.5, 2),
        ),
    ]
    return _build(flowables, f"Werkvoorraad {medewerker}", liggend=True)


# --- publication package ---------------------------------------------------------------------


@dataclass(frozen=True)
class Publicatiedeel:
    kop: str  # "Rapport", "Zakelijke weergave", "Reactie van de zorgaanbieder"
    pdf: bytes


@dataclass(frozen=True)
class Publicatiepakket:
    kenmerk: str
    titel: str
    aanbieder: str
    publicatiedatum: date
    delen: Sequence[Publicatiedeel] = field(default_factory=tuple)


def publicatiepakket(p: Publicatiepakket) -> bytes:
    """One PDF for igj.nl: a cover page with the contents, then every part in order."""
    inhoud = [
        Paragraph(_escape(p.titel), TITEL),
        Paragraph(_escape(f"{p.aanbieder} · kenmerk {p.kenmerk}"), TEKST),
        Paragraph(_escape(f"Publicatie op of na {datum_voluit(p.publicatiedatum)}"), KLEIN),
        Paragraph("Inhoud van dit publicatiepakket", KOP),
    ]
    inhoud += [Paragraph(_escape(f"{i}. {d.kop}"), TEKST) for i, d in enumerate(p.delen, 1)]
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_build(inhoud, "Publicatiepakket", p.kenmerk))))
    for deel in p.delen:
        begin = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(deel.pdf)))
        writer.add_outline_item(deel.kop, begin)
    writer.add_metadata({"/Title": f"Publicatiepakket {p.titel}", "/Author": ORGANISATIE})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
