"""Telefoonnotities: a phone conversation recorded in a dossier with fixed fields."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from igj_desktop.models import Medewerker, PostRichting, Relatie, Telefoonnotitie
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import TelefoonnotitieRow
from igj_desktop.services.toegang.controle import get_dossier


@dataclass(frozen=True)
class NieuweTelefoonnotitie:
    onderwerp: str
    samenvatting: str
    gesprekspartner: str = ""
    telefoonnummer: str = ""
    richting: str = PostRichting.INKOMEND
    relatie_id: uuid.UUID | None = None
    gesprek_op: datetime | None = None
    """Default: now."""
    actiepunten: str = ""
    terugbellen: bool = False


def _check(notitie: NieuweTelefoonnotitie) -> None:
    if not notitie.onderwerp.strip():
        raise ValidationFailed("Vul het onderwerp van het gesprek in.")
    if len(notitie.onderwerp.strip()) > 300:
        raise ValidationFailed("Het onderwerp is te lang (hoogstens 300 tekens).")
    if not notitie.samenvatting.strip():
        raise ValidationFailed("Vul een samenvatting van het gesprek in.")
    if notitie.richting not in set(PostRichting):
        raise ValidationFailed("Kies of het gesprek inkomend of uitgaand was.")
    nummer = notitie.telefoonnummer.strip()
    if nummer and (len(nummer) > 40 or not all(c.isdigit() or c in "+-() " for c in nummer)):
        raise ValidationFailed("Een telefoonnummer bevat alleen cijfers, spaties, +, - en ().")
    if notitie.gesprek_op is not None and notitie.gesprek_op.tzinfo is None:
        raise ValidationFailed("Het tijdstip van het gesprek mist een tijdzone.")


def record_telefoonnotitie(
    ctx: ServiceContext, dossier_id: uuid.UUID, notitie: NieuweTelefoonnotitie
) -> uuid.UUID:
    _check(notitie)
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        if notitie.relatie_id is not None and session.get(Relatie, notitie.relatie_id) is None:
            raise ValidationFailed("Deze relatie staat niet in het relatieregister.")
        rij = Telefoonnotitie(
            dossier_id=dossier.id,
            medewerker_id=ctx.actor.medewerker_id,
            relatie_id=notitie.relatie_id,
            gesprek_op=notitie.gesprek_op or ctx.now(),
            gesprekspartner=notitie.gesprekspartner.strip(),
            telefoonnummer=notitie.telefoonnummer.strip(),
            richting=notitie.richting,
            onderwerp=notitie.onderwerp.strip(),
            samenvatting=notitie.samenvatting.strip(),
            actiepunten=notitie.actiepunten.strip(),
            terugbellen=notitie.terugbellen,
        )
        session.add(rij)
        session.flush()
        record_audit(
            session,
            ctx.actor,
            "telefoonnotitie_vastgelegd",
            f"Telefoonnotitie vastgelegd: {rij.onderwerp}.",
            entiteit="telefoonnotitie",
            entiteit_id=rij.id,
            dossier_id=dossier.id,
        )
        return rij.id


def list_telefoonnotities(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[TelefoonnotitieRow]:
    """The telefoonnotities of a dossier, newest conversation first."""
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        query = (
            select(Telefoonnotitie, Medewerker.naam)
            .outerjoin(Medewerker, Medewerker.id == Telefoonnotitie.medewerker_id)
            .where(Telefoonnotitie.dossier_id == dossier_id)
            .order_by(Telefoonnotitie.gesprek_op.desc())
        )
        return [
            TelefoonnotitieRow(
                t.id,
                t.dossier_id,
                naam or "",
                t.relatie_id,
                t.gesprek_op,
                t.gesprekspartner,
                t.telefoonnummer,
                t.richting,
                t.onderwerp,
                t.samenvatting,
                t.actiepunten,
                t.terugbellen,
            )
            for t, naam in session.execute(query)
        ]
