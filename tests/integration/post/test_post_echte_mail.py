"""Real mail as its authors meant it, registered on SQLite and PostgreSQL (issue 12's table):
every case with the real file that shows it (sources: tests/fixtures/mail/README.md)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DocumentStore, StoredBlob, default_store
from igj_desktop.integrations.mail_import import ParsedMail, parse_path
from igj_desktop.models import Post
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.toegang import toekenning as toegang
from tests.integration.dossier_support import new_dossier
from tests.integration.post.test_post_service import _state
from tests.seed import Seed
from tests.testdata import TESTDATA


@pytest.fixture
def store(ctx: ServiceContext, data_dir: Path) -> DocumentStore:
    """The store of the app's database, as the login (``test_post_service.store``)."""
    return default_store(ctx.db)


def _mail(name: str) -> ParsedMail:
    parsed = parse_path(TESTDATA / name)
    assert isinstance(parsed, ParsedMail)
    return parsed


def _namen(ctx: ServiceContext, dossier_id: object) -> list[str]:
    return sorted(
        i.laatste.bestandsnaam for i in documenten.documenten_van_dossier(ctx, dossier_id)
    )


def _posts(database: Database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(Post)) or 0


def test_smime_signed_msg_is_registered_with_its_signature(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    result = post.registreer_post(
        ctx, _mail("msg/logsat.com_signatures_valid.msg"), post.Registratie([a.id]), store=store
    )
    assert not result.duplicaat and "met 1 bijlage." in result.melding
    assert _namen(ctx, a.id) == ["smime.p7s", "test.msg"]
    assert result.post.datum == datetime(2005, 11, 5, 2, 16, tzinfo=UTC)


def test_obsolete_syntax_eml_is_registered(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    result = post.registreer_post(
        ctx, _mail("eml/example13.eml"), post.Registratie([a.id]), store=store
    )
    assert result.post.onderwerp == "Saying Hello"
    assert result.post.datum == datetime(1997, 11, 21, 15, 55, 6, tzinfo=UTC)
    assert result.post.message_id == "<1234@local.machine.example>"
    assert _namen(ctx, a.id) == ["Saying Hello.eml"]


@pytest.mark.parametrize(
    ("name", "wat"),
    [
        ("msgClassContact.msg", "contactpersoon"),
        ("msgClassTask.msg", "taak"),
        ("msgClassStickyNote.msg", "notitie"),
    ],
)
def test_outlook_contact_task_and_note_are_refused(
    database: Database,
    seed: Seed,
    ctx: ServiceContext,
    store: DocumentStore,
    name: str,
    wat: str,
) -> None:
    new_dossier(ctx, seed)
    before = _state(database, store)
    with pytest.raises(ValidationFailed) as info:
        post.lees_bestand(name, (TESTDATA / "msg" / name).read_bytes())
    assert f"Outlook-{wat}" in info.value.message and "geen mail" in info.value.message
    assert _state(database, store) == before


def test_unquoted_boundary_with_equals_keeps_body_and_attachment(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    javamail = _mail("eml/raw_email_with_binary_encoded.eml")
    result = post.registreer_post(ctx, javamail, post.Registratie([a.id]), store=store)
    assert "met 1 bijlage." in result.melding and "ontbreken" not in result.melding
    assert _namen(ctx, a.id) == ["2013-08-13_19-08-28-1.jpg", "Testing outlook.eml"]
    (jpeg,) = [
        i for i in documenten.documenten_van_dossier(ctx, a.id) if i.id != result.post.document_id
    ]
    assert (
        documenten.lees_versie(ctx, jpeg.laatste.id, store=store)[1] == b"BINARY_CONTENT_GOES_HERE"
    )


def test_a_lost_part_is_told_to_the_user(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    data = (TESTDATA / "eml" / "raw_email_with_binary_encoded.eml").read_bytes()
    cut = data.replace(b"------=_Part_13069834_15179892.1376435426074\r\n", b"", 1)
    parsed = post.lees_bestand("afgebroken.eml", cut)
    result = post.registreer_post(ctx, parsed, post.Registratie([a.id]), store=store)
    assert "kan hier ontbreken" in result.melding and "volledig opgeslagen" in result.melding
    (mail_doc,) = documenten.documenten_van_dossier(ctx, a.id)
    assert documenten.lees_versie(ctx, mail_doc.laatste.id, store=store)[1] == cut


def test_same_message_id_other_content_is_registered_with_a_warning(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a, b = new_dossier(ctx, seed), new_dossier(ctx, seed, "Tweede dossier")
    first = post.registreer_post(ctx, _mail("eml/attachment_pdf.eml"), post.Registratie([a.id]))
    other = _mail("eml/attachment_pdf_non_ascii.eml")  # the same <xxxx@xxxx.com>
    assert other.message_id == first.post.message_id

    second = post.registreer_post(ctx, other, post.Registratie([b.id]), store=store)

    assert not second.duplicaat and second.post.id != first.post.id
    assert "andere mail met dezelfde Message-ID" in second.melding and a.kenmerk in second.melding
    assert _posts(database) == 2


def test_raw_8bit_subject_is_decoded_in_post_and_file_name(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    result = post.registreer_post(
        ctx, _mail("eml/invalid_subject_characters.eml"), post.Registratie([a.id]), store=store
    )
    assert result.post.onderwerp.startswith("Formação FrenetikPolis: Mega Campanha Final Verão")
    (naam,) = _namen(ctx, a.id)
    assert naam == "Formação FrenetikPolis_ Mega Campanha Final Verão _ Cursos de Setembro.eml"
    assert "\ufffd" not in result.post.onderwerp + naam


def test_subject_with_a_slash_keeps_every_word_in_the_file_name(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    for name in ("raw_email_incorrect_header.eml", "raw_email_multiple_from.eml"):
        post.registreer_post(ctx, _mail(f"eml/{name}"), post.Registratie([a.id]), store=store)
    assert _namen(ctx, a.id) == [
        "Stop adware_spyware once and for all.eml",
        "_home_svn_public_minebox revision 214.eml",
    ]


def test_msg_with_only_a_delivery_time_gets_that_date(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a = new_dossier(ctx, seed)
    result = post.registreer_post(
        ctx, _mail("msg/keywords.msg"), post.Registratie([a.id]), store=store
    )
    assert result.post.datum == datetime(2020, 2, 20, 13, 8, 55, 38000, tzinfo=UTC)


def test_same_mail_without_message_id_in_crlf_and_lf_is_one_post(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    a, b = new_dossier(ctx, seed), new_dossier(ctx, seed, "Tweede dossier")
    crlf, lf = _mail("eml/bad_date_header.eml"), _mail("eml/bad_date_header_lf.eml")
    assert crlf.message_id is None and crlf.data != lf.data
    first = post.registreer_post(ctx, crlf, post.Registratie([a.id]), store=store)
    again = post.registreer_post(ctx, lf, post.Registratie([b.id]), store=store)
    assert again.duplicaat and again.post.id == first.post.id
    assert again.post.kenmerken == tuple(sorted([a.kenmerk, b.kenmerk]))
    assert _posts(database) == 1


def test_same_mail_in_an_afgeschermd_dossier_reveals_nothing(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    team = seed.groepen["Team GGZ"]
    geheim = new_dossier(
        ctx, seed, "Vertrouwelijk onderzoek", toegang_groepen=[(team, "behandelaar")]
    )
    eerste = post.registreer_post(ctx, _mail("msg/quick.msg"), post.Registratie([geheim.id]))
    toegang.set_afgeschermd(ctx, geheim.id, True, geheim.version)
    bram = ctx_for("bjansen")  # in Team GGZ, but not in the afgeschermd dossier
    eigen = new_dossier(bram, seed, "Eigen dossier")

    result = post.registreer_post(bram, _mail("msg/quick.msg"), post.Registratie([eigen.id]))

    assert not result.duplicaat and result.post.id != eerste.post.id
    assert geheim.kenmerk not in result.melding and "eerder" not in result.melding
    assert result.post.kenmerken == (eigen.kenmerk,)
    assert eerste.document_ids[0] not in result.document_ids
    with pytest.raises(NotFound):
        post.post_bij_activiteit(bram, eerste.post.id)
    # a second drop in the user's own dossier finds the user's own copy
    weer = post.registreer_post(bram, _mail("msg/quick.msg"), post.Registratie([eigen.id]))
    assert weer.duplicaat and weer.post.id == result.post.id
    assert geheim.kenmerk not in weer.melding and weer.post.kenmerken == (eigen.kenmerk,)


class _SamenStore:
    """The app's store of one login, held at its first write until both registrations have
    checked for the same mail: the moment a check before the insert cannot see the other."""

    def __init__(self, echt: DocumentStore, barrier: threading.Barrier) -> None:
        self._echt = echt
        self._barrier = barrier
        self._gewacht = False

    def put(self, data: bytes) -> StoredBlob:
        if not self._gewacht:
            self._gewacht = True
            self._barrier.wait(timeout=30)
        return self._echt.put(data)

    def __getattr__(self, naam: str) -> object:
        return getattr(self._echt, naam)


def test_same_mail_dropped_twice_at_once_is_one_post(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for, data_dir: Path
) -> None:
    a = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    barrier = threading.Barrier(2)
    results: list[post.RegistratieResultaat] = []
    errors: list[BaseException] = []

    def drop(who: ServiceContext) -> None:
        try:
            results.append(
                post.registreer_post(
                    who,
                    _mail("eml/attachment_pdf.eml"),
                    post.Registratie([a.id]),
                    store=_SamenStore(default_store(who.db), barrier),
                )
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=drop, args=(c,)) for c in (ctx, ctx_for("bjansen"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and not barrier.broken  # both checked before either inserted
    assert sorted(r.duplicaat for r in results) == [False, True]
    assert results[0].post.id == results[1].post.id and _posts(database) == 1
    assert len(documenten.documenten_van_dossier(ctx, a.id)) == 2  # the mail and its PDF, once


def test_the_database_itself_refuses_a_second_post_of_one_mail(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    a = new_dossier(ctx, seed)
    first = post.registreer_post(ctx, _mail("msg/quick.msg"), post.Registratie([a.id]))
    with database.session() as s, s.begin():
        sleutel = s.get(Post, first.post.id).inhoud_sleutel
    assert sleutel
    with pytest.raises(IntegrityError), database.session() as s, s.begin():
        s.add(Post(onderwerp="tweede", inhoud_sleutel=sleutel, exemplaar=0))
    assert _posts(database) == 1
