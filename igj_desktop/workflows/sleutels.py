"""Refusing misspelt keys in the YAML catalogs: a typo would otherwise be silently ignored."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any


def onbekende_sleutel(data: Mapping[str, Any], bekend: Iterable[str], waar: str) -> str | None:
    """A Dutch sentence naming the first unknown key of ``data`` and the key meant, or None.

    ``waar`` names the place to fix (file, activiteit, …), e.g.
    "rapport.yaml, activiteit 'x': onbekende sleutel 'verplict' (bedoelt u 'verplicht'?)."
    """
    bekend = sorted(bekend)
    onbekend = sorted(str(k) for k in data if k not in bekend)
    if not onbekend:
        return None
    sleutel = onbekend[0]
    bedoeld = difflib.get_close_matches(sleutel, bekend, n=1)
    hint = f" (bedoelt u '{bedoeld[0]}'?)" if bedoeld else f" (bekend: {', '.join(bekend)})"
    return f"{waar}: onbekende sleutel '{sleutel}'{hint}."
