"""The outbox: work for Exchange (meetings, mail) that is kept until it went out, exactly once.

Services add an ``OutboxItem`` in the same transaction as the change that needs it, so nothing
is lost when Exchange is unreachable. ``process_outbox`` sends what is due, strictly in order
(an update never overtakes the create it depends on), and on a temporary failure waits with
exponential backoff (or the server's own back-off hint, when longer). Sending twice is prevented
by the gateway: it first looks the item up by our UUID before creating or sending it again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from igj_desktop.integrations.exchange.agenda import (
    AgendaGateway,
    AgendaRefused,
    AgendaUnavailable,
)
from igj_desktop.models import Afspraak, OutboxItem
from igj_desktop.models.outbox import OutboxStatus

from .audit import record_audit
from .base import AMSTERDAM, Actor, ServiceContext, check_version
from .errors import NotFound

FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)

Handler = Callable[[Session, AgendaGateway, dict[str, Any]], None]
"""Does the work of one outbox item inside its transaction; raises gateway errors."""


@dataclass(frozen=True)
class OutboxRun:
    verzonden: int
    wachtend: int
    mislukt: int
    melding: str = ""


def enqueue(
    session: Session,
    actor: Actor,
    soort: str,
    payload: dict[str, Any],
    *,
    afspraak_id: uuid.UUID | None = None,
    sleutel: str | None = None,
) -> OutboxItem:
    """Queue work in the caller's transaction; ``sleutel`` makes a request unique."""
    item = OutboxItem(
        soort=soort,
        sleutel=sleutel or f"{soort}:{uuid.uuid4()}",
        payload=payload,
        afspraak_id=afspraak_id,
        aangemaakt_door_id=actor.medewerker_id,
    )
    session.add(item)
    return item


def backoff(pogingen: int, hint: float | None = None) -> timedelta:
    """30 s, 1 min, 2 min … at most an hour; never shorter than the server asked."""
    delay = min(FIRST_DELAY * 2 ** max(pogingen - 1, 0), MAX_DELAY)
    if hint is not None:
        delay = max(delay, timedelta(seconds=hint))
    return delay


def _waiting(actor: Actor) -> Any:
    return (
        select(OutboxItem)
        .where(
            OutboxItem.status == OutboxStatus.WACHTEND,
            OutboxItem.aangemaakt_door_id == actor.medewerker_id,
        )
        .order_by(OutboxItem.aangemaakt_op, OutboxItem.id)
    )


def process_outbox(
    ctx: ServiceContext,
    gateway: AgendaGateway,
    handlers: dict[str, Handler],
    now: datetime | None = None,
) -> OutboxRun:
    """Send the actor's due items in order; stop at the first one that must wait."""
    now = now or ctx.now()
    verzonden = mislukt = 0
    melding = ""
    with ctx.read() as session:
        ids = [i.id for i in session.scalars(_waiting(ctx.actor))]
    for item_id in ids:
        with ctx.unit_of_work() as session:
            item = session.get(OutboxItem, item_id)
            if item is None or item.status != OutboxStatus.WACHTEND:
                continue
            if item.volgende_poging_op > now:
                break
            item.pogingen += 1
            try:
                handlers[item.soort](session, gateway, dict(item.payload))
            except AgendaUnavailable as e:
                item.laatste_fout = str(e)
                item.volgende_poging_op = now + backoff(item.pogingen, e.back_off)
                melding = str(e)
            except (AgendaRefused, LookupError) as e:
                item.status = OutboxStatus.MISLUKT
                item.laatste_fout = str(e)
                mislukt += 1
                continue
            except Exception as e:
                # A fault of ours or of exchangelib: keep the item, try again later, never loop hot.
                item.laatste_fout = f"Onverwachte fout: {e!r}"
                item.volgende_poging_op = now + backoff(item.pogingen)
                melding = item.laatste_fout
            else:
                item.status = OutboxStatus.VERZONDEN
                item.laatste_fout = None
                verzonden += 1
                continue
        break
    return OutboxRun(verzonden, wachtend_aantal(ctx), mislukt, melding)


