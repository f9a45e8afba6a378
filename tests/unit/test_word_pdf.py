"""Word to PDF through COM, with pywin32, winreg and Word itself stood in for at the seam."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from docx import Document as open_docx

from igj_desktop.integrations import pdf_convert, word_pdf

from ..windows import met_register


class ComError(Exception):
    """Like ``pywintypes.com_error``: (hresult, text, excepinfo, argerror)."""


class Pythoncom:
    COINIT_APARTMENTTHREADED = 2

    def __init__(self) -> None:
        self.log: list[tuple[str, int]] = []

    def CoInitializeEx(self, flags: int) -> None:
        self.log.append(("init", threading.get_ident()))

    def CoUninitialize(self) -> None:
        self.log.append(("uninit", threading.get_ident()))


class Document:
    def __init__(self, word: Word) -> None:
        self.word = word

    def SaveAs2(self, pad: str, FileFormat: int) -> None:
        if self.word.faalt_bij == "SaveAs2":
            raise ComError(
                -2147352567,
                "Exception occurred.",
                (0, "Microsoft Word", "", None, 0, -2146822494),
                None,
            )
        assert FileFormat == word_pdf.WD_FORMAT_PDF
        Path(pad).write_bytes(b"%PDF-1.7 door Word\n")

    def Close(self, opslaan: bool) -> None:
        self.word.log.append("Close")


class Word:
    def __init__(self, faalt_bij: str | None) -> None:
        self.faalt_bij, self.log = faalt_bij, []
        self.Documents = SimpleNamespace(Open=self._open)
        self.Visible = True
        self.DisplayAlerts = -1

    def _open(self, pad: str, **opties: Any) -> Document:
        self.log.append(
            ("Open", Path(pad).suffix, opties["ReadOnly"], self.Visible, self.DisplayAlerts)
        )
        return Document(self)

    def Quit(self) -> None:
        self.log.append("Quit")


class Client:
    def __init__(self, pythoncom: Pythoncom, faalt_bij: str | None) -> None:
        self.pythoncom, self.faalt_bij, self.words = pythoncom, faalt_bij, []

    def DispatchEx(self, progid: str) -> Word:
        assert progid == "Word.Application"
        assert self.pythoncom.log[-1] == ("init", threading.get_ident())  # COM on this thread
        if self.faalt_bij == "DispatchEx":
            raise ComError(-2147221005, "Ongeldige klassereeks", None, None)
        self.words.append(Word(self.faalt_bij))
        return self.words[-1]


def windows(
    monkeypatch: pytest.MonkeyPatch,
    *,
    word_geregistreerd: bool = True,
    faalt_bij: str | None = None,
) -> tuple[Pythoncom, Client]:
    pythoncom = Pythoncom()
    client = Client(pythoncom, faalt_bij)
    clsid = {
        ("HKEY_CLASSES_ROOT", r"Word.Application\CLSID"): {
            "": "{000209FF-0000-0000-C000-000000000046}"
        }
    }
    monkeypatch.setattr(word_pdf, "_pywin32", lambda: word_pdf.Pywin32(pythoncom, client, ComError))
    met_register(monkeypatch, clsid if word_geregistreerd else {})
    return pythoncom, client


def _docx() -> bytes:
    buffer = io.BytesIO()
    open_docx().save(buffer)
    return buffer.getvalue()


def _op_werkthread(functie: Any) -> Any:
    """Run ``functie`` on a thread of its own, as the app's task runner does."""
    uitkomst: dict[str, Any] = {}

    def run() -> None:
        try:
            uitkomst["waarde"] = functie()
        except Exception as exc:
            uitkomst["fout"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst["waarde"], thread.ident


def test_word_converts_on_the_worker_thread_with_com_initialised_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pythoncom, client = windows(monkeypatch)
    assert pdf_convert.beschikbare_omzetter() == "Microsoft Word"

    resultaat, thread = _op_werkthread(lambda: pdf_convert.naar_pdf(_docx(), "verslag.docx"))

    assert resultaat == pdf_convert.PdfResultaat(b"%PDF-1.7 door Word\n", "Microsoft Word")
    assert pythoncom.log == [("init", thread), ("uninit", thread)]
    [word] = client.words
    assert word.log == [("Open", ".docx", True, False, 0), "Close", "Quit"]  # hidden, no dialogs


@pytest.mark.parametrize("faalt_bij", ["DispatchEx", "SaveAs2"])
def test_a_com_error_falls_back_to_libreoffice(
    monkeypatch: pytest.MonkeyPatch, libreoffice: str, faalt_bij: str
) -> None:
    pythoncom, client = windows(monkeypatch, faalt_bij=faalt_bij)

    resultaat, thread = _op_werkthread(lambda: pdf_convert.naar_pdf(_docx(), "verslag.docx"))

    assert resultaat.omgezet_met == "LibreOffice" and resultaat.data.startswith(b"%PDF-")
    assert pythoncom.log == [("init", thread), ("uninit", thread)]  # also after the error
    assert all(w.log[-2:] == ["Close", "Quit"] for w in client.words)


def test_a_com_error_without_libreoffice_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    windows(monkeypatch, faalt_bij="SaveAs2")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)

    with pytest.raises(pdf_convert.ConversieMislukt) as fout:
        pdf_convert.naar_pdf(_docx(), "verslag.docx")

    assert fout.value.message == pdf_convert.GEEN_WORD_GEEN_LIBREOFFICE
    assert "niet definitief" in fout.value.message and "Exception" not in fout.value.message


def test_pywin32_without_word_is_not_taken_for_word(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pythoncom, client = windows(monkeypatch, word_geregistreerd=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)

    assert not word_pdf.geinstalleerd() and pdf_convert.beschikbare_omzetter() is None
    with pytest.raises(pdf_convert.ConversieMislukt) as fout:
        pdf_convert.naar_pdf(_docx(), "verslag.docx")
    assert fout.value.message == pdf_convert.GEEN_OMZETTER
    assert pythoncom.log == [] and client.words == []  # Word was never started


def test_a_thread_with_com_in_another_mode_is_left_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pythoncom, _ = windows(monkeypatch)

    def al_anders(flags: int) -> None:
        pythoncom.log.append(("init", threading.get_ident()))
        raise ComError(-2147417850, "Cannot change thread mode after it is set.", None, None)

    monkeypatch.setattr(pythoncom, "CoInitializeEx", al_anders)
    bron = tmp_path / "in.docx"
    bron.write_bytes(_docx())
    word_pdf.omzetten(bron, tmp_path / "uit.pdf")
    assert (tmp_path / "uit.pdf").read_bytes().startswith(b"%PDF-")
    assert [soort for soort, _ in pythoncom.log] == ["init"]  # no CoUninitialize of another's COM
