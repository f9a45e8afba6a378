"""Start the app offscreen, wait until the tree's first level and the werkvoorraad are filled,
print one JSON line (seconds since interpreter start, peak RSS) and quit.

    IGJ_DATABASE_URL=… IGJ_DATA_DIR=… IGJ_GEBRUIKER=… python -m bench.launch [--bare]

The window is the real one (``igj_desktop.app.create_main_window``), so the figure covers
imports, login, the main window and both background loads. ``--bare`` is the floor it is
compared with: a plain QMainWindow and the same two first-screen queries run as raw SQL.
The figure is taken from the parent's spawn time to the moment both are filled, so it
includes interpreter start-up but not the process's shutdown.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
TIMEOUT_S = 60.0


def _peak_rss_mb() -> float:
    """This process's own peak memory: Linux's ``VmHWM``. ``ru_maxrss`` keeps the parent's
    peak across ``fork``/``exec`` (the bench's process had reached 800 MB by then)."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(extra: dict[str, object]) -> None:
    """``since_spawn_s``: from the parent's ``BENCH_SPAWNED_AT`` (wall clock) to now."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spawned = float(os.environ.get("BENCH_SPAWNED_AT", "nan"))
    report = {
        "seconds": time.perf_counter() - STARTED,
        "since_spawn_s": time.time() - spawned,
        "peak_rss_mb": _peak_rss_mb(),
        # the process's CPU (all threads): on a shared machine steadier than the wall clock
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }
    print(json.dumps(report | extra))
    sys.stdout.flush()


def run_app() -> int:
    # as the app's entry points do (packaging/start.py, igj_desktop/__main__.py)
    from igj_desktop import startgc

    startgc.uit()
    from PySide6.QtCore import QTimer
    from sqlalchemy.engine import make_url

    from igj_desktop.app import application, create_main_window
    from igj_desktop.config import Settings
    from igj_desktop.db import Database

    settings = Settings.from_environment()
    app = application()
    window = create_main_window(settings, Database(settings.database_url))
    if window is None:
        return 1
    window.show()

    def check() -> None:
        if time.perf_counter() - STARTED > TIMEOUT_S:
            _report({"error": "timeout"})
            app.exit(2)
        elif not window.is_loading() and window.tree_model.rowCount() > 0:
            _report(
                {
                    "tree_rows": window.tree_model.rowCount(),
                    "werkvoorraad_rows": window.werkvoorraad.model.rowCount(),
                    # who the window runs as: on PostgreSQL the medewerker's own login role
                    "login": make_url(settings.database_url).username,
                    "medewerker": window.ctx.actor.gebruikersnaam,
                }
            )
            app.exit(0)

    timer = QTimer(app)
    timer.timeout.connect(check)
    timer.start(5)
    return app.exec()


def run_bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow
    from sqlalchemy import create_engine

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.show()
    engine = create_engine(os.environ["IGJ_DATABASE_URL"])
    with engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        with open(os.environ["BENCH_FIRST_SCREEN"], "rb") as f:
            statements = pickle.load(f)
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    app.processEvents()
    _report({})
    return 0


if __name__ == "__main__":
    sys.exit(run_bare() if "--bare" in sys.argv else run_app())
