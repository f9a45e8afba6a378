"""trust: login roles, row-level security, grants and a hash-chained append-only audit trail

On PostgreSQL the database itself enforces who sees and changes what: every medewerker logs in
as their own role (``medewerker.db_rol``), which is a member of ``igj_medewerker`` (and of
``igj_beheer`` for beheerders). Every table that belongs to a dossier has row-level security
whose policies call one of two functions, ``igj_mag_zien(dossier)`` and
``igj_mag_wijzigen(dossier)``: the same rule as ``services/toegang/controle.py`` for
SQLite. The audit trail is INSERT-only, its who/when are filled in by a trigger, and each entry
carries the hash of the one before. The schema owner (who runs the migrations) is not subject
to the policies.

SQLite has no roles: there only the columns are added.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

MEDEWERKER = "igj_medewerker"
BEHEER = "igj_beheer"

# organisation and catalog: only beheer writes them
ORGANISATIE = ["medewerker", "groep", "rol", "lidmaatschap", "medewerker_rol", "dossiertype"]
# not bound to one dossier, written by every medewerker
VRIJ = ["relatie", "content", "outbox_item", "toegepaste_wijziging", "sync_change"]

ZIEN = "igj_mag_zien(dossier_id)"
WIJZIGEN = "igj_mag_wijzigen(dossier_id)"
EIGENAAR = "(eigenaar_medewerker_id = igj_medewerker_id() OR igj_in_groep(eigenaar_groep_id))"

# table -> (select, insert, update, delete) policy expressions; None: that command is refused
POLICIES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "dossier": (
        "igj_mag_zien(id) OR igj_nieuw_dossier(id)",
        "aangemaakt_door_id = igj_medewerker_id()"
        " AND (parent_id IS NULL OR igj_mag_wijzigen(parent_id))",
        # a beheerder or MT'er reopens a closed dossier they see (services/dossiers/afsluiten.py)
        "igj_mag_wijzigen(id) OR igj_nieuw_dossier(id)"
        " OR (igj_mag_zien(id) AND (igj_heeft_rol('beheerder') OR igj_heeft_rol('mt')))",
        None,
    ),
    "toegang": (
        ZIEN,
        f"{WIJZIGEN} OR igj_nieuw_dossier(dossier_id)",
        f"{WIJZIGEN} OR igj_nieuw_dossier(dossier_id)",
        f"{WIJZIGEN} OR igj_nieuw_dossier(dossier_id)",
    ),
    "gerelateerd_dossier": (
        ZIEN,
        f"{WIJZIGEN} OR igj_mag_wijzigen(doel_dossier_id)",
        WIJZIGEN,
        f"{WIJZIGEN} OR igj_mag_wijzigen(doel_dossier_id)",
    ),
    # the owner of an activiteit (the postkamer sending a letter, a reviewer, a lezer it was
    # handed to) sees and finishes it, and the workflow may then give someone the next one
    "activiteit": (
        f"{ZIEN} OR {EIGENAAR}",
        f"{WIJZIGEN} OR igj_heeft_werk_in(dossier_id)",
        f"{WIJZIGEN} OR {EIGENAAR}",
        WIJZIGEN,
    ),
    "activiteit_document": ("EXISTS (SELECT 1 FROM activiteit a WHERE a.id = activiteit_id)",) * 4,
    "document_dossier": (ZIEN, WIJZIGEN, WIJZIGEN, WIJZIGEN),
    "document": (
        "igj_document_zichtbaar(id)",
        "true",
        # a beheerder breaks a stale check-out (services/documenten/document.py)
        "igj_document_wijzigbaar(id)"
        " OR (igj_document_zichtbaar(id) AND igj_heeft_rol('beheerder'))",
        "igj_document_wijzigbaar(id)",
    ),
    "versie": (
        "EXISTS (SELECT 1 FROM document d WHERE d.id = document_id)",
        "igj_document_wijzigbaar(document_id) AND igj_heeft_inhoud(content_sha256)",
        None,
        "igj_document_wijzigbaar(document_id)",
    ),
    "post": (
        "geregistreerd_door_id = igj_medewerker_id()"
        " OR EXISTS (SELECT 1 FROM post_dossier p WHERE p.post_id = post.id)"
        " OR EXISTS (SELECT 1 FROM activiteit a WHERE a.id = beoordeling_activiteit_id)",
        "geregistreerd_door_id = igj_medewerker_id()",
        "geregistreerd_door_id = igj_medewerker_id()"
        " OR EXISTS (SELECT 1 FROM post_dossier p WHERE p.post_id = post.id)"
        " OR EXISTS (SELECT 1 FROM activiteit a WHERE a.id = beoordeling_activiteit_id)",
        None,
    ),
    "deelnemer": ("EXISTS (SELECT 1 FROM afspraak a WHERE a.id = afspraak_id)",) * 4,
    "bewijs": ("EXISTS (SELECT 1 FROM document d WHERE d.id = document_id)",) * 4,
    "toetsingsinstrument": (
        f"dossier_id IS NULL OR {ZIEN}",
        f"dossier_id IS NULL OR {WIJZIGEN}",
        f"dossier_id IS NULL OR {WIJZIGEN}",
        f"dossier_id IS NULL OR {WIJZIGEN}",
    ),
    "instrument_versie": (
        "EXISTS (SELECT 1 FROM toetsingsinstrument t WHERE t.id = instrument_id)",
    )
    * 4,
    "norm": ("EXISTS (SELECT 1 FROM toetsingsinstrument t WHERE t.id = instrument_id)",) * 4,
    "lease": (
        ZIEN,
        f"medewerker_id = igj_medewerker_id() AND {ZIEN}",
        f"medewerker_id = igj_medewerker_id() AND {ZIEN}",
        None,
    ),
    "sync_conflict": (
        "CASE WHEN dossier_id IS NULL THEN mijn_medewerker_id = igj_medewerker_id()"
        f" ELSE {ZIEN} END",
    )
    * 3
    + (None,),
    # written only through igj_inhoud_opslaan, removed only through igj_inhoud_opruimen
    "inhoud": ("EXISTS (SELECT 1 FROM versie v WHERE v.content_sha256 = inhoud.sha256)",)
    + (None,) * 3,
    # who and when are set by the trigger; rows are never changed or removed
    "audit_entry": (f"dossier_id IS NULL OR {ZIEN}", "true", None, None),
}
for _tabel in (
    "workflow",
    "afspraak",
    "post_dossier",
    "telefoonnotitie",
    "betrokkene",
    "waarneming",
    "bevinding",
    "oordeel",
):
    POLICIES[_tabel] = (ZIEN, WIJZIGEN, WIJZIGEN, WIJZIGEN)

FUNCTIONS = """
CREATE FUNCTION igj_medewerker_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT id FROM medewerker WHERE db_rol = session_user AND actief
$$;

