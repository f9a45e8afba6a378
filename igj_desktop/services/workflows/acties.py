"""Use cases of the workflow engine: start, complete, end, hand over, claim, suspend.

Every call is one transaction, checks access to the dossier, writes the audit trail and
returns plain read models. The engine (igj_desktop.workflows.engine) holds the rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import exists, false, or_, select
from sqlalchemy.orm import Session, selectinload

from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    ActiviteitStatus,
    Afspraak,
    Document,
    DocumentDossier,
    Dossier,
    Groep,
    Lidmaatschap,
    Medewerker,
    Toegang,
    Urgentie,
    Workflow,
    WorkflowStatus,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext, check_version
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier, may_edit
from igj_desktop.taal import aantal
from igj_desktop.workflows import engine
from igj_desktop.workflows.definitions import StartWijze, WorkflowDefinitie, catalogus
from igj_desktop.workflows.engine import EngineFout, Klok
from igj_desktop.workflows.formulieren import controleer_invoer

ACTIVITEIT_NIET_GEVONDEN = "Activiteit niet gevonden, of u hebt geen toegang tot het dossier."
GROEP_VOLGORDE = {
    groep: i
    for i, groep in enumerate(
        [
            "Voorbereiden",
            "Uitvoeren",
            "Rapporteren",
            "Informele interventies",
            "Bestuursrechtelijke interventies",
            "Bezwaar en gerechtelijke procedures",
            "Tuchtrecht",
            "Generiek",
        ]
    )
}
WORKFLOW_NIET_GEVONDEN = "Workflow niet gevonden, of u hebt geen toegang tot het dossier."


@cache
def workflow_engine() -> engine.Engine:
    """The engine on the application's catalog (loaded and validated once)."""
    return engine.Engine(catalogus())


@dataclass(frozen=True)
class WorkflowKeuze:
    code: str
    naam: str
    groep: str
    omschrijving: str


@dataclass(frozen=True)
class UitkomstKeuze:
    code: str
    naam: str
    reden_verplicht: bool


@dataclass(frozen=True)
class ActiviteitRow:
    id: uuid.UUID
    workflow_id: uuid.UUID | None
    dossier_id: uuid.UUID
    code: str
    titel: str
    fase: str
    status: str
    uitkomst: str | None
    reden: str | None
    termijn: date | None
    termijn_wettelijk: bool
    urgentie: str
    eigenaar: str
    eigenaar_medewerker_id: uuid.UUID | None
    eigenaar_groep_id: uuid.UUID | None
    afgerond_op: datetime | None
    version: int
    uitkomsten: tuple[UitkomstKeuze, ...] = ()
    verlengbaar: bool = False
    aanpasbaar: bool = True
    gekoppeld: tuple[str, ...] = ()  # documents and afspraken it produced or is about
    mag_opschorten: bool = False  # open with a termijn: the termijn can be suspended
    mag_hervatten: bool = False  # suspended: the termijn can run again

    @property
    def open(self) -> bool:
        return self.status in (ActiviteitStatus.OPEN, ActiviteitStatus.OPGESCHORT)


@dataclass(frozen=True)
class EindeKeuze:
    code: str
    naam: str


@dataclass(frozen=True)
class WorkflowRow:
    id: uuid.UUID
    dossier_id: uuid.UUID
    code: str
    titel: str
    versie: int
    status: str
    einde: str | None
    reden: str | None
    gestart_op: datetime
    afgerond_op: datetime | None
    version: int
    activiteiten: tuple[ActiviteitRow, ...]
    fasen: tuple[tuple[str, str], ...]
    eindes: tuple[EindeKeuze, ...]
    handmatig: tuple[UitkomstKeuze, ...]

    @property
    def lopend(self) -> bool:
        return self.status == WorkflowStatus.LOPEND


def _klok(ctx: ServiceContext) -> Klok:
    return Klok(ctx.now())


@contextmanager
def _engine_errors() -> Iterator[None]:
    """Engine refusals become the service layer's ValidationFailed (same Dutch message)."""
    try:
        yield
    except EngineFout as exc:
        raise ValidationFailed(exc.message) from exc


