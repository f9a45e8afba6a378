"""Medewerkers, groepen (afdelingen, teams, postkamer) and rollen."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned


class GroepSoort(StrEnum):
    AFDELING = "afdeling"
    TEAM = "team"
    POSTKAMER = "postkamer"
    REGISTERBEHEER = "registerbeheer"


class RolCode(StrEnum):
    """What a medewerker may do beyond working on dossiers they have access to."""

    INSPECTEUR = "inspecteur"
    MEDEWERKER_TOEZICHT = "medewerker_toezicht"
    JURIDISCH_ADVISEUR = "juridisch_adviseur"
    MT = "mt"
    BEHEERDER = "beheerder"
    REGISTERBEHEERDER = "registerbeheerder"


class Groep(Versioned, Base):
    __tablename__ = "groep"

    naam: Mapped[str] = mapped_column(String(200), unique=True)
    soort: Mapped[str] = mapped_column(String(20), default=GroepSoort.TEAM)
    afdeling_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groep.id"))
    email: Mapped[str | None] = mapped_column(String(320))


class Rol(Base):
    __tablename__ = "rol"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))


class Medewerker(Versioned, Base):
    __tablename__ = "medewerker"

    gebruikersnaam: Mapped[str] = mapped_column(String(100), unique=True)
    # the PostgreSQL login role (session_user) of this medewerker on the shared database
    db_rol: Mapped[str | None] = mapped_column(String(63), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    telefoon: Mapped[str | None] = mapped_column(String(40))
    functie: Mapped[str | None] = mapped_column(String(100))
    afdeling_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groep.id"))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)

    lidmaatschappen: Mapped[list[Lidmaatschap]] = relationship(
        back_populates="medewerker", cascade="all, delete-orphan"
    )
    rollen: Mapped[list[MedewerkerRol]] = relationship(cascade="all, delete-orphan")


class Lidmaatschap(Keyed, Base):
    __tablename__ = "lidmaatschap"
    __table_args__ = (UniqueConstraint("medewerker_id", "groep_id"),)

    medewerker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medewerker.id"), index=True)
    groep_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groep.id"), index=True)

    medewerker: Mapped[Medewerker] = relationship(back_populates="lidmaatschappen")
    groep: Mapped[Groep] = relationship()


class MedewerkerRol(Keyed, Base):
    __tablename__ = "medewerker_rol"
    __table_args__ = (UniqueConstraint("medewerker_id", "rol_code"),)

    medewerker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medewerker.id"), index=True)
    rol_code: Mapped[str] = mapped_column(ForeignKey("rol.code"))
