"""A document's read model says what the actor may do, and the services agree with it:
where a flag is off, the service refuses; where it is on, the service does it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from igj_desktop.db import Database
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import uitchecken
from igj_desktop.services.documenten.rechten import DocumentRechten, document_rechten
from igj_desktop.services.errors import AccessDenied, ValidationFailed
from tests.document_demo import maak_dossier
from tests.seed import Seed


def _rechten(ctx: ServiceContext, document_id: object) -> DocumentRechten:
    return documenten.document_info(ctx, document_id).rechten  # type: ignore[arg-type]


def test_flags_follow_the_check_out_and_the_services_agree(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for: Callable[[str], ServiceContext]
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", b"versie 1")
    bram, beheerder = ctx_for("bjansen"), ctx_for("dsmit")
    assert _rechten(bram, ref.document_id) == DocumentRechten(
        mag_bewerken=True,
        mag_inchecken=False,
        mag_uitcheck_verbreken=False,
        mag_review_vragen=True,
        mag_review_afronden=False,
        mag_definitief_maken=True,
    )

    uitchecken.uitchecken(ctx, ref.document_id)
    eigen, collega = _rechten(ctx, ref.document_id), _rechten(bram, ref.document_id)
    assert (eigen.mag_bewerken, eigen.mag_inchecken, eigen.mag_uitcheck_verbreken) == (
        True,
        True,
        True,
    )
    assert not (eigen.mag_review_vragen or eigen.mag_definitief_maken)
    assert not (collega.mag_bewerken or collega.mag_inchecken or collega.mag_uitcheck_verbreken)
    # a beheerder (who need not see the dossier) may break it: the same rule, his actor
    assert document_rechten(
        "concept", ctx.actor.medewerker_id, beheerder.actor
    ).mag_uitcheck_verbreken
    with pytest.raises(ValidationFailed):
        uitchecken.uitchecken(bram, ref.document_id)
    with pytest.raises(ValidationFailed):
        uitchecken.inchecken(bram, ref.document_id)
    with pytest.raises(AccessDenied):
        uitchecken.uitcheck_verbreken(bram, ref.document_id, "Anna is ziek")

    uitchecken.uitcheck_verbreken(beheerder, ref.document_id, "Anna is ziek")
    assert _rechten(bram, ref.document_id).mag_bewerken
    uitchecken.uitchecken(bram, ref.document_id)  # what the flag promised
    uitchecken.inchecken(bram, ref.document_id)
