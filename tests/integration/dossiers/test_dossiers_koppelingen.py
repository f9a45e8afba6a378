"""Koppelen gerelateerde dossiers: internal links both ways, external hyperlinks."""

from __future__ import annotations

import pytest

from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import koppelingen, tijdlijn
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang import toekenning as toegang
from tests.integration.dossier_support import new_dossier


def test_internal_link_shows_in_both_dossiers_and_unlinks_in_both(ctx, seed):
    a = new_dossier(ctx, seed, "Dossier A")
    b = new_dossier(ctx, seed, "Dossier B")
    rows = koppelingen.link_dossier(ctx, a.id, b.id, "Zelfde zorgaanbieder")
    assert [(r.doel.kenmerk, r.omschrijving, r.intern) for r in rows] == [
        (b.kenmerk, "Zelfde zorgaanbieder", True)
    ]
    terug = dossiers.get_dossier_detail(ctx, b.id).koppelingen
    assert [(r.doel.id, r.systeem) for r in terug] == [(a.id, "intern")]
    with pytest.raises(ValidationFailed, match="al gekoppeld"):
        koppelingen.link_dossier(ctx, b.id, a.id)
    with pytest.raises(ValidationFailed, match="zichzelf"):
        koppelingen.link_dossier(ctx, a.id, a.id)
    assert koppelingen.unlink(ctx, b.id, terug[0].id) == []
    assert koppelingen.list_koppelingen(ctx, a.id) == []


def test_link_needs_sight_of_the_other_dossier_and_hides_invisible_targets(ctx, ctx_for, seed):
    a = new_dossier(ctx, seed, "Van Anna")
    carla = ctx_for("cbakker")
    c = new_dossier(carla, seed, "Van Carla")
    with pytest.raises(NotFound):
        koppelingen.link_dossier(ctx, a.id, c.id)
    koppelingen.link_dossier(carla, c.id, new_dossier(carla, seed, "Ook van Carla").id)
    # Anna gets lezer access to c: she sees c, but not the dossier c links to
    toegang.grant_toegang(carla, c.id, medewerker_id=seed.medewerkers["avries"], rol="lezer")
    assert koppelingen.list_koppelingen(ctx, c.id) == []
    assert len(koppelingen.list_koppelingen(carla, c.id)) == 1
    koppelingen.link_dossier(ctx, a.id, c.id)  # reading is enough for the other side
    assert [r.doel.id for r in koppelingen.list_koppelingen(ctx, a.id)] == [c.id]
    # Carla cannot see a: her side of the link stays hidden from her
    assert len(koppelingen.list_koppelingen(carla, c.id)) == 1


def test_linking_keeps_an_afgeschermd_kenmerk_out_of_the_other_timeline(ctx, ctx_for, seed):
    open_ = new_dossier(ctx, seed, "Open", toegang_groepen=[(seed.groepen["Team GGZ"], "lezer")])
    geheim = new_dossier(ctx, seed, "Geheim")
    toegang.set_afgeschermd(ctx, geheim.id, True, None)
    koppelingen.link_dossier(ctx, open_.id, geheim.id)
    teksten = [r.omschrijving for r in tijdlijn.list_tijdlijn(ctx_for("bjansen"), open_.id)]
    assert f"{open_.kenmerk} gekoppeld aan een afgeschermd dossier." in teksten
    assert not any(geheim.kenmerk in tekst for tekst in teksten)
    assert koppelingen.list_koppelingen(ctx_for("bjansen"), open_.id) == []
    eigen = [r.omschrijving for r in tijdlijn.list_tijdlijn(ctx, geheim.id)]
    assert f"{geheim.kenmerk} gekoppeld aan {open_.kenmerk}." in eigen


@pytest.mark.parametrize(
    "url",
    [
        "",
        "wpm.igj.nl/dossier/1",
        "ftp://wpm.igj.nl/1",
        "https://",
        "https://wpm igj.nl/1",
        "javascript:alert(1)",
    ],
)
def test_external_link_refuses_bad_urls(ctx, seed, url):
    a = new_dossier(ctx, seed)
    with pytest.raises(ValidationFailed):
        koppelingen.link_extern(ctx, a.id, "WPM", url)
    assert koppelingen.list_koppelingen(ctx, a.id) == []


def test_external_link_to_wpm_brs_and_signaal(ctx, seed):
    a = new_dossier(ctx, seed)
    koppelingen.link_extern(ctx, a.id, "WPM", "https://wpm.igj.nl/dossier/4711", "Werkplan")
    rows = koppelingen.link_extern(ctx, a.id, "signaal", " http://signalen.igj.local/s/88 ")
    assert [(r.systeem, r.url, r.intern) for r in rows] == [
        ("WPM", "https://wpm.igj.nl/dossier/4711", False),
        ("signaal", "http://signalen.igj.local/s/88", False),
    ]
    with pytest.raises(ValidationFailed, match="Kies een systeem"):
        koppelingen.link_extern(ctx, a.id, "Facebook", "https://example.org")
    assert len(koppelingen.unlink(ctx, a.id, rows[0].id)) == 1
