"""Last onder dwangsom: every branch of the 27-step chart, through the service API."""

from __future__ import annotations

import uuid

import pytest

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from igj_desktop.services.workflows.formulieren import activiteit_formulier
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import KlokContext, klok_ctx, loop, open_activiteit, stap
from tests.seed import Seed

VOORNEMEN = [
    ("bm_registreren", "geregistreerd"),
    ("voornemen_opstellen", "gereed"),
    ("voornemen_accorderen", "verder"),
    ("ots_informeren_voornemen", "verzonden"),
]
BESLUIT = [
    ("besluit_opstellen", "voortzetten"),
    ("besluit_accorderen", "geaccordeerd"),
    ("ots_informeren_besluit", "verzonden"),
]
VERBEURD = [
    *VOORNEMEN,
    ("zienswijze_termijn", "geen"),
    *BESLUIT,
    ("begunstigingstermijn", "niet_uitgevoerd", True),
    ("verbeurte_vaststellen", "vastgesteld", {"verbeurd_aantal": 3}),  # step 12a
    ("ivb_bedrag_bepalen", "bepaald", {"ivb_bedrag": 1500}),  # step 12b
    ("ivb_voornemen", "verzonden"),
]
INGEVORDERD = [
    *VERBEURD,
    ("ivb_zienswijze", "geen"),
    ("ivb_beoordelen", "invorderen"),
    ("ivb_besluit", "verzonden"),
    ("cjib_informeren", "geinformeerd"),
]


def _lod(ctx: ServiceContext, seed: Seed) -> tuple[KlokContext, uuid.UUID, uuid.UUID]:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed, dossiertype_id=seed.dossiertypes["handhaving"])
    gegevens = {
        "overtreding": "Medewerkers zonder VOG",
        "dwangsom_bedrag": 500,
    }  # step 1: the BM as registered
    return klok, dossier.id, wf.start_workflow(klok, dossier.id, "lod", gegevens=gegevens).id


def _codes(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[str]:
    return [w.code for w in wf.list_workflows(ctx, dossier_id)]


def test_voornemen_not_accorded_stops_the_bm_process(ctx: ServiceContext, seed: Seed) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    stap(klok, workflow_id, "bm_registreren", "geregistreerd")
    stap(klok, workflow_id, "voornemen_opstellen", "gereed")
    activiteit = open_activiteit(klok, workflow_id, "voornemen_accorderen")
    with pytest.raises(ValidationFailed, match="Geef een reden"):
        wf.complete_activiteit(klok, activiteit.id, "stoppen")
    assert loop(klok, workflow_id, [("voornemen_accorderen", "stoppen")]).status == "afgerond"


def test_written_zienswijze_then_no_voortzetting(ctx: ServiceContext, seed: Seed) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *VOORNEMEN,
            ("zienswijze_termijn", "schriftelijk"),
            ("zienswijze_registreren", "geregistreerd"),
            ("besluit_opstellen", "niet_voortzetten"),
            ("brief_einde", "gereed"),
            ("ots_informeren_einde", "verzonden"),
        ],
    )
    assert workflow.status == "afgerond"
    assert "zienswijzegesprek" not in [a.code for a in workflow.activiteiten]


def test_zienswijzegesprek_revised_besluit_and_last_carried_out(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *VOORNEMEN,
            ("zienswijze_termijn", "gesprek"),
            ("zienswijzegesprek", "gevoerd"),
            ("zienswijze_registreren", "geregistreerd"),
            ("besluit_opstellen", "voortzetten"),
            ("besluit_accorderen", "aanpassen"),
            *BESLUIT,
            ("begunstigingstermijn", "uitgevoerd"),
            ("brief_einde", "gereed"),
            ("ots_informeren_einde", "verzonden"),
        ],
    )
    assert workflow.status == "afgerond"
    assert [a.code for a in workflow.activiteiten].count("besluit_opstellen") == 2
    assert "openbaarmaking" in _codes(ctx, dossier_id)  # the besluit is published


