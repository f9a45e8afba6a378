"""Online or offline: probing the shared database and switching the app to the replica.

``probe`` tries the shared database with a short timeout. ``Verbinding`` remembers the last
answer and reports transitions (online → offline and back) to its listeners; the views call
``controleer`` from a timer on a worker thread. ``modus(db)`` tells services and views whether
they run on the replica, and ``vereis_online`` refuses, in Dutch, what cannot be done offline
(new hoofddossiers, Exchange: agenda changes then go to the outbox instead).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from igj_desktop.db import Database
from igj_desktop.services.base import Actor, ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.capture import is_replica

PROBE_TIMEOUT_SECONDS = 2


class Modus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


def modus(db: Database) -> Modus:
    """OFFLINE when ``db`` is the laptop's replica of taken dossiers."""
    return Modus.OFFLINE if is_replica(db) else Modus.ONLINE


def vereis_online(db: Database, actie: str) -> None:
    """Refuse ``actie`` (e.g. "een nieuw dossier aanmaken") while working offline."""
    if modus(db) is Modus.OFFLINE:
        raise ValidationFailed(
            f"U werkt offline: {actie} kan pas weer als de verbinding met de gedeelde database "
            "terug is. Er is niets gewijzigd."
        )


def exchange_toegestaan(db: Database) -> bool:
    """Whether agenda changes may go to Exchange now; offline they wait in the outbox."""
    return modus(db) is Modus.ONLINE


def probe(url: str, timeout: int = PROBE_TIMEOUT_SECONDS) -> bool:
    """True when the database at ``url`` answers ``SELECT 1`` within about ``timeout`` seconds."""
    parsed = make_url(url)
    connect_args: dict[str, object] = {}
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
        connect_args["connect_timeout"] = max(1, timeout)
    else:
        connect_args["timeout"] = timeout
    engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DBAPIError, OSError):
        return False
    finally:
        engine.dispose()
    return True


Listener = Callable[[Modus], None]


class Verbinding:
    """The connection state of the shared database, with online/offline transitions."""

    def __init__(
        self,
        shared: Database,
        probe_fn: Callable[[], bool] | None = None,
        modus: Modus = Modus.ONLINE,
    ) -> None:
        self.shared = shared
        self._probe = probe_fn or (lambda: probe(shared.url))
        self._modus = modus
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @property
    def modus(self) -> Modus:
        return self._modus

    def bij_wissel(self, listener: Listener) -> None:
        """Call ``listener(nieuwe_modus)`` on every transition."""
        self._listeners.append(listener)

    def controleer(self) -> Modus | None:
        """Probe once; returns the new mode on a transition, else None."""
        nieuw = Modus.ONLINE if self._probe() else Modus.OFFLINE
        with self._lock:
            if nieuw is self._modus:
                return None
            self._modus = nieuw
        for listener in list(self._listeners):
            listener(nieuw)
        return nieuw


class Werkplek:
    """Which database the app works on: the shared one online, the replica offline."""

    def __init__(self, verbinding: Verbinding, replica: Database | None) -> None:
        self.verbinding = verbinding
        self.replica = replica

    @property
    def modus(self) -> Modus:
        return self.verbinding.modus

    def context(self, actor: Actor) -> ServiceContext:
        """A service context on the database that is in use now."""
        return ServiceContext(self.database(), actor)

    def database(self) -> Database:
        if self.verbinding.modus is Modus.ONLINE:
            return self.verbinding.shared
        if self.replica is None:
            raise ValidationFailed(
                "De gedeelde database is niet bereikbaar en u hebt geen dossiers meegenomen. "
                "Controleer de netwerkverbinding."
            )
        return self.replica
