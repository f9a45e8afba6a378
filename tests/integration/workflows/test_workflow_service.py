"""Workflow service behaviour: repetition, hand-over, claim, urgentie, termijnen, access,
publication rules, the bulk hook and the bewaartermijn of what ran."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import AuditEntry, Dossier, Workflow
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import add_document
from igj_desktop.services.dossiers import tijdlijn
from igj_desktop.services.errors import Conflict, NotFound, ValidationFailed
from igj_desktop.services.toegang.toekenning import grant_toegang, list_toegang, set_afgeschermd
from igj_desktop.services.workflows import acties as wf
from igj_desktop.services.workflows.catalogus import bewaartermijn_voor, sync_dossiertypes
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.integration.dossier_support import add_activiteit, new_dossier
from tests.integration.workflow_support import (
    OPENBAAR_TOT_PUBLICEREN,
    KlokContext,
    klok_ctx,
    loop,
    open_activiteit,
    uitspraak_vovo,
)
from tests.seed import Seed

BESLUIT = {"categorie": "regulier", "verzonden_op": "2027-03-01"}  # openbaarmakingsbesluit form

CtxFor = Callable[[str], ServiceContext]


def test_several_workflows_and_the_same_one_three_times(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    for _ in range(3):
        wf.start_workflow(ctx, dossier.id, "inspectiebezoek")
    wf.start_workflow(ctx, dossier.id, "vragenlijst")
    wf.start_workflow(ctx, dossier.id, "vragenlijst")
    workflows = wf.list_workflows(ctx, dossier.id)
    assert [w.code for w in workflows].count("inspectiebezoek") == 3
    assert [w.code for w in workflows].count("vragenlijst") == 2
    assert len(wf.open_items(ctx, dossier.id)) == 10  # 5 workflows + 5 open activiteiten
    assert all(w.versie == 1 for w in workflows)


def test_offered_workflows_follow_the_dossiertype(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)  # seeded types name no workflows: the whole catalog
    assert len(wf.beschikbare_workflows(ctx, dossier.id)) == 32


def test_transfer_and_claim(ctx: ServiceContext, ctx_for: CtxFor, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    grant_toegang(ctx, dossier.id, groep_id=seed.groepen["Team GGZ"], rol="lezer")
    workflow = wf.start_workflow(ctx, dossier.id, "gesprek")
    activiteit = workflow.activiteiten[0]
    assert activiteit.eigenaar == "Anna de Vries"
    naar_groep = wf.transfer_activiteit(
        ctx, activiteit.id, naar_groep_id=seed.groepen["Team GGZ"], version=activiteit.version
    )
    assert naar_groep.eigenaar == "Groep Team GGZ"
    with pytest.raises(NotFound):
        wf.claim_activiteit(ctx_for("cbakker"), activiteit.id)  # no access to the dossier
    bram = ctx_for("bjansen")
    geclaimd = wf.claim_activiteit(bram, activiteit.id, version=naar_groep.version)
    assert (geclaimd.eigenaar, geclaimd.eigenaar_groep_id) == ("Bram Jansen", None)
    grant_toegang(ctx, dossier.id, groep_id=seed.groepen["Postkamer"], rol="lezer")
    wf.transfer_activiteit(ctx, activiteit.id, naar_groep_id=seed.groepen["Postkamer"])
    with pytest.raises(ValidationFailed, match="groep waar u lid van bent"):
        wf.claim_activiteit(ctx, activiteit.id)  # Anna is not in the Postkamer
    with pytest.raises(ValidationFailed, match="één medewerker of één groep"):
        wf.transfer_activiteit(ctx, activiteit.id)
    with pytest.raises(Conflict):
        wf.set_urgentie(ctx, activiteit.id, "hoog", version=geclaimd.version)
    assert wf.set_urgentie(ctx, activiteit.id, "spoed").urgentie == "spoed"
    with pytest.raises(ValidationFailed, match="Onbekende urgentie"):
        wf.set_urgentie(ctx, activiteit.id, "heel erg")


def test_hand_over_never_widens_access(ctx: ServiceContext, ctx_for: CtxFor, seed: Seed) -> None:
    """A groep without access made behandelaar would make every lezer in it behandelaar."""
    dossier = new_dossier(ctx, seed)
    grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["epost"], rol="lezer")
    activiteit = wf.start_workflow(ctx, dossier.id, "gesprek").activiteiten[0]
    voor = {(r.naam, r.rol) for r in list_toegang(ctx, dossier.id)}
    with pytest.raises(ValidationFailed, match="Postkamer heeft geen toegang tot dit dossier"):
        wf.transfer_activiteit(ctx, activiteit.id, naar_groep_id=seed.groepen["Postkamer"])
    with pytest.raises(ValidationFailed, match="Carla Bakker heeft geen toegang"):
        wf.transfer_activiteit(ctx, activiteit.id, naar_medewerker_id=seed.medewerkers["cbakker"])
    assert {(r.naam, r.rol) for r in list_toegang(ctx, dossier.id)} == voor
    assert ("Esther Post", "lezer") in voor
    grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["cbakker"], rol="lezer")
    carla = ctx_for("cbakker")
    wf.transfer_activiteit(ctx, activiteit.id, naar_medewerker_id=seed.medewerkers["cbakker"])
    assert [i.activiteit_id for i in list_werkvoorraad(carla, "mij")] == [activiteit.id]
    assert ("Carla Bakker", "lezer") in {(r.naam, r.rol) for r in list_toegang(ctx, dossier.id)}
    wf.complete_activiteit(carla, activiteit.id, None)  # the owner acts on it as lezer
    acties = [r.actie for r in tijdlijn.list_tijdlijn(ctx, dossier.id)]
    assert "activiteit_overgedragen" in acties


def test_hand_over_in_an_afgeschermd_dossier_needs_access_first(
    ctx: ServiceContext, ctx_for: CtxFor, seed: Seed
) -> None:
    dossier = new_dossier(ctx, seed)
    activiteit = wf.start_workflow(ctx, dossier.id, "gesprek").activiteiten[0]
    set_afgeschermd(ctx, dossier.id, True, None)
    with pytest.raises(ValidationFailed, match="afgeschermde dossier"):
        wf.transfer_activiteit(ctx, activiteit.id, naar_medewerker_id=seed.medewerkers["cbakker"])
    with pytest.raises(ValidationFailed, match="afgeschermde dossier"):
        wf.transfer_activiteit(ctx, activiteit.id, naar_groep_id=seed.groepen["Team GGZ"])
    assert wf.get_activiteit(ctx, activiteit.id).eigenaar == "Anna de Vries"
    assert "Carla Bakker" not in {r.naam for r in list_toegang(ctx, dossier.id)}
    with pytest.raises(NotFound):
        wf.get_activiteit(ctx_for("cbakker"), activiteit.id)


def test_no_access_no_actions(ctx: ServiceContext, ctx_for: CtxFor, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(ctx, dossier.id, "gesprek")
    carla = ctx_for("cbakker")
    with pytest.raises(NotFound):
        wf.complete_activiteit(carla, workflow.activiteiten[0].id, "gepland")
    with pytest.raises(NotFound):
        wf.start_workflow(carla, dossier.id, "gesprek")
    assert wf.get_workflow(ctx, workflow.id).activiteiten[0].open


def test_suspend_and_resume_move_the_termijn_by_the_days_suspended(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok = klok_ctx(ctx)  # 1 March 2027
    dossier = new_dossier(ctx, seed)
    bezwaar = wf.start_workflow(klok, dossier.id, "bezwaar")
    loop(klok, bezwaar.id, [("registreren", "ontvankelijk"), ("hoorzitting", "gehouden")])
    beslissing = open_activiteit(klok, bezwaar.id, "beslissing")
    assert beslissing.termijn == date(2027, 4, 12) and beslissing.termijn_wettelijk
    assert (beslissing.mag_opschorten, beslissing.mag_hervatten) == (True, False)
    opgeschort = wf.termijn_opschorten(klok, beslissing.id)
    assert (opgeschort.mag_opschorten, opgeschort.mag_hervatten) == (False, True)
    with pytest.raises(ValidationFailed, match="opgeschort"):
        wf.complete_activiteit(klok, beslissing.id, "ongegrond")
    klok.nu += timedelta(days=15)
    hervat = wf.termijn_hervatten(klok, beslissing.id)
    assert hervat.termijn == date(2027, 4, 28)  # 27 April = Koningsdag -> 28 April
    with pytest.raises(ValidationFailed, match="niet opgeschort"):
        wf.termijn_hervatten(klok, beslissing.id)


def test_termijn_override_where_allowed(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    gesprek = wf.start_workflow(ctx, dossier.id, "gesprek").activiteiten[0]
    assert wf.termijn_wijzigen(ctx, gesprek.id, date(2027, 4, 27)).termijn == date(2027, 4, 27)
    openbaar = wf.start_workflow(ctx, dossier.id, "openbaarmaking")
    besluit = openbaar.activiteiten[0]
    wf.complete_activiteit(ctx, besluit.id, "openbaar", gegevens=dict(BESLUIT))
    bewaking = open_activiteit(ctx, openbaar.id, "termijnbewaking_bezwaar")
    with pytest.raises(ValidationFailed, match="ligt vast"):
        wf.termijn_wijzigen(ctx, bewaking.id, date(2030, 1, 1))
    with pytest.raises(ValidationFailed, match="kan niet worden verlengd"):
        wf.termijn_verlengen(ctx, bewaking.id)


def test_directe_maatregel_has_48_hours_and_spoed(ctx: ServiceContext, seed: Seed) -> None:
    klok = KlokContext(ctx.db, ctx.actor, datetime(2027, 3, 27, 9, 0, tzinfo=UTC))
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(klok, dossier.id, "directe_maatregel")
    opleggen = open_activiteit(klok, workflow.id, "opleggen")
    with pytest.raises(ValidationFailed, match=r"Vul 'Onderbouwing' in\."):
        wf.complete_activiteit(klok, opleggen.id, "opgelegd")
    wf.complete_activiteit(klok, opleggen.id, "opgelegd", gegevens={"onderbouwing": "Acuut"})
    controle = open_activiteit(klok, workflow.id, "controle_48_uur")
    assert (controle.termijn, controle.urgentie) == (date(2027, 3, 29), "spoed")


def test_role_owner_and_jeugdhulp_report_deadline(ctx: ServiceContext, seed: Seed) -> None:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed, sector="Jeugdhulp")
    lod = wf.start_workflow(klok, dossier.id, "lod")
    assert lod.activiteiten[0].eigenaar == "Fatima Mulder"  # juridisch adviseur
    rapport = wf.start_workflow(klok, dossier.id, "rapport").activiteiten[0]
    assert rapport.termijn == date(2027, 4, 12)  # six weeks for jeugdhulp
    ggz = new_dossier(ctx, seed)
    assert wf.start_workflow(klok, ggz.id, "rapport").activiteiten[0].termijn == date(2027, 4, 1)


def _openbaar(ctx: ServiceContext, seed: Seed, **gegevens: object) -> tuple[KlokContext, object]:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    alles = {**BESLUIT, **gegevens}
    return klok, wf.start_workflow(klok, dossier.id, "openbaarmaking", gegevens=alles).id


def test_never_published_category(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _openbaar(ctx, seed, categorie="bestuurlijke_boete")
    besluit = open_activiteit(klok, workflow_id, "besluit_openbaarmaking")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="nooit openbaar"):
        wf.complete_activiteit(klok, besluit.id, "openbaar")
    assert (
        loop(klok, workflow_id, [("besluit_openbaarmaking", "niet_openbaar")]).status == "afgerond"
    )  # type: ignore[arg-type]


def test_publication_waits_two_weeks_and_checks_the_reactie(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _openbaar(
        ctx, seed, soort_rapport="calamiteitenrapport_eigen_onderzoek", reactie_aanbieder="x " * 201
    )
    loop(klok, workflow_id, [("besluit_openbaarmaking", "openbaar")])  # type: ignore[arg-type]
    wacht = open_activiteit(klok, workflow_id, "termijnbewaking_bezwaar")  # type: ignore[arg-type]
    assert wacht.termijn == date(2027, 3, 15)
    with pytest.raises(ValidationFailed, match="vanaf 15-03-2027"):
        wf.complete_activiteit(klok, wacht.id, "geen_bezwaar")
    loop(klok, workflow_id, [("termijnbewaking_bezwaar", "geen_bezwaar", True)])  # type: ignore[arg-type]
    reactie = open_activiteit(klok, workflow_id, "beoordelen_reactie")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="201 woorden"):
        wf.complete_activiteit(klok, reactie.id, "akkoord")
    wf.complete_activiteit(klok, reactie.id, "akkoord", gegevens={"reactie_aanbieder": "Kort."})
    publiceren = open_activiteit(klok, workflow_id, "publiceren")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="zakelijke weergave"):
        wf.complete_activiteit(klok, publiceren.id, "gepubliceerd")
    wf.complete_activiteit(
        klok, publiceren.id, "gepubliceerd", gegevens={"zakelijke_weergave": True}
    )
    verwijderen = open_activiteit(klok, workflow_id, "publicatie_verwijderen")  # type: ignore[arg-type]
    assert verwijderen.termijn is not None and verwijderen.termijn.year == klok.today().year + 5


def test_voorlopige_voorziening_waits_for_the_judge(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _openbaar(ctx, seed)
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "voorlopige_voorziening"),
        ],
    )  # type: ignore[arg-type]
    wachten = open_activiteit(klok, workflow_id, "afwachten_uitspraak")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="nog niet vastgelegd"):
        wf.complete_activiteit(klok, wachten.id, "openbaar_toegestaan")
    uitspraak_vovo(klok, wachten.dossier_id, "toegewezen")
    result = wf.get_workflow(klok, workflow_id)  # type: ignore[arg-type]
    assert result.status == "afgerond"  # the judge forbade it: followed at once
    assert "publiceren" not in [a.code for a in result.activiteiten]
    with ctx.read() as session:
        acties = set(
            session.scalars(
                select(AuditEntry.actie).where(
                    AuditEntry.entiteit_id.in_([wachten.id, workflow_id])
                )
            )
        )
    assert {"activiteit_afgerond", "workflow_afgerond"} <= acties  # audited, though automatic


def test_publication_after_a_voorlopige_voorziening_only_after_the_ruling(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _openbaar(ctx, seed)
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "bezwaar_en_vovo"),
        ],
    )  # type: ignore[arg-type]
    codes = [
        w.code
        for w in wf.list_workflows(
            klok, open_activiteit(klok, workflow_id, "afwachten_uitspraak").dossier_id
        )
    ]  # type: ignore[arg-type]
    assert {"bezwaar", "voorlopige_voorziening"} <= set(codes)
    wachten = open_activiteit(klok, workflow_id, "afwachten_uitspraak")  # type: ignore[arg-type]
    uitspraak_vovo(klok, wachten.dossier_id, "afgewezen")
    assert open_activiteit(klok, workflow_id, "beoordelen_reactie")  # type: ignore[arg-type]


def test_direct_publication_in_acute_danger_needs_a_reason_and_mt(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _openbaar(ctx, seed)
    besluit = open_activiteit(klok, workflow_id, "besluit_openbaarmaking")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="Vul 'Reden"):
        wf.complete_activiteit(klok, besluit.id, "direct_openbaar")
    spoed = {"spoed_reden": "Acuut gevaar", "spoed_mt_akkoord": str(seed.medewerkers["bjansen"])}
    with pytest.raises(ValidationFailed, match="met de rol mt"):
        wf.complete_activiteit(klok, besluit.id, "direct_openbaar", gegevens=spoed)
    spoed["spoed_mt_akkoord"] = str(seed.medewerkers["dsmit"])
    wf.complete_activiteit(klok, besluit.id, "direct_openbaar", gegevens=spoed)
    publiceren = open_activiteit(klok, workflow_id, "publiceren")  # type: ignore[arg-type]
    assert publiceren.open and open_activiteit(klok, workflow_id, "reactietermijn").termijn == date(
        2027, 4, 12
    )


def test_reactie_after_publication_is_registered_checked_and_added(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _openbaar(ctx, seed)
    loop(
        klok,
        workflow_id,
        [*OPENBAAR_TOT_PUBLICEREN, ("publiceren", "gepubliceerd")],
    )  # type: ignore[arg-type]
    registreren = wf.start_activiteit(klok, workflow_id, "reactie_registreren")  # type: ignore[arg-type]
    wf.complete_activiteit(
        klok,
        registreren.id,
        gegevens={"reactie_aanbieder": "woord " * 201, "reactie_ontvangen_op": "2027-04-01"},
    )
    controleren = open_activiteit(klok, workflow_id, "reactie_controleren")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="201 woorden"):
        wf.complete_activiteit(klok, controleren.id, "akkoord")
    wf.complete_activiteit(klok, controleren.id, "akkoord", gegevens={"reactie_aanbieder": "Kort."})
    toevoegen = open_activiteit(klok, workflow_id, "reactie_toevoegen")  # type: ignore[arg-type]
    wf.complete_activiteit(klok, toevoegen.id)
    assert wf.get_workflow(klok, workflow_id).lopend  # type: ignore[arg-type]


def test_word_limit_is_checked_on_every_path_that_publishes(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _openbaar(ctx, seed, reactie_aanbieder="x " * 201)
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "geen_bezwaar", True),
            ("beoordelen_reactie", "niet_akkoord"),
            ("overleg_mt", "gereed"),
        ],
    )  # type: ignore[arg-type]
    publiceren = open_activiteit(klok, workflow_id, "publiceren")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="201 woorden"):
        wf.complete_activiteit(klok, publiceren.id, "gepubliceerd")
    wf.complete_activiteit(
        klok, publiceren.id, "gepubliceerd", gegevens={"reactie_aanbieder": "Ingekort."}
    )


def test_bulk_hook_starts_only_the_first_activity(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    with ctx.unit_of_work() as session:
        rij = session.get(Dossier, dossier.id)
        assert rij is not None
        wf.start_first_activity(session, ctx.actor, rij, "inspectiebezoek", ctx.now())
    (workflow,) = wf.list_workflows(ctx, dossier.id)
    assert [a.titel for a in workflow.activiteiten] == ["Plannen bezoek"]


def test_bewaartermijn_grows_with_a_completed_bezwaar(
    database: Database, ctx: ServiceContext, seed: Seed
) -> None:
    klok = klok_ctx(ctx)
    with database.session() as session, session.begin():  # the catalog, as the owner
        sync_dossiertypes(session)
    dossier = new_dossier(ctx, seed)
    bezwaar = wf.start_workflow(klok, dossier.id, "bezwaar")
    with ctx.read() as session:
        rij = session.get(Dossier, dossier.id)
        assert rij is not None
        assert bewaartermijn_voor(session, rij, date(2027, 6, 1)).jaren == 10
    stappen = [("registreren", "ontvankelijk"), ("hoorzitting", "gehouden")]
    loop(klok, bezwaar.id, [*stappen, ("beslissing", "ongegrond")])
    with ctx.read() as session:
        rij = session.get(Dossier, dossier.id)
        assert rij is not None
        assert (
            session.scalar(select(Workflow.status).where(Workflow.id == bezwaar.id)) == "afgerond"
        )
        resultaat = bewaartermijn_voor(session, rij, date(2027, 6, 1))
    assert (resultaat.jaren, resultaat.tot) == (20, date(2047, 6, 1))
    assert "Bezwaar" in resultaat.toelichting


def test_loose_activiteit_and_workflow_of_an_older_definition(
    ctx: ServiceContext, seed: Seed
) -> None:
    dossier = new_dossier(ctx, seed)
    losse = add_activiteit(
        ctx, dossier.id, "Terugbellen", date(2027, 3, 5), medewerker_id=ctx.actor.medewerker_id
    )
    afgerond = wf.complete_activiteit(ctx, losse)
    assert (afgerond.activiteit.status, afgerond.activiteit.uitkomst) == ("afgerond", "gereed")
    with pytest.raises(ValidationFailed, match="al afgerond"):
        wf.complete_activiteit(ctx, losse)
    workflow = wf.start_workflow(ctx, dossier.id, "gesprek")
    with ctx.unit_of_work() as session:
        rij = session.get(Workflow, workflow.id)
        assert rij is not None
        rij.definitie_versie = 0  # started under an older catalog version
    oud = wf.get_workflow(ctx, workflow.id)
    assert oud.versie == 0
    assert wf.complete_activiteit(ctx, oud.activiteiten[0].id, "gepland").gestart == (
        "Gesprek voorbereiden",
    )


def test_review_request_to_a_groep_and_to_a_colleague(
    ctx: ServiceContext, ctx_for: CtxFor, seed: Seed
) -> None:
    dossier = new_dossier(ctx, seed)
    grant_toegang(ctx, dossier.id, groep_id=seed.groepen["Team GGZ"], rol="lezer")
    naar_groep = wf.start_workflow(
        ctx, dossier.id, "review", eigenaar_groep_id=seed.groepen["Team GGZ"]
    )
    assert naar_groep.activiteiten[0].eigenaar == "Groep Team GGZ"
    naar_bram = wf.start_workflow(
        ctx, dossier.id, "review", eigenaar_medewerker_id=seed.medewerkers["bjansen"]
    )
    reviewen = naar_bram.activiteiten[0]
    bram = ctx_for("bjansen")  # a lezer of the dossier, but the owner of the review
    result = wf.complete_activiteit(
        bram, reviewen.id, "opmerkingen", reden="Paragraaf 3 klopt niet"
    )
    assert result.gestart == ("Reviewresultaat verwerken",)
    terug = open_activiteit(ctx, naar_bram.id, "terugkoppeling")
    assert terug.eigenaar == "Anna de Vries"  # the result goes back to the requester
    with pytest.raises(ValidationFailed, match="niet beide"):
        wf.start_workflow(
            ctx,
            dossier.id,
            "review",
            eigenaar_groep_id=seed.groepen["Team GGZ"],
            eigenaar_medewerker_id=seed.medewerkers["bjansen"],
        )


def test_activiteit_links_the_document_it_produced(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    ander = new_dossier(ctx, seed, titel="Ander dossier")
    workflow = wf.start_workflow(ctx, dossier.id, "rapport")
    concept = workflow.activiteiten[0]
    document = add_document(ctx, [dossier.id], "conceptrapport.txt", b"Concept")
    vreemd = add_document(ctx, [ander.id], "ander.txt", b"Ander")
    with pytest.raises(ValidationFailed, match="hoort niet bij het dossier"):
        wf.link_document(ctx, concept.id, vreemd.document_id)
    assert wf.link_document(ctx, concept.id, document.document_id).gekoppeld == (
        "Document: conceptrapport",
    )
    wf.link_document(ctx, concept.id, document.document_id)  # twice is once
    (rij,) = wf.get_workflow(ctx, workflow.id).activiteiten
    assert rij.gekoppeld == ("Document: conceptrapport",)
