"""Document bytes to PostgreSQL as they are: binary, and without a copy while the GIL is held.

psycopg's C dumper for ``bytes`` first copies the value into a buffer of its own, holding
the GIL: 25 ms for a 50 MB mail, up to 300 ms while that memory is still fresh, and the
window stood still for as long (the longest UI-thread gap while registering it). This
dumper hands libpq the very object; libpq copies it without the GIL. The value still
travels in binary format (no hex escaping). Part of the foundation (``db`` uses it for every
PostgreSQL connection), so it imports nothing of the app.
"""

from __future__ import annotations

from psycopg import postgres
from psycopg.abc import Buffer
from psycopg.adapt import Dumper
from psycopg.pq import Format


class BytesZonderKopie(Dumper):
    """A class of our own: psycopg swaps its own pure-Python dumpers for their C versions."""

    format = Format.BINARY
    oid = postgres.types["bytea"].oid

    def dump(self, obj: Buffer) -> Buffer:
        return obj
