"""The load run's statistics: nearest-rank percentiles, per-operation lines, the table."""

from __future__ import annotations

import pytest

from bench.load import check_loopback
from bench.load_stats import CONFLICT, ERROR, Sample, percentiel, regels, tabel


def test_percentile_is_a_value_that_occurred_nearest_rank() -> None:
    waarden = [float(v) for v in range(1, 101)]  # 1..100
    assert percentiel(waarden, 50) == 50
    assert percentiel(waarden, 95) == 95
    assert percentiel(waarden, 99) == 99
    assert percentiel(waarden, 100) == 100
    assert percentiel([7.0, 1.0, 3.0], 50) == 3.0  # unsorted input
    assert percentiel([4.0], 99) == 4.0
    with pytest.raises(ValueError):
        percentiel([], 50)
    with pytest.raises(ValueError):
        percentiel([1.0], 0)


def test_lines_per_operation_with_conflicts_errors_and_throughput() -> None:
    samples = [Sample("zoeken", i, float(i + 1)) for i in range(20)]  # 1..20 ms
    samples += [
        Sample("dossier aanmaken", 1, 50.0),
        Sample("dossier aanmaken", 2, 70.0, CONFLICT, "gewijzigd door een ander"),
        Sample("dossier aanmaken", 3, 9999.0, ERROR, "OperationalError"),
    ]
    rijen = {r.operatie: r for r in regels(samples, duur_s=60)}
    zoeken = rijen["zoeken"]
    assert (zoeken.aantal, zoeken.per_minuut, zoeken.p50_ms, zoeken.p95_ms) == (20, 20, 10, 19)
    assert (zoeken.conflicten, zoeken.fouten, zoeken.max_ms) == (0, 0, 20)
    aanmaken = rijen["dossier aanmaken"]
    # the failed run counts as an error, not in the timings; the conflict does take time
    assert (aanmaken.aantal, aanmaken.per_minuut, aanmaken.max_ms) == (3, 1, 70)
    assert (aanmaken.conflicten, aanmaken.fouten) == (1, 1)
    totaal = rijen["totaal"]
    assert (totaal.aantal, totaal.conflicten, totaal.fouten) == (23, 1, 1)
    assert list(rijen) == ["dossier aanmaken", "zoeken", "totaal"]


def test_table_marks_a_missed_target_or_any_error() -> None:
    samples = [Sample("werkvoorraad", 0, 100.0), Sample("zoeken", 0, 400.0)]
    samples.append(Sample("post registreren", 0, 10.0, ERROR, "kapot"))
    tekst = tabel(regels(samples, 10), doel_p95_ms=300)
    regel = {r.split(" | ")[0].lstrip("| "): r for r in tekst.splitlines()[2:]}
    assert regel["werkvoorraad"].endswith("| ja |")
    assert regel["zoeken"].endswith("| **nee** |")
    assert regel["post registreren"].endswith("| **nee** |")


def test_load_runs_only_against_this_machine() -> None:
    for url in (
        "postgresql+psycopg://postgres@127.0.0.1:5432/x",
        "postgresql+psycopg://postgres@localhost/x",
        "postgresql+psycopg://postgres@[::1]:5432/x",
    ):
        check_loopback(url)
    with pytest.raises(SystemExit):
        check_loopback("postgresql+psycopg://postgres@db.igj.example:5432/x")
    with pytest.raises(SystemExit):
        check_loopback("postgresql+psycopg://postgres@10.0.0.5/x")
