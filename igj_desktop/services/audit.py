"""Writing the audit trail; every service change calls ``record_audit`` in its transaction.

On the shared database who and when are the database's (a trigger, migration 0006), and the
entries form a hash chain that ``controleer_keten`` verifies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.models import AuditEntry

from .base import Actor
from .errors import ValidationFailed


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


@dataclass(frozen=True)
class KetenControle:
    """The outcome of ``igj-desktop audit controleer``: how many links held, the first broken."""

    gecontroleerd: int
    eerste_breuk: int | None = None  # volgnummer of the first entry whose link does not hold
    reden: str = ""

    @property
    def in_orde(self) -> bool:
        return self.eerste_breuk is None


# Each entry links to the one before in its chain: its dossier's, or for an entry without
# dossier its medewerker's (migration 0010). Entries written under migration 0006 formed one
# chain for everything and link to the entry before them in volgnummer order.
KETEN = text(
    """
    SELECT volgnummer, hash, vorige_hash, igj_audit_hash(a) AS berekend,
           lag(hash) OVER keten AS voorganger, lag(volgnummer) OVER keten AS vorig_nummer,
           lag(hash) OVER (ORDER BY volgnummer) AS vorige_van_alles
    FROM audit_entry a WHERE volgnummer IS NOT NULL
    WINDOW keten AS (PARTITION BY dossier_id, CASE WHEN dossier_id IS NULL THEN medewerker_id END
                     ORDER BY volgnummer)
    ORDER BY volgnummer
    """
)


def controleer_keten(db: Database) -> KetenControle:
    """Recompute the hash chain of the shared database's audit trail, entry by entry.

    An entry changed after the fact no longer matches its hash; one removed breaks the link of
    the entry after it in its chain. Run as the schema owner: a medewerker only sees part of
    the trail."""
    if db.is_embedded:
        raise ValidationFailed(
            "De ingebouwde database heeft geen beveiligde audittrail; de controle is er alleen "
            "voor de gedeelde database."
        )
    with db.engine.connect() as connection:
        eigenaar = connection.scalar(
            text(
                "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables"
                " WHERE tablename = 'audit_entry' AND schemaname = current_schema()"
            )
        )
        if not eigenaar:
            raise ValidationFailed(
                "Controleer de audittrail als eigenaar van het databaseschema (de beheerder "
                "van de database): een medewerker ziet maar een deel ervan."
            )
        gecontroleerd = 0
        for rij in connection.execute(KETEN):
            if rij.hash != rij.berekend:
                reden = "de inhoud is gewijzigd na het vastleggen"
            elif rij.vorige_hash not in (rij.voorganger, rij.vorige_van_alles):
                reden = (
                    "de vorige schakel ontbreekt of is vervangen"
                    if rij.vorig_nummer is not None
                    else "de eerste schakel verwijst naar een verwijderde voorganger"
                )
            else:
                gecontroleerd += 1
                continue
            return KetenControle(gecontroleerd, rij.volgnummer, reden)
    return KetenControle(gecontroleerd)
