"""The benchmark medewerker's own PostgreSQL login role, as a DBA makes it (README).

The schema owner, who builds the data set, is not subject to row-level security; the figures
are measured as the medewerker, so with the policies on."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from igj_desktop.db import Database


def database_als_medewerker(db: Database, gebruikersnaam: str) -> Database:
    """The same database, logged in as ``gebruikersnaam``'s role (made when missing)."""
    url = make_url(db.url)
    rol = f"{url.database}_{gebruikersnaam.replace('.', '_')}"  # roles are cluster-wide
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        if run("SELECT 1 FROM pg_roles WHERE rolname = %s", (rol,)).first() is None:
            run(f'CREATE ROLE "{rol}" LOGIN IN ROLE igj_medewerker')
        run("UPDATE medewerker SET db_rol = %s WHERE gebruikersnaam = %s", (rol, gebruikersnaam))
    return Database(url.set(username=rol).render_as_string(hide_password=False))
