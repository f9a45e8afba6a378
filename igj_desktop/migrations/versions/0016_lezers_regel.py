"""the access rule from each dossier's readers: no per-statement set of visible dossiers

Every policy of 0010 asks ``igj_mijn_toegang``: the login's own toegang rows plus those of its
groepen (unless afgeschermd). For a medewerker in a busy groep PostgreSQL built that union as a
hashed set of thousands of rows, ~15 ms, once for every policied table a statement read (the
tree's first page spent 50 of its 87 ms on it at the bench's scale 0.1). 0011 already keeps,
per dossier, who may read it (``dossier.zoek_lezers``, for the search index); this migration
adds who may change it (``zoek_behandelaars``: the behandelaars, own rows and, unless
afgeschermd, groepen) and makes the view read those two arrays: a dossier is the login's when
its medewerker or one of its groepen is in the array (``igj_mijn_lezers()``, one small array
per statement). The policies, ``igj_mag_zien``/``igj_mag_wijzigen`` and the search functions
keep asking the view, so the rule still lives in one place, now a look-up by the dossier's key
or one GIN index scan instead of a union over ``toegang``.

The arrays decide access, so no client may write them: a row trigger computes both from
``toegang`` on every change of ``afgeschermd`` or of the arrays themselves, and a new dossier
starts with none (its toegang rows, which reference it, come after it and bring it readers
through 0011's statement triggers). SQLite has no policies: nothing changes there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import importlib

from alembic import op

from igj_desktop.models.zoeklezers import LEZERS, maak_zoeklezers

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SNEL = importlib.import_module("igj_desktop.migrations.versions.0010_vertrouwen_snel")
MEDEWERKER = SNEL.MEDEWERKER
BEHANDELAARS = "zoek_behandelaars"

# who a toegang row lets in: its medewerker, or its groep unless the dossier is afgeschermd
TOEGANG = """
CREATE OR REPLACE FUNCTION igj_toegang_van(dossier uuid, afgeschermd boolean, rollen text[])
RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT coalesce(medewerker_id, groep_id)), '{{}}')
    FROM toegang
    WHERE dossier_id = dossier AND rol = ANY (rollen)
      AND (medewerker_id IS NOT NULL OR (groep_id IS NOT NULL AND NOT afgeschermd))
$$;

CREATE OR REPLACE FUNCTION igj_lezers(dossier uuid, afgeschermd boolean) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT igj_toegang_van(dossier, afgeschermd, ARRAY['lezer', 'behandelaar'])
$$;

CREATE FUNCTION igj_behandelaars(dossier uuid, afgeschermd boolean) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT igj_toegang_van(dossier, afgeschermd, ARRAY['behandelaar'])
$$;

-- the login's medewerker and its groepen: whom the arrays name when the dossier is the login's
CREATE FUNCTION igj_mijn_lezers() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT ARRAY(SELECT igj_medewerker_id() WHERE igj_medewerker_id() IS NOT NULL
                 UNION ALL
                 SELECT groep_id FROM lidmaatschap WHERE medewerker_id = igj_medewerker_id())
$$;
"""

# once per statement on toegang (0011's triggers call it), for every dossier it touched
BIJWERKEN = f"""
CREATE OR REPLACE FUNCTION igj_lezers_bijwerken() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE dossier d SET {LEZERS} = igj_lezers(d.id, d.afgeschermd),
                             {BEHANDELAARS} = igj_behandelaars(d.id, d.afgeschermd)
        WHERE d.id IN (SELECT dossier_id FROM nieuw);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE dossier d SET {LEZERS} = igj_lezers(d.id, d.afgeschermd),
                             {BEHANDELAARS} = igj_behandelaars(d.id, d.afgeschermd)
        WHERE d.id IN (SELECT dossier_id FROM oud);
    END IF;
    RETURN NULL;
END $$;