def test_begunstigingstermijn_is_statutory_and_verbeurte_waits_for_it(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    loop(klok, workflow_id, [*VOORNEMEN, ("zienswijze_termijn", "geen"), *BESLUIT])
    termijn = open_activiteit(klok, workflow_id, "begunstigingstermijn")
    assert termijn.termijn_wettelijk and termijn.termijn is not None
    assert termijn.termijn.weekday() < 5
    with pytest.raises(ValidationFailed, match="als de termijn verstreken is"):
        wf.complete_activiteit(klok, termijn.id, "niet_uitgevoerd")
    verlengd = wf.termijn_verlengen(klok, termijn.id, version=termijn.version)
    assert verlengd.termijn is not None and verlengd.termijn > termijn.termijn


def test_verbeurte_is_vastgesteld_then_the_ivb_amount_bepaald(
    ctx: ServiceContext, seed: Seed
) -> None:
    """Chart steps 12a and 12b (R1984-1988, numbers R2170) are two activiteiten: 12b sees
    the dwangsom of step 1 and the count of 12a, and refuses to go on without an amount."""
    klok, _, workflow_id = _lod(ctx, seed)
    verbeurd = VERBEURD[: VERBEURD.index(("ivb_voornemen", "verzonden"))]
    loop(klok, workflow_id, verbeurd[:-1])  # up to and including 12a
    bepalen = open_activiteit(klok, workflow_id, "ivb_bedrag_bepalen")
    formulier = activiteit_formulier(klok, bepalen.id)
    assert [(f.label, f.waarde) for f in formulier.feiten] == [
        ("Dwangsom (bedrag per overtreding of tijdseenheid)", "500"),
        ("Aantal keer verbeurd (overtredingen of tijdseenheden)", "3"),
    ]
    with pytest.raises(ValidationFailed, match="In te vorderen bedrag"):
        wf.complete_activiteit(klok, bepalen.id, "bepaald")
    stap(klok, workflow_id, "ivb_bedrag_bepalen", "bepaald", gegevens={"ivb_bedrag": 1500})
    open_ = [a.code for a in wf.get_workflow(klok, workflow_id).activiteiten if a.open]
    assert open_ == ["ivb_voornemen"]


def test_ivb_written_zienswijze_then_no_invordering(ctx: ServiceContext, seed: Seed) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *VERBEURD,
            ("ivb_zienswijze", "schriftelijk"),
            ("ivb_zienswijze_registreren", "geregistreerd"),
            ("ivb_beoordelen", "niet_invorderen"),
        ],
    )
    assert workflow.status == "afgerond"


def test_ivb_gesprek_invordering_succeeds(ctx: ServiceContext, seed: Seed) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *VERBEURD,
            ("ivb_zienswijze", "gesprek"),
            ("ivb_zienswijzegesprek", "gevoerd"),
            ("ivb_zienswijze_registreren", "geregistreerd"),
            ("ivb_beoordelen", "invorderen"),
            ("ivb_besluit", "verzonden"),
            ("cjib_informeren", "geinformeerd"),
            ("inning_bewaken", "geslaagd"),
        ],
    )
    assert workflow.status == "afgerond"


def _beslis_bezwaar(klok: KlokContext, dossier_id: uuid.UUID, beslissing: str) -> None:
    """Walk the bezwaar workflow the LOD started to its beslissing op bezwaar."""
    bezwaar = next(w for w in wf.list_workflows(klok, dossier_id) if w.code == "bezwaar")
    loop(
        klok,
        bezwaar.id,
        [("registreren", "ontvankelijk"), ("hoorzitting", "gehouden"), ("beslissing", beslissing)],
    )


def test_bezwaar_pauses_inning_and_gegrond_restitutes(ctx: ServiceContext, seed: Seed) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *INGEVORDERD,
            ("inning_bewaken", "bezwaar_ingediend"),
            ("inning_pauzeren", "gepauzeerd"),
        ],
    )
    wachten = open_activiteit(klok, workflow_id, "bezwaar_afwachten")
    with pytest.raises(ValidationFailed, match="nog niet vastgelegd"):
        wf.complete_activiteit(klok, wachten.id, "gegrond")
    _beslis_bezwaar(klok, dossier_id, "gegrond")
    # the LOD follows the beslissing op bezwaar by itself (L2105-2109), no manual choice
    gevolgd = next(a for a in wf.get_workflow(klok, workflow_id).activiteiten if a.id == wachten.id)
    assert (gevolgd.status, gevolgd.uitkomst) == ("afgerond", "gegrond")
    workflow = loop(
        klok, workflow_id, [("restitutie_nota", "gereed"), ("fkc_restitutie", "terugbetaald")]
    )
    assert workflow.status == "afgerond"
    assert "bezwaar" in _codes(ctx, dossier_id)


