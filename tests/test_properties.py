"""Property tests (hypothesis) on cleaning, structure and chunking: for any text, built from the kinds of
extraction damage the real documents have, the offsets map back to the raw text and chunks are exact,
ordered, non-overlapping slices that start at a block or sentence boundary."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.sources import SourceFile
from ingest.chunking import block_sentences, make_chunks
from ingest.clean import clean
from ingest.structure import sections

DAMAGE = [
    "-\n", "- \n", "-\n\n", "**", "**Vet kopje**", "• ", "\n• ", "● ", "\n- ", "\n* ", "\t", "\tkolom\t", "\n\n",
    "\r\n", "\r\n\r\n", "\n12\n", "\n3\n", "2.", "behandelaren2.\n", "\n1. ", "\nII. ", "\na) ", "Hoofdstuk een\n",
    "[tekst](https://example.nl)", "\\(", "\\*", "VVT-\norganisaties", "zorg- en welzijn", "avond-, nacht- en",
    ". ", "? ", "! ", "… ", "bijv. ", "o.a. ", "\u00a0", "  ", " | ", "|", "“citaat” ", "(haakjes) ",
    "coöperatie ", "één ", "ﬁ", "Ä", "\u200b", "😀", "\x0c", "Inhoudsopgave\n", "Inleiding 3\n",
]
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
SENTENCE = st.builds(lambda w, e: " ".join(w).capitalize() + e,
                     st.lists(st.sampled_from(["de", "zorg", "regio", "Netwerk", "samenwerking", "partners",
                                               "afspraken", "wijk", "VVT", "2024", "a", "B"]), max_size=12),
                     st.sampled_from([".", "?", "!", "", ":", " 4."]))
RAW = st.lists(st.one_of(st.sampled_from(DAMAGE), SENTENCE, WORDS, st.sampled_from([" ", "\n", "\n\n"])),
               max_size=60).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pipeline(raw: str):
    c = clean(SourceFile("doc.txt", "doc", raw))
    text = c.text.text
    secs = sections(text, c.blocks)
    chunks = make_chunks(c.text, c.blocks, secs, document="doc", title="Doc", origin="doc.txt", sha256="0" * 64)
    return c, secs, chunks


@SETTINGS
@given(RAW)
@example("Woord-\nafbreking en **vet**.\r\n\r\n• item één\n12\nKopje2.\nTekst\tin\tcellen")
@example("a-\n")
@example("\n\n")
def test_offsets_map_back_into_the_raw_text(raw):
    c, _, _ = _pipeline(raw)
    text, offsets = c.text.text, c.text.raw_offsets
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    assert all(0 <= o <= len(raw) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    for i, ch in enumerate(text):
        if not ch.isspace() and ch != "|":  # "|" is the separator cleaning writes between table cells
            assert raw[offsets[i]] == ch, (i, ch, raw[offsets[i]])
    assert not text.startswith((" ", "\n")) and not text.endswith((" ", "\n"))


@SETTINGS
@given(RAW)
def test_blocks_and_sections_are_ordered_and_inside_the_text(raw):
    c, secs, _ = _pipeline(raw)
    n = len(c.text.text)
    previous_end = 0
    for b in c.blocks:
        assert previous_end <= b.start < b.end <= n
        previous_end = b.end
    previous_end = 0
    for s in secs:
        assert previous_end <= s.start < s.end <= n
        previous_end = s.end


@SETTINGS
@given(RAW)
@example("Kop\n\nEen zin. Nog een zin.\n\nKop twee\n\n" + "Lange zin over zorg en regio. " * 80)
def test_chunks_are_exact_ordered_slices_starting_at_a_boundary(raw):
    c, _, chunks = _pipeline(raw)
    text = c.text.text
    sentences = [s for b in c.blocks if b.kind != "heading" for s in block_sentences(text, b)]
    boundaries = {b.start for b in c.blocks} | {s.start for s in sentences}
    previous_end = 0
    for ch in chunks:
        assert ch.text == text[ch.start:ch.end] and ch.text.strip() == ch.text and ch.text
        assert previous_end <= ch.start < ch.end, "chunks overlap or are out of order"
        assert ch.start in boundaries
        assert all(ch.start <= s.start < s.end <= ch.end for s in ch.sentences)
        previous_end = ch.end
    covered = [s for ch in chunks for s in ch.sentences]
    assert covered == sentences  # every sentence of every non-heading block, once, in order
