"""Writing the audit trail; every service change calls ``record_audit`` in its transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from igj_desktop.models import AuditEntry

from .base import Actor


def record_audit(
    session: Session,
    actor: Actor,
    actie: str,
    omschrijving: str,
    *,
    entiteit: str,
    entiteit_id: uuid.UUID | None = None,
    dossier_id: uuid.UUID | None = None,
    gegevens: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            medewerker_id=actor.medewerker_id,
            dossier_id=dossier_id,
            actie=actie,
            omschrijving=omschrijving,
            entiteit=entiteit,
            entiteit_id=entiteit_id,
            gegevens=gegevens or {},
        )
    )
