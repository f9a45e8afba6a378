"""Start-up of the window: Qt application, look, the logged-in medewerker and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QSettings, QTranslator
from PySide6.QtWidgets import QApplication
from sqlalchemy.exc import DBAPIError

from igj_desktop import startgc
from igj_desktop.config import APP_AUTHOR, APP_NAME, Settings
from igj_desktop.db import Database
from igj_desktop.enkele_instantie import EnkeleInstantie, breng_naar_voren
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import melding
from igj_desktop.services.workflows.catalogus import sync_dossiertypes
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.style import apply_style
from igj_desktop.views.gemeenschappelijk.toegankelijkheid import Toegankelijkheid
from igj_desktop.views.hoofdvenster import werkbank_extra
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.workflows.bewaartermijn import dossiertypes
from igj_desktop.workflows.definitions import CatalogusFout
from igj_desktop.workflows.termijnen import GelijkstellingFout, gelijkstellingen


def application() -> QApplication:
    """The one QApplication, created on first use with our name and look."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationDisplayName(APP_NAME)
    if not app.property("igjStijl"):  # once: restyling every widget again helps nobody
        apply_style(app)
        _qt_in_het_nederlands(app)
        app.setProperty("igjStijl", True)
    Toegankelijkheid.installeer(app)
    return app


def _qt_in_het_nederlands(app: QApplication) -> None:
    """Qt's own texts (standard buttons, file dialogs, context menus) in Dutch."""
    vertaler = QTranslator(app)
    if vertaler.load("qtbase_nl", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(vertaler)


def window_settings(settings: Settings) -> QSettings:
    """Window state lives in an INI file in the data folder: per user, never the registry."""
    return QSettings(str(settings.data_dir / "venster.ini"), QSettings.Format.IniFormat)


def login(settings: Settings, database: Database) -> ServiceContext | None:
    """Map the database login (shared) or the OS user (embedded) to a medewerker; explain in
    Dutch when that is impossible."""
    try:
        return ServiceContext.log_in(database, settings.gebruikersnaam)
    except ServiceError as exc:
        dialogs.error(None, "Aanmelden niet mogelijk", f"{exc.message}\n\n{database.description}")
        return None


def check_catalog(database: Database) -> bool:
    """Validate the workflow catalog and bring its dossiertypes into the embedded database.

    A broken catalog is a deployment error: say which definitions are wrong and do not start,
    rather than fail halfway through an inspecteur's work."""
    try:
        if database.is_embedded and not database.alleen_lezen:
            with database.session() as session, session.begin():
                sync_dossiertypes(session)
        else:  # a medewerker's role (or read-only mode) may not write the catalog
            dossiertypes()
    except CatalogusFout as exc:
        dialogs.error(
            None, "Workflowcatalogus onjuist", f"{exc.message}\n\nMeld dit bij de beheerder."
        )
        return False
    except (DBAPIError, OSError) as exc:  # the database failed right after it was opened
        dialogs.error(None, "Database niet te gebruiken", melding(exc))
        return False
    try:
        gelijkstellingen()
    except GelijkstellingFout as exc:
        dialogs.error(
            None, "Termijnkalender onjuist", f"{exc.message}\n\nMeld dit bij de beheerder."
        )
        return False
    return True


def create_main_window(settings: Settings, database: Database) -> MainWindow | None:
    """The main window for the logged-in user, or None when it cannot start (said why)."""
    try:
        return _main_window(settings, database)
    finally:
        startgc.aan()  # the collector, off since the start (igj_desktop/startgc.py)


def _main_window(settings: Settings, database: Database) -> MainWindow | None:
    app = application()
    if not check_catalog(database):
        return None
    ctx = login(settings, database)
    if ctx is None:
        return None
    with Toegankelijkheid.gepauzeerd(app):  # until the window is shown
        window = MainWindow(ctx, window_settings(settings))
        window.extras = werkbank_extra.install(window, settings.data_dir)
        _bezoek(window, settings)
    return window


def _bezoek(window: MainWindow, settings: Settings) -> None:
    """Offline visits need a shared database to leave; the embedded one gets the disabled
    Bezoek menu only (imported by branch: neither needs the other's modules)."""
    if not window.ctx.db.is_embedded:
        from igj_desktop.views.offline.werkbank_offline import WerkbankOffline

        window.extras.append(WerkbankOffline(window, settings))
    else:
        from igj_desktop.views.offline.zonder_gedeelde_database import (
            install_zonder_gedeelde_database,
        )

        window.extras.extend(install_zonder_gedeelde_database(window))


def run(settings: Settings, database: Database, instantie: EnkeleInstantie | None = None) -> int:
    """Show the main window until it closes; ``instantie`` brings it forward on a second
    start (see igj_desktop/enkele_instantie.py)."""
    app = application()
    window = create_main_window(settings, database)
    if window is None:
        return 1
    if instantie is not None:
        instantie.activeer.connect(lambda: breng_naar_voren(window))
    window.show()
    return app.exec()
