"""Command line: ``igj-desktop`` starts the window; ``db upgrade`` and ``demo`` manage the data;
``audit controleer`` verifies the shared database's audit chain."""

from __future__ import annotations

import argparse
import sys

from igj_desktop.config import Settings
from igj_desktop.db import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="igj-desktop", description="IGJ Desktop zaaksysteem")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="vul een lege database eerst met demogegevens en start dan",
    )
    commands = parser.add_subparsers(dest="command")
    db = commands.add_parser("db", help="databasebeheer")
    db.add_argument("actie", choices=["upgrade"], help="upgrade: schema bijwerken")
    commands.add_parser("demo", help="vul een lege database met demogegevens")
    audit = commands.add_parser("audit", help="audittrail van de gedeelde database")
    audit.add_argument(
        "actie", choices=["controleer"], help="controleer: de hashketen nalopen (als eigenaar)"
    )
    return parser


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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_environment()
    database = Database(settings.database_url)
    database.upgrade()
    if args.command == "db":
        print(f"Schema bijgewerkt: {database.description}")
        return 0
    if args.command == "audit":
        return _controleer_audit(database)
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
