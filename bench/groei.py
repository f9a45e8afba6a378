"""Each figure at several scales side by side, and whether it grows faster than log(size).

    python -m bench.groei [results/scale-0.1.json results/scale-0.3.json results/scale-1.json]

A figure that rests on an index should grow with the logarithm of the data size at most: from
N₀ rows to N rows by at most log(N)/log(N₀). The check allows ``MARGE`` on top for the noise
of a shared machine and says which figures exceed it; the README's note says why.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .__main__ import RESULTS_DIR

MARGE = 1.25


@dataclass(frozen=True)
class Meting:
    """One result file: its scale, its data set's rows, its figures by (name, backend)."""

    scale: float
    rijen: int
    figuren: dict[tuple[str, str], float]

    @classmethod
    def uit_json(cls, data: dict) -> Meting:
        rijen = max(int(d["rows"]) for d in data["data_set"].values())
        figuren = {(r["name"], r["backend"]): float(r["median_ms"]) for r in data["results"]}
        return cls(float(data["scale"]), rijen, figuren)


def log_grens(rijen_klein: int, rijen_groot: int) -> float:
    """How much a figure may grow from the small to the large set: log(N) / log(N₀)."""
    return math.log(rijen_groot) / math.log(rijen_klein)


def groei_tabel(metingen: list[Meting]) -> str:
    """Markdown: one row per figure, one column per scale, then the growth from the
    smallest to the largest scale against the logarithmic bound."""
    metingen = sorted(metingen, key=lambda m: m.scale)
    klein, groot = metingen[0], metingen[-1]
    grens = log_grens(klein.rijen, groot.rijen)
    sleutels = [k for k in groot.figuren if all(k in m.figuren for m in metingen)]
    kop = " | ".join(f"schaal {m.scale:g} ({m.rijen / 1e6:.2g} M rijen) ms" for m in metingen)
    uit = [
        f"| meting | db | {kop} | groei | log-grens | ≤ log? |",
        "| --- | --- | " + "--- | " * len(metingen) + "--- | --- | --- |",
    ]
    for naam, backend in sleutels:
        waarden = [m.figuren[(naam, backend)] for m in metingen]
        groei = waarden[-1] / waarden[0] if waarden[0] else math.inf
        ok = "ja" if groei <= grens * MARGE else "**nee**"
        cellen = " | ".join(f"{w:g}" for w in waarden)
        uit.append(f"| {naam} | {backend} | {cellen} | {groei:.2f}× | {grens:.2f}× | {ok} |")
    return "\n".join(uit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "bestanden",
        nargs="*",
        type=Path,
        default=[RESULTS_DIR / f"scale-{s}.json" for s in ("0.1", "0.3", "1")],
    )
    args = parser.parse_args()
    bestaand = [p for p in args.bestanden if p.exists()]
    if len(bestaand) < 2:
        raise SystemExit("Minstens twee resultaatbestanden nodig (python -m bench --scale …).")
    print(groei_tabel([Meting.uit_json(json.loads(p.read_text())) for p in bestaand]))


if __name__ == "__main__":
    main()
