"""PostgreSQL: who may read each document text, kept on the ``versie_tekst`` row so that the
content search finds only the visible matches in one index scan.

``igj_zoek_inhoud`` of 0013 searched the tsvector index and then checked access for every
match: a common question matched 7,164 texts at the bench's scale 0.1, of which the login
could see 202 (207 ms, target 150). As 0011 did for dossiers, the rule is precomputed:

* ``versie_tekst.zoek_lezers``: the union of ``dossier.zoek_lezers`` over the dossiers the
  document is linked to (own toegang rows; a groep's unless the dossier is afgeschermd), so a
  login sees the text exactly when its medewerker id or one of its groepen is in it;
* one multi-column GIN index over ``zoekvector`` and ``zoek_lezers``: ``@@`` and ``&&``
  are answered together, the heap is read only for visible matches.

The database computes the value itself: a row trigger on ``versie_tekst`` sets it on every
insert and update (a client cannot write its own; the same trigger now computes ``zoekvector``
when the stems change, no longer a generated column: see ``DDL``), and triggers on ``dossier`` (its
``zoek_lezers`` changed: toegang, afscherming) and ``document_dossier`` (linked, unlinked)
touch the texts whose readers changed. Group membership needs nothing: the login's groepen are
looked up at search time. Not in the models (SQLite has no arrays; its search filters with
``visible_dossiers``); schema comparisons skip ``zoek_`` columns and ``ix_zoek_`` indexes.
Created by migration 0014 (PostgreSQL only).
"""

from __future__ import annotations

from sqlalchemy import Connection

from .zoekfuncties import EIGENAAR, MEDEWERKER, maak_zoekfuncties
from .zoeklezers import LEZERS, opdracht_triggers
from .zoektekst import PG_DDL, PG_INDEX, PG_KOLOM, PG_VECTOR

INDEX = "ix_zoek_versie_tekst_lezers"
INDEX_DDL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON versie_tekst USING gin ({PG_KOLOM}, {LEZERS})"
LEZERS_VAN = "igj_document_lezers(uuid)"
RANG_GRENS = 1000
"""At most this many visible matches are ranked (``ts_rank_cd`` reads each text's vector):
the newest; the others follow them, newest first. See ``igj_zoek_inhoud``."""

# the texts of the documents in ``documenten`` whose stored readers are not the rule's
_BIJWERKEN = f"""
    UPDATE versie_tekst t SET {LEZERS} = t.{LEZERS}  -- the row trigger computes the value
    WHERE t.document_id IN (%s) AND t.{LEZERS} IS DISTINCT FROM igj_document_lezers(t.document_id)
"""

