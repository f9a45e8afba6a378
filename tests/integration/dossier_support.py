"""Helpers shared by the dossier service tests: a dossier in one call, an activiteit row."""

from __future__ import annotations

import uuid
from datetime import date

from igj_desktop.models import Activiteit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers.dossier import NieuwDossier, create_dossier
from igj_desktop.services.read_models import DossierDetail

from ..seed import Seed


def new_dossier(
    ctx: ServiceContext, seed: Seed, titel: str = "Toezicht op GGZ Noorderlicht", **kwargs: object
) -> DossierDetail:
    """A risicotoezicht dossier with the defaults a test rarely cares about."""
    values: dict[str, object] = {
        "dossiertype_id": seed.dossiertypes["risicotoezicht"],
        "titel": titel,
        "aanleiding": "Signaal",
        "afdeling_id": seed.groepen["Toezicht Zorgaanbieders"],
    }
    values.update(kwargs)
    return create_dossier(ctx, NieuwDossier(**values))  # type: ignore[arg-type]


def add_activiteit(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    titel: str,
    termijn: date | None,
    *,
    medewerker_id: uuid.UUID | None = None,
    groep_id: uuid.UUID | None = None,
    urgentie: str = "normaal",
) -> uuid.UUID:
    """An open activiteit, written directly: activiteiten are the workflow engine's rows."""
    with ctx.unit_of_work() as session:
        activiteit = Activiteit(
            dossier_id=dossier_id,
            code="termijnbewaking",
            titel=titel,
            soort="termijnbewaking",
            eigenaar_medewerker_id=medewerker_id,
            eigenaar_groep_id=groep_id,
            termijn=termijn,
            urgentie=urgentie,
        )
        session.add(activiteit)
        session.flush()
        return activiteit.id
