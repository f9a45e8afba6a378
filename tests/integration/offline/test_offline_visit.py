"""Offline visit end to end: take a dossier along, work without the shared PostgreSQL, sync back.

The shared database is the real PostgreSQL (``visit``; ``visit_op`` also runs on SQLite); the
laptop's replica is SQLite. "Offline" is the
app pointed at a port on 127.0.0.1 that nothing listens on.
"""

from __future__ import annotations

import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import BlobCorrupt, FileDocumentStore
from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    Afspraak,
    Betrokkene,
    Bevinding,
    Bewijs,
    Deelnemer,
    Document,
    Dossier,
    Norm,
    OordeelWaarde,
    SyncChange,
    SyncConflict,
    Telefoonnotitie,
    Toegang,
    ToegepasteWijziging,
    Toetsingsinstrument,
    Waarneming,
    Workflow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import koppelen
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.offline.capture import Replica, open_replica
from igj_desktop.services.offline.meenemen import (
    inleveren,
    meegenomen_door,
    neem_mee,
    replica_sjablonen,
)
from igj_desktop.services.offline.sync import (
    SyncOnderbroken,
    los_op,
    open_conflicten,
    synchroniseer,
)
from igj_desktop.services.offline.verbinding import Modus, Verbinding, Werkplek, modus, probe
from igj_desktop.services.toetsing import bevindingen as toetsing
from tests.conftest import make_database
from tests.db_snapshot import alle_rijen
from tests.seed import Seed, create_seed

APPARAAT = "laptop-anna"


