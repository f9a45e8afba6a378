"""The relatie register and the betrokkenen of a dossier."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned


class RelatieSoort(StrEnum):
    ORGANISATIE = "organisatie"
    PERSOON = "persoon"


class BetrokkeneRol(StrEnum):
    OTS = "ots"
    BETROKKEN_ORGANISATIE = "betrokken_organisatie"
    BETROKKEN_PERSOON = "betrokken_persoon"
    STAKEHOLDER = "stakeholder"
    REGIEVOERDER = "regievoerder"


class Relatie(Versioned, Base):
    __tablename__ = "relatie"
    __table_args__ = (Index("ix_relatie_naam", "naam"),)

    soort: Mapped[str] = mapped_column(String(20), default=RelatieSoort.ORGANISATIE)
    naam: Mapped[str] = mapped_column(String(300))
    kvk_nummer: Mapped[str | None] = mapped_column(String(8), index=True)
    big_nummer: Mapped[str | None] = mapped_column(String(11), index=True)
    agb_code: Mapped[str | None] = mapped_column(String(8), index=True)
    straat: Mapped[str | None] = mapped_column(String(200))
    huisnummer: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(7))
    plaats: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    telefoon: Mapped[str | None] = mapped_column(String(40))
    sector: Mapped[str | None] = mapped_column(String(100))
    contactpersoon: Mapped[str | None] = mapped_column(String(200))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)


class Betrokkene(Keyed, Base):
    """A relatie in a dossier in a role (OTS, stakeholder, regievoerder, …)."""

    __tablename__ = "betrokkene"
    __table_args__ = (
        UniqueConstraint("dossier_id", "relatie_id", "rol", name="uq_betrokkene"),
        # searching by relatie name: its dossiers without reading every betrokkene (0011)
        Index("ix_betrokkene_relatie", "relatie_id", "dossier_id"),
    )

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    relatie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("relatie.id"), index=True)
    rol: Mapped[str] = mapped_column(String(40), default=BetrokkeneRol.OTS)
    toelichting: Mapped[str] = mapped_column(Text, default="")

    relatie: Mapped[Relatie] = relationship()
