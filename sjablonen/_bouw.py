"""Builds the Word sjablonen (docxtpl templates) in this folder from the texts below.

Run ``python sjablonen/_bouw.py`` after changing a text; the .docx files are committed so
the application needs no build step. Every ``{{ … }}`` refers to the render context that
``igj_desktop/services/documenten/sjablonen.py`` documents (``CONTEXT_VELDEN``); the catalog check
reports a sjabloon that uses anything else.

A sjabloon is a list of blocks:
  ("h", tekst)        heading            ("p", tekst)   paragraph
  ("b", tekst)        bold paragraph     ("lijst", …)   bulleted lines
  ("normtabel",)      table of normen with oordeel, from the toetsing module
  ("normsecties",)    one section per norm: kader, waarnemingen, bevinding, oordeel
  ("deelnemers",)     the deelnemers of the afspraak
  ("bezwaar",)        the bezwaarclausule of a besluit
  ("velden", [(label, waarde), …])   a two-column table (notes, forms)
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

MAP = Path(__file__).parent
BLAUW = RGBColor(0x15, 0x42, 0x73)
GRIJS = RGBColor(0x55, 0x55, 0x55)

Block = tuple

AANHEF = ("p", "Geachte {{ ots.aanhef }},")
AFSLUITING_VRAGEN = (
    "p",
    "Hebt u vragen over deze brief? Neem dan contact op met {{ afzender.naam }} via "
    "{{ afzender.telefoon }} of {{ afzender.email }}. Vermeld bij contact altijd ons kenmerk "
    "{{ kenmerk }}.",
)

# name -> (soort: brief|rapport|notitie, onderwerp/titel, blocks)
SJABLONEN: dict[str, tuple[str, str, list[Block]]] = {
    "afspraakbevestiging_bezoek": (
        "brief",
        "Bevestiging inspectiebezoek op {{ afspraak.datum }}",
        [
            AANHEF,
            ("p", "Hierbij bevestigen wij het inspectiebezoek aan {{ ots.naam }}."),
            (
                "velden",
                [
                    ("Datum", "{{ afspraak.datum }}"),
                    ("Tijd", "{{ afspraak.begintijd }} tot {{ afspraak.eindtijd }} uur"),
                    ("Locatie", "{{ afspraak.locatie }}"),
                    ("Onderwerp", "{{ afspraak.onderwerp }}"),
                ],
            ),
            ("p", "Namens de inspectie zijn aanwezig:"),
            ("deelnemers",),
            (
                "p",
                "Tijdens het bezoek toetsen wij aan de normen van {{ toetsing.instrument }}. Wij "
                "vragen u de documenten die wij in de bijlage noemen uiterlijk op "
                "{{ termijnen.aanleveren }} aan ons toe te sturen, onder vermelding van ons "
                "kenmerk.",
            ),
            (
                "p",
                "Wij spreken graag met de bestuurder, de leidinggevende van de afdeling en "
                "enkele zorgverleners. Wilt u ervoor zorgen dat zij op het afgesproken tijdstip "
                "beschikbaar zijn?",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "afspraakbevestiging_bezoek_jeugd": (
        "brief",
        "Bevestiging inspectiebezoek jeugdhulp op {{ afspraak.datum }}",
        [
            AANHEF,
            ("p", "Hierbij bevestigen wij het inspectiebezoek aan {{ ots.naam }}."),
            (
                "velden",
                [
                    ("Datum", "{{ afspraak.datum }}"),
                    ("Tijd", "{{ afspraak.begintijd }} tot {{ afspraak.eindtijd }} uur"),
                    ("Locatie", "{{ afspraak.locatie }}"),
                ],
            ),
            ("p", "Namens de inspectie zijn aanwezig:"),
            ("deelnemers",),
            (
                "p",
                "Tijdens het bezoek spreken wij graag met jeugdigen en hun ouders of verzorgers, "
                "met jeugdprofessionals en met de bestuurder. Wilt u de jeugdigen en ouders vooraf "
                "informeren over ons bezoek en hun toestemming vragen voor een gesprek?",
            ),
            (
                "p",
                "Wij toetsen aan {{ toetsing.instrument }}. Stuur de gevraagde documenten "
                "uiterlijk {{ termijnen.aanleveren }} onder vermelding van ons kenmerk.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "uitnodiging_bijeenkomst": (
        "brief",
        "Uitnodiging bijeenkomst {{ afspraak.onderwerp }}",
        [
            AANHEF,
            (
                "p",
                "In het kader van ons toezicht op {{ dossier.titel }} organiseert de inspectie "
                "een bijeenkomst met de zorgaanbieders en andere betrokkenen in het netwerk. "
                "Wij nodigen u daarvoor van harte uit.",
            ),
            (
                "velden",
                [
                    ("Datum", "{{ afspraak.datum }}"),
                    ("Tijd", "{{ afspraak.begintijd }} tot {{ afspraak.eindtijd }} uur"),
                    ("Locatie", "{{ afspraak.locatie }}"),
                ],
            ),
            (
                "p",
                "Tijdens de bijeenkomst bespreken wij de samenwerking en afstemming rond de "
                "cliënt, de afspraken die in de regio zijn gemaakt en wat er nodig is om die "
                "afspraken na te leven.",
            ),
            ("p", "Wilt u uiterlijk {{ termijnen.aanmelden }} laten weten met wie u komt?"),
            AFSLUITING_VRAGEN,
        ],
    ),
    "verslag_bezoek": (
        "rapport",
        "Verslag {{ afspraak.soort }} {{ ots.naam }}",
        [
            (
                "velden",
                [
                    ("Dossier", "{{ kenmerk }} {{ dossier.titel }}"),
                    ("Datum", "{{ afspraak.datum }}, {{ afspraak.begintijd }} uur"),
                    ("Locatie", "{{ afspraak.locatie }}"),
                    ("Verslaglegging", "{{ afzender.naam }}"),
                ],
            ),
            ("h", "Aanwezig"),
            ("deelnemers",),
            ("h", "Aanleiding"),
            ("p", "{{ dossier.omschrijving }}"),
            ("h", "Waarnemingen per norm"),
            ("normsecties",),
            ("h", "Afspraken en vervolg"),
            ("p", "[Noteer hier de afspraken die zijn gemaakt en wie wat doet.]"),
        ],
    ),
    "plan_van_aanpak": (
        "rapport",
        "Plan van aanpak {{ dossier.titel }}",
        [
            ("velden", [("Dossier", "{{ kenmerk }}"), ("Opgesteld door", "{{ afzender.naam }}")]),
            ("h", "1. Aanleiding"),
            ("p", "{{ dossier.omschrijving }}"),
            ("p", "Aanleiding: {{ dossier.aanleiding }}. Onder toezicht: {{ ots.naam }}."),
            ("h", "2. Doel en vraagstelling"),
            ("p", "[Beschrijf het doel van het toezicht en de onderzoeksvragen.]"),
            ("h", "3. Toetsingskader"),
            ("p", "Wij toetsen aan {{ toetsing.instrument }}:"),
            ("normtabel",),
            ("h", "4. Werkwijze en planning"),
            ("p", "Het toezicht wordt uitgevoerd door:"),
            ("behandelaars",),
            ("p", "Eerste bezoek: {{ afspraak.datum }} op {{ afspraak.locatie }}."),
            ("h", "5. Communicatie en openbaarmaking"),
            (
                "p",
                "Het rapport wordt openbaar gemaakt volgens het openbaarmakingsbeleid van de "
                "inspectie.",
            ),
        ],
    ),
    "vragenlijst": (
        "rapport",
        "Vragenlijst {{ dossier.titel }}",
        [
            (
                "p",
                "De inspectie vraagt {{ ots.naam }} de onderstaande vragen te beantwoorden en de "
                "antwoorden uiterlijk {{ termijnen.reactie }} te sturen, onder vermelding van "
                "kenmerk {{ kenmerk }}.",
            ),
            ("normvragen",),
            (
                "p",
                "Stuur bij uw antwoorden de documenten mee waarop u zich baseert (beleid, "
                "protocollen, overlegverslagen).",
            ),
        ],
    ),
    "conceptrapport": (
        "rapport",
        "CONCEPT – Rapport {{ dossier.titel }}",
        [
            ("b", "Dit is een conceptrapport. Het is vertrouwelijk en niet openbaar."),
            ("velden", [("Zorgaanbieder", "{{ ots.naam }}"), ("Kenmerk", "{{ kenmerk }}")]),
            ("h", "1. Samenvatting"),
            (
                "p",
                "De inspectie heeft {{ ots.naam }} getoetst aan {{ toetsing.aantal_normen }} "
                "normen uit {{ toetsing.instrument }}. Oordeel: {{ toetsing.oordeel }}. "
                "{{ toetsing.oordeel_toelichting }}",
            ),
            ("h", "2. Aanleiding en werkwijze"),
            ("p", "{{ dossier.omschrijving }}"),
            ("h", "3. Overzicht van de oordelen"),
            ("normtabel",),
            ("h", "4. Bevindingen per norm"),
            ("normsecties",),
            ("h", "5. Vervolg"),
            (
                "p",
                "U kunt tot {{ termijnen.reactie }} schriftelijk reageren op de feitelijke "
                "juistheid van dit conceptrapport.",
            ),
        ],
    ),
    "definitief_rapport": (
        "rapport",
        "Rapport {{ dossier.titel }}",
        [
            ("velden", [("Zorgaanbieder", "{{ ots.naam }}"), ("Kenmerk", "{{ kenmerk }}")]),
            ("h", "1. Samenvatting"),
            (
                "p",
                "De inspectie heeft {{ ots.naam }} getoetst aan {{ toetsing.aantal_normen }} "
                "normen uit {{ toetsing.instrument }}. Oordeel: {{ toetsing.oordeel }}. "
                "{{ toetsing.oordeel_toelichting }}",
            ),
            ("h", "2. Aanleiding en werkwijze"),
            ("p", "{{ dossier.omschrijving }}"),
            ("h", "3. Overzicht van de oordelen"),
            ("normtabel",),
            ("h", "4. Bevindingen per norm"),
            ("normsecties",),
            ("h", "5. Conclusie en vervolg"),
            (
                "p",
                "De inspectie verwacht dat {{ ots.naam }} de tekortkomingen herstelt en stuurt "
                "uiterlijk {{ termijnen.verbeterplan }} een verbeterplan.",
            ),
        ],
    ),
    "aanbiedbrief": (
        "brief",
        "Aanbieding rapport {{ dossier.titel }}",
        [
            AANHEF,
            (
                "p",
                "Hierbij ontvangt u het rapport van de inspectie over {{ dossier.titel }}. Het "
                "rapport beschrijft onze bevindingen en ons oordeel: {{ toetsing.oordeel }}.",
            ),
            (
                "p",
                "De inspectie maakt het rapport openbaar op www.igj.nl, samen met een zakelijke "
                "weergave en uw eventuele reactie. Wij zijn voornemens het rapport niet eerder "
                "dan {{ termijnen.openbaarmaking }} te publiceren. U kunt tot "
                "{{ termijnen.zienswijze }} uw zienswijze geven op de openbaarmaking.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "openbaarmakingsbesluit": (
        "besluit",
        "Besluit openbaarmaking rapport {{ dossier.titel }}",
        [
            AANHEF,
            (
                "p",
                "Op grond van artikel 44 van de Gezondheidswet maakt de inspectie informatie over "
                "haar toezicht openbaar. In deze brief leest u ons besluit over de openbaarmaking "
                "van het rapport over {{ ots.naam }}.",
            ),
            ("h", "Besluit"),
            (
                "p",
                "De inspectie besluit het rapport met kenmerk {{ kenmerk }}, de zakelijke "
                "weergave en uw reactie openbaar te maken op www.igj.nl. Publicatie volgt niet "
                "eerder dan twee weken na de dag waarop dit besluit aan u is verzonden: op of na "
                "{{ termijnen.openbaarmaking }}.",
            ),
            ("bezwaar",),
            AFSLUITING_VRAGEN,
        ],
    ),
    "zakelijke_weergave": (
        "rapport",
        "Zakelijke weergave {{ dossier.titel }}",
        [
            (
                "p",
                "De inspectie heeft {{ ots.naam }} in {{ ots.plaats }} getoetst in het kader van "
                "{{ dossier.titel }} ({{ dossier.jaar }}).",
            ),
            ("h", "Oordeel van de inspectie"),
            ("p", "{{ toetsing.oordeel }}. {{ toetsing.oordeel_toelichting }}"),
            ("normtabel",),
            ("h", "Vervolg"),
            ("p", "De inspectie ziet toe op de uitvoering van de verbeteringen."),
        ],
    ),
    "verzoek_verbeterplan": (
        "brief",
        "Verzoek om een verbeterplan",
        [
            AANHEF,
            (
                "p",
                "Tijdens ons toezicht op {{ dossier.titel }} heeft de inspectie vastgesteld dat "
                "{{ ots.naam }} niet voldoet aan de volgende normen:",
            ),
            ("normtekortkomingen",),
            (
                "p",
                "Wij verzoeken u uiterlijk {{ termijnen.verbeterplan }} een verbeterplan te "
                "sturen. Beschrijf per norm de maatregelen SMART: wat u doet, wie "
                "verantwoordelijk is, wanneer het is gerealiseerd en hoe u het resultaat meet.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "brief_maatregelen_niet_gerealiseerd": (
        "brief",
        "Maatregelen niet gerealiseerd",
        [
            AANHEF,
            (
                "p",
                "In uw verbeterplan hebt u toegezegd maatregelen te nemen. Uit onze toetsing "
                "blijkt dat u deze maatregelen niet (volledig) hebt gerealiseerd. Dit betreft:",
            ),
            ("normtekortkomingen",),
            (
                "p",
                "De inspectie overweegt daarom een zwaardere interventie, zoals een aanwijzing of "
                "een last onder dwangsom. Wij stellen u in de gelegenheid uiterlijk "
                "{{ termijnen.zienswijze }} te laten weten waarom de maatregelen niet zijn "
                "gerealiseerd en wanneer dat alsnog gebeurt.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "afsluitbrief": (
        "brief",
        "Afsluiting toezicht {{ dossier.titel }}",
        [
            AANHEF,
            (
                "p",
                "De inspectie heeft het toezicht op {{ ots.naam }} in het kader van "
                "{{ dossier.titel }} afgerond. Ons eindoordeel: {{ toetsing.oordeel }}.",
            ),
            (
                "p",
                "Wij danken u voor de medewerking. Het dossier wordt gesloten; de inspectie blijft "
                "de kwaliteit van zorg volgen via haar reguliere toezicht.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "voornemen_lod": (
        "brief",
        "Voornemen tot het opleggen van een last onder dwangsom",
        [
            AANHEF,
            (
                "p",
                "De inspectie is voornemens {{ ots.naam }} een last onder dwangsom op te leggen. "
                "Hieronder leest u waarom.",
            ),
            ("h", "Overtreding"),
            ("normtekortkomingen",),
            ("h", "Voorgenomen last"),
            ("p", "{{ maatregel.omschrijving }}"),
            (
                "p",
                "Begunstigingstermijn: {{ maatregel.begunstigingstermijn }}. Verbeurt u de last, "
                "dan bedraagt de dwangsom € {{ maatregel.dwangsom_bedrag }} per "
                "{{ maatregel.dwangsom_eenheid }}, met een maximum van € "
                "{{ maatregel.dwangsom_maximum }}.",
            ),
            ("p", "Grondslag: {{ maatregel.grondslag }}, artikel 5:32 Algemene wet bestuursrecht."),
            ("h", "Zienswijze"),
            (
                "p",
                "U kunt tot {{ termijnen.zienswijze }} schriftelijk of mondeling uw zienswijze op "
                "dit voornemen geven (artikel 4:8 Awb).",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "besluit_lod": (
        "besluit",
        "Besluit last onder dwangsom",
        [
            AANHEF,
            (
                "p",
                "Bij brief van {{ maatregel.datum_voornemen }} hebben wij u ons voornemen tot het "
                "opleggen van een last onder dwangsom gestuurd. Wij hebben uw zienswijze "
                "betrokken bij dit besluit.",
            ),
            ("h", "Overtreding"),
            ("normtekortkomingen",),
            ("h", "Besluit"),
            (
                "p",
                "De inspectie legt {{ ots.naam }} een last onder dwangsom op: "
                "{{ maatregel.omschrijving }}",
            ),
            (
                "p",
                "Begunstigingstermijn: {{ maatregel.begunstigingstermijn }}. Na afloop daarvan "
                "verbeurt u € {{ maatregel.dwangsom_bedrag }} per {{ maatregel.dwangsom_eenheid }} "
                "dat u niet aan de last voldoet, tot een maximum van € "
                "{{ maatregel.dwangsom_maximum }}.",
            ),
            ("p", "Grondslag: {{ maatregel.grondslag }}, artikel 5:32 Algemene wet bestuursrecht."),
            ("bezwaar",),
        ],
    ),
    "voornemen_invorderingsbeschikking": (
        "brief",
        "Voornemen tot invordering van verbeurde dwangsommen",
        [
            AANHEF,
            (
                "p",
                "Bij besluit van {{ maatregel.datum_besluit }} heeft de inspectie u een last onder "
                "dwangsom opgelegd. Uit onze controle blijkt dat u niet (tijdig) aan de last hebt "
                "voldaan. Daardoor hebt u een bedrag van € {{ maatregel.invorderingsbedrag }} "
                "verbeurd.",
            ),
            (
                "p",
                "De inspectie is voornemens dit bedrag in te vorderen (artikel 5:37 Awb). U kunt "
                "tot {{ termijnen.zienswijze }} uw zienswijze geven.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "besluit_invorderingsbeschikking": (
        "besluit",
        "Invorderingsbeschikking verbeurde dwangsommen",
        [
            AANHEF,
            (
                "p",
                "De inspectie stelt vast dat u de dwangsom uit het besluit van "
                "{{ maatregel.datum_besluit }} hebt verbeurd en vordert een bedrag in van € "
                "{{ maatregel.invorderingsbedrag }} (artikel 5:37 Awb).",
            ),
            (
                "p",
                "Wij verzoeken u dit bedrag binnen zes weken na dagtekening over te maken onder "
                "vermelding van kenmerk {{ kenmerk }}.",
            ),
            ("bezwaar",),
        ],
    ),
    "aanwijzing": (
        "besluit",
        "Aanwijzing",
        [
            AANHEF,
            (
                "p",
                "De inspectie heeft vastgesteld dat {{ ots.naam }} de wet niet naleeft. Het gaat "
                "om de volgende normen:",
            ),
            ("normtekortkomingen",),
            ("h", "Besluit"),
            (
                "p",
                "Op grond van {{ maatregel.grondslag }} geeft de Minister van VWS, namens deze "
                "de inspectie, u de aanwijzing de volgende maatregelen te nemen: "
                "{{ maatregel.omschrijving }} De maatregelen moeten uiterlijk "
                "{{ maatregel.begunstigingstermijn }} zijn uitgevoerd.",
            ),
            ("bezwaar",),
        ],
    ),
    "bevel": (
        "besluit",
        "Schriftelijk bevel",
        [
            AANHEF,
            (
                "p",
                "Op {{ afspraak.datum }} heeft de inspectie bij {{ ots.naam }} een situatie "
                "aangetroffen die naar ons oordeel gevaar oplevert voor de veiligheid of de "
                "gezondheid van cliënten:",
            ),
            ("normtekortkomingen",),
            ("h", "Bevel"),
            (
                "p",
                "Op grond van {{ maatregel.grondslag }} beveelt de inspectie u: "
                "{{ maatregel.omschrijving }} Dit bevel geldt met onmiddellijke ingang en "
                "voor ten hoogste zeven dagen.",
            ),
            ("bezwaar",),
        ],
    ),
    "uitnodiging_bestuursgesprek": (
        "brief",
        "Uitnodiging bestuursgesprek",
        [
            AANHEF,
            (
                "p",
                "De inspectie maakt zich zorgen over de kwaliteit en veiligheid van de zorg bij "
                "{{ ots.naam }}. Wij nodigen de raad van bestuur daarom uit voor een "
                "bestuursgesprek.",
            ),
            (
                "velden",
                [
                    ("Datum", "{{ afspraak.datum }}"),
                    ("Tijd", "{{ afspraak.begintijd }} tot {{ afspraak.eindtijd }} uur"),
                    ("Locatie", "{{ afspraak.locatie }}"),
                ],
            ),
            ("p", "Wij willen met u de volgende bevindingen bespreken:"),
            ("normtekortkomingen",),
            (
                "p",
                "Wij verwachten dat u in het gesprek toelicht hoe u deze risico's beheerst. Het "
                "verslag van het gesprek sturen wij u toe.",
            ),
            AFSLUITING_VRAGEN,
        ],
    ),
    "telefoonnotitie": (
        "notitie",
        "Telefoonnotitie",
        [
            (
                "velden",
                [
                    ("Dossier", "{{ kenmerk }} {{ dossier.titel }}"),
                    ("Datum en tijd", "{{ telefoonnotitie.datum }}"),
                    ("Gesprekspartner", "{{ telefoonnotitie.gesprekspartner }}"),
                    ("Telefoonnummer", "{{ telefoonnotitie.telefoonnummer }}"),
                    ("Richting", "{{ telefoonnotitie.richting }}"),
                    ("Genoteerd door", "{{ afzender.naam }}"),
                    ("Onderwerp", "{{ telefoonnotitie.onderwerp }}"),
                ],
            ),
            ("h", "Samenvatting"),
            ("p", "{{ telefoonnotitie.samenvatting }}"),
            ("h", "Actiepunten"),
            ("p", "{{ telefoonnotitie.actiepunten }}"),
            ("p", "Terugbellen: {{ telefoonnotitie.terugbellen }}"),
        ],
    ),
}


def _font(run, size: float = 9.5, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _para(container, tekst: str, **opmaak) -> None:
    """One run per paragraph, so no Jinja tag is ever split across runs."""
    _font(container.add_paragraph().add_run(tekst), **opmaak)


def _plain_table(doc, rows: int, cols: int, breedtes: tuple[float, ...] = ()):
    table = doc.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if breedtes:
        table.autofit = False
        for kolom, breedte in zip(table.columns, breedtes, strict=True):
            kolom.width = Cm(breedte)  # the grid, which LibreOffice follows
        for rij in table.rows:
            for cel, breedte in zip(rij.cells, breedtes, strict=True):
                cel.width = Cm(breedte)
    return table


def _cell(cell, tekst: str, **opmaak) -> None:
    cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    _font(cell.paragraphs[0].add_run(tekst), **opmaak)


def _regel(cell, tekst: str, **opmaak) -> None:
    """An extra line in a table cell, without the paragraph gap (address, colofon)."""
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(tekst), **opmaak)


def _letterhead(doc, soort: str) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
    section.top_margin = Cm(2.0)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(header.add_run("{{ organisatie.naam }}\n"), size=11, bold=True, color=BLAUW)
    _font(header.add_run("{{ organisatie.ministerie }}"), size=8, color=GRIJS)
    footer = section.footer.paragraphs[0]
    _font(
        footer.add_run(
            "{{ organisatie.naam }} · {{ organisatie.website }} · kenmerk {{ kenmerk }}"
        ),
        size=7,
        color=GRIJS,
    )
    if soort in ("brief", "besluit"):
        _para(doc, "Retouradres {{ organisatie.retouradres }}", size=7, color=GRIJS)
        table = _plain_table(doc, 1, 2, (10.5, 5.8))
        adres, colofon = table.rows[0].cells
        _cell(adres, "{{ ots.naam }}")
        for regel in (
            "{{ ots.ter_attentie }}",
            "{{ ots.adresregel }}",
            "{{ ots.postcode_plaats }}",
        ):
            _regel(adres, regel)
        _cell(colofon, "{{ organisatie.naam }}", size=7.5, bold=True)
        for regel in (
            "{{ organisatie.bezoekadres }}",
            "{{ organisatie.postadres }}",
            "T {{ organisatie.telefoon }}",
            "{{ organisatie.website }}",
            "",
            "Inlichtingen bij",
            "{{ afzender.naam }}",
            "{{ afzender.email }}",
            "",
            "Ons kenmerk",
            "{{ kenmerk }}",
        ):
            _regel(colofon, regel, size=7.5, color=GRIJS)
        doc.add_paragraph()


def _bezwaar(doc) -> None:
    _para(doc, "Bezwaar", bold=True)
    _para(
        doc,
        "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop dit "
        "besluit is verzonden bezwaar maken (tot en met {{ termijnen.bezwaar }}). Stuur uw "
        "bezwaarschrift, ondertekend en met datum, naam, adres, een omschrijving van het besluit "
        "en de gronden van het bezwaar, naar: {{ organisatie.naam }}, Juridische Zaken, "
        "{{ organisatie.postadres }}. Een bezwaar schort de werking van dit besluit niet op; "
        "u kunt de voorzieningenrechter vragen om een voorlopige voorziening.",
        size=8.5,
    )


def _normtabel(doc) -> None:
    table = doc.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for cell, kop in zip(
        table.rows[0].cells, ("Norm", "Titel", "Wettelijk kader", "Oordeel"), strict=True
    ):
        _cell(cell, kop, bold=True, size=8.5)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for n in toetsing.normen %}")
    for cell, veld in zip(
        table.rows[2].cells,
        ("{{ n.code }}", "{{ n.titel }}", "{{ n.wet }} {{ n.wetsartikel }}", "{{ n.oordeel }}"),
        strict=True,
    ):
        _cell(cell, veld, size=8.5)
    rij = table.add_row()
    rij.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_paragraph()


def _normsecties(doc) -> None:
    _para(doc, "{%p for n in toetsing.normen %}")
    _para(doc, "{{ n.code }} {{ n.titel }}", size=10.5, bold=True, color=BLAUW)
    _para(doc, "Wettelijk kader: {{ n.wet }} {{ n.wetsartikel }}", size=8.5, color=GRIJS)
    _para(doc, "Veldnorm: {{ n.veldnorm }}", size=8.5, color=GRIJS)
    _para(doc, "Waarnemingen", bold=True)
    _para(doc, "{%p for w in n.waarnemingen %}")
    _para(doc, "– {{ w.datum }}: {{ w.tekst }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "Bevinding", bold=True)
    _para(doc, "{{ n.bevinding }}")
    _para(doc, "Oordeel: {{ n.oordeel }}", bold=True)
    _para(doc, "{%p endfor %}")


def _normvragen(doc) -> None:
    _para(doc, "{%p for n in toetsing.normen %}")
    _para(doc, "Vraag {{ loop.index }}: {{ n.titel }}", bold=True)
    _para(doc, "{{ n.toelichting }}", size=8.5, color=GRIJS)
    _para(doc, "Antwoord:")
    _para(doc, "")
    _para(doc, "{%p endfor %}")


def _normtekortkomingen(doc) -> None:
    _para(doc, "{%p for n in toetsing.tekortkomingen %}")
    _para(doc, "• {{ n.titel }} ({{ n.wet }} {{ n.wetsartikel }}): {{ n.bevinding }}")
    _para(doc, "{%p endfor %}")


def _ondertekening(doc) -> None:
    doc.add_paragraph()
    _para(doc, "Met vriendelijke groet,")
    _para(doc, "{{ organisatie.naam }},")
    doc.add_paragraph()
    doc.add_paragraph()
    _para(doc, "{{ afzender.naam }}")
    _para(doc, "{{ afzender.functie }}", color=GRIJS)


def bouw(naam: str) -> Path:
    soort, onderwerp, blocks = SJABLONEN[naam]
    doc = Document()
    doc.styles["Normal"].font.name = "Verdana"
    doc.styles["Normal"].font.size = Pt(9.5)
    _letterhead(doc, soort)
    if soort in ("brief", "besluit"):
        tabel = _plain_table(doc, 2, 2, (3.0, 13.3))
        for rij, (label, waarde) in zip(
            tabel.rows, (("Datum", "{{ datum }}"), ("Betreft", onderwerp)), strict=True
        ):
            _cell(rij.cells[0], label, size=8, color=GRIJS)
            _cell(rij.cells[1], waarde)
        doc.add_paragraph()
    else:
        _para(doc, onderwerp, size=16, bold=True, color=BLAUW)
        _para(doc, "{{ organisatie.naam }} · {{ datum }}", size=8.5, color=GRIJS)
    for block in blocks:
        match block:
            case ("h", tekst):
                _para(doc, tekst, size=11, bold=True, color=BLAUW)
            case ("p", tekst):
                _para(doc, tekst)
            case ("b", tekst):
                _para(doc, tekst, bold=True)
            case ("velden", velden):
                tabel = _plain_table(doc, len(velden), 2, (4.5, 11.8))
                for rij, (label, waarde) in zip(tabel.rows, velden, strict=True):
                    _cell(rij.cells[0], label, bold=True)
                    _cell(rij.cells[1], waarde)
                doc.add_paragraph()
            case ("deelnemers",):
                _para(doc, "{%p for d in afspraak.deelnemers %}")
                _para(doc, "• {{ d }}")
                _para(doc, "{%p endfor %}")
            case ("behandelaars",):
                _para(doc, "{%p for b in behandelaars %}")
                _para(doc, "• {{ b.naam }}, {{ b.functie }}")
                _para(doc, "{%p endfor %}")
            case ("normtabel",):
                _normtabel(doc)
            case ("normsecties",):
                _normsecties(doc)
            case ("normvragen",):
                _normvragen(doc)
            case ("normtekortkomingen",):
                _normtekortkomingen(doc)
            case ("bezwaar",):
                _bezwaar(doc)
            case _:
                raise ValueError(f"onbekend blok {block!r} in {naam}")
    if soort in ("brief", "besluit"):
        _ondertekening(doc)
    pad = MAP / f"{naam}.docx"
    doc.save(pad)
    return pad


def _velden(schema, prefix: str = "", diepte: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    regels = []
    for naam, waarde in schema.items():
        pad = f"{prefix}{naam}"
        inspringing = "  " * diepte
        if isinstance(waarde, dict):
            regels.append(f"{inspringing}- `{pad}`")
            regels += _velden(waarde, f"{pad}.", diepte + 1)
        elif isinstance(waarde, list):
            item = waarde[0]
            if isinstance(item, dict):
                regels.append(
                    f"{inspringing}- `{pad}`: lijst; per element (`{{% for x in {pad} %}}`):"
                )
                regels += _velden(item, "x.", diepte + 1)
            else:
                regels.append(f"{inspringing}- `{pad}`: lijst van teksten ({item})")
        else:
            regels.append(f"{inspringing}- `{pad}`: {waarde}")
    return regels


def documenteer() -> Path:
    """VARIABELEN.md: the render context every sjabloon may use, from CONTEXT_VELDEN."""
    import sys

    sys.path.insert(0, str(MAP.parent))
    from igj_desktop.services.documenten.sjablonen import CONTEXT_VELDEN

    pad = MAP / "VARIABELEN.md"
    tekst = [
        "# Variabelen voor sjablonen",
        "",
        "Gegenereerd door `sjablonen/_bouw.py` uit `CONTEXT_VELDEN` in",
        "`igj_desktop/services/documenten/sjablonen.py`.",
        "Elk Word- en e-mailsjabloon krijgt deze context.",
        "Een sjabloon dat iets anders gebruikt, wordt bij het laden van de catalogus gemeld en",
        "kan niet worden gebruikt. Tabellen: `{%tr for n in toetsing.normen %}` in een eigen",
        "rij; alinea's herhalen: `{%p for … %}` in een eigen alinea (docxtpl).",
        "",
        *_velden(CONTEXT_VELDEN),
        "",
    ]
    pad.write_text("\n".join(tekst), encoding="utf-8")
    return pad


if __name__ == "__main__":
    for naam in SJABLONEN:
        print(bouw(naam).name)
    print(documenteer().name)
