"""The tests' service contexts on PostgreSQL are what the app is: the medewerker's own login
role, not the schema owner, under the policies (``tests/conftest.py``, ``context_for``)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text

from igj_desktop.db import Database
from igj_desktop.models import Dossier
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.toegang.toekenning import set_afgeschermd
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed

WIE = text(
    "SELECT session_user, pg_get_userbyid(c.relowner), c.relrowsecurity,"
    " pg_has_role(session_user, c.relowner, 'MEMBER'), r.rolsuper OR r.rolbypassrls"
    " FROM pg_class c, pg_roles r WHERE c.oid = 'dossier'::regclass AND r.rolname = session_user"
)


def _postgresql(database: Database) -> None:
    if database.is_embedded:
        pytest.skip("alleen PostgreSQL kent loginrollen en policies")


def test_a_service_context_is_by_default_the_medewerkers_own_login_under_the_policies(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for: Callable[[str], ServiceContext]
) -> None:
    _postgresql(database)
    if os.environ.get("IGJ_TEST_ALS_EIGENAAR") == "1":
        pytest.skip("IGJ_TEST_ALS_EIGENAAR=1: alles als eigenaar")
    with ctx.read() as s:
        login, eigenaar, rls, lid_van_eigenaar, voorbij_rls = s.execute(WIE).one()
    assert login != eigenaar and not lid_van_eigenaar and not voorbij_rls and rls
    assert ctx.actor.gebruikersnaam == "avries"  # found from session_user

    geheim = new_dossier(ctx, seed, "Alleen voor Anna")
    set_afgeschermd(ctx, geheim.id, True, geheim.version)
    with ctx_for("bjansen").read() as s:  # the database itself hides it from Bram
        assert s.scalar(select(func.count()).where(Dossier.id == geheim.id)) == 0
    with database.session() as s:
        assert s.scalar(select(func.count()).where(Dossier.id == geheim.id)) == 1


@pytest.mark.eigenaar
def test_the_eigenaar_marker_keeps_the_schema_owner(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    _postgresql(database)
    with ctx.read() as s:
        login, eigenaar, *_ = s.execute(WIE).one()
    assert login == eigenaar
