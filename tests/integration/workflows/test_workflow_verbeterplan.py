"""Opleggen verbetermaatregelen: every branch of the chart (risicotoezicht PK)."""

from __future__ import annotations

import uuid

import pytest

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import KlokContext, klok_ctx, loop, open_activiteit, stap
from tests.seed import Seed

AFSLUITEN = [("afsluitbrief", "gereed"), ("afsluitbrief_versturen", "verstuurd")]


def _plan(ctx: ServiceContext, seed: Seed) -> tuple[KlokContext, uuid.UUID, uuid.UUID]:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    return klok, dossier.id, wf.start_workflow(klok, dossier.id, "verbeterplan").id


def _codes(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[str]:
    return [w.code for w in wf.list_workflows(ctx, dossier_id)]


def test_measures_received_and_accepted_close_with_openbaarmaking(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, dossier_id, workflow_id = _plan(ctx, seed)
    workflow = loop(
        klok, workflow_id, [("termijnbewaking", "ontvangen"), ("beoordelen", "akkoord"), *AFSLUITEN]
    )
    assert workflow.status == "afgerond"
    assert "openbaarmaking" in _codes(ctx, dossier_id)


def test_two_rappels_at_most_then_overleg_si_sets_a_new_termijn(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, _, workflow_id = _plan(ctx, seed)
    eerste = open_activiteit(klok, workflow_id, "termijnbewaking")
    with pytest.raises(ValidationFailed, match="pas na 2 keer 'Rappel sturen'"):
        wf.complete_activiteit(klok, eerste.id, "overleggen")
    loop(klok, workflow_id, [("termijnbewaking", "rappel"), ("rappelleren", "verstuurd")] * 2)
    derde = open_activiteit(klok, workflow_id, "termijnbewaking")
    with pytest.raises(ValidationFailed, match="hooguit 2 keer"):
        wf.complete_activiteit(klok, derde.id, "rappel")
    workflow = loop(
        klok,
        workflow_id,
        [
            ("termijnbewaking", "overleggen"),
            ("overleg_si", "nieuwe_termijn"),
            ("brief_niet_gerealiseerd", "verstuurd"),
            ("termijnbewaking_reactie", "ontvangen"),
            ("bestuurlijk_gesprek", "gevoerd"),
            ("beoordelen", "akkoord"),
            *AFSLUITEN,
        ],
    )
    assert workflow.status == "afgerond"


def test_overleg_si_intervenes_with_an_aanwijzing(ctx: ServiceContext, seed: Seed) -> None:
    klok, dossier_id, workflow_id = _plan(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [("termijnbewaking", "rappel"), ("rappelleren", "verstuurd")] * 2
        + [("termijnbewaking", "overleggen"), ("overleg_si", "interveniëren")],
    )
    assert workflow.status == "afgerond"
    assert "aanwijzing" in _codes(ctx, dossier_id)


def test_twice_not_accepted_escalates_to_lod(ctx: ServiceContext, seed: Seed) -> None:
    klok, dossier_id, workflow_id = _plan(ctx, seed)
    beoordelen = lambda: open_activiteit(klok, workflow_id, "beoordelen")  # noqa: E731
    loop(klok, workflow_id, [("termijnbewaking", "ontvangen")])
    with pytest.raises(ValidationFailed, match="pas na 1 keer 'Niet akkoord'"):
        wf.complete_activiteit(klok, beoordelen().id, "escaleren_lod", reden="Te vroeg")
    loop(
        klok,
        workflow_id,
        [
            ("beoordelen", "niet_akkoord"),
            ("brief_niet_gerealiseerd", "verstuurd"),
            ("termijnbewaking_reactie", "niet_ontvangen", True),
            ("bestuurlijk_gesprek", "gevoerd"),
        ],
    )
    with pytest.raises(ValidationFailed, match="hooguit 1 keer"):
        wf.complete_activiteit(klok, beoordelen().id, "niet_akkoord", reden="Weer niet")
    workflow = loop(klok, workflow_id, [("beoordelen", "escaleren_lod")])
    assert workflow.status == "afgerond"
    assert "lod" in _codes(ctx, dossier_id)


def test_twice_not_accepted_escalates_to_aanwijzing_first(ctx: ServiceContext, seed: Seed) -> None:
    klok, dossier_id, workflow_id = _plan(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            ("termijnbewaking", "ontvangen"),
            ("beoordelen", "niet_akkoord"),
            ("brief_niet_gerealiseerd", "verstuurd"),
            ("termijnbewaking_reactie", "ontvangen"),
            ("bestuurlijk_gesprek", "gevoerd"),
            ("beoordelen", "escaleren_aanwijzing"),
        ],
    )
    assert workflow.status == "afgerond"
    assert "aanwijzing" in _codes(ctx, dossier_id)


def test_termijn_may_be_extended_and_stopzetten_needs_reason(
    ctx: ServiceContext, seed: Seed
) -> None:
    klok, _, workflow_id = _plan(ctx, seed)
    termijn = open_activiteit(klok, workflow_id, "termijnbewaking")
    verlengd = wf.termijn_verlengen(klok, termijn.id)
    assert verlengd.termijn is not None and termijn.termijn is not None
    assert (verlengd.termijn - termijn.termijn).days >= 14
    stap(klok, workflow_id, "termijnbewaking", "ontvangen")
    assert (
        wf.end_workflow(klok, workflow_id, "stopzetten", "Aanbieder failliet").einde == "stopzetten"
    )
