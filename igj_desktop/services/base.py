"""The context every service call runs in: who acts, on which database, in one transaction."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import literal_column, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from igj_desktop.db import Database
from igj_desktop.models import Lidmaatschap, Medewerker, MedewerkerRol
from igj_desktop.tijd import AMSTERDAM

from .alleen_lezen import MELDING as ALLEEN_LEZEN_MELDING
from .alleen_lezen import AlleenLezen
from .errors import Conflict, NotFound, ServiceError
from .storing import aanmelden_mislukt, als_storing
from .tekens import refuse_nul_on_flush

CONFLICT_MESSAGE = (
    "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen: "
    "laad de gegevens opnieuw en voer de wijziging opnieuw uit."
)


@dataclass(frozen=True)
class Actor:
    """The logged-in medewerker, with the groepen and rollen that decide access."""

    medewerker_id: uuid.UUID
    gebruikersnaam: str
    naam: str
    groep_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    rollen: frozenset[str] = field(default_factory=frozenset)

    def heeft_rol(self, *rollen: str) -> bool:
        return any(rol in self.rollen for rol in rollen)

    @property
    def lezer_ids(self) -> list[uuid.UUID]:
        """Who a dossier's ``zoek_lezers`` names when this actor may read it (migration 0011)."""
        return [self.medewerker_id, *self.groep_ids]


def load_actor(session: Session, gebruikersnaam: str) -> Actor:
    medewerker = session.scalar(
        select(Medewerker).where(Medewerker.gebruikersnaam == gebruikersnaam.lower())
    )
    if medewerker is None or not medewerker.actief:
        raise NotFound(
            f"Er is geen actieve medewerker met gebruikersnaam '{gebruikersnaam}'. "
            "Vraag een beheerder u toe te voegen."
        )
    return _actor(session, medewerker)


def load_session_actor(session: Session) -> Actor:
    """On the shared database the medewerker is the PostgreSQL login itself (``session_user``,
    from Kerberos/SSPI or a password): no name the client could choose. One round trip at
    start; the role's name is only asked for when it belongs to nobody."""
    medewerker = session.scalar(
        select(Medewerker).where(Medewerker.db_rol == literal_column("session_user"))
    )
    if medewerker is None or not medewerker.actief:
        rol = session.scalar(text("SELECT session_user"))
        raise NotFound(
            f"De databasegebruiker '{rol}' hoort bij geen actieve medewerker. "
            "Vraag een beheerder u toe te voegen."
        )
    return _actor(session, medewerker)


def _actor(session: Session, medewerker: Medewerker) -> Actor:
    groepen = session.scalars(
        select(Lidmaatschap.groep_id).where(Lidmaatschap.medewerker_id == medewerker.id)
    )
    rollen = session.scalars(
        select(MedewerkerRol.rol_code).where(MedewerkerRol.medewerker_id == medewerker.id)
    )
    return Actor(
        medewerker_id=medewerker.id,
        gebruikersnaam=medewerker.gebruikersnaam,
        naam=medewerker.naam,
        groep_ids=frozenset(groepen),
        rollen=frozenset(rollen),
    )


refuse_nul_on_flush()


class ServiceContext:
    """Handed to every service function: the database, the actor and the clock."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @classmethod
    def for_user(cls, db: Database, gebruikersnaam: str) -> ServiceContext:
        with db.session() as session:
            try:
                return cls(db, load_actor(session, gebruikersnaam))
            except (DBAPIError, OSError) as exc:  # at login: the database just went away
                raise _storing(exc) from exc

    @classmethod
    def log_in(cls, db: Database, gebruikersnaam: str) -> ServiceContext:
        """Who uses the app: on the shared database the login role (``gebruikersnaam``, from
        IGJ_GEBRUIKER or the OS, has no effect there); on the embedded one that name."""
        if db.is_embedded:
            return cls.for_user(db, gebruikersnaam)
        with db.session() as session:
            try:
                session.connection()  # the login itself: refused, or the server unreachable
            except (DBAPIError, OSError) as exc:
                raise aanmelden_mislukt(exc) from exc
            try:
                return cls(db, load_session_actor(session))
            except (DBAPIError, OSError) as exc:  # at login: the database just went away
                raise _storing(exc) from exc

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """Today in the Netherlands: termijnen are Dutch calendar dates."""
        return self.now().astimezone(AMSTERDAM).date()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction; a concurrent change surfaces as ``Conflict``, never a lost update,
        and a failing database or disk as a Dutch ``Storing`` (after the rollback); in
        read-only mode no transaction starts (``AlleenLezen``)."""
        if self.db.alleen_lezen:
            raise AlleenLezen(ALLEEN_LEZEN_MELDING)
        with self.db.session() as session:
            try:
                with session.begin():
                    yield session
            except StaleDataError as exc:
                raise Conflict(CONFLICT_MESSAGE) from exc
            except (DBAPIError, OSError) as exc:
                raise _storing(exc) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; a failing database or disk becomes a Dutch ``Storing``."""
        with self.db.session() as session:
            try:
                yield session
            except (DBAPIError, OSError) as exc:
                raise _storing(exc) from exc


def _storing(exc: DBAPIError | OSError) -> ServiceError:
    storing = als_storing(exc)
    assert storing is not None  # every database and disk error has its Dutch text
    return storing


Q = TypeVar("Q")


def vaste_query(bouw: Callable[[Actor], Q]) -> Callable[[Actor], Q]:
    """A statement built once per actor (its other values bound parameters) and reused: a
    statement SQLAlchemy builds anew costs, besides the building, a new cache key on every
    execution, which for the screens opened all day weighs more than the query itself."""
    return functools.lru_cache(maxsize=64)(bouw)


def check_version(current: int, expected: int | None) -> None:
    """Refuse a write based on a read model older than the row (the desktop's lost update)."""
    if expected is not None and current != expected:
        raise Conflict(CONFLICT_MESSAGE)
