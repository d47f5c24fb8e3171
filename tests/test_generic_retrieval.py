"""Retrieval that does not depend on the hand-written reader questions (corpus/passage-questions/)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CORPUS, DOCS
from tests.pdfs import make_pdf

# An in-domain document nobody wrote reader questions for, as a manager would upload it.
UPLOAD_PAGES = [
    "Zorgcoördinatie voor kwetsbare ouderen in de wijk\n\nWerkafspraken van het regionale netwerk Ouderenzorg Oost\n\n"
    "Aanleiding\n\nIn onze regio belandden kwetsbare ouderen te vaak onnodig op de spoedeisende hulp, omdat niemand "
    "het totaalbeeld van hun zorg had. Huisartsen, wijkverpleging en het sociaal team werkten naast elkaar. Daarom "
    "spraken de partners in 2024 af de coördinatie samen te organiseren.\n\n"
    "De casusregisseur\n\nVoor iedere oudere met meer dan drie zorgverleners wijst het wijkteam één casusregisseur aan. "
    "De casusregisseur houdt het overzicht, is het vaste aanspreekpunt voor de mantelzorger en roept bij een crisis "
    "het kernteam bij elkaar. Meestal is dat de wijkverpleegkundige, soms de praktijkondersteuner van de huisarts.",
    "Gegevens delen\n\nInformatie over de oudere wordt alleen gedeeld met uitdrukkelijke toestemming van de cliënt of "
    "diens vertegenwoordiger. De partners gebruiken daarvoor één beveiligd overdrachtsformulier; losse e-mails met "
    "medische gegevens zijn niet toegestaan.\n\n"
    "Bekostiging\n\nDe uren van de casusregisseur worden betaald uit een gezamenlijk regiobudget waaraan de "
    "zorgverzekeraar en de gemeente ieder de helft bijdragen. De penvoerder beheert dit budget en legt er jaarlijks "
    "verantwoording over af aan de stuurgroep.",
    "Evaluatie\n\nNa twaalf maanden beoordeelt de stuurgroep of de aanpak werkt. Zij kijkt daarbij naar het aantal "
    "onnodige opnames, de tevredenheid van mantelzorgers en de werkdruk van de casusregisseurs. Valt de evaluatie "
    "tegen, dan past de stuurgroep de werkafspraken aan voordat het tweede jaar begint.",
]
# (paraphrase, evidence): the manager's words, not the document's
PARAPHRASES = [
    ("Wie houdt de regie over de zorg rond een kwetsbare oudere thuis?", "De casusregisseur houdt het overzicht"),
    ("Mogen we medische informatie over cliënten zomaar mailen naar elkaar?",
     "losse e-mails met medische gegevens zijn niet toegestaan"),
    ("Wie betaalt de uren van de coördinator?", "betaald uit een gezamenlijk regiobudget"),
    ("Wanneer evalueren we de coördinatie rond kwetsbare ouderen?", "Na twaalf maanden beoordeelt de stuurgroep"),
    ("Waarom is de zorgcoördinatie voor ouderen in de wijk opgezet?", "te vaak onnodig op de spoedeisende hulp"),
]
UPLOAD = "zorgcoordinatie-ouderen"


def test_pseudo_questions_are_the_documents_own_questions_and_headings():
    from ingest.pseudo import HEADING, QUESTION, pseudo_questions

    text = "Wie beslist? Het bestuur beslist. " + "Waarom " + "lang " * 40 + "?"
    long_q = text.index("Waarom")
    sentences = [(0, 12, 0, QUESTION), (13, 33, 0, "body"), (long_q, len(text), 1, QUESTION)]
    got = pseudo_questions(text, sentences, [(0, "Doc > Besluiten"), (long_q, "Doc > Besluiten"), (40, "")])
    assert [(p.text, p.chunk, p.origin) for p in got] == [
        ("Besluiten", 0, HEADING), ("Wie beslist?", 0, QUESTION), ("Besluiten", 1, HEADING)]


def test_contextual_text_names_title_and_last_two_sections():
    from ingest.pseudo import contextual_text

    assert contextual_text("Gids", "A > B > C", "Dit leidt tot drukte.") == "Gids. B > C\nDit leidt tot drukte."
    assert contextual_text("Gids", "", "Zin.") == "Gids\nZin."


@pytest.mark.parametrize("word,value", [("false", False), ("nee", False), ("0", False), ("true", True), ("ja", True)])
def test_boolean_setting_from_the_environment(monkeypatch, tmp_path, word, value):
    from assistant.settings import Settings

    monkeypatch.setenv("WIJZER_READER_QUESTIONS", word)
    assert Settings.load(tmp_path / "none.yaml").corpus.reader_questions is value


def test_boolean_setting_that_is_no_boolean_names_the_setting(monkeypatch, tmp_path):
    from assistant.settings import Settings

    monkeypatch.setenv("WIJZER_READER_QUESTIONS", "misschien")
    with pytest.raises(ValueError, match="reader_questions"):
        Settings.load(tmp_path / "none.yaml")


def test_uploaded_pdf_is_found_by_paraphrase(corpus_index, tmp_path):
    """An upload beside the shipped documents (which have reader questions): the evidence of at least four
    of five paraphrases is in the top 5, its quotes carry pages, its pseudo-questions were made at ingest."""
    from assistant import Assistant
    from evals.metrics import normalise
    from index.generations import IndexStore
    from ingest.pipeline import ingest

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    make_pdf(corpus / "documents" / f"{UPLOAD}.pdf", UPLOAD_PAGES)
    report = ingest(corpus, index, progress=False)
    assert report.added == [UPLOAD] and not report.failed

    gen = IndexStore(index).current()
    payload = json.loads((gen / "docs" / f"{UPLOAD}.json").read_text(encoding="utf-8"))
    assert payload["questions"] == []
    headings = {p[0] for p in payload["pseudo"] if p[4] == "heading"}
    assert {"Aanleiding", "Bekostiging", "Evaluatie"} <= headings
    assert np.load(gen / "docs" / f"{UPLOAD}.p.npy").shape[0] == len(payload["pseudo"])

    assistant = Assistant.load(index_dir=index)
    assert assistant.retriever.generic_docs == {UPLOAD}
    # the query adapter was learned from the shipped documents' reader questions, for the upload
    assert assistant.index.manifest.adapter > 1000 and assistant.retriever.adapter is not None
    found = 0
    for question, evidence in PARAPHRASES:
        answer = assistant.ask(question)
        top5 = [s for s in answer.sources if s.rank <= 5]
        found += any(normalise(evidence) in normalise(s.text) for s in top5)
        for q in answer.quotes:
            if q.document == UPLOAD:
                assert q.page in (1, 2, 3) and q.verified
    assert found >= 4, f"{found} of {len(PARAPHRASES)} paraphrases found their evidence in the top 5"


def _small_with_questions(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "passage-questions").mkdir()
    for doc in ("nieuw-begin-samenwerken-regio-2022", "stroomversneller-vaz"):
        shutil.copy(DOCS / f"{doc}.txt", corpus / "documents")
        shutil.copy(CORPUS / "passage-questions" / f"{doc}.yaml", corpus / "passage-questions")
    shutil.copy(CORPUS / "catalog.yaml", corpus)
    return corpus


def test_two_indexes_side_by_side_and_leave_one_document_out(tmp_path, capsys, monkeypatch):
    """`reader_questions: false` builds a second index; `wijzer eval --beside` reads both; `--leave-one-out`
    removes one document's reader questions at a time."""
    import yaml

    from interfaces.cli import main
    from index.generations import IndexStore

    corpus = _small_with_questions(tmp_path)
    on, off = tmp_path / "on", tmp_path / "off"
    assert main(["--index", str(on), "ingest", "--corpus", str(corpus), "--quiet"]) == 0
    monkeypatch.setenv("WIJZER_READER_QUESTIONS", "false")
    assert main(["--index", str(off), "ingest", "--corpus", str(corpus), "--quiet"]) == 0
    monkeypatch.delenv("WIJZER_READER_QUESTIONS")
    store_on, store_off = IndexStore(on), IndexStore(off)
    assert store_on.manifest().reader_questions and not store_off.manifest().reader_questions
    assert sum(d.questions for d in store_on.manifest().documents.values()) > 0
    assert sum(d.questions for d in store_off.manifest().documents.values()) == 0

    questions = [q for q in yaml.safe_load((CORPUS.parent / "evals" / "questions.yaml").read_text(encoding="utf-8"))
                 if set(q.get("documents", [])) & {"nieuw-begin-samenwerken-regio-2022", "stroomversneller-vaz"}
                 and q["kind"] == "factual"][:4]
    qset = tmp_path / "set.yaml"
    qset.write_text(yaml.safe_dump(questions, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setenv("WIJZER_CORPUS_DIR", str(corpus))
    main(["--index", str(on), "eval", "--set", str(qset), "--out", str(tmp_path / "out"),
          "--beside", str(off)])
    out = capsys.readouterr().out
    assert "on (met lezersvragen)" in out and "off (zonder lezersvragen)" in out
    row = next(line for line in out.splitlines() if line.startswith("| hit@5 ") and "|" in line[8:])
    assert len([c for c in row.split("|") if c.strip()]) == 3  # the metric and one figure per index

    assert main(["--index", str(on), "eval", "--set", str(qset), "--leave-one-out"]) == 0
    table = capsys.readouterr().out
    docs = {q for q in questions for q in q["documents"]} & {"nieuw-begin-samenwerken-regio-2022", "stroomversneller-vaz"}
    for doc in docs:
        assert any(line.startswith(f"| {doc} ") and " → " in line for line in table.splitlines()), table


def test_leave_one_out_removes_only_that_documents_questions(tmp_path):
    from assistant import Assistant
    from assistant.settings import Settings
    from evals.dataset import load_questions
    from evals.leave_one_out import leave_one_out
    from ingest.pipeline import ingest

    corpus = _small_with_questions(tmp_path)
    ingest(corpus, tmp_path / "index", progress=False)
    settings = Settings.load(tmp_path / "none.yaml", corpus_dir=corpus, index_dir=tmp_path / "index")
    full = Assistant.load(settings)
    qs = [q for q in load_questions() if q.in_scope and "stroomversneller-vaz" in q.documents][:3]
    reduced = []
    load = lambda d: reduced.append(Assistant.load(index_dir=d)) or reduced[-1]
    rows = leave_one_out(full, settings, {"dev": qs}, load)
    assert [r.document for r in rows] == ["stroomversneller-vaz"]
    with_q, without_q = rows[0].reader_questions
    assert with_q > 0 and without_q == 0
    other = "nieuw-begin-samenwerken-regio-2022"  # its questions stay in the reduced index
    assert reduced[0].index.manifest.documents[other].questions == full.index.manifest.documents[other].questions > 0
    # an adapter only where a document without reader questions stands beside one with, trained on the latter's
    assert full.index.adapter is None and full.retriever.adapter is None
    assert reduced[0].index.manifest.adapter == with_other(full, other) and reduced[0].retriever.adapter is not None


def with_other(assistant, doc: str) -> int:
    return sum(assistant.index.chunks[c].document == doc for c in assistant.index.question_chunks)


def test_leaving_a_document_out_leaves_out_every_file_of_its_reader_questions(tmp_path):
    """The handreiking's reader questions are split over three files: leaving it out drops all three, and only
    those, from the corpus copy."""
    from evals.leave_one_out import FOLDER, _copy_corpus, question_files

    folder = tmp_path / "corpus" / FOLDER
    folder.mkdir(parents=True)
    for name, doc in [("a-1.yaml", "a"), ("a-2.yaml", "a"), ("b.yaml", "b")]:
        (folder / name).write_text(f"document: {doc}\npassages: []\n", encoding="utf-8")
    files = question_files(tmp_path / "corpus")
    assert {d: [p.name for p in ps] for d, ps in files.items()} == {"a": ["a-1.yaml", "a-2.yaml"], "b": ["b.yaml"]}
    copy = _copy_corpus(tmp_path / "corpus", tmp_path / "copy", files["a"])
    assert sorted(p.name for p in (copy / FOLDER).iterdir()) == ["b.yaml"]


def test_generic_vectors_are_embedded_once_a_document_lacks_reader_questions(tmp_path):
    """Beside reader questions the contextual sentences and pseudo-questions weigh nothing, so ingest leaves
    them out. An upload without questions is ranked on them, z-scored over every document's candidates: the
    documents already indexed get theirs at that ingest, the same vectors a build from scratch has, and a
    generic index without them is damaged. Once the upload is gone they load as unused again."""
    from index.errors import IndexDamaged
    from index.generations import IndexStore, open_generation
    from index.loaded import LoadedIndex
    from ingest.pipeline import ingest

    corpus, index = _small_with_questions(tmp_path), tmp_path / "index"
    report = ingest(corpus, index, progress=False)
    assert "niet ingebed" in report.generic
    gen = IndexStore(index).current()
    assert all(len(np.load(gen / "docs" / f"{d}.c.npy")) == 0 for d in IndexStore(index).manifest().documents)
    assert LoadedIndex(index).contextual_vectors.shape[0] == 0

    upload = corpus / "documents" / f"{UPLOAD}.txt"
    upload.write_text("\n\n".join(UPLOAD_PAGES) + "\n", encoding="utf-8")
    report = ingest(corpus, index, progress=False)
    assert report.added == [UPLOAD] and "1 van 3 documenten zonder lezersvragen" in report.generic
    ix = LoadedIndex(index)
    assert ix.contextual_vectors.shape == ix.sentence_vectors.shape and len(ix.pseudo_vectors) == len(ix.pseudo)
    ingest(corpus, tmp_path / "fresh", progress=False)
    fresh = LoadedIndex(tmp_path / "fresh")
    assert np.allclose(fresh.contextual_vectors, ix.contextual_vectors, atol=1e-5)
    assert np.allclose(fresh.pseudo_vectors, ix.pseudo_vectors, atol=1e-5)

    fresh_gen = IndexStore(tmp_path / "fresh").current()
    np.save(fresh_gen / "docs" / "stroomversneller-vaz.c.npy", np.zeros((0, 384), np.float32))
    with pytest.raises(IndexDamaged, match="contextvectoren"):
        open_generation(fresh_gen)

    upload.unlink()
    assert ingest(corpus, index, progress=False).removed == [UPLOAD]
    ix = LoadedIndex(index)
    assert not ix.manifest.generic and len(ix.contextual_vectors) == len(ix.pseudo_vectors) == 0
