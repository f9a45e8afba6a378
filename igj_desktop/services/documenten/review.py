"""Review of a document (and, through ``maak_reviewactiviteit``, of toetsing instruments and
bevindingen): the request lands as an activiteit in the reviewer's werkvoorraad, the answer
as one in the requester's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    ActiviteitStatus,
    Document,
    DocumentStatus,
    Dossier,
    Groep,
    Medewerker,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext, check_version, load_actor
from igj_desktop.services.documenten.document import (
    check_not_locked,
    eigenaar_van,
    linked_dossier_ids,
    load_document,
    namen_van,
)
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier, visible_dossiers

REVIEW = "review"


REVIEW_AFGEROND = "review_afgerond"


@dataclass(frozen=True)
class ReviewInfo:
    activiteit_id: uuid.UUID
    version: int
    titel: str
    reviewer: str
    termijn: date | None
    status: str
    opmerking: str | None
    aangevraagd_door: str


@dataclass(frozen=True)
class Reviewer:
    medewerker_id: uuid.UUID | None
    groep_id: uuid.UUID | None
    naam: str


def mogelijke_reviewers(ctx: ServiceContext) -> list[Reviewer]:
    """Active colleagues and every groep, for the 'Review vragen' dialog."""
    with ctx.read() as s:
        mensen = s.execute(
            select(Medewerker.id, Medewerker.naam)
            .where(Medewerker.actief.is_(True), Medewerker.id != ctx.actor.medewerker_id)
            .order_by(Medewerker.naam)
        ).all()
        groepen = s.execute(select(Groep.id, Groep.naam).order_by(Groep.naam)).all()
    return [Reviewer(i, None, naam) for i, naam in mensen] + [
        Reviewer(None, i, f"Groep {naam}") for i, naam in groepen
    ]


@dataclass(frozen=True)
class Reviewverzoek:
    """Who reviews (a medewerker or a groep), by when, and what to look at."""

    termijn: date
    medewerker_id: uuid.UUID | None = None
    groep_id: uuid.UUID | None = None
    toelichting: str = ""


def maak_reviewactiviteit(
    s: Session,
    ctx: ServiceContext,
    dossier: Dossier,
    onderwerp: str,
    verzoek: Reviewverzoek,
    *,
    document: Document | None = None,
) -> Activiteit:
    """The review request as an activiteit in the reviewer's werkvoorraad, inside the
    caller's transaction (the toetsing service uses it for instruments and bevindingen)."""
    if (verzoek.medewerker_id is None) == (verzoek.groep_id is None):
        raise ValidationFailed("Kies één reviewer: een medewerker of een groep.")
    if verzoek.termijn < ctx.today():
        raise ValidationFailed("De termijn voor de review ligt in het verleden.")
    if verzoek.medewerker_id == ctx.actor.medewerker_id:
        raise ValidationFailed("Vraag een collega om de review, niet uzelf.")
    reviewer = (
        s.get(Medewerker, verzoek.medewerker_id)
        if verzoek.medewerker_id
        else s.get(Groep, verzoek.groep_id)
    )
    if reviewer is None:
        raise NotFound("De gekozen reviewer bestaat niet (meer).")
    if isinstance(reviewer, Medewerker) and not s.scalar(
        select(Dossier.id).where(
            Dossier.id == dossier.id, visible_dossiers(load_actor(s, reviewer.gebruikersnaam))
        )
    ):
        raise ValidationFailed(
            f"{reviewer.naam} heeft geen toegang tot {dossier.kenmerk}; geef eerst toegang "
            "en vraag dan de review."
        )
    activiteit = Activiteit(
        dossier_id=dossier.id,
        code="review_document" if document else "review",
        titel=f"Review {onderwerp}"[:300],
        omschrijving=verzoek.toelichting,
        soort=REVIEW,
        eigenaar_medewerker_id=verzoek.medewerker_id,
        eigenaar_groep_id=verzoek.groep_id,
        termijn=verzoek.termijn,
        termijn_oorspronkelijk=verzoek.termijn,
        aangemaakt_door_id=ctx.actor.medewerker_id,
        gegevens={"document_id": str(document.id) if document else None},
    )
    s.add(activiteit)
    s.flush()
    if document is not None:
        s.add(ActiviteitDocument(activiteit_id=activiteit.id, document_id=document.id))
    record_audit(
        s,
        ctx.actor,
        "review_gevraagd",
        f"Review gevraagd aan {reviewer.naam}: {onderwerp}",
        entiteit="activiteit",
        entiteit_id=activiteit.id,
        dossier_id=dossier.id,
    )
    return activiteit


def vraag_review(
    ctx: ServiceContext, dossier_id: uuid.UUID, document_id: uuid.UUID, verzoek: Reviewverzoek
) -> uuid.UUID:
    """Ask a medewerker or a groep to review a document; it is 'ter review' meanwhile."""
    with ctx.unit_of_work() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        document = load_document(s, ctx.actor, document_id, write=True)
        if dossier.id not in linked_dossier_ids(s, document.id):
            raise ValidationFailed(f"'{document.titel}' hoort niet bij {dossier.kenmerk}.")
        check_not_locked(document, ctx.actor)
        document.status = DocumentStatus.TER_REVIEW
        return maak_reviewactiviteit(
            s, ctx, dossier, f"'{document.titel}'", verzoek, document=document
        ).id


