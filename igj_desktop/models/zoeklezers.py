"""PostgreSQL: who may read each dossier, kept on the dossier row so a search finds the
visible matches in one index scan.

Searching titel/omschrijving for a common word matched tens of thousands of dossiers; the
database then had to read every one of them to keep the few the user may see (144 ms on
the bench's 500,000 dossiers; a relatie name the same through the betrokkenen). Three
columns on ``dossier`` let one multi-column GIN index answer both questions at once:

* ``zoek_tekst``: titel and omschrijving as one text (pg_trgm, generated); a search word
  holds no space, so it occurs in the one exactly when it occurs in titel or in omschrijving;
* ``zoek_relaties``: the names of its betrokken relaties, one per line (pg_trgm);
* ``zoek_lezers``: the medewerkers with an own toegang row plus, unless the dossier is
  afgeschermd, the groepen with one: the rule of ``services/access.visible_dossiers``,
  precomputed; the text search filters on it instead (tests hold it equal to the rule).

Statement-level triggers on ``toegang``, ``betrokkene`` and ``relatie`` and a row trigger
on ``dossier.afgeschermd`` keep them in step in the same transaction. Not in the models
(SQLite has neither arrays nor pg_trgm); schema comparisons skip the ``zoek_`` columns
(``migrations.zoekindexen``).
"""

from __future__ import annotations

from sqlalchemy import Connection

TEKST = "zoek_tekst"
RELATIES = "zoek_relaties"
LEZERS = "zoek_lezers"
INDEX = "ix_zoek_dossier_velden"
SCHEIDING = "\n"
"""Between the names in ``zoek_relaties``: a search text without it matches within one name."""


def opdracht_triggers(tabel: str, naam: str, functie: str) -> tuple[str, ...]:
    """After insert, update and delete on ``tabel``: ``functie`` once per statement, with the
    rows it touched as the transition tables ``nieuw`` and ``oud``."""
    wat = {
        "in": ("INSERT", "NEW TABLE AS nieuw"),
        "wijzig": ("UPDATE", "OLD TABLE AS oud NEW TABLE AS nieuw"),
        "uit": ("DELETE", "OLD TABLE AS oud"),
    }
    uit: list[str] = []
    for achtervoegsel, (operatie, tabellen) in wat.items():
        trigger = f"{tabel}_{naam}_{achtervoegsel}"
        uit.append(f"DROP TRIGGER IF EXISTS {trigger} ON {tabel}")
        uit.append(
            f"CREATE TRIGGER {trigger} AFTER {operatie} ON {tabel} REFERENCING {tabellen}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {functie}()"
        )
    return tuple(uit)


