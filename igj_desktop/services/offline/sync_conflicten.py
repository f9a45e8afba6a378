"""The conflicts a sync left for the user: listing them and deciding each (keep mine, keep
theirs, or an edited value), written to the server with an audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, String, Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from igj_desktop.models import Dossier, Medewerker, SyncConflict
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.offline.codec import decode_row, encode, key_column
from igj_desktop.services.offline.sync_toepassen import AFGEWEZEN, Change, current_row, write_row
from igj_desktop.services.toegang.controle import may_edit

Keuze = Literal["mijn", "hun", "bewerkt"]


@dataclass(frozen=True)
class VeldConflict:
    veld: str
    basis: Any
    mijn: Any
    hun: Any


@dataclass(frozen=True)
class ConflictInfo:
    """A conflict as the dialog shows it: what, both values, who changed what and when."""

    id: uuid.UUID
    tabel: str
    sleutel: str
    operatie: str
    omschrijving: str
    kenmerk: str | None
    velden: list[VeldConflict]
    mijn_naam: str
    mijn_gewijzigd_op: datetime
    hun_naam: str
    hun_gewijzigd_op: datetime | None


def open_conflicten(ctx: ServiceContext, apparaat: str | None = None) -> list[ConflictInfo]:
    """The conflicts waiting for the actor's decision (of one device, if given)."""
    with ctx.read() as session:
        query = select(SyncConflict).where(
            SyncConflict.status == "open",
            SyncConflict.mijn_medewerker_id == ctx.actor.medewerker_id,
        )
        if apparaat is not None:
            query = query.where(SyncConflict.apparaat == apparaat)
        conflicts = session.scalars(query.order_by(SyncConflict.volgnummer)).all()
        return [_info(session, c) for c in conflicts]


def _naam(session: Session, medewerker_id: uuid.UUID | None) -> str:
    if medewerker_id is None:
        return "onbekend"
    medewerker = session.get(Medewerker, medewerker_id)
    return medewerker.naam if medewerker is not None else "onbekend"


def _info(session: Session, conflict: SyncConflict) -> ConflictInfo:
    kenmerk = None
    if conflict.dossier_id is not None:
        kenmerk = session.get_one(Dossier, conflict.dossier_id).kenmerk
    return ConflictInfo(
        id=conflict.id,
        tabel=conflict.tabel,
        sleutel=conflict.sleutel,
        operatie=conflict.operatie,
        omschrijving=conflict.omschrijving,
        kenmerk=kenmerk,
        velden=[
            VeldConflict(veld, v.get("basis"), v.get("mijn"), v.get("hun"))
            for veld, v in conflict.velden.items()
        ],
        mijn_naam=_naam(session, conflict.mijn_medewerker_id),
        mijn_gewijzigd_op=conflict.mijn_gewijzigd_op,
        hun_naam=_naam(session, conflict.hun_medewerker_id),
        hun_gewijzigd_op=conflict.hun_gewijzigd_op,
    )


def los_op(
    ctx: ServiceContext,
    conflict_id: uuid.UUID,
    keuze: Keuze,
    waarden: dict[str, Any] | None = None,
) -> ConflictInfo:
    """Decide a conflict: keep my value, keep theirs, or an edited value per field."""
    with ctx.unit_of_work() as session:
        conflict = session.get(SyncConflict, conflict_id, with_for_update=True)
        if conflict is None:
            raise NotFound("Dit conflict bestaat niet (meer).")
        if conflict.status != "open":
            raise ValidationFailed("Over dit conflict is al beslist.")
        _check_may_resolve(session, ctx, conflict)
        change = Change(
            conflict.apparaat,
            conflict.volgnummer,
            conflict.tabel,
            conflict.operatie,
            conflict.sleutel,
            {},
            {},
            None,
            conflict.mijn_medewerker_id,
            conflict.mijn_gewijzigd_op,
        )
        if keuze != "hun" and conflict.operatie == AFGEWEZEN:
            raise ValidationFailed(
                "Dit is op de server niet doorgevoerd en kan ook niet alsnog worden doorgevoerd. "
                "Kies 'Versie op de server houden' en voer het zo nodig opnieuw uit."
            )
        if keuze == "bewerkt":
            onbekend = set(waarden or {}) - set(conflict.velden)
            if not waarden or onbekend:
                raise ValidationFailed(
                    "Geef voor de betwiste velden een nieuwe waarde op "
                    f"({', '.join(sorted(conflict.velden))})."
                )
            _check_text_fields(change.tbl, waarden)
            _keep(session.connection(), change, conflict, waarden)
        elif keuze == "mijn":
            mijn = {veld: v.get("mijn") for veld, v in conflict.velden.items()}
            _keep(session.connection(), change, conflict, mijn)
        elif keuze != "hun":
            raise ValidationFailed(f"Onbekende keuze '{keuze}'.")
        conflict.status = "opgelost"
        conflict.keuze = keuze
        conflict.opgelost_door_id = ctx.actor.medewerker_id
        conflict.opgelost_op = ctx.now()
        record_audit(
            session,
            ctx.actor,
            "conflict_opgelost",
            f"Synchronisatieconflict opgelost ({_KEUZE_TEKST[keuze]})",
            entiteit=conflict.tabel,
            entiteit_id=change.key if isinstance(change.key, uuid.UUID) else None,
            dossier_id=conflict.dossier_id,
            gegevens={"keuze": keuze, "velden": sorted(conflict.velden)},
        )
        session.flush()
        return _info(session, conflict)


_KEUZE_TEKST = {"mijn": "mijn versie", "hun": "versie van de collega", "bewerkt": "aangepast"}


def _check_text_fields(tbl: Table, waarden: dict[str, Any]) -> None:
    """A typed-in value only fits a text field; others are chosen from both versions."""
    for veld, waarde in waarden.items():
        if not isinstance(tbl.c[veld].type, String) or not isinstance(waarde, str):
            raise ValidationFailed(
                f"'{veld.replace('_', ' ')}' kunt u niet zelf invullen; kies uw versie of die van "
                "de collega."
            )


def _check_may_resolve(session: Session, ctx: ServiceContext, conflict: SyncConflict) -> None:
    if conflict.mijn_medewerker_id == ctx.actor.medewerker_id:
        return
    dossier = session.get(Dossier, conflict.dossier_id) if conflict.dossier_id else None
    if dossier is None or not may_edit(session, ctx.actor, dossier):
        raise AccessDenied(
            "Alleen wie de wijziging deed, of een behandelaar, mag hierover beslissen."
        )


def _keep(
    connection: Connection, change: Change, conflict: SyncConflict, waarden: dict[str, Any]
) -> None:
    """Put the chosen values on the server."""
    exists = current_row(connection, change) is not None
    try:
        with connection.begin_nested():
            if conflict.operatie == "delete":
                if exists:
                    connection.execute(
                        change.tbl.delete().where(key_column(change.tbl) == change.key)
                    )
            elif exists:
                write_row(connection, change, {k: encode(v) for k, v in waarden.items()})
            elif conflict.operatie == "insert":
                connection.execute(insert(change.tbl).values(decode_row(change.tbl, waarden)))
            else:
                raise ValidationFailed(
                    "Dit record is op de server verwijderd; uw waarden kunnen er niet meer in. "
                    "Kies 'versie van de collega' en voer uw gegevens zo nodig opnieuw in."
                )
    except IntegrityError as exc:
        raise ValidationFailed(
            "Uw versie past niet meer bij wat er nu op de server staat (het is dubbel of "
            "verwijst naar iets dat verwijderd is). Kies 'versie van de collega'."
        ) from exc