def dead_url(url: str) -> str:
    """The same database URL on a port nothing listens on (a freshly closed socket's port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


@dataclass
class Visit:
    shared: Database
    seed: Seed
    anna: ServiceContext
    bram: ServiceContext
    replica: Replica
    shared_store: FileDocumentStore
    local_store: FileDocumentStore
    dossier_id: uuid.UUID
    subdossier_id: uuid.UUID
    bevinding_id: uuid.UUID
    norm_ids: list[uuid.UUID]
    activiteit_id: uuid.UUID
    document_id: uuid.UUID

    def offline(self) -> ServiceContext:
        return ServiceContext.for_user(self.replica.db, "avries")

    def sync(self, **kwargs: object) -> object:
        return synchroniseer(self.anna, self.replica, self.shared_store, self.local_store, **kwargs)


def _dossier(ctx: ServiceContext, seed: Seed) -> tuple[uuid.UUID, uuid.UUID, dict]:
    """A dossier prepared for a visit, written the way the dossier services write it."""
    with ctx.unit_of_work() as s:
        hoofd = Dossier(
            kenmerk="IGJ-2026-000042",
            dossiertype_id=seed.dossiertypes["risicotoezicht"],
            titel="GGZ Noorderlicht: risicobezoek",
            aanleiding="signaal",
            afdeling_id=seed.groepen["Toezicht Zorgaanbieders"],
        )
        s.add(hoofd)
        s.flush()
        sub = Dossier(
            kenmerk="IGJ-2026-000042-01",
            parent_id=hoofd.id,
            dossiertype_id=seed.dossiertypes["risicotoezicht"],
            titel="Bezoek locatie Groningen",
            aanleiding="signaal",
        )
        s.add(sub)
        s.flush()
        for dossier in (hoofd, sub):
            for wie in ("avries", "bjansen"):
                s.add(Toegang(dossier_id=dossier.id, medewerker_id=seed.medewerkers[wie]))
        s.add(Betrokkene(dossier_id=hoofd.id, relatie_id=seed.relaties["GGZ Noorderlicht"]))
        workflow = Workflow(
            dossier_id=hoofd.id,
            definitie_code="inspectiebezoek",
            definitie_versie=1,
            titel="Bezoek",
        )
        s.add(workflow)
        s.flush()
        activiteit = Activiteit(
            dossier_id=hoofd.id,
            workflow_id=workflow.id,
            code="bezoek_uitvoeren",
            titel="Bezoek uitvoeren",
            eigenaar_medewerker_id=seed.medewerkers["avries"],
        )
        afspraak = Afspraak(
            dossier_id=hoofd.id,
            onderwerp="Inspectiebezoek",
            begin=ctx.now() + timedelta(days=1),
            einde=ctx.now() + timedelta(days=1, hours=4),
        )
        afspraak.deelnemers = [
            Deelnemer(medewerker_id=seed.medewerkers["avries"], naam="Anna de Vries"),
            Deelnemer(relatie_id=seed.relaties["GGZ Noorderlicht"], naam="GGZ Noorderlicht"),
        ]
        instrument = Toetsingsinstrument(naam="Toetsingskader GGZ", dossier_id=hoofd.id)
        instrument.normen = [
            Norm(code="1.1", titel="Veilige medicatie", volgorde=1),
            Norm(code="1.2", titel="Dossiervoering", volgorde=2),
        ]
        s.add_all([activiteit, afspraak, instrument])
        s.flush()
        bevinding = Bevinding(norm_id=instrument.normen[0].id, dossier_id=hoofd.id, tekst="")
        s.add(bevinding)
        s.flush()
        ids = {
            "bevinding": bevinding.id,
            "normen": [n.id for n in instrument.normen],
            "activiteit": activiteit.id,
        }
        return hoofd.id, sub.id, ids


def _visit(kind: str, request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path) -> Visit:
    shared = make_database(kind, request, tmp_path)
    SyncConflict.__table__.create(shared.engine, checkfirst=True)  # until the migration has it
    seed = create_seed(shared)
    anna = ServiceContext.for_user(shared, "avries")
    bram = ServiceContext.for_user(shared, "bjansen")
    shared_store = FileDocumentStore(tmp_path / "gedeelde_documenten")
    local_store = FileDocumentStore(data_dir / "documenten")
    dossier_id, sub_id, ids = _dossier(anna, seed)
    doc = documenten.add_document(
        anna, [dossier_id], "bezoekplan.txt", b"Bezoekplan GGZ Noorderlicht", store=shared_store
    )
    replica = open_replica(data_dir, APPARAAT, seed.medewerkers["avries"])
    request.addfinalizer(replica.db.dispose)
    return Visit(
        shared,
        seed,
        anna,
        bram,
        replica,
        shared_store,
        local_store,
        dossier_id,
        sub_id,
        ids["bevinding"],
        ids["normen"],
        ids["activiteit"],
        doc.document_id,
    )


@pytest.fixture
def visit(request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path) -> Visit:
    return _visit("postgresql", request, tmp_path, data_dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def visit_op(request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path) -> Visit:
    """The same visit with the shared database on SQLite or PostgreSQL."""
    return _visit(request.param, request, tmp_path, data_dir)


def _take_along(
    visit: Visit,
    ctx: ServiceContext | None = None,
    replica: Replica | None = None,
    local_store: FileDocumentStore | None = None,
) -> None:
    """Anna takes the dossier along (or ``ctx`` into another ``replica``)."""
    neem_mee(
        ctx or visit.anna,
        replica or visit.replica,
        [visit.dossier_id],
        tot=visit.anna.now() + timedelta(days=2),
        shared_store=visit.shared_store,
        local_store=local_store or visit.local_store,
    )


def _waarneming(ctx: ServiceContext, visit: Visit, tekst: str) -> uuid.UUID:
    return toetsing.voeg_waarneming_toe(ctx, visit.dossier_id, visit.norm_ids[0], tekst)


def _wijzig(ctx: ServiceContext, model: type, key: uuid.UUID, **velden: object) -> None:
    with ctx.unit_of_work() as s:
        row = s.get_one(model, key)
        for veld, waarde in velden.items():
            setattr(row, veld, waarde)
        dossier_id = getattr(row, "dossier_id", None) or key
        record_audit(
            s,
            ctx.actor,
            "gewijzigd",
            f"{model.__tablename__} gewijzigd",
            entiteit=model.__tablename__,
            entiteit_id=key,
            dossier_id=dossier_id,
        )


def _count(db: Database, model: type, *where: object) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_take_along_copies_everything_a_visit_needs(visit: Visit, tmp_path: Path) -> None:
    sjablonen = tmp_path / "sjablonen"
    (sjablonen / "toezicht").mkdir(parents=True)
    (sjablonen / "toezicht" / "rapport.docx").write_bytes(b"PK sjabloon")
    neem_mee(
        visit.anna,
        visit.replica,
        [visit.dossier_id],
        tot=visit.anna.now() + timedelta(days=2),
        shared_store=visit.shared_store,
        local_store=visit.local_store,
        sjablonen=sjablonen,
    )
    kopie = replica_sjablonen(visit.replica) / "toezicht" / "rapport.docx"
    assert kopie.read_bytes() == b"PK sjabloon"
    replica = visit.replica.db
    assert _count(replica, Dossier) == 2
    assert _count(replica, Betrokkene) == 1
    assert _count(replica, Deelnemer) == 2
    assert _count(replica, Norm) == 2
    assert _count(replica, Bevinding) == 1
    assert _count(replica, Activiteit) == 1
    assert _count(replica, SyncChange) == 0  # copying is not an offline change

    offline = visit.offline()
    (info,) = documenten.documenten_van_dossier(offline, visit.dossier_id)
    _, data = documenten.lees_versie(offline, info.laatste.id, store=visit.local_store)
    assert data == b"Bezoekplan GGZ Noorderlicht"

    leases = meegenomen_door(visit.bram, [visit.dossier_id, visit.subdossier_id])
    assert set(leases) == {visit.dossier_id, visit.subdossier_id}
    assert leases[visit.dossier_id][0].tekst.startswith(
        f"Meegenomen door Anna de Vries ({APPARAAT}) tot "
    )


def test_offline_work_arrives_colleague_survives_conflicts_presented(visit: Visit) -> None:
    _take_along(visit)

    # The network goes: the app notices and switches to the replica.
    dead = Database(dead_url(visit.shared.url))
    verbinding = Verbinding(dead)
    werkplek = Werkplek(verbinding, visit.replica.db)
    assert probe(dead.url) is False
    assert verbinding.controleer() is Modus.OFFLINE
    assert werkplek.database() is visit.replica.db
    assert modus(werkplek.database()) is Modus.OFFLINE
    dead.dispose()

    offline = visit.offline()
    mijn_waarnemingen = [
        _waarneming(offline, visit, "Medicatiekar niet afgesloten"),
        _waarneming(offline, visit, "Geen dubbele controle bij risicovolle medicatie"),
    ]
    toetsing.leg_bevinding_vast(
        offline,
        visit.dossier_id,
        visit.norm_ids[0],
        "Medicatieveiligheid onvoldoende geborgd",
        OordeelWaarde.VOLDOET_NIET,
    )
    # A bevinding for the second norm, new offline, with the photo as bewijs.
    nieuwe_bevinding = toetsing.leg_bevinding_vast(
        offline, visit.dossier_id, visit.norm_ids[1], "Dossiers niet actueel", "voldoet_niet"
    )
    dossiers.update_dossier(
        offline, visit.dossier_id, None, omschrijving="Bezoek afgelegd op locatie"
    )
    documenten.add_versie(
        offline,
        visit.document_id,
        "bezoekplan.txt",
        b"Bezoekplan, aangevuld ter plaatse",
        store=visit.local_store,
    )
    _wijzig(offline, Activiteit, visit.activiteit_id, status=ActiviteitStatus.AFGEROND)
    with offline.unit_of_work() as s:
        s.add(
            Telefoonnotitie(
                dossier_id=visit.dossier_id,
                medewerker_id=offline.actor.medewerker_id,
                gesprekspartner="Bestuurder",
                onderwerp="Nagesprek",
            )
        )
    foto = documenten.add_document(
        offline,
        [visit.dossier_id],
        "foto_medicatiekar.jpg",
        b"\xff\xd8JPEG",
        store=visit.local_store,
    )
    bewijs_id = toetsing.voeg_bewijs_toe(offline, nieuwe_bevinding, foto.document_id)
    with pytest.raises(ValidationFailed, match="offline"):
        dossiers.create_dossier(
            offline,
            dossiers.NieuwDossier(
                dossiertype_id=visit.seed.dossiertypes["risicotoezicht"],
                titel="Nieuw signaal",
                aanleiding="signaal",
            ),
        )
    with pytest.raises(ValidationFailed, match="offline"):
        dossiers.create_subdossier(
            offline, visit.dossier_id, visit.seed.dossiertypes["risicotoezicht"], "Tweede locatie"
        )
    assert _count(visit.replica.db, Dossier) == 2

    # Meanwhile a colleague works on the same dossier on the server.
    toetsing.leg_bevinding_vast(
        visit.bram, visit.dossier_id, visit.norm_ids[0], "", OordeelWaarde.VOLDOET_GEDEELTELIJK
    )
    dossiers.update_dossier(
        visit.bram, visit.dossier_id, None, titel="GGZ Noorderlicht: vervolgbezoek"
    )
    documenten.add_versie(
        visit.bram,
        visit.document_id,
        "bezoekplan.txt",
        b"Bezoekplan, nieuwe planning",
        store=visit.shared_store,
    )
    bram_waarneming = _waarneming(visit.bram, visit, "Melding van een cliëntenraad")
    # Bram records the second norm too: the same bevinding, created on both sides.
    bram_bevinding = toetsing.leg_bevinding_vast(
        visit.bram, visit.dossier_id, visit.norm_ids[1], "Dossiervoering op orde", "voldoet"
    )

    # Back online.
    verbinding_terug = Verbinding(visit.shared, modus=Modus.OFFLINE)
    assert verbinding_terug.controleer() is Modus.ONLINE
    stappen: list[tuple[str, int, int]] = []
    resultaat = visit.sync(progress=lambda *stap: stappen.append(stap))
    assert resultaat.conflicten == 2
    assert stappen and stappen[-1][1] == stappen[-1][2]

    shared = visit.shared
    for waarneming_id in [*mijn_waarnemingen, bram_waarneming]:
        assert _count(shared, Waarneming, Waarneming.id == waarneming_id) == 1
    with shared.session() as s:
        bevinding = s.get_one(Bevinding, visit.bevinding_id)
        assert bevinding.tekst == "Medicatieveiligheid onvoldoende geborgd"  # merged
        assert bevinding.oordeel == OordeelWaarde.VOLDOET_GEDEELTELIJK  # theirs, until decided
        dossier = s.get_one(Dossier, visit.dossier_id)
        assert dossier.titel == "GGZ Noorderlicht: vervolgbezoek"
        assert dossier.omschrijving == "Bezoek afgelegd op locatie"
        assert s.get_one(Activiteit, visit.activiteit_id).status == ActiviteitStatus.AFGEROND
        assert s.scalar(select(Telefoonnotitie.gesprekspartner)) == "Bestuurder"
        assert s.get_one(Document, foto.document_id).titel
        # The photo is bewijs for the one bevinding of that norm: the server's.
        assert s.get_one(Bewijs, bewijs_id).bevinding_id == bram_bevinding
        assert s.get(Bevinding, nieuwe_bevinding) is None
    assert visit.shared_store.get(foto.sha256) == b"\xff\xd8JPEG"
    # Both added version 2 of the bezoekplan: both versions are kept, the laptop's becomes 3.
    (plan,) = [
        d
        for d in documenten.documenten_van_dossier(visit.anna, visit.dossier_id)
        if d.id == visit.document_id
    ]
    inhoud = [
        documenten.lees_versie(visit.anna, v.id, store=visit.shared_store)[1] for v in plan.versies
    ]
    assert [v.nummer for v in plan.versies] == [1, 2, 3]
    assert inhoud[1:] == [b"Bezoekplan, nieuwe planning", b"Bezoekplan, aangevuld ter plaatse"]

    conflict, dubbel = open_conflicten(visit.anna, visit.replica.apparaat)
    assert dubbel.sleutel == str(bram_bevinding)
    assert {(v.veld, v.mijn, v.hun) for v in dubbel.velden} == {
        ("tekst", "Dossiers niet actueel", "Dossiervoering op orde"),
        ("oordeel", "voldoet_niet", "voldoet"),
    }
    (veld,) = conflict.velden
    assert (veld.veld, veld.mijn, veld.hun) == (
        "oordeel",
        OordeelWaarde.VOLDOET_NIET,
        OordeelWaarde.VOLDOET_GEDEELTELIJK,
    )
    assert (conflict.mijn_naam, conflict.hun_naam) == ("Anna de Vries", "Bram Jansen")
    assert conflict.kenmerk == "IGJ-2026-000042"

    # The replica now shows the colleague's work too.
    assert _count(visit.replica.db, Waarneming, Waarneming.id == bram_waarneming) == 1

    # Replaying the whole change log changes nothing.
    before = _snapshot_counts(shared)
    with visit.replica.db.engine.begin() as c:
        c.execute(update(SyncChange.__table__).values(verzonden_op=None))
    replay = visit.sync()
    assert replay.al_toegepast == replay.verzonden > 0
    assert _snapshot_counts(shared) == before

    # The user decides; then the dossier can be handed in.
    with pytest.raises(ValidationFailed, match="conflict"):
        inleveren(visit.anna, visit.replica, visit.shared_store, visit.local_store)
    los_op(visit.anna, conflict.id, "mijn")
    los_op(
        visit.anna,
        dubbel.id,
        "bewerkt",
        {"tekst": "Dossiers deels niet actueel", "oordeel": "voldoet_gedeeltelijk"},
    )
    with shared.session() as s:
        bevinding = s.get_one(Bevinding, bram_bevinding)
        assert (bevinding.tekst, bevinding.oordeel) == (
            "Dossiers deels niet actueel",
            "voldoet_gedeeltelijk",
        )
    with shared.session() as s:
        assert s.get_one(Bevinding, visit.bevinding_id).oordeel == OordeelWaarde.VOLDOET_NIET
    assert inleveren(visit.anna, visit.replica, visit.shared_store, visit.local_store) == [
        "IGJ-2026-000042",
        "IGJ-2026-000042-01",
    ]
    assert meegenomen_door(visit.bram, [visit.dossier_id]) == {}
    assert _count(visit.replica.db, Dossier) == 0


def _snapshot_counts(db: Database) -> dict[str, int]:
    models = (Waarneming, Telefoonnotitie, Document, SyncConflict)
    counts = {m.__tablename__: _count(db, m) for m in models}
    with db.session() as s:
        counts["versies"] = s.scalar(select(func.sum(Bevinding.version)))
        counts["dossier"] = s.scalar(select(func.sum(Dossier.version)))
    return counts


def test_interrupted_sync_resumes_without_duplicates(visit: Visit) -> None:
    _take_along(visit)
    offline = visit.offline()
    ids = [_waarneming(offline, visit, f"Waarneming {n}") for n in range(5)]

    stop = threading.Event()

    def stop_after_three(stap: str, gedaan: int, totaal: int) -> None:
        if stap == "Wijzigingen versturen" and gedaan >= 3:
            stop.set()

    with pytest.raises(SyncOnderbroken):
        visit.sync(progress=stop_after_three, stop=stop, per_batch=1)
    assert 0 < _count(visit.shared, Waarneming) < 5

    with pytest.raises(SyncOnderbroken, match="verbinding"):
        synchroniseer(
            ServiceContext(Database(dead_url(visit.shared.url)), visit.anna.actor),
            visit.replica,
            visit.shared_store,
            visit.local_store,
        )

    visit.sync()
    for waarneming_id in ids:
        assert _count(visit.shared, Waarneming, Waarneming.id == waarneming_id) == 1
    assert _count(visit.replica.db, SyncChange, SyncChange.verzonden_op.is_(None)) == 0


def test_a_replica_made_anew_on_the_same_laptop_loses_nothing(visit: Visit, tmp_path: Path) -> None:
    """A reinstalled laptop starts with an empty replica under the same apparaat name: its
    changes must not be taken for replays of the old replica's (apparaat, volgnummer)."""
    _take_along(visit)
    eerste = _waarneming(visit.offline(), visit, "Voor de herinstallatie")
    visit.sync()
    inleveren(visit.anna, visit.replica, visit.shared_store, visit.local_store)

    nieuw = open_replica(tmp_path / "opnieuw", APPARAAT, visit.anna.actor.medewerker_id)
    nieuwe_store = FileDocumentStore(tmp_path / "opnieuw" / "documenten")
    neem_mee(
        visit.anna,
        nieuw,
        [visit.dossier_id],
        tot=visit.anna.now() + timedelta(days=2),
        shared_store=visit.shared_store,
        local_store=nieuwe_store,
    )
    tweede = _waarneming(ServiceContext.for_user(nieuw.db, "avries"), visit, "Na de herinstallatie")
    resultaat = synchroniseer(visit.anna, nieuw, visit.shared_store, nieuwe_store)

    assert resultaat.al_toegepast == 0 and resultaat.toegepast > 0
    for waarneming_id in (eerste, tweede):
        assert _count(visit.shared, Waarneming, Waarneming.id == waarneming_id) == 1
    nieuw.db.dispose()


