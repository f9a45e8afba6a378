"""Files held by Word or a virus scanner: retried with a bounded backoff, then a Dutch message."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from igj_desktop.integrations import bestandsslot, mail_import
from igj_desktop.integrations.bestandsslot import BestandInGebruik, herhaal
from igj_desktop.integrations.document_store import FileDocumentStore, sha256_of

from ..windows import Vergrendeling, vergrendeld, zonder_wachten


def test_a_scanner_that_lets_go_costs_a_few_short_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wachten = zonder_wachten(monkeypatch)
    store = FileDocumentStore(tmp_path / "opslag")
    doel = store.path_for(sha256_of(b"rapport"))
    slot = Vergrendeling(os.replace, doel, keer=3)
    monkeypatch.setattr(os, "replace", slot)

    blob = store.put(b"rapport")

    assert slot.geweigerd == 3 and store.get(blob.sha256) == b"rapport"
    assert wachten.pauzes == [0.06, 0.12, 0.24]  # doubling
    assert not list(doel.parent.glob(".tmp-*"))


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_file_word_keeps_open_is_named_with_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
) -> None:
    wachten = zonder_wachten(monkeypatch, ("Microsoft Word",))
    store = FileDocumentStore(tmp_path / "opslag")
    doel = tmp_path / "werkmap" / "Verslag inspectiebezoek.docx"
    blob = store.put(b"nieuwe inhoud")
    monkeypatch.setattr(os, "replace", Vergrendeling(os.replace, doel, None, winerror))

    with pytest.raises(BestandInGebruik) as fout:
        store.export(blob.sha256, doel)

    beleid = bestandsslot.BELEID
    assert len(wachten.pauzes) == beleid.pogingen - 1
    assert sum(wachten.pauzes) < 2.0  # the user waits at most two seconds
    assert fout.value.message == (
        "Het bestand 'Verslag inspectiebezoek.docx' is geopend in Microsoft Word, daardoor "
        "lukte het opslaan niet. Sluit het bestand in Microsoft Word en probeer het opnieuw. "
        f"Het bestand staat in {doel.parent}."
    )
    assert not doel.exists() and not list(doel.parent.glob(".tmp-*"))


def test_when_windows_cannot_say_who_the_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def restart_manager_faalt(pad: Path) -> tuple[str, ...]:
        raise OSError(5, "Toegang geweigerd")

    monkeypatch.setattr(
        bestandsslot,
        "BELEID",
        bestandsslot.Beleid(slaap=lambda s: None, houders=restart_manager_faalt),
    )
    pad = tmp_path / "melding.eml"
    pad.write_bytes(b"Subject: x\r\n\r\ntekst")
    monkeypatch.setattr(Path, "read_bytes", Vergrendeling(Path.read_bytes, pad, None))

    with pytest.raises(BestandInGebruik) as fout:
        mail_import.parse_path(pad)

    assert "'melding.eml' is in gebruik bij een ander programma" in fout.value.message
    assert "het inlezen niet" in fout.value.message and str(tmp_path) in fout.value.message


def test_two_programs_are_both_named() -> None:
    tekst = bestandsslot.melding(Path("a.docx"), "het opslaan", ("Microsoft Word", "Defender", "X"))
    assert "geopend in Microsoft Word, Defender en X," in tekst


def test_other_errors_are_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wachten = zonder_wachten(monkeypatch)
    pogingen = []

    def alleen_lezen() -> None:
        pogingen.append(1)
        raise PermissionError(13, "Permission denied", str(tmp_path))  # no winerror: not a lock

    with pytest.raises(PermissionError):
        herhaal(alleen_lezen, tmp_path, "het opslaan")
    with pytest.raises(FileNotFoundError):
        herhaal(lambda: (tmp_path / "weg").read_bytes(), tmp_path, "het lezen")
    assert pogingen == [1] and wachten.pauzes == []
    assert not bestandsslot.vergrendeld(vergrendeld(tmp_path, winerror=2))


def test_clean_up_skips_a_file_the_scanner_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zonder_wachten(monkeypatch)
    store = FileDocumentStore(tmp_path)
    (tmp_path / "ab" / "cd").mkdir(parents=True)
    vast, los = tmp_path / ".tmp-vast", tmp_path / "ab" / "cd" / ".tmp-los"
    vast.write_bytes(b"1")
    los.write_bytes(b"2")
    monkeypatch.setattr(Path, "unlink", Vergrendeling(Path.unlink, vast, None))

    assert store.opruimen_tijdelijk(datetime.now(UTC) + timedelta(hours=1)) == 1
    assert vast.exists() and not los.exists()
