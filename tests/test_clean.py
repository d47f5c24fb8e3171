"""Each cleaning repair, on the real documents; the offset map always points back to the raw text."""
import re

import pytest

from index.sources import SourceFile
from ingest.clean import clean
from tests.conftest import raw_text


def cleaned(doc_id: str):
    raw = raw_text(doc_id)
    return raw, clean(SourceFile(f"{doc_id}.txt", doc_id, raw))


def test_words_broken_over_a_line_end_are_joined():
    raw, c = cleaned("stroomversneller-vaz")
    assert "vanzelf- \nsprekend" in raw and "aan- \n\nsprekende" in raw
    text = c.text.text
    assert "niet vanzelfsprekend leidt tot samenwerken" in text
    assert "een aansprekende visie/rationale" in text
    assert "stakeholders" in text and "stake- holders" not in text
    assert "medewerkers moeten beschikken" in text


def test_elliptical_hyphens_stay():
    _, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert "in de avond-, nacht- en weekendzorg" in c.text.text
    assert "Zorgprofessionals, -managers en -directeuren" in c.text.text
    _, h = cleaned("handreiking-effectief-samenwerken")
    assert "Als Zorg- of welzijnsorganisatie" in h.text.text


def test_acronym_compounds_keep_their_hyphen():
    raw, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert re.search(r"VVT-\s*\n", raw)
    assert "VVT-organisaties" in c.text.text


def test_bold_markers_and_bullets_are_removed():
    raw, c = cleaned("handreiking-effectief-samenwerken")
    assert "**" in raw and "**" not in c.text.text
    assert "Horizontale samenwerking: met vergelijkbare organisaties" in c.text.text
    raw0, c0 = cleaned("stroomversneller-vaz")
    assert "•" in raw0 and "•" not in c0.text.text


def test_list_numbers_glued_to_headings_are_removed():
    raw, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert "Inzet van behandelaren2." in raw
    text = c.text.text
    assert "Inzet van behandelaren\n" in text and "behandelaren2" not in text
    assert "Uitwisselen data in de keten\n" in text and "ICT inrichting (bijv. EPD)\n" in text


def test_tab_separated_tables_become_readable_rows():
    raw, c = cleaned("handreiking-effectief-samenwerken")
    assert "Samenwerkingsvorm\tContract" in raw
    assert "Samenwerkingsvorm | Contract | Joint venture | Coöperatie | Fusie" in c.text.text
    assert "\t" not in c.text.text


def test_markdown_links_keep_their_text():
    _, c = cleaned("handreiking-effectief-samenwerken")
    assert "samenwerkingslab.nl" in c.text.text and "](https" not in c.text.text


@pytest.mark.parametrize("doc_id", ["stroomversneller-vaz", "handreiking-effectief-samenwerken",
                                    "nieuw-begin-samenwerken-regio-2022",
                                    "whitepaper-regionale-samenwerking-zorg",
                                    "regionale-samenwerking-met-resultaat"])
def test_offset_map_points_back_to_raw(doc_id):
    raw, c = cleaned(doc_id)
    text, offsets = c.text.text, c.text.raw_offsets
    assert len(offsets) == len(text) + 1
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    copied = [i for i, ch in enumerate(text) if not ch.isspace() and ch != "|"]
    mismatched = [i for i in copied if raw[offsets[i]] != text[i]]
    assert not mismatched, [(text[i], raw[offsets[i]]) for i in mismatched[:5]]


def test_a_line_ending_in_an_abbreviation_wraps_on():
    raw, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert "waarin o.a.\nde ervaringen" in raw  # the raw line ends in the abbreviation's full stop
    text = c.text.text
    sentence = ("Op basis van een evaluatie, waarin o.a. de ervaringen van verpleegkundigen zijn opgehaald, "
                "is gekozen om deze samenwerking te implementeren.")
    assert sentence in text
    block = next(b for b in c.blocks if b.start <= text.index(sentence) < b.end)
    assert block.end >= text.index(sentence) + len(sentence)  # one paragraph, not two


def test_an_abbreviation_ends_no_sentence_a_full_stop_does():
    from ingest.chunking import split_sentences

    text = "Kies o.a. partners. Dat helpt bijv. Het netwerk. Zie ook J. Janssen."
    spans = [text[s.start:s.end] for s in split_sentences(text, 0, len(text))]
    assert spans == ["Kies o.a. partners.", "Dat helpt bijv. Het netwerk.", "Zie ook J. Janssen."]


