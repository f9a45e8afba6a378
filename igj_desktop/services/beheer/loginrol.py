"""A medewerker's own PostgreSQL login role, made by the schema owner as README's database
administrator does (*Database beheren*): for the demo and the benchmark, which fill a shared
database as its owner and then work as an ordinary medewerker, under the policies."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from igj_desktop.db import Database
from igj_desktop.services.errors import ServiceError


def als_medewerker(db: Database, gebruikersnaam: str) -> Database:
    """``db`` logged in as ``gebruikersnaam``'s own role (made when missing: in igj_beheer for
    a beheerder, else igj_medewerker). Roles are cluster-wide, so the name carries the
    database's; ``db`` must be the schema owner's connection with the right to make roles."""
    url = make_url(db.url)
    rol = f"{url.database}_{gebruikersnaam}".replace(".", "_").lower()[:63]
    try:
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            beheerder = run(
                "SELECT 1 FROM medewerker m JOIN medewerker_rol r ON r.medewerker_id = m.id"
                " WHERE m.gebruikersnaam = %s AND r.rol_code = 'beheerder'",
                (gebruikersnaam,),
            ).first()
            if run("SELECT 1 FROM pg_roles WHERE rolname = %s", (rol,)).first() is None:
                groep = "igj_beheer" if beheerder else "igj_medewerker"
                run(f'CREATE ROLE "{rol}" LOGIN IN ROLE {groep}')
            run(
                "UPDATE medewerker SET db_rol = %s WHERE gebruikersnaam = %s", (rol, gebruikersnaam)
            )
    except DBAPIError as exc:
        raise ServiceError(
            f"Kon geen databaselogin maken voor '{gebruikersnaam}': de verbinding mag geen "
            "rollen aanmaken. Laat de databasebeheerder dat doen (README, Database beheren)."
        ) from exc
    return Database(url.set(username=rol).render_as_string(hide_password=False))
