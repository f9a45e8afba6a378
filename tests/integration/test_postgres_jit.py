"""The app's PostgreSQL sessions run without JIT compilation (``db._zonder_jit``): under
the row-level security policies every statement's estimated cost passes ``jit_above_cost``,
and compiling cost more than running (bench/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from igj_desktop.db import make_engine
from tests.conftest import make_database


def test_an_app_session_has_jit_off_and_keeps_the_urls_own_options(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    database = make_database("postgresql", request, tmp_path)
    with database.engine.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"
    engine = make_engine(f"{database.url}?options=-c%20statement_timeout%3D12345")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW jit")).scalar() == "off"
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "12345ms"
    finally:
        engine.dispose()
