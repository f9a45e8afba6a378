"""Afspraken end to end: service → outbox → real exchangelib → the loopback EWS server."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.integrations.exchange.gateway import EwsAgendaGateway, ews_gateway
from igj_desktop.models import AfspraakSoort
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken import agenda
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.outbox import (
    OutboxRun,
    OutboxWorker,
    outbox_inhoud,
    outbox_opnieuw,
    outbox_status,
    outbox_verwijderen,
    process_outbox,
)
from tests.ews_server import EwsTestServer
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed

AMS = ZoneInfo("Europe/Amsterdam")
ANNA, BRAM = "avries@igj.example.nl", "bjansen@igj.example.nl"
LINDE, ANKER = "info@linde.example.nl", "info@anker.example.nl"


@pytest.fixture
def server() -> Iterator[EwsTestServer]:
    with EwsTestServer(users={ANNA: "geheim"}, names={ANNA: "Anna de Vries"}) as srv:
        yield srv


@pytest.fixture
def gateway(server: EwsTestServer) -> EwsAgendaGateway:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam=ANNA, auth=AuthMethode.BASIC, server_url=server.url
    )
    return ews_gateway(settings, "geheim")


def run(ctx: ServiceContext, gateway: EwsAgendaGateway, now: datetime | None = None) -> OutboxRun:
    return process_outbox(ctx, gateway, agenda.HANDLERS, now=now)


def after_queueing() -> datetime:
    """The outbox runs a little after the real clock at which the tests queue their work."""
    return datetime.now(AMS) + timedelta(seconds=1)


def bezoek(seed: Seed, **changes: object) -> NieuweAfspraak:
    values: dict[str, object] = {
        "onderwerp": "Inspectiebezoek De Linde",
        "begin": datetime(2026, 12, 1, 9, 0, tzinfo=AMS),
        "einde": datetime(2026, 12, 1, 13, 0, tzinfo=AMS),
        "locatie": "Hoofdstraat 1, Utrecht",
        "deelnemers": (
            DeelnemerInvoer(medewerker_id=seed.medewerkers["avries"]),
            DeelnemerInvoer(medewerker_id=seed.medewerkers["bjansen"]),
            DeelnemerInvoer(relatie_id=seed.relaties["Zorggroep De Linde"]),
            DeelnemerInvoer(),
        ),
    }
    values.update(changes)
    return NieuweAfspraak(**values)  # type: ignore[arg-type]


def test_announced_visit_invites_the_inspecteurs_and_confirms_to_the_relatie_after_editing(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    assert [d.soort for d in afspraak.deelnemers] == [
        "behandelaar",
        "behandelaar",
        "relatie",
        "nog in te vullen",
    ]
    assert afspraak.wacht_op_exchange
    assert run(ctx, gateway).verzonden == 1
    assert [(s.soort, s.ontvangers) for s in server.sent] == [("uitnodiging", (BRAM,))]
    assert not afspraken.get_afspraak(ctx, afspraak.id).wacht_op_exchange

    concept = afspraken.afspraakbevestiging_concept(ctx, afspraak.id)
    assert concept.aan == (LINDE,)
    assert "Inspectiebezoek De Linde" in concept.tekst and dossier.kenmerk in concept.onderwerp
    bewerkt = concept.__class__(
        afspraak_id=concept.afspraak_id,
        onderwerp=concept.onderwerp,
        tekst=concept.tekst + "\nGraag parkeren aan de achterzijde.",
        aan=concept.aan,
        bericht_id=concept.bericht_id,
    )
    afspraken.verstuur_mail(ctx, bewerkt)
    run(ctx, gateway)
    [mail] = server.sent_to(LINDE)
    assert mail.soort == "bericht" and mail.body.endswith("Graag parkeren aan de achterzijde.")


def test_unannounced_visit_never_reaches_the_relatie(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed, aangekondigd=False))
    with pytest.raises(ValidationFailed, match="onaangekondigd"):
        afspraken.afspraakbevestiging_concept(ctx, afspraak.id)
    with pytest.raises(ValidationFailed, match="onaangekondigd"):
        afspraken.verstuur_mail(
            ctx, afspraken.MailConcept(afspraak.id, "Bevestiging", "Tot dan", (LINDE,))
        )
    assert run(ctx, gateway).verzonden == 1
    later = datetime(2026, 12, 2, 9, 0, tzinfo=AMS)
    afspraken.verplaats_afspraak(ctx, afspraak.id, later, later + timedelta(hours=3))
    afspraken.voeg_deelnemers_toe(
        ctx, afspraak.id, (DeelnemerInvoer(relatie_id=seed.relaties["Jeugdhulp Het Anker"]),)
    )
    assert run(ctx, gateway).verzonden == 2
    afspraken.stopzet_afspraak(ctx, afspraak.id, "Signaal blijkt onterecht")
    assert run(ctx, gateway).verzonden == 1
    # adding only a relatie changes no attendee, so the second update invites nobody
    assert [s.soort for s in server.sent] == ["uitnodiging", "bijwerking", "annulering"]
    assert all(s.ontvangers == (BRAM,) for s in server.sent)
    assert server.sent_to(LINDE) == [] and server.sent_to(ANKER) == []


def test_reschedule_add_deelnemer_and_stop(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(
        ctx,
        dossier.id,
        bezoek(seed, deelnemers=(DeelnemerInvoer(medewerker_id=seed.medewerkers["bjansen"]),)),
    )
    run(ctx, gateway)
    later = datetime(2026, 12, 3, 14, 0, tzinfo=AMS)
    moved = afspraken.verplaats_afspraak(
        ctx, afspraak.id, later, later + timedelta(hours=2), version=afspraak.version
    )
    run(ctx, gateway)
    afspraken.voeg_deelnemers_toe(
        ctx, afspraak.id, (DeelnemerInvoer(medewerker_id=seed.medewerkers["cbakker"]),)
    )
    run(ctx, gateway)
    assert len(server.calendar(ANNA)) == 1
    assert gateway.find_meeting(afspraak.id).begin == later
    carla = "cbakker@igj.example.nl"
    assert [(s.soort, s.ontvangers) for s in server.sent] == [
        ("uitnodiging", (BRAM,)),
        ("bijwerking", (BRAM,)),
        ("bijwerking", (carla,)),
    ]
    assert afspraken.get_afspraak(ctx, afspraak.id).mag_wijzigen
    gestopt = afspraken.stopzet_afspraak(ctx, afspraak.id, "Instelling gesloten")
    assert (gestopt.status, gestopt.reden_stopzetten) == ("stopgezet", "Instelling gesloten")
    assert not gestopt.mag_wijzigen  # the tab offers nothing more on it
    run(ctx, gateway)
    assert server.sent[-1].soort == "annulering" and set(server.sent[-1].ontvangers) == {
        BRAM,
        carla,
    }
    with pytest.raises(ValidationFailed, match="stopgezet"):
        afspraken.verplaats_afspraak(ctx, afspraak.id, later, later + timedelta(hours=1))
    assert moved.version > afspraak.version


def test_outage_waits_with_backoff_and_sends_everything_once(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    now = after_queueing()
    server.outage = "503"
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    afspraken.verstuur_mail(ctx, afspraken.afspraakbevestiging_concept(ctx, afspraak.id))
    first = run(ctx, gateway, now)
    assert (first.verzonden, first.wachtend) == (0, 2)
    assert "opnieuw geprobeerd" in first.melding
    retry = (now + timedelta(seconds=30)).astimezone(AMS)
    assert outbox_status(ctx).startswith(
        f"2 berichten wachten op Exchange (volgende poging {retry:%H:%M}"
    )
    server.outage = None
    requests = len(server.requests)
    assert run(ctx, gateway, now + timedelta(seconds=10)).verzonden == 0
    assert len(server.requests) == requests  # not due yet: nothing was tried
    server.fail_after_commit = "CreateItem"  # the meeting is made, the answer lost
    second = run(ctx, gateway, now + timedelta(seconds=31))
    assert (second.verzonden, second.wachtend) == (0, 2)
    third = run(ctx, gateway, now + timedelta(minutes=2))
    assert (third.verzonden, third.wachtend) == (2, 0)
    assert len(server.calendar(ANNA)) == 1
    assert [s.soort for s in server.sent] == ["uitnodiging", "bericht"]
    assert outbox_status(ctx) == ""


def test_throttling_respects_the_servers_back_off(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    now = after_queueing()
    server.outage, server.busy_back_off_ms = "busy", 600_000
    afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    assert "bezet" in run(ctx, gateway, now).melding
    server.outage = None
    assert run(ctx, gateway, now + timedelta(minutes=9)).verzonden == 0
    assert run(ctx, gateway, now + timedelta(minutes=10)).verzonden == 1
    assert outbox_status(ctx) == ""


def test_moved_and_declined_in_outlook_shows_on_the_afspraak(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    run(ctx, gateway)
    assert agenda.synchroniseer_agenda(ctx, gateway) == []
    [item] = server.calendar(ANNA)
    nieuw = datetime(2026, 12, 4, 10, 0, tzinfo=AMS)
    server.move_meeting(item, nieuw, nieuw + timedelta(hours=2))
    server.respond(item, BRAM, "Decline")
    [melding] = agenda.synchroniseer_agenda(ctx, gateway)
    assert "In Outlook verplaatst naar 04-12-2026 10:00" in melding
    na = afspraken.get_afspraak(ctx, afspraak.id)
    assert na.begin == nieuw and not na.conflict
    assert na.wijziging_outlook == (
        "In Outlook verplaatst naar 04-12-2026 10:00; Bram Jansen heeft afgeslagen."
    )
    assert [d.antwoord for d in na.deelnemers if d.naam == "Bram Jansen"] == ["Decline"]
    assert agenda.synchroniseer_agenda(ctx, gateway) == []


def test_changed_on_both_sides_is_flagged_as_conflict(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    run(ctx, gateway)
    ons = datetime(2026, 12, 5, 9, 0, tzinfo=AMS)
    afspraken.verplaats_afspraak(ctx, afspraak.id, ons, ons + timedelta(hours=1))
    [item] = server.calendar(ANNA)
    outlook = datetime(2026, 12, 6, 9, 0, tzinfo=AMS)
    server.move_meeting(item, outlook, outlook + timedelta(hours=1))
    agenda.synchroniseer_agenda(ctx, gateway)
    na = afspraken.get_afspraak(ctx, afspraak.id)
    assert na.conflict and na.begin == ons
    assert "conflict" in na.wijziging_outlook


def test_bijeenkomst_invites_relaties_later_ones_too_and_reminds_who_did_not_answer(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    bijeenkomst = afspraken.plan_afspraak(
        ctx,
        dossier.id,
        bezoek(
            seed,
            soort=AfspraakSoort.BIJEENKOMST,
            onderwerp="Regiobijeenkomst ouderenzorg",
            deelnemers=(
                DeelnemerInvoer(medewerker_id=seed.medewerkers["bjansen"]),
                DeelnemerInvoer(relatie_id=seed.relaties["Zorggroep De Linde"]),
            ),
        ),
    )
    run(ctx, gateway)
    afspraken.voeg_deelnemers_toe(
        ctx, bijeenkomst.id, (DeelnemerInvoer(relatie_id=seed.relaties["Jeugdhulp Het Anker"]),)
    )
    run(ctx, gateway)
    assert [(s.soort, s.ontvangers) for s in server.sent] == [
        ("uitnodiging", (BRAM, LINDE)),
        ("bijwerking", (ANKER,)),
    ]
    [item] = server.calendar(ANNA)
    server.respond(item, LINDE, "Accept")
    agenda.synchroniseer_agenda(ctx, gateway)
    herinnering = afspraken.herinnering_concept(ctx, bijeenkomst.id)
    assert herinnering.aan == (ANKER,)
    assert herinnering.onderwerp.startswith("Herinnering: bijeenkomst Regiobijeenkomst ouderenzorg")
    afspraken.verstuur_mail(ctx, herinnering)
    run(ctx, gateway)
    assert [s.soort for s in server.sent_to(ANKER)] == ["bijwerking", "bericht"]
    assert [s.soort for s in server.sent_to(LINDE)] == ["uitnodiging"]


def test_bad_input_changes_nothing(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    begin = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
    for fout, melding in [
        ({"onderwerp": " "}, "onderwerp"),
        ({"einde": begin}, "na het begin"),
        ({"begin": datetime(2026, 12, 1, 9, 0)}, "tijdzone"),
        ({"soort": AfspraakSoort.GESPREK, "aangekondigd": False}, "Alleen een bezoek"),
    ]:
        with pytest.raises(ValidationFailed, match=melding):
            afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed, **fout))
    assert afspraken.afspraken_van_dossier(ctx, dossier.id) == []
    assert outbox_status(ctx) == ""


def test_ics_export_when_exchange_is_not_configured(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    mine = afspraken.mijn_afspraken(
        ctx, datetime(2026, 12, 1, tzinfo=AMS), datetime(2026, 12, 2, tzinfo=AMS)
    )
    assert [a.id for a in mine] == [afspraak.id]
    [event] = Calendar.from_ical(afspraken.ics_export(ctx, [afspraak.id])).walk("VEVENT")
    assert str(event["summary"]) == "Inspectiebezoek De Linde"
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
    assert [str(a) for a in event.get("attendee")] == [
        "mailto:avries@igj.example.nl",
        "mailto:bjansen@igj.example.nl",
    ]


def test_background_worker_sends_when_woken(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    runs: queue.Queue[OutboxRun] = queue.Queue()
    worker = OutboxWorker(ctx, lambda: gateway, agenda.HANDLERS, on_run=runs.put)
    worker.start()
    try:
        assert runs.get(timeout=30).wachtend == 0
        afspraken.plan_afspraak(ctx, new_dossier(ctx, seed).id, bezoek(seed))
        worker.wake()
        assert runs.get(timeout=30).verzonden == 1
    finally:
        worker.stop()
    assert [s.soort for s in server.sent] == ["uitnodiging"]


def test_fill_in_an_open_place_and_remove_a_deelnemer(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    run(ctx, gateway)
    [open_plaats] = [d for d in afspraak.deelnemers if d.soort == "nog in te vullen"]
    carla = DeelnemerInvoer(medewerker_id=seed.medewerkers["cbakker"])
    ingevuld = afspraken.vul_deelnemer_in(ctx, afspraak.id, open_plaats.id, carla)
    assert [d.naam for d in ingevuld.deelnemers][-1] == "Carla Bakker"
    with pytest.raises(ValidationFailed, match="al deelnemer"):
        afspraken.voeg_deelnemers_toe(ctx, afspraak.id, (carla,))
    [bram] = [d for d in ingevuld.deelnemers if d.naam == "Bram Jansen"]
    na = afspraken.verwijder_deelnemer(ctx, afspraak.id, bram.id)
    assert "Bram Jansen" not in [d.naam for d in na.deelnemers]
    run(ctx, gateway)
    assert [(s.soort, s.ontvangers) for s in server.sent] == [
        ("uitnodiging", (BRAM,)),
        ("bijwerking", ("cbakker@igj.example.nl",)),
        ("annulering", (BRAM,)),
        ("bijwerking", ("cbakker@igj.example.nl",)),
    ]
    assert gateway.find_meeting(afspraak.id).antwoorden == {"cbakker@igj.example.nl": "Unknown"}


def test_the_outbox_lists_retries_and_removes_what_waits(
    ctx: ServiceContext, seed: Seed, server: EwsTestServer, gateway: EwsAgendaGateway
) -> None:
    dossier = new_dossier(ctx, seed)
    now = after_queueing()
    server.outage = "503"
    afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    run(ctx, gateway, now)
    (regel,) = outbox_inhoud(ctx)
    assert (regel.soort, regel.betreft, regel.mislukt, regel.pogingen) == (
        "Uitnodiging", "Inspectiebezoek De Linde", False, 1,
    )  # fmt: skip
    assert "volgende poging" in outbox_status(ctx)
    assert "tot Exchange is ingesteld" in outbox_status(ctx, ingesteld=False)
    assert "volgende poging" not in outbox_status(ctx, ingesteld=False)

    server.outage = None
    outbox_opnieuw(ctx, regel)  # now, not after the back-off
    assert run(ctx, gateway, now + timedelta(seconds=2)).verzonden == 1
    assert outbox_inhoud(ctx) == []
    with pytest.raises(NotFound):
        outbox_opnieuw(ctx, regel)  # sent meanwhile: nothing to retry

    server.outage = "503"
    afspraken.verstuur_mail(
        ctx, afspraken.afspraakbevestiging_concept(ctx, regel_afspraak(ctx, dossier.id))
    )
    (mail,) = outbox_inhoud(ctx)
    assert mail.soort == "E-mail"
    outbox_verwijderen(ctx, mail)
    assert outbox_inhoud(ctx) == [] and outbox_status(ctx) == ""


def regel_afspraak(ctx: ServiceContext, dossier_id: object):  # type: ignore[no-untyped-def]
    (afspraak,) = afspraken.afspraken_van_dossier(ctx, dossier_id)  # type: ignore[arg-type]
    return afspraak.id
