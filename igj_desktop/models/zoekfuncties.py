"""PostgreSQL: the searches as functions that apply the access rule themselves, so that they
stay fast for a login role under row-level security.

``ILIKE``, pg_trgm's operators and the full-text ``@@`` are not ``LEAKPROOF``: under the
policies PostgreSQL may not evaluate them before the policy, so it cannot use the trigram
and tsvector indexes for a login role and walks every row it may see (7.5 s for a title
search at the bench's scale 0.1). These functions run as the schema owner (``SECURITY
DEFINER``, ``search_path`` pinned), search through the indexes and keep only what the login
(``session_user``) may see by the policies' own rule, 0010's ``igj_mijn_toegang``; the app
then selects ``dossier.id IN (…)`` or ``versie_id = …`` under the policies (uuid equality is
leakproof). They return ids and a rank, never text: a fragment is made by the app from rows
it can read itself. The schema owner (trusted, not under the policies) passes the medewerker
and groepen whose view it wants (``wie``); for every other login ``wie`` is ignored.

Created by migration 0013 (PostgreSQL only).
"""

from __future__ import annotations

from sqlalchemy import Connection

from .zoeklezers import LEZERS, RELATIES, TEKST
from .zoektekst import PG_KOLOM

MEDEWERKER = "igj_medewerker"
DOSSIERS = "igj_zoek_dossiers(text[], text, uuid[])"
INHOUD = "igj_zoek_inhoud(text, uuid[])"
INTERN = ("igj_relatienamen(uuid)", "igj_lezers(uuid, boolean)")
"""0011's helpers: SECURITY DEFINER, so no login may call them (a shielded dossier's names)."""

# the login is the schema owner (or a member of its role): trusted, not under the policies
EIGENAAR = (
    "pg_has_role(session_user,"
    " (SELECT relowner FROM pg_class WHERE oid = 'dossier'::regclass), 'MEMBER')"
)

# Every word is a LIKE pattern (escaped by the app; a pattern can only match more of what
# the login may see anyway), bound as a parameter: the statement text holds only numbers.
FUNCTIES = (
    f"""
CREATE OR REPLACE FUNCTION igj_zoek_dossiers(teksten text[], relatie text, wie uuid[])
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100 SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    lezers uuid[] := wie;
    vraag text := 'SELECT d.id FROM dossier d WHERE d.{LEZERS} && $3';
BEGIN
    IF NOT {EIGENAAR} THEN
        lezers := ARRAY(SELECT igj_medewerker_id() UNION ALL SELECT groep_id FROM igj_mijn_groepen);
        vraag := vraag
            || ' AND EXISTS (SELECT 1 FROM igj_mijn_toegang z WHERE z.dossier_id = d.id)';
    END IF;
    FOR i IN 1 .. coalesce(array_length(teksten, 1), 0) LOOP
        vraag := vraag || ' AND d.{TEKST} ILIKE $1[' || i || ']';
    END LOOP;
    IF relatie IS NOT NULL THEN
        vraag := vraag || ' AND d.{RELATIES} ILIKE $2';
    END IF;
    RETURN QUERY EXECUTE vraag USING teksten, relatie, lezers;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION igj_zoek_inhoud(vraag text, wie uuid[])
RETURNS TABLE (versie_id uuid, rang real)
LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1000 SET search_path = {{schema}}, pg_temp AS $$
#variable_conflict use_column
DECLARE
    q tsquery := to_tsquery('dutch', vraag);
BEGIN
    IF {EIGENAAR} THEN
        RETURN QUERY SELECT t.versie_id, ts_rank_cd(t.{PG_KOLOM}, q) FROM versie_tekst t
        WHERE t.{PG_KOLOM} @@ q AND EXISTS (
            SELECT 1 FROM document_dossier k JOIN dossier d ON d.id = k.dossier_id
            WHERE k.document_id = t.document_id AND d.{LEZERS} && wie);
    ELSE
        RETURN QUERY SELECT t.versie_id, ts_rank_cd(t.{PG_KOLOM}, q) FROM versie_tekst t
        WHERE t.{PG_KOLOM} @@ q AND EXISTS (
            SELECT 1 FROM document_dossier k JOIN igj_mijn_toegang z ON z.dossier_id = k.dossier_id
            WHERE k.document_id = t.document_id);
    END IF;
END $$""",
)


def _rechten(connection: Connection) -> None:
    run = connection.exec_driver_sql
    for functie in (DOSSIERS, INHOUD, *INTERN):
        if run(f"SELECT to_regprocedure('{functie}')").scalar() is not None:
            run(f"REVOKE EXECUTE ON FUNCTION {functie} FROM PUBLIC")
    if run(f"SELECT 1 FROM pg_roles WHERE rolname = '{MEDEWERKER}'").first():
        run(f"GRANT EXECUTE ON FUNCTION {DOSSIERS}, {INHOUD} TO {MEDEWERKER}")


def maak_zoekfuncties(connection: Connection) -> None:
    """The functions and who may call them (PostgreSQL; elsewhere nothing)."""
    if connection.dialect.name != "postgresql":
        return
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    for functie in FUNCTIES:
        connection.exec_driver_sql(functie.replace("{schema}", f'"{schema}"'))
    _rechten(connection)


def verwijder_zoekfuncties(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {DOSSIERS}, {INHOUD}")
        for functie in INTERN:  # 0011's state: callable by anyone
            connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {functie} TO PUBLIC")
