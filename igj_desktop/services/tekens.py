"""Text that cannot be stored: the NUL character, refused before either database sees it.

PostgreSQL refuses a NUL (``\\0``) in text with a raw error; SQLite stores it, after which
the text is cut short in other programs and a search for ``a\\0b`` matches everything. It
comes along when text is pasted from another program or a damaged file, never on purpose.
Every ORM write is checked in ``before_flush`` (so a field can be named), every search term
by ``check_tekst`` before it becomes a LIKE pattern.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from .errors import ValidationFailed

NUL = "\x00"


def nul_melding(veld: str) -> str:
    return (
        f"'{veld}' bevat een onzichtbaar NUL-teken (\\0), dat niet kan worden opgeslagen of "
        "gezocht. Het komt meestal mee bij plakken uit een ander programma: typ de tekst "
        "opnieuw of plak hem eerst in Kladblok. Er is niets opgeslagen."
    )


def bevat_nul(waarde: Any) -> bool:
    """True for a text with NUL, also inside the lists and dicts of a JSON column."""
    if isinstance(waarde, str):
        return NUL in waarde
    if isinstance(waarde, dict):
        return any(bevat_nul(k) or bevat_nul(v) for k, v in waarde.items())
    if isinstance(waarde, list | tuple):
        return any(bevat_nul(v) for v in waarde)
    return False


def check_tekst(tekst: str, veld: str = "De zoektekst") -> str:
    """``tekst`` unchanged, or a Dutch ``ValidationFailed`` when it holds a NUL."""
    if NUL in tekst:
        raise ValidationFailed(nul_melding(veld))
    return tekst


def like_pattern(tekst: str) -> str:
    """A LIKE pattern matching ``tekst`` anywhere, with the LIKE wildcards taken literally."""
    escaped = check_tekst(tekst).strip().replace("\\", "\\\\")
    escaped = escaped.replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def refuse_nul_on_flush() -> None:
    """Check every session's writes (idempotent; the services call it once on import)."""
    if not event.contains(Session, "before_flush", _weiger_nul):
        event.listen(Session, "before_flush", _weiger_nul)


def _weiger_nul(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    """No row with a NUL in a text or JSON field reaches the database, on either kind. Text
    fields first: the user typed those, a JSON field (the audit's) only repeats them."""
    waarden = [
        (attr.key, state.dict.get(attr.key))
        for state in map(inspect, (*session.new, *session.dirty))
        for attr in state.mapper.column_attrs
    ]
    waarden.sort(key=lambda veld_waarde: not isinstance(veld_waarde[1], str))
    for veld, waarde in waarden:
        if bevat_nul(waarde):
            raise ValidationFailed(nul_melding(veld.replace("_", " ")))
