"""``igj-desktop --zelftest``: does this build work, seen from inside the running program?

For the frozen bundle (PyInstaller) a test from outside can only see files; this starts the
real app on the given database, shows the main window and prints one JSON line with what a
beheerder would check by hand: how many workflows and sjablonen were loaded, which schema
the database reached, whether Qt's Dutch translations came along and whether the main
window appeared. Hidden from ``--help``: it is for the build pipeline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from igj_desktop.config import Settings
from igj_desktop.db import HEAD, Database


def zelftest(settings: Settings, database: Database) -> int:
    """Print the JSON report; exit code 0 only when everything is there."""
    from PySide6.QtCore import QLibraryInfo

    from igj_desktop.app import application, create_main_window
    from igj_desktop.services.documenten.sjablonen import SjabloonCatalogus
    from igj_desktop.workflows.definitions import catalogus

    app = application()
    venster = create_main_window(settings, database)
    getoond = False
    if venster is not None:
        venster.show()
        app.processEvents()
        getoond = venster.isVisible()
        venster.close()
    sjablonen = SjabloonCatalogus.laad()
    vertalingen = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    uitslag = {
        "bevroren": bool(getattr(sys, "frozen", False)),
        "workflows": len(catalogus().workflows),
        "sjablonen": len(sjablonen.sjablonen) - len(sjablonen.problemen),
        "schema": database.revision(),
        "schema_nieuwste": HEAD,
        "qt_nl": (Path(vertalingen) / "qtbase_nl.qm").is_file(),
        "hoofdvenster": getoond,
    }
    print(json.dumps(uitslag), flush=True)
    goed = (
        uitslag["workflows"] > 0
        and uitslag["sjablonen"] > 0
        and uitslag["schema"] == HEAD
        and uitslag["qt_nl"]
        and getoond
    )
    return 0 if goed else 1
