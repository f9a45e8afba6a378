"""A department on one PostgreSQL: N simulated clients doing a day's mix of work, for a while.

    nice -n 10 python -m bench.load [--scale 0.1] [--clients 50] [--duration 600] [--think 3]

Each client is a medewerker of the bench data set (``bench.generate``) with her own
connection, running in one of ``--processes`` worker processes (threads inside them, so
50 clients do not need 50 Python interpreters). A client repeats: think (exponential, mean
``--think`` s), then one operation picked by weight from ``MIX``, through the real services:
open a dossier (detail, its activiteiten, its documents), the werkvoorraad, a search,
register a mail, store a new version of a document, complete an activiteit, create a
dossier. Bounded: at most ``MAX_CLIENTS`` clients and ``MAX_DURATION_S`` seconds, and only
against a database on this machine (loopback).

Reports throughput, p50/p95/p99 per operation, conflicts (a concurrent change refused, as
the app tells the user) and errors (anything else; must be 0), and writes
``bench/results/load-<scale>.json``.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import random
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import default_store
from igj_desktop.models import Medewerker
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer.loginrol import als_medewerker
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers import overzicht, zoeken
from igj_desktop.services.errors import Conflict
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.workflows import acties as workflows
from igj_desktop.services.workflows import werkvoorraad

from . import generate
from .load_stats import CONFLICT, ERROR, OK, Sample, regels, tabel

MAX_CLIENTS = 200
MAX_DURATION_S = 3600
DOEL_P95_MS = 300
RESULTS_DIR = Path(__file__).resolve().parent / "results"
ZOEKWOORDEN = [*generate.ONDERWERPEN, *generate.NAMEN, "toezicht", "bij", "regio"]

MIX: dict[str, int] = {
    "dossier openen": 30,
    "werkvoorraad": 20,
    "zoeken": 18,
    "post registreren": 8,
    "versie opslaan": 10,
    "activiteit afronden": 8,
    "dossier aanmaken": 6,
}


def check_loopback(url: str) -> None:
    """Refuse any database that is not on this machine: a load run is never aimed at a
    shared server by accident."""
    host = make_url(url).host or "localhost"
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise SystemExit(
                f"bench.load draait alleen tegen een database op deze machine, niet {host}"
            )


@dataclass(frozen=True)
class Opdracht:
    """What one worker process runs: which clients, until when, how they think."""

    urls: tuple[str, ...]
    gebruikers: tuple[str, ...]
    client_nummers: tuple[int, ...]
    clients: int
    start_om: float
    eind_om: float
    think_s: float
    seed: int
    als_eigenaar: bool


class Client:
    """One medewerker: her dossiers, activiteiten and a document of her own to work on."""

    def __init__(self, ctx: ServiceContext, nummer: int, clients: int):
        self.ctx, self.store, self.nummer = ctx, default_store(ctx.db), nummer
        # the first 500 of her open dossiers, as the search dialog shows them
        vraag = zoeken.Zoekvraag(status="open", limit=500)
        self.dossiers = [d.id for d in zoeken.search_dossiers(ctx, vraag, tellen=False).dossiers]
        if not self.dossiers:
            raise SystemExit(f"{ctx.actor.gebruikersnaam} ziet geen open dossiers")
        # Each client completes only its own share of the team's activiteiten: two clients
        # of one team then never complete the same one (that would be a real conflict,
        # counted as such, but not the department's normal day).
        open_dossiers = set(self.dossiers)
        self.activiteiten = [
            a.activiteit_id
            for a in werkvoorraad.list_werkvoorraad(ctx, "mij_en_groepen", limit=500)
            if a.activiteit_id.int % clients == nummer and a.dossier_id in open_dossiers
        ]
        self.dossiertype_id = catalogus.list_dossiertypes(ctx)[0].id
        self.document_id = documenten.add_document(
            ctx, [self.dossiers[0]], f"werkdocument-{nummer}.txt", b"versie 0\n", store=self.store
        ).document_id
        self.versies = 0

    def doe(self, operatie: str, rng: random.Random) -> None:
        getattr(self, OPERATIES[operatie])(rng)

    def dossier_openen(self, rng: random.Random) -> None:
        dossier_id = rng.choice(self.dossiers)
        overzicht.dossier_overzicht(self.ctx, dossier_id)  # what the window reads

    def werkvoorraad_tonen(self, _rng: random.Random) -> None:
        werkvoorraad.list_werkvoorraad(self.ctx, "mij_en_groepen")

    def zoek(self, rng: random.Random) -> None:
        vraag = zoeken.Zoekvraag(tekst=rng.choice(ZOEKWOORDEN), limit=100)
        zoeken.search_dossiers(self.ctx, vraag, tellen=False)

    def post_registreren(self, rng: random.Random) -> None:
        parsed = post.lees_bestand("brief.eml", _mail(rng))
        post.registreer_post(self.ctx, parsed, post.Registratie([rng.choice(self.dossiers)]))

    def versie_opslaan(self, _rng: random.Random) -> None:
        self.versies += 1
        inhoud = f"versie {self.versies} van client {self.nummer}\n".encode() * 200
        documenten.add_versie(
            self.ctx, self.document_id, "werkdocument.txt", inhoud, store=self.store
        )

    def activiteit_afronden(self, rng: random.Random) -> None:
        if not self.activiteiten:  # her share is done: she opens a dossier instead
            self.dossier_openen(rng)
            return
        workflows.complete_activiteit(self.ctx, self.activiteiten.pop())

    def dossier_aanmaken(self, rng: random.Random) -> None:
        nieuw = dossiers.NieuwDossier(
            dossiertype_id=self.dossiertype_id,
            titel=f"{rng.choice(generate.ONDERWERPEN).capitalize()} (belasting)",
            aanleiding=rng.choice(generate.AANLEIDINGEN),
        )
        dossiers.create_dossier(self.ctx, nieuw)


OPERATIES = {
    "dossier openen": "dossier_openen",
    "werkvoorraad": "werkvoorraad_tonen",
    "zoeken": "zoek",
    "post registreren": "post_registreren",
    "versie opslaan": "versie_opslaan",
    "activiteit afronden": "activiteit_afronden",
    "dossier aanmaken": "dossier_aanmaken",
}


def _mail(rng: random.Random) -> bytes:
    """A letter of some 100 KB with a PDF attached, a new Message-ID each time."""
    bericht = EmailMessage()
    bericht["From"] = "Zorggroep De Linde <secretariaat@delinde.example.nl>"
    bericht["To"] = "inspecteur@igj.example.nl"
    bericht["Subject"] = "Reactie op het conceptrapport"
    bericht["Message-ID"] = f"<{uuid.UUID(int=rng.getrandbits(128))}@delinde.example.nl>"
    bericht.set_content("Geachte inspecteur,\n\nBijgaand onze reactie.\n")
    pdf = b"%PDF-1.4\n" + rng.randbytes(70_000)
    bericht.add_attachment(pdf, maintype="application", subtype="pdf", filename="reactie.pdf")
    return bericht.as_bytes()


def _client_loop(client: Client, opdracht: Opdracht, rng: random.Random, uit: list[Sample]) -> None:
    namen, gewichten = list(MIX), list(MIX.values())
    while True:
        time.sleep(rng.expovariate(1 / opdracht.think_s) if opdracht.think_s > 0 else 0)
        if time.time() >= opdracht.eind_om:
            return
        operatie = rng.choices(namen, gewichten)[0]
        begin, t0 = time.time() - opdracht.start_om, time.perf_counter()
        uitkomst, melding = OK, ""
        try:
            client.doe(operatie, rng)
        except Conflict as exc:
            uitkomst, melding = CONFLICT, str(exc)

        except Exception as exc:  # every other failure is counted and shown, never hidden
            uitkomst, melding = ERROR, f"{type(exc).__name__}: {exc}"[:300]
        ms = (time.perf_counter() - t0) * 1000
        uit.append(Sample(operatie, begin, ms, uitkomst, melding))


def run_worker(opdracht: Opdracht) -> list[Sample]:
    """One process: set up its clients, wait for the common start, run them in threads."""
    databases = [Database(url) for url in opdracht.urls]  # a connection of her own each
    clients = [
        Client(_context(db, naam, opdracht.als_eigenaar), nummer, opdracht.clients)
        for db, naam, nummer in zip(
            databases, opdracht.gebruikers, opdracht.client_nummers, strict=True
        )
    ]
    samples: list[list[Sample]] = [[] for _ in clients]
    time.sleep(max(0.0, opdracht.start_om - time.time()))
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(c, opdracht, random.Random(opdracht.seed * 1000 + c.nummer), samples[i]),
        )
        for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for db in databases:
        db.dispose()
    return [s for lijst in samples for s in lijst]


def _context(db: Database, naam: str, als_eigenaar: bool) -> ServiceContext:
    """As the app: logged in as her own role, under the policies; or as the schema owner."""
    return ServiceContext.for_user(db, naam) if als_eigenaar else ServiceContext.log_in(db, naam)


def login_urls(db: Database, namen: list[str], als_eigenaar: bool) -> list[str]:
    """Each client's connection string: her own login role (made by the owner when missing)."""
    if als_eigenaar:
        return [db.url] * len(namen)
    urls = []
    for naam in namen:
        rol = als_medewerker(db, naam)
        urls.append(rol.url)
        rol.dispose()
    return urls


