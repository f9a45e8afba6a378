"""The steps issue 15 added to the catalog, each branch walked through the service API."""

from __future__ import annotations

import uuid

import pytest

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import REDEN, KlokContext, klok_ctx, loop, open_activiteit
from tests.seed import Seed


def _start(
    ctx: ServiceContext, seed: Seed, code: str, **gegevens: object
) -> tuple[KlokContext, uuid.UUID]:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    return klok, wf.start_workflow(klok, dossier.id, code, gegevens=dict(gegevens)).id


def _codes(klok: KlokContext, workflow_id: uuid.UUID) -> list[str]:
    return [a.code for a in wf.get_workflow(klok, workflow_id).activiteiten]


def test_verkenning_revised_before_the_besluit(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _start(ctx, seed, "opdrachtverkenning")
    workflow = loop(
        klok,
        workflow_id,
        [
            ("besluit_verkenning", "bijstellen"),
            ("verkenning_bijstellen", "bijgesteld"),
            ("besluit_verkenning", "vervolg"),
        ],
    )
    assert workflow.status == "afgerond"
    assert _codes(klok, workflow_id).count("besluit_verkenning") == 2


def test_toetsingsinstrument_onderbouwing_review_and_bijstellen(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "toetsingsinstrument")
    onderbouwing = open_activiteit(klok, workflow_id, "onderbouwing_registreren")
    with pytest.raises(ValidationFailed, match="Vul 'Onderbouwing' in"):
        wf.complete_activiteit(klok, onderbouwing.id)
    wf.complete_activiteit(klok, onderbouwing.id, gegevens={"onderbouwing": "Wkkgz art. 2"})
    workflow = loop(
        klok,
        workflow_id,
        [
            ("selecteren", "geselecteerd"),
            ("review", "aanpassen"),
            ("bijstellen", "bijgesteld"),
            ("review", "akkoord"),
            ("vaststellen", "vastgesteld"),
        ],
    )
    assert workflow.status == "afgerond"


def test_bijeenkomst_prepared_reminded_and_verslag_reviewed(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "bijeenkomst")
    loop(klok, workflow_id, [("organiseren", "gepland"), ("voorbereiden", "gereed")])
    herinnering = wf.start_activiteit(klok, workflow_id, "herinnering")
    wf.complete_activiteit(klok, herinnering.id)
    workflow = loop(
        klok,
        workflow_id,
        [
            ("houden", "gehouden"),
            ("verslag", "ter_review"),
            ("review_verslag", "aanpassen"),
            ("verslag", "ter_review"),
            ("review_verslag", "akkoord"),
        ],
    )
    assert workflow.status == "afgerond"
    with pytest.raises(ValidationFailed, match="Geef een reden"):
        wf.end_workflow(klok, _start(ctx, seed, "bijeenkomst")[1], "stopzetten", " ")


def test_gesprek_and_aanspreken_are_prepared(ctx: ServiceContext, seed: Seed) -> None:
    klok, gesprek = _start(ctx, seed, "gesprek")
    loop(klok, gesprek, [("plannen", "gepland"), ("voorbereiden", "gereed"), ("voeren", "gevoerd")])
    klok, aanspreken = _start(ctx, seed, "aanspreken")
    loop(klok, aanspreken, [("plannen", "afspraak"), ("voorbereiden", "gereed")])
    assert open_activiteit(klok, aanspreken, "aanspreken")
    klok, schriftelijk = _start(ctx, seed, "aanspreken")
    workflow = loop(
        klok,
        schriftelijk,
        [("plannen", "schriftelijk"), ("aanspreken", "gereed"), ("vastleggen", "afgerond")],
    )
    assert workflow.status == "afgerond" and "voorbereiden" not in _codes(klok, schriftelijk)


def test_inspectiebezoek_can_be_stopgezet(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _start(ctx, seed, "inspectiebezoek")
    workflow = wf.end_workflow(klok, workflow_id, "stopzetten", REDEN)
    assert (workflow.status, workflow.einde) == ("beeindigd", "stopzetten")


def test_directe_maatregel_brief_review_rappel_and_afsluitbrief(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "directe_maatregel", onderbouwing="Acuut risico")
    loop(
        klok,
        workflow_id,
        [
            ("opleggen", "opgelegd"),
            ("brief_opstellen", "ter_review"),
            ("brief_review", "aanpassen"),
            ("brief_opstellen", "ter_review"),
            ("brief_review", "akkoord"),
            ("brief_versturen", "gereed"),
        ],
    )
    rappel = wf.start_activiteit(klok, workflow_id, "rappel")
    wf.complete_activiteit(klok, rappel.id)
    workflow = loop(
        klok,
        workflow_id,
        [
            ("controle_48_uur", "genomen"),
            ("afsluitbrief_opstellen", "ter_review"),
            ("afsluitbrief_review", "aanpassen"),
            ("afsluitbrief_opstellen", "ter_review"),
            ("afsluitbrief_review", "akkoord"),
            ("afsluitbrief_versturen", "verzonden"),
        ],
    )
    assert workflow.status == "afgerond"


def test_bestuursgesprek_ends_in_new_verbetermaatregelen(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _start(ctx, seed, "bestuursgesprek")
    aanleiding = open_activiteit(klok, workflow_id, "aanleiding")
    with pytest.raises(ValidationFailed, match="Vul 'Aanleiding' in"):
        wf.complete_activiteit(klok, aanleiding.id, "geregistreerd")
    wf.complete_activiteit(
        klok, aanleiding.id, "geregistreerd", gegevens={"aanleiding_gesprek": "Signalen"}
    )
    workflow = loop(
        klok,
        workflow_id,
        [
            ("uitnodigen", "uitgenodigd"),
            ("voorbereiden", "gereed"),
            ("voeren", "gevoerd"),
            ("verslag", "verbetermaatregelen"),
        ],
    )
    assert workflow.status == "afgerond"
    assert "verbeterplan" in [w.code for w in wf.list_workflows(klok, workflow.dossier_id)]


def test_verscherpt_toezicht_with_bestuursgesprek_and_reviewed_closing_letter(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "verscherpt_toezicht")
    loop(klok, workflow_id, [("besluit", "ingesteld"), ("monitoren", "bestuursgesprek")])
    rappel = wf.start_activiteit(klok, workflow_id, "rappel")
    wf.complete_activiteit(klok, rappel.id)
    workflow = loop(
        klok,
        workflow_id,
        [
            ("monitoren", "voldoende"),
            ("afsluitbrief_opstellen", "ter_review"),
            ("afsluitbrief_review", "aanpassen"),
            ("afsluitbrief_opstellen", "ter_review"),
            ("afsluitbrief_review", "akkoord"),
            ("beeindigen", "beeindigd"),
        ],
    )
    assert workflow.status == "afgerond"
    codes = [w.code for w in wf.list_workflows(klok, workflow.dossier_id)]
    assert {"bestuursgesprek", "openbaarmaking"} <= set(codes)


def test_voorlopige_voorziening_adjusts_the_cjib_collection(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "voorlopige_voorziening")
    for code in ("inning_pauzeren", "inning_aanpassen", "inning_herstarten", "restitueren"):
        stap = wf.start_activiteit(klok, workflow_id, code)
        assert wf.complete_activiteit(klok, stap.id).activiteit.status == "afgerond"
    workflow = loop(
        klok,
        workflow_id,
        [
            ("registreren", "geregistreerd"),
            ("verweer", "ingediend"),
            ("zitting", "gehouden"),
            ("uitspraak", "afgewezen"),
        ],
    )
    assert workflow.status == "afgerond"


BESLUIT = {"categorie": "regulier", "verzonden_op": "2027-03-01"}


def test_openbaarmaking_bezwaar_alone_does_not_stop_publication(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, workflow_id = _start(ctx, seed, "openbaarmaking", **BESLUIT)
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "alleen_bezwaar", True),
            ("beoordelen_reactie", "geen_reactie"),
        ],
    )
    assert open_activiteit(klok, workflow_id, "publiceren")
    dossier_id = wf.get_workflow(klok, workflow_id).dossier_id
    assert "bezwaar" in [w.code for w in wf.list_workflows(klok, dossier_id)]
    later = wf.start_activiteit(klok, workflow_id, "bezwaar_registreren")
    assert wf.complete_activiteit(klok, later.id, "geregistreerd").workflows_gestart == ("Bezwaar",)


def test_openbaarmaking_goes_on_when_the_vovo_is_withdrawn(ctx: ServiceContext, seed: Seed) -> None:
    klok, workflow_id = _start(ctx, seed, "openbaarmaking", **BESLUIT)
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "voorlopige_voorziening"),
            ("afwachten_uitspraak", "verzoek_ingetrokken"),
        ],
    )
    assert open_activiteit(klok, workflow_id, "beoordelen_reactie")
