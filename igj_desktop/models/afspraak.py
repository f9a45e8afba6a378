"""Afspraken (visits, meetings, conversations, zittingen) and their deelnemers."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned


class AfspraakSoort(StrEnum):
    BEZOEK = "bezoek"
    BIJEENKOMST = "bijeenkomst"
    GESPREK = "gesprek"
    ZITTING = "zitting"
    BESTUURSGESPREK = "bestuursgesprek"


class AfspraakStatus(StrEnum):
    GEPLAND = "gepland"
    STOPGEZET = "stopgezet"


class Afspraak(Versioned, Base):
    __tablename__ = "afspraak"
    __table_args__ = (Index("ix_afspraak_begin", "begin"),)

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    workflow_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workflow.id"))
    activiteit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activiteit.id"))
    soort: Mapped[str] = mapped_column(String(30), default=AfspraakSoort.BEZOEK)
    onderwerp: Mapped[str] = mapped_column(String(300))
    locatie: Mapped[str] = mapped_column(String(300), default="")
    begin: Mapped[datetime] = mapped_column()
    einde: Mapped[datetime] = mapped_column()
    aangekondigd: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default=AfspraakStatus.GEPLAND)
    reden_stopzetten: Mapped[str | None] = mapped_column(Text)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    exchange_item_id: Mapped[str | None] = mapped_column(String(512))
    exchange_changekey: Mapped[str | None] = mapped_column(String(512))
    exchange_gewijzigd: Mapped[str | None] = mapped_column(Text)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))

    deelnemers: Mapped[list[Deelnemer]] = relationship(
        back_populates="afspraak", cascade="all, delete-orphan"
    )


class Deelnemer(Keyed, Base):
    """A behandelaar or relatie at an afspraak; both empty means 'nog in te vullen'."""

    __tablename__ = "deelnemer"
    __table_args__ = (
        CheckConstraint(
            "NOT (medewerker_id IS NOT NULL AND relatie_id IS NOT NULL)", name="een_persoon"
        ),
    )

    afspraak_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("afspraak.id"), index=True)
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    relatie_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("relatie.id"))
    naam: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    antwoord: Mapped[str] = mapped_column(String(20), default="onbekend")

    afspraak: Mapped[Afspraak] = relationship(back_populates="deelnemers")
