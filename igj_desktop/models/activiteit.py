"""Running workflows and their activiteiten: the rows behind the werkvoorraad."""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned, utcnow


class WorkflowStatus(StrEnum):
    LOPEND = "lopend"
    AFGEROND = "afgerond"
    BEEINDIGD = "beeindigd"  # alternative ending: stopgezet / geannuleerd / ingetrokken


class ActiviteitStatus(StrEnum):
    OPEN = "open"
    OPGESCHORT = "opgeschort"
    AFGEROND = "afgerond"
    GEANNULEERD = "geannuleerd"


OPEN_WHERE = "status IN ('open', 'opgeschort')"  # ActiviteitStatus.OPEN and OPGESCHORT


class Urgentie(StrEnum):
    NORMAAL = "normaal"
    HOOG = "hoog"
    SPOED = "spoed"


class Workflow(Versioned, Base):
    """An instance of a catalog workflow in a (sub)dossier."""

    __tablename__ = "workflow"

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    definitie_code: Mapped[str] = mapped_column(String(80))
    definitie_versie: Mapped[int] = mapped_column(Integer)
    titel: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=WorkflowStatus.LOPEND)
    gestart_op: Mapped[datetime] = mapped_column(default=utcnow)
    gestart_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    afgerond_op: Mapped[datetime | None] = mapped_column()
    einde: Mapped[str | None] = mapped_column(String(40))
    reden: Mapped[str | None] = mapped_column(Text)
    gegevens: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    activiteiten: Mapped[list[Activiteit]] = relationship(back_populates="workflow")


class Activiteit(Versioned, Base):
    """A task with an owner (medewerker or groep), a termijn, an urgentie and a status."""

    __tablename__ = "activiteit"
    __table_args__ = (
        CheckConstraint(
            "eigenaar_medewerker_id IS NOT NULL OR eigenaar_groep_id IS NOT NULL",
            name="heeft_eigenaar",
        ),
        # The werkvoorraad reads each owner's open activiteiten in termijn order (partial:
        # the open ones are a few percent of ten years of work).
        Index(
            "ix_activiteit_medewerker_open",
            "eigenaar_medewerker_id",
            "termijn",
            postgresql_where=text(OPEN_WHERE),
            sqlite_where=text(OPEN_WHERE),
        ),
        Index(
            "ix_activiteit_groep_open",
            "eigenaar_groep_id",
            "termijn",
            postgresql_where=text(OPEN_WHERE),
            sqlite_where=text(OPEN_WHERE),
        ),
        Index("ix_activiteit_dossier_status", "dossier_id", "status"),
    )

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"))
    workflow_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workflow.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    titel: Mapped[str] = mapped_column(String(300))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    soort: Mapped[str] = mapped_column(String(40), default="workflow")
    eigenaar_medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    eigenaar_groep_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groep.id"))
    termijn: Mapped[date | None] = mapped_column(Date)
    termijn_oorspronkelijk: Mapped[date | None] = mapped_column(Date)
    termijn_wettelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    opgeschort_sinds: Mapped[date | None] = mapped_column(Date)
    opgeschorte_dagen: Mapped[int] = mapped_column(Integer, default=0)
    urgentie: Mapped[str] = mapped_column(String(20), default=Urgentie.NORMAAL)
    status: Mapped[str] = mapped_column(String(20), default=ActiviteitStatus.OPEN)
    uitkomst: Mapped[str | None] = mapped_column(String(80))
    reden: Mapped[str | None] = mapped_column(Text)
    opmerking: Mapped[str | None] = mapped_column(Text)
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    afgerond_op: Mapped[datetime | None] = mapped_column()
    afgerond_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    gegevens: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    workflow: Mapped[Workflow | None] = relationship(back_populates="activiteiten")


class ActiviteitDocument(Keyed, Base):
    """A document an activiteit produced or is about (review, beoordelen post, …)."""

    __tablename__ = "activiteit_document"

    activiteit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activiteit.id"), index=True)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id"), index=True)