def test_taking_along_needs_access_and_withdrawn_access_leaves_the_laptop(visit: Visit) -> None:
    carla = ServiceContext.for_user(visit.shared, "cbakker")
    with pytest.raises(NotFound):
        neem_mee(
            carla,
            visit.replica,
            [visit.dossier_id],
            tot=carla.now() + timedelta(days=1),
            shared_store=visit.shared_store,
            local_store=visit.local_store,
        )
    with pytest.raises(ValidationFailed, match="toekomst"):
        neem_mee(
            visit.anna,
            visit.replica,
            [visit.dossier_id],
            tot=visit.anna.now() - timedelta(hours=1),
            shared_store=visit.shared_store,
            local_store=visit.local_store,
        )
    assert meegenomen_door(visit.bram, [visit.dossier_id]) == {}

    _take_along(visit)
    with visit.shared.session() as s, s.begin():
        s.execute(
            delete(Toegang).where(
                Toegang.dossier_id == visit.subdossier_id,
                Toegang.medewerker_id == visit.seed.medewerkers["avries"],
            )
        )
    visit.sync()
    with visit.replica.db.session() as s:
        assert s.scalars(select(Dossier.kenmerk)).all() == ["IGJ-2026-000042"]


def test_a_deletion_the_server_cannot_take_is_turned_down_whole(visit: Visit) -> None:
    """Anna deletes a document offline; Bram links it to another dossier meanwhile. The
    deletion (links, versions, document, audit: one service call) is not half applied."""
    _take_along(visit)
    offline = visit.offline()
    documenten.verwijder_document(offline, visit.document_id, visit.dossier_id)
    assert documenten.documenten_van_dossier(offline, visit.dossier_id) == []

    with visit.bram.unit_of_work() as s:
        ander = Dossier(
            kenmerk="IGJ-2026-000043",
            dossiertype_id=visit.seed.dossiertypes["risicotoezicht"],
            titel="Ander dossier",
            aanleiding="signaal",
        )
        s.add(ander)
        s.flush()
        s.add(Toegang(dossier_id=ander.id, medewerker_id=visit.seed.medewerkers["bjansen"]))
        ander_id = ander.id
    koppelen.koppel_document(visit.bram, visit.document_id, ander_id)

    resultaat = visit.sync()
    assert resultaat.conflicten == 1
    (plan,) = documenten.documenten_van_dossier(visit.bram, ander_id)
    assert len(plan.versies) == 1 and set(plan.dossier_ids) == {visit.dossier_id, ander_id}
    (conflict,) = open_conflicten(visit.anna, visit.replica.apparaat)
    assert conflict.operatie == "afgewezen"
    assert "nog gebruikt" in conflict.omschrijving

    with pytest.raises(ValidationFailed, match="niet doorgevoerd"):
        los_op(visit.anna, conflict.id, "mijn")
    los_op(visit.anna, conflict.id, "hun")
    assert open_conflicten(visit.anna, visit.replica.apparaat) == []
    # The laptop has the document back.
    (terug,) = documenten.documenten_van_dossier(offline, visit.dossier_id)
    assert terug.id == visit.document_id


