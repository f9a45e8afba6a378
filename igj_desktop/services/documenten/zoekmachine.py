"""Full-text search in the database's own engine, behind one interface (``Zoekmachine``).

PostgreSQL: a ``tsvector`` with the ``dutch`` configuration (its stop words) and a GIN
index; SQLite: FTS5. Both index the text's Dutch stems, made here with Snowball 3 for the
index and the query alike (``models/zoektekst.py`` says why), and the fragment around the
hits is made here from the text, so both databases find and show the same. A separate search
server (OpenSearch) would be one more implementation of this protocol; see the README.

A question is words (all must occur, in any form: "inspecties" finds "inspectie"), phrases
in double quotes and prefixes ending in ``*`` ("insp*").
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Text,
    Uuid,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY

from igj_desktop.models import VersieTekst
from igj_desktop.models.zoektekst import FTS_TABEL

WOORD = re.compile(r"\w+")
DEEL = re.compile(r'"([^"]*)"?|(\S+)')
BEGIN, EINDE = "\u27e6", "\u27e7"
"""Around a hit in a fragment; ``als_html`` makes them bold after escaping the rest."""
FRAGMENT_WOORDEN = 30
FRAGMENT_BRON = 100_000
"""Characters of a long text its fragment is looked for in (fetched for each hit shown)."""


@dataclass(frozen=True)
class Term:
    """One word, a phrase (several words in this order) or a prefix (``prefix``)."""

    woorden: tuple[str, ...]
    prefix: bool = False


def ontleed(vraag: str) -> tuple[Term, ...]:
    """The terms of a question; punctuation separates words (a kenmerk becomes a phrase)."""
    termen: list[Term] = []
    for deel in DEEL.finditer(vraag.lower()):
        zin, los = deel.groups()
        woorden = tuple(WOORD.findall(zin if zin is not None else los))
        if not woorden:
            continue
        if zin is None and los.endswith("*"):
            termen.extend(Term((woord,)) for woord in woorden[:-1])
            termen.append(Term((woorden[-1],), prefix=True))
        else:
            termen.append(Term(woorden))
    return tuple(termen)


_per_thread = threading.local()


@lru_cache(maxsize=200_000)
def _stam_van(woord: str) -> str:
    """One word's stem; cached, since a language's common words come back all the time."""
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:  # a stemmer keeps state while it works: one per thread
        # imported here: the package loads every language's stemmer (0.1-0.4 s), which the
        # first screen does not need
        import snowballstemmer

        stemmer = _per_thread.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer.stemWord(woord)


def stam(woorden: list[str]) -> list[str]:
    """The Dutch Snowball stems of lower-case words."""
    return [_stam_van(woord) for woord in woorden]


def stammen(tekst: str) -> str:
    """What SQLite's FTS5 indexes for ``tekst``: its words' stems, in order."""
    return " ".join(stam(WOORD.findall(tekst.lower())))


def als_html(fragment: str) -> str:
    """A fragment for a rich-text label: escaped, its hits bold, on one line."""
    tekst = escape(" ".join(fragment.split()))
    return tekst.replace(BEGIN, "<b>").replace(EINDE, "</b>")


def zonder_markering(fragment: str) -> str:
    return " ".join(fragment.replace(BEGIN, "").replace(EINDE, "").split())


class Zoekmachine(Protocol):
    """Which ``versie_tekst`` rows match a question, and how well."""

    alleen_nieuwste: bool
    """Whether only the newest version of each document is returned (else the caller
    leaves out the older ones)."""

    def treffers(self, termen: tuple[Term, ...]) -> Select[tuple[uuid.UUID, float]]:
        """(versie_id, rang) of the matching rows; a higher rang is a better hit."""
        ...

    def beste(self, termen: tuple[Term, ...], aantal: int) -> Select[tuple[uuid.UUID, float]]:
        """Like ``treffers``, but may leave out rows that cannot be among the best ``aantal``
        hits of a search without further criteria (one that filters only on access)."""
        ...


class PostgresZoekmachine:
    """Through ``igj_zoek_inhoud`` (migrations 0013, 0014): ``@@`` is not leakproof, so under
    row-level security the planner could not use the GIN index itself; the function searches
    it together with each text's readers and keeps the versions of documents in dossiers the
    login may see (``lezers``: the medewerker and groepen whose view the schema owner asks
    for; ignored for other logins)."""

    alleen_nieuwste = True  # the functions keep the newest version only

    def __init__(self, lezers: list[uuid.UUID]) -> None:
        self.lezers = lezers

    @staticmethod
    def _tsquery(termen: tuple[Term, ...]) -> str:
        delen = []
        for term in termen:
            woorden = [f"'{woord}'" for woord in stam(list(term.woorden))]
            if term.prefix:
                delen.append(f"{woorden[0]}:*")
            else:
                delen.append(f"({' <-> '.join(woorden)})")
        return " & ".join(delen)

    def treffers(self, termen: tuple[Term, ...]) -> Select[tuple[uuid.UUID, float]]:
        gevonden = func.igj_zoek_inhoud(
            bindparam("inhoud_vraag", self._tsquery(termen), Text),
            bindparam("inhoud_lezers", self.lezers, ARRAY(Uuid())),
        ).table_valued(column("versie_id", Uuid), column("rang", Float))
        return select(gevonden.c.versie_id, gevonden.c.rang)

    def beste(self, termen: tuple[Term, ...], aantal: int) -> Select[tuple[uuid.UUID, float]]:
        """The rows ranked among the first ``aantal``, ties included
        (``igj_zoek_inhoud_beste``, migration 0014). The functions return only newest
        versions of documents in dossiers the login sees, so each row gives at least one hit
        and the best ``aantal`` hits lie among these rows; the app's query then reads (under
        the policies, a few look-ups per table) only these, and the function checks the
        access rule for these only, not for every visible match (710 for the bench's question
        at scale 0.1)."""
        gevonden = func.igj_zoek_inhoud_beste(
            bindparam("inhoud_vraag", self._tsquery(termen), Text),
            bindparam("inhoud_lezers", self.lezers, ARRAY(Uuid())),
            bindparam("inhoud_aantal", aantal, Integer),
        ).table_valued(column("versie_id", Uuid), column("rang", Float))
        return select(gevonden.c.versie_id, gevonden.c.rang)


class SqliteZoekmachine:
    alleen_nieuwste = False
    FTS = table(FTS_TABEL, column("rowid"), column("stammen"))

    @staticmethod
    def _match(termen: tuple[Term, ...]) -> str:
        delen = []
        for term in termen:
            if term.prefix:
                delen.append(f'"{stam(list(term.woorden))[0]}"*')
            else:
                delen.append(f'"{" ".join(stam(list(term.woorden)))}"')
        return " AND ".join(delen)

    def treffers(self, termen: tuple[Term, ...]) -> Select[tuple[uuid.UUID, float]]:
        fts: ColumnElement[str] = literal_column(FTS_TABEL)
        return (
            select(VersieTekst.versie_id, (-func.bm25(fts)).label("rang"))
            .select_from(self.FTS)
            .join(VersieTekst, literal_column("versie_tekst.rowid") == self.FTS.c.rowid)
            .where(fts.op("MATCH")(self._match(termen)))
        )

    def beste(self, termen: tuple[Term, ...], aantal: int) -> Select[tuple[uuid.UUID, float]]:
        """All matches: FTS5 also finds older versions, which the app's query leaves out."""
        return self.treffers(termen)


