"""Search inside documents and mails: extraction in the background, the database's own
full-text engine, Dutch stems, phrases, prefixes, filters and access, on both databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, update

from igj_desktop.__main__ import main
from igj_desktop.db import Database, alembic_config
from igj_desktop.integrations.document_store import default_store
from igj_desktop.models import VersieTekst
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import zoekindex
from igj_desktop.services.documenten.inhoud_zoeken import zoek_in_inhoud
from igj_desktop.services.documenten.zoekmachine import zonder_markering
from igj_desktop.services.dossiers import dossier as dossiers_service
from igj_desktop.services.dossiers.zoeken import Zoekvraag
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from tests.conftest import database_as
from tests.inhoud_bestanden import MAIL, docx_bytes, kapotte_docx, pdf_bytes, scan_pdf_bytes
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed


def _bijwerken(ctx: ServiceContext) -> zoekindex.Voortgang:
    """What the window's background worker does for the medewerker who stored versions."""
    return zoekindex.bijwerken(ctx.db, default_store(ctx.db), van=ctx.actor.medewerker_id)


def _zoek(ctx: ServiceContext, tekst: str, **filters: object) -> list[tuple[str, str]]:
    treffers = zoek_in_inhoud(ctx, Zoekvraag(tekst=tekst, **filters))  # type: ignore[arg-type]
    return sorted((t.kenmerk, t.document_titel) for t in treffers)


def _staten(ctx: ServiceContext) -> dict[str, str]:
    with ctx.db.session() as session:
        rijen = session.execute(
            select(VersieTekst.staat, documenten.Document.titel).join(
                documenten.Document, documenten.Document.id == VersieTekst.document_id
            )
        )
        return {titel: staat for staat, titel in rijen}


@pytest.fixture
def dossiers(ctx: ServiceContext, seed: Seed) -> dict[str, object]:
    """Two dossiers of Anna with a docx, a PDF and two real mails (one with a PDF inside)."""
    ggz = new_dossier(ctx, seed, "Toezicht GGZ Noorderlicht", sector="GGZ")
    jeugd = new_dossier(
        ctx,
        seed,
        "Calamiteit Jeugdhulp Het Anker",
        sector="Jeugdhulp",
        dossiertype_id=seed.dossiertypes["incidenttoezicht"],
    )
    documenten.add_document(
        ctx,
        [ggz.id],
        "verslag.docx",
        docx_bytes("Verslag van de inspecties bij de zorgaanbieder.", "Goed bestuur ontbreekt."),
        titel="Verslag inspecties",
    )
    documenten.add_document(
        ctx,
        [jeugd.id],
        "rapport.pdf",
        pdf_bytes("Rapport over de inspectie van de jeugdhulp.", "Het toezicht wordt verscherpt."),
        titel="Rapport jeugdhulp",
    )
    eml = MAIL / "eml" / "attachment_pdf.eml"
    documenten.add_document(ctx, [jeugd.id], eml.name, eml.read_bytes(), titel="Mail met pdf")
    msg = MAIL / "msg" / "attachment_msg_pdf.msg"
    documenten.add_document(ctx, [ggz.id], msg.name, msg.read_bytes(), titel="Outlook-mail")
    return {"ggz": ggz, "jeugd": jeugd}


def test_a_stored_version_is_queued_and_indexed_in_the_background(ctx, dossiers) -> None:
    assert set(_staten(ctx).values()) == {"wachtend"}
    assert _zoek(ctx, "inspectie") == []  # nothing is extracted in the user's transaction
    voortgang = _bijwerken(ctx)
    assert (voortgang.gedaan, voortgang.totaal) == (4, 4)
    assert set(_staten(ctx).values()) == {"tekst"}
    ggz, jeugd = dossiers["ggz"].kenmerk, dossiers["jeugd"].kenmerk
    # Dutch stems both ways: "inspecties" in the docx, "inspectie" in the PDF
    verwacht = [(ggz, "Verslag inspecties"), (jeugd, "Rapport jeugdhulp")]
    assert _zoek(ctx, "inspectie") == sorted(verwacht)
    assert _zoek(ctx, "inspecties") == sorted(verwacht)
    assert _zoek(ctx, '"goed bestuur"') == [(ggz, "Verslag inspecties")]
    assert _zoek(ctx, '"bestuur goed"') == []
    assert _zoek(ctx, "verscherp*") == [(jeugd, "Rapport jeugdhulp")]
    assert _zoek(ctx, "insp* toezicht") == [(jeugd, "Rapport jeugdhulp")]
    # a kenmerk in a docx table; the body of a real .eml; what is attached to a real .msg
    assert _zoek(ctx, "IGJ-2026-004711") == [(ggz, "Verslag inspecties")]
    assert _zoek(ctx, "attaching") == [(jeugd, "Mail met pdf")]
    assert _zoek(ctx, '"blah blah"') == [(ggz, "Outlook-mail")]  # a .msg in the .msg
    assert _zoek(ctx, "friday") == [(ggz, "Outlook-mail")]  # the PDF attached to the .msg


