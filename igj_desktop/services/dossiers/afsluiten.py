"""Closing and reopening (sub)dossiers, and the bewaartermijn set when closing.

A dossier closes only when its subdossiers are closed. The bewaartermijn comes from the
catalog (``catalog.bewaartermijn_voor``: the dossiertype's years, or longer when a completed
workflow demands it) and is stored on the dossier and its subdossiers. Everything else still
open does not block, but closing first returns all of it as a warning: workflows,
activiteiten, afspraken still to come, concept documents and post nobody assessed. Only when
the behandelaar confirms are they dealt with together with the close: workflows beëindigd,
activiteiten geannuleerd, afspraken stopgezet with their cancellation queued for Exchange.
Concept documents and unassessed post stay as they are (they remain readable in the closed
dossier); the warning is there so nobody closes a dossier with a letter still unsent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    Afspraak,
    AfspraakStatus,
    Document,
    DocumentDossier,
    DocumentStatus,
    Dossier,
    DossierStatus,
    Post,
    PostDossier,
    PostRichting,
    PostStatus,
    RolCode,
    Workflow,
    WorkflowStatus,
)
from igj_desktop.services.afspraken.afspraak import stopzetten
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import AMSTERDAM, ServiceContext, check_version
from igj_desktop.services.errors import AccessDenied, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier, lock_dossier
from igj_desktop.services.workflows.catalogus import bewaartermijn_voor
from igj_desktop.services.workflows.werkvoorraad import OPEN_STATUSSEN

EINDE_DOSSIER_GESLOTEN = "dossier_gesloten"


@dataclass(frozen=True)
class OpenItems:
    """What is still running in a dossier; open subdossiers block closing."""

    subdossiers: tuple[str, ...] = ()
    workflows: tuple[str, ...] = ()
    activiteiten: tuple[str, ...] = ()
    afspraken: tuple[str, ...] = ()
    concept_documenten: tuple[str, ...] = ()
    post_onbeoordeeld: tuple[str, ...] = ()

    @property
    def leeg(self) -> bool:
        return not (self.subdossiers or self.te_beeindigen or self.blijven)

    @property
    def te_beeindigen(self) -> bool:
        """Work that closing ends: it needs the behandelaar's confirmation."""
        return bool(self.workflows or self.activiteiten or self.afspraken)

    @property
    def blijven(self) -> bool:
        """Matters closing leaves as they are, shown so they are not forgotten."""
        return bool(self.concept_documenten or self.post_onbeoordeeld)

    def regels(self) -> list[str]:
        """Dutch lines for the warning dialog."""
        return (
            [f"Subdossier {s} is nog open" for s in self.subdossiers]
            + [f"Workflow: {w}" for w in self.workflows]
            + [f"Activiteit: {a}" for a in self.activiteiten]
            + [f"Afspraak (wordt afgezegd): {a}" for a in self.afspraken]
            + [f"Concept-document: {d}" for d in self.concept_documenten]
            + [f"Post nog niet beoordeeld: {p}" for p in self.post_onbeoordeeld]
        )


@dataclass(frozen=True)
class Afsluitresultaat:
    gesloten: bool
    """False: nothing changed, ``open_items`` must be confirmed first."""
    open_items: OpenItems
    bewaartermijn_tot: date | None = None
    bewaartermijn_toelichting: str | None = None


def _komende_afspraken(session: Session, dossier: Dossier, ctx: ServiceContext) -> list[Afspraak]:
    return list(
        session.scalars(
            select(Afspraak)
            .where(
                Afspraak.dossier_id == dossier.id,
                Afspraak.status == AfspraakStatus.GEPLAND,
                Afspraak.einde > ctx.now(),
            )
            .order_by(Afspraak.begin)
        )
    )


def _open_items(session: Session, dossier: Dossier, ctx: ServiceContext) -> OpenItems:
    subdossiers = session.scalars(
        select(Dossier.kenmerk)
        .where(Dossier.parent_id == dossier.id, Dossier.status == DossierStatus.OPEN)
        .order_by(Dossier.kenmerk)
    ).all()
    workflows = session.scalars(
        select(Workflow.titel).where(
            Workflow.dossier_id == dossier.id, Workflow.status == WorkflowStatus.LOPEND
        )
    ).all()
    activiteiten = session.execute(
        select(Activiteit.titel, Activiteit.termijn)
        .where(Activiteit.dossier_id == dossier.id, Activiteit.status.in_(OPEN_STATUSSEN))
        .order_by(Activiteit.termijn)
    ).all()
    concepten = session.scalars(
        select(Document.titel)
        .join(DocumentDossier, DocumentDossier.document_id == Document.id)
        .where(
            DocumentDossier.dossier_id == dossier.id,
            Document.status.in_((DocumentStatus.CONCEPT, DocumentStatus.TER_REVIEW)),
        )
        .order_by(Document.titel)
    ).all()
    post = session.scalars(
        select(Post.onderwerp)
        .join(PostDossier, PostDossier.post_id == Post.id)
        .where(
            PostDossier.dossier_id == dossier.id,
            Post.richting == PostRichting.INKOMEND,
            Post.status == PostStatus.GEREGISTREERD,
        )
        .order_by(Post.geregistreerd_op)
    ).all()
    return OpenItems(
        tuple(subdossiers),
        tuple(workflows),
        tuple(
            f"{titel} (termijn {termijn:%d-%m-%Y})" if termijn else titel
            for titel, termijn in activiteiten
        ),
        tuple(
            f"{a.onderwerp} ({a.begin.astimezone(AMSTERDAM):%d-%m-%Y %H:%M})"
            for a in _komende_afspraken(session, dossier, ctx)
        ),
        tuple(concepten),
        tuple(onderwerp or "(zonder onderwerp)" for onderwerp in post),
    )


