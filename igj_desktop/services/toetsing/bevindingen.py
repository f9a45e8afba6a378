"""Toetsing (the bevindingenregistratie of the seeds): per norm of the dossier's instrument
(``toetsing.instrumenten``) the dossier collects waarnemingen (append-only, from several
visits), one bevinding with an oordeel, and bewijs (documents, photos); bevindingen are
reviewed and geaccordeerd, and the dossier gets an overall oordeel.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Bevinding,
    BevindingStatus,
    Bewijs,
    Document,
    DocumentDossier,
    Medewerker,
    Norm,
    Oordeel,
    OordeelWaarde,
    Waarneming,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext, check_version
from igj_desktop.services.documenten.review import Reviewverzoek, maak_reviewactiviteit
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier
from igj_desktop.services.toetsing.instrumenten import (
    InstrumentInfo,
    NormInfo,
    dossier_instrument,
    instrument_info,
    norm_info,
)
from igj_desktop.tijd import datum_voluit

OORDEEL_LABELS: dict[str, str] = {
    OordeelWaarde.VOLDOET: "voldoet",
    OordeelWaarde.VOLDOET_GEDEELTELIJK: "voldoet gedeeltelijk",
    OordeelWaarde.VOLDOET_NIET: "voldoet niet",
    OordeelWaarde.NIET_GETOETST: "niet getoetst",
}
BEVINDING_STATUS_LABELS = {
    BevindingStatus.CONCEPT: "concept",
    BevindingStatus.TER_REVIEW: "ter review",
    BevindingStatus.GEACCORDEERD: "geaccordeerd",
}


# --- read models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WaarnemingInfo:
    id: uuid.UUID
    tekst: str
    waargenomen_op: datetime
    medewerker: str
    afspraak_id: uuid.UUID | None


@dataclass(frozen=True)
class BewijsInfo:
    id: uuid.UUID
    document_id: uuid.UUID
    titel: str


@dataclass(frozen=True)
class NormResultaat:
    norm: NormInfo
    waarnemingen: tuple[WaarnemingInfo, ...]
    bevinding_id: uuid.UUID | None
    bevinding_version: int | None
    bevinding: str
    oordeel: str
    status: str
    geaccordeerd_door: str | None
    bewijs: tuple[BewijsInfo, ...]
    mag_accorderen: bool  # ter review: the reviewer may accord it
    mag_ter_review: bool  # a concept bevinding that can be offered for review

    @property
    def oordeel_label(self) -> str:
        return OORDEEL_LABELS.get(self.oordeel, self.oordeel)


@dataclass(frozen=True)
class ToetsingOverzicht:
    dossier_id: uuid.UUID
    instrument: InstrumentInfo | None
    resultaten: tuple[NormResultaat, ...]
    oordeel: str
    oordeel_toelichting: str
    oordeel_version: int | None

    @property
    def oordeel_label(self) -> str:
        return OORDEEL_LABELS.get(self.oordeel, self.oordeel)


def _norm_in_dossier(s: Session, dossier_id: uuid.UUID, norm_id: uuid.UUID) -> Norm:
    norm = s.get(Norm, norm_id)
    if norm is None or norm.instrument.dossier_id != dossier_id:
        raise NotFound("Deze norm hoort niet bij het toetsingsinstrument van dit dossier.")
    return norm


# --- waarnemingen, bevindingen, oordelen -----------------------------------------------------


def voeg_waarneming_toe(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    norm_id: uuid.UUID,
    tekst: str,
    *,
    afspraak_id: uuid.UUID | None = None,
    waargenomen_op: datetime | None = None,
) -> uuid.UUID:
    if not tekst.strip():
        raise ValidationFailed("Een lege waarneming is niet opgeslagen; beschrijf wat u zag.")
    with ctx.unit_of_work() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        norm = _norm_in_dossier(s, dossier_id, norm_id)
        waarneming = Waarneming(
            norm_id=norm.id,
            dossier_id=dossier_id,
            afspraak_id=afspraak_id,
            medewerker_id=ctx.actor.medewerker_id,
            waargenomen_op=waargenomen_op or ctx.now(),
            tekst=tekst.strip(),
        )
        s.add(waarneming)
        s.flush()
        record_audit(
            s,
            ctx.actor,
            "waarneming_vastgelegd",
            f"Waarneming bij norm '{norm.titel}'",
            entiteit="waarneming",
            entiteit_id=waarneming.id,
            dossier_id=dossier_id,
        )
        return waarneming.id


def leg_bevinding_vast(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    norm_id: uuid.UUID,
    tekst: str,
    oordeel: str,
    *,
    expected_version: int | None = None,
) -> uuid.UUID:
    """Record (or change) the bevinding and oordeel for a norm; back to concept if accorded."""
    if oordeel not in set(OordeelWaarde):
        raise ValidationFailed(
            f"Onbekend oordeel '{oordeel}'; kies uit {', '.join(OORDEEL_LABELS.values())}."
        )
    with ctx.unit_of_work() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        norm = _norm_in_dossier(s, dossier_id, norm_id)
        bevinding = s.scalar(
            select(Bevinding).where(
                Bevinding.norm_id == norm.id, Bevinding.dossier_id == dossier_id
            )
        )
        if bevinding is None:
            if expected_version is not None:
                check_version(0, expected_version)
            bevinding = Bevinding(norm_id=norm.id, dossier_id=dossier_id)
            s.add(bevinding)
        else:
            check_version(bevinding.version, expected_version)
        bevinding.tekst = tekst.strip()
        bevinding.oordeel = oordeel
        bevinding.status = BevindingStatus.CONCEPT
        bevinding.geaccordeerd_door_id = None
        bevinding.geaccordeerd_op = None
        s.flush()
        record_audit(
            s,
            ctx.actor,
            "bevinding_vastgelegd",
            f"Bevinding bij norm '{norm.titel}': {OORDEEL_LABELS[OordeelWaarde(oordeel)]}",
            entiteit="bevinding",
            entiteit_id=bevinding.id,
            dossier_id=dossier_id,
        )
        return bevinding.id


def voeg_bewijs_toe(
    ctx: ServiceContext,
    bevinding_id: uuid.UUID,
    document_id: uuid.UUID,
) -> uuid.UUID:
    """Attach a document or photo of the same dossier as bewijs to a bevinding."""
    with ctx.unit_of_work() as s:
        bevinding = s.get(Bevinding, bevinding_id)
        if bevinding is None:
            raise NotFound("Bevinding niet gevonden.")
        get_dossier(s, ctx.actor, bevinding.dossier_id, write=True)
        in_dossier = s.scalar(
            select(func.count())
            .select_from(DocumentDossier)
            .where(
                DocumentDossier.document_id == document_id,
                DocumentDossier.dossier_id == bevinding.dossier_id,
            )
        )
        if not in_dossier:
            raise ValidationFailed("Bewijs moet een document of foto uit hetzelfde dossier zijn.")
        bewijs = Bewijs(document_id=document_id, bevinding_id=bevinding.id)
        s.add(bewijs)
        s.flush()
        record_audit(
            s,
            ctx.actor,
            "bewijs_toegevoegd",
            "Bewijs toegevoegd aan bevinding",
            entiteit="bevinding",
            entiteit_id=bevinding.id,
            dossier_id=bevinding.dossier_id,
            gegevens={"document_id": str(document_id)},
        )
        return bewijs.id


def _bevindingen(s: Session, dossier_id: uuid.UUID, status: str) -> list[Bevinding]:
    return list(
        s.scalars(
            select(Bevinding).where(Bevinding.dossier_id == dossier_id, Bevinding.status == status)
        )
    )


def bevindingen_ter_review(
    ctx: ServiceContext, dossier_id: uuid.UUID, verzoek: Reviewverzoek
) -> int:
    """Offer all concept bevindingen of the dossier for review; returns how many."""
    with ctx.unit_of_work() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        bevindingen = _bevindingen(s, dossier_id, BevindingStatus.CONCEPT)
        if not bevindingen:
            raise ValidationFailed("Er zijn geen bevindingen in concept om te laten reviewen.")
        for b in bevindingen:
            b.status = BevindingStatus.TER_REVIEW
        maak_reviewactiviteit(s, ctx, dossier, "waarnemingen en bevindingen", verzoek)
        record_audit(
            s,
            ctx.actor,
            "bevindingen_ter_review",
            f"{len(bevindingen)} bevindingen ter review aangeboden",
            entiteit="dossier",
            entiteit_id=dossier_id,
            dossier_id=dossier_id,
        )
        return len(bevindingen)


def accordeer_bevinding(
    ctx: ServiceContext, bevinding_id: uuid.UUID, expected_version: int | None = None
) -> None:
    with ctx.unit_of_work() as s:
        bevinding = s.get(Bevinding, bevinding_id)
        if bevinding is None:
            raise NotFound("Bevinding niet gevonden.")
        get_dossier(s, ctx.actor, bevinding.dossier_id, write=True)
        check_version(bevinding.version, expected_version)
        if bevinding.status != BevindingStatus.TER_REVIEW:
            raise ValidationFailed(
                "Alleen een bevinding die ter review ligt kan worden geaccordeerd."
            )
        bevinding.status = BevindingStatus.GEACCORDEERD
        bevinding.geaccordeerd_door_id = ctx.actor.medewerker_id
        bevinding.geaccordeerd_op = ctx.now()
        s.flush()
        record_audit(
            s,
            ctx.actor,
            "bevinding_geaccordeerd",
            "Bevinding geaccordeerd",
            entiteit="bevinding",
            entiteit_id=bevinding.id,
            dossier_id=bevinding.dossier_id,
        )


def leg_oordeel_vast(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    waarde: str,
    toelichting: str = "",
    *,
    expected_version: int | None = None,
) -> None:
    """The overall oordeel (seed: 'Overall oordeel wordt bij de zaak vastgelegd')."""
    if waarde not in set(OordeelWaarde):
        raise ValidationFailed(f"Onbekend oordeel '{waarde}'.")
    with ctx.unit_of_work() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        instrument = dossier_instrument(s, dossier_id)
        if instrument is None:
            raise ValidationFailed("Kies eerst een toetsingsinstrument voor dit dossier.")
        oordeel = s.scalar(
            select(Oordeel).where(
                Oordeel.dossier_id == dossier_id, Oordeel.instrument_id == instrument.id
            )
        )
        if oordeel is None:
            oordeel = Oordeel(dossier_id=dossier_id, instrument_id=instrument.id)
            s.add(oordeel)
        else:
            check_version(oordeel.version, expected_version)
        oordeel.waarde = waarde
        oordeel.toelichting = toelichting.strip()
        s.flush()
        record_audit(
            s,
            ctx.actor,
            "oordeel_vastgelegd",
            f"Overall oordeel: {OORDEEL_LABELS[OordeelWaarde(waarde)]}",
            entiteit="oordeel",
            entiteit_id=oordeel.id,
            dossier_id=dossier_id,
        )


def _overzicht(s: Session, dossier_id: uuid.UUID) -> ToetsingOverzicht:
    instrument = dossier_instrument(s, dossier_id)
    if instrument is None:
        return ToetsingOverzicht(dossier_id, None, (), OordeelWaarde.NIET_GETOETST, "", None)
    norm_ids = [n.id for n in instrument.normen]
    rijen = s.scalars(
        select(Waarneming)
        .where(Waarneming.dossier_id == dossier_id, Waarneming.norm_id.in_(norm_ids))
        .order_by(Waarneming.waargenomen_op)
    ).all()
    bevindingen = {
        b.norm_id: b for b in s.scalars(select(Bevinding).where(Bevinding.dossier_id == dossier_id))
    }
    mensen = {w.medewerker_id for w in rijen} | {
        b.geaccordeerd_door_id for b in bevindingen.values()
    }
    namen = {
        i: naam
        for i, naam in s.execute(
            select(Medewerker.id, Medewerker.naam).where(Medewerker.id.in_(mensen - {None}))
        )
    }
    waarnemingen: dict[uuid.UUID, list[WaarnemingInfo]] = {i: [] for i in norm_ids}
    for w in rijen:
        waarnemingen[w.norm_id].append(
            WaarnemingInfo(
                w.id, w.tekst, w.waargenomen_op, namen.get(w.medewerker_id, ""), w.afspraak_id
            )
        )
    bewijs: dict[uuid.UUID, list[BewijsInfo]] = {}
    if bevindingen:
        for b, titel in s.execute(
            select(Bewijs, Document.titel)
            .join(Document, Document.id == Bewijs.document_id)
            .where(Bewijs.bevinding_id.in_([b.id for b in bevindingen.values()]))
        ):
            bewijs.setdefault(b.bevinding_id, []).append(BewijsInfo(b.id, b.document_id, titel))
    resultaten = []
    for norm in instrument.normen:
        b = bevindingen.get(norm.id)
        resultaten.append(
            NormResultaat(
                norm=norm_info(norm),
                waarnemingen=tuple(waarnemingen[norm.id]),
                bevinding_id=b.id if b else None,
                bevinding_version=b.version if b else None,
                bevinding=b.tekst if b else "",
                oordeel=b.oordeel if b else OordeelWaarde.NIET_GETOETST,
                status=b.status if b else BevindingStatus.CONCEPT,
                geaccordeerd_door=namen.get(b.geaccordeerd_door_id) if b else None,
                bewijs=tuple(bewijs.get(b.id, ())) if b else (),
                mag_accorderen=b is not None and b.status == BevindingStatus.TER_REVIEW,
                mag_ter_review=b is not None and b.status == BevindingStatus.CONCEPT,
            )
        )
    oordeel = s.scalar(
        select(Oordeel).where(
            Oordeel.dossier_id == dossier_id, Oordeel.instrument_id == instrument.id
        )
    )
    return ToetsingOverzicht(
        dossier_id,
        instrument_info(instrument),
        tuple(resultaten),
        oordeel.waarde if oordeel else OordeelWaarde.NIET_GETOETST,
        oordeel.toelichting if oordeel else "",
        oordeel.version if oordeel else None,
    )


def toetsing_van_dossier(ctx: ServiceContext, dossier_id: uuid.UUID) -> ToetsingOverzicht:
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id)
        return _overzicht(s, dossier_id)


def resultaat_voor_sjabloon(s: Session, dossier_id: uuid.UUID) -> dict:
    """The ``toetsing`` section of the sjabloon context (caller has checked access)."""
    overzicht = _overzicht(s, dossier_id)
    normen = [
        {
            "code": r.norm.code,
            "titel": r.norm.titel,
            "wet": r.norm.wet,
            "wetsartikel": r.norm.wetsartikel,
            "veldnorm": r.norm.veldnorm,
            "toelichting": r.norm.toelichting,
            "bevinding": r.bevinding,
            "oordeel": r.oordeel_label,
            "oordeel_code": str(r.oordeel),
            "waarnemingen": [
                {"datum": datum_voluit(w.waargenomen_op), "tekst": w.tekst} for w in r.waarnemingen
            ],
        }
        for r in overzicht.resultaten
    ]
    return {
        "instrument": overzicht.instrument.naam
        if overzicht.instrument
        else "[geen toetsingsinstrument]",
        "oordeel": overzicht.oordeel_label,
        "oordeel_toelichting": overzicht.oordeel_toelichting,
        "aantal_normen": str(len(normen)),
        "normen": normen,
        "tekortkomingen": [
            n
            for n in normen
            if n["oordeel_code"] in (OordeelWaarde.VOLDOET_NIET, OordeelWaarde.VOLDOET_GEDEELTELIJK)
        ],
    }
