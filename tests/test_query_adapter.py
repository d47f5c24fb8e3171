"""The query adapter (index/adapter.py) on hand-made vectors, and how a generation stores it (no real index)."""
from __future__ import annotations

import numpy as np
import pytest

from index import adapter
from index.errors import IndexDamaged
from index.generations import ADAPTER, check_adapter, write_adapter
from index.records import Manifest

DIM = 8


def _pairs(seed: int = 1, per_doc: int = 6, docs: int = 2, queries: int = 4):
    """Passages in `docs` documents; each query is its passage seen through one fixed mixing of the axes
    (a 'paraphrase' the identity matches poorly), so a linear map can learn to undo it."""
    rng = np.random.default_rng(seed)
    passages = adapter.normalise(rng.normal(size=(docs * per_doc, DIM)))
    passage_docs = np.repeat([f"d{i}" for i in range(docs)], per_doc)
    mix = np.eye(DIM) + 0.9 * rng.normal(size=(DIM, DIM))
    positives = np.repeat(np.arange(len(passages)), queries)
    noise = 0.05 * rng.normal(size=(len(positives), DIM))
    queries_ = adapter.normalise(passages[positives] @ mix + noise).astype(np.float32)
    return queries_, positives, passages.astype(np.float32), passage_docs[positives], passage_docs


def _own_document_hits(W, queries, positives, passages, query_docs, passage_docs) -> int:
    scores = adapter.adapt(W, queries) @ passages.T
    scores[query_docs[:, None] != passage_docs[None, :]] = -np.inf
    return int((scores.argmax(axis=1) == positives).sum())


def test_the_adapter_learns_to_undo_a_paraphrase_the_identity_misses():
    pairs = _pairs()
    W = adapter.train(*pairs)
    assert W.shape == (DIM, DIM) and W.dtype == np.float32
    assert _own_document_hits(W, *pairs) > _own_document_hits(np.eye(DIM, dtype=np.float32), *pairs)


def test_training_is_deterministic():
    pairs = _pairs()
    assert np.array_equal(adapter.train(*pairs), adapter.train(*pairs))


def test_the_l2_pull_keeps_the_adapter_near_the_identity(monkeypatch):
    pairs = _pairs()
    loose = adapter.train(*pairs)
    monkeypatch.setattr(adapter, "L2", 100.0)
    tight = adapter.train(*pairs)
    eye = np.eye(DIM)
    assert np.linalg.norm(tight - eye) < 0.2 * np.linalg.norm(loose - eye)


def test_a_query_is_scored_only_against_its_own_documents_passages():
    """Passages of a document without training queries (an upload) are never pushed away: a document that
    only appears as a negative leaves W as if it were absent."""
    queries, positives, passages, query_docs, passage_docs = _pairs(docs=1)
    upload = adapter.normalise(np.random.default_rng(7).normal(size=(5, DIM))).astype(np.float32)
    with_upload = adapter.train(queries, positives, np.vstack([passages, upload]), query_docs,
                                np.concatenate([passage_docs, ["upload"] * 5]))
    assert np.allclose(with_upload, adapter.train(queries, positives, passages, query_docs, passage_docs), atol=1e-6)


def test_adapted_queries_are_unit_vectors():
    W = np.diag(np.arange(1, DIM + 1)).astype(np.float32)
    q = adapter.adapt(W, np.ones((3, DIM)))
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0) and q.dtype == np.float32


def test_a_large_index_trains_on_a_fixed_sample(monkeypatch):
    pairs = _pairs(queries=10)  # 120 pairs
    full = adapter.train(*pairs)
    monkeypatch.setattr(adapter, "MAX_PAIRS", 30)
    sampled = adapter.train(*pairs)
    assert np.array_equal(sampled, adapter.train(*pairs)) and not np.allclose(sampled, full)


def test_a_generation_stores_the_adapter_its_manifest_names(tmp_path):
    manifest = Manifest(embedder="e", dim=DIM, adapter=12)
    W = np.eye(DIM, dtype=np.float32) * 2
    write_adapter(tmp_path, W)
    assert np.array_equal(check_adapter(tmp_path, manifest), W)
    write_adapter(tmp_path, None)  # a copied generation's adapter goes when none is trained
    assert not (tmp_path / ADAPTER).exists()
    assert check_adapter(tmp_path, Manifest(embedder="e", dim=DIM)) is None


def test_a_missing_or_misshapen_adapter_is_damage(tmp_path):
    manifest = Manifest(embedder="e", dim=DIM, adapter=12)
    with pytest.raises(IndexDamaged):
        check_adapter(tmp_path, manifest)
    np.save(tmp_path / ADAPTER, np.eye(DIM + 1, dtype=np.float32))
    with pytest.raises(IndexDamaged):
        check_adapter(tmp_path, manifest)
