"""Every sjabloon rendered for a demo dossier and read back with python-docx."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx

from igj_desktop.db import Database
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.errors import NotFound, ValidationFailed
from tests.document_demo import maak_dossier, vul_toetsing
from tests.seed import Seed

CATALOGUS = sjablonen.SjabloonCatalogus.laad()
WORD = [s.naam for s in CATALOGUS.sjablonen.values() if not s.is_mail]
MAATREGEL = {
    "omschrijving": "Leg binnen het netwerk schriftelijk vast wie de regie heeft.",
    "grondslag": "artikel 27 Wkkgz",
    "begunstigingstermijn": "acht weken",
    "dwangsom_bedrag": "2.500",
    "dwangsom_eenheid": "week",
    "dwangsom_maximum": "25.000",
    "invorderingsbedrag": "7.500",
    "datum_voornemen": "1 oktober 2026",
    "datum_besluit": "1 november 2026",
}


def docx_tekst(data: bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers and footers."""
    document = open_docx(io.BytesIO(data))
    delen = [p.text for p in document.paragraphs]
    for tabel in document.tables:
        delen += [cel.text for rij in tabel.rows for cel in rij.cells]
    for sectie in document.sections:
        delen += [p.text for p in sectie.header.paragraphs + sectie.footer.paragraphs]
    return "\n".join(delen)


def test_catalog_has_every_required_sjabloon_and_no_problems() -> None:
    assert CATALOGUS.problemen == {}
    verplicht = {
        "afspraakbevestiging_bezoek", "uitnodiging_bijeenkomst", "verslag_bezoek",
        "plan_van_aanpak", "vragenlijst", "conceptrapport", "definitief_rapport",
        "aanbiedbrief", "openbaarmakingsbesluit", "zakelijke_weergave", "verzoek_verbeterplan",
        "brief_maatregelen_niet_gerealiseerd", "afsluitbrief", "voornemen_lod", "besluit_lod",
        "voornemen_invorderingsbeschikking", "besluit_invorderingsbeschikking", "aanwijzing",
        "bevel", "uitnodiging_bestuursgesprek", "telefoonnotitie", "mail_afspraakbevestiging",
        "mail_algemeen",
    }  # fmt: skip
    assert verplicht <= set(CATALOGUS.sjablonen)


def test_unknown_variable_is_reported_when_the_catalog_loads(tmp_path: Path) -> None:
    map_ = tmp_path / "sjablonen"
    shutil.copytree(sjablonen.SJABLONEN_DIR, map_)
    bron = open_docx(map_ / "afsluitbrief.docx")
    bron.add_paragraph("{{ dossier.kenmerkk }} {{ behandelaar.naam }}")
    bron.add_paragraph("{%p for n in toetsing.normen %}")
    bron.add_paragraph("{{ n.oordel }}")
    bron.add_paragraph("{%p endfor %}")
    bron.save(map_ / "afsluitbrief.docx")
    (map_ / "bevel.docx").unlink()
    (map_ / "mail" / "algemeen.txt.j2").write_text("Onderwerp: {{ dossier.titl }}\n")

    catalogus = sjablonen.SjabloonCatalogus.laad(map_)
    assert catalogus.problemen == {
        "afsluitbrief": [
            "onbekend veld 'dossier.kenmerkk'",
            "onbekend veld 'n.oordel'",
            "onbekende variabele 'behandelaar'",
        ],
        "bevel": ["bestand bevel.docx ontbreekt"],
        "mail_algemeen": ["onbekend veld 'dossier.titl'"],
    }
    with pytest.raises(ValidationFailed) as fout:
        catalogus.get("afsluitbrief")
    assert "dossier.kenmerkk" in fout.value.message
    assert "afsluitbrief" not in {s.naam for s in catalogus.voor(None, "risicotoezicht")}


@pytest.fixture
def demo(database: Database, seed: Seed, ctx: ServiceContext):
    dossier = maak_dossier(database, seed)
    bevindingen = vul_toetsing(ctx, dossier)
    return dossier, bevindingen


@pytest.mark.parametrize("naam", WORD)
def test_every_sjabloon_renders_with_the_dossier_filled_in(
    demo, ctx: ServiceContext, naam: str
) -> None:
    dossier, bevindingen = demo
    ref = sjablonen.genereer_document(
        ctx, dossier.id, naam, invulvelden=MAATREGEL, catalogus=CATALOGUS
    )
    info, data = documenten.lees_versie(ctx, ref.versie_id)
    tekst = docx_tekst(data)

    assert "{{" not in tekst and "{%" not in tekst and "[in te vullen]" not in tekst
    assert dossier.kenmerk in tekst
    assert "Inspectie Gezondheidszorg en Jeugd" in tekst
    assert info.status == "concept" and info.bestandsnaam.endswith(".docx")
    soort = CATALOGUS.sjablonen[naam].soort
    if soort in ("brief", "besluit"):
        for verwacht in (
            "GGZ Noorderlicht",
            "Hoofdstraat 1",
            "1234 AB  Groningen",
            "Anna de Vries",
        ):
            assert verwacht in tekst
    if soort == "besluit":
        assert "bezwaar" in tekst and "Juridische Zaken" in tekst
    if naam in ("conceptrapport", "definitief_rapport", "verslag_bezoek"):
        for bevinding in bevindingen.values():
            assert bevinding in tekst
        assert "Gesprek met teamleider over ZN1." in tekst
    if naam in ("conceptrapport", "definitief_rapport", "zakelijke_weergave"):
        assert "voldoet gedeeltelijk" in tekst and "voldoet niet" in tekst
    if naam in ("voornemen_lod", "besluit_lod"):
        assert "2.500" in tekst and "artikel 27 Wkkgz" in tekst
    if naam.startswith("afspraakbevestiging"):
        assert "8 december 2026" in tekst and "10:00" in tekst  # 09:00 UTC in Amsterdam
    [document] = [
        d for d in documenten.documenten_van_dossier(ctx, dossier.id) if d.id == ref.document_id
    ]
    assert document.sjabloon == naam and document.soort == soort


