"""Where the real .msg and .eml files made by other software live: ``tests/fixtures/mail``,
inside the repository, so that a fresh clone with nothing beside it passes its own tests
(sources and licences: ``tests/fixtures/mail/README.md``)."""

from __future__ import annotations

from pathlib import Path

TESTDATA = Path(__file__).resolve().parent / "fixtures" / "mail"