def test_bezwaar_ongegrond_resumes_inning_then_dwangbevel(ctx: ServiceContext, seed: Seed) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    loop(
        klok,
        workflow_id,
        [
            *INGEVORDERD,
            ("inning_bewaken", "bezwaar_ingediend"),
            ("inning_pauzeren", "gepauzeerd"),
        ],
    )
    wachten = open_activiteit(klok, workflow_id, "bezwaar_afwachten")
    _beslis_bezwaar(klok, dossier_id, "ongegrond")
    gevolgd = next(a for a in wf.get_workflow(klok, workflow_id).activiteiten if a.id == wachten.id)
    assert (gevolgd.uitkomst, gevolgd.reden) == ("ongegrond", "Volgt de beslissing in 'Bezwaar'.")
    workflow = loop(
        klok,
        workflow_id,
        [
            ("inning_bewaken", "niet_geslaagd"),
            ("dwangbevel", "opgemaakt"),
            ("fkc_dwangbevel", "geinformeerd"),
        ],
    )
    assert workflow.status == "afgerond"
    assert [a.code for a in workflow.activiteiten].count("inning_bewaken") == 2


def test_bezwaar_and_voorlopige_voorziening_registered_any_time(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    loop(klok, workflow_id, [*VOORNEMEN, ("zienswijze_termijn", "geen"), *BESLUIT])
    registratie = wf.start_activiteit(klok, workflow_id, "bezwaar_registreren")
    result = wf.complete_activiteit(klok, registratie.id, "bezwaar_en_vovo")
    assert set(result.workflows_gestart) == {"Bezwaar", "Voorlopige voorziening"}
    assert {"bezwaar", "voorlopige_voorziening"} <= set(_codes(ctx, dossier_id))
    assert wf.get_workflow(klok, workflow_id).lopend  # the LOD itself goes on


def test_intrekken_ends_the_lod_with_a_reason(ctx: ServiceContext, seed: Seed) -> None:
    klok, _, workflow_id = _lod(ctx, seed)
    loop(klok, workflow_id, VOORNEMEN)
    workflow = wf.end_workflow(
        klok, workflow_id, "intrekken", "Aanbieder heeft de overtreding beëindigd"
    )
    assert (workflow.status, workflow.einde) == ("beeindigd", "intrekken")


def test_step_1_registers_the_bm_with_its_overtreding(ctx: ServiceContext, seed: Seed) -> None:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed, dossiertype_id=seed.dossiertypes["handhaving"])
    workflow = wf.start_workflow(klok, dossier.id, "lod")
    stap1 = open_activiteit(klok, workflow.id, "bm_registreren")
    with pytest.raises(ValidationFailed, match="Vul 'Overtreding"):
        wf.complete_activiteit(klok, stap1.id, "geregistreerd")
    wf.complete_activiteit(
        klok,
        stap1.id,
        "geregistreerd",
        gegevens={"overtreding": "Geen VOG", "dwangsom_bedrag": 500},
    )
    assert open_activiteit(klok, workflow.id, "voornemen_opstellen")


def test_bezwaar_and_vovo_with_opschorting_pauses_the_inning(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    loop(
        klok,
        workflow_id,
        [
            *INGEVORDERD,
            ("inning_bewaken", "bezwaar_en_vovo"),
            ("opschorting_beoordelen", "opschorting"),
            ("inning_pauzeren", "gepauzeerd"),
        ],
    )
    assert {"bezwaar", "voorlopige_voorziening"} <= set(_codes(ctx, dossier_id))
    _beslis_bezwaar(klok, dossier_id, "ongegrond")
    assert open_activiteit(klok, workflow_id, "inning_bewaken")  # inning resumes


def test_bezwaar_and_vovo_without_opschorting_keeps_collecting(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, dossier_id, workflow_id = _lod(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            *INGEVORDERD,
            ("inning_bewaken", "bezwaar_en_vovo"),
            ("opschorting_beoordelen", "geen_opschorting"),
            ("inning_bewaken", "geslaagd"),
        ],
    )
    assert workflow.status == "afgerond"
    assert "inning_pauzeren" not in [a.code for a in workflow.activiteiten]
    assert {"bezwaar", "voorlopige_voorziening"} <= set(_codes(ctx, dossier_id))
