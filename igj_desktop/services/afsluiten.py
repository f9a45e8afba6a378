"""Closing and reopening (sub)dossiers, and the bewaartermijn set when closing.

A dossier closes only when its subdossiers are closed. The bewaartermijn comes from the
catalog (``catalog.bewaartermijn_voor``: the dossiertype's years, or longer when a completed
workflow demands it) and is stored on the dossier and its subdossiers. Open workflows and
activiteiten do not block: closing first returns them as a warning, and only when the
behandelaar confirms are they ended (workflow beëindigd, activiteit geannuleerd) together
with the close.
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
    Dossier,
    DossierStatus,
    RolCode,
    Workflow,
    WorkflowStatus,
)

from .access import get_dossier, lock_dossier
from .audit import record_audit
from .base import ServiceContext, check_version
from .catalog import bewaartermijn_voor
from .errors import AccessDenied, ValidationFailed
from .werkvoorraad import OPEN_STATUSSEN

EINDE_DOSSIER_GESLOTEN = "dossier_gesloten"


@dataclass(frozen=True)
class OpenItems:
    """What is still running in a dossier; open subdossiers block closing."""

    subdossiers: tuple[str, ...] = ()
    workflows: tuple[str, ...] = ()
    activiteiten: tuple[str, ...] = ()

    @property
    def leeg(self) -> bool:
        return not (self.subdossiers or self.workflows or self.activiteiten)

    def regels(self) -> list[str]:
        """Dutch lines for the warning dialog."""
        return (
            [f"Subdossier {s} is nog open" for s in self.subdossiers]
            + [f"Workflow: {w}" for w in self.workflows]
            + [f"Activiteit: {a}" for a in self.activiteiten]
        )


@dataclass(frozen=True)
class Afsluitresultaat:
    gesloten: bool
    """False: nothing changed, ``open_items`` must be confirmed first."""
    open_items: OpenItems
    bewaartermijn_tot: date | None = None
    bewaartermijn_toelichting: str | None = None


def _open_items(session: Session, dossier: Dossier) -> OpenItems:
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
    return OpenItems(
        tuple(subdossiers),
        tuple(workflows),
        tuple(
            f"{titel} (termijn {termijn:%d-%m-%Y})" if termijn else titel
            for titel, termijn in activiteiten
        ),
    )


def check_afsluiten(ctx: ServiceContext, dossier_id: uuid.UUID) -> OpenItems:
    """What would block or need confirming when closing now."""
    with ctx.read() as session:
        return _open_items(session, get_dossier(session, ctx.actor, dossier_id))


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


def close_dossier(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    reden: str,
    version: int | None,
    *,
    open_items_bevestigd: bool = False,
) -> Afsluitresultaat:
    """Close a dossier or subdossier with a reason and set its bewaartermijn.

    With open workflows/activiteiten and no confirmation nothing changes and the result
    lists them. Closing a hoofddossier sets the bewaartermijn on its subdossiers too.
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
        items = _open_items(session, dossier)
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
