"""The bench's Dutch text: deterministic by seed, 100–1,000 words, the corpus's word curve."""

from __future__ import annotations

import math
import re
from collections import Counter

from bench.tekst import MAX_WOORDEN, MIN_WOORDEN, TekstGenerator, woordenschat

WOORD = re.compile(r"[a-zà-ü']+")


def test_same_seed_and_number_give_the_same_text_in_any_order() -> None:
    eerst = [TekstGenerator(5).document(n) for n in (3, 1, 2)]
    later = TekstGenerator(5)
    assert [later.document(n) for n in (3, 1, 2)] == eerst
    assert later.document(2) == eerst[2]
    assert TekstGenerator(6).document(3) != eerst[0]
    assert len(set(eerst)) == 3


def test_documents_have_100_to_1000_words_in_sentences() -> None:
    generator = TekstGenerator(1)
    for n in range(200):
        tekst = generator.document(n)
        # names and dates add a word or two to a token; never below the minimum
        assert MIN_WOORDEN <= len(tekst.split()) <= MAX_WOORDEN * 3
        assert tekst.endswith(".")
        for zin in tekst.split(". ")[:5]:
            assert zin[0].isupper() or zin[0].isdigit(), zin


def test_word_frequencies_follow_the_corpus_curve() -> None:
    """Rank-frequency of the generated words: the corpus's most frequent words lead, and the
    log-log slope over the first 500 ranks is Zipf-like (near -1)."""
    generator = TekstGenerator(2)
    tellingen = Counter(w for n in range(300) for w in WOORD.findall(generator.document(n).lower()))
    schat = woordenschat()
    top = [str(w) for w in schat.woorden[:5]]
    assert {w for w, _ in tellingen.most_common(5)} == set(top)
    totaal = sum(tellingen.values())
    for rang in (0, 10, 100):
        woord = str(schat.woorden[rang])
        verwacht = schat.kans(rang) * (1 - 0.05)  # the share replaced by names and jargon
        assert abs(tellingen[woord] / totaal - verwacht) < 0.25 * verwacht, woord
    frequenties = [c for _, c in tellingen.most_common(500)]
    xs = [math.log(r + 1) for r in range(len(frequenties))]
    ys = [math.log(f) for f in frequenties]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    helling = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    assert -1.4 < helling < -0.6


def test_text_carries_names_kenmerken_and_supervision_words() -> None:
    tekst = " ".join(TekstGenerator(3).document(n, kenmerk="IGJ-2024-000042") for n in range(20))
    assert "IGJ-2024-000042" in tekst
    assert re.search(r"\b(inspectie|toezicht|zorgaanbieder|melding)\b", tekst)
    assert re.search(r"\b(De Jong|Jansen|De Vries|Bakker|Visser|Smit)\b", tekst)
