"""Opstellen rapport (chart 000 R1535-1619): every branch, through the service API."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import KlokContext, klok_ctx, loop, open_activiteit
from tests.seed import Seed

CONCEPT = [
    ("concept_opstellen", "gereed"),
    ("concept_controleren", "akkoord"),
    ("concept_versturen", "verzonden", {"concept_verzonden_op": "2027-03-01"}),
]
VASTSTELLEN = ("definitief_vaststellen", "vastgesteld", {"interventie": "geen"})
VERZONDEN = {"verzonden_op": "2027-04-12"}


def _rapport(ctx: ServiceContext, seed: Seed) -> tuple[KlokContext, uuid.UUID, uuid.UUID]:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    gegevens = {"laatste_inspectieactiviteit": "2027-02-15"}
    return klok, dossier.id, wf.start_workflow(klok, dossier.id, "rapport", gegevens=gegevens).id


def test_concept_sent_back_then_reactie_corrected_and_published(
    ctx: ServiceContext, seed: Seed
) -> None:
    """R1540 review 'aanpassen' loops back; a reactie is registered and its feitelijke
    onjuistheden processed (R1558-1566); the report goes out with an openbaarmakingsbesluit."""
    klok, dossier_id, workflow_id = _rapport(ctx, seed)
    workflow = loop(
        klok,
        workflow_id,
        [
            ("concept_opstellen", "gereed"),
            ("concept_controleren", "aanpassen"),
            *CONCEPT,
            ("reactie_bewaken", "reactie_ontvangen"),
            ("reactie_registreren", "geregistreerd", {"reactie_ontvangen_op": "2027-03-20"}),
            ("onjuistheden_verwerken", "verwerkt"),
            VASTSTELLEN,
        ],
    )
    assert [a.code for a in workflow.activiteiten].count("concept_opstellen") == 2
    versturen = open_activiteit(klok, workflow_id, "definitief_versturen")
    assert versturen.termijn == date(2027, 5, 1)  # 6 weeks after the reactie (R1588)
    loop(klok, workflow_id, [("definitief_versturen", "verzonden_openbaar", VERZONDEN)])
    assert wf.get_workflow(klok, workflow_id).status == "afgerond"
    assert "openbaarmaking" in [w.code for w in wf.list_workflows(klok, dossier_id)]


def test_no_reactie_within_the_term_then_sent_without_publication(
    ctx: ServiceContext, seed: Seed
) -> None:
    """'Geen reactie' only once the 4 weeks passed (R1558-1561); a report that is not
    published says why (reden verplicht) and starts no openbaarmaking."""
    klok, dossier_id, workflow_id = _rapport(ctx, seed)
    loop(klok, workflow_id, CONCEPT)
    bewaken = open_activiteit(klok, workflow_id, "reactie_bewaken")
    assert bewaken.termijn == date(2027, 3, 29)
    with pytest.raises(ValidationFailed, match="als de termijn verstreken is"):
        wf.complete_activiteit(klok, bewaken.id, "geen_reactie")
    workflow = loop(
        klok,
        workflow_id,
        [
            ("reactie_bewaken", "geen_reactie", True),
            VASTSTELLEN,
            ("definitief_versturen", "verzonden_niet_openbaar", VERZONDEN),
        ],
    )
    assert workflow.status == "afgerond"
    assert "reactie_registreren" not in [a.code for a in workflow.activiteiten]
    assert "openbaarmaking" not in [w.code for w in wf.list_workflows(klok, dossier_id)]
