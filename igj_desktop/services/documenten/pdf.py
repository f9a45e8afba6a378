"""PDFs the app composes itself: the dossier overview, the werkvoorraad on paper, and the
publication package. Apart from the document core because reportlab is only loaded when
someone asks for one of these."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from igj_desktop.integrations import pdf_convert, pdf_reports
from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    Betrokkene,
    Document,
    DocumentDossier,
    DocumentRichting,
    DocumentStatus,
    Medewerker,
    Oordeel,
    Relatie,
    Toegang,
    ToegangRol,
    Workflow,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import (
    STATUS_LABELS,
    DocumentRef,
    VersieInfo,
    add_document,
    eigenaar_van,
    info_van,
    infos_van,
    linked_dossier_ids,
    load_document,
    namen_van,
    store_or_default,
    veilige_bestandsnaam,
)
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier
from igj_desktop.services.workflows.werkvoorraad import Scope, list_werkvoorraad


def _rol_label(rol: str) -> str:
    return "OTS" if rol == "ots" else rol.replace("_", " ")


def dossieroverzicht_pdf(ctx: ServiceContext, dossier_id: uuid.UUID) -> bytes:
    """The printable samenvatting: betrokkenen, workflows, termijnen and documents."""
    with ctx.read() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id)
        betrokkenen = s.execute(
            select(Betrokkene.rol, Relatie.naam, Relatie.plaats)
            .join(Relatie, Relatie.id == Betrokkene.relatie_id)
            .where(Betrokkene.dossier_id == dossier.id)
            .order_by(Betrokkene.rol, Relatie.naam)
        ).all()
        behandelaars = s.scalars(
            select(Medewerker.naam)
            .join(Toegang, Toegang.medewerker_id == Medewerker.id)
            .where(Toegang.dossier_id == dossier.id, Toegang.rol == ToegangRol.BEHANDELAAR)
            .order_by(Medewerker.naam)
        ).all()
        workflows = s.execute(
            select(Workflow.titel, Workflow.status, Workflow.gestart_op)
            .where(Workflow.dossier_id == dossier.id)
            .order_by(Workflow.gestart_op)
        ).all()
        activiteiten = s.scalars(
            select(Activiteit)
            .where(
                Activiteit.dossier_id == dossier.id,
                Activiteit.status.in_([ActiviteitStatus.OPEN, ActiviteitStatus.OPGESCHORT]),
            )
            .order_by(Activiteit.termijn)
        ).all()
        namen = namen_van(
            s,
            [eigenaar_van(a) for a in activiteiten] + [dossier.afdeling_id],
        )
        docs = infos_van(
            s,
            s.scalars(
                select(Document)
                .join(DocumentDossier, DocumentDossier.document_id == Document.id)
                .where(DocumentDossier.dossier_id == dossier.id)
                .order_by(Document.datum)
            ).all(),
            ctx.actor,
        )
        oordeel = s.scalar(
            select(Oordeel.waarde)
            .where(Oordeel.dossier_id == dossier.id)
            .order_by(Oordeel.gewijzigd_op.desc())
        )
        gegevens = pdf_reports.DossierOverzicht(
            kenmerk=dossier.kenmerk,
            titel=dossier.titel,
            dossiertype=dossier.dossiertype.naam,
            status=dossier.status,
            afdeling=namen.get(dossier.afdeling_id, "") if dossier.afdeling_id else "",
            geopend_op=dossier.geopend_op,
            aanleiding=dossier.aanleiding,
            omschrijving=dossier.omschrijving,
            behandelaars=behandelaars,
            betrokkenen=[
                (_rol_label(rol), naam, plaats or "") for rol, naam, plaats in betrokkenen
            ],
            workflows=[(t, st, g) for t, st, g in workflows],
            termijnen=[
                (
                    a.titel,
                    namen.get(eigenaar_van(a), ""),
                    a.termijn,
                    a.status,
                )
                for a in activiteiten
            ],
            documenten=[
                (d.titel, d.soort, STATUS_LABELS.get(d.status, d.status), d.laatste.nummer, d.datum)
                for d in docs
            ],
            oordeel=oordeel.replace("_", " ") if oordeel else "",
            afgedrukt_op=ctx.now(),
            afgedrukt_door=ctx.actor.naam,
        )
    return pdf_reports.dossieroverzicht(gegevens)


WERKVOORRAAD_PAPIER_MAX = 5000  # beyond this a printout helps nobody


def werkvoorraad_pdf(ctx: ServiceContext, scope: Scope = "mij_en_groepen") -> bytes:
    """The werkvoorraad on paper: the same rows, order and access rules as on screen."""
    items = list_werkvoorraad(ctx, scope, limit=WERKVOORRAAD_PAPIER_MAX)
    regels = [
        pdf_reports.WerkvoorraadRegel(
            termijn=i.termijn,
            urgentie=i.urgentie,
            kenmerk=i.dossier_kenmerk,
            dossier=i.dossier_titel,
            activiteit=i.titel,
            eigenaar=i.eigenaar,
            status=i.status,
        )
        for i in items
    ]
    return pdf_reports.werkvoorraad(ctx.actor.naam, regels, ctx.now())


def _als_pdf(store: DocumentStore, info: VersieInfo) -> bytes:
    data = store.get(info.sha256)
    if info.mime_type == "application/pdf":
        return data
    return pdf_convert.naar_pdf(data, info.bestandsnaam).data


def maak_publicatiepakket(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    rapport_id: uuid.UUID,
    zakelijke_weergave_id: uuid.UUID,
    reactie_id: uuid.UUID | None = None,
    publicatiedatum: date,
    store: DocumentStore | None = None,
) -> DocumentRef:
    """Rapport + zakelijke weergave + reactie of the aanbieder as one PDF in the dossier."""
    store = store_or_default(store, ctx.db)
    with ctx.read() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        delen: list[tuple[str, VersieInfo]] = []
        for kop, document_id in (
            ("Rapport", rapport_id),
            ("Zakelijke weergave", zakelijke_weergave_id),
            ("Reactie van de zorgaanbieder", reactie_id),
        ):
            if document_id is None:
                continue
            document = load_document(s, ctx.actor, document_id)
            if dossier.id not in linked_dossier_ids(s, document.id):
                raise ValidationFailed(f"'{document.titel}' hoort niet bij {dossier.kenmerk}.")
            if (
                kop != "Reactie van de zorgaanbieder"
                and document.status != DocumentStatus.DEFINITIEF
            ):
                raise ValidationFailed(
                    f"'{document.titel}' is nog niet definitief; maak het eerst definitief."
                )
            delen.append((kop, info_van(s, document, ctx.actor).laatste))
        aanbieder = s.scalar(
            select(Relatie.naam)
            .join(Betrokkene, Betrokkene.relatie_id == Relatie.id)
            .where(Betrokkene.dossier_id == dossier.id, Betrokkene.rol == "ots")
        )
        kenmerk, titel = dossier.kenmerk, dossier.titel
    pakket = pdf_reports.publicatiepakket(
        pdf_reports.Publicatiepakket(
            kenmerk=kenmerk,
            titel=titel,
            aanbieder=aanbieder or "",
            publicatiedatum=publicatiedatum,
            delen=[pdf_reports.Publicatiedeel(kop, _als_pdf(store, v)) for kop, v in delen],
        )
    )
    return add_document(
        ctx,
        [dossier_id],
        veilige_bestandsnaam(f"Publicatiepakket {kenmerk}.pdf"),
        pakket,
        titel=f"Publicatiepakket {titel}"[:500],
        soort="publicatiepakket",
        richting=DocumentRichting.UITGAAND,
        status=DocumentStatus.DEFINITIEF,
        store=store,
    )