def test_report_table_lists_every_norm_with_its_oordeel(demo, ctx: ServiceContext) -> None:
    dossier, _ = demo
    ref = sjablonen.genereer_document(ctx, dossier.id, "conceptrapport", catalogus=CATALOGUS)
    document = open_docx(io.BytesIO(documenten.lees_versie(ctx, ref.versie_id)[1]))
    tabel = next(t for t in document.tables if t.rows[0].cells[0].text == "Norm")
    rijen = [[c.text for c in r.cells] for r in tabel.rows[1:]]
    assert [r[0] for r in rijen] == ["ZN1", "ZN2", "ZN3", "ZN4"]
    assert [r[3] for r in rijen] == [
        "voldoet niet",
        "voldoet",
        "voldoet gedeeltelijk",
        "niet getoetst",
    ]
    assert rijen[0][2] == "Wkkgz artikel 3"


def test_sjablonen_are_chosen_per_afdeling_and_dossiertype(
    database: Database, seed: Seed, ctx_for
) -> None:
    jeugd = maak_dossier(
        database, seed, behandelaars=("cbakker",), afdeling="Toezicht Jeugd",
        dossiertype="thematisch_toezicht", ots="Jeugdhulp Het Anker",
    )  # fmt: skip
    carla = ctx_for("cbakker")
    gekozen = {s.titel: s.naam for s in sjablonen.sjablonen_voor_dossier(carla, jeugd.id)}
    assert gekozen["Afspraakbevestiging bezoek"] == "afspraakbevestiging_bezoek_jeugd"
    assert "Besluit last onder dwangsom" not in gekozen
    context = sjablonen.render_context(carla, jeugd.id)
    # jeugdhulp: reactie op het conceptrapport binnen 10 werkdagen
    assert context["termijnen"]["reactie"] != context["termijnen"]["verbeterplan"]
    mails = {s.naam for s in sjablonen.sjablonen_voor_dossier(carla, jeugd.id, mail=True)}
    assert mails == {
        "mail_afspraakbevestiging",
        "mail_algemeen",
        "mail_vragenlijst",
        "mail_rappel_vragenlijst",
    }


def test_mail_sjabloon_renders_subject_and_body(demo, ctx: ServiceContext) -> None:
    dossier, _ = demo
    mail = sjablonen.render_mail(ctx, dossier.id, "mail_afspraakbevestiging", catalogus=CATALOGUS)
    assert mail.onderwerp == f"Bevestiging bezoek 8 december 2026 – kenmerk {dossier.kenmerk}"
    assert "Inspectiebezoek crisisopvang" in mail.tekst and "Anna de Vries" in mail.tekst
    assert mail.tekst.startswith("Geachte directie,")


def test_telefoonnotitie_is_filled_from_the_note(
    demo, database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    from datetime import UTC, datetime

    from igj_desktop.models import Telefoonnotitie

    dossier, _ = demo
    with database.session() as s, s.begin():
        notitie = Telefoonnotitie(
            dossier_id=dossier.id,
            gesprek_op=datetime(2026, 11, 20, 13, 15, tzinfo=UTC),
            gesprekspartner="mw. De Boer, bestuurder",
            telefoonnummer="050 123 45 67",
            onderwerp="Voortgang verbeterplan",
            samenvatting="Het verbeterplan komt een week later.",
            actiepunten="Nieuwe datum in de termijnbewaking zetten.",
            terugbellen=True,
        )
        s.add(notitie)
        s.flush()
        notitie_id = notitie.id
    ref = sjablonen.genereer_document(
        ctx, dossier.id, "telefoonnotitie", telefoonnotitie_id=notitie_id, catalogus=CATALOGUS
    )
    tekst = docx_tekst(documenten.lees_versie(ctx, ref.versie_id)[1])
    for verwacht in (
        "20 november 2026 14:15", "mw. De Boer, bestuurder", "050 123 45 67",
        "Het verbeterplan komt een week later.", "Terugbellen: ja",
    ):  # fmt: skip
        assert verwacht in tekst
    ander = maak_dossier(database, seed)
    with pytest.raises(NotFound) as fout:
        sjablonen.genereer_document(ctx, ander.id, "telefoonnotitie", telefoonnotitie_id=notitie_id)
    assert "hoort niet bij dit dossier" in fout.value.message
