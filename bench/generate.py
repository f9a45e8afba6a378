"""Generate the inspectorate-scale data set, reproducibly from a seed, into SQLite and PostgreSQL.

At scale 1: 200,000 hoofddossiers, 300,000 subdossiers, 3,000,000 activiteiten (60,000
open), 2,000,000 documents (metadata; a few thousand with real bytes in the document
store), 50,000 relaties with betrokkenen, 600 medewerkers in 40 groepen, toegang rows and
audit entries to match. The benchmark user ``bench.behandelaar`` owns 2,000 open
activiteiten and her groep 20,000 (capped by the scaled number of open activiteiten).

The schema comes from Alembic (``Database.upgrade()``); rows go in with SQLAlchemy Core
``executemany`` in large batches on SQLite and ``COPY`` on PostgreSQL.

    python -m bench.generate --scale 0.05
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import Table, insert
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore, sha256_of
from igj_desktop.models import Base

BENCH_DIR = Path(__file__).resolve().parent
DATA_ROOT = BENCH_DIR / "data"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PROTECTED_DATABASES = {"test", "postgres", "root", "template0", "template1"}
SEED = 20260101
BATCH = 20_000
# The audit trigger (migration 0010) takes an advisory lock per dossier chain until commit;
# PostgreSQL's lock table holds max_locks_per_transaction × max_connections (6,400 by
# default), so audit entries are copied a thousand per transaction.
PG_ROWS_PER_TRANSACTION = {"audit_entry": 1_000}
SQLITE_CACHE_KB = 2_000_000

BENCH_USER = "bench.behandelaar"
N_GROEPEN = 40
N_AFDELINGEN = 4
N_MEDEWERKERS = 600
USER_OPEN = 2_000
GROEP_OPEN = 20_000
BIG_PARENT_SUBS = 500
DETAIL_ACTIVITEITEN = 50
DETAIL_DOCUMENTEN = 200
DETAIL_BETROKKENEN = 30

DOSSIERTYPES = [
    ("thematisch_toezicht", "Thematisch toezicht"),
    ("risicotoezicht", "Risicotoezicht"),
    ("incidenttoezicht", "Incidenttoezicht / calamiteit"),
    ("netwerkzorgmelding", "Netwerkzorgmelding"),
    ("handhaving", "Handhaving (bestuurlijke maatregelen)"),
    ("tuchtzaak", "Tuchtzaak"),
    ("bezwaar_beroep", "Bezwaar en beroep"),
]
ROLLEN = ["inspecteur", "medewerker_toezicht", "juridisch_adviseur", "mt", "beheerder"]
AANLEIDINGEN = ["signaal", "data-analyse", "thema", "politiek/media", "melding"]
SECTOREN = ["GGZ", "Ouderenzorg", "Jeugdhulp", "Ziekenhuizen", "Farmacie", "Huisartsenzorg"]
ONDERWERPEN = [
    "medicatieveiligheid",
    "calamiteit",
    "valincident",
    "personeelstekort",
    "dossiervoering",
    "vrijheidsbeperking",
    "infectiepreventie",
    "klachtbehandeling",
    "wachttijden",
    "bestuurlijke verantwoording",
    "meldplicht",
    "suïcidepreventie",
]
PLAATSEN = ["Groningen", "Utrecht", "Zwolle", "Tiel", "Amsterdam", "Rotterdam", "Eindhoven"]
ORG_WOORDEN = ["Zorggroep", "GGZ", "Jeugdhulp", "Ziekenhuis", "Apotheek", "Huisartsenpraktijk"]
NAMEN = [
    "De Linde",
    "Noorderlicht",
    "Het Anker",
    "Rivierenland",
    "De Vijzel",
    "Zonnehof",
    "Eikenrode",
]
ACTIVITEIT_CODES = ["beoordelen", "voorbereiden_bezoek", "rapport_opstellen", "review", "termijn"]
DOC_SOORTEN = ["brief", "rapport", "email", "verslag", "overig"]
# Two words of the documents' supervision vocabulary (bench.tekst), one in a stemmed form:
# each is in about a quarter of the documents, both in some 6 %.
INHOUD_ZOEKVRAAG = "inspecties verbeterplan"


def tag_of(scale: float) -> str:
    return "s" + f"{scale:g}".replace(".", "_")


def data_dir(scale: float) -> Path:
    return DATA_ROOT / tag_of(scale)


def _waar(url: str) -> str:
    """The data set's URL as the results record it: a SQLite file relative to the repository
    (the results are committed; a clone elsewhere has other paths), no password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        pad = Path(parsed.database).resolve()
        with contextlib.suppress(ValueError):
            return f"sqlite:///{pad.relative_to(BENCH_DIR.parent.resolve()).as_posix()}"
    return parsed.render_as_string(hide_password=True)


