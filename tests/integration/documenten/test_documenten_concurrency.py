"""Two users storing at the same moment on the shared PostgreSQL database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.models import Content
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import Conflict
from tests.document_demo import maak_dossier
from tests.integration.dossiers.test_dossiers_concurrency import run_while_first_commit_waits
from tests.seed import Seed


@pytest.fixture
def pg(database: Database) -> Database:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("gelijktijdige sessies gaan over de gedeelde PostgreSQL-database")
    return database


def test_two_saves_of_one_document_at_once_give_a_conflict_not_a_lost_version(
    pg: Database,
    seed: Seed,
    ctx: ServiceContext,
    ctx_for,
) -> None:
    dossier = maak_dossier(pg, seed)
    ref = documenten.add_document(ctx, [dossier.id], "rapport.docx", b"v1")
    bram = ctx_for("bjansen")

    _, fout = run_while_first_commit_waits(
        pg,
        lambda: documenten.add_versie(ctx, ref.document_id, "rapport.docx", b"v2 van Anna"),
        lambda: documenten.add_versie(bram, ref.document_id, "rapport.docx", b"v2 van Bram"),
    )

    assert isinstance(fout, Conflict)
    versies = documenten.document_info(ctx, ref.document_id).versies
    assert [v.nummer for v in versies] == [1, 2]
    assert documenten.lees_versie(ctx, versies[-1].id)[1] == b"v2 van Anna"


def test_the_same_bytes_stored_twice_at_once_make_one_content_row(
    pg: Database,
    seed: Seed,
    ctx: ServiceContext,
    ctx_for,
) -> None:
    a = maak_dossier(pg, seed)
    b = maak_dossier(pg, seed)
    bram = ctx_for("bjansen")

    _, fout = run_while_first_commit_waits(
        pg,
        lambda: documenten.add_document(ctx, [a.id], "bijlage.pdf", b"%PDF dezelfde bijlage"),
        lambda: documenten.add_document(bram, [b.id], "bijlage.pdf", b"%PDF dezelfde bijlage"),
    )

    assert fout is None
    with pg.session() as s:
        assert s.scalar(select(func.count()).select_from(Content)) == 1
    assert len(documenten.documenten_van_dossier(bram, b.id)) == 1
