"""Plain, frozen read models the dossier services return and the views show.

Each carries what a screen needs in one go (names resolved, flags computed), so a view
never has to ask the database a follow-up question. Rows that can be changed carry the
``version`` the change must be based on (see ``services.base.check_version``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DossierNode:
    """One line in the dossier tree or a search result."""

    id: uuid.UUID
    kenmerk: str
    titel: str
    status: str
    dossiertype: str
    parent_id: uuid.UUID | None
    afgeschermd: bool
    child_count: int
    geopend_op: datetime
    gesloten_op: datetime | None

    @property
    def has_children(self) -> bool:
        return self.child_count > 0

    @property
    def is_subdossier(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True)
class DossierRef:
    """A short reference to another dossier (parent, link target)."""

    id: uuid.UUID
    kenmerk: str
    titel: str
    status: str


@dataclass(frozen=True)
class BetrokkeneRow:
    id: uuid.UUID
    relatie_id: uuid.UUID
    naam: str
    relatie_soort: str
    rol: str
    rol_label: str
    plaats: str | None
    sector: str | None
    kvk_nummer: str | None
    big_nummer: str | None
    agb_code: str | None
    toelichting: str
    email: str | None = None


@dataclass(frozen=True)
class ToegangRow:
    """One toegang row: exactly one of ``medewerker_id`` / ``groep_id`` is set."""

    id: uuid.UUID
    medewerker_id: uuid.UUID | None
    groep_id: uuid.UUID | None
    naam: str
    rol: str

    @property
    def soort(self) -> str:
        return "medewerker" if self.medewerker_id is not None else "groep"


@dataclass(frozen=True)
class KoppelingRow:
    """A related dossier (``doel`` set) or an external hyperlink (``url`` set)."""

    id: uuid.UUID
    systeem: str
    omschrijving: str
    doel: DossierRef | None
    url: str | None

    @property
    def intern(self) -> bool:
        return self.doel is not None


@dataclass(frozen=True)
class DossierDetail:
    id: uuid.UUID
    kenmerk: str
    titel: str
    aanleiding: str
    omschrijving: str
    dossiertype_id: uuid.UUID
    dossiertype: str
    afdeling_id: uuid.UUID | None
    afdeling: str | None
    sector: str | None
    status: str
    geopend_op: datetime
    gesloten_op: datetime | None
    reden_afsluiting: str | None
    bewaartermijn_tot: date | None
    bewaartermijn_toelichting: str | None
    afgeschermd: bool
    version: int
    parent: DossierRef | None
    subdossiers: tuple[DossierNode, ...]
    betrokkenen: tuple[BetrokkeneRow, ...]
    toegang: tuple[ToegangRow, ...]
    koppelingen: tuple[KoppelingRow, ...]
    mag_wijzigen: bool
    """Whether the actor is behandelaar (directly or via a groep) and the dossier is open."""

    @property
    def gesloten(self) -> bool:
        return self.gesloten_op is not None

    @property
    def behandelaars(self) -> tuple[ToegangRow, ...]:
        return tuple(t for t in self.toegang if t.rol == "behandelaar")


@dataclass(frozen=True)
class TijdlijnRow:
    id: uuid.UUID
    tijdstip: datetime
    medewerker: str
    actie: str
    omschrijving: str
    dossier_id: uuid.UUID
    kenmerk: str


@dataclass(frozen=True)
class WerkvoorraadItem:
    """An open activiteit in the werkvoorraad.

    ``dossier_titel`` is empty when the actor owns the activiteit (through a groep, e.g. a
    request to Relatiebeheer) but may not see its dossier.
    """

    activiteit_id: uuid.UUID
    titel: str
    soort: str
    dossier_id: uuid.UUID
    dossier_kenmerk: str
    dossier_titel: str
    eigenaar: str
    eigenaar_medewerker_id: uuid.UUID | None
    eigenaar_groep_id: uuid.UUID | None
    termijn: date | None
    urgentie: str
    status: str
    overdue: bool
    version: int


@dataclass(frozen=True)
class MedewerkerRow:
    id: uuid.UUID
    gebruikersnaam: str
    naam: str
    functie: str | None
    afdeling: str | None


@dataclass(frozen=True)
class GroepRow:
    id: uuid.UUID
    naam: str
    soort: str


@dataclass(frozen=True)
class RelatieRow:
    id: uuid.UUID
    naam: str
    soort: str
    kvk_nummer: str | None
    big_nummer: str | None
    agb_code: str | None
    straat: str | None
    huisnummer: str | None
    postcode: str | None
    plaats: str | None
    sector: str | None

    @property
    def adres(self) -> str:
        straat = " ".join(p for p in (self.straat, self.huisnummer) if p)
        plaats = " ".join(p for p in (self.postcode, self.plaats) if p)
        return ", ".join(p for p in (straat, plaats) if p)


@dataclass(frozen=True)
class DossiertypeRow:
    id: uuid.UUID
    code: str
    naam: str
    workflows: tuple[str, ...]
    bewaartermijn_jaren: int


@dataclass(frozen=True)
class TelefoonnotitieRow:
    id: uuid.UUID
    dossier_id: uuid.UUID
    medewerker: str
    relatie_id: uuid.UUID | None
    gesprek_op: datetime
    gesprekspartner: str
    telefoonnummer: str
    richting: str
    onderwerp: str
    samenvatting: str
    actiepunten: str
    terugbellen: bool
