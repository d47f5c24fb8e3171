"""Hybrid retrieval: chunk vectors (chromadb), sentence and reader-question vectors, BM25; z-score fusion."""
from __future__ import annotations

from dataclasses import dataclass

import httpx
import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.index import LoadedIndex
from ingest.store import IndexUnavailable

CANDIDATES = 200
MODES = ("hybrid", "dense", "bm25")
FOLLOW_UP_WEIGHT = 0.6  # dev multi-turn questions: hit@5 0.50 -> 0.75


@dataclass(frozen=True)
class Scored:
    chunk_id: str
    score: float


@dataclass
class Signals:
    """Per-question retrieval signals, reused by the answer step."""

    query_vector: np.ndarray
    sentence_sims: np.ndarray  # cosine of the query with every indexed sentence
    question_sims: np.ndarray  # cosine of the query with every reader question


def _zscores(scores: dict[str, float]) -> dict[str, float]:
    vals = np.fromiter(scores.values(), dtype=np.float64)
    mean, std = vals.mean(), vals.std() or 1.0
    return {cid: (v - mean) / std for cid, v in scores.items()}


def _best_per_chunk(sims: np.ndarray, chunk_of: list[str], limit: int) -> dict[str, float]:
    """The highest similarity per chunk among the `limit` best rows."""
    top = np.argpartition(-sims, limit)[:limit] if len(sims) > limit else np.arange(len(sims))
    best: dict[str, float] = {}
    for i in top[np.argsort(-sims[top], kind="stable")]:
        best.setdefault(chunk_of[i], float(sims[i]))
    return best


class HybridRetriever(BaseRetriever):
    """Ranks chunks by four signals: chunk vectors, best sentence, best reader question, BM25.

    Each signal's scores are z-normalised over its candidates and summed with
    WEIGHTS (a chunk missing from a list gets that list's lowest z). On the dev and
    held-out questions this beat reciprocal rank fusion, and a logistic regression over
    the same signals did no better than these hand-set weights (README, "Retrieval").
    """

    WEIGHTS = {"chunk": 1.0, "sentence": 1.0, "question": 3.0, "bm25": 1.5}
    SIGNALS = {"hybrid": ("chunk", "sentence", "question", "bm25"),
               "dense": ("chunk", "sentence", "question"), "bm25": ("bm25",)}

    def __init__(self, index: LoadedIndex, embedder, mode: str = "hybrid", top_k: int = 10):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: kies uit {MODES}")
        super().__init__()
        self.index, self.embedder, self.mode, self.top_k = index, embedder, mode, top_k
        self._sentence_chunks = [row.chunk_id for row in index.sentences]

    def signals(self, query: str) -> Signals:
        qv = np.asarray(self.embedder.encode([query], True)[0], dtype=np.float32)
        sims = self.index.sentence_vectors @ qv if len(self.index.sentence_vectors) else np.zeros(0)
        qsims = self.index.question_vectors @ qv if len(self.index.question_vectors) else np.zeros(0)
        return Signals(qv, sims, qsims)

    def scores(self, query: str, sig: Signals) -> dict[str, dict[str, float]]:
        """Raw scores per signal of this mode, each over its own candidate chunks."""
        n = min(CANDIDATES, len(self.index.chunks))
        out: dict[str, dict[str, float]] = {}
        wanted = self.SIGNALS[self.mode]
        if "chunk" in wanted:
            try:
                res = self.index.collection.query(query_embeddings=[sig.query_vector.tolist()], n_results=n,
                                                  include=["distances"])
            except (httpx.HTTPError, ConnectionError) as exc:  # a chroma server that went away
                raise IndexUnavailable(f"de chroma-server antwoordt niet meer ({exc.__class__.__name__}): "
                                       "start hem opnieuw of laat chroma_host leeg") from exc
            out["chunk"] = {cid: 1.0 - d for cid, d in zip(res["ids"][0], res["distances"][0])}
        if "sentence" in wanted:
            out["sentence"] = _best_per_chunk(sig.sentence_sims, self._sentence_chunks, CANDIDATES * 8)
        if "question" in wanted and len(self.index.question_vectors):
            out["question"] = _best_per_chunk(sig.question_sims, self.index.question_chunks, CANDIDATES * 8)
        if "bm25" in wanted:
            out["bm25"] = dict(self.index.lexical.search(query, n))
        return out

    def weights(self, query: str) -> dict[str, float]:
        """WEIGHTS, with BM25 scaled by the square of the share of the query's content words the
        index knows: an English question over Dutch text gets little say from BM25."""
        known, total = self.index.lexical.known_terms(query)
        coverage = known / total if total else 1.0
        return {**self.WEIGHTS, "bm25": self.WEIGHTS["bm25"] * coverage ** 2}

    def fused(self, query: str, signals: Signals | None = None) -> dict[str, float]:
        """Every candidate chunk's weighted sum of z-normalised signals."""
        sig = signals or self.signals(query)
        weights = self.weights(query)
        normalised = [(weights[name], _zscores(sc)) for name, sc in self.scores(query, sig).items() if sc]
        floors = [min(z.values()) for _, z in normalised]
        return {cid: sum(w * z.get(cid, floor) for (w, z), floor in zip(normalised, floors))
                for cid in {c for _, z in normalised for c in z}}

    def rank(self, query: str, signals: Signals | None = None, k: int | None = None,
             follow_up: str | None = None) -> list[Scored]:
        """The top-k chunks for `query`; for a follow-up resolved into `query`, the follow-up's own
        ranking is added with FOLLOW_UP_WEIGHT, so its words are not drowned by the earlier turn."""
        fused = self.fused(query, signals)
        if follow_up:
            own = self.fused(follow_up)
            floor = min(own.values(), default=0.0)
            fused = {cid: s + FOLLOW_UP_WEIGHT * own.get(cid, floor) for cid, s in fused.items()}
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[: k or self.top_k]
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