def sqlite_url(scale: float) -> str:
    return f"sqlite:///{data_dir(scale) / 'igj.sqlite'}"


def pg_name(scale: float) -> str:
    """``igj_bench_<scale>``; ``IGJ_BENCH_PG_PREFIX`` (starting with ``igj_bench``) keeps two
    checkouts that build at the same time out of each other's databases."""
    prefix = os.environ.get("IGJ_BENCH_PG_PREFIX", "igj_bench_")
    if not prefix.startswith("igj_bench"):
        raise SystemExit("IGJ_BENCH_PG_PREFIX must start with igj_bench")
    return f"{prefix}{tag_of(scale)}"


def pg_url(scale: float) -> str:
    return f"{PG_SERVER}/{pg_name(scale)}"


# ---------------------------------------------------------------- the data set


@dataclass
class Counts:
    hoofddossiers: int
    subdossiers: int
    activiteiten: int
    open_activiteiten: int
    documenten: int
    documenten_met_inhoud: int
    relaties: int
    user_open: int
    groep_open: int

    @classmethod
    def at(cls, scale: float) -> Counts:
        def n(full: int, minimum: int = 1) -> int:
            return max(minimum, round(full * scale))

        open_ = n(60_000, 200)
        return cls(
            hoofddossiers=n(200_000, 100),
            subdossiers=n(300_000, BIG_PARENT_SUBS + 100),
            activiteiten=n(3_000_000, 1_000),
            open_activiteiten=open_,
            documenten=n(2_000_000, 1_000),
            documenten_met_inhoud=n(4_000, 50),
            relaties=n(50_000, 100),
            user_open=min(USER_OPEN, open_ // 10),
            groep_open=min(GROEP_OPEN, open_ // 3),
        )


@dataclass
class Anchors:
    """The ids the measurements need, written to ``anchors.json`` next to the data."""

    gebruikersnaam: str = BENCH_USER
    medewerker_id: str = ""
    groep_id: str = ""
    big_parent_id: str = ""
    detail_dossier_id: str = ""
    search: dict[str, str] = field(default_factory=dict)


class Generator:
    """Rows of every table as dicts, in insertion order, all from one seeded RNG."""

    def __init__(self, scale: float, seed: int = SEED) -> None:
        self.scale = scale
        self.counts = Counts.at(scale)
        self.rng = random.Random(seed)
        self.base_time = datetime(2016, 1, 1, tzinfo=UTC)
        self.today = date(2026, 11, 23)
        self.anchors = Anchors()
        self.content_sha: list[tuple[str, int]] = []

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, jaar: int | None = None) -> datetime:
        if jaar is None:
            return self.base_time + timedelta(seconds=self.rng.randrange(10 * 365 * 86400))
        start = datetime(jaar, 1, 1, tzinfo=UTC)
        return start + timedelta(seconds=self.rng.randrange(364 * 86400))

    def versioned(self, when: datetime | None = None) -> dict[str, object]:
        when = when or self.moment()
        return {"id": self.uid(), "aangemaakt_op": when, "version": 1, "gewijzigd_op": when}

    def keyed(self, when: datetime | None = None) -> dict[str, object]:
        return {"id": self.uid(), "aangemaakt_op": when or self.moment()}

    # -- reference data ----------------------------------------------------------------

    def reference(self) -> dict[str, list[dict[str, object]]]:
        rng = self.rng
        groepen: list[dict[str, object]] = []
        for i in range(N_GROEPEN):
            afdeling = i < N_AFDELINGEN
            parent = None if afdeling else groepen[i % N_AFDELINGEN]["id"]
            groepen.append(
                self.versioned()
                | {
                    "naam": f"Afdeling {i + 1:02d}" if afdeling else f"Team {i + 1:02d}",
                    "soort": "afdeling" if afdeling else "team",
                    "afdeling_id": parent,
                    "email": None,
                }
            )
        teams = groepen[N_AFDELINGEN:]
        medewerkers, lidmaatschappen, medewerker_rollen = [], [], []
        self.team_of: list[uuid.UUID] = []
        for i in range(N_MEDEWERKERS):
            team = teams[i % len(teams)]
            naam = BENCH_USER if i == 0 else f"mw{i:03d}"
            m = self.versioned() | {
                "gebruikersnaam": naam,
                "naam": "Bench Behandelaar" if i == 0 else f"Medewerker {i:03d}",
                "email": f"{naam}@igj.example",
                "telefoon": None,
                "functie": "inspecteur",
                "afdeling_id": team["afdeling_id"],
                "actief": True,
            }
            medewerkers.append(m)
            self.team_of.append(team["id"])
            lidmaatschappen.append(
                self.keyed() | {"medewerker_id": m["id"], "groep_id": team["id"]}
            )
            medewerker_rollen.append(
                self.keyed() | {"medewerker_id": m["id"], "rol_code": rng.choice(ROLLEN[:3])}
            )
        self.medewerker_ids = [m["id"] for m in medewerkers]
        self.afdeling_ids = [g["id"] for g in groepen[:N_AFDELINGEN]]
        self.anchors.medewerker_id = str(medewerkers[0]["id"])
        self.anchors.groep_id = str(self.team_of[0])
        dossiertypes = [
            self.versioned()
            | {
                "code": code,
                "naam": naam,
                "omschrijving": None,
                "workflows": "[]",
                "sjablonen": "[]",
                "bewaartermijn_jaren": 10,
                "bewaarregels": "{}",
                "actief": True,
            }
            for code, naam in DOSSIERTYPES
        ]
        self.dossiertype_ids = [d["id"] for d in dossiertypes]
        relaties = []
        for i in range(self.counts.relaties):
            persoon = i % 5 == 4
            naam = (
                f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. Jansen-{i}"
                if persoon
                else f"{rng.choice(ORG_WOORDEN)} {rng.choice(NAMEN)} {i}"
            )
            relaties.append(
                self.versioned()
                | {
                    "soort": "persoon" if persoon else "organisatie",
                    "naam": naam,
                    "kvk_nummer": None if persoon else f"{rng.randrange(10**8):08d}",
                    "big_nummer": f"{rng.randrange(10**11):011d}" if persoon else None,
                    "plaats": rng.choice(PLAATSEN),
                    "sector": rng.choice(SECTOREN),
                    "actief": True,
                }
            )
        self.relatie_ids = [r["id"] for r in relaties]
        self.relatie_namen = [r["naam"] for r in relaties]
        return {
            "rol": [{"code": r, "naam": r.replace("_", " ").capitalize()} for r in ROLLEN],
            "groep": groepen,
            "medewerker": medewerkers,
            "lidmaatschap": lidmaatschappen,
            "medewerker_rol": medewerker_rollen,
            "dossiertype": dossiertypes,
            "relatie": relaties,
        }

    # -- dossiers, toegang, betrokkenen --------------------------------------------------

    def dossiers(self) -> Iterator[tuple[str, dict[str, object]]]:
        """Hoofddossiers then subdossiers, with their toegang, betrokkenen and audit rows."""
        rng, c = self.rng, self.counts
        per_year = -(-c.hoofddossiers // 10)
        self.hoofd: list[tuple[uuid.UUID, int]] = []  # (id, behandelaar index)
        self.visible_to_user: list[uuid.UUID] = []
        user_team = self.team_of[0]
        for i in range(c.hoofddossiers):
            jaar = 2016 + i // per_year
            # Dossier 0 is opened by the bench user: the detail dossier; 1 has 500 subdossiers.
            mw = 0 if i < 2 else rng.randrange(N_MEDEWERKERS)
            row, extra = self._dossier(f"IGJ-{jaar}-{i % per_year + 1:06d}", None, mw, jaar)
            self.hoofd.append((row["id"], mw))
            if mw == 0 or (self.team_of[mw] == user_team and not row["afgeschermd"]):
                self.visible_to_user.append(row["id"])
            yield "dossier", row
            yield from extra
        self.anchors.detail_dossier_id = str(self.hoofd[0][0])
        self.anchors.big_parent_id = str(self.hoofd[1][0])
        self.anchors.search = {
            "kenmerk": f"IGJ-{2016 + (c.hoofddossiers - 1) // per_year}-0000",
            "tekst": "medicatieveiligheid",
            "relatie": NAMEN[0],
            "inhoud": INHOUD_ZOEKVRAAG,
        }
        subnummers: dict[int, int] = {}
        for j in range(c.subdossiers):
            p = 1 if j < BIG_PARENT_SUBS else rng.randrange(c.hoofddossiers)
            subnummers[p] = subnummers.get(p, 0) + 1
            parent_id, mw = self.hoofd[p]
            kenmerk = f"{self._kenmerk_of(p)}-{subnummers[p]:02d}"
            row, extra = self._dossier(kenmerk, parent_id, mw, None)
            yield "dossier", row
            yield from extra

    def _kenmerk_of(self, index: int) -> str:
        per_year = -(-self.counts.hoofddossiers // 10)
        return f"IGJ-{2016 + index // per_year}-{index % per_year + 1:06d}"

    def _dossier(
        self, kenmerk: str, parent_id: uuid.UUID | None, mw: int, jaar: int | None
    ) -> tuple[dict[str, object], list[tuple[str, dict[str, object]]]]:
        rng = self.rng
        geopend = self.moment(jaar)
        gesloten = geopend < self.base_time + timedelta(days=8 * 365) and rng.random() < 0.8
        onderwerp = rng.choice(ONDERWERPEN)
        sector = rng.choice(SECTOREN)
        row = self.versioned(geopend) | {
            "kenmerk": kenmerk,
            "parent_id": parent_id,
            "subnummer_laatste": 0,
            "dossiertype_id": rng.choice(self.dossiertype_ids),
            "titel": f"{onderwerp.capitalize()} bij {sector.lower()}-aanbieder ({kenmerk[-6:]})",
            "aanleiding": rng.choice(AANLEIDINGEN),
            "omschrijving": f"Onderzoek naar {onderwerp} na {rng.choice(AANLEIDINGEN)}; "
            f"sector {sector}, regio {rng.choice(PLAATSEN)}.",
            "afdeling_id": rng.choice(self.afdeling_ids),
            "sector": sector,
            "status": "gesloten" if gesloten else "open",
            "geopend_op": geopend,
            "gesloten_op": geopend + timedelta(days=rng.randrange(30, 700)) if gesloten else None,
            "afgeschermd": mw != 0 and rng.random() < 0.02,
            "aangemaakt_door_id": self.medewerker_ids[mw],
        }
        did = row["id"]
        extra: list[tuple[str, dict[str, object]]] = [
            (
                "toegang",
                self.keyed(geopend) | self._toegang(did, medewerker=self.medewerker_ids[mw]),
            ),
            ("toegang", self.keyed(geopend) | self._toegang(did, groep=self.team_of[mw])),
            ("audit_entry", self._audit(geopend, mw, did, "dossier_aangemaakt", "dossier", did)),
        ]
        betrokkenen = (
            DETAIL_BETROKKENEN if kenmerk == self._kenmerk_of(0) else 1 + (rng.random() < 0.3)
        )
        for relatie in rng.sample(range(len(self.relatie_ids)), betrokkenen):
            extra.append(
                (
                    "betrokkene",
                    self.keyed(geopend)
                    | {
                        "dossier_id": did,
                        "relatie_id": self.relatie_ids[relatie],
                        "rol": "ots" if relatie % 3 else "stakeholder",
                        "toelichting": "",
                    },
                )
            )
        return row, extra

    @staticmethod
    def _toegang(
        dossier_id: uuid.UUID, medewerker: uuid.UUID | None = None, groep: uuid.UUID | None = None
    ) -> dict[str, object]:
        return {
            "dossier_id": dossier_id,
            "medewerker_id": medewerker,
            "groep_id": groep,
            "rol": "behandelaar",
            "toegekend_door_id": None,
        }

    def _audit(
        self, when: datetime, mw: int, dossier_id: uuid.UUID, actie: str, entiteit: str, eid: object
    ) -> dict[str, object]:
        return self.keyed(when) | {
            "tijdstip": when,
            "medewerker_id": self.medewerker_ids[mw],
            "dossier_id": dossier_id,
            "actie": actie,
            "omschrijving": actie.replace("_", " "),
            "entiteit": entiteit,
            "entiteit_id": eid,
            "gegevens": "{}",
        }

    # -- activiteiten ------------------------------------------------------------------

    def activiteiten(self) -> Iterator[tuple[str, dict[str, object]]]:
        rng, c = self.rng, self.counts
        user_id, team = self.medewerker_ids[0], self.team_of[0]
        detail = uuid.UUID(self.anchors.detail_dossier_id)
        for i in range(c.activiteiten):
            is_open = i < c.open_activiteiten
            mw_index = rng.randrange(N_MEDEWERKERS)
            eigenaar_mw: uuid.UUID | None = self.medewerker_ids[mw_index]
            eigenaar_gr: uuid.UUID | None = None
            if i < DETAIL_ACTIVITEITEN:
                dossier_id, eigenaar_mw = detail, user_id
            elif is_open and i < c.user_open:
                dossier_id, eigenaar_mw = rng.choice(self.visible_to_user), user_id
            elif is_open and i < c.user_open + c.groep_open:
                dossier_id, eigenaar_mw, eigenaar_gr = rng.choice(self.visible_to_user), None, team
            else:
                dossier_id = self.hoofd[rng.randrange(len(self.hoofd))][0]
            aangemaakt = self.moment()
            termijn = (
                self.today + timedelta(days=rng.randrange(-60, 120))
                if is_open
                else aangemaakt.date() + timedelta(days=rng.randrange(5, 60))
            )
            yield (
                "activiteit",
                self.versioned(aangemaakt)
                | {
                    "dossier_id": dossier_id,
                    "workflow_id": None,
                    "code": rng.choice(ACTIVITEIT_CODES),
                    "titel": f"{rng.choice(ONDERWERPEN).capitalize()}: actie {i}",
                    "omschrijving": "",
                    "soort": "workflow",
                    "eigenaar_medewerker_id": eigenaar_mw,
                    "eigenaar_groep_id": eigenaar_gr,
                    "termijn": termijn if rng.random() < 0.95 else None,
                    "termijn_wettelijk": rng.random() < 0.2,
                    "opgeschorte_dagen": 0,
                    "urgentie": rng.choices(["normaal", "hoog", "spoed"], [85, 12, 3])[0],
                    "status": ("open" if rng.random() < 0.95 else "opgeschort")
                    if is_open
                    else rng.choice(["afgerond", "afgerond", "afgerond", "geannuleerd"]),
                    "afgerond_op": None if is_open else aangemaakt + timedelta(days=3),
                    "gegevens": "{}",
                },
            )

    # -- documents ---------------------------------------------------------------------

    def contents(self, store: FileDocumentStore) -> list[dict[str, object]]:
        """Real bytes for a few thousand documents; they share blobs by SHA-256 once each."""
        rows = []
        for i in range(self.counts.documenten_met_inhoud):
            size = self.rng.randrange(2_000, 60_000)
            data = (f"IGJ benchmarkdocument {i}\n".encode() * (size // 24 + 1))[:size]
            blob = store.put(data)
            self.content_sha.append((blob.sha256, blob.grootte))
            rows.append(
                {"sha256": blob.sha256, "grootte": blob.grootte, "aangemaakt_op": self.moment()}
            )
        placeholder = b"metadata-only benchmark document\n"
        store.put(placeholder)
        self.placeholder = (sha256_of(placeholder), len(placeholder))
        rows.append(
            {
                "sha256": self.placeholder[0],
                "grootte": self.placeholder[1],
                "aangemaakt_op": self.base_time,
            }
        )
        return rows

    def documenten(self) -> Iterator[tuple[str, dict[str, object]]]:
        rng, c = self.rng, self.counts
        detail = uuid.UUID(self.anchors.detail_dossier_id)
        for i in range(c.documenten):
            if i < DETAIL_DOCUMENTEN:
                dossier_id, mw = detail, 0
            else:
                dossier_id, mw = self.hoofd[rng.randrange(len(self.hoofd))]
            datum = self.moment()
            sha, _ = self.content_sha[i] if i < len(self.content_sha) else self.placeholder
            soort = rng.choice(DOC_SOORTEN)
            doc = self.versioned(datum) | {
                "titel": f"{soort.capitalize()} {rng.choice(ONDERWERPEN)} {i}",
                "soort": soort,
                "richting": rng.choice(["inkomend", "uitgaand", "intern"]),
                "status": "definitief",
                "auteur_id": self.medewerker_ids[mw],
                "datum": datum,
                "vertrouwelijk": False,
            }
            yield "document", doc
            yield (
                "versie",
                self.keyed(datum)
                | {
                    "document_id": doc["id"],
                    "nummer": 1,
                    "content_sha256": sha,
                    "bestandsnaam": f"document-{i}.txt",
                    "mime_type": "text/plain",
                    "status": "definitief",
                    "aangemaakt_door_id": self.medewerker_ids[mw],
                    "opmerking": "",
                },
            )
            yield (
                "document_dossier",
                self.keyed(datum)
                | {
                    "document_id": doc["id"],
                    "dossier_id": dossier_id,
                    "gekoppeld_door_id": self.medewerker_ids[mw],
                },
            )
            yield (
                "audit_entry",
                self._audit(datum, mw, dossier_id, "document_toegevoegd", "document", doc["id"]),
            )


# ---------------------------------------------------------------- loading


class Loader:
    """Writes batches of one table; SQLite through Core executemany, PostgreSQL through COPY."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.postgres = db.engine.dialect.name == "postgresql"
        self.tables = Base.metadata.tables
        self.rows = 0

    def load(self, table: str, rows: Iterable[dict[str, object]]) -> None:
        rows = list(rows)
        if not rows:
            return
        self.rows += len(rows)
        tbl: Table = self.tables[table]
        if self.postgres:
            step = PG_ROWS_PER_TRANSACTION.get(table, len(rows))
            for start in range(0, len(rows), step):
                self._copy(tbl, rows[start : start + step])
        else:
            with self.db.engine.begin() as conn:
                # UUID keys land all over every index: a large page cache keeps them in memory
                # (the default 2 MB makes the load I/O-bound after a few million rows).
                conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
                conn.execute(insert(tbl), rows)

    def _copy(self, tbl: Table, rows: list[dict[str, object]]) -> None:
        columns = list(rows[0])
        with self.db.engine.begin() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:
                sql = f"COPY {tbl.name} ({', '.join(columns)}) FROM STDIN"
                with cur.copy(sql) as copy:
                    for row in rows:
                        copy.write_row([row[k] for k in columns])

    def stream(self, pairs: Iterable[tuple[str, dict[str, object]]]) -> None:
        """Group a (table, row) stream per table and flush each table at ``BATCH`` rows.

        Parents are always flushed before children: a child's batch only goes out after
        every pending batch of the tables listed before it in ``ORDER``.
        """
        pending: dict[str, list[dict[str, object]]] = {}
        for table, row in pairs:
            batch = pending.setdefault(table, [])
            batch.append(row)
            if len(batch) >= BATCH:
                self._flush(pending, upto=table)
        self._flush(pending)

    def _flush(self, pending: dict[str, list[dict[str, object]]], upto: str | None = None) -> None:
        for table in ORDER:
            if pending.get(table):
                self.load(table, pending[table])
                pending[table] = []
            if table == upto:
                break


ORDER = [
    "dossier",
    "toegang",
    "betrokkene",
    "activiteit",
    "document",
    "versie",
    "document_dossier",
    "audit_entry",
]


def ensure_pg_database(name: str) -> None:
    if name in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to use database {name}")
    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_pg_database(name: str) -> None:
    if name in PROTECTED_DATABASES or not name.startswith("igj_bench"):
        raise SystemExit(f"refusing to drop database {name}")
    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def marker(scale: float, backend: str) -> Path:
    return data_dir(scale) / f"done-{backend}.json"


def build(
    scale: float, backend: str, seed: int = SEED, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Build one backend's data set from scratch; returns timings. Idempotent via a marker file."""
    folder = data_dir(scale)
    folder.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (folder / f"igj.sqlite{suffix}").unlink(missing_ok=True)
        url = sqlite_url(scale)
    else:
        drop_pg_database(pg_name(scale))
        ensure_pg_database(pg_name(scale))
        url = pg_url(scale)
    db = Database(url)
    started = time.perf_counter()
    db.upgrade()
    gen = Generator(scale, seed)
    loader = Loader(db)
    for table, rows in gen.reference().items():
        loader.load(table, rows)
    loader.load("content", gen.contents(FileDocumentStore(folder / "documenten")))
    phases: dict[str, float] = {}
    for phase, stream in (
        ("dossiers", gen.dossiers),
        ("activiteiten", gen.activiteiten),
        ("documenten", gen.documenten),
    ):
        t0 = time.perf_counter()
        loader.stream(stream())
        phases[phase] = round(time.perf_counter() - t0, 1)
        log(f"  {backend}: {phase} loaded in {phases[phase]} s ({loader.rows:,} rows so far)")
    t0 = time.perf_counter()
    # PostgreSQL: the statement triggers of the load rewrote each dossier row (its readers,
    # its relatie names), and autovacuum, which clears such dead row versions on a live
    # server, may not have come round yet: without this the set starts with 2 dead versions
    # per dossier, which every index scan on dossier visits
    statement = "VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(statement)
    phases["analyze"] = round(time.perf_counter() - t0, 1)
    db.dispose()
    result = {
        "scale": scale,
        "backend": backend,
        "url": _waar(url),
        "rows": loader.rows,
        "seconds": round(time.perf_counter() - started, 1),
        "phases": phases,
        "counts": gen.counts.__dict__,
        "anchors": gen.anchors.__dict__,
    }
    (folder / "anchors.json").write_text(json.dumps(gen.anchors.__dict__, indent=2))
    marker(scale, backend).write_text(json.dumps(result, indent=2))
    log(f"  {backend}: {loader.rows:,} rows in {result['seconds']} s")
    return result


def ensure(scale: float, backends: Iterable[str], log: Callable[[str], None] = print) -> None:
    """Build what is missing (a backend counts as built when its marker file exists)."""
    for backend in backends:
        if not marker(scale, backend).exists():
            log(f"building {backend} data set at scale {scale:g} …")
            build(scale, backend, log=log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        build(args.scale, backend, args.seed)


if __name__ == "__main__":
    main()
