"""The growth table: figures side by side and the logarithmic bound per figure."""

from __future__ import annotations

import math

from bench.groei import MARGE, Meting, groei_tabel, log_grens


def _meting(scale: float, rijen: int, tree: float, search: float) -> Meting:
    figuren = {("boom", "postgresql"): tree, ("zoeken", "postgresql"): search}
    if scale < 1:
        figuren[("alleen klein", "x")] = 1.0
    return Meting(scale, rijen, figuren)


def test_log_bound_is_the_ratio_of_the_logarithms() -> None:
    assert log_grens(1_000, 1_000_000) == 2.0
    assert math.isclose(log_grens(1_370_000, 13_700_000), math.log(13.7e6) / math.log(1.37e6))


def test_table_flags_a_figure_that_grows_faster_than_log() -> None:
    tabel = groei_tabel(
        [_meting(1, 1_000_000, 20, 30), _meting(0.1, 1_000, 10, 3)]  # any order
    )
    regels = tabel.splitlines()
    assert "schaal 0.1" in regels[0].split("schaal 1 ")[0]  # smallest scale first
    boom = next(r for r in regels if r.startswith("| boom |"))
    zoeken = next(r for r in regels if r.startswith("| zoeken |"))
    # boom doubles (2.0×) against a bound of 2.0× (within the margin); zoeken grows 10×
    assert "| 10 | 20 | 2.00× | 2.00× | ja |" in boom
    assert "| 3 | 30 | 10.00× | 2.00× | **nee** |" in zoeken
    assert "alleen klein" not in tabel  # only figures measured at every scale
    assert MARGE >= 1


def test_meting_from_a_results_file() -> None:
    data = {
        "scale": 0.3,
        "data_set": {"sqlite": {"rows": 4_000_000}, "postgresql": {"rows": 4_100_000}},
        "results": [{"name": "boom", "backend": "sqlite", "median_ms": 12.5}],
    }
    meting = Meting.uit_json(data)
    assert (meting.scale, meting.rijen) == (0.3, 4_100_000)
    assert meting.figuren == {("boom", "sqlite"): 12.5}
