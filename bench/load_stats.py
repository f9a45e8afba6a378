"""The load run's report: per operation how often, how fast (p50/p95/p99), conflicts, errors."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OK, CONFLICT, ERROR = "ok", "conflict", "error"


@dataclass(frozen=True)
class Sample:
    """One operation of one client: its name, when it started (s), how long it took (ms)."""

    operatie: str
    start_s: float
    ms: float
    uitkomst: str = OK
    melding: str = ""


def percentiel(waarden: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by the nearest-rank method: a value that occurred.

    Nearest rank says "p % of the operations took at most this long", without
    interpolating between two runs into a duration nobody saw."""
    if not waarden:
        raise ValueError("no values")
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    geordend = sorted(waarden)
    return geordend[max(0, math.ceil(p / 100 * len(geordend)) - 1)]


@dataclass(frozen=True)
class Regel:
    operatie: str
    aantal: int
    per_minuut: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    conflicten: int
    fouten: int


def regels(samples: Iterable[Sample], duur_s: float) -> list[Regel]:
    """One line per operation, in name order, plus ``totaal``. Percentiles are over every
    finished run (a conflict takes time too); a run that failed counts only as an error."""
    per_op: dict[str, list[Sample]] = {}
    for s in samples:
        per_op.setdefault(s.operatie, []).append(s)
    alles = [s for lijst in per_op.values() for s in lijst]
    uit = [_regel(naam, per_op[naam], duur_s) for naam in sorted(per_op)]
    if alles:
        uit.append(_regel("totaal", alles, duur_s))
    return uit


def _regel(naam: str, samples: list[Sample], duur_s: float) -> Regel:
    tijden = [s.ms for s in samples if s.uitkomst != ERROR] or [math.nan]
    gedaan = sum(1 for s in samples if s.uitkomst == OK)
    return Regel(
        operatie=naam,
        aantal=len(samples),
        per_minuut=round(gedaan / duur_s * 60, 1) if duur_s > 0 else 0.0,
        p50_ms=round(percentiel(tijden, 50), 1),
        p95_ms=round(percentiel(tijden, 95), 1),
        p99_ms=round(percentiel(tijden, 99), 1),
        max_ms=round(max(tijden), 1),
        conflicten=sum(1 for s in samples if s.uitkomst == CONFLICT),
        fouten=sum(1 for s in samples if s.uitkomst == ERROR),
    )


def tabel(rijen: list[Regel], doel_p95_ms: float) -> str:
    kop = (
        "| operatie | aantal | per minuut | p50 ms | p95 ms | p99 ms | max ms | conflicten "
        "| fouten | p95 ≤ doel |"
    )
    uit = [kop, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rijen:
        ok = "ja" if r.p95_ms <= doel_p95_ms and r.fouten == 0 else "**nee**"
        uit.append(
            f"| {r.operatie} | {r.aantal} | {r.per_minuut:g} | {r.p50_ms:g} | {r.p95_ms:g} | "
            f"{r.p99_ms:g} | {r.max_ms:g} | {r.conflicten} | {r.fouten} | {ok} |"
        )
    return "\n".join(uit)