def review_afronden(
    ctx: ServiceContext,
    activiteit_id: uuid.UUID,
    opmerking: str,
    *,
    expected_version: int | None = None,
) -> uuid.UUID:
    """The reviewer marks the review done with a remark; the requester gets it in the
    werkvoorraad as an activiteit 'Review afgerond'. Returns that activiteit."""
    if not opmerking.strip():
        raise ValidationFailed("Geef een opmerking bij de review, ook als u akkoord bent.")
    with ctx.unit_of_work() as s:
        review = s.get(Activiteit, activiteit_id)
        if review is None or review.soort != REVIEW:
            raise NotFound("Dit reviewverzoek bestaat niet.")
        get_dossier(s, ctx.actor, review.dossier_id)
        check_version(review.version, expected_version)
        mag = review.eigenaar_medewerker_id == ctx.actor.medewerker_id or (
            review.eigenaar_groep_id in ctx.actor.groep_ids
        )
        if not mag:
            raise AccessDenied("Alleen de gevraagde reviewer kan deze review afronden.")
        if review.status != ActiviteitStatus.OPEN:
            raise ValidationFailed("Deze review is al afgerond.")
        review.status = ActiviteitStatus.AFGEROND
        review.uitkomst = "gereviewd"
        review.opmerking = opmerking.strip()
        review.afgerond_op = ctx.now()
        review.afgerond_door_id = ctx.actor.medewerker_id
        document_ids = s.scalars(
            select(ActiviteitDocument.document_id).where(
                ActiviteitDocument.activiteit_id == review.id
            )
        ).all()
        for document in s.scalars(select(Document).where(Document.id.in_(document_ids))):
            if document.status == DocumentStatus.TER_REVIEW:
                document.status = DocumentStatus.CONCEPT
        terugmelding = Activiteit(
            dossier_id=review.dossier_id,
            code="review_afgerond",
            titel=f"{review.titel} afgerond door {ctx.actor.naam}"[:300],
            omschrijving=opmerking.strip(),
            soort=REVIEW_AFGEROND,
            eigenaar_medewerker_id=review.aangemaakt_door_id,
            termijn=ctx.today(),
            aangemaakt_door_id=ctx.actor.medewerker_id,
            gegevens={"review_id": str(review.id)},
        )
        if terugmelding.eigenaar_medewerker_id is None:
            terugmelding.eigenaar_groep_id = review.eigenaar_groep_id
        s.add(terugmelding)
        s.flush()
        for document_id in document_ids:
            s.add(ActiviteitDocument(activiteit_id=terugmelding.id, document_id=document_id))
        record_audit(
            s,
            ctx.actor,
            "review_afgerond",
            f"{review.titel} afgerond: {opmerking.strip()}"[:1000],
            entiteit="activiteit",
            entiteit_id=review.id,
            dossier_id=review.dossier_id,
        )
        return terugmelding.id


def mijn_open_review(ctx: ServiceContext, document_id: uuid.UUID) -> ReviewInfo | None:
    """The open review of this document that waits for the actor (or one of their groepen)."""
    wie = Activiteit.eigenaar_medewerker_id == ctx.actor.medewerker_id
    if ctx.actor.groep_ids:
        wie = wie | Activiteit.eigenaar_groep_id.in_(ctx.actor.groep_ids)
    with ctx.read() as s:
        load_document(s, ctx.actor, document_id)
        review_id = s.scalar(
            select(Activiteit.id)
            .join(ActiviteitDocument, ActiviteitDocument.activiteit_id == Activiteit.id)
            .where(
                ActiviteitDocument.document_id == document_id,
                Activiteit.soort == REVIEW,
                Activiteit.status == ActiviteitStatus.OPEN,
                wie,
            )
            .order_by(Activiteit.termijn)
        )
    if review_id is None:
        return None
    return next(r for r in reviews_van_document(ctx, document_id) if r.activiteit_id == review_id)


def reviews_van_document(ctx: ServiceContext, document_id: uuid.UUID) -> list[ReviewInfo]:
    with ctx.read() as s:
        load_document(s, ctx.actor, document_id)
        reviews = s.scalars(
            select(Activiteit)
            .join(ActiviteitDocument, ActiviteitDocument.activiteit_id == Activiteit.id)
            .where(ActiviteitDocument.document_id == document_id, Activiteit.soort == REVIEW)
            .order_by(Activiteit.aangemaakt_op)
        ).all()
        namen = namen_van(
            s, [eigenaar_van(r) for r in reviews] + [r.aangemaakt_door_id for r in reviews]
        )
        return [
            ReviewInfo(
                r.id,
                r.version,
                r.titel,
                namen.get(eigenaar_van(r), ""),
                r.termijn,
                r.status,
                r.opmerking,
                namen.get(r.aangemaakt_door_id, "") if r.aangemaakt_door_id else "",
            )
            for r in reviews
        ]
