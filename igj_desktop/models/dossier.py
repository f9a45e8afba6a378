"""Dossiers and subdossiers, their type catalog, access and related dossiers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned, utcnow


class DossierStatus(StrEnum):
    OPEN = "open"
    GESLOTEN = "gesloten"


class ToegangRol(StrEnum):
    BEHANDELAAR = "behandelaar"
    LEZER = "lezer"


class Dossiertype(Versioned, Base):
    """Catalog entry: which workflows, sjablonen and bewaartermijn rules a dossier gets."""

    __tablename__ = "dossiertype"

    code: Mapped[str] = mapped_column(String(60), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    workflows: Mapped[list[str]] = mapped_column(JSON, default=list)
    sjablonen: Mapped[list[str]] = mapped_column(JSON, default=list)
    bewaartermijn_jaren: Mapped[int] = mapped_column(Integer, default=10)
    bewaarregels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)


class KenmerkTeller(Base):
    """Last issued kenmerk number per year; locked while a dossier is created."""

    __tablename__ = "kenmerk_teller"

    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    laatste: Mapped[int] = mapped_column(Integer, default=0)


class KenmerkUitgifte(Base):
    """A kenmerk the shared database issued (``igj_volgend_kenmerk``, migration 0010) and no
    dossier carries yet; the hoofddossier that takes it removes the row. Unused on SQLite."""

    __tablename__ = "kenmerk_uitgifte"

    kenmerk: Mapped[str] = mapped_column(String(40), primary_key=True)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medewerker.id"))
    uitgegeven_op: Mapped[datetime] = mapped_column(default=utcnow)


class Dossier(Versioned, Base):
    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_parent_kenmerk", "parent_id", "kenmerk"),
        Index("ix_dossier_status_geopend", "status", "geopend_op"),
    )

    kenmerk: Mapped[str] = mapped_column(String(40), unique=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"))
    subnummer_laatste: Mapped[int] = mapped_column(Integer, default=0)
    dossiertype_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiertype.id"), index=True)
    titel: Mapped[str] = mapped_column(String(300))
    aanleiding: Mapped[str] = mapped_column(String(100))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    afdeling_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groep.id"))
    sector: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=DossierStatus.OPEN)
    geopend_op: Mapped[datetime] = mapped_column(default=utcnow)
    gesloten_op: Mapped[datetime | None] = mapped_column()
    reden_afsluiting: Mapped[str | None] = mapped_column(Text)
    bewaartermijn_tot: Mapped[date | None] = mapped_column(Date)
    bewaartermijn_toelichting: Mapped[str | None] = mapped_column(Text)
    afgeschermd: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("medewerker.id"), index=True
    )

    dossiertype: Mapped[Dossiertype] = relationship()
    parent: Mapped[Dossier | None] = relationship(
        remote_side="Dossier.id", back_populates="subdossiers"
    )
    subdossiers: Mapped[list[Dossier]] = relationship(back_populates="parent")
    toegangen: Mapped[list[Toegang]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan"
    )


class Toegang(Keyed, Base):
    """Access to one dossier for a medewerker or a groep (exactly one of the two)."""

    __tablename__ = "toegang"
    __table_args__ = (
        CheckConstraint(
            "(medewerker_id IS NULL) <> (groep_id IS NULL)", name="medewerker_of_groep"
        ),
        UniqueConstraint("dossier_id", "medewerker_id", "groep_id", name="uq_toegang_wie"),
        Index("ix_toegang_medewerker", "medewerker_id", "dossier_id"),
        Index("ix_toegang_groep", "groep_id", "dossier_id"),
    )

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    groep_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groep.id"))
    rol: Mapped[str] = mapped_column(String(20), default=ToegangRol.BEHANDELAAR)
    toegekend_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))

    dossier: Mapped[Dossier] = relationship(back_populates="toegangen")


class GerelateerdDossier(Keyed, Base):
    """A link from a dossier to another dossier (stored in both directions) or an external app."""

    __tablename__ = "gerelateerd_dossier"
    __table_args__ = (
        CheckConstraint("(doel_dossier_id IS NULL) <> (url IS NULL)", name="intern_of_extern"),
    )

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    doel_dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"))
    url: Mapped[str | None] = mapped_column(String(2000))
    systeem: Mapped[str] = mapped_column(String(40), default="intern")
    omschrijving: Mapped[str] = mapped_column(String(300), default="")
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
