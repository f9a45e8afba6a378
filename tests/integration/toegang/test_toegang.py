"""Verstrekken/ontnemen toegang, afschermen and overdragen (seed 000, generieke activiteiten)."""

from __future__ import annotations

import pytest

from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import zoeken
from igj_desktop.services.errors import Conflict, NotFound, ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.integration.dossier_support import add_activiteit, new_dossier


def test_grant_change_and_revoke_for_medewerker_and_groep(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed)
    carla = ctx_for("cbakker")
    with pytest.raises(NotFound):
        dossiers.get_dossier_detail(carla, dossier.id)

    rows = toegang.grant_toegang(
        ctx, dossier.id, groep_id=seed.groepen["Team Jeugdhulp"], rol="lezer"
    )
    assert ("Team Jeugdhulp", "lezer", "groep") in {(r.naam, r.rol, r.soort) for r in rows}
    assert dossiers.get_dossier_detail(carla, dossier.id).mag_wijzigen is False

    rows = toegang.grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["cbakker"])
    assert dossiers.get_dossier_detail(carla, dossier.id).mag_wijzigen is True
    rows = toegang.grant_toegang(
        ctx, dossier.id, medewerker_id=seed.medewerkers["cbakker"], rol="lezer"
    )
    assert [r.rol for r in rows if r.naam == "Carla Bakker"] == ["lezer"]

    for row in [r for r in rows if r.naam in ("Carla Bakker", "Team Jeugdhulp")]:
        rows = toegang.revoke_toegang(ctx, dossier.id, row.id)
    assert [r.naam for r in rows] == ["Anna de Vries"]
    with pytest.raises(NotFound):
        dossiers.get_dossier_detail(carla, dossier.id)
    with pytest.raises(ValidationFailed, match="rol"):
        toegang.grant_toegang(
            ctx, dossier.id, medewerker_id=seed.medewerkers["cbakker"], rol="baas"
        )
    with pytest.raises(ValidationFailed, match="medewerker of een groep"):
        toegang.grant_toegang(ctx, dossier.id)


def test_the_last_behandelaar_cannot_be_removed(ctx, seed):
    dossier = new_dossier(ctx, seed, toegang_groepen=[(seed.groepen["Team GGZ"], "lezer")])
    anna = next(r for r in dossier.toegang if r.naam == "Anna de Vries")
    with pytest.raises(ValidationFailed, match="minstens één behandelaar"):
        toegang.revoke_toegang(ctx, dossier.id, anna.id)
    with pytest.raises(ValidationFailed, match="minstens één behandelaar"):
        toegang.grant_toegang(ctx, dossier.id, medewerker_id=anna.medewerker_id, rol="lezer")
    rows = toegang.list_toegang(ctx, dossier.id)
    assert [(r.naam, r.rol) for r in rows] == [
        ("Anna de Vries", "behandelaar"),
        ("Team GGZ", "lezer"),
    ]


def test_subdossier_access_starts_as_parents_and_can_be_revoked_there(ctx, ctx_for, seed):
    parent = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["cbakker"]])
    sub = dossiers.create_subdossier(ctx, parent.id, seed.dossiertypes["risicotoezicht"], "Sub")
    carla_row = next(r for r in sub.toegang if r.naam == "Carla Bakker")
    toegang.revoke_toegang(ctx, sub.id, carla_row.id)
    carla = ctx_for("cbakker")
    assert dossiers.get_dossier_detail(carla, parent.id).subdossiers == ()
    with pytest.raises(NotFound):
        dossiers.get_dossier_detail(carla, sub.id)


def test_afgeschermd_dossier_is_invisible_to_outsiders_everywhere(ctx, ctx_for, seed):
    team = seed.groepen["Team GGZ"]
    dossier = new_dossier(
        ctx,
        seed,
        "Vertrouwelijk onderzoek",
        toegang_groepen=[(team, "behandelaar")],
        betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")],
    )
    add_activiteit(ctx, dossier.id, "Taak", ctx.today(), groep_id=team)
    bram = ctx_for("bjansen")  # in Team GGZ, no own row
    vraag = zoeken.Zoekvraag(tekst="vertrouwelijk")
    assert [n.id for n in dossiers.list_hoofddossiers(bram)] == [dossier.id]

    toegang.set_afgeschermd(ctx, dossier.id, True, dossier.version)
    assert dossiers.list_hoofddossiers(bram) == []
    assert zoeken.search_dossiers(bram, vraag).totaal == 0
    assert zoeken.search_dossiers(bram, zoeken.Zoekvraag(relatie="Noorderlicht")).dossiers == ()
    assert list_werkvoorraad(bram, "groepen") == []
    with pytest.raises(NotFound):
        dossiers.get_dossier_detail(bram, dossier.id)
    # the behandelteam still sees it; a new subdossier is afgeschermd as well
    detail = dossiers.get_dossier_detail(ctx, dossier.id)
    assert detail.afgeschermd
    sub = dossiers.create_subdossier(ctx, dossier.id, seed.dossiertypes["risicotoezicht"], "Sub")
    assert sub.afgeschermd
    assert dossiers.list_subdossiers(bram, dossier.id) == []
    assert [n.id for n in zoeken.search_dossiers(ctx, vraag).dossiers] == [dossier.id]

    with pytest.raises(Conflict):
        toegang.set_afgeschermd(ctx, dossier.id, False, dossier.version)  # stale
    toegang.set_afgeschermd(ctx, dossier.id, False, detail.version)
    assert [n.id for n in dossiers.list_hoofddossiers(bram)] == [dossier.id]


