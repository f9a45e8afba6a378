"""The audit trail: who changed what, when, in which dossier. Append-only.

On PostgreSQL a trigger fills in who (``session_user``) and when (the server clock), numbers
the entry and chains it by hash to the one before in its dossier, or for an entry without
dossier to the medewerker's one before (migrations 0006, 0010); ``client_tijdstip`` keeps
the moment the client said, e.g. when the change was made offline."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Keyed, utcnow


class AuditEntry(Keyed, Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_dossier_tijdstip", "dossier_id", "tijdstip"),
        # the hash chains (migration 0010): one per dossier, one per medewerker without
        Index("ix_audit_keten_dossier", "dossier_id", "volgnummer"),
        Index(
            "ix_audit_keten_medewerker",
            "medewerker_id",
            "volgnummer",
            postgresql_where=text("dossier_id IS NULL"),
        ),
    )

    tijdstip: Mapped[datetime] = mapped_column(default=utcnow)
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"))
    actie: Mapped[str] = mapped_column(String(60))
    omschrijving: Mapped[str] = mapped_column(Text)
    entiteit: Mapped[str] = mapped_column(String(60))
    entiteit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    gegevens: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_tijdstip: Mapped[datetime | None] = mapped_column()
    volgnummer: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    vorige_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