def test_filters_and_the_fragment(ctx, seed, dossiers) -> None:
    _bijwerken(ctx)
    jeugd = dossiers["jeugd"].kenmerk
    incident = seed.dossiertypes["incidenttoezicht"]
    assert _zoek(ctx, "inspecties", dossiertype_id=incident) == [(jeugd, "Rapport jeugdhulp")]
    assert _zoek(ctx, "inspecties", sector="GGZ") == [
        (dossiers["ggz"].kenmerk, "Verslag inspecties")
    ]
    morgen = ctx.today().replace(year=ctx.today().year + 1)
    assert _zoek(ctx, "inspecties", geopend_vanaf=morgen) == []
    assert len(_zoek(ctx, "inspecties", geopend_tot=ctx.today())) == 2
    [treffer] = zoek_in_inhoud(ctx, Zoekvraag(tekst="verscherpt"))
    assert "wordt ⟦verscherpt⟧" in treffer.fragment
    assert zonder_markering(treffer.fragment).startswith("Rapport over de inspectie")
    with pytest.raises(ValidationFailed):
        zoek_in_inhoud(ctx, Zoekvraag(tekst="  ***  "))


def test_only_documents_of_visible_dossiers_are_found(ctx, ctx_for, seed, dossiers) -> None:
    _bijwerken(ctx)
    assert _zoek(ctx_for("cbakker"), "inspecties") == []  # another team
    ggz = dossiers["ggz"]
    toegang.grant_toegang(ctx, ggz.id, groep_id=seed.groepen["Team GGZ"], rol="lezer")
    bram = ctx_for("bjansen")
    assert _zoek(bram, "inspecties") == [(ggz.kenmerk, "Verslag inspecties")]
    toegang.set_afgeschermd(ctx, ggz.id, True, None)
    assert _zoek(bram, "inspecties") == []  # shielded: only the behandelteam
    assert _zoek(ctx, "inspecties") != []


def _rol(database, ctx_for, gebruikersnaam: str, request) -> Database:
    """The medewerker's own PostgreSQL login (the context's own, unless IGJ_TEST_ALS_EIGENAAR=1)."""
    db = ctx_for(gebruikersnaam).db
    return db if db is not database else database_as(database, gebruikersnaam, request)


def test_the_database_itself_hides_another_dossiers_text(
    database, ctx, ctx_for, seed, dossiers, request
) -> None:
    """As an ordinary PostgreSQL role, row-level security leaves the rows out."""
    if database.is_embedded:
        pytest.skip("rijbeveiliging bestaat alleen in PostgreSQL")
    _bijwerken(ctx)
    with _rol(database, ctx_for, "cbakker", request).session() as session:
        assert session.scalars(select(VersieTekst.versie_id)).all() == []
    anna = _rol(database, ctx_for, "avries", request)
    with anna.session() as session:
        assert len(session.scalars(select(VersieTekst.versie_id)).all()) == 4
    assert len(_zoek(ServiceContext.log_in(anna, "avries"), "inspectie")) == 2


def test_a_scan_and_a_damaged_file_are_marked_not_raised(ctx, seed) -> None:
    dossier = new_dossier(ctx, seed)
    documenten.add_document(ctx, [dossier.id], "scan.pdf", scan_pdf_bytes(), titel="Scan")
    documenten.add_document(ctx, [dossier.id], "kapot.docx", kapotte_docx(), titel="Kapot")
    documenten.add_document(ctx, [dossier.id], "foto.jpg", b"\xff\xd8\xff" * 10, titel="Foto")
    assert _bijwerken(ctx).gedaan == 3
    assert _staten(ctx) == {"Scan": "scan", "Kapot": "onleesbaar", "Foto": "geen_tekst"}
    assert _bijwerken(ctx).totaal == 0  # marked rows are done, not retried