-- the arrays are the database's own: whatever a client writes into them, or a change of
-- afgeschermd, they are computed again from toegang
CREATE OR REPLACE FUNCTION igj_lezers_afgeschermd() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.{LEZERS} := '{{}}';
        NEW.{BEHANDELAARS} := '{{}}';
    ELSE
        NEW.{LEZERS} := igj_lezers(NEW.id, NEW.afgeschermd);
        NEW.{BEHANDELAARS} := igj_behandelaars(NEW.id, NEW.afgeschermd);
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER dossier_lezers_afgeschermd ON dossier;
CREATE TRIGGER dossier_lezers_nieuw BEFORE INSERT ON dossier FOR EACH ROW
    EXECUTE FUNCTION igj_lezers_afgeschermd();
CREATE TRIGGER dossier_lezers_afgeschermd BEFORE UPDATE ON dossier FOR EACH ROW
    WHEN (OLD.afgeschermd IS DISTINCT FROM NEW.afgeschermd
          OR OLD.{LEZERS} IS DISTINCT FROM NEW.{LEZERS}
          OR OLD.{BEHANDELAARS} IS DISTINCT FROM NEW.{BEHANDELAARS})
    EXECUTE FUNCTION igj_lezers_afgeschermd();
"""

# the same columns as 0010's view (the policies depend on it): one row per dossier the login
# may see, with ``rol`` behandelaar when it may change it
VIEW = f"""
CREATE OR REPLACE VIEW igj_mijn_toegang AS
    SELECT d.id AS dossier_id,
           CASE WHEN d.{BEHANDELAARS} && (SELECT igj_mijn_lezers()) THEN 'behandelaar'
                ELSE 'lezer' END::varchar(20) AS rol
    FROM dossier d
    WHERE d.{LEZERS} && (SELECT igj_mijn_lezers());
"""

# the rows already there, in one pass
VULLEN = f"""
UPDATE dossier d SET {BEHANDELAARS} = b.behandelaars
FROM (
    SELECT t.dossier_id, array_agg(DISTINCT coalesce(t.medewerker_id, t.groep_id)) AS behandelaars
    FROM toegang t JOIN dossier d2 ON d2.id = t.dossier_id
    WHERE t.rol = 'behandelaar' AND (t.medewerker_id IS NOT NULL OR NOT d2.afgeschermd)
    GROUP BY t.dossier_id
) AS b
WHERE b.dossier_id = d.id
"""


def _schema() -> str:
    return f'"{op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()}"'


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    run = bind.exec_driver_sql
    schema = _schema()
    run(f"ALTER TABLE dossier ADD COLUMN {BEHANDELAARS} uuid[] NOT NULL DEFAULT '{{}}'")
    run(TOEGANG.format(schema=schema))
    for functie in ("igj_toegang_van(uuid, boolean, text[])", "igj_behandelaars(uuid, boolean)"):
        run(f"REVOKE EXECUTE ON FUNCTION {functie} FROM PUBLIC")
    run("REVOKE EXECUTE ON FUNCTION igj_mijn_lezers() FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION igj_mijn_lezers() TO {MEDEWERKER}")
    run(VULLEN)
    run(BIJWERKEN.replace("{schema}", schema))
    run(VIEW)
    run("ANALYZE dossier")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    run = bind.exec_driver_sql
    vorige = SNEL.VIEWS[SNEL.VIEWS.index("CREATE VIEW igj_mijn_toegang") :].split(";\n")[0]
    run(vorige.replace("CREATE VIEW", "CREATE OR REPLACE VIEW"))  # 0010's
    run("DROP TRIGGER dossier_lezers_nieuw ON dossier")
    maak_zoeklezers(bind)  # 0011's functions and triggers again (it is idempotent)
    run(f"ALTER TABLE dossier DROP COLUMN {BEHANDELAARS}")
    run(
        "DROP FUNCTION igj_mijn_lezers(), igj_behandelaars(uuid, boolean),"
        " igj_toegang_van(uuid, boolean, text[])"
    )
