"""Loading real files: PDFs page by page, and a clear reason for every unusable file."""
import pytest

from index.sources import LoadError, load
from ingest.clean import clean
from tests.pdfs import make_image_only_pdf, make_pdf

PAGE1 = "Eerste pagina over coöperatie en “vertrouwen” tussen zorgaanbieders in de regio."
PAGE2 = "Tweede pagina: de ketenregisseur bewaakt de afspraken over één gezamenlijk doel."


def test_two_page_pdf_keeps_text_accents_and_page_numbers(tmp_path):
    src = load(make_pdf(tmp_path / "twee.pdf", [PAGE1, PAGE2]))
    assert src.paged and len(src.page_starts) == 1
    c = clean(src).text
    for expected_page, sentence in ((1, "coöperatie en “vertrouwen”"), (2, "de ketenregisseur bewaakt")):
        pos = c.text.index(sentence)
        assert c.page_at(pos) == expected_page


def test_plain_text_has_no_pages(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Een zin over samenwerking.", encoding="utf-8")
    src = load(p)
    assert not src.paged and clean(src).text.page_at(0) is None


def test_cp1252_text_is_decoded(tmp_path):
    p = tmp_path / "oud.txt"
    p.write_bytes("Coöperatie en één regio — café".encode("cp1252"))
    src = load(p)
    assert src.encoding == "cp1252" and "Coöperatie en één regio" in src.raw


@pytest.mark.parametrize("name,content,reason", [
    ("leeg.txt", b"", "leeg bestand"),
    ("spaties.md", b"  \n\t\n", "leeg bestand"),
    ("nul.pdf", b"", "leeg bestand"),
    ("kapot.pdf", b"%PDF-1.7\nthis is not really a pdf\n%%EOF", "beschadigde PDF"),
    ("plaatje.png", b"\x89PNG\r\n", "niet ondersteund"),
])
def test_bad_files_get_a_clear_reason(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(LoadError) as err:
        load(p)
    assert reason in str(err.value) and name in str(err.value)


def test_encrypted_pdf_is_refused_with_reason(tmp_path):
    p = make_pdf(tmp_path / "geheim.pdf", [PAGE1], password="s3cret")
    with pytest.raises(LoadError, match="versleutelde PDF"):
        load(p)


def test_pdf_without_text_layer_says_scanned(tmp_path):
    with pytest.raises(LoadError, match=r"no text: scanned\?"):
        load(make_image_only_pdf(tmp_path / "scan.pdf"))