def test_the_job_for_existing_documents_resumes_where_it_stopped(ctx, seed) -> None:
    dossier = new_dossier(ctx, seed)
    for nummer in range(7):
        documenten.add_document(
            ctx, [dossier.id], f"d{nummer}.pdf", pdf_bytes(f"Inspectierapport nummer {nummer}")
        )
    with ctx.db.session() as session, session.begin():  # as after the upgrade to 0009
        session.execute(update(VersieTekst).values(staat="wachtend", tekst="", stammen=None))
    store = default_store(ctx.db)
    gezien: list[zoekindex.Voortgang] = []
    stop: Callable[[], bool] = lambda: len(gezien) >= 1  # noqa: E731 (interrupted)
    eerste = zoekindex.bijwerken(ctx.db, store, batch=3, voortgang=gezien.append, stoppen=stop)
    assert (eerste.gedaan, eerste.totaal) == (3, 7)
    assert len(_zoek(ctx, "inspectierapport")) == 3
    rest = zoekindex.bijwerken(ctx.db, store, batch=3, voortgang=gezien.append)
    assert (rest.gedaan, rest.totaal) == (4, 4)
    assert [v.gedaan for v in gezien] == [3, 3, 4]
    assert len(_zoek(ctx, "inspectierapport")) == 7


def test_the_command_indexes_what_is_not_indexed_yet(
    database, ctx, dossiers, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("IGJ_DATABASE_URL", database.url)
    assert main(["zoekindex", "bijwerken"]) == 0
    assert "Zoekindex bijgewerkt: 4 versies." in capsys.readouterr().out
    assert len(_zoek(ctx, "inspectie")) == 2
    assert main(["zoekindex", "bijwerken"]) == 0
    assert "Zoekindex bijgewerkt: 0 versies." in capsys.readouterr().out


def test_the_tree_filter_also_looks_in_documents(ctx, ctx_for, dossiers) -> None:
    _bijwerken(ctx)
    jeugd = dossiers["jeugd"]

    def boom(wie: ServiceContext, tekst: str, **opties: bool) -> list[str]:
        return [n.kenmerk for n in dossiers_service.list_hoofddossiers(wie, tekst, **opties)]

    assert boom(ctx, "verscherpt") == []
    assert boom(ctx, "verscherpt", in_documenten=True) == [jeugd.kenmerk]
    assert boom(ctx, "Calamiteit", in_documenten=True) == [jeugd.kenmerk]  # titles still count
    assert boom(ctx_for("cbakker"), "verscherpt", in_documenten=True) == []


def test_known_texts_are_written_in_bulk(ctx, seed) -> None:
    """What the benchmark uses for its generated documents: no files, the text given."""
    dossier = new_dossier(ctx, seed)
    refs = [
        documenten.add_document(ctx, [dossier.id], f"d{n}.txt", f"inhoud {n}".encode())
        for n in range(3)
    ]
    with ctx.db.engine.begin() as connection:
        connection.execute(VersieTekst.__table__.delete())
        teksten = ["De zorgaanbieders werden bezocht.", "Toezicht op de jeugdhulp.", ""]
        rijen = [(r.versie_id, r.document_id, t) for r, t in zip(refs, teksten, strict=True)]
        assert zoekindex.schrijf_teksten(connection, rijen) == 3
    assert _zoek(ctx, "zorgaanbieder") == [(dossier.kenmerk, "d0")]
    assert _zoek(ctx, "jeugd*") == [(dossier.kenmerk, "d1")]
    assert sorted(_staten(ctx).values()) == ["geen_tekst", "tekst", "tekst"]


def test_the_upgrade_queues_the_versions_stored_before(database, ctx, dossiers) -> None:
    """Down to 0008 (no content index) and up again: every version waits for the job."""
    from alembic import command

    config = alembic_config(database.engine)
    command.downgrade(config, "0008")
    command.upgrade(config, "head")
    assert set(_staten(ctx).values()) == {"wachtend"} and len(_staten(ctx)) == 4
    assert zoekindex.bijwerken(database, default_store(database)).gedaan == 4
    assert len(_zoek(ctx, "inspectie")) == 2
