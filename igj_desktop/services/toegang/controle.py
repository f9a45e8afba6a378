"""Who may see and change a dossier. Every read path filters with ``visible_dossiers``.

A dossier is visible to medewerkers with their own toegang row and to members of groepen
granted access; an afgeschermd dossier only to medewerkers with their own row (the
behandelteam). Writing needs the behandelaar role, directly or through a groep.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from igj_desktop.models import Dossier, DossierStatus, Toegang, ToegangRol
from igj_desktop.services.alleen_lezen import is_alleen_lezen
from igj_desktop.services.base import Actor
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.read_models import ToegangRow

NIET_GEVONDEN = "Dossier niet gevonden, of u hebt er geen toegang toe."
GESLOTEN = (
    "Dit dossier is gesloten en alleen nog raadpleegbaar; alleen documenten toevoegen kan nog."
)


def _own_row(actor: Actor, dossier_id: SQLColumnExpression[uuid.UUID]) -> ColumnElement[bool]:
    return exists().where(
        Toegang.dossier_id == dossier_id, Toegang.medewerker_id == actor.medewerker_id
    )


def _group_row(actor: Actor, dossier_id: SQLColumnExpression[uuid.UUID]) -> ColumnElement[bool]:
    if not actor.groep_ids:
        return false()
    return exists().where(Toegang.dossier_id == dossier_id, Toegang.groep_id.in_(actor.groep_ids))


def visible_dossiers(actor: Actor, dossier: type[Dossier] = Dossier) -> ColumnElement[bool]:
    """A WHERE clause that keeps only the dossiers ``actor`` may see."""
    return or_(
        _own_row(actor, dossier.id),
        and_(dossier.afgeschermd.is_(False), _group_row(actor, dossier.id)),
    )


def visible_dossier_ids(actor: Actor) -> Select[tuple[uuid.UUID]]:
    return select(Dossier.id).where(visible_dossiers(actor))


def may_edit(session: Session, actor: Actor, dossier: Dossier) -> bool:
    if is_alleen_lezen(session):  # read-only mode: every write action off (read models)
        return False
    wie = [Toegang.medewerker_id == actor.medewerker_id]
    if actor.groep_ids and not dossier.afgeschermd:
        wie.append(Toegang.groep_id.in_(actor.groep_ids))
    rollen = session.scalars(
        select(Toegang.rol).where(Toegang.dossier_id == dossier.id, or_(*wie))
    ).all()
    return ToegangRol.BEHANDELAAR in rollen


def mag_wijzigen(
    session: Session, actor: Actor, afgeschermd: bool, toegang: Iterable[ToegangRow]
) -> bool:
    """``may_edit`` decided from the dossier's toegang rows already read (no query)."""
    if is_alleen_lezen(session):
        return False
    groepen = actor.groep_ids if not afgeschermd else frozenset()
    return any(
        t.rol == ToegangRol.BEHANDELAAR
        and (t.medewerker_id == actor.medewerker_id or t.groep_id in groepen)
        for t in toegang
    )


def lock_dossier(session: Session, dossier_id: uuid.UUID) -> None:
    """Hold the dossier until commit, so concurrent changes to it (its team, closing it
    while a subdossier is added) run one after the other and the later one sees the first.

    PostgreSQL: a row lock. SQLite has no row locks and starts the transaction only at the
    first write: a write that changes nothing takes the database's write lock right here,
    and everything read after it is current."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(Dossier.__table__)
            .where(Dossier.__table__.c.id == dossier_id)
            .values(subnummer_laatste=Dossier.__table__.c.subnummer_laatste)
        )
    else:
        session.execute(select(Dossier.id).where(Dossier.id == dossier_id).with_for_update())


def hold_dossier(session: Session, actor: Actor, dossier_id: uuid.UUID) -> Dossier:
    """The dossier ``actor`` may change, held until commit (``lock_dossier``) and checked
    again once held: a colleague it waited for may have changed the team meanwhile, and who
    lost the right to change it is then refused as such (on PostgreSQL the policies may even
    hide the rows it waited for)."""
    dossier = get_dossier(session, actor, dossier_id, write=True)
    lock_dossier(session, dossier.id)
    session.expire(dossier)
    return get_dossier(session, actor, dossier_id, write=True)


def get_dossier(
    session: Session,
    actor: Actor,
    dossier_id: uuid.UUID,
    *,
    write: bool = False,
    allow_closed: bool = False,
) -> Dossier:
    """Load a dossier the actor may see (``write``: may change); otherwise a Dutch refusal."""
    dossier = session.scalar(
        select(Dossier).where(Dossier.id == dossier_id, visible_dossiers(actor))
    )
    if dossier is None:
        raise NotFound(NIET_GEVONDEN)
    if write:
        if not may_edit(session, actor, dossier):
            raise ValidationFailed(
                f"U mag dossier {dossier.kenmerk} alleen raadplegen; vraag een behandelaar om "
                "toegang als behandelaar."
            )
        if dossier.status == DossierStatus.GESLOTEN and not allow_closed:
            raise ValidationFailed(GESLOTEN)
    return dossier
