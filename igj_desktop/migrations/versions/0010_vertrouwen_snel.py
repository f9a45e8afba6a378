"""trust without serialising: plannable policies, kenmerken from a sequence, an audit chain
per dossier

Migration 0006's policies called SECURITY DEFINER functions once per row: PostgreSQL cannot
inline those, so every row a query touched cost a few index look-ups and the planner could not
see through them. Here the rule lives in two owner-run views of the rows of ``toegang`` that
reach ``session_user`` (``igj_mijn_toegang``) and of its groepen (``igj_mijn_groepen``); the
policies spell ``igj_mag_zien``/``igj_mag_wijzigen``/``igj_in_groep`` out as ``EXISTS`` over
them, which the planner runs per row through an index or once per statement as a hash, and
those functions become plain SQL over the same views. Calls of ``igj_medewerker_id()`` and
``igj_heeft_rol()`` in policies are evaluated once per statement.

SQLite has no roles and no policies: nothing changes there.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 00:30:00
"""

from __future__ import annotations

import importlib
import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"  # given as 0008; chained after main's 0009 when merging
branch_labels = None
depends_on = None

VERTROUWEN = importlib.import_module("igj_desktop.migrations.versions.0006_vertrouwen")
MEDEWERKER = VERTROUWEN.MEDEWERKER

VIEWS = """
-- the toegang rows that reach the login (own rows; a groep's rows unless afgeschermd); the
-- view runs as its owner, so the policies on toegang and dossier do not recurse into it; the
-- login's medewerker is looked up once per statement
CREATE VIEW igj_mijn_toegang AS
    SELECT t.dossier_id, t.rol
    FROM toegang t
    WHERE t.medewerker_id = (SELECT igj_medewerker_id())
    UNION ALL
    SELECT t.dossier_id, t.rol
    FROM lidmaatschap l
    JOIN toegang t ON t.groep_id = l.groep_id
    JOIN dossier d ON d.id = t.dossier_id
    WHERE l.medewerker_id = (SELECT igj_medewerker_id()) AND NOT d.afgeschermd;

CREATE VIEW igj_mijn_groepen AS
    SELECT l.groep_id FROM lidmaatschap l WHERE l.medewerker_id = (SELECT igj_medewerker_id());
"""

# plain SQL over the views, the same rule as the policies (no SECURITY DEFINER needed)
FUNCTIONS = """
CREATE OR REPLACE FUNCTION igj_mag_zien(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM {schema}.igj_mijn_toegang z WHERE z.dossier_id = dossier)
$$;

CREATE OR REPLACE FUNCTION igj_mag_wijzigen(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM {schema}.igj_mijn_toegang z
                   WHERE z.dossier_id = dossier AND z.rol = 'behandelaar')
$$;

CREATE OR REPLACE FUNCTION igj_in_groep(groep uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM {schema}.igj_mijn_groepen g WHERE g.groep_id = groep)
$$;
"""


def _functions_0006(schema: str, *namen: str) -> str:
    """Migration 0006's versions of the functions ``namen`` (for the downgrade)."""
    statements = VERTROUWEN.FUNCTIONS.format(schema=schema).split("\n\n")
    return "\n\n".join(
        s.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        for s in statements
        if any(f"CREATE FUNCTION {naam}" in s for naam in namen)
    )


# A kenmerk comes from a sequence per year (no row lock held until commit: creations do not
# wait for each other; a cancelled creation leaves a gap in the numbers), and the database
# records whom it issued it to: a dossier with a kenmerk it did not issue is refused.
KENMERK = """
DROP FUNCTION igj_volgend_kenmerk(integer);

CREATE FUNCTION igj_volgend_kenmerk(jaar_ integer) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    reeks text := 'igj_kenmerk_' || jaar_;
    nummer bigint;
    kenmerk_ text;
BEGIN
    IF jaar_ NOT BETWEEN 1900 AND 9999 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'geen jaar voor een kenmerk: ' || jaar_;
    END IF;
    IF to_regclass(reeks) IS NULL THEN
        BEGIN  -- the first kenmerk of a year; a colleague may be making the same sequence
            EXECUTE 'CREATE SEQUENCE ' || quote_ident(reeks);
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL;
        END;
    END IF;
    nummer := nextval(reeks);
    kenmerk_ := 'IGJ-' || jaar_ || '-'
                || lpad(nummer::text, greatest(6, length(nummer::text)), '0');
    IF igj_medewerker_id() IS NOT NULL THEN
        INSERT INTO kenmerk_uitgifte (kenmerk, medewerker_id, uitgegeven_op)
        VALUES (kenmerk_, igj_medewerker_id(), clock_timestamp());
    END IF;
    RETURN kenmerk_;
END
$$;

-- a hoofddossier carries a kenmerk issued to its maker, a subdossier its parent's next
-- number; a kenmerk never changes (the schema owner, e.g. a data import, is trusted)
CREATE FUNCTION igj_kenmerk_controleren() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    ouder dossier;
BEGIN
    IF igj_is_eigenaar() THEN
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.kenmerk IS DISTINCT FROM OLD.kenmerk THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'het kenmerk van een dossier verandert niet';
        END IF;
    ELSIF NEW.parent_id IS NULL THEN
        DELETE FROM kenmerk_uitgifte
        WHERE kenmerk = NEW.kenmerk AND medewerker_id = igj_medewerker_id();
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'kenmerk ' || NEW.kenmerk || ' is niet door de database uitgegeven';
        END IF;
    ELSE
        SELECT * INTO ouder FROM dossier WHERE id = NEW.parent_id;
        IF NEW.kenmerk IS DISTINCT FROM ouder.kenmerk || '-'
                || lpad(ouder.subnummer_laatste::text,
                        greatest(2, length(ouder.subnummer_laatste::text)), '0') THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'kenmerk ' || NEW.kenmerk || ' is niet het volgende van '
                          || ouder.kenmerk;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER kenmerk_controleren BEFORE INSERT OR UPDATE OF kenmerk ON dossier
    FOR EACH ROW EXECUTE FUNCTION igj_kenmerk_controleren();

-- the counters of migration 0006 go on in their sequences
DO $$
DECLARE
    t kenmerk_teller;
BEGIN
    FOR t IN SELECT * FROM kenmerk_teller LOOP
        EXECUTE 'CREATE SEQUENCE igj_kenmerk_' || t.jaar || ' START ' || (t.laatste + 1);
    END LOOP;
END
$$;
"""


