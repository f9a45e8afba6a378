"""Every workflow of the catalog, walked end to end through the service API: its happy
path (the first uitkomst at every beslispunt) and its alternative ending with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from igj_desktop.models import AuditEntry
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from igj_desktop.workflows.definitions import catalogus
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import REDEN, klok_ctx
from tests.seed import Seed

CODES = sorted(catalogus().workflows)
GEGEVENS = {
    "reactie_aanbieder": "Wij nemen de bevindingen ter harte.",
    "tuchtklacht_ingediend": True,
    "categorie": "regulier",
    "verzonden_op": "2027-03-01",
    "onderbouwing": "Normen uit het toetsingskader",
    "interventie": "geen",
    "concept_verzonden_op": "2027-03-01",
    "reactie_ontvangen_op": "2027-03-01",
    "aanleiding_gesprek": "Signalen over de governance",
    "overtreding": "Geen VOG voor medewerkers",
}


@pytest.mark.parametrize("code", CODES)
def test_happy_path(ctx: ServiceContext, seed: Seed, code: str) -> None:
    klok = klok_ctx(ctx)
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(klok, dossier.id, code, gegevens=GEGEVENS)
    assert workflow.versie == catalogus().workflows[code].versie
    for _ in range(60):
        workflow = wf.get_workflow(klok, workflow.id)
        open_ = [a for a in workflow.activiteiten if a.open]
        if not workflow.lopend:
            break
        activiteit = open_[0]
        uitkomst = catalogus().workflows[code].activiteit(activiteit.code).uitkomsten[0]  # type: ignore[union-attr]
        if uitkomst.niet_voor_termijn:
            klok.na_termijn(activiteit)
        wf.complete_activiteit(klok, activiteit.id, uitkomst.code, reden=REDEN)
    assert workflow.status == "afgerond"
    assert not [a for a in workflow.activiteiten if a.open]
    with ctx.read() as session:
        acties = set(
            session.scalars(select(AuditEntry.actie).where(AuditEntry.entiteit_id == workflow.id))
        )
        assert {"workflow_gestart", "workflow_afgerond"} <= acties


@pytest.mark.parametrize("code", CODES)
def test_alternative_ending_needs_a_reason(ctx: ServiceContext, seed: Seed, code: str) -> None:
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(ctx, dossier.id, code, gegevens=GEGEVENS)
    einde = workflow.eindes[0]
    with ctx.read() as session:
        voor = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ValidationFailed, match="Geef een reden"):
        wf.end_workflow(ctx, workflow.id, einde.code, "  ")
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == voor
    assert wf.get_workflow(ctx, workflow.id).lopend
    beeindigd = wf.end_workflow(
        ctx, workflow.id, einde.code, "Aanbieder gesloten", version=workflow.version
    )
    assert (beeindigd.status, beeindigd.einde, beeindigd.reden) == (
        "beeindigd",
        einde.code,
        "Aanbieder gesloten",
    )
    assert all(a.status == "geannuleerd" for a in beeindigd.activiteiten)
    assert wf.open_items(ctx, dossier.id) == []
