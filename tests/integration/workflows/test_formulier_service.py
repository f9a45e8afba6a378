"""The form service: choices for relatie, document and medewerker velden and earlier facts."""

from __future__ import annotations

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import add_document
from igj_desktop.services.workflows import acties as wf
from igj_desktop.services.workflows.formulieren import activiteit_formulier, start_formulier
from igj_desktop.workflows.formulieren import VeldType
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import klok_ctx, loop, open_activiteit
from tests.seed import Seed


def test_relatie_and_document_choices_come_from_the_dossier(
    ctx: ServiceContext, seed: Seed
) -> None:
    ggz = seed.relaties["GGZ Noorderlicht"]
    dossier = new_dossier(ctx, seed, betrokkenen=[(ggz, "ots")])
    ander = new_dossier(ctx, seed, betrokkenen=[(seed.relaties["J. Pietersen, psychiater"], "ots")])
    add_document(ctx, [dossier.id], "bezwaar.txt", b"Bezwaar", titel="Bezwaarschrift GGZ")
    add_document(ctx, [ander.id], "ander.txt", b"Ander", titel="Ander dossier")
    workflow = wf.start_workflow(ctx, dossier.id, "bezwaar")
    formulier = activiteit_formulier(ctx, open_activiteit(ctx, workflow.id, "registreren").id)
    assert [v.type for v in formulier.velden] == [
        VeldType.RELATIE,
        VeldType.DOCUMENT,
        VeldType.DATUM,
    ]
    assert formulier.opties["indiener"] == ((str(ggz), "GGZ Noorderlicht"),)
    assert [naam for _, naam in formulier.opties["bezwaarschrift"]] == ["Bezwaarschrift GGZ"]


def test_medewerker_choices_and_earlier_facts(ctx: ServiceContext, seed: Seed) -> None:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(
        klok,
        dossier.id,
        "openbaarmaking",
        gegevens={"categorie": "opsporing", "verzonden_op": "2027-03-01"},
    )
    besluit = activiteit_formulier(
        klok, open_activiteit(klok, workflow.id, "besluit_openbaarmaking").id
    )
    assert besluit.waarden == {"categorie": "opsporing", "verzonden_op": "2027-03-01"}
    assert [naam for _, naam in besluit.opties["spoed_mt_akkoord"]] == ["Dirk Smit"]  # MT
    loop(klok, workflow.id, [("besluit_openbaarmaking", "niet_openbaar")])
    assert (
        start_formulier(klok, dossier.id, "rapport").velden[0].veld == "laatste_inspectieactiviteit"
    )
    assert start_formulier(klok, dossier.id, "gesprek").leeg


def test_facts_are_shown_as_the_user_reads_them(ctx: ServiceContext, seed: Seed) -> None:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(
        klok,
        dossier.id,
        "openbaarmaking",
        gegevens={"categorie": "regulier", "verzonden_op": "2027-03-01"},
    )
    loop(klok, workflow.id, [("besluit_openbaarmaking", "openbaar")])
    bewaking = activiteit_formulier(
        klok, open_activiteit(klok, workflow.id, "termijnbewaking_bezwaar").id
    )
    assert [(f.label, f.waarde) for f in bewaking.feiten] == [
        ("Definitief rapport verzonden op", "01-03-2027"),
        ("Publicatiecategorie", "Rapport of handhavingsmaatregel (wordt openbaar)"),
    ]
    assert bewaking.per_uitkomst["geen_bezwaar"][0].max_woorden == 200