CREATE FUNCTION igj_in_groep(groep uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM lidmaatschap
                   WHERE groep_id = groep AND medewerker_id = igj_medewerker_id())
$$;

-- services/toegang/controle.py visible_dossiers: an own toegang row, or a groep's row
-- when not afgeschermd
CREATE FUNCTION igj_mag_zien(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM toegang t
                   WHERE t.dossier_id = dossier AND t.medewerker_id = igj_medewerker_id())
        OR EXISTS (SELECT 1 FROM toegang t
                   JOIN dossier d ON d.id = t.dossier_id
                   JOIN lidmaatschap l ON l.groep_id = t.groep_id
                   WHERE t.dossier_id = dossier AND NOT d.afgeschermd
                     AND l.medewerker_id = igj_medewerker_id())
$$;

-- services/toegang/controle.py may_edit: the same rows, with the rol behandelaar
CREATE FUNCTION igj_mag_wijzigen(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM toegang t
                   WHERE t.dossier_id = dossier AND t.rol = 'behandelaar'
                     AND t.medewerker_id = igj_medewerker_id())
        OR EXISTS (SELECT 1 FROM toegang t
                   JOIN dossier d ON d.id = t.dossier_id
                   JOIN lidmaatschap l ON l.groep_id = t.groep_id
                   WHERE t.dossier_id = dossier AND t.rol = 'behandelaar' AND NOT d.afgeschermd
                     AND l.medewerker_id = igj_medewerker_id())
$$;

CREATE FUNCTION igj_heeft_rol(rol text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM medewerker_rol
                   WHERE rol_code = rol AND medewerker_id = igj_medewerker_id())
$$;

CREATE FUNCTION igj_heeft_werk_in(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM activiteit a
                   WHERE a.dossier_id = dossier
                     AND (a.eigenaar_medewerker_id = igj_medewerker_id()
                          OR igj_in_groep(a.eigenaar_groep_id)))
$$;

-- a dossier this medewerker created in the current transaction: its team is being set up
CREATE FUNCTION igj_nieuw_dossier(dossier uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM dossier d
                   WHERE d.id = dossier AND d.aangemaakt_door_id = igj_medewerker_id()
                     AND d.xmin = pg_current_xact_id()::xid)
$$;

