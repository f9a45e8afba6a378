"""Run as a child process under a file-size limit (RLIMIT_FSIZE, no root needed): stores a
document through the real service and document store, prints the Dutch message it got.

``python -m tests.integration.schijfgrens URL GEBRUIKER DOSSIER_ID STORE BRON``
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import ServiceError


def main(url: str, gebruiker: str, dossier_id: str, store: str, bron: str) -> int:
    database = Database(url)
    ctx = ServiceContext.for_user(database, gebruiker)
    try:
        documenten.add_document(
            ctx,
            [uuid.UUID(dossier_id)],
            "groot.pdf",
            Path(bron),
            store=FileDocumentStore(Path(store)),
        )
    except ServiceError as fout:
        print(fout.message)
        return 0
    finally:
        database.dispose()
    print("opgeslagen")
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
