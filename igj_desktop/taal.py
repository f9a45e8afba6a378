"""Dutch counts: "1 bijlage", "2 bijlagen", never "bijlage(n)"."""

from __future__ import annotations


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """``n`` with the right form of the noun; zero takes the plural, as in "0 dossiers"."""
    return f"{n} {enkelvoud if n == 1 else meervoud}"
