"""The form an activiteit or a workflow start asks, ready for the window.

The catalog says which velden a step asks (``workflows/formulieren.py``); this service adds
what only the database knows: the values recorded earlier in the dossier's workflow (to
prefill the form and to show the facts being judged, such as the reactie of the aanbieder or
the date the report was sent) and the choices for relatie, document and medewerker velden.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Activiteit,
    Betrokkene,
    Document,
    DocumentDossier,
    Medewerker,
    MedewerkerRol,
    Relatie,
    Workflow,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import NotFound
from igj_desktop.services.toegang.controle import get_dossier
from igj_desktop.services.workflows.acties import ACTIVITEIT_NIET_GEVONDEN, workflow_engine
from igj_desktop.workflows.definitions import WorkflowDefinitie, catalogus
from igj_desktop.workflows.formulieren import VERWIJZINGEN, Veld, VeldType
from igj_desktop.workflows.regels import tel_woorden

Opties = tuple[tuple[str, str], ...]  # (id as text, name)


@dataclass(frozen=True)
class Feit:
    """An earlier gegeven shown read-only above the form."""

    label: str
    waarde: str


@dataclass(frozen=True)
class Formulier:
    velden: tuple[Veld, ...] = ()
    per_uitkomst: Mapping[str, tuple[Veld, ...]] = field(default_factory=dict)
    feiten: tuple[Feit, ...] = ()
    waarden: Mapping[str, Any] = field(default_factory=dict)  # prefilled from earlier steps
    opties: Mapping[str, Opties] = field(default_factory=dict)
    vandaag: date | None = None

    @property
    def leeg(self) -> bool:
        return not (self.velden or self.feiten or any(self.per_uitkomst.values()))


def _catalogus_veld(naam: str, eigen: WorkflowDefinitie) -> Veld | None:
    """The veld that fills ``naam``: in this workflow, else in any (earlier gegevens travel
    from the rapport into openbaarmaking)."""
    return eigen.veld(naam) or next((v for d in catalogus() if (v := d.veld(naam))), None)


def _opties(session: Session, dossier_id: uuid.UUID, veld: Veld) -> Opties:
    match veld.type:
        case VeldType.RELATIE:
            rijen = session.execute(
                select(Relatie.id, Relatie.naam)
                .join(Betrokkene, Betrokkene.relatie_id == Relatie.id)
                .where(Betrokkene.dossier_id == dossier_id)
                .distinct()
                .order_by(Relatie.naam)
            )
        case VeldType.DOCUMENT:
            rijen = session.execute(
                select(Document.id, Document.titel)
                .join(DocumentDossier, DocumentDossier.document_id == Document.id)
                .where(DocumentDossier.dossier_id == dossier_id)
                .order_by(Document.titel)
            )
        case _:
            query = select(Medewerker.id, Medewerker.naam).where(Medewerker.actief.is_(True))
            if veld.rol:
                query = query.where(
                    Medewerker.id.in_(
                        select(MedewerkerRol.medewerker_id).where(
                            MedewerkerRol.rol_code == veld.rol
                        )
                    )
                )
            rijen = session.execute(query.order_by(Medewerker.naam))
    return tuple((str(id_), naam) for id_, naam in rijen)


def toon_waarde(veld: Veld | None, waarde: object, opties: Opties = ()) -> str:
    """A recorded value as the user reads it (dates Dutch, a choice by its name)."""
    if veld is None:
        return str(waarde)
    match veld.type:
        case VeldType.DATUM:
            try:
                return f"{date.fromisoformat(str(waarde)):%d-%m-%Y}"
            except ValueError:
                return str(waarde)
        case VeldType.KEUZE:
            return veld.keuze_naam(waarde)
        case VeldType.JA_NEE:
            return "Ja" if waarde is True else "Nee"
        case VeldType.LANGE_TEKST if veld.max_woorden:
            tekst = str(waarde)
            return f"{tekst}\n({tel_woorden(tekst)} woorden, hooguit {veld.max_woorden})"
        case soort if soort in VERWIJZINGEN:
            return dict(opties).get(str(waarde), str(waarde))
    return str(waarde)


def _formulier(
    session: Session,
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    definitie: WorkflowDefinitie,
    velden: tuple[Veld, ...],
    per_uitkomst: Mapping[str, tuple[Veld, ...]],
    toont: tuple[str, ...],
    eerder: Mapping[str, Any],
) -> Formulier:
    alle = [*velden, *(v for vs in per_uitkomst.values() for v in vs)]
    opties = {v.veld: _opties(session, dossier_id, v) for v in alle if v.type in VERWIJZINGEN}
    feiten = []
    for naam in toont:
        if naam not in eerder or eerder[naam] in (None, ""):
            continue
        veld = _catalogus_veld(naam, definitie)
        keuzes = opties.get(naam) or (
            _opties(session, dossier_id, veld) if veld and veld.type in VERWIJZINGEN else ()
        )
        feiten.append(Feit(veld.label if veld else naam, toon_waarde(veld, eerder[naam], keuzes)))
    namen = {v.veld for v in alle}
    return Formulier(
        velden=velden,
        per_uitkomst=per_uitkomst,
        feiten=tuple(feiten),
        waarden={k: v for k, v in eerder.items() if k in namen},
        opties=opties,
        vandaag=ctx.today(),
    )


def activiteit_formulier(ctx: ServiceContext, activiteit_id: uuid.UUID) -> Formulier:
    """The form of an activiteit: its velden, those per uitkomst, and the facts it shows."""
    with ctx.read() as session:
        activiteit = session.get(Activiteit, activiteit_id)
        if activiteit is None:
            raise NotFound(ACTIVITEIT_NIET_GEVONDEN)
        get_dossier(session, ctx.actor, activiteit.dossier_id)
        adef = workflow_engine().activiteit_definitie(activiteit) if activiteit.workflow else None
        workflow: Workflow | None = activiteit.workflow
        if adef is None or workflow is None:
            return Formulier(vandaag=ctx.today())
        return _formulier(
            session,
            ctx,
            activiteit.dossier_id,
            workflow_engine().definitie_voor(workflow),
            adef.formulier,
            {u.code: u.formulier for u in adef.uitkomsten if u.formulier},
            adef.toont,
            {**workflow.gegevens, **activiteit.gegevens},
        )


def start_formulier(ctx: ServiceContext, dossier_id: uuid.UUID, code: str) -> Formulier:
    """The form a workflow asks when the user starts it (empty for most workflows)."""
    definitie = catalogus().get(code)
    if definitie is None:
        return Formulier(vandaag=ctx.today())
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        return _formulier(session, ctx, dossier_id, definitie, definitie.formulier, {}, (), {})
