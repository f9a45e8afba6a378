"""Zoeken (sub)dossiers: every criterion, paging, and only what the user may see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from igj_desktop.models import Dossier
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import zoeken
from igj_desktop.services.dossiers.zoeken import Zoekvraag, search_dossiers
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from tests.integration.dossier_support import new_dossier


@pytest.fixture
def drie(ctx, ctx_for, seed, database):
    a = new_dossier(
        ctx,
        seed,
        "Separeren in de GGZ",
        omschrijving="Signalen over dwang en separatie",
        betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")],
    )
    b = new_dossier(
        ctx,
        seed,
        "Medicatieveiligheid",
        dossiertype_id=seed.dossiertypes["incidenttoezicht"],
        behandelaar_ids=[seed.medewerkers["bjansen"]],
        betrokkenen=[(seed.relaties["Apotheek De Vijzel"], "ots")],
    )
    sub = dossiers.create_subdossier(ctx, b.id, seed.dossiertypes["risicotoezicht"], "Apotheek")
    new_dossier(ctx_for("cbakker"), seed, "Separeren in de jeugdhulp")  # invisible for Anna
    # a was opened in January of last year
    with database.session() as session, session.begin():
        session.get(Dossier, a.id).geopend_op = datetime(ctx.today().year - 1, 1, 15, 9, tzinfo=UTC)
    return a, b, sub


def kenmerken(ctx, **criteria) -> list[str]:
    return [n.kenmerk for n in search_dossiers(ctx, Zoekvraag(**criteria)).dossiers]


def test_each_criterion(ctx, seed, drie):
    a, b, sub = drie
    assert kenmerken(ctx, kenmerk=b.kenmerk) == [sub.kenmerk, b.kenmerk]
    assert kenmerken(ctx, kenmerk=b.kenmerk.lower(), alleen_hoofddossiers=True) == [b.kenmerk]
    # Any part of the number finds it, as the tree filter does: "000002", "2026-000002".
    assert kenmerken(ctx, kenmerk=b.kenmerk[4:]) == [sub.kenmerk, b.kenmerk]
    assert kenmerken(ctx, kenmerk=b.kenmerk[-6:], alleen_hoofddossiers=True) == [b.kenmerk]
    assert kenmerken(ctx, kenmerk=sub.kenmerk[-9:]) == [sub.kenmerk]
    assert kenmerken(ctx, kenmerk="999999") == []
    assert kenmerken(ctx, kenmerk=f" {b.kenmerk.lower()}*") == [sub.kenmerk, b.kenmerk]
    assert kenmerken(ctx, kenmerk="IGJ_%") == kenmerken(ctx, kenmerk="IGJ")  # no wildcards
    assert kenmerken(ctx, tekst="separeren") == [a.kenmerk]
    assert kenmerken(ctx, tekst="dwang ggz") == [a.kenmerk]  # titel and omschrijving
    assert kenmerken(ctx, tekst="dwang jeugd") == []
    assert kenmerken(ctx, relatie="vijzel") == [b.kenmerk]
    assert kenmerken(ctx, behandelaar_id=seed.medewerkers["bjansen"]) == [sub.kenmerk, b.kenmerk]
    assert kenmerken(ctx, dossiertype_id=seed.dossiertypes["incidenttoezicht"]) == [b.kenmerk]
    assert kenmerken(ctx, status="gesloten") == []
    vorig_jaar = ctx.today().year - 1
    jan = datetime(vorig_jaar, 1, 15).date()
    assert kenmerken(ctx, geopend_vanaf=jan, geopend_tot=jan) == [a.kenmerk]
    assert kenmerken(ctx, geopend_vanaf=jan + timedelta(days=1)) == [sub.kenmerk, b.kenmerk]
    with pytest.raises(ValidationFailed, match="begindatum"):
        search_dossiers(ctx, Zoekvraag(geopend_vanaf=jan, geopend_tot=jan - timedelta(days=1)))


def test_results_are_paged_and_counted(ctx, drie):
    eerste = search_dossiers(ctx, Zoekvraag(limit=2))
    tweede = search_dossiers(ctx, Zoekvraag(offset=2, limit=2))
    assert (eerste.totaal, len(eerste.dossiers), len(tweede.dossiers)) == (3, 2, 1)
    assert {n.id for n in eerste.dossiers + tweede.dossiers} == {d.id for d in drie}
    with pytest.raises(ValidationFailed):
        search_dossiers(ctx, Zoekvraag(limit=0))


def test_only_what_the_user_may_see(ctx, ctx_for, seed, drie):
    carla = ctx_for("cbakker")
    assert kenmerken(carla, tekst="separeren") != kenmerken(ctx, tekst="separeren")
    assert search_dossiers(carla, Zoekvraag(relatie="noorderlicht")).totaal == 0
    a = drie[0]
    toegang.grant_toegang(ctx, a.id, groep_id=seed.groepen["Toezicht Jeugd"], rol="lezer")
    assert a.kenmerk in kenmerken(carla, tekst="separeren")
    toegang.set_afgeschermd(ctx, a.id, True, None)
    assert a.kenmerk not in kenmerken(carla, tekst="separeren")


def test_counting_stops_at_a_thousand(ctx, seed, monkeypatch):
    assert zoeken.TELLEN_TOT == 1000  # the real limit; patched to 2 below to stay fast
    monkeypatch.setattr(zoeken, "TELLEN_TOT", 2)
    for titel in ("Eerste", "Tweede", "Derde"):
        new_dossier(ctx, seed, titel)
    resultaat = search_dossiers(ctx, Zoekvraag(limit=1))
    assert (resultaat.totaal, resultaat.meer, len(resultaat.dossiers)) == (2, True, 1)
    assert search_dossiers(ctx, Zoekvraag(tekst="derde")).meer is False
    eerst = search_dossiers(ctx, Zoekvraag(limit=1), tellen=False)
    assert eerst.telling is None and len(eerst.dossiers) == 1
    assert zoeken.count_dossiers(ctx, Zoekvraag()) == zoeken.Telling(2, meer=True)
