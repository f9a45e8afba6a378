"""What the actor may do with a document now: the lock rule in one place.

The services refuse by these rules, and the read model (``DocumentInfo.rechten``) carries
their outcome, so a view enables its buttons from flags and never re-derives the rule or
compares status strings. Whether the dossier itself may be changed is ``DossierDetail.
mag_wijzigen``; who may finish a review is decided when it is finished.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from igj_desktop.models import DocumentStatus, RolCode
from igj_desktop.services.base import Actor


def is_definitief(status: str) -> bool:
    """A definitief document never changes again."""
    return status == DocumentStatus.DEFINITIEF


def bij_collega(uitgecheckt_door_id: uuid.UUID | None, actor: Actor) -> bool:
    """Checked out by someone else: only they can change it until it is checked in."""
    return uitgecheckt_door_id is not None and uitgecheckt_door_id != actor.medewerker_id


def mag_uitcheck_verbreken(uitgecheckt_door_id: uuid.UUID | None, actor: Actor) -> bool:
    """A check-out may be broken by its owner and by a beheerder."""
    return uitgecheckt_door_id is not None and (
        uitgecheckt_door_id == actor.medewerker_id or actor.heeft_rol(RolCode.BEHEERDER)
    )


@dataclass(frozen=True)
class DocumentRechten:
    """The actions open to the actor on one document (the dossier's own rights aside)."""

    mag_bewerken: bool  # check out (or open the own check-out again)
    mag_inchecken: bool
    mag_uitcheck_verbreken: bool
    mag_review_vragen: bool
    mag_review_afronden: bool
    mag_definitief_maken: bool


def document_rechten(
    status: str, uitgecheckt_door_id: uuid.UUID | None, actor: Actor
) -> DocumentRechten:
    definitief = is_definitief(status)
    uitgecheckt = uitgecheckt_door_id is not None
    vrij = not definitief and not uitgecheckt
    return DocumentRechten(
        mag_bewerken=not definitief and not bij_collega(uitgecheckt_door_id, actor),
        mag_inchecken=uitgecheckt and not bij_collega(uitgecheckt_door_id, actor),
        mag_uitcheck_verbreken=mag_uitcheck_verbreken(uitgecheckt_door_id, actor),
        mag_review_vragen=vrij,
        mag_review_afronden=status == DocumentStatus.TER_REVIEW,
        mag_definitief_maken=vrij,
    )
