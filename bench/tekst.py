"""Realistic Dutch text for the bench documents, deterministic by seed and document number.

Words come from a list of the 5,000 most frequent Dutch words with their corpus counts
(``woorden/``, OpenSubtitles 2018 via hermitdave/FrequencyWords, CC BY-SA 4.0), drawn with
those counts as weights, so the text follows the corpus's natural (Zipf) frequency curve.
Mixed in, as an inspectorate's letters and reports have them: supervision vocabulary,
names of people and organisations, kenmerken and dates. Sentences of 5–20 words, each
starting with a capital and ending with a full stop; 100–1,000 words a document.

Each document has its own random stream (seed, number), so document 7's text does not
depend on which documents were generated before it, and generating is fast enough for
hundreds of thousands of documents (numpy draws every word of a document at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WOORDENLIJST = Path(__file__).resolve().parent / "woorden" / "nl_opensubtitles_5000.txt"
MIN_WOORDEN = 100
MAX_WOORDEN = 1_000
ZIN_LENGTE = (5, 21)
DOMEIN_AANDEEL = 0.04
NAAM_AANDEEL = 0.01

DOMEIN = [
    "inspectie",
    "inspecties",
    "inspecteur",
    "inspecteurs",
    "toezicht",
    "zorgaanbieder",
    "zorgaanbieders",
    "zorgverlener",
    "cliënt",
    "cliënten",
    "patiënt",
    "patiënten",
    "bewoner",
    "bewoners",
    "medicatie",
    "medicatieveiligheid",
    "calamiteit",
    "calamiteiten",
    "melding",
    "meldingen",
    "incident",
    "incidenten",
    "valincident",
    "dossiervoering",
    "vrijheidsbeperking",
    "infectiepreventie",
    "klachtbehandeling",
    "wachttijden",
    "verbeterplan",
    "verbetermaatregelen",
    "aanwijzing",
    "bestuurder",
    "bestuurders",
    "raad",
    "toezichthouder",
    "zorgplan",
    "verpleegkundige",
    "verpleegkundigen",
    "arts",
    "artsen",
    "huisarts",
    "apotheker",
    "behandelaar",
    "jeugdhulp",
    "ouderenzorg",
    "ziekenhuis",
    "instelling",
    "locatie",
    "afdeling",
    "rapport",
    "rapportage",
    "bevindingen",
    "norm",
    "normen",
    "risico",
    "risico's",
    "handhaving",
    "bezoek",
    "onaangekondigd",
    "hoor",
    "wederhoor",
    "termijn",
    "maatregel",
    "last",
    "onder",
    "dwangsom",
    "bestuurlijke",
    "boete",
    "veiligheid",
    "kwaliteit",
    "protocol",
    "evaluatie",
    "analyse",
    "oorzaak",
    "aanbeveling",
    "conclusie",
]
VOORNAMEN = [
    "Anna",
    "Sanne",
    "Fatima",
    "Eva",
    "Lotte",
    "Emma",
    "Noor",
    "Sophie",
    "Fleur",
    "Iris",
    "Daan",
    "Sem",
    "Lucas",
    "Milan",
    "Mohammed",
    "Bram",
    "Thijs",
    "Jesse",
    "Ruben",
    "Pieter",
    "Kees",
    "Willem",
    "Johan",
    "Marieke",
    "Ingrid",
    "Hanneke",
]
ACHTERNAMEN = [
    "De Jong",
    "Jansen",
    "De Vries",
    "Van den Berg",
    "Van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Leeuwen",
    "Dekker",
    "Brouwer",
    "Yilmaz",
    "El Amrani",
    "Kramer",
    "Van der Meer",
    "Verhoeven",
    "Postma",
]
ORGANISATIES = [
    "Zorggroep De Linde",
    "GGZ Noorderlicht",
    "Jeugdhulp Het Anker",
    "Ziekenhuis Rivierenland",
    "Apotheek De Vijzel",
    "Zonnehof Wonen en Zorg",
    "Huisartsenpraktijk Eikenrode",
]
MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True)
class Woordenschat:
    """The words and their cumulative probabilities (for ``searchsorted``)."""

    woorden: np.ndarray
    cumulatief: np.ndarray

    @classmethod
    def uit(cls, paren: list[tuple[str, int]]) -> Woordenschat:
        woorden = np.array([w for w, _ in paren], dtype=object)
        tellingen = np.array([c for _, c in paren], dtype=np.float64)
        cumulatief = np.cumsum(tellingen / tellingen.sum())
        cumulatief[-1] = 1.0
        return cls(woorden, cumulatief)

    def kans(self, rang: int) -> float:
        """The probability of the word at ``rang`` (0 = most frequent)."""
        vorige = self.cumulatief[rang - 1] if rang else 0.0
        return float(self.cumulatief[rang] - vorige)


@cache
def woordenschat(pad: Path = WOORDENLIJST) -> Woordenschat:
    """The word list as shipped: ``woord telling`` per line, most frequent first."""
    paren = []
    for regel in pad.read_text(encoding="utf-8").splitlines():
        woord, telling = regel.split()
        paren.append((woord, int(telling)))
    return Woordenschat.uit(paren)


class TekstGenerator:
    """``document(n)`` is document n's text; the same seed and n give the same text."""

    def __init__(self, seed: int, schat: Woordenschat | None = None) -> None:
        self.seed = seed
        self.schat = schat or woordenschat()

    def document(self, nummer: int, kenmerk: str | None = None) -> str:
        rng = np.random.default_rng([self.seed, nummer])
        aantal = int(rng.integers(MIN_WOORDEN, MAX_WOORDEN + 1))
        rangen = np.searchsorted(self.schat.cumulatief, rng.random(aantal), side="right")
        woorden: list[str] = self.schat.woorden[rangen].tolist()
        soort = rng.random(aantal)
        keuze = rng.integers(0, 1 << 30, aantal)
        for i in np.flatnonzero(soort < DOMEIN_AANDEEL + NAAM_AANDEEL):
            woorden[i] = self._invulling(float(soort[i]), int(keuze[i]), kenmerk)
        return self._zinnen(woorden, rng)

    @staticmethod
    def _invulling(soort: float, keuze: int, kenmerk: str | None) -> str:
        """A supervision word, or (rarer) a name, an organisation, a kenmerk or a date."""
        if soort < DOMEIN_AANDEEL:
            return DOMEIN[keuze % len(DOMEIN)]
        match keuze % 5:
            case 0 | 1:
                voornaam = VOORNAMEN[keuze // 5 % len(VOORNAMEN)]
                return f"{voornaam} {ACHTERNAMEN[keuze // 97 % len(ACHTERNAMEN)]}"
            case 2:
                return ORGANISATIES[keuze // 5 % len(ORGANISATIES)]
            case 3:
                jaar = 2016 + keuze // 5 % 11
                return kenmerk or f"IGJ-{jaar}-{keuze // 55 % 20_000 + 1:06d}"
            case _:
                maand = MAANDEN[keuze // 5 % 12]
                return f"{keuze // 60 % 28 + 1} {maand} {2016 + keuze // 1680 % 11}"

    @staticmethod
    def _zinnen(woorden: list[str], rng: np.random.Generator) -> str:
        zinnen = []
        begin = 0
        lengtes = rng.integers(*ZIN_LENGTE, len(woorden) // ZIN_LENGTE[0] + 1)
        for lengte in lengtes:
            if begin >= len(woorden):
                break
            zin = woorden[begin : begin + int(lengte)]
            zin[0] = zin[0][:1].upper() + zin[0][1:]
            zinnen.append(" ".join(zin) + ".")
            begin += int(lengte)
        return " ".join(zinnen)
