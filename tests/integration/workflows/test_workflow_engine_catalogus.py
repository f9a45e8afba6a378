"""The engine runs the catalog it is given, not a module-wide one: a test (or a tool) can run
its own definitions next to the application's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from igj_desktop.models import Dossier
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.workflows.acties import workflow_engine
from igj_desktop.workflows.definitions import catalogus, load_catalogus
from igj_desktop.workflows.engine import Engine, EngineFout, Klok
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed
from tests.unit.test_catalog import _activiteit, _broken

KLOK = Klok(datetime(2027, 3, 1, 9, tzinfo=UTC))


def _eigen_catalogus(tmp_path: Path) -> Engine:
    def wijzig(d: dict[str, Any]) -> None:
        d["naam"] = "Gesprek (eigen catalogus)"
        _activiteit(d, "plannen")["titel"] = "Eigen eerste stap"

    return Engine(load_catalogus(_broken(tmp_path, wijzig)))


def test_the_engine_starts_a_workflow_from_the_catalog_it_was_given(
    ctx: ServiceContext, seed: Seed, tmp_path: Path
) -> None:
    dossier_id = new_dossier(ctx, seed).id
    eigen = _eigen_catalogus(tmp_path)
    with ctx.unit_of_work() as session:
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        workflow = eigen.start_workflow(session, ctx.actor.medewerker_id, dossier, "gesprek", KLOK)
        standaard = workflow_engine().start_workflow(
            session, ctx.actor.medewerker_id, dossier, "gesprek", KLOK
        )
        assert workflow.titel == "Gesprek (eigen catalogus)"
        assert [a.titel for a in workflow.activiteiten] == ["Eigen eerste stap"]
        assert standaard.titel == catalogus().workflows["gesprek"].naam != workflow.titel
        adef = eigen.activiteit_definitie(workflow.activiteiten[0])
        assert adef is not None and adef.titel == "Eigen eerste stap"


def test_a_workflow_missing_from_the_given_catalog_is_refused_in_dutch(
    ctx: ServiceContext, seed: Seed, tmp_path: Path
) -> None:
    dossier_id = new_dossier(ctx, seed).id
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    with ctx.unit_of_work() as session:
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        with pytest.raises(EngineFout, match="Er is geen workflow 'gesprek' in de catalogus"):
            Engine(load_catalogus(leeg)).start_workflow(
                session, ctx.actor.medewerker_id, dossier, "gesprek", KLOK
            )
