"""Command line: ``igj-desktop`` starts the window; ``db upgrade`` and ``demo`` manage the data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.services.opstart import OpstartFout, datamap_fout, open_database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="igj-desktop", description="IGJ Desktop zaaksysteem")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="vul een lege database eerst met demogegevens en start dan",
    )
    commands = parser.add_subparsers(dest="command")
    db = commands.add_parser("db", help="databasebeheer")
    db.add_argument(
        "actie",
        choices=["upgrade", "opruimen"],
        help="upgrade: schema bijwerken; opruimen: wat een vastgelopen opslag achterliet "
        "uit de documentopslag verwijderen",
    )
    commands.add_parser("demo", help="vul een lege database met demogegevens")
    return parser


def _opstartfout(args: argparse.Namespace, fout: OpstartFout) -> int:
    """Say why the app cannot start: on the command line, or in a dialog before any window."""
    if args.command is not None:
        print(f"{fout.titel}: {fout.message}", file=sys.stderr)
        return 1
    from igj_desktop.app import application
    from igj_desktop.views.dialogs import dialogs

    application()
    dialogs.error(None, fout.titel, fout.message)
    return 1


def _opruimen(settings: Settings, database: Database) -> int:
    from igj_desktop.integrations.document_store import FileDocumentStore
    from igj_desktop.services.base import ServiceContext
    from igj_desktop.services.errors import ServiceError
    from igj_desktop.services.opruimen import opruimen

    try:
        ctx = ServiceContext.for_user(database, settings.gebruikersnaam)
        print(opruimen(ctx, FileDocumentStore.default()).tekst)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_environment()
    except OSError as exc:  # the data folder cannot even be made
        return _opstartfout(args, datamap_fout(Path(exc.filename or "")))
    try:
        database = open_database(settings)
    except OpstartFout as fout:
        return _opstartfout(args, fout)
    if args.command == "db" and args.actie == "opruimen":
        return _opruimen(settings, database)
    if args.command == "db":
        print(f"Schema bijgewerkt: {database.description}")
        return 0
    if args.command == "demo" or args.demo:
        from igj_desktop.services.demo import fill_demo

        created = fill_demo(database, settings.gebruikersnaam)
        print("Demogegevens aangemaakt." if created else "Database bevat al gegevens.")
        if args.command == "demo":
            return 0
    from igj_desktop.app import run

    return run(settings, database)


if __name__ == "__main__":
    sys.exit(main())