def _namen(session: Session, activiteiten: list[Activiteit]) -> dict[uuid.UUID, str]:
    ids = {a.eigenaar_medewerker_id for a in activiteiten} | {
        a.eigenaar_groep_id for a in activiteiten
    }
    ids.discard(None)
    if not ids:
        return {}
    namen = dict(
        session.execute(select(Medewerker.id, Medewerker.naam).where(Medewerker.id.in_(ids)))
        .tuples()
        .all()
    )
    namen |= dict(
        session.execute(select(Groep.id, Groep.naam).where(Groep.id.in_(ids))).tuples().all()
    )
    return namen


def _gekoppeld(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """Titles of the documents and afspraken linked to these activiteiten (two queries)."""
    result: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    documenten = session.execute(
        select(ActiviteitDocument.activiteit_id, Document.titel)
        .join(Document, Document.id == ActiviteitDocument.document_id)
        .where(ActiviteitDocument.activiteit_id.in_(ids))
        .order_by(Document.titel)
    )
    afspraken = session.execute(
        select(Afspraak.activiteit_id, Afspraak.onderwerp)
        .where(Afspraak.activiteit_id.in_(ids))
        .order_by(Afspraak.begin)
    )
    for activiteit_id, titel in documenten:
        result[activiteit_id].append(f"Document: {titel}")
    for activiteit_id, onderwerp in afspraken:
        result[activiteit_id].append(f"Afspraak: {onderwerp}")
    return result


def _activiteit_row(
    a: Activiteit, namen: dict[uuid.UUID, str], gekoppeld: list[str] | None = None
) -> ActiviteitRow:
    adef = workflow_engine().activiteit_definitie(a) if a.workflow is not None else None
    eigenaar_id = a.eigenaar_medewerker_id or a.eigenaar_groep_id
    eigenaar = namen.get(eigenaar_id, "") if eigenaar_id is not None else ""
    if a.eigenaar_medewerker_id is None and a.eigenaar_groep_id is not None:
        eigenaar = f"Groep {eigenaar}"
    return ActiviteitRow(
        id=a.id,
        workflow_id=a.workflow_id,
        dossier_id=a.dossier_id,
        code=a.code,
        titel=a.titel,
        fase=str(a.gegevens.get("fase", "")),
        status=a.status,
        uitkomst=a.uitkomst,
        reden=a.reden,
        termijn=a.termijn,
        termijn_wettelijk=a.termijn_wettelijk,
        urgentie=a.urgentie,
        eigenaar=eigenaar,
        eigenaar_medewerker_id=a.eigenaar_medewerker_id,
        eigenaar_groep_id=a.eigenaar_groep_id,
        afgerond_op=a.afgerond_op,
        version=a.version,
        uitkomsten=tuple(
            UitkomstKeuze(u.code, u.naam, u.reden_verplicht)
            for u in (adef.uitkomsten if adef else ())
        ),
        verlengbaar=bool(adef and adef.termijn and adef.termijn.verlengbaar),
        aanpasbaar=not (adef and adef.termijn and not adef.termijn.aanpasbaar),
        gekoppeld=tuple(gekoppeld or ()),
        mag_opschorten=a.status == ActiviteitStatus.OPEN and a.termijn is not None,
        mag_hervatten=a.status == ActiviteitStatus.OPGESCHORT,
    )


def _workflow_row(session: Session, w: Workflow) -> WorkflowRow:
    definitie = workflow_engine().definitie_voor(w)
    activiteiten = sorted(w.activiteiten, key=lambda a: int(a.gegevens.get("volgnummer", 0)))
    namen = _namen(session, activiteiten)
    gekoppeld = _gekoppeld(session, [a.id for a in activiteiten])
    return WorkflowRow(
        id=w.id,
        dossier_id=w.dossier_id,
        code=w.definitie_code,
        titel=w.titel,
        versie=w.definitie_versie,
        status=w.status,
        einde=w.einde,
        reden=w.reden,
        gestart_op=w.gestart_op,
        afgerond_op=w.afgerond_op,
        version=w.version,
        activiteiten=tuple(_activiteit_row(a, namen, gekoppeld[a.id]) for a in activiteiten),
        fasen=tuple((f.code, f.naam) for f in definitie.fasen),
        eindes=tuple(EindeKeuze(e.code, e.naam) for e in definitie.eindes),
        handmatig=tuple(
            UitkomstKeuze(a.code, a.titel, False)
            for a in definitie.activiteiten
            if a.start == StartWijze.HANDMATIG
        ),
    )


def _load_workflow(
    session: Session, actor: Actor, workflow_id: uuid.UUID, *, write: bool
) -> tuple[Workflow, Dossier]:
    workflow = session.get(Workflow, workflow_id, options=[selectinload(Workflow.activiteiten)])
    if workflow is None:
        raise NotFound(WORKFLOW_NIET_GEVONDEN)
    return workflow, get_dossier(session, actor, workflow.dossier_id, write=write)


def _load_activiteit(
    session: Session, actor: Actor, activiteit_id: uuid.UUID, version: int | None
) -> tuple[Activiteit, Dossier]:
    """An activiteit the actor may act on: a behandelaar of the dossier, or its owner."""
    activiteit = session.get(Activiteit, activiteit_id)
    if activiteit is None:
        raise NotFound(ACTIVITEIT_NIET_GEVONDEN)
    dossier = get_dossier(session, actor, activiteit.dossier_id)
    eigen = activiteit.eigenaar_medewerker_id == actor.medewerker_id or (
        activiteit.eigenaar_groep_id in actor.groep_ids
    )
    if not (eigen or may_edit(session, actor, dossier)):
        raise ValidationFailed(
            f"U mag activiteiten in dossier {dossier.kenmerk} niet wijzigen; vraag een "
            "behandelaar om toegang of om de activiteit aan u over te dragen."
        )
    get_dossier(session, actor, dossier.id, write=False)
    if dossier.status != "open":
        raise ValidationFailed("Dit dossier is gesloten; activiteiten kunnen niet meer wijzigen.")
    check_version(activiteit.version, version)
    return activiteit, dossier


def _audit(
    session: Session,
    actor: Actor,
    actie: str,
    tekst: str,
    obj: Activiteit | Workflow,
    **gegevens: Any,
) -> None:
    record_audit(
        session,
        actor,
        actie,
        tekst,
        entiteit="activiteit" if isinstance(obj, Activiteit) else "workflow",
        entiteit_id=obj.id,
        dossier_id=obj.dossier_id,
        gegevens={k: str(v) for k, v in gegevens.items() if v is not None},
    )


def beschikbare_workflows(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[WorkflowKeuze]:
    """The workflows the dossiertype offers (all of the catalog when the type names none)."""
    with ctx.read() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id)
        codes = dossier.dossiertype.workflows or list(catalogus().workflows)
    definities: list[WorkflowDefinitie] = [d for c in codes if (d := catalogus().get(c))]
    definities.sort(key=lambda d: (GROEP_VOLGORDE.get(d.groep, len(GROEP_VOLGORDE)), d.naam))
    return [WorkflowKeuze(d.code, d.naam, d.groep, d.omschrijving) for d in definities]


def start_workflow(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    code: str,
    *,
    gegevens: dict[str, Any] | None = None,
    eigenaar_medewerker_id: uuid.UUID | None = None,
    eigenaar_groep_id: uuid.UUID | None = None,
) -> WorkflowRow:
    """Start a catalog workflow in a (sub)dossier; it may already run (then it runs twice).
    An ``eigenaar_*`` owns the first activiteiten (a review request to a medewerker/groep)."""
    if eigenaar_medewerker_id is not None and eigenaar_groep_id is not None:
        raise ValidationFailed("Kies één medewerker of één groep als eigenaar, niet beide.")
    definitie = catalogus().get(code)
    if definitie is not None and (fouten := controleer_invoer(definitie.formulier, gegevens or {})):
        raise ValidationFailed(" ".join(fouten))
    with ctx.unit_of_work() as session, _engine_errors():
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        if eigenaar_groep_id is not None and session.get(Groep, eigenaar_groep_id) is None:
            raise ValidationFailed("Deze groep bestaat niet.")
        if (
            eigenaar_medewerker_id is not None
            and session.get(Medewerker, eigenaar_medewerker_id) is None
        ):
            raise ValidationFailed("Deze medewerker bestaat niet.")
        workflow = workflow_engine().start_workflow(
            session,
            ctx.actor.medewerker_id,
            dossier,
            code,
            _klok(ctx),
            gegevens=gegevens,
            medewerker_id=eigenaar_medewerker_id,
            groep_id=eigenaar_groep_id,
        )
        tekst = f"Workflow '{workflow.titel}' gestart"
        _audit(
            session,
            ctx.actor,
            "workflow_gestart",
            tekst,
            workflow,
            versie=workflow.definitie_versie,
        )
        return _workflow_row(session, workflow)


def start_first_activity(
    session: Session, actor: Actor, dossier: Dossier, workflow_code: str, nu: datetime
) -> Workflow:
    """Hook for bulk subdossiers: start ``workflow_code`` with only its first activiteit
    ("plannen bezoek" for inspectiebezoek), inside the caller's transaction."""
    with _engine_errors():
        workflow = workflow_engine().start_workflow(
            session, actor.medewerker_id, dossier, workflow_code, Klok(nu), alleen_eerste=True
        )
    _audit(
        session, actor, "workflow_gestart", f"Workflow '{workflow.titel}' gestart (bulk)", workflow
    )
    return workflow


def list_workflows(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[WorkflowRow]:
    """The workflows of a dossier, oldest first, with their activiteiten."""
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        workflows = session.scalars(
            select(Workflow)
            .where(Workflow.dossier_id == dossier_id)
            .options(selectinload(Workflow.activiteiten))
            .order_by(Workflow.gestart_op)
        ).all()
        return [_workflow_row(session, w) for w in workflows]


def get_workflow(ctx: ServiceContext, workflow_id: uuid.UUID) -> WorkflowRow:
    with ctx.read() as session:
        workflow, _ = _load_workflow(session, ctx.actor, workflow_id, write=False)
        return _workflow_row(session, workflow)


def get_activiteit(ctx: ServiceContext, activiteit_id: uuid.UUID) -> ActiviteitRow:
    with ctx.read() as session:
        activiteit = session.get(Activiteit, activiteit_id)
        if activiteit is None:
            raise NotFound(ACTIVITEIT_NIET_GEVONDEN)
        get_dossier(session, ctx.actor, activiteit.dossier_id)
        return _activiteit_row(activiteit, _namen(session, [activiteit]))


@dataclass(frozen=True)
class AfrondingResult:
    activiteit: ActiviteitRow
    gestart: tuple[str, ...]
    workflows_gestart: tuple[str, ...]
    workflow_afgerond: bool


def complete_activiteit(
    ctx: ServiceContext,
    activiteit_id: uuid.UUID,
    uitkomst: str | None = None,
    *,
    reden: str | None = None,
    gegevens: dict[str, Any] | None = None,
    version: int | None = None,
) -> AfrondingResult:
    """Complete an activiteit with an uitkomst; starts what the uitkomst starts."""
    with ctx.unit_of_work() as session, _engine_errors():
        activiteit, dossier = _load_activiteit(session, ctx.actor, activiteit_id, version)
        afronding = workflow_engine().rond_activiteit_af(
            session,
            ctx.actor.medewerker_id,
            activiteit,
            dossier,
            uitkomst,
            _klok(ctx),
            reden=reden,
            gegevens=gegevens,
        )
        tekst = f"Activiteit '{activiteit.titel}' afgerond: {activiteit.uitkomst}"
        _audit(session, ctx.actor, "activiteit_afgerond", tekst, activiteit, reden=reden)
        for w in afronding.workflows:
            _audit(session, ctx.actor, "workflow_gestart", f"Workflow '{w.titel}' gestart", w)
        for a in afronding.gevolgd:
            tekst = f"Activiteit '{a.titel}' afgerond: {a.uitkomst} (volgt '{activiteit.titel}')"
            _audit(session, ctx.actor, "activiteit_afgerond", tekst, a, reden=a.reden)
            if a.workflow is not None and a.workflow.status == WorkflowStatus.AFGEROND:
                gesloten = f"Workflow '{a.workflow.titel}' afgerond"
                _audit(session, ctx.actor, "workflow_afgerond", gesloten, a.workflow)
        if afronding.workflow_afgerond and activiteit.workflow is not None:
            _audit(
                session,
                ctx.actor,
                "workflow_afgerond",
                f"Workflow '{activiteit.workflow.titel}' afgerond",
                activiteit.workflow,
            )
        return AfrondingResult(
            _activiteit_row(activiteit, _namen(session, [activiteit])),
            tuple(a.titel for a in afronding.gestart),
            tuple(w.titel for w in afronding.workflows),
            afronding.workflow_afgerond,
        )


def start_activiteit(ctx: ServiceContext, workflow_id: uuid.UUID, code: str) -> ActiviteitRow:
    """Start an activiteit the definition lets the user start any time (rappel, zitting …)."""
    with ctx.unit_of_work() as session, _engine_errors():
        workflow, dossier = _load_workflow(session, ctx.actor, workflow_id, write=True)
        activiteit = workflow_engine().start_handmatig(
            session, ctx.actor.medewerker_id, workflow, dossier, code, _klok(ctx)
        )
        _audit(
            session,
            ctx.actor,
            "activiteit_gestart",
            f"Activiteit '{activiteit.titel}' gestart",
            activiteit,
        )
        return _activiteit_row(activiteit, _namen(session, [activiteit]))


def end_workflow(
    ctx: ServiceContext,
    workflow_id: uuid.UUID,
    einde: str,
    reden: str,
    *,
    version: int | None = None,
) -> WorkflowRow:
    """Alternative ending (stopzetten / annuleren / intrekken) with a reason."""
    with ctx.unit_of_work() as session, _engine_errors():
        workflow, _ = _load_workflow(session, ctx.actor, workflow_id, write=True)
        check_version(workflow.version, version)
        workflow_engine().beeindig_workflow(
            workflow, einde, reden, ctx.actor.medewerker_id, _klok(ctx)
        )
        _audit(
            session,
            ctx.actor,
            "workflow_beeindigd",
            f"Workflow '{workflow.titel}' beëindigd ({einde})",
            workflow,
            reden=reden,
        )
        return _workflow_row(session, workflow)


def _activiteit_actie(
    ctx: ServiceContext,
    activiteit_id: uuid.UUID,
    version: int | None,
    actie: str,
    doe: Any,
) -> ActiviteitRow:
    with ctx.unit_of_work() as session, _engine_errors():
        activiteit, dossier = _load_activiteit(session, ctx.actor, activiteit_id, version)
        tekst = doe(session, activiteit, dossier)
        _audit(session, ctx.actor, actie, tekst, activiteit)
        session.flush()
        return _activiteit_row(activiteit, _namen(session, [activiteit]))


def cancel_activiteit(
    ctx: ServiceContext, activiteit_id: uuid.UUID, reden: str, *, version: int | None = None
) -> ActiviteitRow:
    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        workflow_engine().annuleer_activiteit(a, reden, ctx.actor.medewerker_id, _klok(ctx))
        return f"Activiteit '{a.titel}' geannuleerd: {reden.strip()}"

    return _activiteit_actie(ctx, activiteit_id, version, "activiteit_geannuleerd", doe)


def transfer_activiteit(
    ctx: ServiceContext,
    activiteit_id: uuid.UUID,
    *,
    naar_medewerker_id: uuid.UUID | None = None,
    naar_groep_id: uuid.UUID | None = None,
    version: int | None = None,
) -> ActiviteitRow:
    """Hand an activiteit over to a medewerker or a groep (exactly one).

    The werkvoorraad only shows activiteiten in dossiers the owner may see, so a new owner
    without access would never find the work. Handing over never widens anyone's access
    (a groep made behandelaar would make every lezer in it one): who does the dossier is a
    decision of its own, so the hand-over is refused until access was given in the Toegang
    dialog.
    """
    if (naar_medewerker_id is None) == (naar_groep_id is None):
        raise ValidationFailed(
            "Kies één medewerker of één groep om de activiteit aan over te dragen."
        )

    def doe(session: Session, a: Activiteit, d: Dossier) -> str:
        if a.status not in engine.OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        naar: Medewerker | Groep | None
        if naar_medewerker_id is not None:
            naar = session.get(Medewerker, naar_medewerker_id)
            if naar is None or not naar.actief:
                raise EngineFout("Deze medewerker bestaat niet of is niet actief.")
        else:
            naar = session.get(Groep, naar_groep_id)
            if naar is None:
                raise EngineFout("Deze groep bestaat niet.")
        if not _ziet_dossier(session, d, naar_medewerker_id, naar_groep_id):
            soort = "afgeschermde dossier" if d.afgeschermd else "dossier"
            raise EngineFout(
                f"{naar.naam} heeft geen toegang tot dit {soort}. Geef eerst toegang "
                "(Dossier ▸ Toegang) en draag de activiteit daarna over."
            )
        a.eigenaar_medewerker_id, a.eigenaar_groep_id = naar_medewerker_id, naar_groep_id
        return f"Activiteit '{a.titel}' overgedragen aan {naar.naam}"

    return _activiteit_actie(ctx, activiteit_id, version, "activiteit_overgedragen", doe)


def _ziet_dossier(
    session: Session,
    dossier: Dossier,
    medewerker_id: uuid.UUID | None,
    groep_id: uuid.UUID | None,
) -> bool:
    """Whether this medewerker or groep would see the dossier (the rule of access.py)."""
    if medewerker_id is not None:
        groep_ids = frozenset(
            session.scalars(
                select(Lidmaatschap.groep_id).where(Lidmaatschap.medewerker_id == medewerker_id)
            )
        )
        eigen = Toegang.medewerker_id == medewerker_id
    else:
        groep_ids = frozenset({groep_id}) if groep_id is not None else frozenset()
        eigen = false()
    wie = [eigen]
    if groep_ids and not dossier.afgeschermd:
        wie.append(Toegang.groep_id.in_(groep_ids))
    return (
        session.scalar(select(exists().where(Toegang.dossier_id == dossier.id, or_(*wie)))) is True
    )


def mag_oppakken(actor: Actor, eigenaar_groep_id: uuid.UUID | None) -> bool:
    """Only an activiteit of one of the actor's groepen can be taken on ("Zelf oppakken");
    the view asks this instead of repeating the rule."""
    return eigenaar_groep_id is not None and eigenaar_groep_id in actor.groep_ids


def claim_activiteit(
    ctx: ServiceContext, activiteit_id: uuid.UUID, *, version: int | None = None
) -> ActiviteitRow:
    """Take a groep's activiteit as my own."""

    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        if not mag_oppakken(ctx.actor, a.eigenaar_groep_id):
            raise EngineFout(
                "Alleen een activiteit van een groep waar u lid van bent kunt u oppakken."
            )
        if a.status not in engine.OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        a.gegevens = {**a.gegevens, "geclaimd_uit_groep": str(a.eigenaar_groep_id)}
        a.eigenaar_medewerker_id, a.eigenaar_groep_id = ctx.actor.medewerker_id, None
        return f"Activiteit '{a.titel}' opgepakt door {ctx.actor.naam}"

    return _activiteit_actie(ctx, activiteit_id, version, "activiteit_opgepakt", doe)


def set_urgentie(
    ctx: ServiceContext, activiteit_id: uuid.UUID, urgentie: str, version: int | None = None
) -> ActiviteitRow:
    if urgentie not in set(Urgentie):
        raise ValidationFailed(f"Onbekende urgentie '{urgentie}'; kies normaal, hoog of spoed.")

    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        a.urgentie = urgentie
        return f"Urgentie van '{a.titel}' gezet op {urgentie}"

    return _activiteit_actie(ctx, activiteit_id, version, "activiteit_urgentie", doe)


def termijn_opschorten(
    ctx: ServiceContext, activiteit_id: uuid.UUID, *, version: int | None = None
) -> ActiviteitRow:
    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        engine.termijn_opschorten(a, _klok(ctx))
        return f"Termijn van '{a.titel}' opgeschort"

    return _activiteit_actie(ctx, activiteit_id, version, "termijn_opgeschort", doe)


def termijn_hervatten(
    ctx: ServiceContext, activiteit_id: uuid.UUID, *, version: int | None = None
) -> ActiviteitRow:
    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        dagen = engine.termijn_hervatten(a, _klok(ctx))
        na = aantal(dagen, "dag", "dagen")
        return f"Termijn van '{a.titel}' hervat na {na}, tot {a.termijn:%d-%m-%Y}"

    return _activiteit_actie(ctx, activiteit_id, version, "termijn_hervat", doe)


def termijn_verlengen(
    ctx: ServiceContext, activiteit_id: uuid.UUID, *, version: int | None = None
) -> ActiviteitRow:
    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        nieuw = workflow_engine().termijn_verlengen(a)
        return f"Termijn van '{a.titel}' verlengd tot {nieuw:%d-%m-%Y}"

    return _activiteit_actie(ctx, activiteit_id, version, "termijn_verlengd", doe)


def termijn_wijzigen(
    ctx: ServiceContext, activiteit_id: uuid.UUID, nieuw: date, *, version: int | None = None
) -> ActiviteitRow:
    def doe(_s: Session, a: Activiteit, _d: Dossier) -> str:
        termijn = workflow_engine().termijn_wijzigen(a, nieuw)
        return f"Termijn van '{a.titel}' gewijzigd in {termijn:%d-%m-%Y}"

    return _activiteit_actie(ctx, activiteit_id, version, "termijn_gewijzigd", doe)


def link_document(
    ctx: ServiceContext, activiteit_id: uuid.UUID, document_id: uuid.UUID
) -> ActiviteitRow:
    """Record that an activiteit produced (or is about) a document of the same dossier."""
    with ctx.unit_of_work() as session:
        activiteit, dossier = _load_activiteit(session, ctx.actor, activiteit_id, None)
        document = session.get(Document, document_id)
        in_dossier = session.scalar(
            select(DocumentDossier.id).where(
                DocumentDossier.document_id == document_id, DocumentDossier.dossier_id == dossier.id
            )
        )
        if document is None or in_dossier is None:
            raise ValidationFailed("Dit document hoort niet bij het dossier van de activiteit.")
        al = session.scalar(
            select(ActiviteitDocument.id).where(
                ActiviteitDocument.activiteit_id == activiteit.id,
                ActiviteitDocument.document_id == document_id,
            )
        )
        if al is None:
            session.add(ActiviteitDocument(activiteit_id=activiteit.id, document_id=document_id))
            tekst = f"Document '{document.titel}' gekoppeld aan '{activiteit.titel}'"
            _audit(session, ctx.actor, "activiteit_document", tekst, activiteit)
        session.flush()
        gekoppeld = _gekoppeld(session, [activiteit.id])[activiteit.id]
        return _activiteit_row(activiteit, _namen(session, [activiteit]), gekoppeld)


def open_items(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[str]:
    """What is still open in a dossier (lopende workflows and open activiteiten), in Dutch."""
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        workflows = session.scalars(
            select(Workflow.titel).where(
                Workflow.dossier_id == dossier_id, Workflow.status == WorkflowStatus.LOPEND
            )
        ).all()
        activiteiten = session.execute(
            select(Activiteit.titel, Activiteit.termijn)
            .where(Activiteit.dossier_id == dossier_id, Activiteit.status.in_(engine.OPEN))
            .order_by(Activiteit.termijn)
        ).all()
    return [f"Workflow: {t}" for t in workflows] + [
        f"Activiteit: {t}" + (f" (termijn {d:%d-%m-%Y})" if d else "") for t, d in activiteiten
    ]
