"""In bulk aanmaken subdossiers: one per selected OTS, all or nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from igj_desktop.models import Activiteit, Dossier, Dossiertype, Workflow
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.integration.dossier_support import new_dossier


def test_one_subdossier_per_ots_with_parent_access(ctx, ctx_for, seed):
    parent = new_dossier(
        ctx,
        seed,
        "Thema dwang in de zorg",
        dossiertype_id=seed.dossiertypes["thematisch_toezicht"],
        behandelaar_ids=[seed.medewerkers["bjansen"]],
    )
    ots = [seed.relaties["GGZ Noorderlicht"], seed.relaties["Zorggroep De Linde"]]
    subs = dossiers.create_subdossiers_bulk(
        ctx, parent.id, seed.dossiertypes["risicotoezicht"], [*ots, ots[0]]
    )
    assert [(s.kenmerk, s.titel) for s in subs] == [
        (f"{parent.kenmerk}-01", "Thema dwang in de zorg – GGZ Noorderlicht"),
        (f"{parent.kenmerk}-02", "Thema dwang in de zorg – Zorggroep De Linde"),
    ]
    for sub, relatie_id in zip(subs, ots, strict=True):
        detail = dossiers.get_dossier_detail(ctx_for("bjansen"), sub.id)
        assert [(b.relatie_id, b.rol) for b in detail.betrokkenen] == [(relatie_id, "ots")]
        assert {t.naam for t in detail.behandelaars} == {"Anna de Vries", "Bram Jansen"}
        assert detail.dossiertype == "Risicotoezicht" and detail.parent.id == parent.id


def test_bulk_is_all_or_nothing(ctx, seed, database):
    parent = new_dossier(ctx, seed)
    with pytest.raises(ValidationFailed, match="relatieregister"):
        dossiers.create_subdossiers_bulk(
            ctx,
            parent.id,
            seed.dossiertypes["risicotoezicht"],
            [seed.relaties["GGZ Noorderlicht"], uuid.uuid4()],
        )
    with pytest.raises(ValidationFailed, match="minstens één"):
        dossiers.create_subdossiers_bulk(ctx, parent.id, seed.dossiertypes["risicotoezicht"], [])
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1
    # numbering continues where it was: the failed attempt used no number
    sub = dossiers.create_subdossier(ctx, parent.id, seed.dossiertypes["risicotoezicht"], "Sub")
    assert sub.kenmerk == f"{parent.kenmerk}-01"


def test_each_subdossier_starts_the_first_activiteit_of_the_chosen_workflow(ctx, seed, database):
    with database.session() as session, session.begin():
        session.get(Dossiertype, seed.dossiertypes["risicotoezicht"]).workflows = [
            "inspectiebezoek",
            "gesprek",
        ]
    parent = new_dossier(ctx, seed)
    ots = [seed.relaties["GGZ Noorderlicht"], seed.relaties["Zorggroep De Linde"]]
    subs = dossiers.create_subdossiers_bulk(
        ctx, parent.id, seed.dossiertypes["risicotoezicht"], ots, workflow_code="inspectiebezoek"
    )
    with database.session() as session:
        for sub in subs:
            workflows = session.scalars(select(Workflow).where(Workflow.dossier_id == sub.id)).all()
            assert [(w.definitie_code, w.status) for w in workflows] == [
                ("inspectiebezoek", "lopend")
            ]
            activiteiten = session.scalars(
                select(Activiteit).where(Activiteit.dossier_id == sub.id)
            ).all()
            assert [(a.code, a.status) for a in activiteiten] == [("plannen_bezoek", "open")]
    mijn = list_werkvoorraad(ctx, "mij")
    assert {i.dossier_kenmerk for i in mijn} == {s.kenmerk for s in subs}


def test_a_workflow_of_another_type_or_unknown_is_refused_and_nothing_is_made(ctx, seed, database):
    with database.session() as session, session.begin():
        session.get(Dossiertype, seed.dossiertypes["risicotoezicht"]).workflows = ["gesprek"]
    parent = new_dossier(ctx, seed)
    relatie = [seed.relaties["GGZ Noorderlicht"]]
    type_id = seed.dossiertypes["risicotoezicht"]
    with pytest.raises(ValidationFailed, match="hoort niet bij"):
        dossiers.create_subdossiers_bulk(ctx, parent.id, type_id, relatie, workflow_code="lod")
    with pytest.raises(ValidationFailed):
        dossiers.create_subdossiers_bulk(
            ctx, parent.id, seed.dossiertypes["tuchtzaak"], relatie, workflow_code="bestaat_niet"
        )
    assert dossiers.list_subdossiers(ctx, parent.id) == []
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Workflow)) == 0