def wachtend_aantal(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return session.execute(
            select(func.count()).select_from(_waiting(ctx.actor).order_by(None).subquery())
        ).scalar_one()


def outbox_status(ctx: ServiceContext, *, ingesteld: bool = True) -> str:
    """The status bar text: what waits for Exchange and when it is tried again; '' when empty.

    Without Exchange configured nothing is tried again, so no time is promised."""
    with ctx.read() as session:
        items = list(session.scalars(_waiting(ctx.actor)))
        failed = session.scalar(
            select(func.count())
            .select_from(OutboxItem)
            .where(
                OutboxItem.status == OutboxStatus.MISLUKT,
                OutboxItem.aangemaakt_door_id == ctx.actor.medewerker_id,
            )
        )
    parts = []
    if items:
        wanneer = items[0].volgende_poging_op.astimezone(AMSTERDAM).strftime("%H:%M")
        wat = "1 bericht wacht" if len(items) == 1 else f"{len(items)} berichten wachten"
        parts.append(
            f"{wat} op Exchange (volgende poging {wanneer})"
            if ingesteld
            else f"{wat} tot Exchange is ingesteld (Extra-menu)"
        )
    if failed:
        parts.append(f"{failed} niet verstuurd, zie de afspraak")
    return "; ".join(parts)


# --- what waits, for the user to see, retry or remove ----------------------------------------

SOORT_LABELS = {
    "agenda.aanmaken": "Uitnodiging",
    "agenda.bijwerken": "Wijziging van afspraak",
    "agenda.annuleren": "Afzegging",
    "mail.versturen": "E-mail",
}


@dataclass(frozen=True)
class OutboxRegel:
    """One message of the actor that has not gone out (yet)."""

    id: uuid.UUID
    soort: str
    betreft: str
    mislukt: bool
    pogingen: int
    volgende_poging: datetime
    reden: str
    version: int


def _reden(item: OutboxItem) -> str:
    fout = item.laatste_fout or ""
    if not fout:
        return "Nog niet geprobeerd" if item.pogingen == 0 else ""
    if fout.startswith("Onverwachte fout"):
        return "Onverwachte fout bij het versturen; de details staan in het logboek."
    return fout


def outbox_inhoud(ctx: ServiceContext) -> list[OutboxRegel]:
    """The actor's messages still waiting for Exchange or refused by it, oldest first."""
    with ctx.read() as session:
        rows = session.execute(
            select(OutboxItem, Afspraak.onderwerp)
            .outerjoin(Afspraak, Afspraak.id == OutboxItem.afspraak_id)
            .where(
                OutboxItem.status.in_((OutboxStatus.WACHTEND, OutboxStatus.MISLUKT)),
                OutboxItem.aangemaakt_door_id == ctx.actor.medewerker_id,
            )
            .order_by(OutboxItem.aangemaakt_op, OutboxItem.id)
        ).all()
        return [
            OutboxRegel(
                id=item.id,
                soort=SOORT_LABELS.get(item.soort, item.soort),
                betreft=str(item.payload.get("onderwerp") or onderwerp or ""),
                mislukt=item.status == OutboxStatus.MISLUKT,
                pogingen=item.pogingen,
                volgende_poging=item.volgende_poging_op,
                reden=_reden(item),
                version=item.version,
            )
            for item, onderwerp in rows
        ]


def _eigen_item(session: Session, ctx: ServiceContext, regel: OutboxRegel) -> OutboxItem:
    item = session.get(OutboxItem, regel.id)
    if (
        item is None
        or item.aangemaakt_door_id != ctx.actor.medewerker_id
        or item.status == OutboxStatus.VERZONDEN
    ):
        raise NotFound("Dit bericht staat niet meer klaar; het is verstuurd of verwijderd.")
    check_version(item.version, regel.version)
    return item


def _audit(session: Session, ctx: ServiceContext, item: OutboxItem, actie: str, wat: str) -> None:
    afspraak = session.get(Afspraak, item.afspraak_id) if item.afspraak_id else None
    record_audit(
        session, ctx.actor, actie, wat, entiteit="outbox_item", entiteit_id=item.id,
        dossier_id=afspraak.dossier_id if afspraak is not None else None,
    )  # fmt: skip


def outbox_opnieuw(ctx: ServiceContext, regel: OutboxRegel) -> None:
    """Try a waiting or refused message again at the next round, now."""
    with ctx.unit_of_work() as session:
        item = _eigen_item(session, ctx, regel)
        item.status = OutboxStatus.WACHTEND
        item.volgende_poging_op = ctx.now()
        _audit(session, ctx, item, "outbox_opnieuw", f"{regel.soort} opnieuw aangeboden")


def outbox_verwijderen(ctx: ServiceContext, regel: OutboxRegel) -> None:
    """Remove a message: it will never be sent (the afspraak itself stays as it is)."""
    with ctx.unit_of_work() as session:
        item = _eigen_item(session, ctx, regel)
        _audit(session, ctx, item, "outbox_verwijderd", f"{regel.soort} niet verstuurd")
        session.delete(item)


class OutboxWorker:
    """A background thread that empties the outbox and sleeps until the next item is due.

    ``wake()`` after queueing work or when the network returns; ``on_run`` receives each
    ``OutboxRun`` (the window posts it to the status bar on its own thread).
    """

    def __init__(
        self,
        ctx: ServiceContext,
        gateway_factory: Callable[[], AgendaGateway],
        handlers: dict[str, Handler],
        on_run: Callable[[OutboxRun], None] | None = None,
        idle: timedelta = timedelta(minutes=5),
    ) -> None:
        self.ctx = ctx
        self.gateway_factory = gateway_factory
        self.handlers = handlers
        self.on_run = on_run
        self.idle = idle
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="igj-outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()

    def _next_due(self) -> float:
        with self.ctx.read() as session:
            first = session.scalars(_waiting(self.ctx.actor).limit(1)).first()
        if first is None:
            return self.idle.total_seconds()
        return max((first.volgende_poging_op - self.ctx.now()).total_seconds(), 0.0)

    def _loop(self) -> None:
        gateway: AgendaGateway | None = None
        while not self._stop.is_set():
            wait = self.idle.total_seconds()
            try:
                gateway = gateway or self.gateway_factory()
                run = process_outbox(self.ctx, gateway, self.handlers)
                if run.wachtend:
                    wait = self._next_due()
            except Exception as e:
                # No gateway (settings, keyring) for now: report, and try again after a while.
                run = OutboxRun(0, wachtend_aantal(self.ctx), 0, str(e))
                wait = FIRST_DELAY.total_seconds()
            if self.on_run is not None:
                self.on_run(run)
            self._wake.wait(timeout=wait)
            self._wake.clear()
