"""The werkvoorraad: my and my groepen's open activiteiten, sorted by termijn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from igj_desktop.services.dossiers import relaties
from igj_desktop.services.errors import Conflict, ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import acties as workflows
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.integration.dossier_support import add_activiteit, new_dossier


def test_scopes_sorting_and_overdue(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, toegang_groepen=[(seed.groepen["Team GGZ"], "behandelaar")])
    vandaag = ctx.today()
    anna, team = seed.medewerkers["avries"], seed.groepen["Team GGZ"]
    add_activiteit(ctx, dossier.id, "Later", vandaag + timedelta(days=9), medewerker_id=anna)
    add_activiteit(ctx, dossier.id, "Zonder termijn", None, medewerker_id=anna)
    add_activiteit(ctx, dossier.id, "Te laat", vandaag - timedelta(days=2), medewerker_id=anna)
    add_activiteit(ctx, dossier.id, "Spoed vandaag", vandaag, medewerker_id=anna, urgentie="spoed")
    add_activiteit(ctx, dossier.id, "Gewoon vandaag", vandaag, medewerker_id=anna)
    add_activiteit(ctx, dossier.id, "Voor het team", vandaag, groep_id=team)

    mijn = list_werkvoorraad(ctx, "mij")
    assert [i.titel for i in mijn] == [
        "Te laat",
        "Spoed vandaag",
        "Gewoon vandaag",
        "Later",
        "Zonder termijn",
    ]
    assert [i.overdue for i in mijn] == [True, False, False, False, False]
    assert mijn[0].dossier_kenmerk == dossier.kenmerk and mijn[0].eigenaar == "Anna de Vries"
    groep = list_werkvoorraad(ctx_for("bjansen"), "groepen")
    assert [(i.titel, i.eigenaar) for i in groep] == [("Voor het team", "Team GGZ")]
    assert list_werkvoorraad(ctx_for("bjansen"), "mij") == []
    beide = list_werkvoorraad(ctx, "mij_en_groepen")
    assert [i.titel for i in beide][:4] == [
        "Te laat",
        "Spoed vandaag",
        "Gewoon vandaag",
        "Voor het team",
    ]
    assert len(list_werkvoorraad(ctx_for("bjansen"), "alles")) == 6
    assert len(list_werkvoorraad(ctx, "alles", dossier_id=dossier.id, limit=2)) == 2
    with pytest.raises(ValidationFailed):
        list_werkvoorraad(ctx, "iedereen")  # type: ignore[arg-type]


def test_afgeschermd_dossier_never_in_an_outsiders_werkvoorraad(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, toegang_groepen=[(seed.groepen["Team GGZ"], "behandelaar")])
    add_activiteit(ctx, dossier.id, "Teamtaak", ctx.today(), groep_id=seed.groepen["Team GGZ"])
    bram = ctx_for("bjansen")
    assert [i.titel for i in list_werkvoorraad(bram, "groepen")] == ["Teamtaak"]
    toegang.set_afgeschermd(ctx, dossier.id, True, dossier.version)
    for scope in ("mij", "groepen", "alles"):
        assert list_werkvoorraad(bram, scope) == []
    assert [i.titel for i in list_werkvoorraad(ctx, "alles")] == ["Teamtaak"]


def test_relatie_request_reaches_relatiebeheer_without_dossier_titel(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, "Geheime titel")
    relaties.request_relatie(ctx, dossier.id, relaties.RelatieVerzoek(naam="Zorg BV"))
    items = list_werkvoorraad(ctx_for("fmulder"), "groepen")
    assert [(i.titel, i.eigenaar, i.dossier_kenmerk, i.dossier_titel) for i in items] == [
        ("Relatie toevoegen aan register: Zorg BV", "Relatiebeheer", dossier.kenmerk, "")
    ]
    assert list_werkvoorraad(ctx, "alles")[0].dossier_titel == "Geheime titel"


def test_relatie_request_from_an_afgeschermd_dossier_does_not_show_it(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, "Geheime titel")
    toegang.set_afgeschermd(ctx, dossier.id, True, None)
    relaties.request_relatie(ctx, dossier.id, relaties.RelatieVerzoek(naam="Zorg BV"))
    [item] = list_werkvoorraad(ctx_for("fmulder"), "groepen")
    assert (item.titel, item.dossier_kenmerk, item.dossier_titel) == (
        "Relatie toevoegen aan register: Zorg BV",
        "",
        "",
    )
    assert list_werkvoorraad(ctx, "alles")[0].dossier_kenmerk == dossier.kenmerk


def test_hand_over_and_urgentie_from_the_werkvoorraad(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    anna, bram = seed.medewerkers["avries"], seed.medewerkers["bjansen"]
    add_activiteit(ctx, dossier.id, "Bellen", ctx.today(), medewerker_id=anna)
    [item] = list_werkvoorraad(ctx, "mij")
    werkvoorraad.set_urgentie(ctx, item.activiteit_id, "spoed", item.version)
    [item] = list_werkvoorraad(ctx, "mij")
    assert item.urgentie == "spoed"
    workflows.transfer_activiteit(
        ctx, item.activiteit_id, naar_medewerker_id=bram, version=item.version
    )
    assert list_werkvoorraad(ctx, "mij") == []
    assert [i.titel for i in list_werkvoorraad(ctx_for("bjansen"), "mij")] == ["Bellen"]
    with pytest.raises(Conflict):
        werkvoorraad.set_urgentie(ctx, item.activiteit_id, "hoog", item.version)  # stale


def test_sqlite_reads_the_werkvoorraad_from_the_partial_indexes(sqlite_database) -> None:
    """SQLite uses a partial index only when the query states its predicate with the same
    literal values; with the statuses as bound parameters it scanned every activiteit (over a
    second on ten years of work, see bench/README.md)."""
    from sqlalchemy import event

    from igj_desktop.services.base import ServiceContext
    from tests.seed import create_seed

    create_seed(sqlite_database)
    ctx = ServiceContext.for_user(sqlite_database, "avries")
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(sqlite_database.engine, "before_cursor_execute", capture)
    try:
        list_werkvoorraad(ctx, "mij_en_groepen")
    finally:
        event.remove(sqlite_database.engine, "before_cursor_execute", capture)
    sql, parameters = next((s, p) for s, p in statements if "FROM activiteit" in s)
    with sqlite_database.engine.connect() as connection:
        plan = " | ".join(
            str(row[3])
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
        )
    assert "ix_activiteit_medewerker_open" in plan and "ix_activiteit_groep_open" in plan
    assert "SCAN activiteit" not in plan, plan