-- a document is seen through any dossier it is linked to; a new one (no link yet) by the
-- transaction that creates it
CREATE FUNCTION igj_document_zichtbaar(document uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM document_dossier k
                   WHERE k.document_id = document AND igj_mag_zien(k.dossier_id))
        OR EXISTS (SELECT 1 FROM document d
                   WHERE d.id = document AND d.xmin = pg_current_xact_id()::xid
                     AND NOT EXISTS (SELECT 1 FROM document_dossier k
                                     WHERE k.document_id = document))
$$;

CREATE FUNCTION igj_document_wijzigbaar(document uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM document_dossier k
                   WHERE k.document_id = document AND igj_mag_wijzigen(k.dossier_id))
        OR EXISTS (SELECT 1 FROM document d
                   WHERE d.id = document AND d.xmin = pg_current_xact_id()::xid
                     AND NOT EXISTS (SELECT 1 FROM document_dossier k
                                     WHERE k.document_id = document))
$$;

-- how many dossiers a document one may see is linked to, also those one does not see: a
-- document kept by a dossier out of sight is not deleted (and that dossier is not named)
CREATE FUNCTION igj_document_koppelingen(document uuid) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT count(*) FROM document_dossier k
    WHERE k.document_id = document AND igj_document_zichtbaar(document)
$$;

-- document bytes: stored by their hash, which the database computes itself; the storer is
-- recorded as holder, so only who has the bytes can make a version of them
CREATE FUNCTION igj_inhoud_opslaan(bytes bytea) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    sha text := encode(sha256(bytes), 'hex');
BEGIN
    -- the same bytes again repair a damaged copy (the hash says which bytes are right)
    INSERT INTO inhoud (sha256, data, aangemaakt_op) VALUES (sha, bytes, clock_timestamp())
    ON CONFLICT (sha256) DO UPDATE SET data = EXCLUDED.data WHERE inhoud.data <> EXCLUDED.data;
    IF igj_medewerker_id() IS NOT NULL THEN
        INSERT INTO inhoud_houder (sha256, medewerker_id) VALUES (sha, igj_medewerker_id())
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN sha;
END
$$;

CREATE FUNCTION igj_heeft_inhoud(sha text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM inhoud_houder h
                   WHERE h.sha256 = sha AND h.medewerker_id = igj_medewerker_id())
        OR EXISTS (SELECT 1 FROM versie v
                   WHERE v.content_sha256 = sha AND igj_document_zichtbaar(v.document_id))
$$;

-- bytes no version refers to any more go (a deleted document); used bytes always stay
CREATE FUNCTION igj_inhoud_opruimen(sha text) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    WITH weg AS (
        DELETE FROM inhoud i WHERE i.sha256 = sha
            AND NOT EXISTS (SELECT 1 FROM versie v WHERE v.content_sha256 = sha)
        RETURNING i.sha256
    ), houders AS (
        DELETE FROM inhoud_houder h WHERE h.sha256 IN (SELECT sha256 FROM weg)
    )
    SELECT EXISTS (SELECT 1 FROM weg)
$$;

-- the schema owner (migrations, the DBA) is trusted; any other login must be a medewerker
CREATE FUNCTION igj_is_eigenaar() RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    SELECT pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                                      WHERE schemaname = '{schema}'
                                        AND tablename = 'audit_entry'), 'MEMBER')
$$;

