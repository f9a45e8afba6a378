"""A laptop's replica edited by hand: every tampering the issue lists, written into the real
replica file, is refused by the real shared PostgreSQL (the app syncing as Anna's own role)
and shown to her as a conflict with its reason; honest offline work still arrives."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DatabaseDocumentStore, FileDocumentStore
from igj_desktop.models import AuditEntry, Dossier, MedewerkerRol, SyncChange, Toegang, Versie
from igj_desktop.services.audit import controleer_keten
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.services.offline.capture import open_replica
from igj_desktop.services.offline.meenemen import neem_mee
from igj_desktop.services.offline.sync import open_conflicten, synchroniseer
from igj_desktop.services.toegang.toekenning import grant_toegang, set_afgeschermd
from tests.conftest import database_as, make_database
from tests.integration.dossier_support import new_dossier
from tests.seed import create_seed


def _tamper(replica_file: Path, wijzigingen: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Append change-log rows to the replica file with a plain SQLite connection, as someone
    with a text editor for databases would: (tabel, operatie, sleutel, nieuw)."""
    bestand = Database(f"sqlite:///{replica_file}")
    try:
        with bestand.engine.begin() as connection:
            log = SyncChange.__table__
            apparaat, laatste = connection.execute(
                select(log.c.apparaat, func.max(log.c.volgnummer)).group_by(log.c.apparaat)
            ).one()
            for n, (tabel, operatie, sleutel, nieuw) in enumerate(wijzigingen, start=1):
                connection.execute(
                    insert(log).values(
                        id=uuid.uuid4(), aangemaakt_op=datetime.now(UTC), apparaat=apparaat,
                        volgnummer=laatste + n, tabel=tabel, sleutel=uuid.UUID(sleutel),
                        operatie=operatie, basis_versie=None, medewerker_id=None,
                        velden={"sleutel": sleutel, "nieuw": nieuw, "basis": {},
                                "transactie": f"hand-{n}"},
                    )
                )  # fmt: skip
    finally:
        bestand.dispose()


def test_every_tampering_is_refused_and_shown_with_its_reason(
    request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path
) -> None:
    shared = make_database("postgresql", request, tmp_path)
    seed = create_seed(shared)
    anna = ServiceContext.log_in(database_as(shared, "avries", request), "")
    bezoek = new_dossier(anna, seed, "Bezoek")
    grant_toegang(anna, bezoek.id, medewerker_id=seed.medewerkers["bjansen"], rol="lezer")
    thuis = new_dossier(anna, seed, "Blijft thuis")
    set_afgeschermd(anna, thuis.id, True, None)
    replica = open_replica(data_dir, "laptop-anna", seed.medewerkers["avries"])
    request.addfinalizer(replica.db.dispose)
    stores = (DatabaseDocumentStore(anna.db), FileDocumentStore(data_dir / "documenten"))
    neem_mee(anna, replica, [bezoek.id], tot=anna.now() + timedelta(days=1),
             shared_store=stores[0], local_store=stores[1])  # fmt: skip
    offline = ServiceContext.for_user(replica.db, "avries")
    telefoonnotities.record_telefoonnotitie(  # honest work, in the same push
        offline,
        bezoek.id,
        telefoonnotities.NieuweTelefoonnotitie(onderwerp="Nagesprek", samenvatting="Akkoord"),
    )
    with shared.session() as s:
        lezer = s.scalar(
            select(Toegang.id).where(
                Toegang.dossier_id == bezoek.id,
                Toegang.medewerker_id == seed.medewerkers["bjansen"],
            )
        )
        audit_id = s.scalar(
            select(AuditEntry.id).where(AuditEntry.dossier_id == bezoek.id).limit(1)
        )
    document_id, versie_id = uuid.uuid4(), uuid.uuid4()
    _tamper(
        Path(str(replica.db.engine.url.database)),
        [
            ("toegang", "update", str(lezer), {"rol": "behandelaar"}),
            ("medewerker_rol", "insert", str(uuid.uuid4()),
             {"medewerker_id": str(seed.medewerkers["avries"]), "rol_code": "beheerder"}),
            ("dossier", "update", str(thuis.id), {"afgeschermd": False}),
            ("audit_entry", "update", str(audit_id), {"omschrijving": "Er gebeurde niets"}),
            ("audit_entry", "delete", str(audit_id), {}),
            ("audit_entry", "insert", str(uuid.uuid4()),
             {"medewerker_id": str(seed.medewerkers["bjansen"]), "dossier_id": str(bezoek.id),
              "actie": "vervalst", "omschrijving": "Bram keurde alles goed",
              "entiteit": "dossier", "tijdstip": "2026-01-01T09:00:00+00:00",
              "aangemaakt_op": "2026-01-01T09:00:00+00:00", "gegevens": {}}),
            ("versie", "insert", str(versie_id),
             {"document_id": str(document_id), "nummer": 1, "bestandsnaam": "../../../evil.dll",
              "content_sha256": "0" * 64, "mime_type": "x", "status": "concept",
              "opmerking": "", "aangemaakt_op": "2026-01-01T09:00:00+00:00"}),
        ],
    )  # fmt: skip
    synchroniseer(anna, replica, *stores)

    redenen = {(c.tabel, c.omschrijving) for c in open_conflicten(anna)}
    assert ("toegang", "Dit kan offline niet worden gewijzigd (toegang, update); de server "
            "heeft het geweigerd.") in redenen  # fmt: skip
    assert any(t == "medewerker_rol" and "niet worden gewijzigd" in r for t, r in redenen)
    assert any(t == "dossier" and "afgeschermd" in r for t, r in redenen)
    assert sum(t == "audit_entry" and "niet worden gewijzigd" in r for t, r in redenen) == 2
    assert any(t == "versie" and "Windows niet toestaat" in r for t, r in redenen)
    with shared.session() as s:
        assert s.get(Toegang, lezer).rol == "lezer"
        assert s.scalar(select(func.count()).select_from(MedewerkerRol).where(
            MedewerkerRol.medewerker_id == seed.medewerkers["avries"],
            MedewerkerRol.rol_code == "beheerder")) == 0  # fmt: skip
        assert s.get(Dossier, thuis.id).afgeschermd is True
        assert s.get(AuditEntry, audit_id).omschrijving != "Er gebeurde niets"
        vervalst = s.scalars(select(AuditEntry).where(AuditEntry.actie == "vervalst")).one()
        assert vervalst.medewerker_id == seed.medewerkers["avries"]  # who pushed, not Bram
        assert vervalst.client_tijdstip == datetime(2026, 1, 1, 9, tzinfo=UTC)  # offline moment
        assert s.get(Versie, versie_id) is None
        notities = telefoonnotities.list_telefoonnotities(anna, bezoek.id)
        assert [n.onderwerp for n in notities] == ["Nagesprek"]  # the honest work arrived
    assert controleer_keten(shared).in_orde