def gebruikers(db: Database, aantal: int) -> list[str]:
    """``aantal`` medewerkers, the bench user first, spread over the teams."""
    with db.session() as session:
        namen = session.scalars(
            select(Medewerker.gebruikersnaam).order_by(Medewerker.gebruikersnaam)
        )
        alle = [n for n in namen if n.startswith("mw")]
    return [generate.BENCH_USER, *alle[: aantal - 1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=600, help="seconds")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, seconds")
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--als-eigenaar",
        action="store_true",
        help="as the schema owner, without the row-level security policies",
    )
    args = parser.parse_args()
    if not 0 < args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_S:
        raise SystemExit(f"1–{MAX_CLIENTS} clients, 1–{MAX_DURATION_S} seconden")
    generate.ensure(args.scale, ["postgresql"])
    url = generate.pg_url(args.scale)
    check_loopback(url)
    db = Database(url)
    db.upgrade()
    namen = gebruikers(db, args.clients)
    urls = login_urls(db, namen, args.als_eigenaar)
    db.dispose()
    processen = max(1, min(args.processes, args.clients))
    start = time.time() + 5 + 3 * args.clients / processen  # room for every client's set-up
    opdrachten = [
        Opdracht(
            urls=tuple(urls[p::processen]),
            als_eigenaar=args.als_eigenaar,
            gebruikers=tuple(namen[p::processen]),
            client_nummers=tuple(range(args.clients))[p::processen],
            clients=args.clients,
            start_om=start,
            eind_om=start + args.duration,
            think_s=args.think,
            seed=args.seed,
        )
        for p in range(processen)
    ]
    with ProcessPoolExecutor(processen) as pool:
        samples = [s for deel in pool.map(run_worker, opdrachten) for s in deel]
    rijen = regels(samples, args.duration)
    print(tabel(rijen, DOEL_P95_MS))
    fouten = sorted({s.melding for s in samples if s.uitkomst == ERROR})
    conflicten = sorted({s.melding for s in samples if s.uitkomst == CONFLICT})
    for soort, meldingen in (("fouten", fouten), ("conflicten", conflicten)):
        if meldingen:
            print(f"{soort}: " + "; ".join(meldingen[:5]))
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"load-{generate.tag_of(args.scale)}.json").write_text(
        json.dumps(
            {
                "scale": args.scale,
                "clients": args.clients,
                "duration_s": args.duration,
                "think_s": args.think,
                "processes": processen,
                "als_eigenaar": args.als_eigenaar,
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "rows": [asdict(r) for r in rijen],
                "fouten": fouten,
                "conflicten": conflicten,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
