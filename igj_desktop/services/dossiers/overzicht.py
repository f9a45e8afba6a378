"""What the dossier window shows when an inspecteur opens a dossier, read in one go.

The pane's header and Overzicht tab need the detail (betrokkenen, toegang, koppelingen,
subdossiers), who has the dossier taken along and the afdelingen to choose from; the
Activiteiten and Documenten tabs, the daily work, get their rows from the same read, so
switching to them asks nothing more. One read session, one access check (the dossier's own
row under ``visible_dossiers``): every later query only reads what belongs to it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from igj_desktop.models import GroepSoort
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import DocumentInfo, documenten_in
from igj_desktop.services.dossiers.dossier import detail_van
from igj_desktop.services.dossiers.keuzelijsten import groepen
from igj_desktop.services.offline.meenemen import LeaseInfo, leases_van
from igj_desktop.services.read_models import DossierDetail, GroepRow, WerkvoorraadItem
from igj_desktop.services.workflows.werkvoorraad import open_in_dossier


@dataclass(frozen=True)
class DossierOverzicht:
    detail: DossierDetail
    leases: tuple[LeaseInfo, ...]
    """Who has taken the dossier along (the header's badge)."""
    afdelingen: tuple[GroepRow, ...]
    """What the Overzicht tab's afdeling list offers."""
    activiteiten: tuple[WerkvoorraadItem, ...]
    """Its open activiteiten, as ``list_werkvoorraad(ctx, "alles", dossier_id=…)``."""
    documenten: tuple[DocumentInfo, ...]
    """Its documents with their versions, as ``documenten_van_dossier``."""


def dossier_overzicht(ctx: ServiceContext, dossier_id: uuid.UUID) -> DossierOverzicht:
    """Everything the dossier window shows when the dossier opens; ``NotFound`` when the
    actor may not see it."""
    with ctx.read() as session:
        detail = detail_van(session, ctx.actor, dossier_id)
        return DossierOverzicht(
            detail=detail,
            leases=tuple(leases_van(session, ctx.now(), [dossier_id]).get(dossier_id, ())),
            afdelingen=tuple(groepen(session, GroepSoort.AFDELING)),
            activiteiten=tuple(
                open_in_dossier(session, ctx, dossier_id, detail.kenmerk, detail.titel)
            ),
            documenten=tuple(documenten_in(session, ctx.actor, dossier_id)),
        )
