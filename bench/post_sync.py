"""The two figures that are not a query: registering a very large mail, pushing 1,000 changes.

* Post: extract-msg reads .msg but cannot write one, and no maintained library writes the
  Outlook compound file format, so a 50 MB .msg with 20 attachments cannot be made here
  honestly. The figure uses a 50 MB .eml with 20 attachments (made with the standard
  library's email package) through the very same path (``post.lees_bestand`` then
  ``post.registreer_post``), and also the largest real .msg of tests/fixtures/mail. The
  registration runs on the thread pool as in the window, while a 10 ms timer on the UI
  thread records the longest gap: the "never blocked > 50 ms" half of the target.
* Sync: an open dossier of the benchmark user is taken along to a fresh replica, 1,000
  telefoonnotities are written there offline, and ``sync.synchroniseer`` pushes them to
  the shared database (and refreshes the replica). Each repeat takes the next dossier along
  and hands the previous one in, so a repeat does not also pull every earlier repeat's
  notes: the figure does not grow with ``--repeats``.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore, sha256_of
from igj_desktop.models import Base
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import telefoonnotities, zoeken
from igj_desktop.services.dossiers.telefoonnotities import NieuweTelefoonnotitie
from igj_desktop.services.offline.capture import capture_changes
from igj_desktop.services.offline.codec import decode_row, table
from igj_desktop.services.offline.meenemen import inleveren, neem_mee
from igj_desktop.services.offline.sync import pending_changes, synchroniseer
from igj_desktop.services.offline.sync_toepassen import Change
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.gemeenschappelijk.tasks import run_task

MB = 1024 * 1024
BIJLAGEN = 20
WIJZIGINGEN = 1000
_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
TESTDATA = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mail"


def grote_mail(grootte: int = 50 * MB, bijlagen: int = BIJLAGEN, seed: int = 8) -> bytes:
    """A real MIME message of ``grootte`` bytes on the wire with ``bijlagen`` PDF attachments."""
    rng = random.Random(seed)
    bericht = EmailMessage()
    bericht["From"] = "Zorggroep De Linde <secretariaat@delinde.example.nl>"
    bericht["To"] = "inspecteur@igj.example.nl"
    bericht["Subject"] = "Aanvullende stukken verbeterplan"
    bericht["Message-ID"] = f"<{uuid.UUID(int=rng.getrandbits(128))}@delinde.example.nl>"
    bericht.set_content("Geachte inspecteur,\n\nBijgaand de stukken.\n")
    per_bijlage = int(grootte / 1.37 / bijlagen)  # base64 grows the bytes by a third
    for n in range(bijlagen):
        data = b"%PDF-1.4\n" + rng.randbytes(per_bijlage)
        bericht.add_attachment(
            data, maintype="application", subtype="pdf", filename=f"bijlage-{n + 1:02d}.pdf"
        )
    return bericht.as_bytes()


def _registreer(ctx: ServiceContext, naam: str, data: bytes, dossier_id: uuid.UUID) -> None:
    parsed = post.lees_bestand(naam, data)
    post.registreer_post(ctx, parsed, post.Registratie([dossier_id]))


def _raw_mail(data: bytes, store: FileDocumentStore) -> None:
    """The library floor: parse the MIME tree, hash and store each part's bytes."""
    bericht = message_from_bytes(data, policy=policy.default)
    store.put(data)
    for deel in bericht.iter_attachments():
        payload = deel.get_content()
        sha256_of(payload)
        store.put(payload)


def longest_ui_gap_ms(werk: Callable[[], object]) -> tuple[float, float]:
    """Run ``werk`` on the thread pool; (its duration, the longest UI-thread gap) in ms."""
    app = QApplication.instance() or QApplication([])
    klok, gaps, klaar = QElapsedTimer(), [0.0], threading.Event()
    vorige = [0.0]

    def tik() -> None:
        nu = klok.nsecsElapsed() / 1e6
        gaps[0] = max(gaps[0], nu - vorige[0])
        vorige[0] = nu

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tik)
    fouten: list[BaseException] = []
    klok.start()
    timer.start()
    run_task(werk, lambda _r: klaar.set(), lambda e: (fouten.append(e), klaar.set()), owner=timer)
    while not klaar.is_set():
        app.processEvents()
        time.sleep(0.002)
    duur = klok.nsecsElapsed() / 1e6
    timer.stop()
    QCoreApplication.processEvents()
    if fouten:
        raise fouten[0]
    return duur, gaps[0]


