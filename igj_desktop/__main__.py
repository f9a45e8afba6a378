"""Command line: ``igj-desktop`` starts the window; ``db upgrade`` and ``demo`` manage the data."""

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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_environment()
    database = Database(settings.database_url)
    database.upgrade()
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
