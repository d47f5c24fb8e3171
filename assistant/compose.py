"""Extractive answers: pick well-supported, diverse sentences and turn them into verified quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answer import Quote
from assistant.index import LoadedIndex
from assistant.retrieve import Scored, Signals
from assistant.verify import verify_span

MIN_QUOTE_CHARS = 25
MAX_QUOTES = 5
MIN_QUOTES = 2
QUOTE_CHUNKS = 6
MMR_LAMBDA = 0.7
RANK_BONUS = 0.03
# a literature entry ("Provan, K.G. en P. Kenis (2008). Modes of ...") names a source; it answers nothing
REFERENCE = re.compile(r"[^\W\d_][\w'’ -]{1,40}, (?:[A-Z]\.\s?){1,3}.{0,80}\(?(?:19|20)\d\d\)?")


@dataclass(frozen=True)
class Candidate:
    row: int  # index into LoadedIndex.sentences
    score: float


def candidates(index: LoadedIndex, ranked: list[Scored], sig: Signals) -> list[Candidate]:
    """Sentences of the best chunks, scored by similarity plus a bonus for their chunk's rank."""
    out = []
    for r, sc in enumerate(ranked[:QUOTE_CHUNKS]):
        for row in index.chunk_sentences.get(sc.chunk_id, []):
            doc, a, b, _ = index.sentences[row]
            if b - a < MIN_QUOTE_CHARS or REFERENCE.match(index.docs[doc].text, a, b):
                continue
            bonus = RANK_BONUS * (QUOTE_CHUNKS - r) / QUOTE_CHUNKS
            out.append(Candidate(row, float(sig.sentence_sims[row]) + bonus))
    return sorted(out, key=lambda c: -c.score)


def select(index: LoadedIndex, cands: list[Candidate], margin: float = 0.06) -> list[Candidate]:
    """Maximal marginal relevance: relevant sentences that are not near-copies of each other."""
    if not cands:
        return []
    vecs = index.sentence_vectors
    chosen: list[Candidate] = []
    pool = [c for c in cands if c.score >= cands[0].score - margin] or cands[:1]
    if len(pool) < MIN_QUOTES:
        pool = cands[:MIN_QUOTES]
    while pool and len(chosen) < MAX_QUOTES:
        def mmr(c: Candidate) -> float:
            if not chosen:
                return c.score
            red = max(float(vecs[c.row] @ vecs[s.row]) for s in chosen)
            return MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * red

        best = max(pool, key=mmr)
        pool.remove(best)
        if chosen and max(float(vecs[best.row] @ vecs[s.row]) for s in chosen) > 0.95:
            continue  # a near-copy adds nothing
        chosen.append(best)
    return chosen


def make_quote(index: LoadedIndex, document: str, start: int, end: int) -> Quote:
    """A quote sliced from the document's cleaned text, verified against the raw source file."""
    doc = index.docs[document]
    text = doc.text[start:end]
    return Quote(text=text, document=document, title=doc.record.title, origin=doc.record.origin,
                 section=doc.section_at(start), page=doc.page_at(start), start=start, end=end,
                 verified=verify_span(doc, start, end, text).ok)


def quotes_for(index: LoadedIndex, chosen: list[Candidate]) -> list[Quote]:
    """Quotes in reading order per document, so neighbouring sentences read naturally."""
    rows = sorted((index.sentences[c.row] for c in chosen), key=lambda s: (s[0], s[1]))
    return [make_quote(index, doc, a, b) for doc, a, b, _ in rows]


def quote_vectors(index: LoadedIndex, chosen: list[Candidate]) -> np.ndarray:
    return index.sentence_vectors[[c.row for c in chosen]]
