"""Command line: ``igj-desktop`` starts the window; ``db upgrade`` and ``demo`` manage the data;
``audit controleer`` verifies the shared database's audit chain; ``documenten overzetten``
moves an old share's document bytes into the shared database; ``zoekindex bijwerken`` makes
the text of every stored document searchable (resumable)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from igj_desktop import startgc
from igj_desktop.config import InstellingenFout, Settings
from igj_desktop.db import Database
from igj_desktop.services.beheer.opstart import OpstartFout, datamap_fout, open_database

if TYPE_CHECKING:
    from igj_desktop.enkele_instantie import EnkeleInstantie


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="igj-desktop", description="IGJ Desktop zaaksysteem")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="vul een lege database eerst met demogegevens en start dan",
    )
    # the build pipeline's check of a (frozen) bundle, see igj_desktop/zelftest.py
    parser.add_argument("--zelftest", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command")
    db = commands.add_parser("db", help="databasebeheer")
    db.add_argument(
        "actie",
        choices=["upgrade", "opruimen"],
        help="upgrade: schema bijwerken; opruimen: wat een vastgelopen opslag achterliet "
        "uit de documentopslag verwijderen",
    )
    commands.add_parser("demo", help="vul een lege database met demogegevens")
    audit = commands.add_parser("audit", help="audittrail van de gedeelde database")
    audit.add_argument(
        "actie", choices=["controleer"], help="controleer: de hashketen nalopen (als eigenaar)"
    )
    documenten = commands.add_parser("documenten", help="documentinhoud van de gedeelde database")
    documenten.add_argument(
        "actie",
        choices=["overzetten"],
        help="overzetten: inhoud van de oude netwerkmap naar de database",
    )
    documenten.add_argument("map", help="de documentenmap (IGJ_DOCUMENTEN_DIR) van vroeger")
    zoekindex = commands.add_parser("zoekindex", help="zoeken in documenten en mail")
    zoekindex.add_argument(
        "actie",
        choices=["bijwerken"],
        help="bijwerken: de tekst van alle nog niet doorzochte documentversies opnemen "
        "(onderbreken met Ctrl+C; een volgende keer gaat verder waar het stopte)",
    )
    return parser


def _zet_documenten_over(database: Database, map_: str) -> int:
    from pathlib import Path

    from igj_desktop.integrations.document_store import FileDocumentStore, move_share_into_database

    if database.is_embedded:
        print(
            "De ingebouwde database bewaart documenten in de datamap; er is niets over te zetten.",
            file=sys.stderr,
        )
        return 2
    gekopieerd, ontbrekend = move_share_into_database(FileDocumentStore(Path(map_)), database)
    print(f"{gekopieerd} bestanden overgezet naar de database.")
    if ontbrekend:
        print(
            f"{len(ontbrekend)} bestanden ontbreken of zijn beschadigd in {map_}: "
            + ", ".join(sha[:12] for sha in ontbrekend[:20]),
            file=sys.stderr,
        )
        return 1
    return 0


def _opstartfout(args: argparse.Namespace, fout: OpstartFout) -> int:
    """Say why the app cannot start: on the command line, or in a dialog before any window."""
    if args.command is not None:
        print(f"{fout.titel}: {fout.message}", file=sys.stderr)
        return 1
    from igj_desktop.app import application
    from igj_desktop.views.gemeenschappelijk.dialogs import dialogs

    application()
    dialogs.error(None, fout.titel, fout.message)
    return 1


def open_or_explain(args: argparse.Namespace, settings: Settings) -> Database | None:
    """The database to start on; None once the user was told why there is none. A damaged
    embedded database with an automatic back-up: the window's user may put that back."""
    migreren = args.command == "db" and args.actie == "upgrade"
    try:
        return open_database(settings, migreren=migreren)
    except OpstartFout as fout:
        if args.command is None and fout.backup is not None and _terugzetten(fout):
            from igj_desktop.services.beheer.backup import zet_terug

            pad = Path(str(make_url(settings.database_url).database))
            zet_terug(fout.backup, pad, datetime.now(UTC))
            try:
                return open_database(settings, migreren=migreren)
            except OpstartFout as opnieuw:
                fout = opnieuw
        _opstartfout(args, fout)
        return None


def _terugzetten(fout: OpstartFout) -> bool:
    from igj_desktop.app import application
    from igj_desktop.views.gemeenschappelijk.dialogs import dialogs

    assert fout.backup is not None
    application()
    return dialogs.confirm(
        None,
        fout.titel,
        f"{fout.message}\n\n{fout.backup.tekst} nu terugzetten? Het beschadigde bestand blijft "
        "apart bewaard; wat na de back-up is vastgelegd, ontbreekt daarna.",
        ja="Back-up terugzetten",
        nee="Afsluiten",
    )


def _opruimen(settings: Settings, database: Database) -> int:
    from igj_desktop.integrations.document_store import FileDocumentStore
    from igj_desktop.services.base import ServiceContext
    from igj_desktop.services.beheer.opruimen import opruimen
    from igj_desktop.services.errors import ServiceError

    if not database.is_embedded:  # a shared database removes bytes with their last version
        print("De gedeelde database beheert de documentinhoud zelf; er is niets op te ruimen.")
        return 0
    try:
        ctx = ServiceContext.log_in(database, settings.gebruikersnaam)
        print(opruimen(ctx, FileDocumentStore.default()).tekst)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    return 0