def check_afsluiten(ctx: ServiceContext, dossier_id: uuid.UUID) -> OpenItems:
    """What would block or need confirming when closing now."""
    with ctx.read() as session:
        return _open_items(session, get_dossier(session, ctx.actor, dossier_id), ctx)


def _end_open_work(session: Session, dossier: Dossier, ctx: ServiceContext, reden: str) -> None:
    for workflow in session.scalars(
        select(Workflow).where(
            Workflow.dossier_id == dossier.id, Workflow.status == WorkflowStatus.LOPEND
        )
    ):
        workflow.status = WorkflowStatus.BEEINDIGD
        workflow.einde = EINDE_DOSSIER_GESLOTEN
        workflow.reden = reden
        workflow.afgerond_op = ctx.now()
    for activiteit in session.scalars(
        select(Activiteit).where(
            Activiteit.dossier_id == dossier.id, Activiteit.status.in_(OPEN_STATUSSEN)
        )
    ):
        activiteit.status = ActiviteitStatus.GEANNULEERD
        activiteit.reden = f"Dossier gesloten: {reden}"
        activiteit.afgerond_op = ctx.now()
        activiteit.afgerond_door_id = ctx.actor.medewerker_id
    for afspraak in _komende_afspraken(session, dossier, ctx):
        stopzetten(session, ctx, afspraak, f"Dossier {dossier.kenmerk} is gesloten: {reden}")


def close_dossier(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    reden: str,
    version: int | None,
    *,
    open_items_bevestigd: bool = False,
) -> Afsluitresultaat:
    """Close a dossier or subdossier with a reason and set its bewaartermijn.

    With anything open (see ``OpenItems``) and no confirmation nothing changes and the
    result lists it. Closing a hoofddossier sets the bewaartermijn on its subdossiers too.
    """
    reden = reden.strip()
    if not reden:
        raise ValidationFailed("Vul de reden van afsluiting in.")
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        check_version(dossier.version, version)
        # A colleague adding a subdossier right now either finishes first (and is seen
        # below) or waits and then finds the dossier closed.
        lock_dossier(session, dossier.id)
        items = _open_items(session, dossier, ctx)
        if items.subdossiers:
            raise ValidationFailed(
                f"Sluit eerst de open subdossiers: {', '.join(items.subdossiers)}."
            )
        if not items.leeg and not open_items_bevestigd:
            return Afsluitresultaat(False, items)
        _end_open_work(session, dossier, ctx, reden)
        bewaren = bewaartermijn_voor(session, dossier, ctx.today())
        tot, toelichting = bewaren.tot, bewaren.toelichting
        dossier.status = DossierStatus.GESLOTEN
        dossier.gesloten_op = ctx.now()
        dossier.reden_afsluiting = reden
        for betreft in [
            dossier,
            *session.scalars(select(Dossier).where(Dossier.parent_id == dossier.id)),
        ]:
            betreft.bewaartermijn_tot = tot
            betreft.bewaartermijn_toelichting = toelichting
        record_audit(
            session,
            ctx.actor,
            "dossier_gesloten",
            f"Dossier {dossier.kenmerk} gesloten: {reden}. Bewaren tot {tot:%d-%m-%Y}.",
            entiteit="dossier",
            entiteit_id=dossier.id,
            dossier_id=dossier.id,
            gegevens={"reden": reden, "open_items": items.regels(), "bewaren_tot": tot.isoformat()},
        )
        return Afsluitresultaat(True, items, tot, toelichting)


def reopen_dossier(ctx: ServiceContext, dossier_id: uuid.UUID, reden: str) -> None:
    """Reopen a closed (sub)dossier; only for a beheerder or an MT'er."""
    if not ctx.actor.heeft_rol(RolCode.BEHEERDER, RolCode.MT):
        raise AccessDenied("Alleen een beheerder of een MT-lid kan een dossier heropenen.")
    reden = reden.strip()
    if not reden:
        raise ValidationFailed("Vul de reden van heropenen in.")
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id)
        if dossier.status != DossierStatus.GESLOTEN:
            raise ValidationFailed(f"Dossier {dossier.kenmerk} is niet gesloten.")
        if dossier.parent is not None and dossier.parent.status == DossierStatus.GESLOTEN:
            raise ValidationFailed(f"Heropen eerst het hoofddossier {dossier.parent.kenmerk}.")
        dossier.status = DossierStatus.OPEN
        dossier.gesloten_op = None
        dossier.reden_afsluiting = None
        dossier.bewaartermijn_tot = None
        dossier.bewaartermijn_toelichting = None
        record_audit(
            session,
            ctx.actor,
            "dossier_heropend",
            f"Dossier {dossier.kenmerk} heropend: {reden}.",
            entiteit="dossier",
            entiteit_id=dossier.id,
            dossier_id=dossier.id,
            gegevens={"reden": reden},
        )
