"""PDFs the app composes with reportlab, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from igj_desktop.db import Database
from igj_desktop.models import Activiteit, Workflow
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import definitief as documenten_definitief
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import pdf as documenten_pdf
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.errors import ValidationFailed
from tests.document_demo import maak_dossier, vul_toetsing
from tests.seed import Seed, create_seed


def pdf_tekst(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def _werk(database: Database, seed: Seed, dossier_id, eigenaar: dict, titel: str, termijn: date):
    with database.session() as s, s.begin():
        workflow = Workflow(
            dossier_id=dossier_id,
            definitie_code="inspectiebezoek",
            definitie_versie=1,
            titel="Uitvoeren inspectiebezoek",
        )
        s.add(workflow)
        s.flush()
        s.add(
            Activiteit(
                dossier_id=dossier_id,
                workflow_id=workflow.id,
                code="verslag",
                titel=titel,
                termijn=termijn,
                **eigenaar,
            )
        )


def test_dossier_overview_and_werkvoorraad(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    dossier = maak_dossier(database, seed)
    ander = maak_dossier(database, seed, behandelaars=("cbakker",), titel="Jeugdzorg Zwolle")
    vul_toetsing(ctx, dossier)
    _werk(
        database, seed, dossier.id,
        {"eigenaar_medewerker_id": seed.medewerkers["avries"]}, "Opstellen verslag bezoek",
        date(2026, 12, 15),
    )  # fmt: skip
    _werk(
        database, seed, dossier.id, {"eigenaar_groep_id": seed.groepen["Team GGZ"]},
        "Review conceptrapport", date(2026, 12, 1),
    )  # fmt: skip
    _werk(
        database, seed, ander.id, {"eigenaar_medewerker_id": seed.medewerkers["cbakker"]},
        "Bellen met de jeugdhulpaanbieder", date(2026, 12, 2),
    )  # fmt: skip
    documenten.add_document(ctx, [dossier.id], "signaal.pdf", b"%PDF-1.4 signaal", soort="signaal")

    tekst = pdf_tekst(documenten_pdf.dossieroverzicht_pdf(ctx, dossier.id))
    for verwacht in (
        dossier.kenmerk, "GGZ Noorderlicht", "OTS", "Anna de Vries, Bram Jansen",
        "Uitvoeren inspectiebezoek", "Opstellen verslag bezoek", "15-12-2026", "Team GGZ",
        "signaal", "voldoet gedeeltelijk", "Signalen over onvoldoende toezicht",
    ):  # fmt: skip
        assert verwacht in tekst

    werk = pdf_tekst(documenten_pdf.werkvoorraad_pdf(ctx))
    assert "Werkvoorraad Anna de Vries" in werk and "2 open activiteiten" in werk
    assert werk.index("Review conceptrapport") < werk.index("Opstellen verslag bezoek")
    assert "Bellen met de jeugdhulpaanbieder" not in werk
    assert "Bellen met de jeugdhulpaanbieder" in pdf_tekst(
        documenten_pdf.werkvoorraad_pdf(ctx_for("cbakker"))
    )


def _reactie_pdf() -> bytes:
    buffer = io.BytesIO()
    pagina = canvas.Canvas(buffer)
    pagina.drawString(72, 760, "Reactie GGZ Noorderlicht: wij herkennen de bevindingen.")
    pagina.save()
    return buffer.getvalue()


@pytest.mark.usefixtures("libreoffice")
def test_publication_package(sqlite_database: Database) -> None:
    seed = create_seed(sqlite_database)
    ctx = ServiceContext.for_user(sqlite_database, "avries")
    dossier = maak_dossier(sqlite_database, seed)
    bevindingen = vul_toetsing(ctx, dossier)
    rapport = sjablonen.genereer_document(ctx, dossier.id, "definitief_rapport")
    weergave = sjablonen.genereer_document(ctx, dossier.id, "zakelijke_weergave")
    reactie = documenten.add_document(
        ctx, [dossier.id], "reactie.pdf", _reactie_pdf(), richting="inkomend", soort="reactie"
    )
    with pytest.raises(ValidationFailed):
        documenten_pdf.maak_publicatiepakket(
            ctx, dossier.id, rapport_id=rapport.document_id,
            zakelijke_weergave_id=weergave.document_id, publicatiedatum=date(2027, 1, 4),
        )  # fmt: skip
    documenten_definitief.definitief_maken(ctx, rapport.document_id)
    documenten_definitief.definitief_maken(ctx, weergave.document_id)

    pakket = documenten_pdf.maak_publicatiepakket(
        ctx, dossier.id, rapport_id=rapport.document_id,
        zakelijke_weergave_id=weergave.document_id, reactie_id=reactie.document_id,
        publicatiedatum=date(2027, 1, 4),
    )  # fmt: skip

    info, data = documenten.lees_versie(ctx, pakket.versie_id)
    assert info.status == "definitief" and info.mime_type == "application/pdf"
    reader = PdfReader(io.BytesIO(data))
    assert [o.title for o in reader.outline] == [
        "Rapport", "Zakelijke weergave", "Reactie van de zorgaanbieder",
    ]  # fmt: skip
    tekst = pdf_tekst(data)
    assert "Publicatie op of na 4 januari 2027" in tekst
    assert tekst.index("Rapport Toezicht") < tekst.index("Zakelijke weergave Toezicht")
    assert tekst.index("Zakelijke weergave Toezicht") < tekst.index("wij herkennen de bevindingen")
    assert " ".join(bevindingen["ZN1"].split()) in tekst
