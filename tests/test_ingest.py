"""Incremental ingest into a real chromadb + BM25 index: skip, replace, remove, never duplicate."""
import json
import subprocess

from assistant import Assistant
from index.chroma import open_collection
from index.generations import IndexStore
from ingest.pipeline import ingest
from tests.cli import checkout_env, installed_wijzer, wijzer
from tests.pdfs import make_pdf


def _counts(index_dir):
    store = IndexStore(index_dir)
    gen = store.current()
    manifest = store.manifest(gen)
    return open_collection(gen).count(), sum(d.chunks for d in manifest.documents.values()), manifest


def test_reingest_is_incremental(small_corpus, tmp_path):
    index = tmp_path / "index"
    first = ingest(small_corpus, index, progress=False)
    assert sorted(first.added) == ["nieuw-begin-samenwerken-regio-2022", "stroomversneller-vaz"]
    n_vectors, n_chunks, _ = _counts(index)
    assert n_vectors == n_chunks > 10

    again = ingest(small_corpus, index, progress=False)
    assert not again.changed and sorted(again.unchanged) == sorted(first.added)
    assert again.generation == first.generation
    assert _counts(index)[:2] == (n_vectors, n_chunks)

    doc = small_corpus / "documents" / "stroomversneller-vaz.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\nEen nieuwe alinea over de kwartiermaker die de "
                   "regionale tafel voorbereidt en de agenda bewaakt.\n", encoding="utf-8")
    changed = ingest(small_corpus, index, progress=False)
    assert changed.updated == ["stroomversneller-vaz"] and not changed.added
    n2, c2, manifest = _counts(index)
    assert n2 == c2 and c2 >= n_chunks  # replaced, not duplicated
    a = Assistant.load(index_dir=index)
    ans = a.ask("Wie bereidt de regionale tafel voor en bewaakt de agenda?")
    assert any("kwartiermaker" in q.text for q in ans.quotes)

    (small_corpus / "documents" / "nieuw-begin-samenwerken-regio-2022.txt").unlink()
    removed = ingest(small_corpus, index, progress=False)
    assert removed.removed == ["nieuw-begin-samenwerken-regio-2022"]
    n3, c3, manifest = _counts(index)
    assert n3 == c3 and list(manifest.documents) == ["stroomversneller-vaz"]
    assert len(list(index.glob("gen-*"))) <= 2  # old generations are cleaned up


def test_bad_files_are_reported_and_the_rest_is_ingested(small_corpus, tmp_path):
    docs = small_corpus / "documents"
    (docs / "leeg.txt").write_bytes(b"")
    (docs / "kapot.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (docs / "notities.docx").write_bytes(b"PK\x03\x04")
    (docs / "oud.txt").write_bytes("Coöperatie in één regio: de wijkverpleging en huisartsen delen "
                                   "één centraal meldpunt.".encode("cp1252"))
    report = ingest(small_corpus, tmp_path / "index", progress=False)
    failed = dict(report.failed)
    assert set(failed) == {"leeg.txt", "kapot.pdf", "notities.docx"}
    assert "leeg bestand" in failed["leeg.txt"] and "beschadigde PDF" in failed["kapot.pdf"]
    assert "niet ondersteund" in failed["notities.docx"]
    assert "oud" in report.added and len(report.added) == 3


def test_pdf_is_answerable_with_its_page(small_corpus, tmp_path):
    make_pdf(small_corpus / "documents" / "ketenzorg.pdf", [
        "Inleiding. Deze notitie beschrijft de afspraken tussen de partners in de wijk.",
        "De ketenregisseur bewaakt de afspraken over één gezamenlijk doel en roept de partners "
        "elk kwartaal bijeen om de voortgang te bespreken."])
    ingest(small_corpus, tmp_path / "index", progress=False)
    a = Assistant.load(index_dir=tmp_path / "index")
    ans = a.ask("Wie houdt toezicht op de gemaakte afspraken tussen de partners?")
    pdf_quotes = {q.text: q for q in ans.quotes if q.document == "ketenzorg"}
    keten = next(q for t, q in pdf_quotes.items() if "ketenregisseur" in t)
    assert keten.page == 2 and keten.verified
    assert all(q.page == 1 for t, q in pdf_quotes.items() if "Deze notitie" in t)
    assert ans.sources[0].document == "ketenzorg" and ans.sources[0].page in (1, 2)


def test_cli_ingest_and_ask_json(small_corpus, tmp_path):
    """`ask` runs the installed `wijzer` console script as its own process: the entry point users call."""
    index = tmp_path / "index"
    run = wijzer("--index", index, "ingest", "--corpus", small_corpus, "--quiet")
    assert run.returncode == 0, run.stderr
    assert "2 toegevoegd" in run.stdout
    run = subprocess.run([*installed_wijzer(), "--index", str(index), "ask", "--json",
                          "Wie moeten er allemaal aan tafel zitten om het resultaat te halen?",
                          "En welke tips geven ze daarbij?"], capture_output=True, text=True, timeout=600,
                         env=checkout_env())
    assert run.returncode == 0, run.stderr
    turns = json.loads(run.stdout)
    assert len(turns) == 2 and all(t["quotes"] for t in turns)


def test_asking_with_another_embedder_says_reingest(small_corpus, tmp_path):
    ingest(small_corpus, tmp_path / "index", progress=False)
    run = wijzer("--index", tmp_path / "index", "--embedder", "use", "ask", "Wat is een BHAG?")
    assert run.returncode == 2 and "wijzer ingest" in run.stderr and "use-multilingual-v3" in run.stderr


def test_embed_once_embeds_each_text_of_a_side_once_and_keeps_every_row():
    """Identical texts across lists (a recurring heading, a reader question on two chunks) cost one embedding;
    the query and passage sides stay apart, and every list gets its own rows back in its own order."""
    import numpy as np

    from ingest.pipeline import embed_once

    class Counting:
        calls: list[tuple[list[str], bool]] = []

        def encode(self, texts, is_query):
            self.calls.append((list(texts), is_query))
            return np.array([[len(t), float(is_query)] for t in texts], np.float32)

    embedder = Counting()
    got = embed_once(embedder, [(["aa", "b", "aa"], False), (["b"], True), ([], False), (["ccc", "b"], False)], None)
    embedded = [(t, q) for texts, q in embedder.calls for t in texts]
    assert sorted(embedded) == [("aa", False), ("b", False), ("b", True), ("ccc", False)]
    assert [g.tolist() for g in got] == [[[2, 0], [1, 0], [2, 0]], [[1, 1]], [], [[3, 0], [1, 0]]]
