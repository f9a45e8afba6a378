"""A NUL character is refused with a Dutch message at the service boundary, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.models import AuditEntry, Dossier, Telefoonnotitie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import relaties, zoeken
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    record_telefoonnotitie,
)
from igj_desktop.services.errors import ValidationFailed

from ..seed import Seed
from .dossier_support import new_dossier


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(m))
            for m in (Dossier, Telefoonnotitie, AuditEntry)
        )


def test_nul_in_new_and_changed_text_is_refused_and_nothing_is_stored(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = new_dossier(ctx, seed, "Toezicht GGZ")
    voor = _counts(database)
    with pytest.raises(ValidationFailed, match="NUL-teken") as nieuw:
        new_dossier(ctx, seed, "Toezicht\x00GGZ")
    assert "'titel'" in nieuw.value.message
    with pytest.raises(ValidationFailed, match="NUL-teken"):
        record_telefoonnotitie(
            ctx, dossier.id, NieuweTelefoonnotitie("Bezoek", "Gebeld over\x00het bezoek")
        )
    with pytest.raises(ValidationFailed, match="'omschrijving'"):
        dossiers.update_dossier(ctx, dossier.id, dossier.version, omschrijving="a\x00b")
    assert _counts(database) == voor
    assert dossiers.get_dossier_detail(ctx, dossier.id).omschrijving == dossier.omschrijving
    # the next, clean change is taken
    dossiers.update_dossier(ctx, dossier.id, dossier.version, omschrijving="zonder nul")
    assert dossiers.get_dossier_detail(ctx, dossier.id).omschrijving == "zonder nul"


def test_a_search_with_nul_is_refused_instead_of_matching_everything(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    new_dossier(ctx, seed, "Toezicht GGZ")
    new_dossier(ctx, seed, "Crisisopvang")
    with pytest.raises(ValidationFailed, match="zoektekst"):
        zoeken.search_dossiers(ctx, zoeken.Zoekvraag(tekst="a\x00b"))
    with pytest.raises(ValidationFailed, match="NUL-teken"):
        relaties.search_relaties(ctx, "a\x00b")
    with pytest.raises(ValidationFailed, match="NUL-teken"):
        dossiers.list_hoofddossiers(ctx, filter_text="a\x00b")
    assert zoeken.search_dossiers(ctx, zoeken.Zoekvraag(tekst="ab")).totaal == 0
