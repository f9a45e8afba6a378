"""Registering inkomende post on SQLite and PostgreSQL with real .msg/.eml files."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, func, select

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DocumentStore, default_store
from igj_desktop.integrations.mail_import import ParsedFile, ParsedMail, parse_path
from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    AuditEntry,
    Document,
    DocumentDossier,
    Post,
    PostDossier,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import ServiceError, ValidationFailed
from igj_desktop.services.post import inkomend as post
from tests.conftest import drop_role_after
from tests.integration.dossier_support import new_dossier
from tests.integration.toegang.test_vertrouwen import raw
from tests.integration.toegang.test_zoekfuncties import als_eigenaar_vastgezet
from tests.seed import Seed
from tests.testdata import TESTDATA

CORRUPT = TESTDATA / "msg" / "clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg"


@pytest.fixture
def store(ctx: ServiceContext, data_dir: Path) -> DocumentStore:
    """The store of the app's database: a folder, or the shared database itself (as the
    login: on PostgreSQL who stores bytes is recorded, and only that login may use them)."""
    return default_store(ctx.db)


def _state(database: Database, store: DocumentStore) -> tuple[object, ...]:
    with database.session() as s:
        counts = tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Post, PostDossier, Document, DocumentDossier, Activiteit, AuditEntry)
        )
    return counts, sorted(sha for sha, _ in store.hashes())


def _mail(name: str) -> ParsedMail:
    parsed = parse_path(TESTDATA / name)
    assert isinstance(parsed, ParsedMail)
    return parsed


def test_mail_with_attachments_in_two_dossiers(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a, b = new_dossier(ctx, seed), new_dossier(ctx, seed, "Tweede dossier")
    parsed = _mail("msg/attachment_msg_pdf.msg")
    steps: list[tuple[int, int, str]] = []

    result = post.registreer_post(
        ctx,
        parsed,
        post.Registratie([a.id, b.id], soort="melding"),
        store=store,
        progress=lambda *step: steps.append(step),
    )

    assert not result.duplicaat and a.kenmerk in result.melding
    assert result.post.afzender == "Nick Booth <nick.booth@pof.com.au>"
    assert result.post.kenmerken == tuple(sorted([a.kenmerk, b.kenmerk]))
    assert [s[:2] for s in steps] == [(1, 3), (2, 3), (3, 3)]
    mail_doc, *bijlagen = result.document_ids
    with database.session() as s:
        assert {s.get(Document, d).bron_document_id for d in bijlagen} == {mail_doc}
    infos = documenten.documenten_van_dossier(ctx, b.id)
    names = sorted(i.laatste.bestandsnaam for i in infos)
    assert names == ["Test Attachment.msg", "smbprn.00009008.KdcPjl.pdf", "test email.msg"]
    (mail_info,) = [i for i in infos if i.id == mail_doc]
    assert documenten.lees_versie(ctx, mail_info.laatste.id, store=store)[1] == parsed.data
    assert [p.id for p in post.post_register(ctx, a.id)] == [result.post.id]


def test_post_filed_out_of_sight_is_not_named_as_a_duplicate(
    seed: Seed, ctx: ServiceContext, ctx_for, store: DocumentStore
) -> None:
    carla = ctx_for("cbakker")
    geheim = new_dossier(carla, seed, "Van Carla")
    eerste = post.registreer_post(
        carla,
        _mail("eml/attachment_pdf.eml"),
        post.Registratie([geheim.id]),
        store=default_store(carla.db),  # her own app's
    )
    eigen = new_dossier(ctx, seed)
    tweede = post.registreer_post(
        ctx, _mail("eml/attachment_pdf.eml"), post.Registratie([eigen.id]), store=store
    )
    assert not tweede.duplicaat and tweede.post.id != eerste.post.id
    assert "eerder" not in tweede.melding and geheim.kenmerk not in tweede.melding
    assert [p.id for p in post.post_register(carla, geheim.id)] == [eerste.post.id]


def test_the_next_exemplaar_counts_unseen_copies_and_tells_only_a_number(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for, request: pytest.FixtureRequest
) -> None:
    """Migration 0015: ``igj_volgend_exemplaar`` runs as the owner with its search_path
    pinned; only igj_medewerker may call it, and it returns an integer, never a row."""
    if database.is_embedded:
        pytest.skip("alleen PostgreSQL verbergt post van andermans dossiers")
    carla = ctx_for("cbakker")
    geheim = new_dossier(carla, seed, "Van Carla")
    post.registreer_post(carla, _mail("msg/quick.msg"), post.Registratie([geheim.id]))
    eigen = new_dossier(ctx, seed)
    tweede = post.registreer_post(ctx, _mail("msg/quick.msg"), post.Registratie([eigen.id]))
    with database.session() as s:
        assert s.scalar(select(Post.exemplaar).where(Post.id == tweede.post.id)) == 1
    functie = "igj_volgend_exemplaar(text)"
    with raw(database, "postgres") as owner:
        als_eigenaar_vastgezet(owner, functie)
        uitkomst = owner.execute(
            "SELECT prorettype::regtype::text FROM pg_proc WHERE oid = to_regprocedure(%s)",
            (functie,),
        ).fetchone()
        assert uitkomst == ("integer",)  # a number, never a row
        vreemde = f"{database.engine.url.database}_vreemd"
        owner.execute(f'CREATE ROLE "{vreemde}" LOGIN')
        drop_role_after(request, vreemde)
        mag = "SELECT has_function_privilege(%s, %s, 'EXECUTE')"
        assert owner.execute(mag, ("igj_medewerker", functie)).fetchone() == (True,)
        assert owner.execute(mag, (vreemde, functie)).fetchone() == (False,)
    with raw(database, vreemde) as vreemd, pytest.raises(psycopg.errors.InsufficientPrivilege):
        vreemd.execute("SELECT igj_volgend_exemplaar('x')")


def test_same_message_id_is_linked_not_stored_twice(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a, b = new_dossier(ctx, seed), new_dossier(ctx, seed, "Ander dossier")
    first = post.registreer_post(ctx, _mail("eml/attachment_pdf.eml"), post.Registratie([a.id]))
    before = _state(database, store)

    # the same mail saved with LF line ends: other bytes, same Message-ID
    again = post.registreer_post(
        ctx, _mail("eml/attachment_pdf_lf.eml"), post.Registratie([b.id]), store=store
    )

    assert again.duplicaat and again.post.id == first.post.id
    assert "al eerder geregistreerd" in again.melding and b.kenmerk in again.melding
    (counts, blobs) = _state(database, store)
    assert blobs == before[1] and counts[2] == before[0][2]  # no new blob, no new document
    assert first.document_ids[0] in [i.id for i in documenten.documenten_van_dossier(ctx, b.id)]
    unchanged = _state(database, store)
    third = post.registreer_post(ctx, _mail("eml/attachment_pdf.eml"), post.Registratie([b.id]))
    assert third.duplicaat and "niets gewijzigd" in third.melding
    assert _state(database, store) == unchanged


def test_same_file_bytes_are_a_duplicate(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    data = (TESTDATA / "msg" / "attachment_msg_pdf.msg").read_bytes()
    pdf = _mail("msg/attachment_msg_pdf.msg").bijlagen[1].data
    post.registreer_post(ctx, ParsedFile("scan.pdf", None, pdf), post.Registratie([a.id]))
    result = post.registreer_post(
        ctx, ParsedFile("scan (2).pdf", None, pdf), post.Registratie([a.id])
    )
    assert result.duplicaat and data


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param(  # extract_msg logs the damaged file itself
            "corrupt.msg", CORRUPT.read_bytes(), "beschadigd", marks=pytest.mark.logt_fout
        ),
        ("leeg.eml", b"", "leeg (0 bytes)"),
        ("stuk.pdf", b"%PDF-1.7 dit is geen pdf", "beschadigd"),
        ("versleuteld.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "wachtwoord"),
    ],
)
def test_bad_input_changes_nothing(
    database: Database,
    seed: Seed,
    ctx: ServiceContext,
    store: DocumentStore,
    name: str,
    data: bytes,
    expected: str,
) -> None:
    new_dossier(ctx, seed)
    before = _state(database, store)
    with pytest.raises(ValidationFailed) as info:
        post.lees_bestand(name, data)
    assert expected in info.value.message
    assert _state(database, store) == before


@pytest.mark.parametrize(
    ("registratie_kwargs", "expected"),
    [
        ({"dossier_ids": []}, "ten minste één dossier"),
        ({"soort": "spam"}, "Onbekende soort post"),
        ({"beoordelaar": "both"}, "niet allebei"),
        ({"foreign": True}, "niet gevonden"),
    ],
)
def test_bad_registration_changes_nothing(
    database: Database,
    seed: Seed,
    ctx: ServiceContext,
    ctx_for,
    store: DocumentStore,
    registratie_kwargs: dict[str, object],
    expected: str,
) -> None:
    own = new_dossier(ctx, seed)
    foreign = new_dossier(
        ctx_for("cbakker"), seed, "Jeugd", afdeling_id=seed.groepen["Toezicht Jeugd"]
    )
    kwargs: dict[str, object] = {"dossier_ids": [own.id]}
    registratie_kwargs = dict(registratie_kwargs)
    if registratie_kwargs.pop("beoordelaar", None):
        kwargs["beoordelaar_medewerker_id"] = seed.medewerkers["bjansen"]
        kwargs["beoordelaar_groep_id"] = seed.groepen["Team GGZ"]
    if registratie_kwargs.pop("foreign", None):
        kwargs["dossier_ids"] = [own.id, foreign.id]
    kwargs.update(registratie_kwargs)
    before = _state(database, store)
    with pytest.raises(ServiceError) as info:
        post.registreer_post(
            ctx, _mail("msg/attachment_msg_pdf.msg"), post.Registratie(**kwargs), store=store
        )
    assert expected in info.value.message.lower() or expected in info.value.message
    assert _state(database, store) == before


def test_beoordelen_and_send_back(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    result = post.registreer_post(
        ctx,
        _mail("msg/quick.msg"),
        post.Registratie([a.id], beoordelaar_medewerker_id=seed.medewerkers["bjansen"]),
    )
    assert [p.id for p in post.post_register(ctx, alleen_onbeoordeeld=True)] == [result.post.id]
    assert [p.id for p in post.post_deze_week(ctx)] == [result.post.id]
    assert result.post.te_beoordelen

    bram = ctx_for("bjansen")
    with pytest.raises(ValidationFailed, match="waarom"):
        post.stuur_post_terug(bram, result.post.id, "  ")
    terug = post.stuur_post_terug(bram, result.post.id, "Hoort bij team Jeugd")
    assert terug.status == "teruggestuurd" and not terug.te_beoordelen
    with database.session() as s:
        beoordeling = s.scalars(
            select(Activiteit).where(Activiteit.code == post.BEOORDELEN_CODE)
        ).one()
        assert beoordeling.status == ActiviteitStatus.AFGEROND
        assert beoordeling.uitkomst == "teruggestuurd"
        melding = s.scalars(select(Activiteit).where(Activiteit.code == "post_teruggestuurd")).one()
        assert melding.eigenaar_medewerker_id == seed.medewerkers["avries"]
        assert "Hoort bij team Jeugd" in melding.omschrijving
    assert post.post_register(ctx, alleen_onbeoordeeld=True) == []


def test_register_hides_post_of_invisible_dossiers(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    carla = ctx_for("cbakker")
    jeugd = new_dossier(carla, seed, "Jeugd", afdeling_id=seed.groepen["Toezicht Jeugd"])
    post.registreer_post(carla, _mail("msg/quick.msg"), post.Registratie([jeugd.id]))
    assert len(post.post_register(carla)) == 1
    assert post.post_register(ctx) == []


def test_very_large_file_with_progress(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    data = bytes(range(256)) * (48 * 1024 * 1024 // 256)  # 48 MB scan
    steps: list[tuple[int, int, str]] = []
    parsed = post.lees_bestand("scan van de klacht.tif", data)
    result = post.registreer_post(
        ctx, parsed, post.Registratie([a.id]), store=store, progress=lambda *s: steps.append(s)
    )
    assert steps == [(1, 1, "scan van de klacht.tif")]
    (info,) = documenten.documenten_van_dossier(ctx, a.id)
    assert info.laatste.grootte == len(data) and result.post.kanaal == "bestand"


def _mail_met_bijlagen(aantal: int) -> bytes:
    bericht = EmailMessage()
    bericht["From"], bericht["To"] = "info@delinde.example.nl", "inspecteur@igj.example.nl"
    bericht["Subject"], bericht["Message-ID"] = f"{aantal} stukken", f"<{aantal}@delinde.nl>"
    bericht.set_content("Bijgaand de stukken.")
    for n in range(aantal):
        bericht.add_attachment(
            b"%%PDF-1.4 stuk %d" % n, maintype="application", subtype="pdf", filename=f"{n}.pdf"
        )
    return bericht.as_bytes()


def test_attachments_are_filed_without_a_statement_each(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    """The documents, versions and links of a mail go in one statement per table (a 50 MB
    mail with 20 attachments took 170 statements); the bytes are still stored one by one."""
    gezien: list[str] = []

    def tel(_conn, _cursor, statement: str, *_args: object) -> None:
        if "igj_inhoud_opslaan" not in statement:
            gezien.append(statement)

    aantallen = []
    for bijlagen in (2, 12):
        parsed = post.lees_bestand("stukken.eml", _mail_met_bijlagen(bijlagen))
        dossier = new_dossier(ctx, seed)
        gezien.clear()
        event.listen(ctx.db.engine, "before_cursor_execute", tel)
        try:
            result = post.registreer_post(ctx, parsed, post.Registratie([dossier.id]), store=store)
        finally:
            event.remove(ctx.db.engine, "before_cursor_execute", tel)
        aantallen.append(len(gezien))
        assert len(documenten.documenten_van_dossier(ctx, dossier.id)) == bijlagen + 1
        assert len(result.document_ids) == bijlagen + 1
    assert aantallen[0] == aantallen[1]


def test_names_windows_forbids_are_made_safe(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    pdf = _mail("msg/attachment_msg_pdf.msg").bijlagen[1].data
    parsed = post.lees_bestand("..\\..\\Re: klacht <spoed>?.pdf", pdf)
    assert isinstance(parsed, ParsedFile) and parsed.naam == "Re_ klacht _spoed__.pdf"
    post.registreer_post(ctx, parsed, post.Registratie([a.id]), store=store)
    con = post.lees_bestand("CON.pdf", pdf + b"\n")
    post.registreer_post(ctx, con, post.Registratie([a.id]), store=store)
    names = sorted(i.laatste.bestandsnaam for i in documenten.documenten_van_dossier(ctx, a.id))
    assert names == ["Re_ klacht _spoed__.pdf", "_CON.pdf"]
