"""Opening a dossier is one read (``dossier_overzicht``): the same rows as the separate
services the tabs use on their own, behind the same access rule."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers.overzicht import dossier_overzicht
from igj_desktop.services.errors import NotFound
from igj_desktop.services.offline.meenemen import meegenomen_door
from igj_desktop.services.workflows import werkvoorraad
from tests.integration.dossier_support import add_activiteit, new_dossier


def test_the_overzicht_holds_what_the_separate_services_read(ctx, seed):
    dossier = new_dossier(
        ctx,
        seed,
        betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")],
        behandelaar_ids=[seed.medewerkers["bjansen"]],
    )
    add_activiteit(
        ctx,
        dossier.id,
        "Rapport beoordelen",
        date(2020, 1, 1),
        medewerker_id=ctx.actor.medewerker_id,
    )
    add_activiteit(
        ctx, dossier.id, "Team vragen", None, groep_id=seed.groepen["Toezicht Zorgaanbieders"]
    )
    for naam in ("rapport.pdf", "brief.txt"):
        documenten.add_document(ctx, [dossier.id], naam, naam.encode())

    overzicht = dossier_overzicht(ctx, dossier.id)

    assert overzicht.detail == dossiers.get_dossier_detail(ctx, dossier.id)
    assert overzicht.detail.mag_wijzigen and overzicht.detail.afdeling == "Toezicht Zorgaanbieders"
    assert list(overzicht.activiteiten) == werkvoorraad.list_werkvoorraad(
        ctx, "alles", dossier_id=dossier.id
    )
    assert [a.titel for a in overzicht.activiteiten][:1] == ["Rapport beoordelen"]
    assert overzicht.activiteiten[0].overdue
    assert list(overzicht.documenten) == documenten.documenten_van_dossier(ctx, dossier.id)
    assert len(overzicht.documenten) == 2
    assert list(overzicht.afdelingen) == catalogus.list_afdelingen(ctx)
    assert list(overzicht.leases) == meegenomen_door(ctx, [dossier.id]).get(dossier.id, [])


def test_a_reader_gets_the_overzicht_without_the_right_to_change(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, toegang_groepen=[(seed.groepen["Team Jeugdhulp"], "lezer")])
    lezer = ctx_for("cbakker")
    overzicht = dossier_overzicht(lezer, dossier.id)
    assert not overzicht.detail.mag_wijzigen
    assert overzicht.detail == dossiers.get_dossier_detail(lezer, dossier.id)


def test_no_overzicht_of_a_dossier_one_may_not_see(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, afgeschermd=True)
    with pytest.raises(NotFound):
        dossier_overzicht(ctx_for("cbakker"), dossier.id)
    with pytest.raises(NotFound):
        dossier_overzicht(ctx, uuid.uuid4())