def test_a_break_inside_brackets_wraps_on():
    raw, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert "zoals Esther Boer (directeur\n\nBehandeling bij" in raw  # a paragraph break inside the brackets
    assert "zoals Esther Boer (directeur Behandeling bij Zorggroep Apeldoorn e.o.) zo mooi benoemde." in c.text.text


def test_a_full_line_cut_off_mid_sentence_wraps_on_in_a_wrapped_document_only():
    from ingest.clean import _prepare, line_width

    raw, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    assert "zo merkte\n\nEsther Boer" in raw and "door heel\n\nNederland" in raw
    text = c.text.text
    assert "overtuigende boodschap, zo merkte Esther Boer (directeur" in text
    assert "toonaangevende zorgaanbieders door heel Nederland en bouwen" in text
    assert line_width(_prepare(raw)) > 0
    # the handreiking's paragraphs are single lines of any length: no page width, no such joins
    raw_h, h = cleaned("handreiking-effectief-samenwerken")
    assert line_width(_prepare(raw_h)) == 0
    assert "Deze handreiking is tot stand gekomen in samenwerking met Common Eye" in h.text.text
    assert any(h.text.text[b.start:b.end].startswith("Deze handreiking is tot stand gekomen") for b in h.blocks)


def kinds(c) -> dict[str, str]:
    return {c.text.text[b.start:b.end]: b.kind for b in c.blocks}


def test_lines_listed_in_a_run_of_headings_are_list_items():
    _, c = cleaned("handreiking-effectief-samenwerken")
    k = kinds(c)
    # the wegwijzer: its entries say something, its groups' names head them
    assert k["Santeon zeven topklinische ziekenhuizen werken samen aan verbeteren van zorg"] == "item"
    assert k["G-aan aanjagers transformatie digitalisering gehandicaptenzorg regio Zwolle Drenthe"] == "item"
    assert k["Sectorale samenwerkingen"] == "heading"
    # the three forms of network governance, drawn in two figures: the line on each form is said, its name heads it
    assert k["Geen administratieve entiteit, participatie in netwerkmanagement door alle partijen"] == "item"
    assert k["Een toegewezen en aparte entiteit is gecreëerd om het netwerk te managen"] == "item"
    assert k["Zelfregulerend"] == "heading" and k["Netwerkbureau"] == "heading"
    # a figure's label set more than once, a citation, a line in capitals, a chapter's title stay headings
    assert k["Conditie voor kansrijke samenwerking"] == "heading"
    assert k["Provan & Kenis (2008)"] == "heading" and k["Kaats en Opheij, 2023"] == "heading"
    assert k["VERDIEPENDE LITERATUUR"] == "heading"
    assert k["Maatschappelijke opgaven common eye"] == "heading"
    # the table of contents' lines and a question-titled heading stay headings
    assert k["Bestuur en toezicht 31"] == "heading"
    assert k["Welke theorie kun je gebruiken?"] == "heading"


def test_the_last_line_of_a_run_heads_what_follows():
    _, c = cleaned("whitepaper-regionale-samenwerking-zorg")
    k = kinds(c)
    for theme in ("De juiste zorg op de juiste plek (zorgcoördinatie)", "Uitwisselen data in de keten"):
        assert k[theme] == "item"
    assert k["Inzet van behandelaren"] == "heading"  # under LIST_LINE_MIN_WORDS: a name or a label
    assert k["Waarom samenwerking in de regio?"] == "heading"


def test_two_heading_like_lines_stay_headings_and_three_list_the_lines_inside():
    text = "Intro zin hier.\n\nEen kop van zes woorden lang\n\nNog een kop hier\n\nDe tekst eronder loopt door."
    assert kinds(clean(SourceFile("x.txt", "x", text)))["Een kop van zes woorden lang"] == "heading"
    listed = "Intro zin hier.\n\nEen kop\n\nEen regel van zes woorden lang\n\nNog een kop\n\nDe tekst loopt door."
    k = kinds(clean(SourceFile("x.txt", "x", listed)))
    assert k["Een regel van zes woorden lang"] == "item" and k["Nog een kop"] == "heading"
