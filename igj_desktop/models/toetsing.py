"""Toetsing: instrumenten with normen; per dossier waarnemingen, bevindingen, oordelen."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned, utcnow


class InstrumentStatus(StrEnum):
    CONCEPT = "concept"
    TER_REVIEW = "ter_review"
    VASTGESTELD = "vastgesteld"


class OordeelWaarde(StrEnum):
    VOLDOET = "voldoet"
    VOLDOET_GEDEELTELIJK = "voldoet_gedeeltelijk"
    VOLDOET_NIET = "voldoet_niet"
    NIET_GETOETST = "niet_getoetst"


class BevindingStatus(StrEnum):
    CONCEPT = "concept"
    TER_REVIEW = "ter_review"
    GEACCORDEERD = "geaccordeerd"


class Toetsingsinstrument(Versioned, Base):
    """A library instrument (dossier_id empty) or the instrument of one dossier."""

    __tablename__ = "toetsingsinstrument"

    naam: Mapped[str] = mapped_column(String(300))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    bron_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("toetsingsinstrument.id"))
    status: Mapped[str] = mapped_column(String(20), default=InstrumentStatus.CONCEPT)
    vastgestelde_versie: Mapped[int] = mapped_column(Integer, default=0)
    vastgesteld_op: Mapped[datetime | None] = mapped_column()
    vastgesteld_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))

    normen: Mapped[list[Norm]] = relationship(
        back_populates="instrument", order_by="Norm.volgorde", cascade="all, delete-orphan"
    )


class InstrumentVersie(Keyed, Base):
    """Snapshot of the normen each time an instrument is vastgesteld."""

    __tablename__ = "instrument_versie"
    __table_args__ = (UniqueConstraint("instrument_id", "versie"),)

    instrument_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("toetsingsinstrument.id"))
    versie: Mapped[int] = mapped_column(Integer)
    normen: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    vastgesteld_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))


class Norm(Versioned, Base):
    __tablename__ = "norm"

    instrument_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("toetsingsinstrument.id"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40), default="")
    titel: Mapped[str] = mapped_column(String(500))
    wet: Mapped[str] = mapped_column(String(200), default="")
    wetsartikel: Mapped[str] = mapped_column(String(100), default="")
    veldnorm: Mapped[str] = mapped_column(Text, default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")

    instrument: Mapped[Toetsingsinstrument] = relationship(back_populates="normen")


class Waarneming(Keyed, Base):
    """An observation for a norm; append-only (several per norm, from several visits)."""

    __tablename__ = "waarneming"

    norm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("norm.id"), index=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    afspraak_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("afspraak.id"))
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    waargenomen_op: Mapped[datetime] = mapped_column(default=utcnow)
    tekst: Mapped[str] = mapped_column(Text)


class Bevinding(Versioned, Base):
    """The finding and oordeel for one norm in one dossier."""

    __tablename__ = "bevinding"
    __table_args__ = (UniqueConstraint("norm_id", "dossier_id"),)

    norm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("norm.id"))
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    tekst: Mapped[str] = mapped_column(Text, default="")
    oordeel: Mapped[str] = mapped_column(String(30), default=OordeelWaarde.NIET_GETOETST)
    status: Mapped[str] = mapped_column(String(20), default=BevindingStatus.CONCEPT)
    geaccordeerd_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    geaccordeerd_op: Mapped[datetime | None] = mapped_column()


class Bewijs(Keyed, Base):
    """A document or photo supporting a bevinding or a waarneming."""

    __tablename__ = "bewijs"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id"))
    bevinding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bevinding.id"), index=True)
    waarneming_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("waarneming.id"))


class Oordeel(Versioned, Base):
    """The overall oordeel on a dossier against its instrument."""

    __tablename__ = "oordeel"
    __table_args__ = (UniqueConstraint("dossier_id", "instrument_id"),)

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"))
    instrument_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("toetsingsinstrument.id"))
    waarde: Mapped[str] = mapped_column(String(30), default=OordeelWaarde.NIET_GETOETST)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    geaccordeerd: Mapped[bool] = mapped_column(Boolean, default=False)
