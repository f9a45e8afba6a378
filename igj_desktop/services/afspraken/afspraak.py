"""Afspraken: plan, change and stop visits and meetings; mail to the relaties, .ics export.

Every change that must reach Exchange is queued in the outbox in the same transaction
(``services.outbox``); the handlers in ``afspraken.agenda`` do that work later with the
current state of the afspraak. Rules that hold whatever the screen offers:

- the relatie of an onaangekondigd bezoek receives nothing, ever: no mail, no meeting request;
- a relatie gets a meeting request only for a bijeenkomst; otherwise an afspraakbevestiging
  e-mail that the user sees and may edit before it goes out;
- behandelaars always get the meeting in their own agenda (a meeting request).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Afspraak,
    AfspraakSoort,
    AfspraakStatus,
    Deelnemer,
    Medewerker,
    OutboxItem,
    Relatie,
)
from igj_desktop.models.outbox import OutboxStatus
from igj_desktop.services import outbox
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import AMSTERDAM, ServiceContext, check_version
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier, visible_dossier_ids

NOG_IN_TE_VULLEN = "nog in te vullen"
ONAANGEKONDIGD = "Dit bezoek is onaangekondigd: de relatie krijgt geen bericht en geen uitnodiging."
MAIL_DIR = Path(sjablonen.SJABLONEN_DIR) / "mail"

AGENDA_AANMAKEN = "agenda.aanmaken"
AGENDA_BIJWERKEN = "agenda.bijwerken"
AGENDA_ANNULEREN = "agenda.annuleren"
MAIL_VERSTUREN = "mail.versturen"


@dataclass(frozen=True)
class DeelnemerInvoer:
    """A behandelaar (medewerker_id), a relatie (relatie_id), or neither: nog in te vullen."""

    medewerker_id: uuid.UUID | None = None
    relatie_id: uuid.UUID | None = None
    naam: str = ""


@dataclass(frozen=True)
class NieuweAfspraak:
    onderwerp: str
    begin: datetime
    einde: datetime
    soort: str = AfspraakSoort.BEZOEK
    aangekondigd: bool = True
    locatie: str = ""
    toelichting: str = ""
    deelnemers: tuple[DeelnemerInvoer, ...] = ()
    workflow_id: uuid.UUID | None = None
    activiteit_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DeelnemerRow:
    id: uuid.UUID
    soort: str  # "behandelaar", "relatie" or "nog in te vullen"
    naam: str
    email: str
    antwoord: str
    medewerker_id: uuid.UUID | None
    relatie_id: uuid.UUID | None


@dataclass(frozen=True)
class AfspraakRow:
    id: uuid.UUID
    dossier_id: uuid.UUID
    soort: str
    onderwerp: str
    locatie: str
    begin: datetime
    einde: datetime
    aangekondigd: bool
    status: str
    reden_stopzetten: str | None
    toelichting: str
    version: int
    conflict: bool
    wijziging_outlook: str
    wacht_op_exchange: bool
    deelnemers: tuple[DeelnemerRow, ...] = field(default_factory=tuple)
    mag_wijzigen: bool = True  # not stopgezet: it can be moved, extended and stopped


@dataclass(frozen=True)
class MailConcept:
    """A mail the user sees and may edit before it goes out; ``bericht_id`` makes it send-once."""

    afspraak_id: uuid.UUID
    onderwerp: str
    tekst: str
    aan: tuple[str, ...]
    bericht_id: uuid.UUID = field(default_factory=uuid.uuid4)


# --- reading ---------------------------------------------------------------------------------


def deelnemer_row(session: Session, d: Deelnemer) -> DeelnemerRow:
    if d.medewerker_id:
        m = session.get_one(Medewerker, d.medewerker_id)
        soort, naam, email = "behandelaar", m.naam, m.email or ""
    elif d.relatie_id:
        r = session.get_one(Relatie, d.relatie_id)
        soort, naam, email = "relatie", r.naam, d.email or r.email or ""
    else:
        soort, naam, email = NOG_IN_TE_VULLEN, d.naam or NOG_IN_TE_VULLEN, ""
    return DeelnemerRow(d.id, soort, naam, email, d.antwoord, d.medewerker_id, d.relatie_id)


def _row(session: Session, a: Afspraak) -> AfspraakRow:
    waiting = session.scalar(
        select(OutboxItem.id)
        .where(OutboxItem.afspraak_id == a.id, OutboxItem.status == OutboxStatus.WACHTEND)
        .limit(1)
    )
    return AfspraakRow(
        id=a.id,
        dossier_id=a.dossier_id,
        soort=a.soort,
        onderwerp=a.onderwerp,
        locatie=a.locatie,
        begin=a.begin,
        einde=a.einde,
        aangekondigd=a.aangekondigd,
        status=a.status,
        reden_stopzetten=a.reden_stopzetten,
        toelichting=a.toelichting,
        version=a.version,
        conflict=a.conflict,
        wijziging_outlook=a.exchange_gewijzigd or "",
        wacht_op_exchange=waiting is not None,
        deelnemers=tuple(
            deelnemer_row(session, d) for d in sorted(a.deelnemers, key=lambda d: d.aangemaakt_op)
        ),
        mag_wijzigen=a.status != AfspraakStatus.STOPGEZET,
    )


def _load(session: Session, ctx: ServiceContext, afspraak_id: uuid.UUID, write: bool) -> Afspraak:
    afspraak = session.get(Afspraak, afspraak_id)
    if afspraak is None:
        raise NotFound("Deze afspraak bestaat niet (meer).")
    get_dossier(session, ctx.actor, afspraak.dossier_id, write=write)
    return afspraak


def get_afspraak(ctx: ServiceContext, afspraak_id: uuid.UUID) -> AfspraakRow:
    with ctx.read() as session:
        return _row(session, _load(session, ctx, afspraak_id, write=False))


def afspraken_van_dossier(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[AfspraakRow]:
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        rows = session.scalars(
            select(Afspraak).where(Afspraak.dossier_id == dossier_id).order_by(Afspraak.begin)
        )
        return [_row(session, a) for a in rows]


def mijn_afspraken(ctx: ServiceContext, van: datetime, tot: datetime) -> list[AfspraakRow]:
    """My agenda: afspraken I take part in or planned, overlapping [van, tot)."""
    with ctx.read() as session:
        mine = select(Deelnemer.afspraak_id).where(
            Deelnemer.medewerker_id == ctx.actor.medewerker_id
        )
        rows = session.scalars(
            select(Afspraak)
            .where(
                Afspraak.begin < tot,
                Afspraak.einde > van,
                Afspraak.dossier_id.in_(visible_dossier_ids(ctx.actor)),
                or_(
                    Afspraak.id.in_(mine),
                    Afspraak.aangemaakt_door_id == ctx.actor.medewerker_id,
                ),
            )
            .order_by(Afspraak.begin)
        )
        return [_row(session, a) for a in rows]


# --- changing --------------------------------------------------------------------------------


def _check_times(begin: datetime, einde: datetime) -> None:
    if begin.tzinfo is None or einde.tzinfo is None:
        raise ValidationFailed("Begin en einde van de afspraak missen een tijdzone.")
    if einde <= begin:
        raise ValidationFailed("Het einde van de afspraak moet na het begin liggen.")


def _add_deelnemers(
    session: Session, afspraak: Afspraak, invoer: tuple[DeelnemerInvoer, ...]
) -> list[str]:
    namen = []
    present = {
        (d.medewerker_id, d.relatie_id)
        for d in afspraak.deelnemers
        if d.medewerker_id or d.relatie_id
    }
    for d in invoer:
        if d.medewerker_id and d.relatie_id:
            raise ValidationFailed("Een deelnemer is een behandelaar of een relatie, niet allebei.")
        persoon: Medewerker | Relatie | None
        if d.medewerker_id:
            persoon = session.get(Medewerker, d.medewerker_id)
            if persoon is None:
                raise ValidationFailed("Deze medewerker bestaat niet.")
        elif d.relatie_id:
            persoon = session.get(Relatie, d.relatie_id)
            if persoon is None:
                raise ValidationFailed("Deze relatie staat niet in het relatieregister.")
        else:
            persoon = None
        if persoon is not None and (d.medewerker_id, d.relatie_id) in present:
            raise ValidationFailed(f"{persoon.naam} is al deelnemer aan deze afspraak.")
        present.add((d.medewerker_id, d.relatie_id))
        afspraak.deelnemers.append(
            Deelnemer(medewerker_id=d.medewerker_id, relatie_id=d.relatie_id, naam=d.naam.strip())
        )
        namen.append(persoon.naam if persoon is not None else d.naam.strip() or NOG_IN_TE_VULLEN)
    return namen


def plan_afspraak(ctx: ServiceContext, dossier_id: uuid.UUID, nieuw: NieuweAfspraak) -> AfspraakRow:
    """Plan an afspraak; its meeting goes to the behandelaars' agendas through the outbox."""
    if not nieuw.onderwerp.strip():
        raise ValidationFailed("Vul het onderwerp van de afspraak in.")
    if nieuw.soort not in set(AfspraakSoort):
        raise ValidationFailed("Kies het soort afspraak.")
    _check_times(nieuw.begin, nieuw.einde)
    if not nieuw.aangekondigd and nieuw.soort != AfspraakSoort.BEZOEK:
        raise ValidationFailed("Alleen een bezoek kan onaangekondigd zijn.")
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        afspraak = Afspraak(
            dossier_id=dossier.id,
            workflow_id=nieuw.workflow_id,
            activiteit_id=nieuw.activiteit_id,
            soort=nieuw.soort,
            onderwerp=nieuw.onderwerp.strip(),
            locatie=nieuw.locatie.strip(),
            toelichting=nieuw.toelichting.strip(),
            begin=nieuw.begin,
            einde=nieuw.einde,
            aangekondigd=nieuw.aangekondigd,
            aangemaakt_door_id=ctx.actor.medewerker_id,
        )
        session.add(afspraak)
        namen = _add_deelnemers(session, afspraak, nieuw.deelnemers)
        session.flush()
        outbox.enqueue(
            session,
            ctx.actor,
            AGENDA_AANMAKEN,
            {"afspraak_id": str(afspraak.id)},
            afspraak_id=afspraak.id,
            sleutel=f"{AGENDA_AANMAKEN}:{afspraak.id}",
        )
        record_audit(
            session,
            ctx.actor,
            "afspraak_gepland",
            f"Afspraak gepland: {afspraak.onderwerp} op {wanneer_tekst(afspraak.begin)}"
            + (f" met {', '.join(namen)}." if namen else "."),
            entiteit="afspraak",
            entiteit_id=afspraak.id,
            dossier_id=dossier.id,
            gegevens={"aangekondigd": afspraak.aangekondigd, "soort": afspraak.soort},
        )
        session.flush()
        return _row(session, afspraak)


