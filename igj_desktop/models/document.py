"""Document metadata; the bytes live in the document store, addressed by SHA-256."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Keyed, Versioned, utcnow


class DocumentRichting(StrEnum):
    INKOMEND = "inkomend"
    UITGAAND = "uitgaand"
    INTERN = "intern"


class DocumentStatus(StrEnum):
    CONCEPT = "concept"
    TER_REVIEW = "ter_review"
    DEFINITIEF = "definitief"


class Content(Base):
    """A blob known to the store; rows are only written after the blob is safely on disk."""

    __tablename__ = "content"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    grootte: Mapped[int] = mapped_column(BigInteger)
    aangemaakt_op: Mapped[datetime] = mapped_column(default=utcnow)


class Inhoud(Base):
    """The bytes of a blob on a shared installation: in PostgreSQL, under row-level security
    (a medewerker reads them only through a version of a document they may see), written
    only through ``igj_inhoud_opslaan``, which computes the hash itself (migration 0006)."""

    __tablename__ = "inhoud"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    aangemaakt_op: Mapped[datetime] = mapped_column(default=utcnow)


class InhoudHouder(Base):
    """Who stored which bytes: proof that a medewerker has them, so a version pointing at them
    cannot be used to read someone else's document by its hash."""

    __tablename__ = "inhoud_houder"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medewerker.id"), primary_key=True)


class Document(Versioned, Base):
    __tablename__ = "document"

    titel: Mapped[str] = mapped_column(String(500))
    soort: Mapped[str] = mapped_column(String(60), default="overig")
    richting: Mapped[str] = mapped_column(String(20), default=DocumentRichting.INTERN)
    status: Mapped[str] = mapped_column(String(20), default=DocumentStatus.CONCEPT)
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    datum: Mapped[datetime] = mapped_column(default=utcnow)
    vertrouwelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    bron_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("document.id"))
    sjabloon: Mapped[str | None] = mapped_column(String(100))
    uitgecheckt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    uitgecheckt_op: Mapped[datetime | None] = mapped_column()

    versies: Mapped[list[Versie]] = relationship(
        back_populates="document", order_by="Versie.nummer"
    )


class Versie(Keyed, Base):
    """An immutable version of a document."""

    __tablename__ = "versie"
    __table_args__ = (UniqueConstraint("document_id", "nummer"),)

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id"), index=True)
    nummer: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(ForeignKey("content.sha256"), index=True)
    bestandsnaam: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    status: Mapped[str] = mapped_column(String(20), default=DocumentStatus.CONCEPT)
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    opmerking: Mapped[str] = mapped_column(String(1000), default="")

    document: Mapped[Document] = relationship(back_populates="versies")


class DocumentDossier(Keyed, Base):
    """Many-to-many: one document may belong to several dossiers."""

    __tablename__ = "document_dossier"
    __table_args__ = (
        UniqueConstraint("document_id", "dossier_id"),
        Index("ix_document_dossier_dossier", "dossier_id", "document_id"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id"), index=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"))
    gekoppeld_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
