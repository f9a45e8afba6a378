"""The question's terms, the Dutch stems and the fragment, without a database."""

from __future__ import annotations

from igj_desktop.services.documenten.zoekmachine import (
    Term,
    als_html,
    maak_fragment,
    ontleed,
    stammen,
    zonder_markering,
)


def test_words_phrases_and_prefixes() -> None:
    assert ontleed('Inspecties "goed  bestuur" insp* IGJ-2026-000123 *** ""') == (
        Term(("inspecties",)),
        Term(("goed", "bestuur")),
        Term(("insp",), prefix=True),
        Term(("igj", "2026", "000123")),  # punctuation separates: a kenmerk is a phrase
    )
    assert ontleed('"open einde') == (Term(("open", "einde")),)


def test_plural_and_singular_share_a_stem() -> None:
    assert stammen("Inspecties, inspectie.") == "inspectie inspectie"
    assert stammen("zorgaanbieders rapporten") == "zorgaanbieder rapport"


def test_the_fragment_marks_every_form_of_the_words_around_the_first_hit() -> None:
    tekst = " ".join(f"woord{i}" for i in range(40)) + " De inspecties vonden plaats. Inspectie!"
    fragment = maak_fragment(tekst, ontleed("inspectie"))
    assert fragment.startswith("… woord")
    assert "De ⟦inspecties⟧ vonden plaats. ⟦Inspectie⟧" in fragment
    assert zonder_markering(fragment).endswith("De inspecties vonden plaats. Inspectie!")
    prefix = maak_fragment("Het toezicht wordt verscherpt", ontleed("verscherp*"))
    assert prefix == "Het toezicht wordt ⟦verscherpt⟧"


def test_html_of_a_fragment_is_escaped_before_the_hits_are_made_bold() -> None:
    fragment = maak_fragment("<script>alert(1)</script> de inspectie & meer", ontleed("inspectie"))
    assert als_html(fragment) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; de <b>inspectie</b> &amp; meer"
    )
