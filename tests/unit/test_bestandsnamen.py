"""File names: refused with a Dutch reason when typed, made safe when they come from outside."""

from __future__ import annotations

import pytest

from igj_desktop.integrations.bestandsnamen import bezwaar, veilig
from igj_desktop.integrations.mail_import import safe_filename


@pytest.mark.parametrize(
    ("naam", "reden"),
    [
        ("rapport\u202efdp.exe", "leesrichting"),
        ("verslag\u2067.pdf", "leesrichting"),
        ("\u200fbrief.docx", "leesrichting"),
        ("COM¹.txt", "gereserveerde naam"),
        ("lpt³", "gereserveerde naam"),
        ("CON .txt", "gereserveerde naam"),
        ("con.tar.gz", "gereserveerde naam"),
        ("CONOUT$", "gereserveerde naam"),
        ("brief.", "punt of spatie"),
        ("brief ", "punt of spatie"),
        ("rapport?.docx", "Windows niet toestaat"),
        ("tab\there.txt", "Windows niet toestaat"),
        ("", "Geef het bestand een naam"),
        ("a" * 252 + ".pdf", "langer dan 255"),
    ],
)
def test_unsafe_names_are_refused_in_dutch(naam: str, reden: str) -> None:
    tekst = bezwaar(naam)
    assert tekst is not None and reden in tekst
    assert "\u202e" not in tekst  # the message itself is not turned around


@pytest.mark.parametrize(
    "naam", ["rapport.pdf", "Verslag bezoek 12-03.docx", "COM10.txt", "CONSOLE.log", "café.msg"]
)
def test_ordinary_names_pass(naam: str) -> None:
    assert bezwaar(naam) is None


@pytest.mark.parametrize(
    ("naam", "veilige"),
    [
        ("rapport\u202efdp.exe", "rapportfdp.exe"),
        ("COM¹.txt", "_COM¹.txt"),
        ("CON .txt", "_CON .txt"),
        ("nul", "_nul"),
        ("brief. . ", "brief"),
        ("\u202e\u202c", "document"),
        ('Re: "offerte"?.msg', "Re_ _offerte__.msg"),
    ],
)
def test_names_from_outside_are_made_safe(naam: str, veilige: str) -> None:
    assert veilig(naam, "document") == veilige
    assert bezwaar(veilige) is None


def test_a_mail_attachment_cannot_hide_its_extension() -> None:
    naam = safe_filename("factuur\u202egnp.exe")
    assert naam == "factuurgnp.exe" and naam.endswith(".exe")
