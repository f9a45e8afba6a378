"""Offline visit preparation: leases in the shared database, the change log on the laptop."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Keyed, Versioned


class Lease(Versioned, Base):
    """A dossier taken along for a visit: who, on which device, until when."""

    __tablename__ = "lease"

    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medewerker.id"))
    apparaat: Mapped[str] = mapped_column(String(100))
    tot: Mapped[datetime] = mapped_column()
    ingeleverd_op: Mapped[datetime | None] = mapped_column()


class SyncChange(Keyed, Base):
    """One offline write, recorded in the replica in the same transaction as the write."""

    __tablename__ = "sync_change"
    __table_args__ = (UniqueConstraint("apparaat", "volgnummer"),)

    apparaat: Mapped[str] = mapped_column(String(100))
    volgnummer: Mapped[int] = mapped_column(Integer)
    tabel: Mapped[str] = mapped_column(String(60))
    sleutel: Mapped[uuid.UUID] = mapped_column()
    operatie: Mapped[str] = mapped_column(String(10))
    velden: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    basis_versie: Mapped[int | None] = mapped_column(Integer)
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column()
    verzonden_op: Mapped[datetime | None] = mapped_column()


class ToegepasteWijziging(Keyed, Base):
    """Server side: the (apparaat, volgnummer) already applied, so a replayed push is a no-op."""

    __tablename__ = "toegepaste_wijziging"
    __table_args__ = (UniqueConstraint("apparaat", "volgnummer"),)

    apparaat: Mapped[str] = mapped_column(String(100))
    volgnummer: Mapped[int] = mapped_column(Integer)
    resultaat: Mapped[str] = mapped_column(String(20))


class SyncConflict(Keyed, Base):
    """Server side: an offline change that overlapped a colleague's change, for the user to decide.

    ``velden`` maps each disputed field to ``{"basis": …, "mijn": …, "hun": …}`` (JSON values as
    recorded in the change log). The server keeps "hun" until the conflict is resolved.
    """

    __tablename__ = "sync_conflict"
    __table_args__ = (UniqueConstraint("apparaat", "volgnummer"),)

    apparaat: Mapped[str] = mapped_column(String(100))
    volgnummer: Mapped[int] = mapped_column(Integer)
    tabel: Mapped[str] = mapped_column(String(60))
    sleutel: Mapped[str] = mapped_column(String(64))
    # set when an offline insert turned out to be a record the server already had (the same
    # bevinding for the same norm): the offline key, which later changes are redirected from
    eigen_sleutel: Mapped[str | None] = mapped_column(String(64))
    operatie: Mapped[str] = mapped_column(String(10))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    velden: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mijn_medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    mijn_gewijzigd_op: Mapped[datetime] = mapped_column()
    hun_medewerker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    hun_gewijzigd_op: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="open")
    keuze: Mapped[str | None] = mapped_column(String(20))
    opgelost_door_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medewerker.id"))
    opgelost_op: Mapped[datetime | None] = mapped_column()
