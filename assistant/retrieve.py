"""Hybrid retrieval: dense chunks (chromadb) + dense sentences + BM25, fused by reciprocal rank."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.index import LoadedIndex

RRF_K = 60
CANDIDATES = 40
MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Scored:
    chunk_id: str
    score: float


@dataclass
class Signals:
    """Per-question retrieval signals, reused by the answer step."""

    query_vector: np.ndarray
    sentence_sims: np.ndarray  # cosine of the query with every indexed sentence
    bm25_top: float


def _ranks(ids: list[str]) -> dict[str, int]:
    return {cid: r for r, cid in enumerate(ids)}


class HybridRetriever(BaseRetriever):
    """Ranks chunks by RRF over three lists: chunk vectors, best sentence per chunk, BM25."""

    def __init__(self, index: LoadedIndex, embedder, mode: str = "hybrid", top_k: int = 10,
                 weights: tuple[float, float, float] = (1.0, 1.0, 1.0)):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: kies uit {MODES}")
        super().__init__()
        self.index, self.embedder, self.mode, self.top_k, self.weights = index, embedder, mode, top_k, weights

    def signals(self, query: str) -> Signals:
        qv = np.asarray(self.embedder.encode([query], True)[0], dtype=np.float32)
        sims = self.index.sentence_vectors @ qv if len(self.index.sentence_vectors) else np.zeros(0)
        top = self.index.lexical.search(query, 1)
        return Signals(qv, sims, top[0][1] if top else 0.0)

    def rank(self, query: str, signals: Signals | None = None, k: int | None = None) -> list[Scored]:
        k = k or self.top_k
        sig = signals or self.signals(query)
        lists: list[tuple[float, list[str]]] = []
        if self.mode in ("hybrid", "dense"):
            n = min(CANDIDATES, len(self.index.chunks))
            res = self.index.collection.query(query_embeddings=[sig.query_vector.tolist()], n_results=n,
                                              include=["distances"])
            lists.append((self.weights[0], res["ids"][0]))
            best: dict[str, float] = {}
            for i in np.argsort(-sig.sentence_sims)[: CANDIDATES * 3]:
                cid = self.index.sentences[i][3]
                best.setdefault(cid, float(sig.sentence_sims[i]))
            lists.append((self.weights[1], list(best)[:CANDIDATES]))
        if self.mode in ("hybrid", "bm25"):
            lists.append((self.weights[2], [cid for cid, _ in self.index.lexical.search(query, CANDIDATES)]))
        fused: dict[str, float] = {}
        for weight, ids in lists:
            for cid, r in _ranks(ids).items():
                fused[cid] = fused.get(cid, 0.0) + weight / (RRF_K + r + 1)
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        return [Scored(cid, s) for cid, s in ranked]

    def node(self, scored: Scored) -> NodeWithScore:
        c = self.index.chunks[scored.chunk_id]
        doc = self.index.docs[c.document]
        node = TextNode(id_=c.id, text=self.index.chunk_text(c.id), metadata={
            "document": c.document, "title": doc.record.title, "origin": doc.record.origin,
            "section": c.section, "page": c.page, "start": c.start, "end": c.end})
        return NodeWithScore(node=node, score=scored.score)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [self.node(s) for s in self.rank(query_bundle.query_str)]
