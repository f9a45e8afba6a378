"""Toetsing (the bevindingenregistratie of the seeds).

Toetsingsinstrumenten are kept in a library (``dossier_id`` empty). A dossier gets its own
copy, which the behandelaars adjust, have reviewed and vaststellen; every vaststelling keeps
a snapshot of the normen (``InstrumentVersie``), and bijstellen reopens the instrument for a
next vaststelling. Per norm the dossier collects waarnemingen (append-only, from several
visits), one bevinding with an oordeel, and bewijs (documents, photos); bevindingen are
reviewed and geaccordeerd, and the dossier gets an overall oordeel.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Bevinding,
    BevindingStatus,
    Bewijs,
    Document,
    DocumentDossier,
    InstrumentStatus,
    InstrumentVersie,
    Medewerker,
    Norm,
    Oordeel,
    OordeelWaarde,
    RolCode,
    Toetsingsinstrument,
    Waarneming,
    utcnow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext, check_version
from igj_desktop.services.documenten.document import Reviewverzoek, maak_reviewactiviteit
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier
from igj_desktop.tijd import datum_voluit

OORDEEL_LABELS = {
    OordeelWaarde.VOLDOET: "voldoet",
    OordeelWaarde.VOLDOET_GEDEELTELIJK: "voldoet gedeeltelijk",
    OordeelWaarde.VOLDOET_NIET: "voldoet niet",
    OordeelWaarde.NIET_GETOETST: "niet getoetst",
}
INSTRUMENT_STATUS_LABELS = {
    InstrumentStatus.CONCEPT: "concept",
    InstrumentStatus.TER_REVIEW: "ter review",
    InstrumentStatus.VASTGESTELD: "vastgesteld",
}
BEVINDING_STATUS_LABELS = {
    BevindingStatus.CONCEPT: "concept",
    BevindingStatus.TER_REVIEW: "ter review",
    BevindingStatus.GEACCORDEERD: "geaccordeerd",
}


@dataclass(frozen=True)
class NormInvoer:
    titel: str
    code: str = ""
    wet: str = ""
    wetsartikel: str = ""
    veldnorm: str = ""
    toelichting: str = ""


WKKGZ_3 = (
    "De zorgaanbieder organiseert de zorgverlening op zodanige wijze, bedient zich zowel "
    "kwalitatief als kwantitatief zodanig van personele en materiële middelen en, voor zover "
    "nodig, bouwkundige voorzieningen en, indien hij een instelling is, draagt tevens zorg voor "
    "een zodanige toedeling van verantwoordelijkheden, bevoegdheden alsmede afstemmings- en "
    "verantwoordingsplichten, dat een en ander redelijkerwijs moet leiden tot het verlenen van "
    "goede zorg."
)
KNMG = "Handreiking Verantwoordelijkheidsverdeling bij samenwerking in de zorg (KNMG, 2022)"

#: The library the seeds give examples of (seed 004: Wkkgz artikel 3, toetsingskader
#: zorgnetwerken rond thuiswonende cliënten, based on veldnormen such as the KNMG handreiking).
VOORBEELD_INSTRUMENTEN: dict[str, tuple[str, list[NormInvoer]]] = {
    "Wkkgz – goede zorg (artikel 3)": (
        "Algemene toetsing van de organisatie van goede zorg door een zorgaanbieder.",
        [
            NormInvoer("Organisatie van goede zorg", "1.1", "Wkkgz", "artikel 3", "", WKKGZ_3),
            NormInvoer(
                "Voldoende en deskundig personeel",
                "1.2",
                "Wkkgz",
                "artikel 3",
                "Kwaliteitskader van de sector",
                "Personele middelen zijn kwalitatief en kwantitatief toereikend.",
            ),
            NormInvoer(
                "Systematische bewaking van de kwaliteit",
                "1.3",
                "Wkkgz",
                "artikel 7",
                "",
                "De zorgaanbieder bewaakt, beheerst en verbetert systematisch de kwaliteit van "
                "de zorg.",
            ),
            NormInvoer(
                "Melden van calamiteiten",
                "1.4",
                "Wkkgz",
                "artikel 11",
                "",
                "Calamiteiten worden onverwijld bij de inspectie gemeld.",
            ),
        ],
    ),
    "Toetsingskader zorgnetwerken rond thuiswonende cliënten": (
        "Toezicht op zorgnetwerken (seed 004): samenwerking en afstemming rond de cliënt.",
        [
            NormInvoer(
                "Afstemming en verantwoordelijkheden in het netwerk",
                "ZN1",
                "Wkkgz",
                "artikel 3",
                KNMG,
                "Zorgaanbieders hebben afspraken over de toedeling van verantwoordelijkheden, "
                "bevoegdheden en afstemmingsplichten rond de cliënt.",
            ),
            NormInvoer(
                "Regievoering / centrale zorgverlener",
                "ZN2",
                "Wkkgz",
                "artikel 3",
                KNMG,
                "Voor elke cliënt is duidelijk wie de regie heeft en wie aanspreekpunt is.",
            ),
            NormInvoer(
                "Overdracht en informatie-uitwisseling",
                "ZN3",
                "Wkkgz",
                "artikel 3",
                "Landelijke Eerstelijns Samenwerkings Afspraken (LESA)",
                "Relevante informatie wordt tijdig en volledig overgedragen tussen zorgverleners.",
            ),
            NormInvoer(
                "Regionale afspraken gemaakt en ingevoerd",
                "ZN4",
                "Wkkgz",
                "artikel 3",
                "Regionale uitwerking van richtlijnen en handreikingen",
                "De regio heeft afspraken gemaakt en ingevoerd; de inspectie kijkt of dat is "
                "gebeurd.",
            ),
        ],
    ),
}


# --- read models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NormInfo:
    id: uuid.UUID
    version: int
    volgorde: int
    code: str
    titel: str
    wet: str
    wetsartikel: str
    veldnorm: str
    toelichting: str


@dataclass(frozen=True)
class InstrumentInfo:
    id: uuid.UUID
    version: int
    naam: str
    omschrijving: str
    dossier_id: uuid.UUID | None
    bron_id: uuid.UUID | None
    status: str
    vastgestelde_versie: int
    vastgesteld_op: datetime | None
    normen: tuple[NormInfo, ...]
    vastgesteld: bool  # its normen are fixed: only "bijstellen" opens it again

    @property
    def status_label(self) -> str:
        return INSTRUMENT_STATUS_LABELS.get(self.status, self.status)  # type: ignore[call-overload]


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
        return OORDEEL_LABELS.get(self.oordeel, self.oordeel)  # type: ignore[call-overload]


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
        return OORDEEL_LABELS.get(self.oordeel, self.oordeel)  # type: ignore[call-overload]


def _norm_info(n: Norm) -> NormInfo:
    return NormInfo(
        n.id,
        n.version,
        n.volgorde,
        n.code,
        n.titel,
        n.wet,
        n.wetsartikel,
        n.veldnorm,
        n.toelichting,
    )


def _instrument_info(i: Toetsingsinstrument) -> InstrumentInfo:
    return InstrumentInfo(
        id=i.id,
        version=i.version,
        naam=i.naam,
        omschrijving=i.omschrijving,
        dossier_id=i.dossier_id,
        bron_id=i.bron_id,
        status=i.status,
        vastgestelde_versie=i.vastgestelde_versie,
        vastgesteld_op=i.vastgesteld_op,
        normen=tuple(_norm_info(n) for n in i.normen),
        vastgesteld=i.status == InstrumentStatus.VASTGESTELD,
    )


# --- helpers ---------------------------------------------------------------------------------


def _check_norm(invoer: NormInvoer) -> None:
    if not invoer.titel.strip():
        raise ValidationFailed("Elke norm heeft een titel nodig.")
    if len(invoer.titel) > 500 or len(invoer.code) > 40:
        raise ValidationFailed("De titel (500) of code (40 tekens) van een norm is te lang.")


def _load_instrument(
    s: Session, ctx: ServiceContext, instrument_id: uuid.UUID, *, write: bool
) -> Toetsingsinstrument:
    instrument = s.get(Toetsingsinstrument, instrument_id)
    if instrument is None:
        raise NotFound("Toetsingsinstrument niet gevonden.")
    if instrument.dossier_id is not None:
        get_dossier(s, ctx.actor, instrument.dossier_id, write=write)
    elif write and not ctx.actor.heeft_rol(RolCode.BEHEERDER, RolCode.INSPECTEUR):
        raise AccessDenied(
            "Alleen inspecteurs en beheerders mogen de bibliotheek met toetsingsinstrumenten "
            "wijzigen."
        )
    return instrument


def _editable(instrument: Toetsingsinstrument) -> None:
    if instrument.status == InstrumentStatus.VASTGESTELD:
        raise ValidationFailed(
            f"'{instrument.naam}' is vastgesteld (versie {instrument.vastgestelde_versie}). "
            "Kies 'Bijstellen' om de normen te wijzigen; de vastgestelde versie blijft bewaard."
        )


def _audit(
    s: Session, ctx: ServiceContext, actie: str, tekst: str, instrument: Toetsingsinstrument
) -> None:
    record_audit(
        s,
        ctx.actor,
        actie,
        tekst,
        entiteit="toetsingsinstrument",
        entiteit_id=instrument.id,
        dossier_id=instrument.dossier_id,
    )


def _dossier_instrument(s: Session, dossier_id: uuid.UUID) -> Toetsingsinstrument | None:
    return s.scalars(
        select(Toetsingsinstrument)
        .where(Toetsingsinstrument.dossier_id == dossier_id)
        .order_by(Toetsingsinstrument.aangemaakt_op)
    ).first()


def _norm_in_dossier(s: Session, dossier_id: uuid.UUID, norm_id: uuid.UUID) -> Norm:
    norm = s.get(Norm, norm_id)
    if norm is None or norm.instrument.dossier_id != dossier_id:
        raise NotFound("Deze norm hoort niet bij het toetsingsinstrument van dit dossier.")
    return norm


# --- the library and the instrument of a dossier ---------------------------------------------


def zorg_voor_bibliotheek(ctx: ServiceContext) -> list[InstrumentInfo]:
    """Put the example instruments in the library once; return the library."""
    with ctx.unit_of_work() as s:
        bestaand = set(
            s.scalars(
                select(Toetsingsinstrument.naam).where(Toetsingsinstrument.dossier_id.is_(None))
            )
        )
        for naam, (omschrijving, normen) in VOORBEELD_INSTRUMENTEN.items():
            if naam in bestaand:
                continue
            instrument = _nieuw_instrument(naam, omschrijving, normen, None)
            instrument.status = InstrumentStatus.VASTGESTELD
            s.add(instrument)
            s.flush()
            _snapshot(s, ctx, instrument)
            _audit(s, ctx, "instrument_aangemaakt", f"Bibliotheek: '{naam}'", instrument)
    return bibliotheek(ctx)


def bibliotheek(ctx: ServiceContext) -> list[InstrumentInfo]:
    with ctx.read() as s:
        return [
            _instrument_info(i)
            for i in s.scalars(
                select(Toetsingsinstrument)
                .where(Toetsingsinstrument.dossier_id.is_(None))
                .order_by(Toetsingsinstrument.naam)
            )
        ]


def _nieuw_instrument(
    naam: str, omschrijving: str, normen: Sequence[NormInvoer], dossier_id: uuid.UUID | None
) -> Toetsingsinstrument:
    if not naam.strip() or len(naam) > 300:
        raise ValidationFailed("Geef het toetsingsinstrument een naam van hoogstens 300 tekens.")
    for invoer in normen:
        _check_norm(invoer)
    return Toetsingsinstrument(
        naam=naam.strip(),
        omschrijving=omschrijving,
        dossier_id=dossier_id,
        normen=[Norm(volgorde=i, **asdict(n)) for i, n in enumerate(normen)],
    )


def maak_instrument(
    ctx: ServiceContext,
    naam: str,
    normen: Sequence[NormInvoer],
    *,
    omschrijving: str = "",
    dossier_id: uuid.UUID | None = None,
) -> InstrumentInfo:
    """Build an instrument: in the library (no dossier) or for one dossier."""
    with ctx.unit_of_work() as s:
        if dossier_id is not None:
            get_dossier(s, ctx.actor, dossier_id, write=True)
            if _dossier_instrument(s, dossier_id) is not None:
                raise ValidationFailed("Dit dossier heeft al een toetsingsinstrument.")
        elif not ctx.actor.heeft_rol(RolCode.BEHEERDER, RolCode.INSPECTEUR):
            raise AccessDenied("Alleen inspecteurs en beheerders vullen de bibliotheek aan.")
        instrument = _nieuw_instrument(naam, omschrijving, normen, dossier_id)
        s.add(instrument)
        s.flush()
        _audit(s, ctx, "instrument_aangemaakt", f"Toetsingsinstrument '{naam}' gemaakt", instrument)
        return _instrument_info(instrument)


def kies_instrument(
    ctx: ServiceContext, dossier_id: uuid.UUID, bron_id: uuid.UUID
) -> InstrumentInfo:
    """Give the dossier its own (concept) copy of a library instrument to adjust."""
    with ctx.unit_of_work() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        if _dossier_instrument(s, dossier_id) is not None:
            raise ValidationFailed(
                "Dit dossier heeft al een toetsingsinstrument; stel dat bij in plaats van een "
                "nieuw te kiezen."
            )
        bron = s.get(Toetsingsinstrument, bron_id)
        if bron is None or bron.dossier_id is not None:
            raise NotFound("Dit toetsingsinstrument staat niet in de bibliotheek.")
        kopie = _nieuw_instrument(
            bron.naam,
            bron.omschrijving,
            [
                NormInvoer(n.titel, n.code, n.wet, n.wetsartikel, n.veldnorm, n.toelichting)
                for n in bron.normen
            ],
            dossier_id,
        )
        kopie.bron_id = bron.id
        s.add(kopie)
        s.flush()
        _audit(s, ctx, "instrument_gekozen", f"Toetsingsinstrument '{bron.naam}' gekozen", kopie)
        return _instrument_info(kopie)


def instrument(ctx: ServiceContext, instrument_id: uuid.UUID) -> InstrumentInfo:
    with ctx.read() as s:
        return _instrument_info(_load_instrument(s, ctx, instrument_id, write=False))


def voeg_norm_toe(
    ctx: ServiceContext, instrument_id: uuid.UUID, invoer: NormInvoer
) -> InstrumentInfo:
    _check_norm(invoer)
    with ctx.unit_of_work() as s:
        instrument = _load_instrument(s, ctx, instrument_id, write=True)
        _editable(instrument)
        volgorde = max((n.volgorde for n in instrument.normen), default=-1) + 1
        instrument.normen.append(Norm(volgorde=volgorde, **asdict(invoer)))
        instrument.gewijzigd_op = utcnow()  # a new norm bumps the instrument's version
        s.flush()
        _audit(s, ctx, "norm_toegevoegd", f"Norm '{invoer.titel}' toegevoegd", instrument)
        return _instrument_info(instrument)


def wijzig_norm(
    ctx: ServiceContext, norm_id: uuid.UUID, expected_version: int, invoer: NormInvoer
) -> InstrumentInfo:
    _check_norm(invoer)
    with ctx.unit_of_work() as s:
        norm = s.get(Norm, norm_id)
        if norm is None:
            raise NotFound("Norm niet gevonden.")
        instrument = _load_instrument(s, ctx, norm.instrument_id, write=True)
        _editable(instrument)
        check_version(norm.version, expected_version)
        for veld, waarde in asdict(invoer).items():
            setattr(norm, veld, waarde)
        s.flush()
        _audit(s, ctx, "norm_gewijzigd", f"Norm '{invoer.titel}' gewijzigd", instrument)
        return _instrument_info(instrument)


def verwijder_norm(ctx: ServiceContext, norm_id: uuid.UUID) -> InstrumentInfo:
    with ctx.unit_of_work() as s:
        norm = s.get(Norm, norm_id)
        if norm is None:
            raise NotFound("Norm niet gevonden.")
        instrument = _load_instrument(s, ctx, norm.instrument_id, write=True)
        _editable(instrument)
        gebruikt = s.scalar(
            select(func.count()).select_from(Waarneming).where(Waarneming.norm_id == norm.id)
        ) or s.scalar(
            select(func.count()).select_from(Bevinding).where(Bevinding.norm_id == norm.id)
        )
        if gebruikt:
            raise ValidationFailed(
                f"Bij norm '{norm.titel}' zijn al waarnemingen of bevindingen vastgelegd; zet "
                "haar op 'niet getoetst' in plaats van haar te verwijderen."
            )
        instrument.normen.remove(norm)
        s.flush()
        _audit(s, ctx, "norm_verwijderd", f"Norm '{norm.titel}' verwijderd", instrument)
        return _instrument_info(instrument)


def vraag_review_instrument(
    ctx: ServiceContext,
    instrument_id: uuid.UUID,
    expected_version: int,
    verzoek: Reviewverzoek | None = None,
) -> InstrumentInfo:
    """Put the instrument ter review; for a dossier's instrument the reviewer gets an
    activiteit in the werkvoorraad (``verzoek``), in the same transaction."""
    with ctx.unit_of_work() as s:
        instrument = _load_instrument(s, ctx, instrument_id, write=True)
        check_version(instrument.version, expected_version)
        _editable(instrument)
        if instrument.dossier_id is not None:
            if verzoek is None:
                raise ValidationFailed("Kies wie het toetsingsinstrument reviewt.")
            dossier = get_dossier(s, ctx.actor, instrument.dossier_id, write=True)
            maak_reviewactiviteit(
                s, ctx, dossier, f"toetsingsinstrument '{instrument.naam}'", verzoek
            )
        instrument.status = InstrumentStatus.TER_REVIEW
        s.flush()
        _audit(s, ctx, "instrument_ter_review", f"'{instrument.naam}' ter review", instrument)
        return _instrument_info(instrument)


def _snapshot(s: Session, ctx: ServiceContext, instrument: Toetsingsinstrument) -> None:
    instrument.vastgestelde_versie += 1
    instrument.vastgesteld_op = ctx.now()
    instrument.vastgesteld_door_id = ctx.actor.medewerker_id
    s.add(
        InstrumentVersie(
            instrument_id=instrument.id,
            versie=instrument.vastgestelde_versie,
            normen=[
                {
                    "id": str(n.id),
                    **asdict(
                        NormInvoer(n.titel, n.code, n.wet, n.wetsartikel, n.veldnorm, n.toelichting)
                    ),
                }
                for n in instrument.normen
            ],
            vastgesteld_door_id=ctx.actor.medewerker_id,
        )
    )


def vaststellen(
    ctx: ServiceContext, instrument_id: uuid.UUID, expected_version: int
) -> InstrumentInfo:
    """Fix the normen; a snapshot of this version is kept."""
    with ctx.unit_of_work() as s:
        instrument = _load_instrument(s, ctx, instrument_id, write=True)
        check_version(instrument.version, expected_version)
        _editable(instrument)
        if not instrument.normen:
            raise ValidationFailed(
                "Een toetsingsinstrument zonder normen kan niet worden vastgesteld."
            )
        instrument.status = InstrumentStatus.VASTGESTELD
        _snapshot(s, ctx, instrument)
        s.flush()
        _audit(
            s,
            ctx,
            "instrument_vastgesteld",
            f"'{instrument.naam}' vastgesteld (versie {instrument.vastgestelde_versie})",
            instrument,
        )
        return _instrument_info(instrument)


def bijstellen(
    ctx: ServiceContext, instrument_id: uuid.UUID, expected_version: int
) -> InstrumentInfo:
    """Reopen a vastgesteld instrument for changes; its earlier versions stay."""
    with ctx.unit_of_work() as s:
        instrument = _load_instrument(s, ctx, instrument_id, write=True)
        check_version(instrument.version, expected_version)
        if instrument.status != InstrumentStatus.VASTGESTELD:
            raise ValidationFailed(f"'{instrument.naam}' is nog niet vastgesteld.")
        instrument.status = InstrumentStatus.CONCEPT
        s.flush()
        _audit(s, ctx, "instrument_bijgesteld", f"'{instrument.naam}' bijstellen", instrument)
        return _instrument_info(instrument)


def instrument_versies(
    ctx: ServiceContext, instrument_id: uuid.UUID
) -> list[tuple[int, list[dict]]]:
    """Every vastgestelde version: (versie, normen as they were)."""
    with ctx.read() as s:
        _load_instrument(s, ctx, instrument_id, write=False)
        return [
            (v.versie, list(v.normen))
            for v in s.scalars(
                select(InstrumentVersie)
                .where(InstrumentVersie.instrument_id == instrument_id)
                .order_by(InstrumentVersie.versie)
            )
        ]


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
        instrument = _dossier_instrument(s, dossier_id)
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
    instrument = _dossier_instrument(s, dossier_id)
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
                norm=_norm_info(norm),
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
        _instrument_info(instrument),
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
