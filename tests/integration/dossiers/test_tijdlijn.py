"""The timeline of a dossier from the audit trail."""

from __future__ import annotations

import pytest

from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import koppelingen, relaties
from igj_desktop.services.dossiers.tijdlijn import list_tijdlijn
from igj_desktop.services.errors import NotFound
from igj_desktop.services.toegang import toekenning as toegang
from tests.integration.dossier_support import new_dossier


def test_everything_that_happened_newest_first(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")])
    dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Andere titel")
    toegang.grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["bjansen"])
    koppelingen.link_extern(ctx, dossier.id, "BRS", "https://brs.igj.nl/b/1")
    sub = dossiers.create_subdossier(
        ctx_for("bjansen"), dossier.id, seed.dossiertypes["risicotoezicht"], "Sub"
    )
    relaties.add_betrokkenen(ctx, sub.id, [seed.relaties["Apotheek De Vijzel"]], "stakeholder")

    tijdlijn = list_tijdlijn(ctx, dossier.id)
    assert [r.actie for r in tijdlijn] == [
        "subdossier_aangemaakt",
        "dossier_gekoppeld",
        "toegang_verleend",
        "dossier_gewijzigd",
        "betrokkene_toegevoegd",
        "toegang_verleend",
        "dossier_aangemaakt",
    ]
    assert tijdlijn[0].medewerker == "Bram Jansen" and tijdlijn[-1].medewerker == "Anna de Vries"
    assert {r.kenmerk for r in tijdlijn} == {dossier.kenmerk}
    assert all(r.tijdstip.tzinfo is not None for r in tijdlijn)

    met_subs = list_tijdlijn(ctx, dossier.id, met_subdossiers=True)
    assert {r.kenmerk for r in met_subs} == {dossier.kenmerk, sub.kenmerk}
    assert met_subs[0].actie == "betrokkene_toegevoegd" and met_subs[0].kenmerk == sub.kenmerk
    assert len(list_tijdlijn(ctx, dossier.id, offset=2, limit=3)) == 3
    with pytest.raises(NotFound):
        list_tijdlijn(ctx_for("cbakker"), dossier.id)
