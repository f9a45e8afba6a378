"""SQLite's trigram tables (migration 0019) narrow the text and relatie search to candidates:
the triggers keep them in step, the migration fills them, and the search finds exactly what
LIKE alone finds, whatever the user types."""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text, update

from igj_desktop.db import alembic_config
from igj_desktop.models import Dossier, Relatie, zoektrigram
from igj_desktop.services.dossiers import trigram
from igj_desktop.services.dossiers.zoeken import Zoekvraag, count_dossiers, search_dossiers
from tests.integration.dossier_support import new_dossier

LASTIG = ['"', "*", "(", ")", "^", ":", "-", "+", "%", "_", "\\", "'", "é", "É", "ß", "İ"]
WOORD = st.sampled_from(
    ["AND", "OR", "NOT", "NEAR", "NEAR(", "abc", "ABC", "Één", "één", "toe", "zicht", "de"]
) | st.text(st.sampled_from(["a", "b", "C", "e", *LASTIG]), min_size=1, max_size=5)
TEKST = st.lists(WOORD, max_size=4).map(" ".join)


@pytest.fixture
def sqlite(database):
    if database.engine.dialect.name != "sqlite":
        pytest.skip("de trigramtabellen zijn er alleen in SQLite")
    return database


def _ids(ctx, **criteria) -> set:
    return {n.id for n in search_dossiers(ctx, Zoekvraag(**criteria)).dossiers}


def _zonder_trigram(ctx, **criteria) -> tuple[set, int]:
    """What LIKE alone finds, as before 0019 (or without the trigram tokenizer)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(trigram, "_aanwezig", lambda _session: False)
        return _ids(ctx, **criteria), count_dossiers(ctx, Zoekvraag(**criteria)).aantal


def _in_stap(database) -> None:
    """Every dossier and relatie has exactly one number, and its text is indexed under it."""
    with database.engine.connect() as conn:
        for index in zoektrigram.INDEXEN:
            los = conn.scalar(
                text(
                    f"SELECT (SELECT count(*) FROM {index.bron}"
                    f" WHERE id NOT IN (SELECT sleutel FROM {index.nummers}))"
                    f" + (SELECT count(*) FROM {index.nummers}"
                    f" WHERE sleutel NOT IN (SELECT id FROM {index.bron}))"
                )
            )
            assert los == 0, index.bron


@pytest.mark.parametrize(
    "tekst",
    [
        '"separeren',
        "separeren*",
        "dwang AND",
        "ggz OR jeugd",
        "NEAR(dwang ggz)",
        "(((",
        "SEPAREREN",
    ],
)
def test_fts_syntax_in_the_search_text_is_just_text(ctx, seed, sqlite, tekst):
    new_dossier(ctx, seed, 'Separeren "GGZ" (AND/OR) NEAR*', omschrijving="Signalen over dwang")
    assert _ids(ctx, tekst=tekst) == _zonder_trigram(ctx, tekst=tekst)[0]


def test_triggers_follow_inserts_renames_and_deletes(ctx, seed, sqlite):
    dossier = new_dossier(ctx, seed, "Vrijheidsbeperking", omschrijving="Onvrijwillige zorg")
    assert dossier.id in _ids(ctx, tekst="heidsbeperk onvrijwil")
    with sqlite.engine.begin() as conn:
        conn.execute(update(Dossier).where(Dossier.id == dossier.id).values(titel="Medicatie"))
    assert dossier.id not in _ids(ctx, tekst="heidsbeperk")
    assert dossier.id in _ids(ctx, tekst="medicatie onvrijwil")
    with sqlite.engine.begin() as conn:
        conn.execute(update(Dossier).where(Dossier.id == dossier.id).values(omschrijving=""))
    assert dossier.id not in _ids(ctx, tekst="onvrijwil")
    _in_stap(sqlite)
    with sqlite.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only the row itself matters here
        conn.execute(delete(Dossier).where(Dossier.id == dossier.id))
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
    _in_stap(sqlite)
    with sqlite.engine.connect() as conn:
        over = conn.scalar(
            text("SELECT count(*) FROM trigram_dossier WHERE trigram_dossier MATCH 'medicatie'")
        )
    assert over == 0


def test_the_migration_fills_in_existing_rows(ctx, seed, sqlite):
    """Down to 0018 (LIKE alone, as without the trigram tokenizer) and up again."""
    bestaand = new_dossier(
        ctx,
        seed,
        "Infectiepreventie",
        omschrijving="Voor de migratie",
        betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")],
    )
    config = alembic_config(sqlite.engine)
    command.downgrade(config, "0018")
    with sqlite.engine.connect() as conn:
        assert not conn.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'trigram%'")
        )
    assert bestaand.id in _ids(ctx, tekst="infectiepreventie migratie", relatie="noorderlicht")
    command.upgrade(config, "head")
    _in_stap(sqlite)
    assert bestaand.id in _ids(ctx, tekst="infectiepreventie migratie", relatie="noorderlicht")
    assert bestaand.id not in _ids(ctx, tekst="infectiepreventie jeugd")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_trigram_and_like_find_the_same(ctx, seed, sqlite, data):
    """Titels, omschrijvingen and relatie names are drawn anew each time (through the update
    triggers); queries are drawn, or cut from the texts, in another case."""
    ids = _dossiers(ctx, seed, sqlite)
    namen = list(seed.relaties.values())[:3]
    teksten = data.draw(st.lists(TEKST, min_size=2 * len(ids), max_size=2 * len(ids)))
    relatienamen = data.draw(st.lists(TEKST.filter(bool), min_size=3, max_size=3))
    with sqlite.engine.begin() as conn:
        for i, dossier in enumerate(ids):
            waarden = {"titel": teksten[2 * i] or "-", "omschrijving": teksten[2 * i + 1]}
            conn.execute(update(Dossier).where(Dossier.id == dossier).values(**waarden))
        for relatie, naam in zip(namen, relatienamen, strict=True):
            conn.execute(update(Relatie).where(Relatie.id == relatie).values(naam=naam))
    uit_tekst = st.sampled_from([*teksten, *relatienamen]).flatmap(
        lambda t: st.tuples(st.integers(0, len(t)), st.integers(0, len(t))).map(
            lambda ij: t[min(ij) : max(ij)]
        )
    )
    vraag = data.draw(st.one_of(TEKST, uit_tekst, uit_tekst.map(str.swapcase)))
    for criteria in ({"tekst": vraag}, {"relatie": vraag}, {"tekst": vraag, "relatie": vraag}):
        gevonden = _ids(ctx, **criteria), count_dossiers(ctx, Zoekvraag(**criteria)).aantal
        assert gevonden == _zonder_trigram(ctx, **criteria), criteria
        event(f"{'/'.join(criteria)}: {'treffers' if gevonden[0] else 'niets'}")


def _dossiers(ctx, seed, database) -> list:
    """Six dossiers, the first three with a betrokkene each (made once per test)."""
    with database.engine.connect() as conn:
        bestaand = list(conn.scalars(text("SELECT id FROM dossier ORDER BY kenmerk")))
    if bestaand:
        return [uuid.UUID(hex=h) for h in bestaand]
    namen = list(seed.relaties.values())[:3]
    return [
        new_dossier(ctx, seed, f"Dossier {i}", betrokkenen=[(namen[i], "ots")] if i < 3 else []).id
        for i in range(6)
    ]