def wanneer_tekst(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def _changed(
    ctx: ServiceContext,
    afspraak_id: uuid.UUID,
    version: int | None,
    actie: str,
    omschrijving: str,
    change: Any,
    *,
    alleen_nieuwe: bool = False,
) -> AfspraakRow:
    """Apply ``change(session, afspraak)``, queue the agenda update and audit it."""
    with ctx.unit_of_work() as session:
        afspraak = _load(session, ctx, afspraak_id, write=True)
        check_version(afspraak.version, version)
        if afspraak.status == AfspraakStatus.STOPGEZET:
            raise ValidationFailed("Deze afspraak is stopgezet en kan niet meer worden gewijzigd.")
        detail = change(session, afspraak)
        afspraak.conflict = False
        outbox.enqueue(
            session,
            ctx.actor,
            AGENDA_BIJWERKEN,
            {"afspraak_id": str(afspraak.id), "alleen_nieuwe": alleen_nieuwe},
            afspraak_id=afspraak.id,
        )
        record_audit(
            session,
            ctx.actor,
            actie,
            f"{omschrijving}: {afspraak.onderwerp}{detail}.",
            entiteit="afspraak",
            entiteit_id=afspraak.id,
            dossier_id=afspraak.dossier_id,
        )
        session.flush()
        return _row(session, afspraak)


def verplaats_afspraak(
    ctx: ServiceContext,
    afspraak_id: uuid.UUID,
    begin: datetime,
    einde: datetime,
    *,
    version: int | None = None,
) -> AfspraakRow:
    _check_times(begin, einde)

    def move(session: Session, afspraak: Afspraak) -> str:
        oud = wanneer_tekst(afspraak.begin)
        afspraak.begin, afspraak.einde = begin, einde
        afspraak.exchange_gewijzigd = None
        return f" van {oud} naar {wanneer_tekst(begin)}"

    return _changed(ctx, afspraak_id, version, "afspraak_verplaatst", "Afspraak verplaatst", move)


def voeg_deelnemers_toe(
    ctx: ServiceContext, afspraak_id: uuid.UUID, deelnemers: tuple[DeelnemerInvoer, ...]
) -> AfspraakRow:
    """Add deelnemers later; only the new ones receive a meeting request."""
    if not deelnemers:
        raise ValidationFailed("Kies minstens één deelnemer.")

    def add(session: Session, afspraak: Afspraak) -> str:
        return f" ({', '.join(_add_deelnemers(session, afspraak, deelnemers))})"

    return _changed(
        ctx,
        afspraak_id,
        None,
        "deelnemer_toegevoegd",
        "Deelnemers toegevoegd",
        add,
        alleen_nieuwe=True,
    )


def verwijder_deelnemer(
    ctx: ServiceContext, afspraak_id: uuid.UUID, deelnemer_id: uuid.UUID
) -> AfspraakRow:
    def remove(session: Session, afspraak: Afspraak) -> str:
        deelnemer = next((d for d in afspraak.deelnemers if d.id == deelnemer_id), None)
        if deelnemer is None:
            raise NotFound("Deze deelnemer hoort niet (meer) bij de afspraak.")
        naam = deelnemer_row(session, deelnemer).naam
        afspraak.deelnemers.remove(deelnemer)
        return f" ({naam})"

    return _changed(ctx, afspraak_id, None, "deelnemer_verwijderd", "Deelnemer verwijderd", remove)


def vul_deelnemer_in(
    ctx: ServiceContext, afspraak_id: uuid.UUID, deelnemer_id: uuid.UUID, wie: DeelnemerInvoer
) -> AfspraakRow:
    """A deelnemer that was 'nog in te vullen' becomes a known behandelaar or relatie."""

    def fill(session: Session, afspraak: Afspraak) -> str:
        deelnemer = next((d for d in afspraak.deelnemers if d.id == deelnemer_id), None)
        if deelnemer is None or deelnemer.medewerker_id or deelnemer.relatie_id:
            raise ValidationFailed(
                "Alleen een deelnemer die nog in te vullen is, kan worden ingevuld."
            )
        afspraak.deelnemers.remove(deelnemer)
        return f" ({', '.join(_add_deelnemers(session, afspraak, (wie,)))})"

    return _changed(
        ctx, afspraak_id, None, "deelnemer_ingevuld", "Deelnemer ingevuld", fill, alleen_nieuwe=True
    )


def stopzet_afspraak(ctx: ServiceContext, afspraak_id: uuid.UUID, reden: str) -> AfspraakRow:
    """Stop an afspraak with a reason; the meeting is cancelled in the agendas."""
    if not reden.strip():
        raise ValidationFailed("Geef de reden waarom de afspraak wordt stopgezet.")
    with ctx.unit_of_work() as session:
        afspraak = _load(session, ctx, afspraak_id, write=True)
        if afspraak.status == AfspraakStatus.STOPGEZET:
            raise ValidationFailed("Deze afspraak is al stopgezet.")
        stopzetten(session, ctx, afspraak, reden)
        session.flush()
        return _row(session, afspraak)


def stopzetten(session: Session, ctx: ServiceContext, afspraak: Afspraak, reden: str) -> None:
    """Stop ``afspraak`` in the caller's transaction; the cancellation waits in the outbox.

    Also used when a dossier closes, so its afspraken leave the agendas with it."""
    afspraak.status = AfspraakStatus.STOPGEZET
    afspraak.reden_stopzetten = reden.strip()
    outbox.enqueue(
        session,
        ctx.actor,
        AGENDA_ANNULEREN,
        {"afspraak_id": str(afspraak.id), "reden": afspraak.reden_stopzetten},
        afspraak_id=afspraak.id,
        sleutel=f"{AGENDA_ANNULEREN}:{afspraak.id}",
    )
    record_audit(
        session,
        ctx.actor,
        "afspraak_stopgezet",
        f"Afspraak stopgezet: {afspraak.onderwerp}. Reden: {afspraak.reden_stopzetten}",
        entiteit="afspraak",
        entiteit_id=afspraak.id,
        dossier_id=afspraak.dossier_id,
    )


# --- mail to relaties ------------------------------------------------------------------------


def _relatie_adressen(row: AfspraakRow, alleen_zonder_antwoord: bool = False) -> tuple[str, ...]:
    return tuple(
        d.email
        for d in row.deelnemers
        if d.soort == "relatie"
        and d.email
        and not (alleen_zonder_antwoord and d.antwoord in ("Accept", "Decline"))
    )


def _concept(ctx: ServiceContext, row: AfspraakRow, naam: str, aan: tuple[str, ...]) -> MailConcept:
    if not row.aangekondigd:
        raise ValidationFailed(ONAANGEKONDIGD)
    if row.status == AfspraakStatus.STOPGEZET:
        raise ValidationFailed("Deze afspraak is stopgezet.")
    if not aan:
        raise ValidationFailed("Geen van de relaties bij deze afspraak heeft een e-mailadres.")
    catalogus = sjablonen.standaard_catalogus()
    if naam in catalogus.sjablonen:
        tekst = sjablonen.render_mail(ctx, row.dossier_id, naam, afspraak_id=row.id)
        onderwerp, body = tekst.onderwerp, tekst.tekst
    else:
        from igj_desktop.integrations import docx_render  # Jinja: not at start-up

        context = sjablonen.render_context(ctx, row.dossier_id, afspraak_id=row.id)
        onderwerp, body = docx_render.render_text(MAIL_DIR / f"{naam}.txt.j2", context)
    return MailConcept(afspraak_id=row.id, onderwerp=onderwerp, tekst=body, aan=aan)


def afspraakbevestiging_concept(ctx: ServiceContext, afspraak_id: uuid.UUID) -> MailConcept:
    """The afspraakbevestiging for the relaties, to show for editing before it goes out."""
    row = get_afspraak(ctx, afspraak_id)
    naam = (
        "uitnodiging_bijeenkomst"
        if row.soort == AfspraakSoort.BIJEENKOMST
        else "mail_afspraakbevestiging"
    )
    return _concept(ctx, row, naam, _relatie_adressen(row))


def herinnering_concept(ctx: ServiceContext, afspraak_id: uuid.UUID) -> MailConcept:
    """A rappelmail for the relaties of a bijeenkomst that have not answered yet."""
    row = get_afspraak(ctx, afspraak_id)
    if row.soort != AfspraakSoort.BIJEENKOMST:
        raise ValidationFailed("Een herinnering is er alleen voor een bijeenkomst.")
    return _concept(ctx, row, "herinnering_bijeenkomst", _relatie_adressen(row, True))


def verstuur_mail(ctx: ServiceContext, concept: MailConcept) -> None:
    """Queue the (edited) mail; refused for an onaangekondigd bezoek, whatever the addresses."""
    if not concept.onderwerp.strip() or not concept.tekst.strip():
        raise ValidationFailed("Een e-mail heeft een onderwerp en een tekst nodig.")
    if not concept.aan or any("@" not in a for a in concept.aan):
        raise ValidationFailed("Vul geldige e-mailadressen in.")
    with ctx.unit_of_work() as session:
        afspraak = _load(session, ctx, concept.afspraak_id, write=True)
        if not afspraak.aangekondigd:
            raise ValidationFailed(ONAANGEKONDIGD)
        outbox.enqueue(
            session,
            ctx.actor,
            MAIL_VERSTUREN,
            {
                "afspraak_id": str(afspraak.id),
                "bericht_id": str(concept.bericht_id),
                "onderwerp": concept.onderwerp.strip(),
                "tekst": concept.tekst,
                "aan": list(concept.aan),
            },
            afspraak_id=afspraak.id,
            sleutel=f"{MAIL_VERSTUREN}:{concept.bericht_id}",
        )
        record_audit(
            session,
            ctx.actor,
            "afspraak_mail",
            f"E-mail '{concept.onderwerp.strip()}' klaargezet voor {', '.join(concept.aan)}.",
            entiteit="afspraak",
            entiteit_id=afspraak.id,
            dossier_id=afspraak.dossier_id,
        )


# --- .ics export (no Exchange configured) ----------------------------------------------------


def ics_export(ctx: ServiceContext, afspraak_ids: list[uuid.UUID]) -> bytes:
    """An iCalendar file of the afspraken, to open in any agenda program."""
    from icalendar import Calendar, Event, vCalAddress  # only when exporting

    cal = Calendar()
    cal.add("prodid", "-//IGJ//IGJ Desktop//NL")
    cal.add("version", "2.0")
    for afspraak_id in afspraak_ids:
        row = get_afspraak(ctx, afspraak_id)
        event = Event()
        event.add("uid", f"{row.id}@igj-desktop")
        event.add("summary", row.onderwerp)
        event.add("dtstart", row.begin.astimezone(AMSTERDAM))
        event.add("dtend", row.einde.astimezone(AMSTERDAM))
        event.add("dtstamp", ctx.now())
        if row.locatie:
            event.add("location", row.locatie)
        event.add("status", "CANCELLED" if row.status == AfspraakStatus.STOPGEZET else "CONFIRMED")
        for d in row.deelnemers:
            if d.soort == "behandelaar" and d.email:
                attendee = vCalAddress(f"mailto:{d.email}")
                attendee.params["cn"] = d.naam
                event.add("attendee", attendee, encode=0)
        cal.add_component(event)
    return cal.to_ical()