DDL = (
    f"ALTER TABLE dossier ADD COLUMN IF NOT EXISTS {LEZERS} uuid[] NOT NULL DEFAULT '{{}}'",
    f"ALTER TABLE dossier ADD COLUMN IF NOT EXISTS {RELATIES} text NOT NULL DEFAULT ''",
    """
CREATE OR REPLACE FUNCTION igj_relatienamen(dossier uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT coalesce(string_agg(DISTINCT r.naam, E'\\n'), '')
    FROM betrokkene b JOIN relatie r ON r.id = b.relatie_id WHERE b.dossier_id = dossier
$$""",
    f"""
CREATE OR REPLACE FUNCTION igj_relaties_bijwerken() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'relatie' THEN
        UPDATE dossier d SET {RELATIES} = igj_relatienamen(d.id)
        WHERE d.id IN (SELECT b.dossier_id FROM betrokkene b JOIN nieuw n ON n.id = b.relatie_id
                       JOIN oud o ON o.id = n.id WHERE o.naam IS DISTINCT FROM n.naam);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE dossier d SET {RELATIES} = igj_relatienamen(d.id)
        WHERE d.id IN (SELECT dossier_id FROM nieuw);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE dossier d SET {RELATIES} = igj_relatienamen(d.id)
        WHERE d.id IN (SELECT dossier_id FROM oud);
    END IF;
    RETURN NULL;
END $$""",
    """
CREATE OR REPLACE FUNCTION igj_lezers(dossier uuid, afgeschermd boolean) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT lezer), '{}') FROM (
        SELECT medewerker_id AS lezer FROM toegang
        WHERE dossier_id = dossier AND medewerker_id IS NOT NULL
        UNION ALL
        SELECT groep_id FROM toegang
        WHERE dossier_id = dossier AND groep_id IS NOT NULL AND NOT afgeschermd
    ) AS lezers
$$""",
    # One UPDATE per statement on toegang, for every dossier it touched: a bulk insert
    # (COPY, a hand-over of many dossiers) costs one pass, not one per row.
    f"""
CREATE OR REPLACE FUNCTION igj_lezers_bijwerken() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE dossier d SET {LEZERS} = igj_lezers(d.id, d.afgeschermd)
        WHERE d.id IN (SELECT dossier_id FROM nieuw);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE dossier d SET {LEZERS} = igj_lezers(d.id, d.afgeschermd)
        WHERE d.id IN (SELECT dossier_id FROM oud);
    END IF;
    RETURN NULL;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION igj_lezers_afgeschermd() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    NEW.{LEZERS} := igj_lezers(NEW.id, NEW.afgeschermd);
    RETURN NEW;
END $$""",
    *opdracht_triggers("toegang", "lezers", "igj_lezers_bijwerken"),
    *opdracht_triggers("betrokkene", "relaties", "igj_relaties_bijwerken"),
    "DROP TRIGGER IF EXISTS relatie_naam_zoeken ON relatie",
    "CREATE TRIGGER relatie_naam_zoeken AFTER UPDATE ON relatie"
    " REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw"
    " FOR EACH STATEMENT EXECUTE FUNCTION igj_relaties_bijwerken()",
    "DROP TRIGGER IF EXISTS dossier_lezers_afgeschermd ON dossier",
    "CREATE TRIGGER dossier_lezers_afgeschermd BEFORE UPDATE OF afgeschermd ON dossier"
    " FOR EACH ROW WHEN (OLD.afgeschermd IS DISTINCT FROM NEW.afgeschermd)"
    " EXECUTE FUNCTION igj_lezers_afgeschermd()",
    # the rows already there, in one pass
    f"""
UPDATE dossier d SET {LEZERS} = coalesce(l.lezers, '{{}}'), {RELATIES} = coalesce(n.namen, '')
FROM dossier d0
LEFT JOIN (
    SELECT t.dossier_id, array_agg(DISTINCT coalesce(t.medewerker_id, t.groep_id)) AS lezers
    FROM toegang t JOIN dossier d2 ON d2.id = t.dossier_id
    WHERE t.medewerker_id IS NOT NULL OR NOT d2.afgeschermd
    GROUP BY t.dossier_id
) AS l ON l.dossier_id = d0.id
LEFT JOIN (
    SELECT b.dossier_id, string_agg(DISTINCT r.naam, E'\\n') AS namen
    FROM betrokkene b JOIN relatie r ON r.id = b.relatie_id GROUP BY b.dossier_id
) AS n ON n.dossier_id = d0.id
WHERE d0.id = d.id AND (l.lezers IS NOT NULL OR n.namen IS NOT NULL)""",
    # after the UPDATE: adding a stored generated column rewrites the table, which also
    # leaves out the row versions the UPDATE made dead (no bloat to vacuum away)
    f"ALTER TABLE dossier ADD COLUMN IF NOT EXISTS {TEKST} text"
    " GENERATED ALWAYS AS (titel::text || ' ' || coalesce(omschrijving, '')) STORED",
    "DROP INDEX IF EXISTS ix_zoek_dossier_tekst_lezers",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON dossier"
    f" USING gin ({TEKST} gin_trgm_ops, {RELATIES} gin_trgm_ops, {LEZERS})",
    "ANALYZE dossier",
)

DROP = (
    *(s for s in opdracht_triggers("toegang", "lezers", "-") if s.startswith("DROP")),
    *(s for s in opdracht_triggers("betrokkene", "relaties", "-") if s.startswith("DROP")),
    "DROP TRIGGER IF EXISTS relatie_naam_zoeken ON relatie",
    "DROP TRIGGER IF EXISTS dossier_lezers_afgeschermd ON dossier",
    "DROP FUNCTION IF EXISTS igj_lezers_bijwerken()",
    "DROP FUNCTION IF EXISTS igj_relaties_bijwerken()",
    "DROP FUNCTION IF EXISTS igj_relatienamen(uuid)",
    "DROP FUNCTION IF EXISTS igj_lezers_afgeschermd()",
    "DROP FUNCTION IF EXISTS igj_lezers(uuid, boolean)",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE dossier DROP COLUMN IF EXISTS {LEZERS}",
    f"ALTER TABLE dossier DROP COLUMN IF EXISTS {TEKST}",
    f"ALTER TABLE dossier DROP COLUMN IF EXISTS {RELATIES}",
)


def maak_zoeklezers(connection: Connection) -> None:
    """Columns, triggers and index (PostgreSQL with pg_trgm; elsewhere nothing)."""
    if connection.dialect.name != "postgresql":
        return
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in DDL:
        connection.exec_driver_sql(statement.replace("{schema}", f'"{schema}"'))


def verwijder_zoeklezers(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        for statement in DROP:
            connection.exec_driver_sql(statement)