def test_a_damaged_blob_is_not_sent_and_the_sync_resumes_once_it_is_whole(visit: Visit) -> None:
    _take_along(visit)
    offline = visit.offline()
    foto = documenten.add_document(
        offline, [visit.dossier_id], "foto.jpg", b"\xff\xd8 foto", store=visit.local_store
    )
    pad = visit.local_store.path_for(foto.sha256)
    pad.write_bytes(b"beschadigd")

    with pytest.raises(BlobCorrupt):
        visit.sync()
    with visit.shared.session() as s:
        assert s.get(Document, foto.document_id) is None
    assert not visit.shared_store.exists(foto.sha256)

    pad.write_bytes(b"\xff\xd8 foto")  # e.g. restored from the camera
    visit.sync()
    assert visit.shared_store.get(foto.sha256) == b"\xff\xd8 foto"
    with visit.shared.session() as s:
        assert s.get_one(Document, foto.document_id).titel


def _markers(visit: Visit) -> list[tuple[int, str]]:
    """(volgnummer, resultaat) of the applied-change markers of the laptop on the server."""
    with visit.shared.session() as s:
        return sorted(
            s.execute(
                select(ToegepasteWijziging.volgnummer, ToegepasteWijziging.resultaat).where(
                    ToegepasteWijziging.apparaat == visit.replica.apparaat
                )
            ).tuples()
        )


