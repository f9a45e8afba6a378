"""The workflow engine: runs catalog definitions as Workflow and Activiteit rows.

Works inside a session handed in by the service layer (which checks access, audits and
commits). The rules: an uitkomst starts its follow-up activiteiten and workflows; the
workflow completes when an ``afronden`` uitkomst is chosen or when no activiteit of it is
open anymore (every branch ended); alternative endings and cancelling need a reason;
statutory termijnen follow the Algemene termijnenwet. Every refusal is an ``EngineFout``
with a Dutch message, raised before anything changed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    Dossier,
    Groep,
    Medewerker,
    MedewerkerRol,
    Toegang,
    Workflow,
    WorkflowStatus,
)
from igj_desktop.tijd import AMSTERDAM

from .definitions import (
    ActiviteitDefinitie,
    Catalogus,
    StartWijze,
    Uitkomst,
    WachtOp,
    WorkflowDefinitie,
)
from .formulieren import Veld, VeldType, controleer_invoer
from .regels import RegelContext, controleer
from .termijnen import (
    Eenheid,
    atw_start,
    eindtijd,
    hervat,
    kale_einddatum,
    pas_atw_toe,
    verleng,
)

OPEN = (ActiviteitStatus.OPEN, ActiviteitStatus.OPGESCHORT)
REDEN_WORKFLOW_AFGEROND = "Workflow afgerond"


class EngineFout(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Klok:
    """Now (UTC-aware) and today in the Netherlands: termijnen are Dutch dates."""

    nu: datetime

    @property
    def vandaag(self) -> date:
        return self.nu.astimezone(AMSTERDAM).date()


def _eigenaar_voor_rol(
    session: Session, actor_id: uuid.UUID, dossier: Dossier, rol: str
) -> uuid.UUID:
    """The actor when they have the role, else a medewerker with it on the dossier, else any."""
    met_rol = select(MedewerkerRol.medewerker_id).where(MedewerkerRol.rol_code == rol)
    if session.scalar(met_rol.where(MedewerkerRol.medewerker_id == actor_id)):
        return actor_id
    kandidaat = session.scalar(
        select(Medewerker.id)
        .join(Toegang, Toegang.medewerker_id == Medewerker.id)
        .where(Toegang.dossier_id == dossier.id, Medewerker.id.in_(met_rol), Medewerker.actief)
        .order_by(Medewerker.naam)
    ) or session.scalar(
        select(Medewerker.id)
        .where(Medewerker.id.in_(met_rol), Medewerker.actief)
        .order_by(Medewerker.naam)
    )
    return kandidaat or actor_id


def _eigenaar(
    session: Session,
    actor_id: uuid.UUID,
    workflow: Workflow,
    dossier: Dossier,
    adef: ActiviteitDefinitie,
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """Default owner: a named groep, a rol, the aanvrager, else whoever acts now."""
    if adef.eigenaar_aanvrager and workflow.gestart_door_id is not None:
        return workflow.gestart_door_id, None
    if adef.eigenaar_groep:
        groep_id = session.scalar(select(Groep.id).where(Groep.naam == adef.eigenaar_groep))
        if groep_id:
            return None, groep_id
    if adef.eigenaar_rol:
        return _eigenaar_voor_rol(session, actor_id, dossier, adef.eigenaar_rol), None
    return actor_id, None


def start_activiteit(
    session: Session,
    actor_id: uuid.UUID,
    workflow: Workflow,
    dossier: Dossier,
    adef: ActiviteitDefinitie,
    klok: Klok,
    *,
    medewerker_id: uuid.UUID | None = None,
    groep_id: uuid.UUID | None = None,
) -> Activiteit:
    """Create the row of one activiteit with its owner, termijn and urgentie."""
    if medewerker_id is None and groep_id is None:
        medewerker_id, groep_id = _eigenaar(session, actor_id, workflow, dossier, adef)
    gegevens: dict[str, Any] = {"fase": adef.fase, "volgnummer": len(workflow.activiteiten)}
    termijn = None
    wettelijk = False
    if adef.termijn:
        afgerond = {a.code for a in workflow.activiteiten if a.status == ActiviteitStatus.AFGEROND}
        duur, vanaf = adef.termijn.voor_pad(dossier.sector, workflow.gegevens, afgerond)
        if duur.eenheid == Eenheid.UREN:
            moment = eindtijd(klok.nu, duur.aantal)
            gegevens["termijn_tijdstip"] = moment.isoformat()
            basis = moment.astimezone(AMSTERDAM).date()
        else:
            basis = kale_einddatum(_termijn_vanaf(workflow, vanaf, klok), duur)
        gegevens["termijn_basis"] = basis.isoformat()
        start = atw_start(_termijn_vanaf(workflow, vanaf, klok), duur)
        if start is not None:
            gegevens["termijn_start"] = start.isoformat()
        termijn = pas_atw_toe(basis, duur.wettelijk, start)
        wettelijk = duur.wettelijk
    activiteit = Activiteit(
        dossier_id=dossier.id,
        workflow=workflow,
        code=adef.code,
        titel=adef.titel,
        soort="workflow",
        eigenaar_medewerker_id=medewerker_id,
        eigenaar_groep_id=groep_id,
        termijn=termijn,
        termijn_oorspronkelijk=termijn,
        termijn_wettelijk=wettelijk,
        urgentie=adef.urgentie,
        status=ActiviteitStatus.OPEN,
        aangemaakt_door_id=actor_id,
        gegevens=gegevens,
    )
    session.add(activiteit)
    return activiteit


def _termijn_vanaf(workflow: Workflow, naam: str | None, klok: Klok) -> date:
    """The day a termijn counts from: a recorded date the catalog names (``vanaf``, e.g. the
    last inspection activity for the concept report), else today."""
    waarde = workflow.gegevens.get(naam) if naam else None
    try:
        return date.fromisoformat(str(waarde)) if waarde else klok.vandaag
    except ValueError:
        return klok.vandaag


def _eerdere_uitkomsten(workflow: Workflow, code: str) -> list[str]:
    return [
        a.uitkomst
        for a in workflow.activiteiten
        if a.code == code and a.status == ActiviteitStatus.AFGEROND and a.uitkomst
    ]


def _rol_fouten(
    workflow: Workflow, velden: tuple[Veld, ...], gegevens: dict[str, Any]
) -> list[str]:
    """A medewerker veld bound to a role (the MT'er who consents) names someone with it."""
    session = object_session(workflow)
    assert session is not None
    fouten = []
    for veld in velden:
        waarde = gegevens.get(veld.veld)
        if veld.type != VeldType.MEDEWERKER or not veld.rol or not waarde:
            continue
        try:
            medewerker_id = uuid.UUID(str(waarde))
        except ValueError:
            medewerker_id = None
        heeft = medewerker_id is not None and session.scalar(
            select(MedewerkerRol.id).where(
                MedewerkerRol.medewerker_id == medewerker_id, MedewerkerRol.rol_code == veld.rol
            )
        )
        if not heeft:
            fouten.append(f"'{veld.label}' moet een medewerker met de rol {veld.rol} zijn.")
    return fouten


def _gevolgde(workflow: Workflow, code: str) -> Workflow | None:
    """The latest workflow ``code`` in the same dossier (the one this step waits for)."""
    session = object_session(workflow)
    assert session is not None
    return session.scalars(
        select(Workflow)
        .where(Workflow.dossier_id == workflow.dossier_id, Workflow.definitie_code == code)
        .order_by(Workflow.gestart_op.desc(), Workflow.id)
        .limit(1)
    ).first()


def _besluiten(workflow: Workflow) -> list[str]:
    return [
        a.uitkomst
        for a in workflow.activiteiten
        if a.status == ActiviteitStatus.AFGEROND and a.uitkomst
    ]


def _sluit_open(workflow: Workflow, reden: str, actor_id: uuid.UUID, klok: Klok) -> None:
    for a in workflow.activiteiten:
        if a.status in OPEN:
            a.status = ActiviteitStatus.GEANNULEERD
            a.reden = reden
            a.afgerond_op = klok.nu
            a.afgerond_door_id = actor_id


def _rond_af_als_klaar(workflow: Workflow, klok: Klok) -> None:
    if workflow.status == WorkflowStatus.LOPEND and not any(
        a.status in OPEN for a in workflow.activiteiten
    ):
        workflow.status = WorkflowStatus.AFGEROND
        workflow.afgerond_op = klok.nu


@dataclass(frozen=True)
class Afronding:
    """What completing an activiteit caused."""

    gestart: tuple[Activiteit, ...]
    workflows: tuple[Workflow, ...]
    workflow_afgerond: bool
    gevolgd: tuple[Activiteit, ...] = ()  # waiting steps elsewhere that followed this decision


def _markeer_afgerond(
    activiteit: Activiteit,
    uitkomst: str,
    reden: str | None,
    gegevens: dict[str, Any],
    actor_id: uuid.UUID,
    klok: Klok,
) -> None:
    activiteit.status = ActiviteitStatus.AFGEROND
    activiteit.uitkomst = uitkomst
    activiteit.reden = (reden or "").strip() or None
    activiteit.afgerond_op = klok.nu
    activiteit.afgerond_door_id = actor_id
    if gegevens:
        activiteit.gegevens = {**activiteit.gegevens, **gegevens}


def _basis(activiteit: Activiteit) -> date | None:
    basis = activiteit.gegevens.get("termijn_basis")
    return date.fromisoformat(basis) if basis else activiteit.termijn


def termijn_opschorten(activiteit: Activiteit, klok: Klok) -> None:
    if activiteit.status != ActiviteitStatus.OPEN:
        raise EngineFout("Alleen een openstaande activiteit kan worden opgeschort.")
    if activiteit.termijn is None:
        raise EngineFout("Deze activiteit heeft geen termijn om op te schorten.")
    activiteit.status = ActiviteitStatus.OPGESCHORT
    activiteit.opgeschort_sinds = klok.vandaag


def termijn_hervatten(activiteit: Activiteit, klok: Klok) -> int:
    """Resume: the termijn moves by the days actually suspended. Returns those days."""
    if activiteit.status != ActiviteitStatus.OPGESCHORT or activiteit.opgeschort_sinds is None:
        raise EngineFout("Deze activiteit is niet opgeschort.")
    basis = _basis(activiteit)
    assert basis is not None
    start = _termijn_start(activiteit)
    uitkomst = hervat(
        basis, activiteit.opgeschort_sinds, klok.vandaag, activiteit.termijn_wettelijk, start
    )
    activiteit.gegevens = {
        **activiteit.gegevens,
        "termijn_basis": uitkomst.kale_einddatum.isoformat(),
    }
    if start is not None:
        verschoven = start + timedelta(days=uitkomst.opgeschorte_dagen)
        activiteit.gegevens = {**activiteit.gegevens, "termijn_start": verschoven.isoformat()}
    activiteit.termijn = uitkomst.einddatum
    activiteit.opgeschorte_dagen += uitkomst.opgeschorte_dagen
    activiteit.opgeschort_sinds = None
    activiteit.status = ActiviteitStatus.OPEN
    return uitkomst.opgeschorte_dagen


def _termijn_start(activiteit: Activiteit) -> date | None:
    """The day a calendar termijn started (Atw art. 2 counts from it); older rows lack it."""
    start = activiteit.gegevens.get("termijn_start")
    return date.fromisoformat(str(start)) if start else None


class Engine:
    """The rules above, applied with the catalog it is given (the app's, or a test's own)."""

    def __init__(self, catalogus: Catalogus) -> None:
        self.catalogus = catalogus

    def definitie_van(self, code: str) -> WorkflowDefinitie:
        definitie = self.catalogus.get(code)
        if definitie is None:
            raise EngineFout(f"Er is geen workflow '{code}' in de catalogus.")
        return definitie

    def definitie_voor(self, workflow: Workflow) -> WorkflowDefinitie:
        """The definition a running workflow follows.

        The row records the version it started with (``definitie_versie``); the catalog holds
        only the current version, so a workflow started under an older one continues on the
        current definition by activiteit code (a code that disappeared only loses its actions).
        """
        return self.definitie_van(workflow.definitie_code)

    def activiteit_definitie(self, activiteit: Activiteit) -> ActiviteitDefinitie | None:
        if activiteit.workflow is None:
            return None
        return self.definitie_voor(activiteit.workflow).activiteit(activiteit.code)

    def start_workflow(
        self,
        session: Session,
        actor_id: uuid.UUID,
        dossier: Dossier,
        code: str,
        klok: Klok,
        *,
        gegevens: dict[str, Any] | None = None,
        alleen_eerste: bool = False,
        medewerker_id: uuid.UUID | None = None,
        groep_id: uuid.UUID | None = None,
    ) -> Workflow:
        """Start a workflow (again, if it already runs: CMMN allows repetition).

        ``medewerker_id`` / ``groep_id`` own the first activiteiten instead of the default owner
        (a review request to a colleague or a groep)."""
        definitie = self.definitie_van(code)
        workflow = Workflow(
            dossier_id=dossier.id,
            definitie_code=definitie.code,
            definitie_versie=definitie.versie,
            titel=definitie.naam,
            status=WorkflowStatus.LOPEND,
            gestart_op=klok.nu,
            gestart_door_id=actor_id,
            gegevens=dict(gegevens or {}),
        )
        session.add(workflow)
        eersten = definitie.start_activiteiten
        if alleen_eerste:
            eerste = definitie.activiteit(definitie.eerste_activiteit or "") or eersten[0]
            eersten = (eerste,)
        for adef in eersten:
            start_activiteit(
                session,
                actor_id,
                workflow,
                dossier,
                adef,
                klok,
                medewerker_id=medewerker_id,
                groep_id=groep_id,
            )
        session.flush()
        return workflow

    def _controleer_wacht_op(
        self, workflow: Workflow, adef: ActiviteitDefinitie, uitkomst: Uitkomst, wacht: WachtOp
    ) -> None:
        """An uitkomst that follows another workflow's decision only matches that decision."""
        naam = self.definitie_van(wacht.workflow).naam
        gevolgd = _gevolgde(workflow, wacht.workflow)
        besluiten = set(_besluiten(gevolgd)) if gevolgd is not None else set()
        if besluiten & set(wacht.uitkomsten):
            return
        andere = {
            b for u in adef.uitkomsten if u.wacht_op and u.wacht_op.workflow == wacht.workflow
            for b in u.wacht_op.uitkomsten
        }  # fmt: skip
        if besluiten & andere:
            raise EngineFout(
                f"De workflow '{naam}' besliste anders; de uitkomst '{uitkomst.naam}' past daar "
                "niet bij."
            )
        raise EngineFout(
            f"De uitkomst '{uitkomst.naam}' volgt de beslissing in de workflow '{naam}'; die is "
            "nog niet vastgelegd."
        )

    def _controleer_uitkomst(
        self,
        activiteit: Activiteit,
        uitkomst: Uitkomst,
        adef: ActiviteitDefinitie,
        reden: str | None,
        gegevens: dict[str, Any],
        klok: Klok,
    ) -> None:
        workflow = activiteit.workflow
        assert workflow is not None
        if activiteit.status == ActiviteitStatus.OPGESCHORT:
            raise EngineFout("Deze activiteit is opgeschort; hervat haar eerst.")
        if activiteit.status not in OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        if uitkomst.reden_verplicht and not (reden or "").strip():
            raise EngineFout(f"Geef een reden bij de uitkomst '{uitkomst.naam}'.")
        if uitkomst.niet_voor_termijn and activiteit.termijn and klok.vandaag < activiteit.termijn:
            raise EngineFout(
                f"De uitkomst '{uitkomst.naam}' kan pas vanaf {activiteit.termijn:%d-%m-%Y}, "
                "als de termijn verstreken is."
            )
        eerder = _eerdere_uitkomsten(workflow, activiteit.code)
        if uitkomst.max is not None and eerder.count(uitkomst.code) >= uitkomst.max:
            raise EngineFout(
                f"De uitkomst '{uitkomst.naam}' kan hooguit {uitkomst.max} keer worden gekozen."
            )
        if uitkomst.pas_na and eerder.count(uitkomst.pas_na.uitkomst) < uitkomst.pas_na.aantal:
            andere = adef.uitkomst(uitkomst.pas_na.uitkomst)
            raise EngineFout(
                f"De uitkomst '{uitkomst.naam}' kan pas na {uitkomst.pas_na.aantal} keer "
                f"'{andere.naam if andere else uitkomst.pas_na.uitkomst}'."
            )
        if uitkomst.wacht_op:
            self._controleer_wacht_op(workflow, adef, uitkomst, uitkomst.wacht_op)
        alles = {**workflow.gegevens, **gegevens}
        velden = (*adef.formulier, *uitkomst.formulier)
        if fouten := controleer_invoer(velden, alles) + _rol_fouten(workflow, velden, alles):
            raise EngineFout(" ".join(fouten))
        context = RegelContext(uitkomst.code, alles, klok.vandaag)
        if fouten := controleer(adef.regels, context):
            raise EngineFout(" ".join(fouten))

    @cached_property
    def _gevolgde_workflows(self) -> frozenset[str]:
        """Codes of the workflows whose decision some catalog step waits for."""
        return frozenset(
            u.wacht_op.workflow
            for d in self.catalogus
            for a in d.activiteiten
            for u in a.uitkomsten
            if u.wacht_op
        )

    def _volg_beslissing(
        self,
        session: Session,
        actor_id: uuid.UUID,
        dossier: Dossier,
        beslist: Workflow,
        besluit: str,
        klok: Klok,
    ) -> tuple[Activiteit, ...]:
        """Steps in the dossier that wait for ``beslist`` follow its ``besluit`` at once; returns
        them (and whatever followed them in turn) so the caller can audit each."""
        if beslist.definitie_code not in self._gevolgde_workflows:
            return ()
        gevolgd: list[Activiteit] = []
        wachtend = session.scalars(
            select(Activiteit)
            .join(Workflow, Activiteit.workflow_id == Workflow.id)
            .where(
                Workflow.dossier_id == dossier.id,
                Workflow.id != beslist.id,
                Activiteit.status == ActiviteitStatus.OPEN,
            )
        ).all()
        for activiteit in wachtend:
            adef = self.activiteit_definitie(activiteit)
            volgt = next(
                (
                    u
                    for u in (adef.uitkomsten if adef else ())
                    if u.wacht_op
                    and u.wacht_op.workflow == beslist.definitie_code
                    and besluit in u.wacht_op.uitkomsten
                    and activiteit.workflow is not None
                    and _gevolgde(activiteit.workflow, beslist.definitie_code) is beslist
                ),
                None,
            )
            if volgt is not None:
                verder = self.rond_activiteit_af(
                    session,
                    actor_id,
                    activiteit,
                    dossier,
                    volgt.code,
                    klok,
                    reden=f"Volgt de beslissing in '{beslist.titel}'.",
                )
                gevolgd += [activiteit, *verder.gevolgd]
        return tuple(gevolgd)

    def rond_activiteit_af(
        self,
        session: Session,
        actor_id: uuid.UUID,
        activiteit: Activiteit,
        dossier: Dossier,
        uitkomst_code: str | None,
        klok: Klok,
        *,
        reden: str | None = None,
        gegevens: dict[str, Any] | None = None,
    ) -> Afronding:
        """Complete with an uitkomst; start what it starts; complete the workflow by its
        criterion."""
        gegevens = dict(gegevens or {})
        workflow = activiteit.workflow
        if workflow is None:  # a loose activiteit (telefoonnotitie, review …): just done
            if activiteit.status not in OPEN:
                raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
            _markeer_afgerond(
                activiteit, uitkomst_code or "gereed", reden, gegevens, actor_id, klok
            )
            return Afronding((), (), False)
        definitie = self.definitie_voor(workflow)
        adef = definitie.activiteit(activiteit.code)
        if adef is None:
            raise EngineFout(f"Activiteit '{activiteit.code}' staat niet in de definitie.")
        uitkomst = adef.uitkomst(uitkomst_code or adef.uitkomsten[0].code)
        if uitkomst is None:
            namen = ", ".join(u.naam for u in adef.uitkomsten)
            raise EngineFout(f"Onbekende uitkomst '{uitkomst_code}'; kies uit: {namen}.")
        self._controleer_uitkomst(activiteit, uitkomst, adef, reden, gegevens, klok)
        _markeer_afgerond(activiteit, uitkomst.code, reden, gegevens, actor_id, klok)
        workflow.gegevens = {**workflow.gegevens, **gegevens}
        gestart = tuple(
            start_activiteit(session, actor_id, workflow, dossier, volgende, klok)
            for c in uitkomst.start
            if (volgende := definitie.activiteit(c)) is not None  # the validator checked each
        )
        andere = tuple(
            self.start_workflow(
                session, actor_id, dossier, code, klok, gegevens=dict(workflow.gegevens)
            )
            for code in uitkomst.workflows
        )
        if uitkomst.afronden:
            _sluit_open(workflow, REDEN_WORKFLOW_AFGEROND, actor_id, klok)
        _rond_af_als_klaar(workflow, klok)
        session.flush()
        gevolgd = self._volg_beslissing(session, actor_id, dossier, workflow, uitkomst.code, klok)
        return Afronding(gestart, andere, workflow.status == WorkflowStatus.AFGEROND, gevolgd)

    def start_handmatig(
        self,
        session: Session,
        actor_id: uuid.UUID,
        workflow: Workflow,
        dossier: Dossier,
        code: str,
        klok: Klok,
    ) -> Activiteit:
        """Start an activiteit the user may start at any time (rappel, extra afspraak, …)."""
        if workflow.status != WorkflowStatus.LOPEND:
            raise EngineFout("Deze workflow loopt niet meer.")
        adef = self.definitie_voor(workflow).activiteit(code)
        if adef is None:
            raise EngineFout(f"Activiteit '{code}' hoort niet bij deze workflow.")
        al_open = any(a.code == code and a.status in OPEN for a in workflow.activiteiten)
        if not adef.herhaalbaar and (al_open or adef.start == StartWijze.UITKOMST):
            raise EngineFout(f"'{adef.titel}' kan nu niet (nog een keer) worden gestart.")
        activiteit = start_activiteit(session, actor_id, workflow, dossier, adef, klok)
        session.flush()
        return activiteit

    def beeindig_workflow(
        self, workflow: Workflow, einde_code: str, reden: str, actor_id: uuid.UUID, klok: Klok
    ) -> None:
        """Alternative ending (stopzetten / annuleren / intrekken); always with a reason."""
        einde = self.definitie_voor(workflow).einde(einde_code)
        if einde is None:
            raise EngineFout(f"Deze workflow kent geen einde '{einde_code}'.")
        if not reden.strip():
            raise EngineFout(f"Geef een reden om de workflow te {einde.naam.lower()}.")
        if workflow.status != WorkflowStatus.LOPEND:
            raise EngineFout("Deze workflow loopt niet meer.")
        workflow.status = WorkflowStatus.BEEINDIGD
        workflow.einde = einde.code
        workflow.reden = reden.strip()
        workflow.afgerond_op = klok.nu
        _sluit_open(workflow, f"{einde.naam}: {reden.strip()}", actor_id, klok)

    def annuleer_activiteit(
        self, activiteit: Activiteit, reden: str, actor_id: uuid.UUID, klok: Klok
    ) -> None:
        """Cancel one optional activiteit with a reason; a verplichte one ends with its workflow."""
        if not reden.strip():
            raise EngineFout("Geef een reden om de activiteit te annuleren.")
        if activiteit.status not in OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        adef = self.activiteit_definitie(activiteit)
        if adef is not None and adef.verplicht:
            raise EngineFout(
                f"'{activiteit.titel}' is verplicht in deze workflow; beëindig de workflow met een "
                "reden of rond de activiteit af."
            )
        activiteit.status = ActiviteitStatus.GEANNULEERD
        activiteit.reden = reden.strip()
        activiteit.afgerond_op = klok.nu
        activiteit.afgerond_door_id = actor_id
        if activiteit.workflow is not None:
            _rond_af_als_klaar(activiteit.workflow, klok)

    def termijn_verlengen(self, activiteit: Activiteit) -> date:
        """Extend by the definition's verlenging (e.g. a bevel by the minister: seven days)."""
        adef = self.activiteit_definitie(activiteit)
        if activiteit.status not in OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        if (
            adef is None
            or adef.termijn is None
            or not adef.termijn.verlengbaar
            or not adef.termijn.verlenging
        ):
            raise EngineFout("De termijn van deze activiteit kan niet worden verlengd.")
        basis = _basis(activiteit)
        assert basis is not None
        nieuw_kaal = kale_einddatum(basis, adef.termijn.verlenging)
        activiteit.termijn = verleng(basis, adef.termijn.verlenging)
        activiteit.gegevens = {
            **activiteit.gegevens,
            "termijn_basis": nieuw_kaal.isoformat(),
            "verlengingen": int(activiteit.gegevens.get("verlengingen", 0)) + 1,
        }
        return activiteit.termijn

    def termijn_wijzigen(self, activiteit: Activiteit, nieuw: date) -> date:
        """Override the default termijn where the definition allows it (Atw still applies)."""
        adef = self.activiteit_definitie(activiteit)
        if activiteit.status not in OPEN:
            raise EngineFout("Deze activiteit is al afgerond of geannuleerd.")
        if adef is not None and adef.termijn is not None and not adef.termijn.aanpasbaar:
            raise EngineFout(
                f"De termijn van '{activiteit.titel}' ligt vast en kan niet worden aangepast."
            )
        activiteit.gegevens = {**activiteit.gegevens, "termijn_basis": nieuw.isoformat()}
        activiteit.termijn = pas_atw_toe(
            nieuw, activiteit.termijn_wettelijk, _termijn_start(activiteit)
        )
        return activiteit.termijn
