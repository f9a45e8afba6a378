"""Registered incoming and outgoing post, and telefoonnotities."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Keyed, Versioned, utcnow


class PostRichting(StrEnum):
    INKOMEND = "inkomend"
    UITGAAND = "uitgaand"


class PostStatus(StrEnum):
    GEREGISTREERD = "geregistreerd"
    BEOORDEELD = "beoordeeld"
    TERUGGESTUURD = "teruggestuurd"
    TE_VERZENDEN = "te_verzenden"
    VERZONDEN = "verzonden"


class Post(Versioned, Base):
    __tablename__ = "post"
    __table_args__ = (
        Index("ix_post_ontvangen", "richting", "geregistreerd_op"),
        # One post per mail: two drops of the same mail at the same moment cannot both insert.
        UniqueConstraint("inhoud_sleutel", "exemplaar"),
    )

    richting: Mapped[str] = mapped_column(String(20), default=PostRichting.INKOMEND)
    kanaal: Mapped[str] = mapped_column(String(20), default="email")
    soort: Mapped[str] = mapped_column(String(60), default="correspondentie")
    onderwerp: Mapped[str] = mapped_column(String(500), default="")
    afzender: Mapped[str] = mapped_column(String(500), default="")
    aan: Mapped[str] = mapped_column(Text, default="")
    cc: Mapped[str] = mapped_column(Text, default="")
    datum: Mapped[datetime | None] = mapped_column()
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    inhoud_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # Incoming post: what makes it the same mail (``ParsedMail.inhoud_sleutel``). A copy
    # registered anew because the first sits in a dossier the user may not see counts up.
    inhoud_sleutel: Mapped[str | None] = mapped_column(String(64))
    exemplaar: Mapped[int] = mapped_column(default=0, server_default="0")
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("document.id"))
    status: Mapped[str] = mapped_column(String(20), default=PostStatus.GEREGISTREERD)
    geregistreerd_op: Mapped[datetime] = mapped_column(default=utcnow)
    geregistreerd_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    beoordeling_activiteit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activiteit.id"))
    # Who sent it in, or to whom it went: the vragenlijst shows who reacted and who not yet.
    relatie_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("relatie.id"), index=True)


class PostDossier(Keyed, Base):
    """One post item may be registered in several dossiers."""

    __tablename__ = "post_dossier"
    __table_args__ = (UniqueConstraint("post_id", "dossier_id"),)

    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("post.id"), index=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)


class Telefoonnotitie(Versioned, Base):
    __tablename__ = "telefoonnotitie"

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    relatie_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("relatie.id"))
    gesprek_op: Mapped[datetime] = mapped_column(default=utcnow)
    gesprekspartner: Mapped[str] = mapped_column(String(200), default="")
    telefoonnummer: Mapped[str] = mapped_column(String(40), default="")
    richting: Mapped[str] = mapped_column(String(20), default=PostRichting.INKOMEND)
    onderwerp: Mapped[str] = mapped_column(String(300), default="")
    samenvatting: Mapped[str] = mapped_column(Text, default="")
    actiepunten: Mapped[str] = mapped_column(Text, default="")
    terugbellen: Mapped[bool] = mapped_column(Boolean, default=False)