def maak_fragment(tekst: str, termen: tuple[Term, ...]) -> str:
    """About ``FRAGMENT_WOORDEN`` words around the first hit, hits marked; the start of the
    text when no word is found as such (a phrase across a page break). Reads the text only up
    to the fragment's end (one more word, to know whether more follows): a search shows 50 of
    these, and stemming every word of every text was half its time."""
    enkel = {s for term in termen if not term.prefix for s in stam(list(term.woorden))}
    prefixen = tuple(stam(list(term.woorden))[0] for term in termen if term.prefix)

    def raak(woord: str) -> bool:
        vorm = _stam_van(woord.lower())
        return vorm in enkel or (bool(prefixen) and vorm.startswith(prefixen))

    tokens: list[re.Match[str]] = []
    raken: list[bool] = []
    eerste: int | None = None
    for token in WOORD.finditer(tekst, 0, FRAGMENT_BRON):
        tokens.append(token)
        raken.append(raak(token.group()))
        if eerste is None and raken[-1]:
            eerste = len(tokens) - 1
        if eerste is not None and len(tokens) > eerste + FRAGMENT_WOORDEN:
            break
    if not tokens:
        return ""
    van = max(0, (eerste or 0) - FRAGMENT_WOORDEN // 3)
    tot = min(len(tokens), van + FRAGMENT_WOORDEN)
    delen: list[str] = []
    positie = tokens[van].start() if van > 0 else 0
    for i in range(van, tot):
        token = tokens[i]
        delen.append(tekst[positie : token.start()])
        delen.append(f"{BEGIN}{token.group()}{EINDE}" if raken[i] else token.group())
        positie = token.end()
    voor = "… " if van > 0 else ""
    na = " …" if tot < len(tokens) else tekst[positie : positie + 20]
    return voor + "".join(delen) + na


def zoekmachine_voor(dialect: str, lezers: list[uuid.UUID]) -> Zoekmachine:
    """``lezers``: the actor's medewerker id and groepen (see ``PostgresZoekmachine``)."""
    return PostgresZoekmachine(lezers) if dialect == "postgresql" else SqliteZoekmachine()