def post_runs(
    ctx: ServiceContext, dossier_id: uuid.UUID, folder: Path
) -> tuple[Callable[[], float], Callable[[], float], dict[str, object]]:
    """(timed registration of a fresh 50 MB mail, timed library floor, facts incl. the
    longest UI gap and the one-off registration of the largest real .msg)."""
    mail = grote_mail()
    floor_store = FileDocumentStore(folder / "floor-store")
    teller = iter(range(1_000_000))
    facts: dict[str, object] = {"bytes": len(mail), "bijlagen": BIJLAGEN, "ui_gap_ms": 0.0}

    def registratie() -> float:
        # A new Message-ID each run, else the next run is (rightly) linked as a duplicate.
        n = next(teller)
        data = mail.replace(b"@delinde.example.nl>", f".{n}@delinde.example.nl>".encode(), 1)
        duur, gap = longest_ui_gap_ms(lambda: _registreer(ctx, "stukken.eml", data, dossier_id))
        facts["ui_gap_ms"] = round(max(float(facts["ui_gap_ms"]), gap), 1)  # type: ignore[arg-type]
        return duur

    def floor() -> float:
        t0 = time.perf_counter()
        _raw_mail(mail, floor_store)
        return (time.perf_counter() - t0) * 1000

    grootste = max((TESTDATA / "msg").glob("*.msg"), key=lambda p: p.stat().st_size)
    t0 = time.perf_counter()
    _registreer(ctx, grootste.name, grootste.read_bytes(), dossier_id)
    facts["grootste_msg"] = {
        "bestand": grootste.name,
        "bytes": grootste.stat().st_size,
        "ms": round((time.perf_counter() - t0) * 1000, 1),
    }
    return registratie, floor, facts


def _open_dossiers(ctx: ServiceContext) -> list[uuid.UUID]:
    """Open hoofddossiers of the benchmark user without subdossiers, to take along."""
    vraag = zoeken.Zoekvraag(status="open", alleen_hoofddossiers=True, limit=100)
    pagina = zoeken.search_dossiers(ctx, vraag, tellen=False).dossiers
    return [d.id for d in pagina if d.child_count == 0]


def sync_setup(
    shared: Database, ctx: ServiceContext, folder: Path
) -> Callable[[], tuple[Callable[[], object], Callable[[], float]]]:
    """A factory: each call prepares 1,000 offline changes and returns (push, floor).

    ``floor()`` times the bare minimum the push rests on: the same rows inserted with one
    executemany per table in one transaction, rolled back (no idempotency, no conflict check).
    """
    dossiers = itertools.cycle(_open_dossiers(ctx))
    replica_dir = folder / "replica"
    shutil.rmtree(replica_dir, ignore_errors=True)
    replica_dir.mkdir(parents=True)
    replica_db = Database(f"sqlite:///{replica_dir / 'replica.sqlite'}")
    replica_db.upgrade()
    replica = capture_changes(replica_db, "bench-laptop", ctx.actor.medewerker_id)
    shared_store = FileDocumentStore(Path(os.environ["IGJ_DATA_DIR"]) / "documenten")
    local_store = FileDocumentStore(replica_dir / "documenten")
    offline = ServiceContext(replica_db, ctx.actor)
    vorige: list[uuid.UUID] = []

    def prepare() -> tuple[Callable[[], object], Callable[[], float]]:
        if vorige:  # pushed by the previous repeat's sync
            inleveren(ctx, replica, shared_store, local_store, [vorige.pop()])
        dossier_id = next(dossiers)
        vorige.append(dossier_id)
        neem_mee(
            ctx,
            replica,
            [dossier_id],
            tot=ctx.now() + timedelta(days=2),
            shared_store=shared_store,
            local_store=local_store,
        )
        for n in range(WIJZIGINGEN):
            telefoonnotities.record_telefoonnotitie(
                offline,
                dossier_id,
                NieuweTelefoonnotitie(f"Gesprek {n}", "Afspraken over het bezoek bevestigd"),
            )

        def push() -> object:
            return synchroniseer(ctx, replica, shared_store, local_store)

        return push, lambda: _bare_insert_ms(shared, pending_changes(replica))

    return prepare


def _bare_insert_ms(shared: Database, changes: list[Change]) -> float:
    rows: dict[str, list[dict[str, object]]] = {}
    for change in changes:
        rows.setdefault(change.tabel, []).append(decode_row(change.tbl, change.nieuw))
    start = time.perf_counter()
    with shared.engine.connect() as connection:
        transaction = connection.begin()
        for naam in sorted(rows, key=lambda n: _ORDER[n]):  # parents before children
            connection.execute(insert(table(naam)), rows[naam])
        transaction.rollback()
    return (time.perf_counter() - start) * 1000