DDL = (
    f"ALTER TABLE versie_tekst ADD COLUMN IF NOT EXISTS {LEZERS} uuid[] NOT NULL DEFAULT '{{}}'",
    # a stored generated column is computed again on every UPDATE of the row, whatever it
    # changes: a change of readers would stem-index the whole text again (the fill below took
    # 9 minutes for 200,000 texts); the row trigger computes it when the stems change
    f"ALTER TABLE versie_tekst ALTER COLUMN {PG_KOLOM} DROP EXPRESSION IF EXISTS",
    f"""
CREATE OR REPLACE FUNCTION igj_document_lezers(document uuid) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT lezer ORDER BY lezer), '{{}}')
    FROM document_dossier k JOIN dossier d ON d.id = k.dossier_id, unnest(d.{LEZERS}) AS lezer
    WHERE k.document_id = document
$$""",
    f"REVOKE EXECUTE ON FUNCTION {LEZERS_VAN} FROM PUBLIC",
    f"""
CREATE OR REPLACE FUNCTION igj_versie_tekst_afleiden() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.stammen IS DISTINCT FROM OLD.stammen THEN
        NEW.{PG_KOLOM} := {PG_VECTOR.replace("stammen", "NEW.stammen")};
    ELSE
        NEW.{PG_KOLOM} := OLD.{PG_KOLOM};
    END IF;
    NEW.{LEZERS} := igj_document_lezers(NEW.document_id);
    RETURN NEW;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION igj_inhoud_lezers_dossier() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    {_BIJWERKEN % "SELECT k.document_id FROM document_dossier k WHERE k.dossier_id = NEW.id"};
    RETURN NULL;
END $$""",
    # once per statement on document_dossier, for every document it touched
    f"""
CREATE OR REPLACE FUNCTION igj_inhoud_lezers_koppeling() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_BIJWERKEN % "SELECT document_id FROM nieuw"};
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_BIJWERKEN % "SELECT document_id FROM oud"};
    END IF;
    RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS versie_tekst_afleiden ON versie_tekst",
    "CREATE TRIGGER versie_tekst_afleiden BEFORE INSERT OR UPDATE ON versie_tekst"
    " FOR EACH ROW EXECUTE FUNCTION igj_versie_tekst_afleiden()",
    # not "UPDATE OF zoek_lezers": 0011's afscherming trigger changes it in a BEFORE trigger,
    # which a column list does not see
    "DROP TRIGGER IF EXISTS dossier_inhoud_lezers ON dossier",
    "CREATE TRIGGER dossier_inhoud_lezers AFTER UPDATE ON dossier FOR EACH ROW"
    f" WHEN (OLD.{LEZERS} IS DISTINCT FROM NEW.{LEZERS})"
    " EXECUTE FUNCTION igj_inhoud_lezers_dossier()",
)

# after DDL's triggers exist: the rows already there, in one pass, then the index over both
VULLEN = (
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    "ALTER TABLE versie_tekst DISABLE TRIGGER versie_tekst_afleiden",
    f"""
UPDATE versie_tekst t SET {LEZERS} = l.lezers
FROM (
    SELECT k.document_id, array_agg(DISTINCT lezer ORDER BY lezer) AS lezers
    FROM document_dossier k JOIN dossier d ON d.id = k.dossier_id, unnest(d.{LEZERS}) AS lezer
    GROUP BY k.document_id
) AS l
WHERE l.document_id = t.document_id""",
    "ALTER TABLE versie_tekst ENABLE TRIGGER versie_tekst_afleiden",
    "SET LOCAL maintenance_work_mem = '256MB'",  # the GIN build: minutes less at 200,000 texts
    INDEX_DDL,
    "ANALYZE versie_tekst",
)


KOPPELING_TRIGGERS = opdracht_triggers(
    "document_dossier", "inhoud_lezers", "igj_inhoud_lezers_koppeling"
)


# Searches the index for ``@@`` and ``&&`` at once, and keeps only the newest version of each
# document (the only one that counts; the app may then take the best hits first, see
# ``zoekmachine.PostgresZoekmachine.beste``). For a login its principals come from the
# database (``wie`` is ignored) and the policies' rule (``igj_mijn_toegang``: own toegang rows,
# a groep's unless afgeschermd) is checked again on each visible match, spelled out over the
# tables so that it is a few index look-ups per match: through the view the planner hashed
# every toegang row of the login's groepen (280 ms at scale 0.1); ``OFFSET 0`` keeps it a
# per-row check. ``ts_rank_cd`` reads each match's vector from TOAST: only the ``RANG_GRENS``
# newest visible matches are ranked; with more, the rest get 0 and come after them (the app
# orders ties by document date). All matches are returned, so the app's filters (type,
# sector, period) still see every one.
_GEVONDEN = f"""
            SELECT t.versie_id, t.document_id, CASE
                WHEN row_number() OVER (ORDER BY t.bijgewerkt_op DESC) <= {RANG_GRENS}
                THEN ts_rank_cd(t.{PG_KOLOM}, q) ELSE 0 END::real AS rang
            FROM versie_tekst t WHERE t.{PG_KOLOM} @@ q AND t.{LEZERS} && lezers
              AND t.versie_id = (SELECT v.id FROM versie v WHERE v.document_id = t.document_id
                                 ORDER BY v.nummer DESC LIMIT 1)"""
_MIJN = """
          AND EXISTS (
            SELECT 1 FROM document_dossier k JOIN toegang g ON g.dossier_id = k.dossier_id
            JOIN dossier d ON d.id = k.dossier_id
            WHERE k.document_id = r.document_id
              AND (g.medewerker_id = mij OR (g.groep_id = ANY (groepen) AND NOT d.afgeschermd))
            OFFSET 0)"""
ALLE = f"""
        SELECT r.versie_id, r.rang FROM ({_GEVONDEN}) AS r WHERE true"""
BESTE = f"""
        SELECT r.versie_id, r.rang FROM (
            SELECT g.*, rank() OVER (ORDER BY g.rang DESC) AS plaats FROM ({_GEVONDEN}) AS g
        ) AS r WHERE r.plaats <= aantal"""


def _zoekfunctie(naam: str, argumenten: str, vraag: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {naam}({argumenten})
RETURNS TABLE (versie_id uuid, rang real)
LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1000 SET search_path = {{schema}}, pg_temp AS $$
#variable_conflict use_column
DECLARE
    q tsquery := to_tsquery('dutch', vraag);
    lezers uuid[] := wie;
    mij uuid;
    groepen uuid[];
BEGIN
    IF {EIGENAAR} THEN
        RETURN QUERY{vraag};
    ELSE
        mij := igj_medewerker_id();
        groepen := ARRAY(SELECT groep_id FROM igj_mijn_groepen);
        lezers := mij || groepen;
        RETURN QUERY{vraag}{_MIJN};
    END IF;
END $$"""


INHOUD_BESTE = "igj_zoek_inhoud_beste(text, uuid[], integer)"
ZOEK_INHOUD = (
    _zoekfunctie("igj_zoek_inhoud", "vraag text, wie uuid[]", ALLE),
    # only the rows ranked among the first ``aantal`` (ties included): a search without
    # further criteria needs no more, and the rule is then checked for those rows only
    _zoekfunctie("igj_zoek_inhoud_beste", "vraag text, wie uuid[], aantal integer", BESTE),
    f"REVOKE EXECUTE ON FUNCTION {INHOUD_BESTE} FROM PUBLIC",
)
GRANT_BESTE = f"GRANT EXECUTE ON FUNCTION {INHOUD_BESTE} TO {MEDEWERKER}"

DROP = (
    *(s for s in KOPPELING_TRIGGERS if s.startswith("DROP")),
    "DROP TRIGGER IF EXISTS dossier_inhoud_lezers ON dossier",
    "DROP TRIGGER IF EXISTS versie_tekst_afleiden ON versie_tekst",
    "DROP FUNCTION IF EXISTS igj_inhoud_lezers_koppeling()",
    "DROP FUNCTION IF EXISTS igj_inhoud_lezers_dossier()",
    "DROP FUNCTION IF EXISTS igj_versie_tekst_afleiden()",
    f"DROP FUNCTION IF EXISTS {LEZERS_VAN}",
    f"DROP FUNCTION IF EXISTS {INHOUD_BESTE}",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE versie_tekst DROP COLUMN IF EXISTS {LEZERS}",
    f"ALTER TABLE versie_tekst DROP COLUMN IF EXISTS {PG_KOLOM}",  # generated again, as 0009
    *PG_DDL[:2],
)


def _uitvoeren(connection: Connection, statements: tuple[str, ...]) -> None:
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    for statement in statements:
        connection.exec_driver_sql(statement.replace("{schema}", f'"{schema}"'))


def maak_inhoudlezers(connection: Connection) -> None:
    """Column, triggers, index and the search function (PostgreSQL; elsewhere nothing)."""
    if connection.dialect.name != "postgresql":
        return
    _uitvoeren(connection, (*DDL, *KOPPELING_TRIGGERS, *VULLEN, *ZOEK_INHOUD))
    rol = connection.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{MEDEWERKER}'")
    if rol.first():
        connection.exec_driver_sql(GRANT_BESTE)


def verwijder_inhoudlezers(connection: Connection) -> None:
    """Back to 0013: its search function (which checks every match) and index."""
    if connection.dialect.name != "postgresql":
        return
    _uitvoeren(connection, DROP)
    maak_zoekfuncties(connection)