def _controleer_audit(database: Database) -> int:
    from igj_desktop.services.audit import controleer_keten
    from igj_desktop.services.errors import ServiceError

    try:
        uitkomst = controleer_keten(database)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if uitkomst.in_orde:
        print(f"Audittrail in orde: {uitkomst.gecontroleerd} schakels gecontroleerd.")
        return 0
    print(
        f"Audittrail gebroken bij volgnummer {uitkomst.eerste_breuk}: {uitkomst.reden} "
        f"({uitkomst.gecontroleerd} schakels ervoor zijn in orde).",
        file=sys.stderr,
    )
    return 1


def _als_demogebruiker(database: Database, gebruikersnaam: str) -> Database | None:
    from igj_desktop.services.beheer.loginrol import als_medewerker
    from igj_desktop.services.errors import ServiceError

    try:
        return als_medewerker(database, gebruikersnaam.strip().lower())
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return None
    finally:
        database.dispose()


def _zoekindex_bijwerken(database: Database) -> int:
    from igj_desktop.integrations.document_store import default_store
    from igj_desktop.services.documenten.zoekindex import Voortgang, bijwerken

    def meld(stand: Voortgang) -> None:
        print(f"\r{stand.gedaan} van {stand.totaal} versies doorzocht", end="", flush=True)

    try:
        stand = bijwerken(database, default_store(database), voortgang=meld)
    except KeyboardInterrupt:
        print("\nOnderbroken; de volgende keer gaat het verder waar het stopte.")
        return 130
    print(f"\nZoekindex bijgewerkt: {stand.gedaan} versies.")
    if stand.overgeslagen:
        print(
            f"{stand.overgeslagen} versies overgeslagen (inhoud nu niet bereikbaar of geen "
            "rechten); voer het later opnieuw uit.",
            file=sys.stderr,
        )
        return 1
    return 0


def _onvolledig() -> OpstartFout | None:
    """A refusal when a shipped data file is missing (services/beheer/meegeleverd.py)."""
    from igj_desktop.services.beheer.meegeleverd import (
        Meegeleverd,
        installatiemap,
        melding_ontbrekend,
    )

    weg = Meegeleverd.standaard().ontbrekend()
    if not weg:
        return None
    return OpstartFout("Installatie onvolledig", melding_ontbrekend(weg, installatiemap()))


def _venster(args: argparse.Namespace, settings: Settings) -> int:
    """The window's start: a log file and the crash handler while it runs, and one instance
    per user (a second start brings the first window forward and ends). Nothing of this
    outlives the call."""
    startgc.uit()  # until the main window is built (igj_desktop/startgc.py)
    from igj_desktop.app import application
    from igj_desktop.enkele_instantie import EnkeleInstantie, servernaam
    from igj_desktop.logboek import Crashvanger, start_logboek, stop_logboek, toon_crashdialoog

    # the build pipeline's self-test has nobody to click a dialog away: it says it on stderr
    melder = _crash_op_stderr if args.zelftest else toon_crashdialoog
    vanger = Crashvanger(start_logboek(), melder)
    vanger.installeer()
    instantie = EnkeleInstantie(servernaam(settings), application())
    try:
        if not args.zelftest and not instantie.probeer():
            return 0
        return _uitvoeren(args, settings, instantie)
    finally:
        instantie.sluit()
        instantie.deleteLater()
        vanger.verwijder()
        stop_logboek()
        startgc.aan()  # when no window was built (a second start, a refusal)


def _crash_op_stderr(pad: Path) -> None:
    print(f"Onverwachte fout; zie het logbestand {pad}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_environment()
    except OSError as exc:  # the data folder cannot even be made
        return _opstartfout(args, datamap_fout(Path(exc.filename or "")))
    except InstellingenFout as exc:
        return _opstartfout(args, OpstartFout(exc.titel, exc.message))
    fout = _onvolledig()
    if fout is not None:
        return _opstartfout(args, fout)
    if args.command is None:
        return _venster(args, settings)
    startgc.aan()  # a command may run long: its garbage is collected (packaging/start.py)
    return _uitvoeren(args, settings, None)


def _uitvoeren(
    args: argparse.Namespace, settings: Settings, instantie: EnkeleInstantie | None
) -> int:
    """Open the database and do what the command line asked (the window without one)."""
    database = open_or_explain(args, settings)
    if database is None:
        return 1
    if args.command == "db" and args.actie == "opruimen":
        return _opruimen(settings, database)
    if args.command == "db":
        from igj_desktop.services.workflows.catalogus import sync_dossiertypes

        with database.session() as session, session.begin():  # the catalog, as the owner
            sync_dossiertypes(session)
        print(f"Schema en catalogus bijgewerkt: {database.description}")
        return 0
    if args.command == "audit":
        return _controleer_audit(database)
    if args.command == "documenten":
        return _zet_documenten_over(database, args.map)
    if args.command == "zoekindex":
        return _zoekindex_bijwerken(database)
    if args.command == "demo" or args.demo:
        startgc.aan()  # filling makes garbage, which must not be frozen with the start's
        from igj_desktop.services.beheer.demo import fill_demo

        created = fill_demo(database, settings.gebruikersnaam)
        print("Demogegevens aangemaakt." if created else "Database bevat al gegevens.")
        if args.command == "demo":
            return 0
        if not database.is_embedded:  # filled as the owner; the window works as a medewerker
            database = _als_demogebruiker(database, settings.gebruikersnaam)
            if database is None:
                return 1
    if args.zelftest:
        from igj_desktop.zelftest import zelftest

        return zelftest(settings, database)
    from igj_desktop.app import run

    return run(settings, database, instantie)


if __name__ == "__main__":
    sys.exit(main())