# One chain per dossier (entries without one: per medewerker) instead of one for the whole
# department: a transaction waits only for another writing audit of the same dossier.
AUDIT = """
CREATE OR REPLACE FUNCTION igj_audit_vastleggen() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    ik uuid := igj_medewerker_id();
BEGIN
    IF ik IS NOT NULL THEN
        NEW.medewerker_id := ik;
    ELSIF NOT igj_is_eigenaar() THEN
        RAISE EXCEPTION USING
            MESSAGE = 'databasegebruiker ' || session_user || ' hoort bij geen medewerker';
    END IF;
    NEW.client_tijdstip := NEW.tijdstip;
    NEW.tijdstip := clock_timestamp();
    -- entries of one chain are numbered and linked one transaction at a time
    PERFORM pg_advisory_xact_lock(hashtextextended(
        'igj_audit_keten ' || coalesce(NEW.dossier_id::text, 'm ' || NEW.medewerker_id::text, ''),
        0));
    NEW.volgnummer := nextval('audit_volgnummer_seq');
    IF NEW.dossier_id IS NOT NULL THEN
        NEW.vorige_hash := (SELECT hash FROM audit_entry
                            WHERE dossier_id = NEW.dossier_id AND volgnummer IS NOT NULL
                            ORDER BY volgnummer DESC LIMIT 1);
    ELSIF NEW.medewerker_id IS NOT NULL THEN
        NEW.vorige_hash := (SELECT hash FROM audit_entry
                            WHERE dossier_id IS NULL AND medewerker_id = NEW.medewerker_id
                              AND volgnummer IS NOT NULL
                            ORDER BY volgnummer DESC LIMIT 1);
    ELSE  -- the schema owner's own entries
        NEW.vorige_hash := (SELECT hash FROM audit_entry
                            WHERE dossier_id IS NULL AND medewerker_id IS NULL
                              AND volgnummer IS NOT NULL
                            ORDER BY volgnummer DESC LIMIT 1);
    END IF;
    NEW.hash := igj_audit_hash(NEW);
    RETURN NEW;
END
$$;
"""


# PostgreSQL does not inline a SQL function whose body holds a subquery, so the policies
# spell the rule out as EXISTS over the views; the functions above say the same for the
# other functions and for tests (tests/integration/test_vertrouwen_regel.py)
UITGESCHREVEN = {
    "igj_mag_zien": "EXISTS (SELECT 1 FROM igj_mijn_toegang z WHERE z.dossier_id = {kolom})",
    "igj_mag_wijzigen": "EXISTS (SELECT 1 FROM igj_mijn_toegang z"
    " WHERE z.dossier_id = {kolom} AND z.rol = 'behandelaar')",
    "igj_in_groep": "EXISTS (SELECT 1 FROM igj_mijn_groepen g WHERE g.groep_id = {kolom})",
}


def _snel(tabel: str, expressie: str) -> str:
    """``expressie`` with the rule written out for the planner and the per-login values
    computed once per statement."""
    for functie, tekst in UITGESCHREVEN.items():
        expressie = re.sub(
            rf"\b{functie}\((\w+)\)",
            lambda m, tekst=tekst: tekst.format(kolom=f"{tabel}.{m.group(1)}"),
            expressie,
        )
    for call in ("igj_medewerker_id()", "igj_heeft_rol('beheerder')", "igj_heeft_rol('mt')"):
        expressie = expressie.replace(call, f"(SELECT {call})")
    return expressie


