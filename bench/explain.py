"""Show the plans of the SQL behind one database figure (the profile for a missed target).

    python -m bench.explain --scale 1 --backend postgresql zoek_tekst

PostgreSQL: ``EXPLAIN (ANALYZE, BUFFERS)``; SQLite: ``EXPLAIN QUERY PLAN`` plus the time of
each statement, so the slow statement and its plan are side by side.
"""

from __future__ import annotations

import argparse
import time

from .__main__ import captured, db_figures, open_backend


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("figure", help="key of a database figure, e.g. zoek_tekst")
    args = parser.parse_args()
    db, ctx, anchors = open_backend(args.backend, args.scale)
    figures = {key: call for key, _name, _target, call in db_figures(ctx, anchors)}
    with captured(db.engine) as statements:
        figures[args.figure]()
    postgres = args.backend == "postgresql"
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    for sql, params in statements:
        t0 = time.perf_counter()
        cursor.execute(sql, params)
        if cursor.description is not None:
            cursor.fetchall()
        ms = (time.perf_counter() - t0) * 1000
        print(f"---- {ms:.1f} ms\n{sql}\n")
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        cursor.execute(prefix + sql, params)
        for row in cursor.fetchall():
            print("   ", row[0] if postgres else " | ".join(str(c) for c in row[1:]))
    raw.rollback()
    raw.close()


if __name__ == "__main__":
    main()
