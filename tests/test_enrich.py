"""Reader questions per passage: every anchor is found, and they are part of the index."""
import shutil

import yaml

from index.loaded import LoadedIndex
from index.sources import load
from index.words import find_all
from ingest.clean import clean
from ingest.enrich import FOLDER, load_questions
from ingest.pipeline import ingest
from tests.conftest import CORPUS, DOCS


def test_every_anchor_is_found_in_the_cleaned_text():
    entries, errors = load_questions(CORPUS)
    assert not errors
    texts = {p.stem: clean(load(p)).text.text for p in DOCS.iterdir()}
    assert set(entries) == set(texts)
    missing = [(d, e.anchor) for d, es in entries.items() for e in es if not find_all(texts[d], e.anchor)]
    assert missing == []
    assert sum(len(e.questions) for es in entries.values() for e in es) >= 900


def _with_questions(small_corpus):
    folder = small_corpus / FOLDER
    folder.mkdir()
    shutil.copy(CORPUS / FOLDER / "stroomversneller-vaz.yaml", folder / "stroomversneller-vaz.yaml")
    return folder


def test_questions_are_indexed_and_a_change_to_them_re_ingests_the_document(small_corpus, tmp_path):
    folder = _with_questions(small_corpus)
    index = tmp_path / "index"
    first = ingest(small_corpus, index, progress=False)
    served = LoadedIndex(index)
    n = len(served.question_chunks)
    assert n == served.question_vectors.shape[0] >= 90
    assert served.manifest.documents["stroomversneller-vaz"].questions == n
    assert sorted(first.added) == ["nieuw-begin-samenwerken-regio-2022", "stroomversneller-vaz"]

    data = yaml.safe_load((folder / "stroomversneller-vaz.yaml").read_text(encoding="utf-8"))
    data["passages"][0]["questions"].append("Wat spreken de ziekenhuizen af over stageplekken?")
    (folder / "stroomversneller-vaz.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    second = ingest(small_corpus, index, progress=False)
    assert second.updated == ["stroomversneller-vaz"] and second.unchanged == ["nieuw-begin-samenwerken-regio-2022"]
    assert len(LoadedIndex(index).question_chunks) == n + 1


def test_a_broken_questions_file_is_reported_and_the_corpus_still_ingested(small_corpus, tmp_path):
    folder = _with_questions(small_corpus)
    (folder / "kapot.yaml").write_text("document: x\npassages: [{anchor: 3}]\n", encoding="utf-8")
    data = yaml.safe_load((folder / "stroomversneller-vaz.yaml").read_text(encoding="utf-8"))
    data["passages"].append({"anchor": "Deze zin staat niet in het document.", "questions": ["Waar staat dit?"]})
    (folder / "stroomversneller-vaz.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = ingest(small_corpus, tmp_path / "index", progress=False)
    assert any(name == f"{FOLDER}/kapot.yaml" and "ongeldig vragenbestand" in why for name, why in report.failed)
    assert any("Deze zin staat niet in het document." in w for w in report.warnings)
    assert len(report.added) == 2
