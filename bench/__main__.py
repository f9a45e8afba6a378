"""Run every measurement of issue 8 on SQLite and PostgreSQL; print a table, write JSON.

    nice -n 10 python -m bench [--scale 1] [--repeats 7] [--backend both] [--only NAME …]

Builds the data set first when it is missing (see ``bench.generate``). Each figure is the
median of ``--repeats`` runs through the real services (or the real main window), with its
spread (min–max), and a ratio against the floor it rests on, measured in the same run:

* database figures: the very SQL statements the service call issued (captured with a
  SQLAlchemy cursor event), replayed on a bare DBAPI cursor with ``fetchall``, so the ratio
  is the cost of our own layers (ORM, read models, access helpers);
* sjabloon: a bare ``docxtpl`` render and save of the same template and context;
* start-up: a bare QMainWindow process that runs the first screen's SQL.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from docxtpl import DocxTemplate
from sqlalchemy import Engine, event

import igj_desktop
from igj_desktop.db import Database
from igj_desktop.integrations.document_store import default_store
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer.loginrol import als_medewerker
from igj_desktop.services.documenten import inhoud_zoeken
from igj_desktop.services.documenten.sjablonen import (
    genereer_document,
    render_context,
    standaard_catalogus,
)
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import overzicht, zoeken
from igj_desktop.services.workflows import werkvoorraad

from . import generate, post_sync

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SJABLOON = "verzoek_verbeterplan"

Statement = tuple[str, object]


@dataclass
class Result:
    name: str
    backend: str
    target_ms: float
    median_ms: float
    min_ms: float
    max_ms: float
    raw_median_ms: float | None
    ratio: float | None
    meets_target: bool
    extra: dict[str, object]


# ---------------------------------------------------------------- timing helpers


def _ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


@contextmanager
def captured(engine: Engine) -> Iterator[list[Statement]]:
    """Every statement (with DBAPI parameters) the block sends to ``engine``."""
    statements: list[Statement] = []

    def listener(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def replay(engine: Engine, statements: list[Statement]) -> Callable[[], None]:
    """A function that runs ``statements`` on a bare DBAPI cursor and fetches every row."""

    def run() -> None:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            cursor.close()
            raw.rollback()
        finally:
            raw.close()

    return run


def measure(
    name: str,
    backend: str,
    target_ms: float,
    call: Callable[[], object],
    raw: Callable[[], object] | None,
    repeats: int,
    extra: dict[str, object] | None = None,
    self_timed: bool = False,
) -> Result:
    """Warm both once, then alternate service and raw runs ``repeats`` times.

    ``self_timed``: the functions return their own figure in ms (a subprocess's report).
    """
    clock = (lambda fn: fn()) if self_timed else _ms
    call()
    if raw is not None:
        raw()
    times, raw_times = [], []
    for _ in range(repeats):
        times.append(clock(call))
        if raw is not None:
            raw_times.append(clock(raw))
    med = statistics.median(times)
    raw_med = statistics.median(raw_times) if raw_times else None
    return Result(
        name=name,
        backend=backend,
        target_ms=target_ms,
        median_ms=round(med, 1),
        min_ms=round(min(times), 1),
        max_ms=round(max(times), 1),
        raw_median_ms=round(raw_med, 1) if raw_med is not None else None,
        ratio=round(med / raw_med, 2) if raw_med else None,
        meets_target=med <= target_ms,
        extra=extra or {},
    )


def measure_db(
    name: str,
    backend: str,
    target_ms: float,
    db: Database,
    call: Callable[[], object],
    repeats: int,
) -> Result:
    with captured(db.engine) as statements:
        result = call()
    rows = len(result) if isinstance(result, list) else None
    extra = {"statements": len(statements), "rows": rows}
    return measure(name, backend, target_ms, call, replay(db.engine, statements), repeats, extra)


# ---------------------------------------------------------------- the measurements


DbFigure = tuple[str, str, float, Callable[[], object]]


def db_figures(ctx: ServiceContext, anchors: dict) -> list[DbFigure]:
    """(key, name, target ms, service call) of every database figure."""
    big = uuid.UUID(anchors["big_parent_id"])
    detail = uuid.UUID(anchors["detail_dossier_id"])
    search = anchors["search"]
    page = 100  # the tree model's page size

    def open_dossier() -> list[object]:
        """What the dossier window reads when a dossier opens (``DossierDetail._load_header``):
        header, Overzicht, and the rows of the Activiteiten and Documenten tabs."""
        return [overzicht.dossier_overzicht(ctx, detail)]

    def zoek(**kwargs: str) -> Callable[[], object]:
        """The first 100 hits, as the search dialog shows them before it counts the rest."""
        vraag = zoeken.Zoekvraag(limit=100, **kwargs)
        return lambda: list(zoeken.search_dossiers(ctx, vraag, tellen=False).dossiers)

    def inhoud() -> list[object]:
        """The content search: the first 50 hits with their fragments, access-filtered."""
        return list(
            inhoud_zoeken.zoek_in_inhoud(
                ctx,
                zoeken.Zoekvraag(tekst=search.get("inhoud", generate.INHOUD_ZOEKVRAAG), limit=50),
            )
        )

    def tel(**kwargs: str) -> Callable[[], object]:
        return lambda: [zoeken.count_dossiers(ctx, zoeken.Zoekvraag(**kwargs))]

    return [
        (
            "boom",
            "boom: eerste niveau",
            100,
            lambda: dossiers.list_hoofddossiers(ctx, None, 0, page),
        ),
        (
            "uitklappen",
            "boom: 500 subdossiers uitklappen",
            50,
            lambda: dossiers.list_subdossiers(ctx, big),
        ),
        (
            "werkvoorraad",
            "werkvoorraad eerste scherm",
            100,
            lambda: werkvoorraad.list_werkvoorraad(ctx, "mij_en_groepen"),
        ),
        ("zoek_tekst", "zoeken: tekst (titel/omschrijving)", 40, zoek(tekst=search["tekst"])),
        ("zoek_relatie", "zoeken: relatienaam", 40, zoek(relatie=search["relatie"])),
        ("zoek_kenmerk", "zoeken: kenmerk-prefix", 150, zoek(kenmerk=search["kenmerk"])),
        ("zoek_inhoud", "zoeken in documenten: 50 treffers met fragment", 150, inhoud),
        (
            "tel_tekst",
            "zoeken: tellen tot 1.000 (tekst, na de hits)",
            1000,
            tel(tekst=search["tekst"]),
        ),
        (
            "tel_relatie",
            "zoeken: tellen tot 1.000 (relatie, na de hits)",
            1000,
            tel(relatie=search["relatie"]),
        ),
        ("dossier", "dossier openen (50 act., 200 doc., 30 betr.)", 100, open_dossier),
    ]


def database_figures(
    ctx: ServiceContext, db: Database, backend: str, anchors: dict, repeats: int
) -> list[Result]:
    return [
        measure_db(name, backend, target, db, call, repeats)
        for _key, name, target, call in db_figures(ctx, anchors)
    ]


def open_backend(
    backend: str, scale: float, als_eigenaar: bool = False
) -> tuple[Database, ServiceContext, dict]:
    url = generate.sqlite_url(scale) if backend == "sqlite" else generate.pg_url(scale)
    anchors = json.loads((generate.data_dir(scale) / "anchors.json").read_text())
    db = Database(url)
    db.upgrade()  # a data set built before the newest migration, as the app does at start
    if db.is_embedded or als_eigenaar:
        return db, ServiceContext.for_user(db, anchors["gebruikersnaam"]), anchors
    # the measurements run as the benchmark medewerker's own role: with the policies on
    eigenaar, db = db, als_medewerker(db, anchors["gebruikersnaam"])
    eigenaar.dispose()
    return db, ServiceContext.log_in(db, anchors["gebruikersnaam"]), anchors


def sjabloon_figure(ctx: ServiceContext, backend: str, anchors: dict, repeats: int) -> Result:
    dossier_id = uuid.UUID(anchors["big_parent_id"])
    catalogus = standaard_catalogus()
    sjabloon = catalogus.get(SJABLOON)
    store = default_store(ctx.db)  # the app's: on PostgreSQL the database itself
    context = render_context(ctx, dossier_id)

    def raw() -> None:
        template = DocxTemplate(sjabloon.pad)
        template.render(dict(context), autoescape=True)
        template.save(io.BytesIO())

    return measure(
        "sjabloon naar .docx (genereer_document)",
        backend,
        300,
        lambda: genereer_document(ctx, dossier_id, SJABLOON, catalogus=catalogus, store=store),
        raw,
        repeats,
        {"sjabloon": SJABLOON},
    )


def startup_figure(
    ctx: ServiceContext, db: Database, backend: str, env: dict[str, str], repeats: int
) -> Result:
    """Process start to the first filled screen, in a fresh offscreen process each run."""
    with captured(db.engine) as statements:
        dossiers.list_hoofddossiers(ctx, None, 0, 100)
        werkvoorraad.list_werkvoorraad(ctx, "mij_en_groepen")
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        pickle.dump(statements, f)
    env = env | {"QT_QPA_PLATFORM": "offscreen", "BENCH_FIRST_SCREEN": f.name}
    # An installed app runs from byte code (pip compiles it); an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module on every start instead.
    compileall.compile_dir(Path(igj_desktop.__file__).parent, quiet=1)
    reports: dict[bool, list[dict]] = {False: [], True: []}

    def launch(bare: bool) -> float:
        """Milliseconds from spawning the process to its first filled screen."""
        argv = [sys.executable, "-m", "bench.launch"] + (["--bare"] if bare else [])
        spawn_env = env | {"BENCH_SPAWNED_AT": repr(time.time())}
        out = subprocess.run(argv, env=spawn_env, capture_output=True, text=True, check=True)
        report = json.loads(out.stdout.strip().splitlines()[-1])
        if "error" in report:
            raise RuntimeError(f"start-up: {report}")
        reports[bare].append(report)
        return report["since_spawn_s"] * 1000

    try:
        result = measure(
            "start → boom + werkvoorraad getoond",
            backend,
            1000,  # issue 18 (round 1: 2000)
            lambda: launch(False),
            lambda: launch(True),
            repeats,
            self_timed=True,
        )
    finally:
        Path(f.name).unlink()
    app_runs = reports[False]
    result.extra = {
        "peak_rss_mb_max": round(max(r["peak_rss_mb"] for r in app_runs), 1),
        "peak_rss_target_mb": 350,
        "bare_peak_rss_mb": round(max(r["peak_rss_mb"] for r in reports[True]), 1),
        "tree_rows": app_runs[-1].get("tree_rows"),
        "werkvoorraad_rows": app_runs[-1].get("werkvoorraad_rows"),
        "cpu_ms_median": round(statistics.median(r["cpu_s"] for r in app_runs) * 1000),
        "bare_cpu_ms_median": round(statistics.median(r["cpu_s"] for r in reports[True]) * 1000),
        "login": app_runs[-1].get("login"),
        "medewerker": app_runs[-1].get("medewerker"),
    }
    result.meets_target = result.meets_target and result.extra["peak_rss_mb_max"] <= 350
    return result


def post_figure(
    ctx: ServiceContext, backend: str, anchors: dict, repeats: int, folder: Path
) -> Result:
    registratie, floor, facts = post_sync.post_runs(
        ctx, uuid.UUID(anchors["detail_dossier_id"]), folder / "post"
    )
    result = measure(
        "post: .eml van 50 MB met 20 bijlagen registreren (.msg: zie noot)",
        backend,
        3000,
        registratie,
        floor,
        repeats,
        facts,
        self_timed=True,
    )
    result.meets_target = result.meets_target and float(facts["ui_gap_ms"]) <= 50
    return result


def sync_figure(
    db: Database, ctx: ServiceContext, backend: str, anchors: dict, repeats: int, folder: Path
) -> Result:
    prepare = post_sync.sync_setup(db, ctx, folder / f"sync-{backend}")

    def push() -> float:
        run, _floor = prepare()  # the offline work itself is not timed
        return _ms(run)

    def floor() -> float:
        run, floor_ms = prepare()
        measured = floor_ms()
        run()  # untimed: the next push starts from an empty outbox again
        return measured

    return measure(
        f"sync: {post_sync.WIJZIGINGEN:,} offline wijzigingen".replace(",", "."),
        backend,
        1000,  # issue 18 (5,000 in round 1)
        push,
        floor,
        repeats,
        {"wijzigingen": post_sync.WIJZIGINGEN},
        self_timed=True,
    )


# ---------------------------------------------------------------- running


def run_backend(
    backend: str, scale: float, repeats: int, only: list[str], als_eigenaar: bool = False
) -> list[Result]:
    folder = generate.data_dir(scale)
    db, ctx, anchors = open_backend(backend, scale, als_eigenaar)
    env = os.environ | {
        "IGJ_DATABASE_URL": db.url,
        "IGJ_DATA_DIR": str(folder / f"app-{backend}"),
        "IGJ_GEBRUIKER": anchors["gebruikersnaam"],
    }
    os.environ["IGJ_DATA_DIR"] = str(folder)
    results: list[Result] = []

    def wanted(key: str) -> bool:
        return not only or key in only

    if wanted("db"):
        results += database_figures(ctx, db, backend, anchors, repeats)
    if wanted("sjabloon"):
        results += [sjabloon_figure(ctx, backend, anchors, repeats)]
    if wanted("start"):
        results += [startup_figure(ctx, db, backend, env, max(3, repeats // 2))]
    if wanted("post"):
        results += [post_figure(ctx, backend, anchors, max(3, repeats // 2), folder)]
    if wanted("sync"):
        results += [sync_figure(db, ctx, backend, anchors, max(3, repeats // 2), folder)]
    db.dispose()
    return results


def table(results: list[Result]) -> str:
    head = "| meting | db | doel ms | mediaan ms | spreiding ms | kale query ms | ratio | ok |"
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        raw = "" if r.raw_median_ms is None else f"{r.raw_median_ms:g}"
        ratio = "" if r.ratio is None else f"{r.ratio:g}×"
        ok = "ja" if r.meets_target else "**nee**"
        lines.append(
            f"| {r.name} | {r.backend} | {r.target_ms:g} | {r.median_ms:g} | "
            f"{r.min_ms:g}–{r.max_ms:g} | {raw} | {ratio} | {ok} |"
        )
    return "\n".join(lines)


ONDERDELEN = ["db", "sjabloon", "start", "post", "sync"]


def main() -> None:
    # The post figure runs a QApplication in this process; no screen is needed for it.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--only", nargs="*", default=[], choices=["db", "sjabloon", "start", "post", "sync"]
    )
    parser.add_argument(
        "--als-eigenaar",
        action="store_true",
        help="PostgreSQL as the schema owner, without row-level security (for comparison)",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    generate.ensure(args.scale, backends)
    results: list[Result] = []
    for backend in backends:
        results += run_backend(backend, args.scale, args.repeats, args.only, args.als_eigenaar)
    print(table(results))
    RESULTS_DIR.mkdir(exist_ok=True)
    built = {b: json.loads(generate.marker(args.scale, b).read_text()) for b in backends}
    payload = {
        "scale": args.scale,
        "repeats": args.repeats,
        "als_eigenaar": args.als_eigenaar,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data_set": built,
        "results": [asdict(r) for r in results],
    }
    _write(RESULTS_DIR / "latest.json", payload)
    _write(
        RESULTS_DIR / f"scale-{args.scale:g}.json",
        _merged(RESULTS_DIR / f"scale-{args.scale:g}.json", payload),
    )


def _merged(path: Path, payload: dict) -> dict:
    """The scale's file keeps the figures of an earlier run that this one did not measure
    (another backend, or ``--only`` another part); ``bench.groei`` compares scales from it."""
    if not path.exists():
        return payload
    earlier = json.loads(path.read_text())
    measured = {(r["name"], r["backend"]) for r in payload["results"]}
    kept = [r for r in earlier["results"] if (r["name"], r["backend"]) not in measured]
    return payload | {
        "data_set": earlier.get("data_set", {}) | payload["data_set"],
        "results": kept + payload["results"],
    }


def _write(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    tmp.replace(path)


if __name__ == "__main__":
    main()
