"""Afsluiten (sub)dossier: reason, warnings, blocking subdossiers, read-only, bewaartermijn,
reopening by beheerder or MT."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from igj_desktop.models import Activiteit, Dossier, Dossiertype, OutboxItem, Workflow
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.dossiers import afsluiten, koppelingen, relaties
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import AccessDenied, Conflict, ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.integration.dossier_support import add_activiteit, new_dossier


def jaren_later(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year + jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year + jaren, day=28)


def test_close_requires_reason_and_closed_subdossiers(ctx, seed):
    parent = new_dossier(ctx, seed)
    sub = dossiers.create_subdossier(ctx, parent.id, seed.dossiertypes["risicotoezicht"], "Sub")
    with pytest.raises(ValidationFailed, match="reden"):
        afsluiten.close_dossier(ctx, parent.id, "  ", parent.version)
    assert afsluiten.check_afsluiten(ctx, parent.id).subdossiers == (sub.kenmerk,)
    with pytest.raises(ValidationFailed, match=f"open subdossiers: {sub.kenmerk}"):
        afsluiten.close_dossier(ctx, parent.id, "Klaar", parent.version)

    resultaat = afsluiten.close_dossier(ctx, sub.id, "Bezoek afgerond", sub.version)
    assert resultaat.gesloten
    resultaat = afsluiten.close_dossier(ctx, parent.id, "Onderzoek afgerond", parent.version)
    assert resultaat.gesloten
    detail = dossiers.get_dossier_detail(ctx, parent.id)
    assert (detail.status, detail.reden_afsluiting, detail.mag_wijzigen) == (
        "gesloten",
        "Onderzoek afgerond",
        False,
    )
    assert detail.bewaartermijn_tot == jaren_later(ctx.today(), 10)
    assert "Risicotoezicht" in detail.bewaartermijn_toelichting
    sub_detail = dossiers.get_dossier_detail(ctx, sub.id)
    assert (sub_detail.bewaartermijn_tot, sub_detail.bewaartermijn_toelichting) == (
        detail.bewaartermijn_tot,
        detail.bewaartermijn_toelichting,
    )


def test_bewaartermijn_follows_the_dossiertype(ctx, seed, database):
    with database.session() as session, session.begin():
        session.get(Dossiertype, seed.dossiertypes["tuchtzaak"]).bewaartermijn_jaren = 20
    dossier = new_dossier(ctx, seed, dossiertype_id=seed.dossiertypes["tuchtzaak"])
    resultaat = afsluiten.close_dossier(ctx, dossier.id, "Uitspraak", dossier.version)
    assert resultaat.bewaartermijn_tot == jaren_later(ctx.today(), 20)


def test_a_completed_bezwaar_in_a_subdossier_lengthens_the_bewaartermijn(ctx, seed, database):
    with database.session() as session, session.begin():
        session.get(Dossiertype, seed.dossiertypes["handhaving"]).bewaarregels = {
            "workflows": {"bezwaar": 30}
        }
    dossier = new_dossier(ctx, seed, dossiertype_id=seed.dossiertypes["handhaving"])
    sub = dossiers.create_subdossier(ctx, dossier.id, seed.dossiertypes["bezwaar_beroep"], "B")
    with database.session() as session, session.begin():
        session.add(
            Workflow(
                dossier_id=sub.id,
                definitie_code="bezwaar",
                definitie_versie=1,
                titel="Bezwaar",
                status="afgerond",
            )
        )
    afsluiten.close_dossier(ctx, sub.id, "Bezwaar afgehandeld", sub.version)
    resultaat = afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)
    assert resultaat.bewaartermijn_tot == jaren_later(ctx.today(), 30)
    assert "Bezwaar" in resultaat.bewaartermijn_toelichting
    sub_na = dossiers.get_dossier_detail(ctx, sub.id)
    assert sub_na.bewaartermijn_tot == resultaat.bewaartermijn_tot


def test_open_work_is_a_warning_then_ended_on_confirmation(ctx, seed, database):
    dossier = new_dossier(ctx, seed)
    add_activiteit(
        ctx, dossier.id, "Rapport", date(2030, 1, 2), medewerker_id=seed.medewerkers["avries"]
    )
    with database.session() as session, session.begin():
        session.add(
            Workflow(dossier_id=dossier.id, definitie_code="lod", definitie_versie=1, titel="LOD")
        )
    resultaat = afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)
    assert not resultaat.gesloten
    assert resultaat.open_items.regels() == [
        "Workflow: LOD",
        "Activiteit: Rapport (termijn 02-01-2030)",
    ]
    assert dossiers.get_dossier_detail(ctx, dossier.id).status == "open"

    resultaat = afsluiten.close_dossier(
        ctx, dossier.id, "Klaar", dossier.version, open_items_bevestigd=True
    )
    assert resultaat.gesloten
    with database.session() as session:
        assert session.scalars(select(Activiteit.status)).all() == ["geannuleerd"]
        assert session.scalars(select(Workflow.status)).all() == ["beeindigd"]
    assert list_werkvoorraad(ctx, "mij") == []


def test_afspraken_to_come_are_listed_and_cancelled_past_ones_stay(ctx, seed):
    dossier = new_dossier(ctx, seed)
    for onderwerp, dagen in (("Bezoek", 3), ("Kennismaking", -3)):
        begin = ctx.now() + timedelta(days=dagen)
        afspraken.plan_afspraak(
            ctx,
            dossier.id,
            afspraken.NieuweAfspraak(
                onderwerp=onderwerp, begin=begin, einde=begin + timedelta(hours=1)
            ),
        )
    items = afsluiten.check_afsluiten(ctx, dossier.id)
    assert [r.rsplit(" (", 1)[0] for r in items.regels()] == ["Afspraak (wordt afgezegd): Bezoek"]
    assert not afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version).gesloten
    afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version, open_items_bevestigd=True)
    status = {a.onderwerp: a.status for a in afspraken.afspraken_van_dossier(ctx, dossier.id)}
    assert status == {"Bezoek": "stopgezet", "Kennismaking": "gepland"}
    with ctx.read() as session:
        annuleren = session.scalars(
            select(OutboxItem.payload).where(OutboxItem.soort == afspraken.AGENDA_ANNULEREN)
        ).all()
    assert len(annuleren) == 1 and "gesloten: Klaar" in annuleren[0]["reden"]


def test_closed_dossier_is_read_only(ctx, seed):
    dossier = new_dossier(ctx, seed)
    other = new_dossier(ctx, seed, "Ander")
    afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)
    version = dossiers.get_dossier_detail(ctx, dossier.id).version
    weigeringen = [
        lambda: dossiers.update_dossier(ctx, dossier.id, version, titel="x"),
        lambda: dossiers.create_subdossier(ctx, dossier.id, seed.dossiertypes["tuchtzaak"], "x"),
        lambda: toegang.grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["bjansen"]),
        lambda: relaties.add_betrokkenen(
            ctx, dossier.id, [seed.relaties["GGZ Noorderlicht"]], "ots"
        ),
        lambda: koppelingen.link_dossier(ctx, dossier.id, other.id),
        lambda: afsluiten.close_dossier(ctx, dossier.id, "Nog eens", version),
    ]
    for weigering in weigeringen:
        with pytest.raises(ValidationFailed, match="gesloten"):
            weigering()


def test_stale_close_is_a_conflict(ctx, seed):
    dossier = new_dossier(ctx, seed)
    dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Nieuw")
    with pytest.raises(Conflict):
        afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)


def test_reopen_only_by_beheerder_or_mt(ctx, ctx_for, seed, database):
    parent = new_dossier(
        ctx, seed, toegang_groepen=[(seed.groepen["Toezicht Zorgaanbieders"], "lezer")]
    )
    sub = dossiers.create_subdossier(ctx, parent.id, seed.dossiertypes["risicotoezicht"], "Sub")
    afsluiten.close_dossier(ctx, sub.id, "Klaar", sub.version)
    afsluiten.close_dossier(ctx, parent.id, "Klaar", parent.version)
    with pytest.raises(AccessDenied, match="beheerder"):
        afsluiten.reopen_dossier(ctx, parent.id, "Vergissing")
    dirk = ctx_for("dsmit")  # beheerder and MT, reads via the afdeling
    with pytest.raises(ValidationFailed, match="hoofddossier"):
        afsluiten.reopen_dossier(dirk, sub.id, "Vergissing")
    with pytest.raises(ValidationFailed, match="reden"):
        afsluiten.reopen_dossier(dirk, parent.id, "")
    afsluiten.reopen_dossier(dirk, parent.id, "Nieuwe feiten")
    detail = dossiers.get_dossier_detail(ctx, parent.id)
    assert (detail.status, detail.bewaartermijn_tot, detail.mag_wijzigen) == ("open", None, True)
    with database.session() as session:
        assert session.get(Dossier, sub.id).status == "gesloten"
    with pytest.raises(ValidationFailed, match="niet gesloten"):
        afsluiten.reopen_dossier(dirk, parent.id, "Nog eens")