# expressions that differ from 0006's in more than when a value is computed
SNELLER = {
    # a row's own xmin cannot be used here: the new row an UPDATE is checked with has none yet
    ("dossier", 0): "igj_mag_zien(id)"
    " OR (aangemaakt_door_id = igj_medewerker_id() AND igj_nieuw_dossier(id))",
    ("document", 0): "EXISTS (SELECT 1 FROM document_dossier k WHERE k.document_id = document.id)"
    " OR igj_document_zichtbaar(id)",
    # who stored bytes sees them also before (or without) a version: bytes a crash left
    # behind are then cleaned up by the medewerker's own app (documenten.opruimen_...)
    ("inhoud", 0): "EXISTS (SELECT 1 FROM versie v WHERE v.content_sha256 = inhoud.sha256)"
    " OR igj_heeft_inhoud(sha256)",
}


def _policies(snel: bool) -> dict[str, tuple[str | None, ...]]:
    if not snel:
        return VERTROUWEN.POLICIES
    return {
        tabel: tuple(
            None if e is None else _snel(tabel, SNELLER.get((tabel, i), e))
            for i, e in enumerate(exprs)
        )
        for tabel, exprs in VERTROUWEN.POLICIES.items()
    }


def _create_policies(policies: dict[str, tuple[str | None, ...]]) -> None:
    run = op.get_bind().exec_driver_sql
    for tabel, (zien, invoegen, wijzigen, verwijderen) in policies.items():
        for policy in ("zien", "invoegen", "wijzigen", "verwijderen"):
            run(f"DROP POLICY IF EXISTS {policy} ON {tabel}")
        run(f"CREATE POLICY zien ON {tabel} FOR SELECT USING ({zien})")
        if invoegen is not None:
            run(f"CREATE POLICY invoegen ON {tabel} FOR INSERT WITH CHECK ({invoegen})")
        if wijzigen is not None:
            run(
                f"CREATE POLICY wijzigen ON {tabel} FOR UPDATE USING ({wijzigen})"
                f" WITH CHECK ({wijzigen})"
            )
        if verwijderen is not None:
            run(f"CREATE POLICY verwijderen ON {tabel} FOR DELETE USING ({verwijderen})")


def upgrade() -> None:
    op.create_table(
        "kenmerk_uitgifte",
        sa.Column("kenmerk", sa.String(length=40), nullable=False),
        sa.Column("medewerker_id", sa.Uuid(), nullable=False),
        sa.Column("uitgegeven_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["medewerker_id"],
            ["medewerker.id"],
            name=op.f("fk_kenmerk_uitgifte_medewerker_id_medewerker"),
        ),
        sa.PrimaryKeyConstraint("kenmerk", name=op.f("pk_kenmerk_uitgifte")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_keten_dossier", ["dossier_id", "volgnummer"])
        batch_op.create_index(
            "ix_audit_keten_medewerker",
            ["medewerker_id", "volgnummer"],
            postgresql_where=sa.text("dossier_id IS NULL"),
        )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    run = bind.exec_driver_sql
    schema = run("SELECT current_schema()").scalar()
    run(VIEWS)
    run(f"GRANT SELECT ON igj_mijn_toegang, igj_mijn_groepen TO {MEDEWERKER}")
    run(FUNCTIONS.format(schema=schema))
    _create_policies(_policies(snel=True))
    run(KENMERK.format(schema=schema))
    run("REVOKE EXECUTE ON FUNCTION igj_volgend_kenmerk(integer) FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION igj_volgend_kenmerk(integer) TO {MEDEWERKER}")
    run(AUDIT.format(schema=schema))


# the kenmerk sequences hand their last number back to kenmerk_teller
SEQUENCES_TO_TELLER = """
DO $$
DECLARE
    reeks record;
BEGIN
    FOR reeks IN SELECT sequencename, last_value FROM pg_sequences
                 WHERE schemaname = current_schema() AND sequencename ~ '^igj_kenmerk_[0-9]+$'
    LOOP
        INSERT INTO kenmerk_teller (jaar, laatste)
        VALUES (substr(reeks.sequencename, 13)::integer, coalesce(reeks.last_value, 0))
        ON CONFLICT (jaar) DO UPDATE SET laatste = EXCLUDED.laatste;
        EXECUTE 'DROP SEQUENCE ' || quote_ident(reeks.sequencename);
    END LOOP;
END
$$;
"""


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        run = bind.exec_driver_sql
        schema = run("SELECT current_schema()").scalar()
        _create_policies(_policies(snel=False))
        run("DROP TRIGGER kenmerk_controleren ON dossier")
        run("DROP FUNCTION igj_kenmerk_controleren(), igj_volgend_kenmerk(integer)")
        run(SEQUENCES_TO_TELLER)
        run(
            _functions_0006(
                schema,
                "igj_in_groep(",
                "igj_mag_zien(",
                "igj_mag_wijzigen(",
                "igj_volgend_kenmerk(",
                "igj_audit_vastleggen(",
            )
        )
        run("REVOKE EXECUTE ON FUNCTION igj_volgend_kenmerk(integer) FROM PUBLIC")
        run(f"GRANT EXECUTE ON FUNCTION igj_volgend_kenmerk(integer) TO {MEDEWERKER}")
        run("DROP VIEW igj_mijn_toegang, igj_mijn_groepen")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_keten_medewerker")
        batch_op.drop_index("ix_audit_keten_dossier")
    op.drop_table("kenmerk_uitgifte")