def _volgnummers(replica: Replica) -> list[int]:
    with replica.db.session() as s:
        return sorted(s.scalars(select(SyncChange.volgnummer)))


def _opnieuw_versturen(replica: Replica) -> None:
    """The laptop lost its 'sent' marks (a crash after the server committed)."""
    with replica.db.engine.begin() as c:
        c.execute(update(SyncChange.__table__).values(verzonden_op=None))


def test_each_change_is_applied_and_marked_once_and_a_replay_applies_nothing(
    visit_op: Visit,
) -> None:
    visit = visit_op
    _take_along(visit)
    offline = visit.offline()
    for n in range(3):
        _waarneming(offline, visit, f"Waarneming {n}")
    _wijzig(offline, Bevinding, visit.bevinding_id, tekst="Offline vastgesteld")
    volgnummers = _volgnummers(visit.replica)
    n = len(volgnummers)
    assert n >= 5  # three waarnemingen, the bevinding and the audit entries

    eerste = visit.sync()
    assert (eerste.verzonden, eerste.toegepast, eerste.al_toegepast) == (n, n, 0)
    assert _markers(visit) == [(v, "toegepast") for v in volgnummers]
    server = alle_rijen(visit.shared)

    _opnieuw_versturen(visit.replica)
    tweede = visit.sync(per_batch=2)
    assert (tweede.verzonden, tweede.al_toegepast) == (n, n)
    assert (tweede.toegepast, tweede.samengevoegd, tweede.in_conflict) == (0, 0, 0)
    assert alle_rijen(visit.shared) == server  # no row, version or marker changed

    _waarneming(offline, visit, "Na de herhaling")
    nieuw = len(_volgnummers(visit.replica)) - n
    _opnieuw_versturen(visit.replica)
    derde = visit.sync()
    assert (derde.verzonden, derde.toegepast, derde.al_toegepast) == (n + nieuw, nieuw, n)
    assert _markers(visit) == [(v, "toegepast") for v in _volgnummers(visit.replica)]
    assert _count(visit.shared, Waarneming, Waarneming.tekst.like("Waarneming %")) == 3