-- deleting a document: after its links are gone nobody sees it, so one step, one check
CREATE FUNCTION igj_document_verwijderen(doc uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT (igj_document_wijzigbaar(doc) OR igj_is_eigenaar()) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'alleen een behandelaar van een dossier van dit document verwijdert het';
    END IF;
    DELETE FROM activiteit_document WHERE document_id = doc;
    DELETE FROM document_dossier WHERE document_id = doc;
    DELETE FROM versie WHERE document_id = doc;
    DELETE FROM document d WHERE d.id = doc;
END
$$;

-- a beheerder breaks a stale check-out also in a dossier out of their sight (the document
-- stays out of sight: only its check-out goes, audited in each of its dossiers)
CREATE FUNCTION igj_uitcheck_verbreken(doc uuid, reden text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    d document;
    wie text;
BEGIN
    IF NOT igj_heeft_rol('beheerder') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'alleen een beheerder verbreekt een uitcheck van een ander';
    END IF;
    SELECT * INTO d FROM document WHERE id = doc AND uitgecheckt_door_id IS NOT NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    wie := coalesce((SELECT naam FROM medewerker WHERE id = d.uitgecheckt_door_id), '?');
    UPDATE document SET uitgecheckt_door_id = NULL, uitgecheckt_op = NULL,
                        version = version + 1, gewijzigd_op = clock_timestamp()
    WHERE id = doc;
    INSERT INTO audit_entry (id, aangemaakt_op, tijdstip, medewerker_id, dossier_id, actie,
                             omschrijving, entiteit, entiteit_id, gegevens)
    SELECT gen_random_uuid(), clock_timestamp(), clock_timestamp(), igj_medewerker_id(),
           k.dossier_id, 'uitcheck_verbroken',
           'Uitcheck van ''' || d.titel || ''' door ' || wie || ' verbroken: ' || reden,
           'document', doc, '{{}}'
    FROM document_dossier k WHERE k.document_id = doc;
    RETURN true;
END
$$;

-- the only way to take a kenmerk number: kenmerk_teller itself is not granted
CREATE FUNCTION igj_volgend_kenmerk(jaar_ integer) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    INSERT INTO kenmerk_teller AS k (jaar, laatste) VALUES (jaar_, 1)
    ON CONFLICT (jaar) DO UPDATE SET laatste = k.laatste + 1
    RETURNING laatste
$$;

CREATE SEQUENCE audit_volgnummer_seq;

-- the hash of one audit entry, over all its fields and the hash of the entry before
CREATE FUNCTION igj_audit_hash(e audit_entry) RETURNS text
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\\x1f',
        coalesce(e.vorige_hash, ''), e.volgnummer::text, e.id::text,
        to_char(e.tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        coalesce(to_char(e.client_tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), ''),
        coalesce(e.medewerker_id::text, ''), coalesce(e.dossier_id::text, ''),
        e.actie, e.omschrijving, e.entiteit, coalesce(e.entiteit_id::text, ''),
        coalesce(e.gegevens::text, 'null')), 'UTF8')), 'hex')
$$;

-- who and when come from the database, not the client; the entry joins the hash chain
CREATE FUNCTION igj_audit_vastleggen() RETURNS trigger
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
    -- one chain: entries are numbered and linked one transaction at a time
    PERFORM pg_advisory_xact_lock(hashtext('igj_audit_keten'));
    NEW.volgnummer := nextval('audit_volgnummer_seq');
    NEW.vorige_hash := (SELECT hash FROM audit_entry WHERE volgnummer IS NOT NULL
                        ORDER BY volgnummer DESC LIMIT 1);
    NEW.hash := igj_audit_hash(NEW);
    RETURN NEW;
END
$$;

CREATE FUNCTION igj_audit_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'de audittrail kan alleen worden aangevuld, niet gewijzigd of verwijderd';
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER audit_vastleggen BEFORE INSERT ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION igj_audit_vastleggen();
CREATE TRIGGER audit_onveranderlijk BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION igj_audit_onveranderlijk();
CREATE TRIGGER audit_niet_legen BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION igj_audit_onveranderlijk();
"""

# the entries that were there before this migration form the start of the chain
CHAIN_EXISTING = """
DO $$
DECLARE
    e audit_entry;
    vorige text := NULL;
BEGIN
    FOR e IN SELECT * FROM audit_entry ORDER BY tijdstip, id LOOP
        e.volgnummer := nextval('audit_volgnummer_seq');
        e.vorige_hash := vorige;
        vorige := igj_audit_hash(e);
        UPDATE audit_entry SET volgnummer = e.volgnummer, vorige_hash = e.vorige_hash,
                               hash = vorige WHERE id = e.id;
    END LOOP;
END
$$;
"""

CREATE_ROLE = """
DO $$
BEGIN
    CREATE ROLE {rol} NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- roles are cluster-wide: another database of this cluster made it
END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "inhoud",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_inhoud")),
    )
    op.create_table(
        "inhoud_houder",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("medewerker_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["medewerker_id"],
            ["medewerker.id"],
            name=op.f("fk_inhoud_houder_medewerker_id_medewerker"),
        ),
        sa.PrimaryKeyConstraint("sha256", "medewerker_id", name=op.f("pk_inhoud_houder")),
    )
    with op.batch_alter_table("medewerker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_rol", sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_medewerker_db_rol"), ["db_rol"])
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_tijdstip", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("volgnummer", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("vorige_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_entry_volgnummer"), ["volgnummer"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_trust()


def _postgresql_trust() -> None:
    bind = op.get_bind()
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    run = bind.exec_driver_sql
    for rol in (MEDEWERKER, BEHEER):
        run(CREATE_ROLE.format(rol=rol))
    run(f"GRANT {MEDEWERKER} TO {BEHEER}")
    run(FUNCTIONS.format(schema=schema))
    run(CHAIN_EXISTING)
    run(TRIGGERS)
    run(f"GRANT USAGE ON SCHEMA {schema} TO {MEDEWERKER}")
    # roles are cluster-wide: only medewerkers of this installation connect to its database
    database = bind.exec_driver_sql("SELECT current_database()").scalar()
    run(f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
    run(f'GRANT CONNECT ON DATABASE "{database}" TO {MEDEWERKER}')
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC")
    verborgen = ("kenmerk_teller", "inhoud_houder")  # only through their functions
    tables = [t for t in sa.inspect(bind).get_table_names(schema=schema) if t not in verborgen]
    run(f"GRANT SELECT ON {', '.join(tables)} TO {MEDEWERKER}")
    run(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(ORGANISATIE)} TO {BEHEER}")
    run(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(VRIJ)} TO {MEDEWERKER}")
    for tabel, (zien, invoegen, wijzigen, verwijderen) in POLICIES.items():
        run(f"ALTER TABLE {tabel} ENABLE ROW LEVEL SECURITY")
        run(f"CREATE POLICY zien ON {tabel} FOR SELECT USING ({zien})")
        commands = []
        if invoegen is not None:
            commands.append("INSERT")
            run(f"CREATE POLICY invoegen ON {tabel} FOR INSERT WITH CHECK ({invoegen})")
        if wijzigen is not None:
            commands.append("UPDATE")
            run(
                f"CREATE POLICY wijzigen ON {tabel} FOR UPDATE USING ({wijzigen})"
                f" WITH CHECK ({wijzigen})"
            )
        if verwijderen is not None:
            commands.append("DELETE")
            run(f"CREATE POLICY verwijderen ON {tabel} FOR DELETE USING ({verwijderen})")
        if commands:
            run(f"GRANT {', '.join(commands)} ON {tabel} TO {MEDEWERKER}")
    for function in ("igj_medewerker_id()", "igj_in_groep(uuid)", "igj_mag_zien(uuid)",
                     "igj_mag_wijzigen(uuid)", "igj_nieuw_dossier(uuid)",
                     "igj_document_zichtbaar(uuid)", "igj_document_wijzigbaar(uuid)",
                     "igj_document_koppelingen(uuid)", "igj_inhoud_opslaan(bytea)",
                     "igj_heeft_inhoud(text)", "igj_inhoud_opruimen(text)",
                     "igj_is_eigenaar()", "igj_document_verwijderen(uuid)",
                     "igj_heeft_rol(text)", "igj_heeft_werk_in(uuid)",
                     "igj_uitcheck_verbreken(uuid, text)",
                     "igj_volgend_kenmerk(integer)"):  # fmt: skip
        run(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        run(f"GRANT EXECUTE ON FUNCTION {function} TO {MEDEWERKER}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for tabel in POLICIES:
            for policy in ("zien", "invoegen", "wijzigen", "verwijderen"):
                bind.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {tabel}")
            bind.exec_driver_sql(f"ALTER TABLE {tabel} DISABLE ROW LEVEL SECURITY")
        for trigger in ("audit_vastleggen", "audit_onveranderlijk", "audit_niet_legen"):
            bind.exec_driver_sql(f"DROP TRIGGER {trigger} ON audit_entry")
        bind.exec_driver_sql(
            "DROP FUNCTION igj_audit_vastleggen(), igj_audit_onveranderlijk(),"
            " igj_audit_hash(audit_entry), igj_volgend_kenmerk(integer),"
            " igj_document_verwijderen(uuid), igj_is_eigenaar(), igj_heeft_rol(text),"
            " igj_heeft_werk_in(uuid), igj_uitcheck_verbreken(uuid, text),"
            " igj_inhoud_opruimen(text), igj_heeft_inhoud(text), igj_inhoud_opslaan(bytea),"
            " igj_document_koppelingen(uuid), igj_document_wijzigbaar(uuid),"
            " igj_document_zichtbaar(uuid),"
            " igj_nieuw_dossier(uuid), igj_mag_wijzigen(uuid), igj_mag_zien(uuid),"
            " igj_in_groep(uuid), igj_medewerker_id()"
        )
        bind.exec_driver_sql("DROP SEQUENCE audit_volgnummer_seq")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_entry_volgnummer"), type_="unique")
        for column in ("hash", "vorige_hash", "volgnummer", "client_tijdstip"):
            batch_op.drop_column(column)
    with op.batch_alter_table("medewerker", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_medewerker_db_rol"), type_="unique")
        batch_op.drop_column("db_rol")
    op.drop_table("inhoud_houder")
    op.drop_table("inhoud")
