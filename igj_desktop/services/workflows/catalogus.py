"""The workflow and dossiertype catalogs in the database, and the bewaartermijn of a dossier."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.models import Dossier, Dossiertype, Workflow, WorkflowStatus
from igj_desktop.workflows.bewaartermijn import (
    BewaartermijnResultaat,
    bereken_bewaartermijn,
    dossiertypes,
)


def sync_dossiertypes(session: Session) -> None:
    """Upsert the catalog's dossiertypes (by code) into the Dossiertype table.

    Types no longer in the catalog are kept (dossiers refer to them) but set inactive.
    """
    bestaand = {t.code: t for t in session.scalars(select(Dossiertype))}
    codes = set()
    for definitie in dossiertypes():
        codes.add(definitie.code)
        rij = bestaand.get(definitie.code) or Dossiertype(code=definitie.code)
        waarden = {
            "naam": definitie.naam,
            "omschrijving": definitie.omschrijving,
            "workflows": list(definitie.workflows),
            "sjablonen": list(definitie.sjablonen),
            "bewaartermijn_jaren": definitie.bewaartermijn_jaren,
            "bewaarregels": {"workflows": dict(definitie.bewaarregels)},
            "actief": True,
        }
        for naam, waarde in waarden.items():
            if getattr(rij, naam) != waarde:
                setattr(rij, naam, waarde)
        if rij.id is None:
            session.add(rij)
    for code, rij in bestaand.items():
        if code not in codes and rij.actief:
            rij.actief = False
    session.flush()


def _dossier_en_subdossiers(session: Session, dossier: Dossier) -> list[Dossier]:
    return [dossier, *session.scalars(select(Dossier).where(Dossier.parent_id == dossier.id))]


def bewaartermijn_voor(
    session: Session, dossier: Dossier, gesloten: date
) -> BewaartermijnResultaat:
    """The bewaartermijn of ``dossier`` closed on ``gesloten``: type + completed workflows of
    the dossier and its subdossiers, longest rule wins."""
    ids = [d.id for d in _dossier_en_subdossiers(session, dossier)]
    afgerond = session.scalars(
        select(Workflow.definitie_code).where(
            Workflow.dossier_id.in_(ids), Workflow.status == WorkflowStatus.AFGEROND
        )
    ).all()
    dossiertype = dossier.dossiertype
    regels = (dossiertype.bewaarregels or {}).get("workflows", {})
    return bereken_bewaartermijn(
        dossiertype.naam, dossiertype.bewaartermijn_jaren, regels, afgerond, gesloten
    )