def test_afgeschermd_needs_a_medewerker_behandelaar(ctx, seed):
    dossier = new_dossier(ctx, seed, toegang_groepen=[(seed.groepen["Team GGZ"], "behandelaar")])
    anna = next(r for r in dossier.toegang if r.naam == "Anna de Vries")
    toegang.set_afgeschermd(ctx, dossier.id, True, dossier.version)
    with pytest.raises(ValidationFailed, match="afgeschermd dossier houdt"):
        toegang.revoke_toegang(ctx, dossier.id, anna.id)


def test_hand_over_dossier_moves_behandelaar_and_open_activiteiten(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed)
    anna, bram = seed.medewerkers["avries"], seed.medewerkers["bjansen"]
    add_activiteit(ctx, dossier.id, "Rapport schrijven", ctx.today(), medewerker_id=anna)
    rows = toegang.transfer_dossier(ctx, dossier.id, naar_medewerker_id=bram)
    assert {(r.naam, r.rol) for r in rows} == {
        ("Anna de Vries", "lezer"),
        ("Bram Jansen", "behandelaar"),
    }
    assert list_werkvoorraad(ctx, "mij") == []
    assert [i.titel for i in list_werkvoorraad(ctx_for("bjansen"), "mij")] == ["Rapport schrijven"]
    assert dossiers.get_dossier_detail(ctx, dossier.id).mag_wijzigen is False
    with pytest.raises(ValidationFailed, match="alleen raadplegen"):
        toegang.transfer_dossier(ctx, dossier.id, naar_medewerker_id=seed.medewerkers["cbakker"])
    with pytest.raises(ValidationFailed, match="andere medewerker"):
        toegang.transfer_dossier(ctx_for("bjansen"), dossier.id, naar_medewerker_id=bram)


def test_hand_over_to_a_groep(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed)
    add_activiteit(ctx, dossier.id, "Bellen", ctx.today(), medewerker_id=seed.medewerkers["avries"])
    toegang.transfer_dossier(ctx, dossier.id, naar_groep_id=seed.groepen["Team Jeugdhulp"])
    carla = ctx_for("cbakker")
    assert dossiers.get_dossier_detail(carla, dossier.id).mag_wijzigen
    assert [(i.titel, i.eigenaar) for i in list_werkvoorraad(carla, "groepen")] == [
        ("Bellen", "Team Jeugdhulp")
    ]


def test_afschermen_takes_the_subdossiers_along(ctx, ctx_for, seed):
    team = seed.groepen["Team GGZ"]
    parent = new_dossier(ctx, seed, "Hoofd", toegang_groepen=[(team, "lezer")])
    sub = dossiers.create_subdossier(ctx, parent.id, seed.dossiertypes["risicotoezicht"], "Sub")
    bram = ctx_for("bjansen")
    toegang.set_afgeschermd(ctx, parent.id, True, parent.version)
    assert dossiers.get_dossier_detail(ctx, sub.id).afgeschermd
    assert dossiers.list_hoofddossiers(bram) == []  # the subdossier is no loose root either
    assert zoeken.search_dossiers(bram, zoeken.Zoekvraag(tekst="sub")).totaal == 0
    toegang.set_afgeschermd(ctx, parent.id, False, None)
    assert [n.id for n in dossiers.list_subdossiers(bram, parent.id)] == [sub.id]


def test_grant_and_revoke_in_the_subdossiers_too(ctx, ctx_for, seed):
    parent = new_dossier(ctx, seed)
    type_id = seed.dossiertypes["risicotoezicht"]
    subs = [dossiers.create_subdossier(ctx, parent.id, type_id, f"Sub {i}") for i in (1, 2)]
    carla = seed.medewerkers["cbakker"]
    toegang.grant_toegang(ctx, parent.id, medewerker_id=carla, met_subdossiers=True)
    for sub in subs:
        assert dossiers.get_dossier_detail(ctx_for("cbakker"), sub.id).mag_wijzigen
    rij = next(r for r in toegang.list_toegang(ctx, parent.id) if r.medewerker_id == carla)
    toegang.revoke_toegang(ctx, parent.id, rij.id, met_subdossiers=True)
    assert dossiers.list_hoofddossiers(ctx_for("cbakker")) == []
    # without the flag only the dossier itself changes
    toegang.grant_toegang(ctx, parent.id, medewerker_id=carla, rol="lezer")
    assert dossiers.list_subdossiers(ctx_for("cbakker"), parent.id) == []
