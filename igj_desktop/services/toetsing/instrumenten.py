"""Toetsingsinstrumenten: the library (``dossier_id`` empty) and a dossier's own copy, which
the behandelaars adjust, have reviewed and vaststellen; every vaststelling keeps a snapshot of
the normen (``InstrumentVersie``), and bijstellen reopens the instrument for a next
vaststelling. The waarnemingen and bevindingen per norm: ``toetsing.bevindingen``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Bevinding,
    InstrumentStatus,
    InstrumentVersie,
    Norm,
    RolCode,
    Toetsingsinstrument,
    Waarneming,
    utcnow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext, check_version
from igj_desktop.services.documenten.review import Reviewverzoek, maak_reviewactiviteit
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier

INSTRUMENT_STATUS_LABELS = {
    InstrumentStatus.CONCEPT: "concept",
    InstrumentStatus.TER_REVIEW: "ter review",
    InstrumentStatus.VASTGESTELD: "vastgesteld",
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


def norm_info(n: Norm) -> NormInfo:
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


def instrument_info(i: Toetsingsinstrument) -> InstrumentInfo:
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
        normen=tuple(norm_info(n) for n in i.normen),
        vastgesteld=i.status == InstrumentStatus.VASTGESTELD,
    )


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


def dossier_instrument(s: Session, dossier_id: uuid.UUID) -> Toetsingsinstrument | None:
    return s.scalars(
        select(Toetsingsinstrument)
        .where(Toetsingsinstrument.dossier_id == dossier_id)
        .order_by(Toetsingsinstrument.aangemaakt_op)
    ).first()


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
            instrument_info(i)
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
            if dossier_instrument(s, dossier_id) is not None:
                raise ValidationFailed("Dit dossier heeft al een toetsingsinstrument.")
        elif not ctx.actor.heeft_rol(RolCode.BEHEERDER, RolCode.INSPECTEUR):
            raise AccessDenied("Alleen inspecteurs en beheerders vullen de bibliotheek aan.")
        instrument = _nieuw_instrument(naam, omschrijving, normen, dossier_id)
        s.add(instrument)
        s.flush()
        _audit(s, ctx, "instrument_aangemaakt", f"Toetsingsinstrument '{naam}' gemaakt", instrument)
        return instrument_info(instrument)


def kies_instrument(
    ctx: ServiceContext, dossier_id: uuid.UUID, bron_id: uuid.UUID
) -> InstrumentInfo:
    """Give the dossier its own (concept) copy of a library instrument to adjust."""
    with ctx.unit_of_work() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        if dossier_instrument(s, dossier_id) is not None:
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
        return instrument_info(kopie)


def instrument(ctx: ServiceContext, instrument_id: uuid.UUID) -> InstrumentInfo:
    with ctx.read() as s:
        return instrument_info(_load_instrument(s, ctx, instrument_id, write=False))


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
        return instrument_info(instrument)


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
        return instrument_info(instrument)


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
        return instrument_info(instrument)


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
        return instrument_info(instrument)


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
        return instrument_info(instrument)


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
        return instrument_info(instrument)


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
