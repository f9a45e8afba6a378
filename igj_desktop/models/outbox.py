"""Work that must go out to another system (Exchange, mail) and is retried until it does."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, utcnow


class OutboxStatus(StrEnum):
    WACHTEND = "wachtend"
    VERZONDEN = "verzonden"
    MISLUKT = "mislukt"


class OutboxItem(Versioned, Base):
    __tablename__ = "outbox_item"
    __table_args__ = (Index("ix_outbox_due", "status", "volgende_poging_op"),)

    soort: Mapped[str] = mapped_column(String(60))
    sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.WACHTEND)
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    volgende_poging_op: Mapped[datetime] = mapped_column(default=utcnow)
    laatste_fout: Mapped[str | None] = mapped_column(Text)
    afspraak_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("afspraak.id"))
    aangemaakt_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
