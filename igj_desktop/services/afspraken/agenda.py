"""Keeping Outlook agendas in step: the outbox handlers that create, update and cancel the
meeting and send the mail (``HANDLERS``), and the two-way sync that reads the answers back
(``synchroniseer_agenda``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from igj_desktop.integrations.exchange.agenda import (
    AgendaGateway,
    AgendaItem,
    MailBericht,
    Meeting,
)
from igj_desktop.models import (
    Afspraak,
    AfspraakSoort,
    AfspraakStatus,
    OutboxItem,
)
from igj_desktop.models.outbox import OutboxStatus
from igj_desktop.services import outbox
from igj_desktop.services.afspraken.afspraak import (
    AGENDA_AANMAKEN,
    AGENDA_ANNULEREN,
    AGENDA_BIJWERKEN,
    MAIL_VERSTUREN,
    ONAANGEKONDIGD,
    deelnemer_row,
    wanneer_tekst,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext

ANTWOORDEN = {"Accept": "geaccepteerd", "Decline": "afgeslagen", "Tentative": "onder voorbehoud"}


def synchroniseer_agenda(ctx: ServiceContext, gateway: AgendaGateway) -> list[str]:
    """Take over what changed in Outlook since the last sync; returns Dutch lines about it.

    A time changed in Outlook is taken over, unless our own change still waits in the outbox:
    then the afspraak keeps our time and gets the conflict flag.
    """
    meldingen = []
    for item in gateway.meetings():
        with ctx.unit_of_work() as session:
            afspraak = session.get(Afspraak, item.afspraak_id)
            if afspraak is None or afspraak.exchange_changekey == item.changekey:
                continue
            pending = session.scalar(
                select(OutboxItem.id).where(
                    OutboxItem.afspraak_id == afspraak.id,
                    OutboxItem.status == OutboxStatus.WACHTEND,
                )
            )
            regels = []
            if (item.begin, item.einde) != (afspraak.begin, afspraak.einde):
                regel = f"In Outlook verplaatst naar {wanneer_tekst(item.begin)}"
                if pending is not None:
                    afspraak.conflict = True
                    regel += " (conflict: de wijziging in de app is nog niet verstuurd)"
                else:
                    afspraak.begin, afspraak.einde = item.begin, item.einde
                regels.append(regel)
            if item.geannuleerd and afspraak.status != AfspraakStatus.STOPGEZET:
                regels.append("In Outlook geannuleerd")
            for d in afspraak.deelnemers:
                email = (deelnemer_row(session, d).email or "").lower()
                antwoord = item.antwoorden.get(email)
                if antwoord and antwoord != d.antwoord:
                    d.antwoord = antwoord
                    if antwoord in ANTWOORDEN:
                        regels.append(
                            f"{deelnemer_row(session, d).naam} heeft {ANTWOORDEN[antwoord]}"
                        )
            afspraak.exchange_item_id, afspraak.exchange_changekey = item.item_id, item.changekey
            if regels:
                afspraak.exchange_gewijzigd = "; ".join(regels) + "."
                meldingen.append(f"{afspraak.onderwerp}: {afspraak.exchange_gewijzigd}")
                record_audit(
                    session,
                    ctx.actor,
                    "afspraak_outlook",
                    f"Uit Outlook bij {afspraak.onderwerp}: {afspraak.exchange_gewijzigd}",
                    entiteit="afspraak",
                    entiteit_id=afspraak.id,
                    dossier_id=afspraak.dossier_id,
                )
    return meldingen


def _meeting(session: Session, afspraak: Afspraak) -> Meeting:
    """The meeting as Exchange should hold it: relaties are invited only to a bijeenkomst."""
    adressen = []
    for d in afspraak.deelnemers:
        row = deelnemer_row(session, d)
        if not row.email:
            continue
        eigen_agenda = row.medewerker_id == afspraak.aangemaakt_door_id
        uitgenodigd = (row.soort == "behandelaar" and not eigen_agenda) or (
            row.soort == "relatie"
            and afspraak.aangekondigd
            and afspraak.soort == AfspraakSoort.BIJEENKOMST
        )
        if uitgenodigd:
            adressen.append(row.email)
    return Meeting(
        afspraak_id=afspraak.id,
        onderwerp=afspraak.onderwerp,
        begin=afspraak.begin,
        einde=afspraak.einde,
        deelnemers=tuple(adressen),
        locatie=afspraak.locatie,
        toelichting=afspraak.toelichting,
    )


def _afspraak_van(session: Session, payload: dict[str, Any]) -> Afspraak:
    afspraak = session.get(Afspraak, uuid.UUID(payload["afspraak_id"]))
    if afspraak is None:
        raise LookupError("De afspraak bestaat niet meer.")
    return afspraak


def _cache(session: Session, afspraak_id: uuid.UUID, item: AgendaItem) -> None:
    """Remember the Exchange id/changekey without bumping the version: it is no user data,
    and a user editing the afspraak meanwhile must not get a conflict for it."""
    session.execute(
        update(Afspraak)
        .where(Afspraak.id == afspraak_id)
        .values(exchange_item_id=item.item_id, exchange_changekey=item.changekey)
        .execution_options(synchronize_session=False)
    )


def _aanmaken(session: Session, gateway: AgendaGateway, payload: dict[str, Any]) -> None:
    afspraak = _afspraak_van(session, payload)
    if afspraak.status == AfspraakStatus.STOPGEZET:
        return
    _cache(session, afspraak.id, gateway.create_meeting(_meeting(session, afspraak)))


def _bijwerken(session: Session, gateway: AgendaGateway, payload: dict[str, Any]) -> None:
    afspraak = _afspraak_van(session, payload)
    if afspraak.status == AfspraakStatus.STOPGEZET:
        return
    item = gateway.update_meeting(
        _meeting(session, afspraak), alleen_nieuwe=bool(payload.get("alleen_nieuwe"))
    )
    _cache(session, afspraak.id, item)


def _annuleren(session: Session, gateway: AgendaGateway, payload: dict[str, Any]) -> None:
    gateway.cancel_meeting(uuid.UUID(payload["afspraak_id"]), payload["reden"])


def _mail(session: Session, gateway: AgendaGateway, payload: dict[str, Any]) -> None:
    afspraak = _afspraak_van(session, payload)
    if not afspraak.aangekondigd:
        raise LookupError(ONAANGEKONDIGD)
    gateway.send_mail(
        MailBericht(
            bericht_id=uuid.UUID(payload["bericht_id"]),
            onderwerp=payload["onderwerp"],
            tekst=payload["tekst"],
            aan=tuple(payload["aan"]),
        )
    )


HANDLERS: dict[str, outbox.Handler] = {
    AGENDA_AANMAKEN: _aanmaken,
    AGENDA_BIJWERKEN: _bijwerken,
    AGENDA_ANNULEREN: _annuleren,
    MAIL_VERSTUREN: _mail,
}
